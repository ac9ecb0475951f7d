//! `/admin/offre`: the course structure as a tree, diplôme → version de
//! diplôme (VDI) → étape → version d'étape (VET) → listes → éléments
//! pédagogiques (ELP), built by `domain::offre::assemble` with every level
//! `tous` (the same tree `recupererSE_v4` answers). Folded with `<details>`:
//! no script; `?tout=1` unfolds everything, `?dip=CODE` one diploma only.

use super::{enc, esc, PageResult};
use crate::domain::offre::{assemble, Criteres, Diplome, Libelle, Niveau};
use crate::http::State;
use std::collections::HashMap;

fn lib(l: &Option<Libelle>) -> String {
    l.as_ref()
        .map(|l| esc(l.lib.as_deref().unwrap_or(&l.code)))
        .unwrap_or_default()
}

fn o(v: &Option<String>) -> String {
    esc(v.as_deref().unwrap_or(""))
}

fn diplome(d: &Diplome, open: &str, h: &mut String) {
    h.push_str(&format!(
        "<details class=\"dip\"{open}><summary><b>Diplôme {}</b> — {}{}</summary>",
        esc(&d.row.cod_dip),
        esc(&d.row.lib_dip),
        if d.tem_ouvert_recrutement {
            ""
        } else {
            " <span class=\"muted\">(fermé au recrutement)</span>"
        }
    ));
    for v in &d.versions {
        h.push_str(&format!(
            "<details class=\"vdi\"{open}><summary>VDI {} v{} — {} <span class=\"muted\">{}</span></summary>",
            esc(&v.row.cod_dip),
            v.row.cod_vrs_vdi,
            o(&v.row.lib_web_vdi),
            v.row
                .nbr_crd_vdi
                .as_deref()
                .map(|c| format!("{} ECTS", esc(c)))
                .unwrap_or_default()
        ));
        for e in &v.etapes {
            let centres: Vec<String> = e.centres.iter().map(|(c, _, _)| esc(&c.code)).collect();
            h.push_str(&format!(
                "<details class=\"etp\"{open}><summary>Étape {} — {} <span class=\"muted\">{}{}</span></summary>",
                esc(&e.row.cod_etp),
                esc(&e.row.lib_etp),
                if centres.is_empty() {
                    String::new()
                } else {
                    format!("centre(s) de gestion {}", centres.join(", "))
                },
                if e.tem_ouvert_recrutement {
                    ""
                } else {
                    " — fermée au recrutement"
                }
            ));
            for vet in &e.versions {
                h.push_str(&format!(
                    "<details class=\"vet\"{open}><summary>VET {} / {} — {} <span class=\"muted\">{}</span></summary>",
                    esc(&vet.row.cod_etp),
                    vet.row.cod_vrs_vet,
                    o(&vet.row.lib_web_vet),
                    lib(&vet.composante)
                ));
                if vet.listes.is_empty() {
                    h.push_str("<p class=\"muted\" style=\"margin-left:1.2em\">Aucune liste d'éléments.</p>");
                }
                for l in &vet.listes {
                    h.push_str(&format!(
                        "<details class=\"lse\"{open}><summary>Liste {} — {} <span class=\"muted\">{}</span></summary><ul>",
                        esc(&l.row.cod_lse),
                        o(&l.row.lib_lse),
                        match l.row.cod_typ_lse.as_deref() {
                            Some("O") => "obligatoire",
                            Some("X") => "à choix",
                            Some("F") => "facultative",
                            _ => "",
                        }
                    ));
                    for elp in &l.elps {
                        h.push_str(&format!(
                            "<li class=\"elp\">ELP <code>{}</code> — {} <span class=\"muted\">{}{}{}</span></li>",
                            esc(&elp.row.cod_elp),
                            o(&elp.row.lib_elp),
                            lib(&elp.nature),
                            elp.periode
                                .as_ref()
                                .map(|p| format!(", {}", esc(&p.code)))
                                .unwrap_or_default(),
                            elp.row
                                .nbr_crd_elp
                                .as_deref()
                                .map(|c| format!(", {} ECTS", esc(c)))
                                .unwrap_or_default()
                        ));
                    }
                    h.push_str("</ul></details>");
                }
                h.push_str("</details>");
            }
            h.push_str("</details>");
        }
        h.push_str("</details>");
    }
    h.push_str("</details>");
}

pub async fn page(state: &State, q: &HashMap<String, String>) -> PageResult {
    let catalogue = state.store.catalogue().await?;
    let all = q.contains_key("tout");
    let dip = q.get("dip").cloned();
    let k = Criteres {
        cod_dip: dip.clone().map(Niveau::Code).unwrap_or(Niveau::Tous),
        cod_vrs_vdi: Niveau::Tous,
        cod_etp: Niveau::Tous,
        cod_vrs_vet: Niveau::Tous,
        cod_elp: Niveau::Tous,
        tem_ouvert_recrutement: None,
        cod_composante_vdi: None,
        cod_anu: None,
        cod_typ_dip: None,
        cod_nature_dip: None,
        cod_nature_elp: None,
    };
    let tree = tokio::task::spawn_blocking(move || assemble(&catalogue, &k))
        .await
        .unwrap_or_default();
    let open = if all { " open" } else { "" };
    let mut h = format!(
        "<p>{} diplôme(s). <a href=\"/admin/offre?tout=1{}\">Tout déplier</a> · <a href=\"/admin/offre{}\">Tout replier</a></p>",
        tree.len(),
        dip.as_deref().map(|d| format!("&amp;dip={}", enc(d))).unwrap_or_default(),
        dip.as_deref().map(|d| format!("?dip={}", enc(d))).unwrap_or_default(),
    );
    if tree.is_empty() {
        h.push_str("<p class=\"muted\">Aucune offre de formation chargée (voir <code>passerelle import-offre</code>).</p>");
    }
    for d in &tree {
        diplome(d, open, &mut h);
    }
    Ok(("Offre de formation".into(), "/admin/offre", h))
}
