//! `LaissezPasserMetier` over HTTP: V1/V2 wire shapes, validation faults,
//! database rules, idempotence, batches (partial failure, all or nothing, 10,000
//! items), `REINS` keyed by the `individu` (an unknown student refused), the
//! precedence of an LP over an OPI wish, on every back-end. The demo students
//! (21000001–21000005, `cod_ind` 1001–1005) are the `REINS` students.

mod common;
use common::{backends, op, TestApp};
use passerelle::store::StoredLp;

const NS: &str = "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier";
const NS_2015: &str = "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier_05012015";
const PORT: &str = "LaissezPasserMetier";

/// V2 children from `(name, value)` pairs, every one of the 14 sent (`""` when
/// not listed, as zeep does).
fn v2(fields: &[(&str, &str)]) -> String {
    let names = [
        "typLpa",
        "codAnu",
        "numOPI",
        "codEtu",
        "codEtp",
        "codVrsVet",
        "codDip",
        "codVrsVdi",
        "codRgi",
        "codStu",
        "libCmtLpa",
        "codCatOuiSi",
        "mtfCat",
        "codCatExoExt",
    ];
    let children: String = names
        .iter()
        .map(|n| {
            let v = fields.iter().find(|(k, _)| k == n).map_or("", |(_, v)| *v);
            format!("<{n}>{v}</{n}>")
        })
        .collect();
    op(NS, "mettreAJourLaissezPasserWS_V2", &children)
}

fn primo(num_opi: &str) -> Vec<(&'static str, String)> {
    vec![
        ("typLpa", "IAPRIMO".into()),
        ("codAnu", "2024".into()),
        ("numOPI", num_opi.into()),
        ("codEtp", "L1INF".into()),
        ("codVrsVet", "101".into()),
        ("codDip", "LINF".into()),
        ("codVrsVdi", "101".into()),
        ("libCmtLpa", "lot".into()),
    ]
}

fn with<'a>(
    base: &'a [(&'static str, String)],
    over: &[(&'static str, &'a str)],
) -> Vec<(&'static str, &'a str)> {
    let mut v: Vec<(&'static str, &str)> = base
        .iter()
        .filter(|(k, _)| !over.iter().any(|(o, _)| o == k))
        .map(|(k, v)| (*k, v.as_str()))
        .collect();
    v.extend_from_slice(over);
    v
}

async fn lps(app: &TestApp) -> Vec<StoredLp> {
    app.store().await.find_lps().await.expect("find_lps")
}

/// The `REINS` rows as stored: (`cod_ind`, `cod_etu_lpa`, `cod_etp`), by key.
async fn reins_rows(app: &TestApp) -> Vec<(String, String, String)> {
    let q = "SELECT CAST(cod_ind AS TEXT), cod_etu_lpa, cod_etp FROM telem_laisser_passer \
             ORDER BY cod_ind, cod_anu, cod_etp, cod_vrs_vet";
    let rows = app
        .store()
        .await
        .sql_read(vec![passerelle::store::etudiant::Sql::new(q, vec![])])
        .await
        .expect("read telem_laisser_passer");
    rows[0]
        .iter()
        .map(|r| {
            let v = |i: usize| r[i].clone().unwrap_or_default();
            (v(0), v(1), v(2))
        })
        .collect()
}

/// Adds `individu` rows for these student numbers (`cod_ind` = the number).
async fn students(app: &TestApp, etus: impl Iterator<Item = u32>) {
    let rows: Vec<serde_json::Value> = etus
        .map(|e| {
            serde_json::json!({"cod_ind": e, "cod_etu": e, "lib_nom_pat_ind": "LOT",
                "lib_pr1_ind": "ETU", "date_nai_ind": "2004-01-01"})
        })
        .collect();
    let d = passerelle::store::dossier::parse(
        &serde_json::json!({ "individu": rows }).to_string(),
        passerelle::store::dossier::Format::Json,
    )
    .expect("dossier");
    app.store()
        .await
        .import_dossier(&d)
        .await
        .expect("students imported");
}

const UNKNOWN_STUDENT: &str = "technical.data.nullretrieve.etudiant";

async fn app_with_opi(b: common::Backend, key: &str) -> TestApp {
    let app = TestApp::spawn(b).await;
    let r = app.push_opi(&common::opi::OpiReq::new(10, key)).await;
    assert_eq!(r.status, 200, "{}", r.body);
    app
}

#[tokio::test]
async fn v1_php_empty_elements_and_v2_zeep_empty_strings() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000001").await;
        // PHP: empty elements for "not given", V1 names with `_`, dated namespace.
        let r = app
            .soap11(
                PORT,
                &op(
                    NS_2015,
                    "mettreAJourLaissezPasserWS",
                    "<_typLpa>IAPRIMO</_typLpa><_codAnu>2024</_codAnu><_numOPI>LP00000001</_numOPI>\
                     <_codEtu/><_codEtp>L1INF</_codEtp><_codVrsVet>101</_codVrsVet><_codDip>LINF</_codDip>\
                     <_codVrsVdi>101</_codVrsVdi><_codRgi/><_codStu/><_libCmtLpa>batch</_libCmtLpa>",
                ),
            )
            .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        assert!(
            r.body.contains("mettreAJourLaissezPasserWSResponse"),
            "{}",
            r.body
        );
        // zeep: "" for every field not given, V2 names without `_`.
        let r = app
            .soap11(
                PORT,
                &v2(&[
                    ("typLpa", "REINS"),
                    ("codAnu", "2024"),
                    ("codEtu", "21000003"),
                    ("codEtp", "L2INF"),
                    ("codVrsVet", "101"),
                    ("codCatOuiSi", "A"),
                ]),
            )
            .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        assert!(
            r.body.contains("mettreAJourLaissezPasserWSResponse_V2"),
            "{}",
            r.body
        );
        let got = lps(&app).await;
        assert_eq!(got.len(), 2, "{b:?}: {got:?}");
        let p = &got[0];
        assert_eq!(p.lp.typ_lpa.as_deref(), Some("IAPRIMO"));
        assert_eq!(p.lp.num_opi.as_deref(), Some("LP00000001"));
        assert_eq!(p.lp.cod_dip.as_deref(), Some("LINF"));
        assert_eq!(p.lp.cod_rgi, None);
        assert_eq!(p.lp.lib_cmt_lpa.as_deref(), Some("batch"));
        assert_eq!(p.cod_uti_cre_lpa, "passerelle");
        let r = &got[1];
        assert_eq!(r.lp.typ_lpa.as_deref(), Some("REINS"));
        assert_eq!(r.lp.cod_etu.as_deref(), Some("21000003"));
        assert_eq!(r.cod_ind, Some(1003), "stored under the student's cod_ind");
        assert_eq!(p.cod_ind, None);
        assert_eq!(
            reins_rows(&app).await,
            [("1003".into(), "21000003".into(), "L2INF".into())],
            "{b:?}"
        );
        assert_eq!(r.lp.num_opi, None);
        assert_eq!(r.lp.cod_dip, None);
        assert_eq!(r.lp.cod_cat_oui_si.as_deref(), Some("A"));
    }
}

