//! Interoperability: real, independent SOAP clients against the real server.
//!
//! Two clients that Apogée's consumers actually use, Python's zeep and PHP's
//! `SoapClient`, drive `GeographieMetier` through `tests/interop/zeep_client.py`
//! and `tests/interop/php_client.php`, each in two ways:
//!
//! * (a) from the WSDL we serve at `<service>?wsdl`, calling the address that
//!   WSDL names (no override: the address must lead back to this server);
//! * (b) from AMUE's original WSDL on disk (`GeographieMetier_01082016_Impl.wsdl`
//!   and the abstract WSDL and schemas it imports), the endpoint overridden to
//!   this server.
//!
//! Both must give the same results and send the same requests: a client
//! generated from AMUE's files and one generated from ours are interchangeable.
//!
//! The clients are not Rust crates: install them first, then run
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop -- --ignored
//! ```
//!
//! A missing client is a failure, not a skip. `PASSERELLE_VENV` names the venv
//! holding zeep (default `<repo>/.venv`), `PASSERELLE_PHP` the PHP binary
//! (default `php`).

mod common;

use common::interop::{self, Client, Scripts};
use common::{Backend, TestApp, GEO_NS, SOAP11};
use serde_json::Value;
use std::collections::BTreeMap;

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_client.py",
    php: "php_client.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --test interop -- --ignored`",
};

/// AMUE's original concrete WSDL; it imports `abstract/…` and `schemas/…`.
fn amue_wsdl() -> String {
    interop::amue_wsdl("GeographieMetier_01082016_Impl.wsdl")
}

// ---------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------

/// What one run of a client script printed.
#[derive(Debug)]
struct Run {
    client: Client,
    wsdl: String,
    /// The endpoint the client called, when it tells it.
    address: Option<String>,
    /// What the calls returned, as the client decoded them.
    results: Value,
    /// Operation key → the envelope the client sent.
    requests: BTreeMap<String, String>,
}

impl Run {
    fn result(&self, key: &str) -> &Value {
        self.results.get(key).unwrap_or_else(|| {
            panic!(
                "{} ({}) printed no result « {key} »: {:?}",
                self.client.name(),
                self.wsdl,
                self.results
            )
        })
    }
}

/// Runs `client` on `wsdl` (URL or file), with `address` overriding the endpoint.
async fn run_client(client: Client, wsdl: &str, address: Option<&str>) -> Run {
    let out = SCRIPTS.run(client, wsdl, &[], address).await;
    Run {
        client,
        wsdl: wsdl.to_string(),
        address: out.address(),
        results: out.field("results"),
        requests: out.string_map("requests"),
    }
}

// ---------------------------------------------------------------------------
// The two ways in
// ---------------------------------------------------------------------------

/// (a) Our served WSDL, and the address written in it.
async fn through_served_wsdl(app: &TestApp, client: Client) -> Run {
    // The address a client generated from it will call: this very server.
    let (service, wsdl) = interop::served_wsdl(app, "GeographieMetier").await;
    interop::assert_points_back(&wsdl, &service);
    let run = run_client(client, &format!("{service}?wsdl"), None).await;
    interop::assert_endpoint_from_served_wsdl(client, run.address.as_deref(), &service);
    run
}

/// (b) AMUE's original WSDL from disk, the endpoint overridden to this server.
async fn through_amue_wsdl(app: &TestApp, client: Client) -> Run {
    let service = app.service_url("GeographieMetier");
    let run = run_client(client, &amue_wsdl(), Some(&service)).await;
    if let Some(addr) = &run.address {
        assert_eq!(addr, &service);
    }
    run
}

// ---------------------------------------------------------------------------
// What every run must show
// ---------------------------------------------------------------------------

fn text<'a>(v: &'a Value, field: &str, ctx: &str) -> &'a str {
    match v.get(field) {
        Some(Value::String(s)) => s,
        other => panic!("{ctx}: field {field} is {other:?}, expected a string in {v:?}"),
    }
}

