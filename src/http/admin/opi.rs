//! `/admin/opi`: search of OPIs by `codOpiIntEpo`, name (accent-insensitive)
//! or INE, and one OPI's record: individual, wishes (vœux), documents (PJ),
//! laissez-passer, and the étapes open to the person with which of an LP or a
//! wish takes precedence on each ([`crate::domain::lp::precedence`]).

use super::{enc, esc, fold, PageResult};
use crate::domain::lp::{precedence, Grant, Lp};
use crate::domain::opi::{IndOpi, Voeu, Voeux};
use crate::domain::record::{Record, Value};
use crate::http::State;
use crate::store::journal::OpiSummary;
use std::collections::HashMap;

/// Most hits listed.
const MAX_HITS: usize = 100;

fn name_of(o: &OpiSummary) -> String {
    let mut n = o.lib_nom_pat_ind_opi.clone().unwrap_or_default();
    if let Some(u) = o.lib_nom_usu_ind_opi.as_deref().filter(|u| !u.is_empty()) {
        n.push_str(&format!(" (usage : {u})"));
    }
    n
}

/// Whether `o` matches the folded query `fq` (code or INE prefix, or every
/// word of the query in its names).
fn matches(o: &OpiSummary, q: &str, fq: &str) -> bool {
    let up = q.to_uppercase();
    if o.cod_opi_int_epo.to_uppercase().starts_with(&up) {
        return true;
    }
    if o.ine
        .as_deref()
        .is_some_and(|i| i.to_uppercase().starts_with(&up))
    {
        return true;
    }
    let names = fold(&format!(
        "{} {} {}",
        o.lib_nom_pat_ind_opi.as_deref().unwrap_or(""),
        o.lib_nom_usu_ind_opi.as_deref().unwrap_or(""),
        o.lib_pr1_ind_opi.as_deref().unwrap_or("")
    ));
    fq.split_whitespace().all(|w| names.contains(w))
}

/// French labels of the individual's main columns.
fn label(column: &str) -> Option<&'static str> {
    Some(match column {
        "cod_opi_int_epo" => "N° OPI (codOpiIntEpo)",
        "lib_nom_pat_ind_opi" => "Nom patronymique",
        "lib_nom_usu_ind_opi" => "Nom d'usage",
        "lib_pr1_ind_opi" => "Prénom",
        "lib_pr2_ind_opi" => "Deuxième prénom",
        "lib_pr3_ind_opi" => "Troisième prénom",
        "date_nai_ind_opi" => "Date de naissance",
        "cod_nne_ind_opi" => "INE",
        "cod_cle_nne_ind_opi" => "Clé INE",
        "cod_sex_etu_opi" => "Sexe",
        "adr_mail_opi" => "Courriel",
        "num_tel_por_opi" => "Téléphone portable",
        "cod_etu_opi" => "N° étudiant",
        "lib_vil_nai_etu_opi" => "Ville de naissance",
        "cod_pay_nat" => "Nationalité",
        _ => return None,
    })
}

fn value_text(v: &Value<'_>) -> Option<String> {
    match v {
        Value::Text(t) => t.map(str::to_string),
        Value::Int(i) => i.map(|i| i.to_string()),
        Value::Date(d) => {
            d.map(|d| format!("{:02}/{:02}/{}", d.day(), u8::from(d.month()), d.year()))
        }
    }
}

fn individu_table(ind: &IndOpi) -> String {
    let mut main = String::new();
    let mut other = String::new();
    for (spec, v) in IndOpi::FIELDS.iter().zip(ind.values()) {
        let Some(t) = value_text(&v) else { continue };
        match label(spec.column) {
            Some(l) => main.push_str(&format!("<tr><th>{l}</th><td>{}</td></tr>", esc(&t))),
            None => other.push_str(&format!(
                "<tr><th><code>{}</code></th><td>{}</td></tr>",
                esc(spec.path.rsplit('/').next().unwrap_or(spec.path)),
                esc(&t)
            )),
        }
    }
    format!("<table class=\"individu\">{main}{other}</table>")
}

fn opt(v: &Option<String>) -> String {
    esc(v.as_deref().unwrap_or(""))
}
fn opt_i(v: Option<i32>) -> String {
    v.map(|n| n.to_string()).unwrap_or_default()
}