#[tokio::test]
async fn each_validation_fault() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000002").await;
        let base = primo("LP00000002");
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            (with(&base, &[("typLpa", "")]), "typLpa"),
            (with(&base, &[("typLpa", "AUTRE")]), "typLpa"),
            (with(&base, &[("numOPI", "")]), "numOPI"),
            (with(&base, &[("numOPI", "LP000000021")]), "numOPI"),
            (
                with(&base, &[("typLpa", "REINS"), ("numOPI", "")]),
                "codEtu",
            ),
            (
                with(&base, &[("typLpa", "REINS"), ("codEtu", "12A")]),
                "codEtu",
            ),
            (with(&base, &[("codAnu", "")]), "codAnu"),
            (with(&base, &[("codAnu", "24")]), "codAnu"),
            (with(&base, &[("codEtp", "")]), "codEtp"),
            (with(&base, &[("codEtp", "L1INFOR")]), "codEtp"),
            (with(&base, &[("codVrsVet", "")]), "codVrsVet"),
            (with(&base, &[("codVrsVet", "abc")]), "codVrsVet"),
            (with(&base, &[("codVrsVdi", "")]), "codVrsVdi"),
            (with(&base, &[("codDip", "")]), "codDip"),
            (with(&base, &[("codRgi", "12")]), "codRgi"),
            (with(&base, &[("codStu", "123")]), "codStu"),
        ];
        for (fields, field) in cases {
            let r = app.soap11(PORT, &v2(&fields)).await;
            assert_eq!(
                r.fault_string().as_deref(),
                Some(format!("technical.parameter.noncoherentinput.{field}").as_str()),
                "{b:?} {fields:?}: {}",
                r.body
            );
        }
        // V1: the same code (field name without `_`).
        let r = app
            .soap11(
                PORT,
                &op(NS, "mettreAJourLaissezPasserWS", "<_typLpa>IAPRIMO</_typLpa><_codAnu>2024</_codAnu><_numOPI>LP00000002</_numOPI><_codEtp>L1INF</_codEtp><_codVrsVet>x</_codVrsVet>"),
            )
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.codVrsVet"),
            "{}",
            r.body
        );
        assert!(r.body.contains("_codVrsVet"), "{}", r.body);
        assert!(lps(&app).await.is_empty());
    }
}

#[tokio::test]
async fn database_rules() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000003").await;
        let base = primo("LP00000003");
        let cases: Vec<(Vec<(&str, &str)>, &str)> = vec![
            // Unknown OPI.
            (
                with(&base, &[("numOPI", "NOSUCHOPI")]),
                "technical.data.nullretrieve.opi",
            ),
            // Unknown VET in the loaded course structure.
            (
                with(&base, &[("codEtp", "ZZZZ")]),
                "technical.parameter.noncoherentinput.codEtp",
            ),
            (
                with(&base, &[("codVrsVet", "999")]),
                "technical.parameter.noncoherentinput.codEtp",
            ),
            // VDI not linked to that VET.
            (
                with(&base, &[("codVrsVdi", "999")]),
                "technical.parameter.noncoherentinput.codDip",
            ),
            // L2INF/201 recruits from 2025 only.
            (
                with(&base, &[("codEtp", "L2INF"), ("codVrsVet", "201")]),
                "technical.parameter.noncoherentinput.codAnu",
            ),
            (
                with(&base, &[("codAnu", "2031")]),
                "technical.parameter.noncoherentinput.codAnu",
            ),
        ];
        for (fields, code) in cases {
            let r = app.soap11(PORT, &v2(&fields)).await;
            assert_eq!(
                r.fault_string().as_deref(),
                Some(code),
                "{b:?} {fields:?}: {}",
                r.body
            );
        }
        assert!(lps(&app).await.is_empty());
        // Open in 2025: accepted.
        let r = app
            .soap11(
                PORT,
                &v2(&with(
                    &base,
                    &[
                        ("codEtp", "L2INF"),
                        ("codVrsVet", "201"),
                        ("codAnu", "2025"),
                    ],
                )),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
}

