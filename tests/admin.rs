//! The `/admin` pages over HTTP: the gate (demo loopback, admin right, 401 /
//! 403), and what each page shows a registrar, on every back-end.

mod common;

use common::admin::app_with_data;
use common::{backends, Backend, TestApp};

fn assert_html(r: &common::Reply) {
    assert_eq!(r.status, 200, "{}", r.body);
    assert_eq!(r.content_type, "text/html; charset=utf-8");
    assert!(r.body.starts_with("<!DOCTYPE html>"));
    assert!(!r.body.contains("<script"), "no script");
    assert!(
        !r.body.contains("http://") && !r.body.contains("https://"),
        "no external resource"
    );
    assert!(r.headers.get("content-security-policy").is_some());
}

#[tokio::test]
async fn every_page_shows_what_a_registrar_needs() {
    for b in backends() {
        let app = app_with_data(b).await;

        let r = app.get("/admin").await;
        assert_html(&r);
        for label in [
            "Tableau de bord",
            "Appels par service et opération",
            "Taux d'erreur",
            "Latence p50 (ms)",
            "Derniers rejets",
            "mettreajourDonneesOpi_v10",
            "LaissezPasserMetier",
            "technical.parameter.noncoherentinput.codEtp",
            "codOpiIntEpo=ADM0000002",
        ] {
            assert!(
                r.body.contains(label),
                "dashboard lacks {label}: {}",
                r.body
            );
        }

        // Search by first name, accent- and case-insensitive: two ÉLODIE → a list.
        let r = app.get("/admin/opi?q=elodie").await;
        assert_html(&r);
        assert!(r.body.contains("2 OPI trouvée(s)"), "{}", r.body);
        assert!(
            r.body.contains("href=\"/admin/opi?code=ADM0000001\""),
            "{}",
            r.body
        );
        assert!(r.body.contains("ADM0000003"));
        // By INE (both share the test INE), by code prefix.
        let r = app.get("/admin/opi?q=1234567890a").await;
        assert!(r.body.contains("2 OPI trouvée(s)"), "{}", r.body);
        let r = app.get("/admin/opi?q=ADM000000").await;
        assert!(r.body.contains("2 OPI trouvée(s)"), "{}", r.body);
        // One hit (by name, accents ignored): the record itself.
        let r = app.get("/admin/opi?q=lefevre%20elodie").await;
        assert!(r.body.contains("OPI ADM0000001 —"), "{}", r.body);
        let r = app.get("/admin/opi?q=ADM0000001").await;
        assert_html(&r);
        for label in [
            "OPI ADM0000001 — LEFÈVRE ÉLODIE",
            "Étapes ouvertes à l'inscription",
            "Vœux (2)",
            "Laissez-passer (2)",
            "Pièces justificatives (0)",
            "L1 Informatique",
            "Laissez-passer 2026",
            "le vœu OPI sur cette étape est écarté : le laissez-passer prime",
            "Vœu OPI (centre DR1)",
            "dérogation jury",
            "Nom patronymique",
            "Date de naissance",
            "14/03/2006",
        ] {
            assert!(r.body.contains(label), "OPI page lacks {label}: {}", r.body);
        }
        // The LP row of L1INF wins; M1INF comes from an LP alone.
        let access = &r.body[r.body.find("class=\"access\"").unwrap()..];
        let access = &access[..access.find("</table>").unwrap()];
        assert_eq!(access.matches("<tr class=\"win\">").count(), 2, "{access}");
        assert!(access.contains("L1DRT"));

        // Markup in data is escaped.
        let r = app.get("/admin/opi?code=ADM0000003").await;
        assert_html(&r);
        assert!(r.body.contains("&lt;b&gt;GRAS&lt;/b&gt;"), "{}", r.body);
        assert!(!r.body.contains("<b>GRAS</b>"));
        let r = app.get("/admin/opi?q=%3Cscript%3E").await;
        assert!(r.body.contains("&lt;script&gt;") && !r.body.contains("<script>"));
        let r = app.get("/admin/opi?code=NOPE").await;
        assert!(r.body.contains("Aucune OPI n'a le numéro « NOPE »"));

        let r = app.get("/admin/offre?tout=1").await;
        assert_html(&r);
        for label in [
            "Diplôme LINF",
            "VDI LINF v",
            "Étape L1INF — Licence 1re année Informatique",
            "VET L1INF / 101",
            "Liste ",
            "ELP <code>",
            "<details class=\"dip\" open>",
        ] {
            assert!(r.body.contains(label), "tree lacks {label}: {}", r.body);
        }
        let r = app.get("/admin/offre").await;
        assert!(r.body.contains("<details class=\"dip\">"));

        let r = app
            .get("/admin/journal?code=technical.parameter&erreurs=1&du=1h")
            .await;
        assert_html(&r);
        assert!(r.body.contains("1 appel(s)"), "{}", r.body);
        assert!(r.body.contains("voeux/item[1]/codEtp"));
        assert!(r.body.contains("href=\"/admin/opi?code=ADM0000002\""));
        let r = app
            .get("/admin/journal?operation=mettreAJourLaissezPasserWS_V2")
            .await;
        assert!(r.body.contains("2 appel(s)"), "{}", r.body);
        assert!(
            r.body.contains("lp=IAPRIMO/ADM0000001/2026/M1INF/101"),
            "{}",
            r.body
        );
        let r = app.get("/admin/journal?du=hier").await;
        assert!(r.body.contains("« hier »"), "{}", r.body);
        let r = app.get("/admin/journal?client=nobody").await;
        assert!(r.body.contains("Aucun appel ne correspond."));

        let r = app.get("/admin/nope").await;
        assert_eq!(r.status, 404);
        let r = app.post("/admin", "text/plain", "x").await;
        assert_eq!(r.status, 405);
    }
}

