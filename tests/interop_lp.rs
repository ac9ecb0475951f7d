//! Interoperability of `LaissezPasserMetier`: real, independent SOAP clients
//! create laissez-passer.
//!
//! `tests/interop/zeep_lp.py` and `tests/interop/php_lp.php` call
//! `mettreAJourLaissezPasserWS` (V1, `_` names) and
//! `mettreAJourLaissezPasserWS_V2` with some parameters not given — zeep
//! refuses `None` for these mandatory `xsd:string` parameters and sends `""`,
//! PHP's `SoapClient` is given `null` and sends an empty element — then a V2
//! update of the same laissez-passer and a V2 call the service refuses (no
//! `numOPI`: the SOAP fault, read by the client); through our WSDL they also
//! call our batch operation `mettreAJourLaissezPasserLot` (two valid items and
//! a refused one). Each client runs
//!
//! * (a) from the WSDL we serve at `LaissezPasserMetier?wsdl`, calling the
//!   address that WSDL names (batch included);
//! * (b) from AMUE's original `LaissezPasserMetier_Impl.wsdl` on disk (V1 and
//!   V2 only: it has no batch), the endpoint overridden to this server;
//!
//! on every back-end (SQLite; PostgreSQL too when
//! `PASSERELLE_TEST_POSTGRES_URL` is set). The `REINS` students are the demo
//! ones (`210000` + `01`…`04`: a `REINS` needs a known `individu`). The rows are then read back from the
//! database: "not given" stored as NULL, the update made in place.
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop_lp -- --ignored
//! ```
//!
//! A missing client is a failure, not a skip. `PASSERELLE_VENV` names the venv
//! holding zeep (default `<repo>/.venv`), `PASSERELLE_PHP` the PHP binary
//! (default `php`).

mod common;

use common::interop::{self, Client, Scripts};
use common::{backends, TestApp};
use passerelle::store::StoredLp;
use serde_json::Value;

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_lp.py",
    php: "php_lp.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --test interop_lp -- --ignored`",
};
const PORT: &str = "LaissezPasserMetier";
const NO_NUM_OPI: &str = "technical.parameter.noncoherentinput.numOPI";

/// The result of the batch as a list, whatever the client made of it (zeep
/// unwraps the response to its one part, PHP keeps `{resultat: [...]}`).
fn lot_results(client: Client, v: &Value) -> Vec<Value> {
    let list = match client {
        Client::Zeep => v,
        Client::Php => &v["resultat"],
    };
    list.as_array()
        .unwrap_or_else(|| panic!("{}: no batch results in {v:#}", client.name()))
        .clone()
}

/// The empty element a client sends for a parameter not given.
fn empty(client: Client, name: &str) -> String {
    match client {
        Client::Zeep => format!("<{name}></{name}>"),
        Client::Php => format!("<{name}/>"),
    }
}

fn row<'a>(rows: &'a [StoredLp], who: &str) -> &'a StoredLp {
    let found: Vec<&StoredLp> = rows
        .iter()
        .filter(|s| s.lp.num_opi.as_deref() == Some(who) || s.lp.cod_etu.as_deref() == Some(who))
        .collect();
    assert_eq!(found.len(), 1, "one row for {who}: {rows:#?}");
    found[0]
}