#[tokio::test]
async fn resending_updates_never_duplicates() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000004").await;
        let base = primo("LP00000004");
        let first = with(&base, &[]);
        for _ in 0..2 {
            let r = app.soap11(PORT, &v2(&first)).await;
            assert_eq!(r.status, 200, "{}", r.body);
        }
        let got = lps(&app).await;
        assert_eq!(got.len(), 1);
        assert!(!got[0].modified, "an identical re-send writes nothing");
        let r = app
            .soap11(
                PORT,
                &v2(&with(
                    &base,
                    &[("libCmtLpa", "autre"), ("codDip", ""), ("codVrsVdi", "")],
                )),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let got = lps(&app).await;
        assert_eq!(got.len(), 1, "{got:?}");
        assert!(got[0].modified);
        assert_eq!(got[0].lp.lib_cmt_lpa.as_deref(), Some("autre"));
        assert_eq!(got[0].lp.cod_dip, None);
    }
}

fn item(fields: &[(&str, &str)]) -> String {
    let c: String = fields
        .iter()
        .map(|(k, v)| format!("<{k}>{v}</{k}>"))
        .collect();
    format!("<item>{c}</item>")
}

fn lot(items: &[String], tout_ou_rien: Option<&str>) -> String {
    let flag = tout_ou_rien.map_or(String::new(), |f| format!("<toutOuRien>{f}</toutOuRien>"));
    op(
        NS,
        "mettreAJourLaissezPasserLot",
        &format!("{flag}<laissezPasser>{}</laissezPasser>", items.concat()),
    )
}

fn reins(etu: &str) -> Vec<(&'static str, String)> {
    vec![
        ("typLpa", "REINS".into()),
        ("codAnu", "2024".into()),
        ("codEtu", etu.into()),
        ("codEtp", "L1INF".into()),
        ("codVrsVet", "101".into()),
    ]
}

fn statuts(body: &str) -> Vec<String> {
    body.split("<statut>")
        .skip(1)
        .map(|s| s.split('<').next().unwrap_or("").to_string())
        .collect()
}

#[tokio::test]
async fn batch_partial_failure_and_all_or_nothing() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000005").await;
        let good1 = item(&with(&primo("LP00000005"), &[]));
        let good2 = item(&with(&reins("21000001"), &[]));
        let bad_field = item(&with(&reins("20000002"), &[("codAnu", "24")]));
        let bad_opi = item(&with(&primo("NOSUCHOPI"), &[]));
        let items = [
            good1.clone(),
            bad_field.clone(),
            good2.clone(),
            bad_opi.clone(),
        ];

        // All or nothing: nothing written, the valid items are ANNULE.
        let r = app.soap11(PORT, &lot(&items, Some("true"))).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            statuts(&r.body),
            ["ANNULE", "REFUSE", "ANNULE", "REFUSE"],
            "{}",
            r.body
        );
        assert!(lps(&app).await.is_empty());
        // A refusal by the database alone also rolls everything back.
        let r = app
            .soap11(PORT, &lot(&[good1.clone(), bad_opi.clone()], Some("O")))
            .await;
        assert_eq!(statuts(&r.body), ["ANNULE", "REFUSE"], "{}", r.body);
        assert!(lps(&app).await.is_empty());

        // Default: each valid item commits.
        let r = app.soap11(PORT, &lot(&items, None)).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(
            statuts(&r.body),
            ["CREE", "REFUSE", "CREE", "REFUSE"],
            "{}",
            r.body
        );
        assert!(r.body.contains("<index>2</index>"), "{}", r.body);
        assert!(
            r.body.contains("<cle>REINS/20000002/24/L1INF/101</cle>"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<code>technical.parameter.noncoherentinput.codAnu</code>"),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<code>technical.data.nullretrieve.opi</code>"),
            "{}",
            r.body
        );
        assert_eq!(lps(&app).await.len(), 2);
        // Re-run: unchanged, no duplicates.
        let r = app.soap11(PORT, &lot(&items, Some("false"))).await;
        assert_eq!(
            statuts(&r.body),
            ["INCHANGE", "REFUSE", "INCHANGE", "REFUSE"],
            "{}",
            r.body
        );
        assert_eq!(lps(&app).await.len(), 2);
        // Bad flag.
        let r = app.soap11(PORT, &lot(&items, Some("peut-être"))).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.parameter.noncoherentinput.toutOuRien")
        );
    }
}

