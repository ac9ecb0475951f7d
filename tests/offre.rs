//! OffreFormationMetier over HTTP on every back-end, against the demo course
//! structure (`src/store/demo_offre.yaml`): the client patterns of the
//! reference (§7.2), each with the tree its client walks; every
//! mandatory-criterion fault; nullretrieve; the value filters; SOAP 1.2; the
//! dated namespace; `recupererSE_v3`; `recupererGroupe_v3`.

mod common;
use common::offre::{groupe_v3, vets, SeCritere, Val, OFFRE, OFFRE_NS, OFFRE_NS_2014, X};
use common::{backends, Reply, TestApp};
use std::collections::BTreeSet;

/// The answer wrapper of a successful call.
fn ok(r: &Reply) -> X {
    assert_eq!(r.status, 200, "{}", r.body);
    X::response(r)
}

/// A SOAP 1.1 fault with this fault string.
fn fault(r: &Reply, code: &str) {
    assert_eq!(r.status, 500, "{}", r.body);
    assert_eq!(r.fault_string().as_deref(), Some(code), "{}", r.body);
}

fn set(v: Vec<String>) -> BTreeSet<String> {
    v.into_iter().collect()
}

/// Every text of the elements named `name` in the answer.
fn texts(x: &X, name: &str) -> Vec<String> {
    let mut v = Vec::new();
    x.descendants(name, &mut v);
    v.into_iter()
        .filter(|e| !e.nil)
        .map(|e| e.text.clone())
        .collect()
}

