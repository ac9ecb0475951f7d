//! The call journal over HTTP, on every back-end: accepted and faulted calls,
//! calls refused before dispatch and by authentication, no personal data in
//! the table, the retention purge, `passerelle journal list|stats`.

mod common;

use common::opi::{voeu, OpiReq, VoeuxReq};
use common::{backends, TestApp};
use passerelle::journal::{Entry, Filter};
use std::time::Duration;

/// Distinctive personal values: none may reach the journal.
const NOM: &str = "ZQXWNOMJRN";
const PRENOM: &str = "QWPRENOMJRN";
const NAISSANCE: &str = "17021999";
const RUE: &str = "9 impasse Jrnstreet";

fn fast_journal(c: &mut passerelle::Config) {
    c.journal.flush_interval_ms = 50;
}

/// Every row, newest first, once at least `n` are there (5 s at most).
async fn rows(app: &TestApp, n: usize) -> Vec<Entry> {
    let store = app.store().await;
    let f = Filter {
        limit: 10_000,
        ..Filter::default()
    };
    for _ in 0..100 {
        let r = store.journal_list(&f).await.expect("journal_list");
        if r.len() >= n {
            return r;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    let r = store.journal_list(&f).await.unwrap();
    panic!("expected {n} journal rows, found {}: {r:#?}", r.len());
}

fn personal(key: &str) -> OpiReq {
    let mut r = OpiReq::new(10, key);
    r.etat_civil.insert("libNomPatIndOpi", NOM.into());
    r.etat_civil.insert("libPr1IndOpi", PRENOM.into());
    r.naissance.insert("dateNaiIndOpi", NAISSANCE.into());
    r.adresse_fixe.as_mut().unwrap().insert("lib1", RUE.into());
    r
}

fn find(rows: &[Entry], pred: impl Fn(&Entry) -> bool) -> &Entry {
    rows.iter()
        .find(|e| pred(e))
        .unwrap_or_else(|| panic!("no such row in {rows:#?}"))
}

#[tokio::test]
async fn accepted_faulted_and_refused_calls_are_journalled_without_personal_data() {
    for b in backends() {
        let app = TestApp::spawn_with(b, fast_journal).await;
        // Accepted.
        let r = app.push_opi(&personal("JRN0000001")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        // Faulted in the handler: a wish on an unknown étape.
        let bad_wish =
            personal("JRN0000002").with_voeux(VoeuxReq::Items(vec![voeu("SC1", "NOPE99", 1, 1)]));
        let r = app.push_opi(&bad_wish).await;
        assert_eq!(r.status, 500, "{}", r.body);
        // Faulted on a personal field whose reason quotes the value.
        let mut long_name = personal("JRN0000003");
        long_name
            .etat_civil
            .insert("libNomPatIndOpi", format!("{NOM}{NOM}{NOM}{NOM}"));
        let r = app.push_opi(&long_name).await;
        assert!(r.body.contains(NOM), "the client gets the full reason");
        // A bad birth date (the reason quotes it).
        let mut bad_date = personal("JRN0000004");
        bad_date
            .naissance
            .insert("dateNaiIndOpi", "31139999".into());
        app.push_opi(&bad_date).await;
        // Refused before dispatch: not XML.
        let path = format!("{}/OpiMetier", app.config.base_path);
        let r = app
            .post(&path, "text/xml; charset=utf-8", format!("<oops>{NOM}"))
            .await;
        assert_eq!(r.status, 500);
        // Refused before the body is read: not a SOAP media type.
        let r = app.post(&path, "application/json", "{}").await;
        assert_eq!(r.status, 415);
        // Unknown operation.
        let r = app
            .soap11("OpiMetier", &common::op("urn:x", "nimporteQuoi", ""))
            .await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.message.unknownoperation")
        );
        // A read: the generic key.
        let r = app.recuperer_pays(Some("100"), "T").await;
        assert_eq!(r.status, 200, "{}", r.body);

        let all = rows(&app, 8).await;
        assert_eq!(all.len(), 8, "{all:#?}");

        let ok = find(&all, |e| {
            e.business_key.as_deref() == Some("codOpiIntEpo=JRN0000001")
        });
        assert_eq!(ok.service, "OpiMetier");
        assert_eq!(ok.operation.as_deref(), Some("mettreajourDonneesOpi_v10"));
        assert_eq!((ok.outcome.as_str(), ok.http_status), ("ok", 200));
        assert!(ok.duration_us > 0 && ok.request_bytes > 1000, "{ok:?}");
        assert_eq!(
            (
                ok.client.as_ref(),
                ok.field_path.as_ref(),
                ok.reason.as_ref()
            ),
            (None, None, None)
        );
        assert!(ok.at.ends_with('Z') && ok.at.len() == 27, "{}", ok.at);

        let wish = find(&all, |e| {
            e.business_key.as_deref() == Some("codOpiIntEpo=JRN0000002")
        });
        assert_eq!(wish.outcome, "technical.parameter.noncoherentinput.codEtp");
        assert_eq!(wish.http_status, 500);
        assert!(
            wish.field_path
                .as_deref()
                .unwrap()
                .ends_with("voeux/item[1]/codEtp"),
            "{wish:?}"
        );
        assert!(!wish.reason.as_deref().unwrap().is_empty());

        let name = find(&all, |e| {
            e.business_key
                .as_deref()
                .is_some_and(|k| k.contains("JRN0000003"))
        });
        assert_eq!(
            name.outcome,
            "technical.parameter.noncoherentinput.libNomPatIndOpi"
        );
        assert!(name.reason.as_deref().unwrap().contains("personal field"));

        let xml = find(&all, |e| e.outcome == "technical.message.malformed");
        assert_eq!(
            (xml.operation.as_ref(), xml.business_key.as_ref()),
            (None, None)
        );
        assert!(xml.request_bytes > 0);
        let ct = find(&all, |e| e.http_status == 415);
        assert_eq!(
            (ct.outcome.as_str(), ct.request_bytes),
            ("technical.message.contenttype", 2)
        );
        let unknown = find(&all, |e| e.outcome == "technical.message.unknownoperation");
        assert_eq!(
            unknown.field_path.as_deref(),
            Some("Envelope/Body/nimporteQuoi")
        );
        let pays = find(&all, |e| e.service == "GeographieMetier");
        assert_eq!(pays.business_key.as_deref(), Some("codePays=100"));

        // Nothing personal anywhere in the table.
        let dump = serde_json::to_string(&all).unwrap();
        for secret in [
            NOM,
            PRENOM,
            NAISSANCE,
            "31139999",
            "Jrnstreet",
            "LEFÈVRE",
            "1234567890",
        ] {
            assert!(!dump.contains(secret), "{secret} journalled: {dump}");
        }
    }
}

#[tokio::test]
async fn authentication_failures_and_forbidden_calls_are_journalled() {
    let hash = passerelle::http::auth::hash_secret("s3cret").unwrap();
    for b in backends() {
        let h = hash.clone();
        let app = TestApp::spawn_with(b, move |c| {
            fast_journal(c);
            c.auth.clients.push(passerelle::config::ClientConfig {
                name: "ent".into(),
                secret_hash: h,
                services: vec!["GeographieMetier".into()],
                pj_read: false,
                enabled: true,
                ..Default::default()
            });
        })
        .await;
        let r = app.recuperer_pays(Some("100"), "T").await;
        assert_eq!(r.status, 401);
        let r = app
            .client
            .post(app.service_url("OpiMetier"))
            .basic_auth("ent", Some("s3cret"))
            .header("content-type", "text/xml; charset=utf-8")
            .body(common::envelope11(&OpiReq::new(10, "JRN0000009").xml()))
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 403);
        let all = rows(&app, 2).await;
        let unauth = find(&all, |e| e.http_status == 401);
        assert_eq!(unauth.outcome, "technical.security.invaliduser.user");
        assert_eq!(unauth.client, None);
        let forbidden = find(&all, |e| e.http_status == 403);
        assert_eq!(
            forbidden.outcome,
            "technical.security.forbidden.mettreajourDonneesOpi_v10"
        );
        assert_eq!(forbidden.client.as_deref(), Some("ent"));
        assert_eq!(
            forbidden.operation.as_deref(),
            Some("mettreajourDonneesOpi_v10")
        );
        assert_eq!(
            forbidden.business_key.as_deref(),
            Some("codOpiIntEpo=JRN0000009")
        );
    }
}

fn entry(at: String, outcome: &str) -> Entry {
    Entry {
        at,
        service: "OpiMetier".into(),
        operation: Some("mettreajourDonneesOpi_v10".into()),
        outcome: outcome.into(),
        http_status: if outcome == "ok" { 200 } else { 500 },
        duration_us: 1234,
        request_bytes: 5000,
        business_key: Some("codOpiIntEpo=OLD".into()),
        ..Entry::default()
    }
}

#[tokio::test]
async fn rows_older_than_the_retention_are_purged() {
    for b in backends() {
        let app = TestApp::spawn_with(b, |c| {
            c.journal.retention_days = 30;
            c.journal.purge_interval_secs = 0.2;
        })
        .await;
        let now = time::OffsetDateTime::now_utc();
        let old = passerelle::journal::timestamp(now - time::Duration::days(31));
        let recent = passerelle::journal::timestamp(now - time::Duration::days(29));
        let store = app.store().await;
        store
            .journal_insert(vec![entry(old, "ok"), entry(recent.clone(), "ok")])
            .await
            .unwrap();
        let f = Filter {
            limit: 100,
            ..Filter::default()
        };
        let mut left = Vec::new();
        for _ in 0..50 {
            left = store.journal_list(&f).await.unwrap();
            if left.len() == 1 {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        assert_eq!(left.len(), 1, "{left:#?}");
        assert_eq!(left[0].at, recent);
    }
}

fn passerelle(args: &[&str]) -> (i32, String, String) {
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_passerelle"))
        .args(args)
        .env_remove("PASSERELLE_CONFIG")
        .env_remove("PASSERELLE_DATABASE_URL")
        .output()
        .expect("run passerelle");
    (
        out.status.code().unwrap_or(-1),
        String::from_utf8_lossy(&out.stdout).into_owned(),
        String::from_utf8_lossy(&out.stderr).into_owned(),
    )
}

#[tokio::test]
async fn the_cli_lists_filters_and_summarises() {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let store = app.store().await;
        let now = time::OffsetDateTime::now_utc();
        let t = |s: i64| passerelle::journal::timestamp(now - time::Duration::seconds(s));
        let mut rows = vec![
            entry(t(50), "ok"),
            entry(t(40), "ok"),
            entry(t(30), "technical.parameter.noncoherentinput.codEtp"),
            entry(t(3 * 86_400), "ok"),
        ];
        rows[2].business_key = Some("codOpiIntEpo=CLI0000001".into());
        rows[2].field_path =
            Some("mettreajourDonneesOpi_v10/_donneesOpi/voeux/item[1]/codEtp".into());
        rows[2].reason = Some("no such VET".into());
        rows[1].duration_us = 9000;
        store.journal_insert(rows).await.unwrap();
        let url = app.config.database_url.clone();

        let (code, out, err) = passerelle(&[
            "journal",
            "list",
            "--database",
            &url,
            "--faults-only",
            "--json",
        ]);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<serde_json::Value> = out
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines.len(), 1, "{out}");
        assert_eq!(lines[0]["business_key"], "codOpiIntEpo=CLI0000001");
        assert_eq!(lines[0]["reason"], "no such VET");

        let (code, out, err) = passerelle(&[
            "journal",
            "list",
            "--database",
            &url,
            "--since",
            "1h",
            "--code",
            "technical.parameter",
        ]);
        assert_eq!(code, 0, "{err}");
        assert_eq!(out.lines().count(), 2, "{out}");
        assert!(out.starts_with("at\tclient\tservice"), "{out}");
        assert!(
            out.contains("\ttechnical.parameter.noncoherentinput.codEtp\t500\t"),
            "{out}"
        );

        let (code, out, _) =
            passerelle(&["journal", "list", "--database", &url, "--key", "CLI0000001"]);
        assert_eq!((code, out.lines().count()), (0, 2), "{out}");
        let (_, out, _) = passerelle(&["journal", "list", "--database", &url, "--limit", "2"]);
        assert_eq!(out.lines().count(), 3, "{out}");

        let (code, out, err) =
            passerelle(&["journal", "stats", "--database", &url, "--since", "1h"]);
        assert_eq!(code, 0, "{err}");
        let line = out
            .lines()
            .find(|l| l.starts_with("OpiMetier"))
            .unwrap_or_else(|| panic!("{out}"));
        let cols: Vec<&str> = line.split_whitespace().collect();
        // service operation calls faults error% p50 p95 p99
        assert_eq!(
            &cols[..5],
            ["OpiMetier", "mettreajourDonneesOpi_v10", "3", "1", "33.3"],
            "{out}"
        );
        assert_eq!(cols[5], "1.2");
        assert_eq!(cols[7], "9.0");
        let (_, out, _) = passerelle(&[
            "journal",
            "stats",
            "--database",
            &url,
            "--since",
            "7d",
            "--json",
        ]);
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v[0]["calls"], 4, "{out}");

        let (code, _, err) =
            passerelle(&["journal", "list", "--database", &url, "--since", "hier"]);
        assert_ne!(code, 0);
        assert!(err.contains("hier"), "{err}");
    }
}