#[tokio::test]
async fn demo_mode_serves_loopback_only() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    assert_eq!(app.get("/admin").await.status, 200);
    // Relayed by a proxy: the peer is loopback but the client is not.
    let r = app
        .client
        .get(app.url("/admin"))
        .header("x-forwarded-for", "203.0.113.7")
        .send()
        .await
        .unwrap();
    assert_eq!(r.status().as_u16(), 403);
    assert!(r.text().await.unwrap().contains("mode démonstration"));
}

#[tokio::test]
async fn with_accounts_only_an_admin_client_gets_in() {
    let admin = passerelle::http::auth::hash_secret("adm1n").unwrap();
    let app_hash = passerelle::http::auth::hash_secret("s3cret").unwrap();
    let app = TestApp::spawn_with(Backend::Sqlite, move |c| {
        for (name, hash, services) in [
            ("scolarite", admin, vec!["admin".to_string()]),
            ("ecandidat", app_hash, vec!["*".to_string()]),
        ] {
            c.auth.clients.push(passerelle::config::ClientConfig {
                name: name.into(),
                secret_hash: hash,
                services,
                pj_read: false,
                enabled: true,
            });
        }
    })
    .await;
    let r = app.get("/admin").await;
    assert_eq!(r.status, 401);
    let www = r.headers.get("www-authenticate").unwrap().to_str().unwrap();
    assert!(www.starts_with("Basic realm=\"passerelle-admin\""), "{www}");
    assert!(r.body.contains("Identification requise"));
    let get = |user: &'static str, pass: &'static str, path: &'static str| {
        app.client
            .get(app.url(path))
            .basic_auth(user, Some(pass))
            .send()
    };
    assert_eq!(
        get("scolarite", "wrong", "/admin").await.unwrap().status(),
        401
    );
    // "*" is every SOAP service, not the admin pages.
    let r = get("ecandidat", "s3cret", "/admin").await.unwrap();
    assert_eq!(r.status(), 403);
    assert!(r.text().await.unwrap().contains("le droit « admin »"));
    for path in ["/admin", "/admin/opi?q=x", "/admin/offre", "/admin/journal"] {
        let r = get("scolarite", "adm1n", path).await.unwrap();
        assert_eq!(r.status(), 200, "{path}");
        let body = r.text().await.unwrap();
        assert!(body.contains("Passerelle Apogée — administration"));
        if path == "/admin" {
            assert!(body.contains("Connecté : scolarite"), "{body}");
        }
    }
}