/// The values the demo data must yield, whatever the client and the WSDL.
fn assert_values(run: &Run) {
    let ctx = format!("{} via {}", run.client.name(), run.wsdl);

    // recupererPays("100", "O"): exactly France.
    let france = run.result("pays_100");
    assert!(
        france.is_object(),
        "{ctx}: recupererPays(100) gave {france:?}"
    );
    assert_eq!(text(france, "codePay", &ctx), "100", "{ctx}");
    assert_eq!(text(france, "libPay", &ctx), "FRANCE", "{ctx}");
    assert_eq!(text(france, "temEnSvePay", &ctx), "O", "{ctx}");
    assert_eq!(
        text(france, "libNat", &ctx),
        "FRANÇAIS(E)",
        "{ctx}: accented text must survive"
    );

    // recupererPays("", "O"): every country in service, France among them,
    // none out of service.
    let all = run
        .result("pays_all")
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: pays_all"));
    assert!(all.len() > 10, "{ctx}: only {} countries", all.len());
    assert!(
        all.iter()
            .any(|p| p.get("codePay").and_then(Value::as_str) == Some("100")),
        "{ctx}"
    );
    assert!(
        all.iter().all(|p| text(p, "temEnSvePay", &ctx) == "O"),
        "{ctx}: _temoinEnService=O must filter out countries out of service"
    );
    assert!(
        all.iter().any(|p| text(p, "libPay", &ctx) == "ÉTATS-UNIS"),
        "{ctx}: ÉTATS-UNIS missing or altered"
    );

    // recupererDepartement("057", "O").
    let dept = run
        .result("departement")
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: departement"));
    assert_eq!(dept.len(), 1, "{ctx}: {dept:?}");
    assert_eq!(text(&dept[0], "codeDept", &ctx), "057", "{ctx}");
    assert_eq!(text(&dept[0], "libDept", &ctx), "Moselle", "{ctx}");
    assert_eq!(text(&dept[0], "libAca", &ctx), "Nancy-Metz", "{ctx}");

    // recupererCommune_v2("57600", "O", "O", "O"): ŒTING, byte for byte.
    let communes = run
        .result("commune")
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: commune"));
    assert_eq!(communes.len(), 1, "{ctx}: {communes:?}");
    let c = &communes[0];
    let lib = text(c, "libCommune", &ctx);
    assert_eq!(
        lib.as_bytes(),
        "ŒTING".as_bytes(),
        "{ctx}: libCommune « {lib} » is not ŒTING byte for byte"
    );
    assert_eq!(text(c, "codeCommune", &ctx), "57521", "{ctx}");
    assert_eq!(text(c, "codePostal", &ctx), "57600", "{ctx}");
    assert_eq!(text(c, "libBureauDis", &ctx), "OETING", "{ctx}");
    assert_eq!(
        text(c, "temoinEnServiceComBD", &ctx),
        "O",
        "{ctx}: the v2 field"
    );

    // recupererCommune("94240", "O", "O"): v1, no link witness.
    let v1 = run
        .result("commune_v1")
        .as_array()
        .unwrap_or_else(|| panic!("{ctx}: commune_v1"));
    assert_eq!(v1.len(), 1, "{ctx}: {v1:?}");
    assert_eq!(text(&v1[0], "libCommune", &ctx), "L'HAŸ-LES-ROSES", "{ctx}");
    assert!(
        v1[0].get("temoinEnServiceComBD").is_none(),
        "{ctx}: v1 has no temoinEnServiceComBD"
    );

    // recupererPays("999", "O"): the fault, as the client reports it.
    assert_eq!(
        run.result("fault"),
        "technical.data.nullretrieve.pays",
        "{ctx}: the fault string must be exactly technical.data.nullretrieve.pays"
    );
    match run.result("fault_detail_lastErrorMsg") {
        Value::String(m) if !m.trim().is_empty() => {
            assert!(m.contains("999"), "{ctx}: lastErrorMsg « {m} » should name the code")
        }
        other => panic!(
            "{ctx}: the fault detail has no lastErrorMsg the client could decode: {other:?}; detail: {:?}",
            run.results.get("fault_detail")
        ),
    }
}

