//! `PedagogiqueMetier` over HTTP on SQLite and PostgreSQL: the contract and
//! results as esup-mdw (student and staff views) and eCandidat (internal
//! cursus) read them, each parameter value, each fault, SOAP 1.2.

mod common;

use common::etudiant_ins::*;
use common::{backends, op, Backend};

fn fault(r: &common::Reply) -> String {
    assert_eq!(r.status, 500, "{}", r.body);
    r.fault_string().unwrap_or_default()
}

/// The text between `<open>` and the matching `</close>` of the `n`-th return element.
fn nth(body: &str, elem: &str, n: usize) -> String {
    let open = format!("<{elem}>");
    let close = format!("</{elem}>");
    let start = body.match_indices(&open).nth(n).expect("element").0;
    let end = body[start..].find(&close).expect("closed") + start;
    body[start..end].to_string()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn vdi_vet_as_students_and_staff_see_it() {
    for b in backends() {
        let app = app(b).await;
        const RET: &str = "recupererContratPedagogiqueResultatVdiVet_v2Return";
        // eCandidat getCursusInterne / esup-mdw student view.
        let r = app
            .vdi_vet_v2(CAMILLE, "toutes", "Apogee", "T", "toutes", "tous", "E")
            .await;
        assert_eq!(r.status, 200, "{b:?} {}", r.body);
        assert_eq!(r.count(RET), 3);
        assert_eq!(all_texts(&r.body, "annee"), ["2022", "2023", "2024"]);
        let y22 = nth(&r.body, RET, 0);
        assert!(y22.contains("<codDip>LINF</codDip><codVrsVdi>101</codVrsVdi><libDip>Licence Informatique</libDip>"), "{y22}");
        assert!(
            y22.contains("<codEtp>L1INF</codEtp><codVrsVet>101</codVrsVet>"),
            "{y22}"
        );
        assert_eq!(all_texts(&y22, "notVet"), ["13.25"]);
        assert_eq!(all_texts(&y22, "barNotVet"), ["20"]);
        assert!(
            y22.contains("<codMen>AB</codMen><libMen>Assez bien</libMen>"),
            "{y22}"
        );
        assert!(
            y22.contains("<codTre>ADM</codTre><libTre>Admis</libTre>"),
            "{y22}"
        );
        assert!(
            y22.contains("<codSes>1</codSes><libSes>Session 1</libSes>"),
            "{y22}"
        );
        assert!(
            y22.contains("<codAdm>1</codAdm><libAdm>Admission</libAdm>"),
            "{y22}"
        );
        assert!(y22.contains("<nbrCrdVet>60</nbrCrdVet>"), "{y22}");
        assert_eq!(all_texts(&y22, "libEtatIae"), ["En cours"]);
        assert!(
            y22.contains("<resultatVdi/>") || y22.contains("<resultatVdi></resultatVdi>"),
            "{y22}"
        );
        // Two sessions in 2023.
        let y23 = nth(&r.body, RET, 1);
        assert_eq!(all_texts(&y23, "notVet"), ["9.5", "11.2"]);
        // 2024: deliberation in progress (E): hidden from students…
        let y24 = nth(&r.body, RET, 2);
        assert!(!y24.contains("<notVet>"), "{y24}");
        assert!(
            !y24.contains("<ResultatVdiDTO") && !y24.contains("<barNotVdi>"),
            "{y24}"
        );
        // …shown to staff (AET) and when no state is given (null).
        for delib in [P::V("AET"), P::Absent, P::Nil] {
            let s = app
                .vdi_vet_v2(
                    CAMILLE,
                    "2024",
                    "Apogee-extraction",
                    delib,
                    "toutes",
                    "tous",
                    "E",
                )
                .await;
            assert_eq!(s.count(RET), 1, "{delib:?} {}", s.body);
            assert_eq!(all_texts(&s.body, "notVet"), ["12.8"], "{delib:?}");
            assert_eq!(all_texts(&s.body, "barNotVdi"), ["20"], "{delib:?}");
            assert!(s
                .body
                .contains("<codEtaAvc>E</codEtaAvc><libEtaAvc>En cours</libEtaAvc>"));
        }
        // One year; one session; one result type.
        let s2 = app
            .vdi_vet_v2(CAMILLE, "2023", "Apogee", "T", "2", "tous", "E")
            .await;
        assert_eq!(all_texts(&s2.body, "notVet"), ["11.2"]);
        let aj = app
            .vdi_vet_v2(CAMILLE, "toutes", "Apogee", "T", "toutes", "AJ", "E")
            .await;
        assert_eq!(all_texts(&aj.body, "notVet"), ["9.5"]);
        // The cancelled registration of 1003 only with _codEtaIae A.
        let e = app
            .vdi_vet_v2(OEDIPE, "toutes", "Apogee", "T", "toutes", "tous", "E")
            .await;
        assert_eq!(all_texts(&e.body, "codDip"), ["LECO"]);
        let a = app
            .vdi_vet_v2(OEDIPE, "toutes", "Apogee", "T", "toutes", "tous", "A")
            .await;
        assert_eq!(all_texts(&a.body, "codDip"), ["LMAT"]);
        assert_eq!(all_texts(&a.body, "libEtatIae"), ["Annulée"]);
        // Faults.
        assert_eq!(
            fault(
                &app.vdi_vet_v2(SANS_IA, "toutes", "Apogee", "T", "toutes", "tous", "E")
                    .await
            ),
            "technical.data.nullretrieve.findIAA"
        );
        assert_eq!(
            fault(
                &app.vdi_vet_v2(CAMILLE, "2019", "Apogee", "T", "toutes", "tous", "E")
                    .await
            ),
            "technical.data.nullretrieve.codAnu"
        );
        assert_eq!(
            fault(
                &app.vdi_vet_v2(INCONNU, "toutes", "Apogee", "T", "toutes", "tous", "E")
                    .await
            ),
            "technical.parameter.noncoherentinput.codEtu"
        );
        assert_eq!(
            fault(
                &app.vdi_vet_v2(CAMILLE, "toutes", "Oracle", "T", "toutes", "tous", "E")
                    .await
            ),
            "technical.parameter.noncoherentinput.sourceRes"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elp_epr_v6_and_v5() {
    for b in backends() {
        let app = app(b).await;
        const RET: &str = "recupererContratPedagogiqueResultatElpEpr_v6Return";
        // esup-mdw: (year, codEtp, codVrsVet, source, "AET", "toutes", "tous", "E").
        let r = app
            .elp_epr(
                CAMILLE,
                "2022",
                "L1INF",
                "101",
                "AET",
                "toutes",
                "tous",
                Some("E"),
            )
            .await;
        assert_eq!(r.status, 200, "{b:?} {}", r.body);
        assert_eq!(r.count(RET), 5);
        // Parents before children, with their depth.
        assert_eq!(
            all_texts(&r.body, "codElp"),
            ["INF1S1", "INF1U11", "INF1U12", "INF1S2", "INF1U21"]
        );
        assert_eq!(all_texts(&r.body, "rngElp"), ["1", "2", "2", "1", "2"]);
        assert_eq!(
            all_texts(&r.body, "codElpSup"),
            ["INF1S1", "INF1S1", "INF1S2"]
        );
        let first = nth(&r.body, RET, 0);
        assert!(
            first.contains("<libElp>L1 Informatique – semestre 1</libElp>"),
            "{first}"
        );
        assert!(
            first.contains("<codNel>SEM</codNel><libNel>Semestre</libNel>"),
            "{first}"
        );
        assert!(first.contains("<temSemestre>O</temSemestre>"), "{first}");
        assert!(first.contains("<nbrCrdElp>30</nbrCrdElp>"), "{first}");
        assert!(first.contains("<notElp>12.5</notElp>"), "{first}");
        assert!(
            first.contains("<libEtatIae>En cours</libEtatIae>"),
            "{first}"
        );
        assert!(first.contains("<codTypIpe>W</codTypIpe>"), "{first}");
        assert_eq!(
            all_texts(&r.body, "notElp"),
            ["12.5", "14", "11", "14", "15.5"]
        );
        // The non-numeric mark is kept.
        let h = app
            .elp_epr(
                HUGO,
                "2024",
                "M1INF",
                "101",
                "T",
                "toutes",
                "tous",
                Some("E"),
            )
            .await;
        assert_eq!(all_texts(&h.body, "codElp"), ["MIN1O1", "MIN1U1", "MIN1U2"]);
        assert_eq!(all_texts(&h.body, "notElp"), ["ABI", "15", "12"]);
        // Sessions.
        let s1 = app
            .elp_epr(CAMILLE, "2023", "L2INF", "101", "T", "1", "tous", Some("E"))
            .await;
        assert_eq!(all_texts(&s1.body, "notElp"), ["8", "12", "10.5"]);
        let s2 = app
            .elp_epr(CAMILLE, "2023", "L2INF", "101", "T", "2", "tous", Some("E"))
            .await;
        assert_eq!(all_texts(&s2.body, "notElp"), ["11"]);
        // The contract is listed even when no result passes the filter.
        assert_eq!(s2.count(RET), 3);
        // Deliberation in progress: hidden with T, shown with AET.
        let t = app
            .elp_epr(
                CAMILLE,
                "2024",
                "L3INF",
                "101",
                "T",
                "toutes",
                "tous",
                Some("E"),
            )
            .await;
        assert!(!t.body.contains("<notElp>"), "{}", t.body);
        let aet = app
            .elp_epr(
                CAMILLE,
                "2024",
                "L3INF",
                "101",
                "AET",
                "toutes",
                "tous",
                Some("E"),
            )
            .await;
        assert_eq!(all_texts(&aet.body, "notElp"), ["13"]);
        // v5 (older clients): same contract, DTO4 without libEtatIae.
        let v5 = app
            .elp_epr(
                CAMILLE, "2022", "L1INF", "101", "AET", "toutes", "tous", None,
            )
            .await;
        assert_eq!(v5.status, 200, "{}", v5.body);
        assert_eq!(
            v5.count("recupererContratPedagogiqueResultatElpEpr_v5Return"),
            5
        );
        assert!(!v5.body.contains("libEtatIae"), "{}", v5.body);
        // Faults: no contract for that étape/year; a cancelled registration with E.
        assert_eq!(
            fault(
                &app.elp_epr(
                    CAMILLE,
                    "2022",
                    "L2INF",
                    "101",
                    "T",
                    "toutes",
                    "tous",
                    Some("E")
                )
                .await
            ),
            "technical.data.nullretrieve.DossierEtudiantIP"
        );
        assert_eq!(
            fault(
                &app.elp_epr(
                    SANS_IA,
                    "2024",
                    "L1INF",
                    "101",
                    "T",
                    "toutes",
                    "tous",
                    Some("E")
                )
                .await
            ),
            "technical.data.nullretrieve.DossierEtudiantIP"
        );
        assert_eq!(
            fault(
                &app.elp_epr(
                    INCONNU,
                    "2024",
                    "L1INF",
                    "101",
                    "T",
                    "toutes",
                    "tous",
                    Some("E")
                )
                .await
            ),
            "technical.parameter.noncoherentinput.codEtu"
        );
        assert_eq!(
            fault(
                &app.elp_epr(
                    CAMILLE,
                    "2022",
                    "L1INF",
                    "v1",
                    "T",
                    "toutes",
                    "tous",
                    Some("E")
                )
                .await
            ),
            "technical.parameter.noncoherentinput.codVrsVet"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn annees_ip_resultat() {
    for b in backends() {
        let app = app(b).await;
        let r = app.annees_ip_resultat(CAMILLE).await;
        assert_eq!(r.status, 200, "{b:?} {}", r.body);
        assert_eq!(
            all_texts(&r.body, "recupererAnneesIPResultatReturn"),
            ["2022", "2023", "2024"]
        );
        let l = app.annees_ip_resultat(LEA).await;
        assert_eq!(
            all_texts(&l.body, "recupererAnneesIPResultatReturn"),
            ["2024"]
        );
        assert_eq!(
            fault(&app.annees_ip_resultat(SANS_IA).await),
            "technical.data.nullretrieve.codAnu"
        );
        assert_eq!(
            fault(&app.annees_ip_resultat(INCONNU).await),
            "technical.parameter.noncoherentinput.codEtu"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diploma_results_from_a_dossier_and_soap12() {
    let app = app(Backend::Sqlite).await;
    // An obtained licence: VDI result with its date, a jury point, a rank.
    import(
        &app,
        r#"
resultat_vdi:
  - {cod_ind: 1001, cod_anu: "2024", cod_dip: LINF, cod_vrs_vdi: 101, cod_ses: "1", cod_adm: "1", not_vdi: 12.755, bar_not_vdi: 20, not_pnt_jur_vdi: 0.25, cod_tre: ADM, cod_men: AB, eta_avc_vdi: T, nbr_crd_vdi: 180, nbr_rng_etu_vdi: 7, nbr_rng_etu_vdi_tot: 150, dat_obt_vdi: "2025-07-01"}
resultat_vet:
  - {cod_ind: 1001, cod_anu: "2024", cod_etp: L3INF, cod_vrs_vet: 101, cod_ses: "1", cod_adm: "1", eta_avc_vet: T}
"#,
    )
    .await;
    let r = app
        .vdi_vet_v2(CAMILLE, "2024", "Apogee", "T", "toutes", "tous", "E")
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.text_of("datObtVdi").as_deref(), Some("01/07/2025"));
    assert_eq!(r.text_of("notVdi").as_deref(), Some("12.755"));
    assert_eq!(r.text_of("notPntJurVdi").as_deref(), Some("0.25"));
    assert_eq!(r.text_of("nbrRngEtuVdi").as_deref(), Some("7"));
    assert_eq!(r.text_of("nbrCrdVdi").as_deref(), Some("180"));
    assert_eq!(r.text_of("notVet").as_deref(), Some("12.8"));
    // SOAP 1.2 and a client of the 2015 namespace.
    let body = op(
        PED_NS_2015,
        "recupererAnneesIPResultat",
        &params(&[("_codEtu", HUGO.into())]),
    );
    let r = app.soap12(PED, &body).await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.body.contains(PED_NS_2015));
    assert_eq!(
        all_texts(&r.body, "recupererAnneesIPResultatReturn"),
        ["2024"]
    );
}

/// esup-mdw's dossier screens in order, each call driven by the answers of
/// the previous ones (years → annual registrations → étapes → diplomas and
/// étapes with results → the ELPs of each étape), on both back-ends.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn mdw_dossier_sequence() {
    for b in backends() {
        let app = app(b).await;
        for cod_etu in [CAMILLE, OEDIPE, HUGO, LEA] {
            let years = app.recuperer_annees_ia(cod_etu, None).await;
            let years = all_texts(&years.body, "recupererAnneesIaReturn");
            let latest = years.last().expect("a year").clone();
            let iaa = app
                .recuperer_ia_annuelles_v2(cod_etu, "toutes", "ARE")
                .await;
            assert_eq!(all_texts(&iaa.body, "anneeIAA"), years, "{b:?} {cod_etu}");
            let one = app.recuperer_ia_annuelles_v2(cod_etu, &latest, "ARE").await;
            assert_eq!(one.status, 200, "{}", one.body);
            let iae = app
                .recuperer_ia_etapes(3, cod_etu, "toutes", "ARE", "ARE")
                .await;
            assert_eq!(iae.status, 200, "{}", iae.body);
            let etapes: Vec<(String, String, String, String)> = all_texts(&iae.body, "anneeIAE")
                .into_iter()
                .zip(all_texts(&iae.body, "codeEtp"))
                .zip(all_texts(&iae.body, "versionEtp"))
                .zip(all_texts(&iae.body, "codeEtatIAE"))
                .map(|(((a, e), v), s)| (a, e, v, s))
                .collect();
            assert!(!etapes.is_empty());
            // Staff view of the results.
            let res = app
                .vdi_vet_v2(cod_etu, "toutes", "Apogee", "AET", "toutes", "tous", "E")
                .await;
            assert_eq!(res.status, 200, "{b:?} {cod_etu} {}", res.body);
            for (annee, etp, vrs, etat) in &etapes {
                let shown = res.body.contains(&format!("<codAnu>{annee}</codAnu>"))
                    && res.body.contains(&format!("<codEtp>{etp}</codEtp>"));
                // Only registrations in progress (E) are listed with _codEtaIae=E.
                assert_eq!(shown, etat == "E", "{b:?} {cod_etu} {annee} {etp}");
                let elps = app
                    .elp_epr(cod_etu, annee, etp, vrs, "AET", "toutes", "tous", Some("E"))
                    .await;
                if etat == "E" {
                    assert_eq!(elps.status, 200, "{b:?} {cod_etu} {etp}: {}", elps.body);
                    assert!(elps.count("recupererContratPedagogiqueResultatElpEpr_v6Return") > 0);
                } else {
                    assert_eq!(
                        fault(&elps),
                        "technical.data.nullretrieve.DossierEtudiantIP"
                    );
                }
            }
        }
    }
}