fn pj_request(key: &str, nom: &str, fic: &str) -> String {
    use base64::Engine;
    let pdf = format!("%PDF-1.4\n% {NOM} secret body\ntrailer <</Root 1 0 R>>\n%%EOF\n");
    common::op(
        "gouv.education.apogee.commun.servicesmetiers.PjOpiMetier",
        "recupererPiecesJustificativesOPIWS",
        &format!(
            "<_codOpiIntEpo>{key}</_codOpiIntEpo><_libNomPatIndOpi>{nom}</_libNomPatIndOpi><_libPr1IndOpi>{PRENOM}</_libPr1IndOpi><_codTpj>BAC</_codTpj><_nomFic>{fic}</_nomFic><_pj>{}</_pj>",
            base64::engine::general_purpose::STANDARD.encode(pdf)
        ),
    )
}

#[tokio::test]
async fn documents_and_laissez_passer_carry_their_keys() {
    for b in backends() {
        let dir = tempfile::tempdir().unwrap();
        let pj_dir = dir.path().display().to_string();
        let app = TestApp::spawn_with(b, move |c| {
            fast_journal(c);
            c.pj.dir = pj_dir;
        })
        .await;
        assert_eq!(app.push_opi(&personal("JRN0000005")).await.status, 200);
        let fic = format!("{NOM}_releve.pdf");
        let r = app
            .soap11("PjOpiMetier", &pj_request("JRN0000005", NOM, &fic))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
        // The identity check quotes the name sent.
        let r = app
            .soap11(
                "PjOpiMetier",
                &pj_request("JRN0000005", "AUTRENOMJRN", &fic),
            )
            .await;
        assert_eq!(r.status, 500, "{}", r.body);
        assert!(r.body.contains("AUTRENOMJRN"));
        let lp = common::admin::lp_primo("JRN0000005", "L1INF", "101");
        let r = app.soap11("LaissezPasserMetier", &lp).await;
        assert_eq!(r.status, 200, "{}", r.body);

        let all = rows(&app, 4).await;
        let docs: Vec<&Entry> = all.iter().filter(|e| e.service == "PjOpiMetier").collect();
        assert_eq!(docs.len(), 2, "{all:#?}");
        for d in &docs {
            assert_eq!(
                d.business_key.as_deref(),
                Some("codOpiIntEpo=JRN0000005 codTpj=BAC")
            );
            assert_eq!(
                d.operation.as_deref(),
                Some("recupererPiecesJustificativesOPIWS")
            );
        }
        assert!(docs.iter().any(|d| d.is_ok()));
        let lp = find(&all, |e| e.service == "LaissezPasserMetier");
        assert_eq!(
            lp.business_key.as_deref(),
            Some("lp=IAPRIMO/JRN0000005/2026/L1INF/101")
        );
        let dump = serde_json::to_string(&all).unwrap();
        for secret in [NOM, PRENOM, "AUTRENOMJRN", "releve", "secret body", "JVBER"] {
            assert!(!dump.contains(secret), "{secret} journalled: {dump}");
        }
    }
}