/// Whether no VET of the answer lists a list of ELPs.
fn no_elp(x: &X) -> bool {
    let mut lists = Vec::new();
    x.descendants("listListeElementPedagogi", &mut lists);
    lists.iter().all(|l| l.children.is_empty()) && x.count("listElementPedagogi") == 0
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn catalogue_of_diplomas_with_their_vets() {
    // esup-siscol getListeListDiplomeVetAllDTO4: tous ×4, codElp=aucun, temOuvertRecrutement=O.
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let c = SeCritere::new("tous", "tous", "tous", "tous", "aucun");
        let all = ok(&app.recuperer_se_v4(&c).await);
        let open = ok(&app
            .recuperer_se_v4(&c.clone().with("temOuvertRecrutement", "O"))
            .await);
        assert_eq!(open.name, "recupererSE_v4Response");
        assert_eq!(open.ns.as_deref(), Some(OFFRE_NS));
        for d in open.all("recupererSE_v4Return") {
            assert!(d.text_at("codDip").is_some());
            assert!(d.text_at("libDip").is_some());
            assert_eq!(d.text_at("temOuvertRecrutement").as_deref(), Some("O"));
            for v in d.at("listVersionDiplome").all("item") {
                assert!(v.text_at("codVrsVdi").is_some());
                for e in v.at("offreFormation/listEtape").all("item") {
                    assert_eq!(e.text_at("temOuvertRecrutement").as_deref(), Some("O"));
                    assert!(e.get("listVersionEtape/item").is_some());
                }
            }
        }
        let (all_vets, open_vets) = (set(vets(&all)), set(vets(&open)));
        for v in ["L1INF/101", "L1MAT/101", "L1DRT/101", "L2INF/201"] {
            assert!(open_vets.contains(v), "{b:?}: {open_vets:?}");
        }
        // The demo's 21 VETs; the DU closed to recruitment goes, diploma included.
        assert_eq!(all_vets.len(), 21, "{all_vets:?}");
        assert!(all_vets.contains("DUFLE/101"));
        assert_eq!(
            all_vets.difference(&open_vets).collect::<Vec<_>>(),
            ["DUFLE/101"]
        );
        assert!(!texts(&open, "codDip").contains(&"DUFLE".to_string()));
        let dufle = all
            .all("recupererSE_v4Return")
            .find(|d| d.text_at("codDip").as_deref() == Some("DUFLE"))
            .unwrap();
        assert_eq!(dufle.text_at("temOuvertRecrutement").as_deref(), Some("N"));
        // Rows come in key order; labels are resolved.
        assert_eq!(texts(&open, "codDip")[..3], ["BINF", "LDRT", "LECO"]);
        let linf = open
            .all("recupererSE_v4Return")
            .find(|d| d.text_at("codDip").as_deref() == Some("LINF"))
            .unwrap();
        assert_eq!(linf.text_at("typeDiplome/codTypDip").as_deref(), Some("LI"));
        assert_eq!(
            linf.text_at("cycle/libCycle").as_deref(),
            Some("Premier cycle")
        );
        assert_eq!(
            linf.text_at("natureDiplome/libNatureDip").as_deref(),
            Some("Diplôme national")
        );
        // An étape managed by two centres lists both.
        let l1eco = open
            .all("recupererSE_v4Return")
            .find(|d| d.text_at("codDip").as_deref() == Some("LECO"))
            .unwrap()
            .at("listVersionDiplome/item/offreFormation/listEtape/item");
        assert_eq!(texts(l1eco, "codCentreGestion"), ["DR1", "EC1"]);
        assert!(
            no_elp(&all) && no_elp(&open),
            "{b:?}: codElp=aucun lists no ELP"
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn every_vet_irrespective_of_diploma() {
    // esup-siscol getEtapesRef: codDip=aucun, codVrsVdi=aucun, codEtp=tous, codVrsVet=tous.
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let x = ok(&app
            .recuperer_se_v4(&SeCritere::new("aucun", "aucun", "tous", "tous", "aucun"))
            .await);
        let got = set(vets(&x));
        for v in ["L1INF/101", "L1MAT/101", "L1DRT/101", "L2INF/201"] {
            assert!(got.contains(v), "{b:?}: {got:?}");
        }
        assert_eq!(got.len(), 21, "{got:?}");
        // Still inside the diploma tree the client walks, with its real containers.
        let first = x.at("recupererSE_v4Return");
        assert!(first.text_at("codDip").is_some());
        assert!(first
            .get("listVersionDiplome/item/offreFormation/listEtape/item/listVersionEtape/item/libWebVet")
            .is_some());
        assert!(no_elp(&x));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_vet_with_its_elps() {
    // esup-pstage / esup-siscol recupererListDiplomeDTO4: one VET, codElp=tous; the
    // client reads res[0].listVersionDiplome[0].offreFormation.listEtape[0].listVersionEtape[0].
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let x = ok(&app
            .recuperer_se_v4(&SeCritere::new("aucun", "aucun", "L1INF", "101", "tous"))
            .await);
        let vdi = x.at("recupererSE_v4Return/listVersionDiplome/item");
        // The VDI's own data is there (esup-pstage reads codCursusLmd and codFinalite).
        assert_eq!(vdi.text_at("codVrsVdi").as_deref(), Some("101"));
        assert_eq!(vdi.text_at("codCursusLmd").as_deref(), Some("L"));
        assert_eq!(vdi.text_at("credits").as_deref(), Some("180"));
        assert_eq!(
            vdi.text_at("offreFormation/libMention").as_deref(),
            Some("Informatique")
        );
        let etape = vdi.at("offreFormation/listEtape/item");
        assert_eq!(etape.text_at("codEtp").as_deref(), Some("L1INF"));
        let vet = etape.at("listVersionEtape/item");
        assert_eq!(vet.text_at("codVrsVet").as_deref(), Some("101"));
        assert!(vet.text_at("libWebVet").is_some());
        // Only that VET, under every VDI that offers it.
        assert!(vets(&x).iter().all(|v| v == "L1INF/101"), "{:?}", vets(&x));
        // Its lists (sub-lists included, each once) and their ELPs.
        let lists: Vec<String> = vet
            .at("listListeElementPedagogi")
            .all("item")
            .map(|l| l.text_at("codListElp").unwrap())
            .collect();
        // Its own lists, then the sub-lists of semesters and UEs, breadth first,
        // each level in key order: the WS answer is flat at this level.
        assert_eq!(
            lists,
            ["L1BONUS", "LINF1SEM", "INF1S1OP", "INF1S1UE", "INF1S2UE", "INF1U11M", "INF1U12M"]
        );
        assert_eq!(vet.text_at("credits").as_deref(), Some("60"));
        assert_eq!(vet.text_at("duree").as_deref(), Some("1 an"));
        assert_eq!(
            vet.text_at("composante/codComposante").as_deref(),
            Some("SCI")
        );
        let sem = vet.at("listListeElementPedagogi/item[1]");
        assert_eq!(sem.text_at("typListElp").as_deref(), Some("O"));
        let elp = sem.at("listElementPedagogi/item");
        assert_eq!(elp.text_at("codElp").as_deref(), Some("INF1S1"));
        assert_eq!(elp.text_at("codNatureElp").as_deref(), Some("SEM"));
        assert_eq!(elp.text_at("libNatureElp").as_deref(), Some("Semestre"));
        assert_eq!(elp.text_at("codPeriode").as_deref(), Some("S1"));
        assert_eq!(elp.text_at("credits").as_deref(), Some("30"));
        assert_eq!(elp.text_at("temSusp").as_deref(), Some("N"));
        let algo = vet
            .at("listListeElementPedagogi")
            .all("item")
            .find(|l| l.text_at("codListElp").as_deref() == Some("INF1U11M"))
            .unwrap()
            .at("listElementPedagogi/item");
        assert_eq!(algo.text_at("credits").as_deref(), Some("4.5"));
        assert_eq!(algo.text_at("volume").as_deref(), Some("36"));
        assert_eq!(algo.text_at("uniteVolume").as_deref(), Some("H"));
        // A suspended ELP says so.
        let bonus = vet.at("listListeElementPedagogi/item[0]/listElementPedagogi");
        assert_eq!(
            bonus
                .all("item")
                .map(|e| e.text_at("temSusp").unwrap())
                .collect::<Vec<_>>(),
            ["O", "N"]
        );
        // Centres de gestion of the étape.
        let cge = etape.at("listComposanteCentreGestion/item");
        assert_eq!(cge.text_at("codCentreGestion").as_deref(), Some("SC1"));
        assert_eq!(cge.text_at("codComposante").as_deref(), Some("SCI"));
        assert_eq!(cge.text_at("capaciteAccueil").as_deref(), Some("240"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_vdi_without_its_etapes() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let x = ok(&app
            .recuperer_se_v4(&SeCritere::new("aucun", "aucun", "L1INF", "101", "aucun"))
            .await);
        let dip = x.text_at("recupererSE_v4Return/codDip").unwrap();
        let vrs = x
            .text_at("recupererSE_v4Return/listVersionDiplome/item/codVrsVdi")
            .unwrap();
        let x = ok(&app
            .recuperer_se_v4(&SeCritere::new(&dip, &vrs, "aucun", "aucun", "aucun"))
            .await);
        assert_eq!(x.all("recupererSE_v4Return").count(), 1);
        let d = x.at("recupererSE_v4Return");
        assert_eq!(d.text_at("codDip"), Some(dip));
        assert_eq!(d.at("listVersionDiplome").all("item").count(), 1);
        let vdi = d.at("listVersionDiplome/item");
        assert_eq!(vdi.text_at("codVrsVdi"), Some(vrs));
        // The étape level is not detailed: an empty list, not nil.
        let etapes = vdi.at("offreFormation/listEtape");
        assert!(!etapes.nil && etapes.children.is_empty(), "{etapes:?}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn each_mandatory_criterion() {
    let cases = [
        ("codDip", "coddiplomeobligatoire"),
        ("codVrsVdi", "codversiondiplomeobligatoire"),
        ("codEtp", "codetapeobligatoire"),
        // The reference knows no code for codVrsVet; the stub's is kept.
        ("codVrsVet", "codetapeobligatoire"),
        ("codElp", "codelpobligatoire"),
    ];
    for b in backends() {
        let app = TestApp::spawn(b).await;
        for (field, code) in cases {
            for how in [Val::Nil, Val::Empty, Val::Absent, Val::Text("  ".into())] {
                let c =
                    SeCritere::new("tous", "tous", "tous", "tous", "tous").set(field, how.clone());
                let r = app.recuperer_se_v4(&c).await;
                fault(&r, &format!("technical.parameter.noncoherentinput.{code}"));
                assert_eq!(
                    r.text_of("element").as_deref(),
                    Some(format!("_seCritere/{field}").as_str()),
                    "{b:?} {field} {how:?}"
                );
            }
        }
        // No _seCritere at all: the first criterion is reported.
        let r = app
            .soap11(OFFRE, &common::op(OFFRE_NS, "recupererSE_v4", ""))
            .await;
        fault(
            &r,
            "technical.parameter.noncoherentinput.coddiplomeobligatoire",
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn bad_criteria_values() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let base = SeCritere::new("tous", "tous", "tous", "tous", "aucun");
        for (c, code) in [
            (base.clone().with("codVrsVet", "abc"), "codVrsVet"),
            (base.clone().with("codVrsVdi", "1.0"), "codVrsVdi"),
            (
                base.clone().with("temOuvertRecrutement", "X"),
                "temOuvertRecrutement",
            ),
            (base.clone().with("codAnu", "20x5"), "codAnu"),
        ] {
            let r = app.recuperer_se_v4(&c).await;
            fault(&r, &format!("technical.parameter.noncoherentinput.{code}"));
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nothing_found_is_nullretrieve() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        for c in [
            SeCritere::new("NOPE", "tous", "tous", "tous", "aucun"),
            SeCritere::new("aucun", "aucun", "L1INF", "999", "tous"),
            SeCritere::new("aucun", "aucun", "L1INF", "101", "NOPE"),
            SeCritere::new("tous", "tous", "tous", "tous", "aucun").with("codTypDip", "NOPE"),
            SeCritere::new("tous", "tous", "tous", "tous", "aucun")
                .with("codComposanteVdi", "NOPE"),
            SeCritere::new("tous", "tous", "tous", "tous", "aucun").with("codNatureDip", "NOPE"),
        ] {
            let r = app.recuperer_se_v4(&c).await;
            fault(&r, "technical.data.nullretrieve.recupererse");
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn keywords_ignore_case() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let lower = ok(&app
            .recuperer_se_v4(&SeCritere::new("aucun", "aucun", "tous", "tous", "aucun"))
            .await);
        let upper = ok(&app
            .recuperer_se_v4(&SeCritere::new("AUCUN", "Aucun", "TOUS", "Tous", "AUCUN"))
            .await);
        assert_eq!(vets(&lower), vets(&upper));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn diploma_type_nature_and_composante_filters() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let c = SeCritere::new("tous", "tous", "tous", "tous", "aucun");
        let dips = |x: &X| {
            x.all("recupererSE_v4Return")
                .map(|d| d.text_at("codDip").unwrap())
                .collect::<Vec<_>>()
        };
        assert_eq!(dips(&ok(&app.recuperer_se_v4(&c).await)).len(), 9);
        let x = ok(&app
            .recuperer_se_v4(&c.clone().with("codTypDip", "MA"))
            .await);
        assert_eq!(dips(&x), ["MDRA", "MINF"]);
        let x = ok(&app
            .recuperer_se_v4(&c.clone().with("codNatureDip", "DU"))
            .await);
        assert_eq!(dips(&x), ["DUFLE"]);
        // codComposanteVdi is the VDI's own composante.
        let x = ok(&app
            .recuperer_se_v4(&c.clone().with("codComposanteVdi", "SCI"))
            .await);
        assert_eq!(dips(&x), ["LINF", "LMAT", "MINF"]);
        // With codDip=aucun the diploma filters still apply to the containers.
        let x = ok(&app
            .recuperer_se_v4(
                &SeCritere::new("aucun", "aucun", "tous", "tous", "aucun").with("codTypDip", "BUT"),
            )
            .await);
        assert_eq!(vets(&x), ["B1INF/101", "B2INF/101", "B3INF/101"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn year_of_recruitment() {
    // Windows in the demo: DUFLE 2018–2024, L2INF/201 2025–2030, M2IA 2026–2030,
    // every other VET 2021–2030.
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let c = SeCritere::new("tous", "tous", "tous", "tous", "aucun");
        let r = app.recuperer_se_v4(&c.clone().with("codAnu", "1900")).await;
        fault(&r, "technical.data.nullretrieve.recupererse");
        let y2024 = set(vets(&ok(&app
            .recuperer_se_v4(&c.clone().with("codAnu", "2024"))
            .await)));
        assert!(y2024.contains("DUFLE/101") && y2024.contains("L1INF/101"));
        assert!(!y2024.contains("M2IA/101") && !y2024.contains("L2INF/201"));
        assert_eq!(y2024.len(), 19, "{y2024:?}");
        let y2026 = set(vets(&ok(&app
            .recuperer_se_v4(&c.clone().with("codAnu", "2026"))
            .await)));
        assert!(y2026.contains("M2IA/101") && y2026.contains("L2INF/201"));
        assert!(!y2026.contains("DUFLE/101"));
        assert_eq!(y2026.len(), 20, "{y2026:?}");
        let y2019 = vets(&ok(&app
            .recuperer_se_v4(&c.clone().with("codAnu", "2019"))
            .await));
        assert_eq!(y2019, ["DUFLE/101"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn elp_nature() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let c = SeCritere::new("aucun", "aucun", "L1INF", "101", "tous");
        let all = ok(&app.recuperer_se_v4(&c).await);
        assert_eq!(
            set(texts(&all, "codNatureElp")),
            set(["SEM", "UE", "MATI"].map(String::from).to_vec())
        );
        // The matières sit two sub-lists down; only their lists are kept.
        let x = ok(&app
            .recuperer_se_v4(&c.clone().with("codNatureElp", "mati"))
            .await);
        assert_eq!(
            texts(&x, "codElp"),
            ["INF1M111", "INF1M112", "INF1M121", "INF1M122"]
        );
        assert_eq!(texts(&x, "codListElp"), ["INF1U11M", "INF1U12M"]);
        let r = app.recuperer_se_v4(&c.with("codNatureElp", "NOPE")).await;
        fault(&r, "technical.data.nullretrieve.recupererse");
        // With the ELP level not detailed, the nature still selects the VETs.
        let stages =
            SeCritere::new("aucun", "aucun", "tous", "tous", "aucun").with("codNatureElp", "STAG");
        let x = ok(&app.recuperer_se_v4(&stages).await);
        let want = [
            "L3INF/101",
            "M1INF/101",
            "M2INF/101",
            "M2IA/101",
            "M2DRA/101",
            "B3INF/101",
        ];
        assert_eq!(set(vets(&x)), set(want.map(String::from).to_vec()));
        assert!(no_elp(&x));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn one_elp_across_vets() {
    // INF1U12 (Mathématiques discrètes) sits in L1 Informatique and L1 Mathématiques.
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let x = ok(&app
            .recuperer_se_v4(&SeCritere::new("aucun", "aucun", "tous", "tous", "INF1U12"))
            .await);
        assert_eq!(vets(&x), ["L1INF/101", "L1MAT/101"]);
        assert_eq!(texts(&x, "codElp"), ["INF1U12", "INF1U12"]);
        assert_eq!(texts(&x, "codListElp"), ["INF1S1UE", "MAT1S1UE"]);
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap12_and_dated_namespace() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let c = SeCritere::new("aucun", "aucun", "L1INF", "101", "tous");
        let r11 = app.recuperer_se_v4(&c).await;
        let r12 = app
            .soap12(OFFRE, &c.request("recupererSE_v4", OFFRE_NS))
            .await;
        assert!(
            r12.content_type.starts_with("application/soap+xml"),
            "{}",
            r12.content_type
        );
        assert_eq!(vets(&ok(&r12)), vets(&ok(&r11)));
        // A client generated from a 4.x–6.20 WSDL gets its own namespace back.
        let r = app
            .soap11(OFFRE, &c.request("recupererSE_v4", OFFRE_NS_2014))
            .await;
        let x = ok(&r);
        assert_eq!(x.ns.as_deref(), Some(OFFRE_NS_2014));
        assert_eq!(vets(&x), vets(&ok(&r11)));
        // Faults too, and in SOAP 1.2 a Sender fault is 400.
        let bad = SeCritere::new("tous", "tous", "tous", "tous", "aucun").set("codDip", Val::Nil);
        let r = app
            .soap11(OFFRE, &bad.request("recupererSE_v4", OFFRE_NS_2014))
            .await;
        fault(
            &r,
            "technical.parameter.noncoherentinput.coddiplomeobligatoire",
        );
        assert!(r.body.contains(OFFRE_NS_2014), "{}", r.body);
        let r = app
            .soap12(OFFRE, &bad.request("recupererSE_v4", OFFRE_NS))
            .await;
        assert_eq!(r.status, 400, "{}", r.body);
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.coddiplomeobligatoire")
        );
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recuperer_se_v3_gives_the_same_tree_in_dto3() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let c = SeCritere::new("aucun", "aucun", "L1INF", "101", "tous");
        let v4 = ok(&app.recuperer_se_v4(&c).await);
        let v3 = ok(&app.recuperer_se_v3(&c).await);
        assert_eq!(v3.name, "recupererSE_v3Response");
        assert_eq!(v3.children[0].name, "recupererSE_v3Return");
        assert_eq!(vets(&v3), vets(&v4));
        // ElementPedagogiDTO2 has the nature's label only.
        assert_eq!(v3.count("codNatureElp"), 0);
        assert_eq!(v3.count("libNatureElp"), v4.count("libNatureElp"));
        assert_eq!(v3.count("codElp"), v4.count("codElp"));
        let r = app
            .recuperer_se_v3(&SeCritere::new("NOPE", "tous", "tous", "tous", "aucun"))
            .await;
        fault(&r, "technical.data.nullretrieve.recupererse");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn recuperer_groupe_v3_without_groups() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let se = ok(&app
            .recuperer_se_v4(&SeCritere::new("aucun", "aucun", "L1INF", "101", "tous"))
            .await);
        let elp = texts(&se, "codElp").remove(0);
        // esup-mdw: (annee, null, null, null, codElp, null).
        let x = ok(&app
            .soap11(OFFRE, &groupe_v3("2024", None, None, Some(&elp)))
            .await);
        assert_eq!(x.name, "recupererGroupe_v3Response");
        let e = x.at("recupererGroupe_v3Return/listElementPedagogi/elementPedagogi");
        assert_eq!(e.text_at("codElp"), Some(elp));
        assert!(e.text_at("libElp").is_some());
        let col = e.at("listCollection");
        assert!(!col.nil && col.children.is_empty());
        assert_eq!(x.count("versionEtape"), 0);
        // A VET.
        let x = ok(&app
            .soap11(OFFRE, &groupe_v3("2024", Some("L1INF"), Some("101"), None))
            .await);
        let v = x.at("recupererGroupe_v3Return/listVersionEtape/versionEtape");
        assert_eq!(v.text_at("codEtp").as_deref(), Some("L1INF"));
        assert_eq!(v.text_at("codVrsVet").as_deref(), Some("101"));
        // Unknown objects, missing or bad parameters.
        let r = app
            .soap11(OFFRE, &groupe_v3("2024", None, None, Some("NOPE")))
            .await;
        fault(&r, "technical.data.nullretrieve.recuperergroupe");
        let r = app
            .soap11(OFFRE, &groupe_v3("2024", Some("L1INF"), Some("999"), None))
            .await;
        fault(&r, "technical.data.nullretrieve.recuperergroupe");
        let r = app
            .soap11(OFFRE, &groupe_v3("2024", None, None, None))
            .await;
        fault(&r, "technical.parameter.noncoherentinput.codElp");
        let r = app
            .soap11(OFFRE, &groupe_v3("2024", Some("L1INF"), Some("x"), None))
            .await;
        fault(&r, "technical.parameter.noncoherentinput.codVrsVet");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn wsdl_is_served() {
    let app = TestApp::spawn(common::Backend::Sqlite).await;
    let r = app.get("/services/OffreFormationMetier?wsdl").await;
    assert_eq!(r.status, 200);
    for s in [
        "<element name=\"recupererSE_v4\">",
        "<element name=\"recupererSE_v3\">",
        "<element name=\"recupererGroupe_v3\">",
        "targetNamespace=\"DiplomeDTO4.recupererse.offreformation.dto.transverse.commun.apogee.education.gouv\"",
        "OffreFormationMetierServiceInterfaceService",
    ] {
        assert!(r.body.contains(s), "{s}");
    }
}