/// The wrapper element of a request and its children, prefixes resolved.
#[derive(Debug, PartialEq, Eq)]
struct RequestShape {
    wrapper_ns: Option<String>,
    wrapper: String,
    /// (namespace, local name, text) of each child, in order.
    children: Vec<(Option<String>, String, String)>,
}

fn request_shape(xml: &str, ctx: &str) -> RequestShape {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    use quick_xml::NsReader;

    let ns_of = |r: ResolveResult<'_>| match r {
        ResolveResult::Bound(ns) => Some(AsRef::<str>::as_ref(&ns).to_string()),
        ResolveResult::Unbound => None,
        ResolveResult::Unknown(p) => panic!("{ctx}: undeclared prefix {p} in\n{xml}"),
    };
    let mut reader = NsReader::from_str(xml);
    let mut path: Vec<(Option<String>, String)> = Vec::new();
    let mut shape: Option<RequestShape> = None;
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("{ctx}: the request is not well-formed ({e}):\n{xml}"));
        let ns = ns_of(ns);
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = AsRef::<str>::as_ref(&e.local_name()).to_string();
                let in_body =
                    path.len() == 2 && path[1].0.as_deref() == Some(SOAP11) && path[1].1 == "Body";
                if in_body {
                    assert!(
                        shape.is_none(),
                        "{ctx}: several elements in the Body:\n{xml}"
                    );
                    shape = Some(RequestShape {
                        wrapper_ns: ns.clone(),
                        wrapper: local.clone(),
                        children: Vec::new(),
                    });
                } else if path.len() == 3 {
                    if let Some(s) = shape.as_mut() {
                        s.children.push((ns.clone(), local.clone(), String::new()));
                    }
                }
                if matches!(event, Event::Start(_)) {
                    path.push((ns, local));
                }
            }
            Event::End(_) => {
                path.pop();
            }
            Event::Text(t) if path.len() == 4 => {
                let s = t.xml10_content().into_owned();
                if let Some(c) = shape.as_mut().and_then(|s| s.children.last_mut()) {
                    c.2.push_str(&s);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    shape.unwrap_or_else(|| panic!("{ctx}: no element in the SOAP 1.1 Body:\n{xml}"))
}

/// `a == b`, members in the same order too. `Value`'s own `==` ignores the
/// order of an object's members; the scripts keep it (schema order for zeep,
/// element order for PHP; serde_json's `preserve_order` keeps it on parsing),
/// and it must agree as well.
fn same_in_order(a: &Value, b: &Value) -> bool {
    match (a, b) {
        (Value::Object(x), Value::Object(y)) => {
            x.len() == y.len()
                && x.iter()
                    .zip(y)
                    .all(|((ka, va), (kb, vb))| ka == kb && same_in_order(va, vb))
        }
        (Value::Array(x), Value::Array(y)) => {
            x.len() == y.len() && x.iter().zip(y).all(|(va, vb)| same_in_order(va, vb))
        }
        // A fault's lastErrorMsg ends with the id of its request, which no
        // two runs share.
        (Value::String(x), Value::String(y)) => without_request_id(x) == without_request_id(y),
        _ => a == b,
    }
}

/// `… (requête <id>)` → `…`.
fn without_request_id(s: &str) -> &str {
    match s.rfind(" (requête ") {
        Some(i) if s.ends_with(')') => &s[..i],
        _ => s,
    }
}

/// (a) and (b) of one client: same results, same requests on the wire.
fn assert_same(a: &Run, b: &Run) {
    assert_eq!(a.client, b.client);
    let name = a.client.name();
    assert!(
        same_in_order(&a.results, &b.results),
        "{name} decodes different results through our WSDL ({}) and AMUE's ({})\n--- ours ---\n{:#}\n--- AMUE ---\n{:#}",
        a.wsdl,
        b.wsdl,
        a.results,
        b.results
    );
    let keys_a: Vec<_> = a.requests.keys().collect();
    let keys_b: Vec<_> = b.requests.keys().collect();
    assert_eq!(keys_a, keys_b, "{name}: not the same calls recorded");
    for (key, req_a) in &a.requests {
        let shape_a = request_shape(req_a, &format!("{name} via our WSDL, {key}"));
        let shape_b = request_shape(&b.requests[key], &format!("{name} via AMUE's WSDL, {key}"));
        assert_eq!(
            shape_a.wrapper_ns.as_deref(),
            Some(GEO_NS),
            "{name}, {key}: wrapper namespace through our WSDL\n{req_a}"
        );
        assert!(
            shape_a.children.iter().all(|c| c.0.is_none()),
            "{name}, {key}: parameters must be unqualified (elementFormDefault=unqualified)\n{req_a}"
        );
        assert_eq!(
            shape_a, shape_b,
            "{name}, {key}: the request built from our WSDL differs from the one built from AMUE's\n--- ours ---\n{req_a}\n--- AMUE ---\n{}",
            b.requests[key]
        );
    }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn zeep_through_served_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_served_wsdl(&app, Client::Zeep).await;
    assert_values(&run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn zeep_through_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_amue_wsdl(&app, Client::Zeep).await;
    assert_values(&run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn zeep_same_through_served_and_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let b = through_amue_wsdl(&app, Client::Zeep).await;
    let a = through_served_wsdl(&app, Client::Zeep).await;
    assert_same(&a, &b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn php_through_served_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_served_wsdl(&app, Client::Php).await;
    assert_values(&run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn php_through_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_amue_wsdl(&app, Client::Php).await;
    assert_values(&run);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn php_same_through_served_and_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let b = through_amue_wsdl(&app, Client::Php).await;
    let a = through_served_wsdl(&app, Client::Php).await;
    assert_same(&a, &b);
}

/// zeep and PHP, both from AMUE's WSDL, decode the same values: the responses
/// carry no ambiguity one client resolves differently from the other.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop -- --ignored"]
async fn zeep_and_php_decode_the_same_values() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let z = through_amue_wsdl(&app, Client::Zeep).await;
    let p = through_amue_wsdl(&app, Client::Php).await;
    // The fault detail's `messages` list is the one place where the clients'
    // own conventions differ (PHP folds a one-item list into its item), so
    // the detail is compared through lastErrorMsg only.
    for key in [
        "pays_all",
        "pays_100",
        "departement",
        "commune",
        "commune_v1",
        "fault",
        "fault_code",
        "fault_detail_lastErrorMsg",
    ] {
        assert!(
            same_in_order(z.result(key), p.result(key)),
            "zeep and PHP disagree on « {key} »\n--- zeep ---\n{:#}\n--- PHP ---\n{:#}",
            z.result(key),
            p.result(key)
        );
    }
}

#[test]
fn request_shape_resolves_prefixes() {
    let a = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><ns0:recupererPays xmlns:ns0="{GEO_NS}"><_codePays>100</_codePays><_temoinEnService>O</_temoinEnService></ns0:recupererPays></s:Body></s:Envelope>"#
    );
    let b = format!(
        r#"<?xml version="1.0"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP11}" xmlns:ns1="{GEO_NS}"><SOAP-ENV:Body>
  <ns1:recupererPays>
    <_codePays>100</_codePays>
    <_temoinEnService>O</_temoinEnService>
  </ns1:recupererPays>
</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    );
    let sa = request_shape(&a, "a");
    assert_eq!(sa, request_shape(&b, "b"));
    assert_eq!(sa.wrapper_ns.as_deref(), Some(GEO_NS));
    assert_eq!(sa.wrapper, "recupererPays");
    assert_eq!(
        sa.children,
        vec![
            (None, "_codePays".to_string(), "100".to_string()),
            (None, "_temoinEnService".to_string(), "O".to_string())
        ]
    );
    let other = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Body><x:recupererPays xmlns:x="urn:other"><_temoinEnService>O</_temoinEnService><_codePays>100</_codePays></x:recupererPays></s:Body></s:Envelope>"#
    );
    assert_ne!(sa, request_shape(&other, "other"));
}