#[tokio::test]
async fn a_graceful_shutdown_writes_the_buffered_rows() {
    for b in backends() {
        let mut app = TestApp::spawn_with(b, |c| c.journal.flush_interval_ms = 600_000).await;
        let r = app.recuperer_pays(Some("100"), "T").await;
        assert_eq!(r.status, 200);
        tokio::time::sleep(Duration::from_millis(200)).await;
        let store = app.store().await;
        let f = Filter {
            limit: 10,
            ..Filter::default()
        };
        let early = store.journal_list(&f).await.unwrap();
        assert!(early.is_empty(), "buffered, not written yet: {early:#?}");
        app.stop().await;
        let left = store.journal_list(&f).await.unwrap();
        assert_eq!(left.len(), 1, "{left:#?}");
        assert_eq!(left[0].business_key.as_deref(), Some("codePays=100"));
    }
}

/// The audit trail (issue 8) is the journal seen through the `audit` view: the
/// call's client, service, operation, outcome, size, duration, key and request id.
#[tokio::test]
async fn the_audit_view_shows_every_call() {
    for b in backends() {
        let app = TestApp::spawn_with(b, fast_journal).await;
        let r = app.recuperer_pays(Some("100"), "T").await;
        assert_eq!(r.status, 200);
        rows(&app, 1).await;
        let sql = "SELECT service || '|' || operation || '|' || outcome || '|' || \
                   CAST(http_status AS TEXT) || '|' || CAST((request_bytes > 0) AS TEXT) || '|' || \
                   CAST(length(request_id) AS TEXT) FROM audit ORDER BY called_at LIMIT 1";
        let got: String = match b {
            common::Backend::Sqlite => {
                let path = app
                    .config
                    .database_url
                    .strip_prefix("sqlite://")
                    .unwrap()
                    .to_string();
                tokio::task::spawn_blocking(move || {
                    rusqlite::Connection::open(path)
                        .unwrap()
                        .query_row(sql, [], |r| r.get(0))
                        .unwrap()
                })
                .await
                .unwrap()
            }
            common::Backend::Postgres => {
                let (c, conn) =
                    tokio_postgres::connect(&app.config.database_url, tokio_postgres::NoTls)
                        .await
                        .unwrap();
                tokio::spawn(conn);
                c.query_one(sql, &[]).await.unwrap().get(0)
            }
        };
        let want_true = if b == common::Backend::Sqlite {
            "1"
        } else {
            "true"
        };
        assert_eq!(
            got,
            // The request id (V13): `<node 8 hex>-<counter 8 hex>`.
            format!("GeographieMetier|recupererPays|ok|200|{want_true}|17"),
            "{b:?}"
        );
    }
}