#[tokio::test]
async fn batch_of_10000() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        students(&app, 30_000_000..30_010_000).await;
        let items: Vec<String> = (0..10_000)
            .map(|i| item(&with(&reins(&format!("{:08}", 30_000_000 + i)), &[])))
            .collect();
        let body = lot(&items, None);
        let t = std::time::Instant::now();
        let r = app.soap11(PORT, &body).await;
        let first = t.elapsed();
        assert_eq!(r.status, 200, "{}", &r.body[..r.body.len().min(2000)]);
        assert_eq!(r.count("statut"), 10_000);
        assert_eq!(
            statuts(&r.body).iter().filter(|s| *s == "CREE").count(),
            10_000
        );
        let t = std::time::Instant::now();
        let r = app.soap11(PORT, &body).await;
        let again = t.elapsed();
        assert_eq!(
            statuts(&r.body).iter().filter(|s| *s == "INCHANGE").count(),
            10_000
        );
        let t = std::time::Instant::now();
        let r = app.soap11(PORT, &lot(&items, Some("true"))).await;
        let atomic = t.elapsed();
        assert_eq!(r.status, 200);
        eprintln!(
            "{b:?}: 10,000 laissez-passer: created in {first:.2?}, re-sent (unchanged) in {again:.2?}, all-or-nothing re-send in {atomic:.2?} ({} bytes)",
            body.len()
        );
        assert_eq!(lps(&app).await.len(), 10_000);
        // One over the limit.
        let mut more = items;
        more.push(item(&with(&reins("39999999"), &[])));
        let r = app.soap11(PORT, &lot(&more, None)).await;
        assert!(
            r.fault_string().is_some(),
            "{}",
            &r.body[..r.body.len().min(500)]
        );
    }
}

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/lp-import.csv");

/// `passerelle import-lp FILE --database URL`: (exit code, stdout, report).
fn import_lp(app: &TestApp, file: &std::path::Path, extra: &[&str]) -> (i32, String, String) {
    let mut c = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"));
    for v in ["PASSERELLE_DATABASE_URL", "PASSERELLE_CONFIG"] {
        c.env_remove(v);
    }
    let out = c
        .env("RUST_LOG", "warn")
        .arg("import-lp")
        .arg(file)
        .args(["--database", &app.config.database_url])
        .args(extra)
        .output()
        .unwrap();
    let stdout = String::from_utf8_lossy(&out.stdout).to_string();
    eprintln!("{stdout}{}", String::from_utf8_lossy(&out.stderr));
    let mut report = file.as_os_str().to_owned();
    report.push(".report.csv");
    let report = std::fs::read_to_string(report).unwrap_or_default();
    (out.status.code().unwrap_or(-1), stdout, report)
}

#[tokio::test]
async fn csv_import_good_bad_and_rerun() {
    for b in backends() {
        let app = app_with_opi(b, "LPDEMO0001").await;
        let dir = tempfile::tempdir().unwrap();
        // The example: every row goes in, then a re-run changes nothing.
        let good = dir.path().join("lp.csv");
        std::fs::copy(EXAMPLE, &good).unwrap();
        let (code, out, report) = import_lp(&app, &good, &[]);
        assert_eq!(code, 0, "{out}");
        assert!(out.contains("created   3"), "{out}");
        assert_eq!(report.matches(";created;").count(), 3, "{report}");
        let got = lps(&app).await;
        assert_eq!(got.len(), 3);
        assert!(
            got.iter().all(|s| s.cod_uti_cre_lpa == "import-lp"),
            "{got:?}"
        );
        let (code, out, _) = import_lp(&app, &good, &["--user", "scol-centrale"]);
        assert_eq!(code, 0);
        assert!(out.contains("unchanged 3"), "{out}");
        assert_eq!(lps(&app).await.len(), 3);

        // Bad rows are reported, the good ones go in (`,` separated this time).
        let bad = dir.path().join("bad.csv");
        std::fs::write(
            &bad,
            "typLpa,codAnu,numOPI,codEtu,codEtp,codVrsVet,codDip,codVrsVdi,codRgi,codStu,libCmtLpa\n\
             REINS,2024,,21000004,L1INF,101,,,,,\n\
             REINS,24,,21000005,L1INF,101,,,,,\n\
             IAPRIMO,2024,NOSUCHOPI,,L1INF,101,,,,,\n\
             REINS,2024,,21000005,NOPE,101,,,,,\n\
             REINS,2024,,29999999,L1INF,101,,,,,\n",
        )
        .unwrap();
        let (code, out, report) = import_lp(&app, &bad, &["--user", "scol-centrale"]);
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains("created   1") && out.contains("error     4"),
            "{out}"
        );
        assert!(
            report.contains(
                "3;REINS/21000005/24/L1INF/101;error;technical.parameter.noncoherentinput.codAnu"
            ),
            "{report}"
        );
        assert!(
            report.contains(
                "4;IAPRIMO/NOSUCHOPI/2024/L1INF/101;error;technical.data.nullretrieve.opi"
            ),
            "{report}"
        );
        assert!(
            report.contains(
                "5;REINS/21000005/2024/NOPE/101;error;technical.parameter.noncoherentinput.codEtp"
            ),
            "{report}"
        );
        // A student no `individu` has: that line refused, the others written.
        assert!(
            report.contains(
                "6;REINS/29999999/2024/L1INF/101;error;technical.data.nullretrieve.etudiant"
            ),
            "{report}"
        );
        let got = lps(&app).await;
        assert_eq!(got.len(), 4);
        let new = got
            .iter()
            .find(|s| s.lp.cod_etu.as_deref() == Some("21000004"))
            .unwrap();
        assert_eq!(new.cod_uti_cre_lpa, "scol-centrale");
        assert_eq!(new.cod_ind, Some(1004));

        // A file that cannot be read as laissez-passer: exit 1, nothing written.
        let broken = dir.path().join("broken.csv");
        std::fs::write(&broken, "typLpa;codAnu;codEtp\nREINS;2024;L1INF\n").unwrap();
        let (code, _, _) = import_lp(&app, &broken, &[]);
        assert_eq!(code, 1);
        // A user name that does not fit: exit 1, nothing written.
        let (code, out, _) = import_lp(&app, &bad, &["--user", &"x".repeat(31)]);
        assert_eq!(code, 1, "{out}");
        assert_eq!(lps(&app).await.len(), 4);
    }
}

