//! `LaissezPasserMetier` over HTTP: V1/V2 wire shapes, validation faults,
//! database rules, idempotence, batches (partial failure, all or nothing, 10,000
//! items), on every back-end.

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
                    ("codEtu", "12345678"),
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
        assert_eq!(r.lp.cod_etu.as_deref(), Some("12345678"));
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
        let good2 = item(&with(&reins("20000001"), &[]));
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
             REINS,2024,,22000001,L1INF,101,,,,,\n\
             REINS,24,,22000002,L1INF,101,,,,,\n\
             IAPRIMO,2024,NOSUCHOPI,,L1INF,101,,,,,\n\
             REINS,2024,,22000003,NOPE,101,,,,,\n",
        )
        .unwrap();
        let (code, out, report) = import_lp(&app, &bad, &["--user", "scol-centrale"]);
        assert_eq!(code, 2, "{out}");
        assert!(
            out.contains("created   1") && out.contains("error     3"),
            "{out}"
        );
        assert!(
            report.contains(
                "3;REINS/22000002/24/L1INF/101;error;technical.parameter.noncoherentinput.codAnu"
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
                "5;REINS/22000003/2024/NOPE/101;error;technical.parameter.noncoherentinput.codEtp"
            ),
            "{report}"
        );
        let got = lps(&app).await;
        assert_eq!(got.len(), 4);
        let new = got
            .iter()
            .find(|s| s.lp.cod_etu.as_deref() == Some("22000001"))
            .unwrap();
        assert_eq!(new.cod_uti_cre_lpa, "scol-centrale");

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
            item(&with(&reins("23000001"), &[])),
            item(&with(&reins("23000002"), &[])),
        ];
        let r = soap_as(&app, PORT, &lot(&items, None), "esup", "s3").await;
        assert_eq!(statuts(&r.body), ["CREE", "CREE"], "{}", r.body);
        let changed = [item(&with(&reins("23000002"), &[("libCmtLpa", "x")]))];
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
                r#"<ns2:addTelemLaisserPasser xmlns:ns2="{ESUP_NS}"><arg0><codAnu>2024</codAnu><codEtp>L1INF</codEtp><codEtuLpa>23000003</codEtuLpa><codInd>0</codInd><codUtiCreLpa>ignored</codUtiCreLpa><codVrsVet>101</codVrsVet></arg0></ns2:addTelemLaisserPasser>"#
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
        assert_eq!(by("23000001"), Some(("esup", None)), "{b:?}");
        assert_eq!(
            by("23000002"),
            Some(("esup", Some("apogee-ufr-droit"))),
            "{b:?}"
        );
        assert_eq!(by("23000003"), Some(("esup", None)), "{b:?}");
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
        let a = item(&with(&reins("24000001"), &[]));
        let a2 = item(&with(&reins("24000001"), &[("libCmtLpa", "deux")]));
        let p = item(&with(&primo("LP00000008"), &[]));
        let p2 = item(&with(&primo("LP00000008"), &[("codRgi", "1")]));
        let other = item(&with(&reins("24000002"), &[]));
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
            .find(|s| s.lp.cod_etu.as_deref() == Some("24000001"))
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