/// A registrar's complaint quotes the request id of a fault (the end of
/// `lastErrorMsg`, or the `X-Request-Id` header): `journal list --request-id`
/// and the admin page's filter find that one row. Calls refused before
/// dispatch and accepted calls carry their id too.
#[tokio::test]
async fn a_fault_quoted_request_id_leads_to_its_row() {
    for b in backends() {
        let app = TestApp::spawn_with(b, fast_journal).await;
        // A fault in the handler, under an id drawn by the server.
        let bad_wish = OpiReq::new(10, "RID0000001")
            .with_voeux(VoeuxReq::Items(vec![voeu("SC1", "NOPE99", 1, 1)]));
        let r = app.push_opi(&bad_wish).await;
        assert_eq!(r.status, 500, "{}", r.body);
        let header = r.headers["x-request-id"].to_str().unwrap().to_string();
        let msg = r.text_of("lastErrorMsg").unwrap();
        let quoted = msg
            .rsplit_once("(requête ")
            .and_then(|(_, rest)| rest.strip_suffix(')'))
            .unwrap_or_else(|| panic!("no request id in {msg}"))
            .to_string();
        assert_eq!(quoted, header);
        // Refused before dispatch (not XML), under the client's own id.
        let path = format!("{}/OpiMetier", app.config.base_path);
        let r = app
            .client
            .post(app.url(&path))
            .header("content-type", "text/xml; charset=utf-8")
            .header("x-request-id", "plainte-2026.17")
            .body("<oops>")
            .send()
            .await
            .unwrap();
        assert_eq!(r.status().as_u16(), 500);
        // Accepted.
        let r = app.recuperer_pays(Some("100"), "T").await;
        assert_eq!(r.status, 200);
        let ok_id = r.headers["x-request-id"].to_str().unwrap().to_string();

        let all = rows(&app, 3).await;
        let ids: Vec<Option<&str>> = all.iter().map(|e| e.request_id.as_deref()).collect();
        for id in [quoted.as_str(), "plainte-2026.17", ok_id.as_str()] {
            assert_eq!(
                ids.iter().filter(|i| **i == Some(id)).count(),
                1,
                "{id}: {all:#?}"
            );
        }
        let refused = find(&all, |e| e.request_id.as_deref() == Some("plainte-2026.17"));
        assert_eq!(refused.outcome, "technical.message.malformed");
        assert_eq!(refused.operation, None);

        // The operator, given the id: the CLI…
        let url = app.config.database_url.clone();
        let (code, out, err) = passerelle(&[
            "journal",
            "list",
            "--database",
            &url,
            "--request-id",
            &quoted,
        ]);
        assert_eq!(code, 0, "{err}");
        let lines: Vec<&str> = out.lines().collect();
        assert_eq!(lines.len(), 2, "{out}");
        assert!(lines[0].ends_with("\treason\trequest_id"), "{out}");
        let cols: Vec<&str> = lines[1].split('\t').collect();
        assert_eq!(cols[4], "technical.parameter.noncoherentinput.codEtp");
        assert_eq!(cols[8], "codOpiIntEpo=RID0000001");
        assert_eq!(cols.last().copied(), Some(quoted.as_str()), "{out}");
        let (code, out, _) = passerelle(&[
            "journal",
            "list",
            "--database",
            &url,
            "--request-id",
            "plainte-2026.17",
            "--json",
        ]);
        assert_eq!(code, 0);
        let v: serde_json::Value = serde_json::from_str(out.trim()).unwrap();
        assert_eq!(v["request_id"], "plainte-2026.17");
        assert_eq!(v["outcome"], "technical.message.malformed");
        let (code, out, _) = passerelle(&[
            "journal",
            "list",
            "--database",
            &url,
            "--request-id",
            "nothing-like-it",
        ]);
        assert_eq!((code, out.lines().count()), (0, 1), "{out}");

        // …and the admin page (demo mode: loopback access).
        let r = app.get(&format!("/admin/journal?requete={quoted}")).await;
        assert_eq!(r.status, 200, "{}", r.body);
        assert!(r.body.contains("1 appel(s)"), "{}", r.body);
        assert!(
            r.body
                .contains("technical.parameter.noncoherentinput.codEtp"),
            "{}",
            r.body
        );
        assert!(r.body.contains(&format!("<code>{quoted}</code>")));
        assert!(r
            .body
            .contains(&format!("name=\"requete\" value=\"{quoted}\"")));
        assert!(!r.body.contains(&ok_id), "{}", r.body);
        // The unfiltered page links every id to its row.
        let r = app.get("/admin/journal").await;
        assert!(
            r.body
                .contains(&format!("href=\"/admin/journal?requete={ok_id}\"")),
            "{}",
            r.body
        );
    }
}