const ESUP_NS: &str = "http://remote.services.wssi.esupportail.org/";

/// The esup-ws-si community operations: add (all or nothing) and delete.
#[tokio::test]
async fn esup_ws_si_add_and_delete() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000006").await;
        let opi = |key: &str| {
            format!(
                "<arg0><codAnu>2024</codAnu><codEtp>L1INF</codEtp><codIndOpi>0</codIndOpi>\
                 <codOpiIntEpo>{key}</codOpiIntEpo><codVrsVet>101</codVrsVet><libCmtLpa>esup</libCmtLpa></arg0>"
            )
        };
        let etu = |n: u32| {
            format!(
                "<arg0><codAnu>2024</codAnu><codEtp>L1INF</codEtp><codEtuLpa>{n}</codEtuLpa>\
                 <codInd>0</codInd><codVrsVet>101</codVrsVet></arg0>"
            )
        };
        let call = |name: &str, children: String| {
            format!(r#"<ns2:{name} xmlns:ns2="{ESUP_NS}">{children}</ns2:{name}>"#)
        };
        let port = "InsertLaisserPasser";
        // One unknown OPI: the call faults, nothing is written.
        let r = app
            .soap11(
                port,
                &call(
                    "addTelemLaisserPasserOpi",
                    opi("LP00000006") + &opi("NOSUCHOPI"),
                ),
            )
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.opi"),
            "{}",
            r.body
        );
        assert!(lps(&app).await.is_empty());
        let r = app
            .soap11(port, &call("addTelemLaisserPasserOpi", opi("LP00000006")))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(
            r.body.contains("addTelemLaisserPasserOpiResponse"),
            "{}",
            r.body
        );
        let r = app
            .soap11(
                port,
                &call("addTelemLaisserPasser", etu(21000001) + &etu(21000002)),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(lps(&app).await.len(), 3);
        // An unknown student: add and delete fault on that item, nothing written
        // or deleted.
        for name in ["addTelemLaisserPasser", "deleteTelemLaisserPasser"] {
            let r = app
                .soap11(port, &call(name, etu(21000003) + &etu(29999999)))
                .await;
            assert_eq!(
                r.fault_string().as_deref(),
                Some(UNKNOWN_STUDENT),
                "{b:?} {name}: {}",
                r.body
            );
            assert!(
                r.body
                    .contains(&format!("<element>{name}/arg0[2]/codEtuLpa</element>")),
                "{}",
                r.body
            );
            assert_eq!(lps(&app).await.len(), 3, "{b:?} {name}");
        }
        let r = app
            .soap11(
                port,
                &call("deleteTelemLaisserPasser", etu(21000001) + &etu(21000002)),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(lps(&app).await.len(), 1);
        let r = app
            .soap11(port, &call("addTelemLaisserPasser", etu(21000002)))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = app
            .soap11(port, &call("deleteTelemLaisserPasser", etu(21000001)))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let r = app
            .soap11(
                port,
                &call("deleteTelemLaisserPasserOpi", opi("LP00000006")),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let left = lps(&app).await;
        assert_eq!(left.len(), 1, "{left:?}");
        assert_eq!(left[0].lp.cod_etu.as_deref(), Some("21000002"));
    }
}

fn client(name: &str, secret: &str) -> passerelle::config::ClientConfig {
    passerelle::config::ClientConfig {
        name: name.into(),
        secret_hash: passerelle::http::auth::hash_secret(secret).unwrap(),
        services: vec!["*".into()],
        pj_read: false,
        enabled: true,
        ..Default::default()
    }
}

/// A SOAP 1.1 call as the client `user` (HTTP Basic).
async fn soap_as(app: &TestApp, port: &str, body: &str, user: &str, secret: &str) -> common::Reply {
    let r = app
        .client
        .post(app.service_url(port))
        .header("content-type", "text/xml; charset=utf-8")
        .header("soapaction", "\"\"")
        .basic_auth(user, Some(secret))
        .body(common::envelope11(body))
        .send()
        .await
        .expect("request sent");
    common::Reply {
        status: r.status().as_u16(),
        content_type: String::new(),
        headers: r.headers().clone(),
        body: r.text().await.unwrap(),
    }
}

/// With authentication on, the creating user is the client that created the
/// laissez-passer and the modifying user the one that changed it, whatever
/// the operation (V1, V2, batch, esup-ws-si).
#[tokio::test]
async fn creating_and_modifying_user_is_the_authenticated_client() {
    for b in backends() {
        let name30 = "scolarite-ufr-sciences-et-tech"; // 30 characters: fits
        assert_eq!(name30.chars().count(), 30);
        let app = TestApp::spawn_with(b, |c| {
            c.auth.clients = vec![
                client("apogee-ufr-droit", "s1"),
                client(name30, "s2"),
                client("esup", "s3"),
            ];
        })
        .await;
        let r = soap_as(
            &app,
            "OpiMetier",
            &common::opi::OpiReq::new(10, "LP00000007").xml(),
            "apogee-ufr-droit",
            "s1",
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        // Without credentials: refused, nothing written.
        let base = primo("LP00000007");
        let r = app.soap11(PORT, &v2(&with(&base, &[]))).await;
        assert_eq!(r.status, 401, "{}", r.body);
        assert!(lps(&app).await.is_empty());

        // Created by one client (V2), modified by another (V1).
        let r = soap_as(&app, PORT, &v2(&with(&base, &[])), "apogee-ufr-droit", "s1").await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        let got = lps(&app).await;
        assert_eq!(got[0].cod_uti_cre_lpa, "apogee-ufr-droit", "{b:?}");
        assert_eq!(got[0].cod_uti_mod_lpa, None);
        let r = soap_as(
            &app,
            PORT,
            &op(
                NS,
                "mettreAJourLaissezPasserWS",
                "<_typLpa>IAPRIMO</_typLpa><_codAnu>2024</_codAnu><_numOPI>LP00000007</_numOPI>\
                 <_codEtp>L1INF</_codEtp><_codVrsVet>101</_codVrsVet><_libCmtLpa>revu</_libCmtLpa>",
            ),
            name30,
            "s2",
        )
        .await;
        assert_eq!(r.status, 200, "{b:?}: {}", r.body);
        let got = lps(&app).await;
        assert_eq!(got.len(), 1);
        assert_eq!(got[0].cod_uti_cre_lpa, "apogee-ufr-droit");
        assert_eq!(got[0].cod_uti_mod_lpa.as_deref(), Some(name30), "{b:?}");
        // An identical re-send by a third client writes nothing, not even the user.
        let same = "<_typLpa>IAPRIMO</_typLpa><_codAnu>2024</_codAnu><_numOPI>LP00000007</_numOPI>\
                    <_codEtp>L1INF</_codEtp><_codVrsVet>101</_codVrsVet><_libCmtLpa>revu</_libCmtLpa>";
        let r = soap_as(
            &app,
            PORT,
            &op(NS, "mettreAJourLaissezPasserWS", same),
            "esup",
            "s3",
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert_eq!(lps(&app).await[0].cod_uti_mod_lpa.as_deref(), Some(name30));

        // Batch: created by `esup`, then modified by `apogee-ufr-droit`.
        let items = [
            item(&with(&reins("21000001"), &[])),
            item(&with(&reins("21000002"), &[])),
        ];
        let r = soap_as(&app, PORT, &lot(&items, None), "esup", "s3").await;
        assert_eq!(statuts(&r.body), ["CREE", "CREE"], "{}", r.body);
        let changed = [item(&with(&reins("21000002"), &[("libCmtLpa", "x")]))];
        let r = soap_as(
            &app,
            PORT,
            &lot(&changed, Some("true")),
            "apogee-ufr-droit",
            "s1",
        )
        .await;
        assert_eq!(statuts(&r.body), ["MODIFIE"], "{}", r.body);
        // esup-ws-si: created by `esup`.
        let r = soap_as(
            &app,
            "InsertLaisserPasser",
            &format!(
                r#"<ns2:addTelemLaisserPasser xmlns:ns2="{ESUP_NS}"><arg0><codAnu>2024</codAnu><codEtp>L1INF</codEtp><codEtuLpa>21000003</codEtuLpa><codInd>0</codInd><codUtiCreLpa>ignored</codUtiCreLpa><codVrsVet>101</codVrsVet></arg0></ns2:addTelemLaisserPasser>"#
            ),
            "esup",
            "s3",
        )
        .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let got = lps(&app).await;
        let by = |etu: &str| {
            got.iter()
                .find(|s| s.lp.cod_etu.as_deref() == Some(etu))
                .map(|s| (s.cod_uti_cre_lpa.as_str(), s.cod_uti_mod_lpa.as_deref()))
        };
        assert_eq!(by("21000001"), Some(("esup", None)), "{b:?}");
        assert_eq!(
            by("21000002"),
            Some(("esup", Some("apogee-ufr-droit"))),
            "{b:?}"
        );
        assert_eq!(by("21000003"), Some(("esup", None)), "{b:?}");
    }
}

/// A client name longer than the user columns is refused when the server starts.
#[tokio::test]
async fn a_client_name_over_30_characters_is_refused_at_start() {
    let mut c = passerelle::Config {
        listen: "127.0.0.1:0".into(),
        ..passerelle::Config::default()
    };
    let dir = tempfile::tempdir().unwrap();
    c.database_url = format!("sqlite://{}", dir.path().join("t.db").display());
    c.auth.clients = vec![client("scolarite-ufr-sciences-et-techn", "s")]; // 31
    let e = passerelle::start(c).await.err().expect("refused");
    let msg = e.to_string();
    assert!(msg.contains("at most 30"), "{msg}");
    assert!(msg.contains("[[auth.clients]] name"), "{msg}");
}

/// The same key several times in one batch: each occurrence sees what the
/// previous one wrote (as if sent one by one), on every back-end.
#[tokio::test]
async fn batch_with_repeated_keys() {
    for b in backends() {
        let app = app_with_opi(b, "LP00000008").await;
        let a = item(&with(&reins("21000004"), &[]));
        let a2 = item(&with(&reins("21000004"), &[("libCmtLpa", "deux")]));
        let p = item(&with(&primo("LP00000008"), &[]));
        let p2 = item(&with(&primo("LP00000008"), &[("codRgi", "1")]));
        let other = item(&with(&reins("21000005"), &[]));
        let items = [
            a.clone(),
            p.clone(),
            a.clone(),
            a2.clone(),
            other,
            p2.clone(),
            p2,
            a,
        ];
        let r = app.soap11(PORT, &lot(&items, None)).await;
        assert_eq!(
            statuts(&r.body),
            ["CREE", "CREE", "INCHANGE", "MODIFIE", "CREE", "MODIFIE", "INCHANGE", "MODIFIE"],
            "{b:?}: {}",
            r.body
        );
        let got = lps(&app).await;
        assert_eq!(got.len(), 3, "{got:?}");
        let etu = got
            .iter()
            .find(|s| s.lp.cod_etu.as_deref() == Some("21000004"))
            .unwrap();
        assert_eq!(etu.lp.lib_cmt_lpa, None, "the last occurrence wins");
        assert!(etu.modified);
        let opi = got.iter().find(|s| s.lp.num_opi.is_some()).unwrap();
        assert_eq!(opi.lp.cod_rgi.as_deref(), Some("1"));
        // All or nothing, with the same repeats: the same answers, now MODIFIE/INCHANGE.
        let r = app
            .soap11(PORT, &lot(&[a2.clone(), a2, p.clone()], Some("true")))
            .await;
        assert_eq!(
            statuts(&r.body),
            ["MODIFIE", "INCHANGE", "MODIFIE"],
            "{b:?}: {}",
            r.body
        );
    }
}

/// `REINS` is keyed by the student's `individu`: a `codEtu` no `individu` has
/// is refused, in the single operations (fault, element `codEtu`), in a batch
/// (that item `REFUSE`, the others written, a re-send unchanged) and in an
/// all-or-nothing batch (nothing written).
#[tokio::test]
async fn reins_needs_a_known_student() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        // V2 and V1: the fault names codEtu.
        let r = app.soap11(PORT, &v2(&with(&reins("29999999"), &[]))).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some(UNKNOWN_STUDENT),
            "{b:?}: {}",
            r.body
        );
        assert!(
            r.body
                .contains("<element>mettreAJourLaissezPasserWS_V2/codEtu</element>"),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("29999999"),
            "the reason names it: {}",
            r.body
        );
        let r = app
            .soap11(
                PORT,
                &op(
                    NS,
                    "mettreAJourLaissezPasserWS",
                    "<_typLpa>REINS</_typLpa><_codAnu>2024</_codAnu><_codEtu>29999999</_codEtu>\
                     <_codEtp>L1INF</_codEtp><_codVrsVet>101</_codVrsVet>",
                ),
            )
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some(UNKNOWN_STUDENT),
            "{}",
            r.body
        );
        assert!(
            r.body
                .contains("<element>mettreAJourLaissezPasserWS/_codEtu</element>"),
            "{}",
            r.body
        );
        assert!(lps(&app).await.is_empty());

        // Batch: partial failure with one unknown student.
        let items = [
            item(&with(&reins("21000001"), &[])),
            item(&with(&reins("29999999"), &[])),
            item(&with(&reins("21000002"), &[("libCmtLpa", "lot")])),
        ];
        let r = app.soap11(PORT, &lot(&items, Some("true"))).await;
        assert_eq!(
            statuts(&r.body),
            ["ANNULE", "REFUSE", "ANNULE"],
            "{}",
            r.body
        );
        assert!(lps(&app).await.is_empty());
        let r = app.soap11(PORT, &lot(&items, None)).await;
        assert_eq!(
            statuts(&r.body),
            ["CREE", "REFUSE", "CREE"],
            "{b:?}: {}",
            r.body
        );
        assert!(
            r.body.contains(&format!("<code>{UNKNOWN_STUDENT}</code>")),
            "{}",
            r.body
        );
        assert!(
            r.body.contains("<cle>REINS/29999999/2024/L1INF/101</cle>"),
            "{}",
            r.body
        );
        assert_eq!(
            reins_rows(&app).await,
            [
                ("1001".into(), "21000001".into(), "L1INF".into()),
                ("1002".into(), "21000002".into(), "L1INF".into())
            ],
            "{b:?}"
        );
        // Re-sent: unchanged, no duplicate; the single operation too.
        let r = app.soap11(PORT, &lot(&items, None)).await;
        assert_eq!(
            statuts(&r.body),
            ["INCHANGE", "REFUSE", "INCHANGE"],
            "{}",
            r.body
        );
        let r = app.soap11(PORT, &v2(&with(&reins("21000001"), &[]))).await;
        assert_eq!(r.status, 200, "{}", r.body);
        let got = lps(&app).await;
        assert_eq!(got.len(), 2, "{got:?}");
        assert!(got.iter().all(|s| !s.modified), "{got:?}");
        // A student added later: accepted from then on.
        students(&app, 29_999_999..30_000_000).await;
        let r = app.soap11(PORT, &lot(&items, None)).await;
        assert_eq!(
            statuts(&r.body),
            ["INCHANGE", "CREE", "INCHANGE"],
            "{}",
            r.body
        );
        assert_eq!(lps(&app).await.len(), 3);
    }
}