/// `/admin/opi?q=…` (search) or `/admin/opi?code=…` (one record).
pub async fn page(state: &State, q: &HashMap<String, String>) -> PageResult {
    let query = q.get("q").cloned().unwrap_or_default();
    let mut h = format!(
        "<form class=\"f\" method=\"get\" action=\"/admin/opi\"><label>N° OPI, nom ou INE\
         <input name=\"q\" value=\"{}\" size=\"30\" autofocus></label><button type=\"submit\">Rechercher</button></form>",
        esc(&query)
    );
    let mut code = q.get("code").cloned();
    if code.is_none() && !query.is_empty() {
        let dir = state.store.opi_directory().await?;
        let fq = fold(&query);
        let hits: Vec<&OpiSummary> = dir.iter().filter(|o| matches(o, &query, &fq)).collect();
        let exact = hits
            .iter()
            .find(|o| o.cod_opi_int_epo.eq_ignore_ascii_case(&query));
        if let Some(o) =
            exact
                .filter(|_| hits.len() == 1)
                .or(if hits.len() == 1 { hits.first() } else { None })
        {
            code = Some(o.cod_opi_int_epo.clone());
        } else if hits.is_empty() {
            h.push_str(&format!(
                "<p>Aucune OPI ne correspond à « {} ».</p>",
                esc(&query)
            ));
        } else {
            h.push_str(&format!(
                "<p>{} OPI trouvée(s){}.</p><table class=\"hits\"><tr><th>N° OPI</th><th>Nom</th><th>Prénom</th><th>INE</th></tr>",
                hits.len(),
                if hits.len() > MAX_HITS {
                    format!(", {MAX_HITS} premières affichées")
                } else {
                    String::new()
                }
            ));
            for o in hits.iter().take(MAX_HITS) {
                h.push_str(&format!(
                    "<tr><td><a href=\"/admin/opi?code={}\">{}</a></td><td>{}</td><td>{}</td><td>{}</td></tr>",
                    enc(&o.cod_opi_int_epo),
                    esc(&o.cod_opi_int_epo),
                    esc(&name_of(o)),
                    opt(&o.lib_pr1_ind_opi),
                    opt(&o.ine)
                ));
            }
            h.push_str("</table>");
        }
    }
    let Some(code) = code else {
        if query.is_empty() {
            h.push_str("<p class=\"muted\">Recherche par numéro OPI (codOpiIntEpo, début du numéro accepté), par nom ou prénom (sans tenir compte des accents ni de la casse) ou par INE.</p>");
        }
        return Ok(("Recherche OPI".into(), "/admin/opi", h));
    };
    let Some(stored) = state.store.find_opi(&code).await? else {
        h.push_str(&format!(
            "<p>Aucune OPI n'a le numéro « {} ».</p>",
            esc(&code)
        ));
        return Ok(("Recherche OPI".into(), "/admin/opi", h));
    };
    let ind = &stored.opi.individu;
    let title = format!(
        "OPI {} — {} {}",
        code,
        ind.lib_nom_pat_ind_opi.as_deref().unwrap_or(""),
        ind.lib_pr1_ind_opi.as_deref().unwrap_or("")
    );
    let catalogue = state.store.catalogue().await?;
    let lib_vet: HashMap<(String, i32), String> = catalogue
        .versions_etape
        .iter()
        .map(|v| {
            let lib = v.lib_web_vet.clone().or_else(|| {
                catalogue
                    .etapes
                    .iter()
                    .find(|e| e.cod_etp == v.cod_etp)
                    .map(|e| e.lib_etp.clone())
            });
            ((v.cod_etp.clone(), v.cod_vrs_vet), lib.unwrap_or_default())
        })
        .collect();
    let lib = |etp: &Option<String>, vet: Option<i32>| -> String {
        match (etp, vet) {
            (Some(e), Some(v)) => esc(lib_vet
                .get(&(e.clone(), v))
                .map(String::as_str)
                .unwrap_or("")),
            _ => String::new(),
        }
    };
    let mut voeux: Vec<Voeu> = match &stored.opi.voeux {
        Voeux::Replace(v) => v.clone(),
        _ => Vec::new(),
    };
    voeux.sort_by_key(|v| (v.num_cls.is_none(), v.num_cls));
    let lps: Vec<Lp> = state
        .store
        .find_lps()
        .await?
        .into_iter()
        .map(|s| s.lp)
        .filter(|lp| lp.is_primo() && lp.num_opi.as_deref() == Some(code.as_str()))
        .collect();
    let pjs = state.store.pj_rows(Some(stored.cod_ind_opi)).await?;

    h.push_str("<h2>Étapes ouvertes à l'inscription</h2>");
    // Every year counts: when several LPs name one étape, the latest year wins.
    let access = precedence(&voeux, &lps, None);
    if access.is_empty() {
        h.push_str("<p class=\"muted\">Ni vœu ni laissez-passer : aucune étape ouverte.</p>");
    } else {
        h.push_str("<p class=\"muted\">Un laissez-passer prime sur un vœu OPI portant sur la même version d'étape.</p>\
            <table class=\"access\"><tr><th>Étape</th><th>VET</th><th>Libellé</th><th>Retenu</th><th>Remarque</th></tr>");
        for a in &access {
            let (retenu, class) = match a.grant {
                Grant::LaissezPasser(i) => (
                    format!("Laissez-passer {}", opt(&lps[i].cod_anu)),
                    " class=\"win\"",
                ),
                Grant::Wish(w) => (
                    format!(
                        "Vœu OPI (centre {})",
                        esc(voeux[w].cod_cge.as_deref().unwrap_or("—"))
                    ),
                    "",
                ),
            };
            let note =
                if matches!(a.grant, Grant::LaissezPasser(_)) && !a.wishes_overridden.is_empty() {
                    "le vœu OPI sur cette étape est écarté : le laissez-passer prime"
                } else {
                    ""
                };
            h.push_str(&format!(
                "<tr{class}><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{retenu}</td><td>{note}</td></tr>",
                esc(&a.cod_etp),
                a.cod_vrs_vet,
                lib(&Some(a.cod_etp.clone()), Some(a.cod_vrs_vet))
            ));
        }
        h.push_str("</table>");
    }

    h.push_str(&format!("<h2>Vœux ({})</h2>", voeux.len()));
    if voeux.is_empty() {
        h.push_str("<p class=\"muted\">Aucun vœu.</p>");
    } else {
        h.push_str("<table class=\"voeux\"><tr><th>Classement</th><th>Centre de gestion</th><th>Étape</th><th>VET</th><th>Libellé</th><th>Diplôme</th><th>VDI</th><th>Demande de dossier</th><th>Décision</th></tr>");
        for v in &voeux {
            h.push_str(&format!(
                "<tr><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td></tr>",
                opt_i(v.num_cls),
                opt(&v.cod_cge),
                opt(&v.cod_etp),
                opt_i(v.cod_vrs_vet),
                lib(&v.cod_etp, v.cod_vrs_vet),
                opt(&v.cod_dip),
                opt_i(v.cod_vrs_vdi),
                opt(&v.cod_dem_dos),
                opt(&v.cod_dec_veu)
            ));
        }
        h.push_str("</table>");
    }

    h.push_str(&format!("<h2>Laissez-passer ({})</h2>", lps.len()));
    if lps.is_empty() {
        h.push_str("<p class=\"muted\">Aucun laissez-passer.</p>");
    } else {
        h.push_str("<table class=\"lp\"><tr><th>Type</th><th>Année</th><th>Étape</th><th>VET</th><th>Libellé</th><th>Diplôme</th><th>VDI</th><th>Commentaire</th></tr>");
        for lp in &lps {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td></tr>",
                opt(&lp.typ_lpa),
                opt(&lp.cod_anu),
                opt(&lp.cod_etp),
                opt_i(lp.cod_vrs_vet),
                lib(&lp.cod_etp, lp.cod_vrs_vet),
                opt(&lp.cod_dip),
                opt_i(lp.cod_vrs_vdi),
                opt(&lp.lib_cmt_lpa)
            ));
        }
        h.push_str("</table>");
    }

    h.push_str(&format!("<h2>Pièces justificatives ({})</h2>", pjs.len()));
    if pjs.is_empty() {
        h.push_str("<p class=\"muted\">Aucune pièce reçue.</p>");
    } else {
        h.push_str("<table class=\"pj\"><tr><th>Type (codTpj)</th><th>Fichier</th><th>Taille (o)</th><th>Format</th><th>Reçue le (UTC)</th><th>Modifiée le (UTC)</th></tr>");
        for p in &pjs {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td>{}</td><td>{}</td><td>{}{}</td></tr>",
                esc(&p.cod_tpj),
                esc(&p.nom_fic),
                p.taille,
                esc(&p.mime_type),
                esc(&p.dat_cre),
                esc(&p.dat_mod),
                if p.pending.is_some() { " (écriture en cours)" } else { "" }
            ));
        }
        h.push_str("</table>");
    }

    h.push_str("<h2>Individu</h2>");
    h.push_str(&individu_table(ind));
    h.push_str(&format!(
        "<p><a href=\"/admin/journal?cle={}\">Appels concernant cette OPI dans le journal →</a></p>",
        enc(&code)
    ));
    Ok((title, "/admin/opi", h))
}