async fn create_and_read_back(client: Client, amue: bool, key: &str, etu6: &str) {
    for b in backends() {
        let app = TestApp::spawn(b).await;
        let r = app.push_opi(&common::opi::OpiReq::new(10, key)).await;
        assert_eq!(r.status, 200, "push OPI {key}: {}", r.body);
        let service = app.service_url(PORT);
        let ctx = format!(
            "{} via {} on {b:?}",
            client.name(),
            if amue { "AMUE's WSDL" } else { "?wsdl" }
        );
        let out = if amue {
            let out = SCRIPTS
                .run(
                    client,
                    &interop::amue_wsdl("LaissezPasserMetier_Impl.wsdl"),
                    &[key.as_ref(), etu6.as_ref(), "no".as_ref()],
                    Some(&service),
                )
                .await;
            assert_eq!(out.address().as_deref(), Some(service.as_str()), "{ctx}");
            out
        } else {
            let (_, wsdl) = interop::served_wsdl(&app, PORT).await;
            interop::assert_points_back(&wsdl, &service);
            let out = SCRIPTS
                .run(
                    client,
                    &format!("{service}?wsdl"),
                    &[key.as_ref(), etu6.as_ref(), "yes".as_ref()],
                    None,
                )
                .await;
            interop::assert_endpoint_from_served_wsdl(client, out.address().as_deref(), &service);
            out
        };
        let results = out.field("results");
        let requests = out.string_map("requests");

        // What went on the wire: "not given" as the client sends it.
        let v1 = &requests["v1"];
        for name in ["_codEtu", "_codRgi", "_codStu"] {
            assert!(v1.contains(&empty(client, name)), "{ctx}: {v1}");
        }
        let v2 = &requests["v2"];
        for name in ["numOPI", "codDip", "codVrsVdi", "mtfCat", "codCatExoExt"] {
            assert!(v2.contains(&empty(client, name)), "{ctx}: {v2}");
        }

        // The refusal, as the client decoded it.
        assert_eq!(
            results["fault"].as_str(),
            Some(NO_NUM_OPI),
            "{ctx}: {results:#}"
        );
        assert!(
            results["fault_code"]
                .as_str()
                .is_some_and(|c| c.ends_with("Client")),
            "{ctx}: {results:#}"
        );

        // The batch's per-item results (our WSDL only).
        if !amue {
            let lot = lot_results(client, &results["lot"]);
            let statuts: Vec<&str> = lot.iter().filter_map(|r| r["statut"].as_str()).collect();
            assert_eq!(statuts, ["CREE", "CREE", "REFUSE"], "{ctx}: {lot:#?}");
            assert_eq!(lot[2]["index"].as_i64(), Some(3), "{ctx}");
            assert_eq!(
                lot[2]["cle"].as_str(),
                Some(format!("REINS/{etu6}04/24/L1INF/101").as_str()),
                "{ctx}"
            );
            assert_eq!(
                lot[2]["code"].as_str(),
                Some("technical.parameter.noncoherentinput.codAnu"),
                "{ctx}"
            );
        }

        // The rows.
        let rows = app.store().await.find_lps().await.expect("find_lps");
        assert_eq!(rows.len(), if amue { 2 } else { 4 }, "{ctx}: {rows:#?}");
        let p = row(&rows, key);
        assert_eq!(p.lp.typ_lpa.as_deref(), Some("IAPRIMO"), "{ctx}");
        assert_eq!(p.lp.cod_anu.as_deref(), Some("2024"));
        assert_eq!(p.lp.cod_etp.as_deref(), Some("L1INF"));
        assert_eq!(p.lp.cod_vrs_vet, Some(101));
        assert_eq!(p.lp.cod_dip.as_deref(), Some("LINF"));
        assert_eq!(p.lp.cod_vrs_vdi, Some(101));
        assert_eq!(
            (
                p.lp.cod_etu.as_deref(),
                p.lp.cod_rgi.as_deref(),
                p.lp.cod_stu.as_deref()
            ),
            (None, None, None),
            "{ctx}: not given = NULL"
        );
        assert_eq!(
            p.lp.lib_cmt_lpa.as_deref(),
            Some("commission du 3 juillet, dérogation"),
            "{ctx}"
        );
        assert!(!p.modified);
        assert_eq!(p.cod_uti_cre_lpa, "passerelle");

        let e = row(&rows, &format!("{etu6}01"));
        assert_eq!(e.lp.typ_lpa.as_deref(), Some("REINS"), "{ctx}");
        assert_eq!(e.lp.cod_etp.as_deref(), Some("L2INF"));
        assert_eq!(e.lp.cod_cat_oui_si.as_deref(), Some("A"));
        assert_eq!(
            (
                e.lp.num_opi.as_deref(),
                e.lp.cod_dip.as_deref(),
                e.lp.cod_vrs_vdi,
                e.lp.mtf_cat.as_deref(),
                e.lp.cod_cat_exo_ext.as_deref()
            ),
            (None, None, None, None, None),
            "{ctx}: not given = NULL"
        );
        assert_eq!(
            e.lp.lib_cmt_lpa.as_deref(),
            Some("redoublement autorisé"),
            "{ctx}"
        );
        assert!(e.modified, "{ctx}: updated in place");
        assert_eq!(e.cod_uti_mod_lpa.as_deref(), Some("passerelle"));

        if !amue {
            assert_eq!(row(&rows, &format!("{etu6}02")).lp.lib_cmt_lpa, None);
            assert_eq!(
                row(&rows, &format!("{etu6}03")).lp.lib_cmt_lpa.as_deref(),
                Some("lot")
            );
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_lp -- --ignored"]
async fn zeep_through_served_wsdl() {
    create_and_read_back(Client::Zeep, false, "ZLS0000001", "210000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_lp -- --ignored"]
async fn zeep_through_amue_wsdl() {
    create_and_read_back(Client::Zeep, true, "ZLA0000001", "210000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_lp -- --ignored"]
async fn php_through_served_wsdl() {
    create_and_read_back(Client::Php, false, "PLS0000001", "210000").await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_lp -- --ignored"]
async fn php_through_amue_wsdl() {
    create_and_read_back(Client::Php, true, "PLA0000001", "210000").await;
}