/// The one precedence rule (`domain::lp::precedence`, which the admin OPI page
/// uses): an LP wins over an OPI wish on the same étape, with what is stored.
#[tokio::test]
async fn an_lp_wins_over_an_opi_wish_on_the_same_etape() {
    use passerelle::domain::lp::{precedence, Grant};
    use passerelle::domain::opi::Voeux;
    for b in backends() {
        let app = app_with_opi(b, "LP00000009").await; // wishes L1INF/101, L1DRT/101
        let r = app
            .soap11(
                PORT,
                &v2(&with(
                    &primo("LP00000009"),
                    &[("codDip", ""), ("codVrsVdi", "")],
                )),
            )
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        let store = app.store().await;
        let opi = store.find_opi("LP00000009").await.unwrap().unwrap();
        let Voeux::Replace(wishes) = &opi.opi.voeux else {
            panic!("wishes: {:?}", opi.opi.voeux)
        };
        let lps: Vec<_> = lps(&app).await.into_iter().map(|s| s.lp).collect();
        let got = precedence(wishes, &lps, Some("2024"));
        let l1inf = got.iter().find(|a| a.cod_etp == "L1INF").unwrap();
        assert_eq!(l1inf.grant, Grant::LaissezPasser(0), "{b:?}: {got:?}");
        assert_eq!(l1inf.wishes_overridden.len(), 1);
        let l1drt = got.iter().find(|a| a.cod_etp == "L1DRT").unwrap();
        assert!(matches!(l1drt.grant, Grant::Wish(_)), "{got:?}");
    }
}

/// The migrations of `dialect` as on disk (the ones the binary embeds).
fn migrations(dialect: &str) -> Vec<refinery::Migration> {
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("migrations")
        .join(dialect);
    let mut v: Vec<refinery::Migration> = std::fs::read_dir(&dir)
        .unwrap()
        .map(|e| {
            let p = e.unwrap().path();
            let name = p.file_stem().unwrap().to_str().unwrap().to_string();
            refinery::Migration::unapplied(&name, &std::fs::read_to_string(&p).unwrap()).unwrap()
        })
        .collect();
    v.sort_by_key(|m| m.version());
    v
}

/// V12: a database at V11 with a `REINS` row of a known student and one of a
/// student no `individu` has; after the migration the first is keyed by its
/// `cod_ind` (`cod_etu_lpa` kept), the second waits in
/// `telem_laisser_passer_sans_ind`, nothing lost.
#[tokio::test]
async fn v12_keys_reins_by_cod_ind_and_keeps_the_unknown_aside() {
    use common::{Backend, FreshDb};
    for b in backends() {
        let db = FreshDb::new(b, "passerelle_v12", "v11.db").await;
        let rows = |now: &str| {
            format!(
                "INSERT INTO individu (cod_ind, cod_etu, lib_nom_pat_ind, lib_pr1_ind, date_nai_ind) \
                 VALUES (777, 21007777, 'ANCIEN', 'ETU', '2003-05-06');
                 INSERT INTO telem_laisser_passer (cod_etu, cod_anu, cod_etp, cod_vrs_vet, cod_dip, \
                 cod_vrs_vdi, lib_cmt_lpa, cod_uti_cre_lpa, dat_cre_lpa) VALUES \
                 ('21007777', '2024', 'L2INF', 101, 'LINF', 101, 'connu', 'scol', {now}), \
                 ('21008888', '2024', 'L1INF', 101, NULL, NULL, 'inconnu', 'scol', {now});"
            )
        };
        let target = refinery::Target::Version(11);
        match b {
            Backend::Sqlite => {
                let path = db.url.strip_prefix("sqlite://").unwrap();
                let mut c = rusqlite::Connection::open(path).unwrap();
                refinery::Runner::new(&migrations("sqlite"))
                    .set_target(target)
                    .run(&mut c)
                    .unwrap();
                c.execute_batch(&rows("'2024-06-01T10:00:00.000Z'"))
                    .unwrap();
            }
            Backend::Postgres => {
                let (mut c, conn) = tokio_postgres::connect(&db.url, tokio_postgres::NoTls)
                    .await
                    .unwrap();
                let task = tokio::spawn(conn);
                refinery::Runner::new(&migrations("postgres"))
                    .set_target(target)
                    .run_async(&mut c)
                    .await
                    .unwrap();
                c.batch_execute(&rows("now()")).await.unwrap();
                drop(c);
                let _ = task.await;
            }
        }
        let store = passerelle::store::open(&db.url, &Default::default())
            .await
            .expect("migrated to the latest version");
        let got = store.find_lps().await.unwrap();
        assert_eq!(got.len(), 1, "{b:?}: {got:?}");
        assert_eq!(got[0].cod_ind, Some(777));
        assert_eq!(got[0].lp.cod_etu.as_deref(), Some("21007777"));
        assert_eq!(got[0].lp.cod_dip.as_deref(), Some("LINF"));
        assert_eq!(got[0].lp.lib_cmt_lpa.as_deref(), Some("connu"));
        assert_eq!(got[0].cod_uti_cre_lpa, "scol");
        let aside = store
            .sql_read(vec![passerelle::store::etudiant::Sql::new(
                "SELECT cod_etu, cod_etp, lib_cmt_lpa, cod_uti_cre_lpa FROM telem_laisser_passer_sans_ind",
                vec![],
            )])
            .await
            .unwrap();
        assert_eq!(
            aside[0],
            [vec![
                Some("21008888".to_string()),
                Some("L1INF".to_string()),
                Some("inconnu".to_string()),
                Some("scol".to_string())
            ]],
            "{b:?}"
        );
    }
}
