//! Interoperability of `OpiMetier`: real, independent SOAP clients push OPIs.
//!
//! Acceptance criterion: « zeep and PHP SoapClient push an OPI with accented
//! names through `?wsdl`; the row reads back byte-identical ».
//!
//! `tests/interop/zeep_opi.py` and `tests/interop/php_opi.php` build their calls
//! the way real clients do (zeep from the WSDL's types, PHP from nested arrays
//! with `'voeux' => ['item' => [ … ]]`), each in two ways:
//!
//! * (a) from the WSDL we serve at `OpiMetier?wsdl`, calling the address that
//!   WSDL names (no override: the address must lead back to this server); this
//!   WSDL offers v7 to v10, and the scripts also send a v9;
//! * (b) from AMUE's original `OpiMetier_Impl.wsdl` on disk (v10 only), the
//!   endpoint overridden to this server.
//!
//! After the calls, every OPI is read back from the database and compared byte
//! for byte with what the client sent; the envelopes sent through (a) and (b)
//! must be the same element tree (names, order, namespaces, values, nils).
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop_opi -- --ignored
//! ```
//!
//! A missing client is a failure, not a skip. `PASSERELLE_VENV` names the venv
//! holding zeep (default `<repo>/.venv`), `PASSERELLE_PHP` the PHP binary
//! (default `php`).

mod common;

use common::interop::{self, Client, Scripts};
use common::opi::OPI_NS;
use common::{Backend, TestApp, SOAP11};
use passerelle::domain::opi::{Opi, Voeux};
use serde_json::Value;
use std::collections::BTreeMap;

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_opi.py",
    php: "php_opi.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --test interop_opi -- --ignored`",
};
const XSI: &str = "http://www.w3.org/2001/XMLSchema-instance";
const FAULT_CODE: &str = "technical.parameter.noncoherentinput.codEtp";

/// AMUE's original concrete WSDL; it imports `abstract/…` and `schemas/…`.
fn amue_wsdl() -> String {
    interop::amue_wsdl("OpiMetier_Impl.wsdl")
}

// ---------------------------------------------------------------------------
// The clients
// ---------------------------------------------------------------------------

/// What one run of a client script printed.
#[derive(Debug)]
struct Run {
    client: Client,
    wsdl: String,
    /// The endpoint the client called, when it tells it (zeep does).
    address: Option<String>,
    /// Call → the `codOpiIntEpo` it used (`v10`, `v9` (null without v9), `clear`).
    keys: Value,
    /// Call → the `_donneesOpi` handed to the client.
    sent: Value,
    /// Call → what the client returned (the fault string for `fault`).
    results: Value,
    /// Call → the envelope the client sent.
    requests: BTreeMap<String, String>,
    /// Call → the envelope the client received.
    responses: BTreeMap<String, String>,
}

impl Run {
    fn ctx(&self) -> String {
        format!("{} via {}", self.client.name(), self.wsdl)
    }

    fn key(&self, call: &str) -> Option<&str> {
        self.keys.get(call).and_then(Value::as_str)
    }

    fn result(&self, key: &str) -> &Value {
        self.results.get(key).unwrap_or_else(|| {
            panic!(
                "{} printed no result « {key} »: {:#}",
                self.ctx(),
                self.results
            )
        })
    }

    fn request(&self, call: &str) -> &str {
        self.requests
            .get(call)
            .unwrap_or_else(|| panic!("{}: no request recorded for « {call} »", self.ctx()))
    }

    fn response(&self, call: &str) -> &str {
        self.responses
            .get(call)
            .unwrap_or_else(|| panic!("{}: no response recorded for « {call} »", self.ctx()))
    }

    /// A string the client was given, by its path in `sent`.
    fn sent_str(&self, path: &[&str]) -> &str {
        let mut v = &self.sent;
        for p in path {
            v = match p.parse::<usize>() {
                Ok(i) => &v[i],
                Err(_) => &v[*p],
            };
        }
        v.as_str()
            .unwrap_or_else(|| panic!("{}: sent{path:?} is {v:?}", self.ctx()))
    }
}

/// Runs `client` on `wsdl` (URL or file) for OPI `key`, `address` overriding
/// the endpoint.
async fn run_client(client: Client, wsdl: &str, key: &str, address: Option<&str>) -> Run {
    let out = SCRIPTS.run(client, wsdl, &[key.as_ref()], address).await;
    Run {
        client,
        wsdl: wsdl.to_string(),
        address: out.address(),
        keys: out.field("keys"),
        sent: out.field("sent"),
        results: out.field("results"),
        requests: out.string_map("requests"),
        responses: out.string_map("responses"),
    }
}

// ---------------------------------------------------------------------------
// The two ways in
// ---------------------------------------------------------------------------

/// (a) Our served WSDL, and the address written in it.
async fn through_served_wsdl(app: &TestApp, client: Client, key: &str) -> Run {
    let (service, wsdl) = interop::served_wsdl(app, "OpiMetier").await;
    interop::assert_points_back(&wsdl, &service);
    let run = run_client(client, &format!("{service}?wsdl"), key, None).await;
    interop::assert_endpoint_from_served_wsdl(client, run.address.as_deref(), &service);
    assert!(
        run.key("v9").is_some(),
        "{}: the served WSDL must offer mettreajourDonneesOpi_v9 (the script sent no v9)",
        run.ctx()
    );
    run
}

/// (b) AMUE's original WSDL from disk, the endpoint overridden to this server.
async fn through_amue_wsdl(app: &TestApp, client: Client, key: &str) -> Run {
    let service = app.service_url("OpiMetier");
    let run = run_client(client, &amue_wsdl(), key, Some(&service)).await;
    if let Some(addr) = &run.address {
        assert_eq!(addr, &service);
    }
    run
}

// ---------------------------------------------------------------------------
// Envelopes as element trees
// ---------------------------------------------------------------------------

/// One element under the SOAP 1.1 Body, prefixes resolved.
#[derive(Debug, Clone, PartialEq, Eq)]
struct Elem {
    /// 0 for the Body's child (the operation wrapper).
    depth: usize,
    ns: Option<String>,
    name: String,
    nil: bool,
    /// Its own text (entity and character references resolved).
    text: String,
}

/// Every element of the Body, in document order. Prefixes, the place of
/// namespace declarations and the XML declaration do not matter; names,
/// namespaces, order, nils and text do.
fn body_tree(xml: &str, ctx: &str) -> Vec<Elem> {
    use quick_xml::events::Event;
    use quick_xml::name::ResolveResult;
    use quick_xml::NsReader;

    fn ns_of(r: ResolveResult<'_>, ctx: &str) -> Option<String> {
        match r {
            ResolveResult::Bound(ns) => Some(AsRef::<str>::as_ref(&ns).to_string()),
            ResolveResult::Unbound => None,
            ResolveResult::Unknown(p) => panic!("{ctx}: undeclared prefix {p:?}"),
        }
    }
    let mut reader = NsReader::from_str(xml);
    let mut path: Vec<(Option<String>, String)> = Vec::new();
    let mut elems: Vec<Elem> = Vec::new();
    // Index in `elems` of each open element below the Body.
    let mut open: Vec<usize> = Vec::new();
    loop {
        let (ns, event) = reader
            .read_resolved_event()
            .unwrap_or_else(|e| panic!("{ctx}: the envelope is not well-formed ({e}):\n{xml}"));
        let ns = ns_of(ns, ctx);
        let in_body =
            path.len() >= 2 && path[1].0.as_deref() == Some(SOAP11) && path[1].1 == "Body";
        match event {
            Event::Start(ref e) | Event::Empty(ref e) => {
                let local = AsRef::<str>::as_ref(&e.local_name()).to_string();
                if in_body {
                    let mut nil = false;
                    for a in e.attributes() {
                        let a = a.unwrap_or_else(|e| panic!("{ctx}: bad attribute ({e})"));
                        let (a_ns, a_local) = reader.resolver().resolve_attribute(a.key);
                        if ns_of(a_ns, ctx).as_deref() == Some(XSI)
                            && AsRef::<str>::as_ref(&a_local) == "nil"
                        {
                            nil = matches!(&*a.value, "true" | "1");
                        }
                    }
                    elems.push(Elem {
                        depth: path.len() - 2,
                        ns: ns.clone(),
                        name: local.clone(),
                        nil,
                        text: String::new(),
                    });
                    if matches!(event, Event::Start(_)) {
                        open.push(elems.len() - 1);
                    }
                }
                if matches!(event, Event::Start(_)) {
                    path.push((ns, local));
                }
            }
            Event::End(_) => {
                if in_body && path.len() > 2 {
                    open.pop();
                }
                path.pop();
            }
            Event::Text(t) => {
                if let Some(&i) = open.last() {
                    elems[i].text.push_str(&t.xml10_content());
                }
            }
            Event::CData(t) => {
                if let Some(&i) = open.last() {
                    elems[i].text.push_str(&t.into_inner());
                }
            }
            Event::GeneralRef(r) => {
                if let Some(&i) = open.last() {
                    let c = match r.resolve_char_ref() {
                        Ok(Some(c)) => c,
                        _ => match &*r.xml10_content() {
                            "amp" => '&',
                            "lt" => '<',
                            "gt" => '>',
                            "quot" => '"',
                            "apos" => '\'',
                            other => panic!("{ctx}: unknown entity &{other};"),
                        },
                    };
                    elems[i].text.push(c);
                }
            }
            Event::Eof => break,
            _ => {}
        }
    }
    assert!(
        !elems.is_empty(),
        "{ctx}: no element in the SOAP 1.1 Body:\n{xml}"
    );
    // Whitespace between elements (pretty-printing) is no value.
    for e in &mut elems {
        if e.text.trim().is_empty() {
            e.text.clear();
        }
    }
    elems
}

/// The element at `path` (local names from the wrapper's child down), first match.
fn find<'a>(tree: &'a [Elem], path: &[&str]) -> Option<&'a Elem> {
    let mut from = 0;
    let mut found = None;
    for (depth, name) in path.iter().enumerate() {
        let depth = depth + 1;
        let i = tree[from..]
            .iter()
            .position(|e| e.depth == depth && e.name == *name)?
            + from;
        found = Some(&tree[i]);
        from = i + 1;
    }
    found
}

/// The elements below the one at `path` (its whole subtree, itself excluded).
fn below<'a>(tree: &'a [Elem], path: &[&str]) -> &'a [Elem] {
    let Some(e) = find(tree, path) else {
        panic!("no {path:?} in\n{}", render(tree))
    };
    let start = tree
        .iter()
        .position(|x| std::ptr::eq(x, e))
        .expect("element of the tree")
        + 1;
    let len = tree[start..]
        .iter()
        .position(|x| x.depth <= e.depth)
        .unwrap_or(tree.len() - start);
    &tree[start..start + len]
}

/// The tree of `call`'s request, the OPI keys replaced by a placeholder so that
/// two runs with different keys compare.
fn request_tree(run: &Run, call: &str) -> Vec<Elem> {
    let mut tree = body_tree(run.request(call), &format!("{}, request {call}", run.ctx()));
    let keys: Vec<&str> = ["v10", "v9", "clear"]
        .iter()
        .filter_map(|k| run.key(k))
        .collect();
    for e in &mut tree {
        if e.name == "codOpiIntEpo" && keys.contains(&e.text.as_str()) {
            e.text = "<key>".into();
        }
    }
    tree
}

fn render(tree: &[Elem]) -> String {
    tree.iter()
        .map(|e| {
            format!(
                "{}{{{}}}{}{}{}",
                "  ".repeat(e.depth),
                e.ns.as_deref().unwrap_or(""),
                e.name,
                if e.nil { " nil" } else { "" },
                if e.text.is_empty() {
                    String::new()
                } else {
                    format!(" = {:?}", e.text)
                }
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

// ---------------------------------------------------------------------------
// What every run must show
// ---------------------------------------------------------------------------

/// The wishes as (codCge, codEtp, codVrsVet, numCls, codDemDos, codDecVeu), sorted.
type WishKey = (String, String, i32, i32, String, String);

fn wish_keys(opi: &Opi, ctx: &str) -> Vec<WishKey> {
    let Voeux::Replace(voeux) = &opi.voeux else {
        panic!(
            "{ctx}: a stored OPI reads back with its list of wishes, not {:?}",
            opi.voeux
        )
    };
    let s = |v: &Option<String>| v.clone().unwrap_or_default();
    let mut keys: Vec<WishKey> = voeux
        .iter()
        .map(|v| {
            (
                s(&v.cod_cge),
                s(&v.cod_etp),
                v.cod_vrs_vet.unwrap_or_default(),
                v.num_cls.unwrap_or_default(),
                s(&v.cod_dem_dos),
                s(&v.cod_dec_veu),
            )
        })
        .collect();
    keys.sort();
    keys
}

fn wish(cge: &str, etp: &str, vet: i32, cls: i32) -> WishKey {
    (cge.into(), etp.into(), vet, cls, "C".into(), "F".into())
}

/// `stored` is byte for byte `expected` (and, when the client was given it,
/// what it was given).
fn assert_bytes(stored: &Option<String>, expected: &str, sent: Option<&str>, what: &str) {
    if let Some(sent) = sent {
        assert_eq!(
            sent.as_bytes(),
            expected.as_bytes(),
            "{what}: the script sent « {sent} », not « {expected} »"
        );
    }
    let got = stored
        .as_deref()
        .unwrap_or_else(|| panic!("{what}: nothing stored, « {expected} » expected"));
    assert_eq!(
        got.as_bytes(),
        expected.as_bytes(),
        "{what}: stored « {got} » is not « {expected} » byte for byte"
    );
}

/// The individual and address every OPI of the scripts carries, read back.
async fn assert_individual(app: &TestApp, run: &Run, call: &str, with_address: bool) -> Opi {
    let ctx = format!("{}, call {call}", run.ctx());
    let key = run
        .key(call)
        .unwrap_or_else(|| panic!("{ctx}: no key for « {call} »: {}", run.keys));
    let stored = app
        .store()
        .await
        .find_opi(key)
        .await
        .unwrap_or_else(|e| panic!("{ctx}: find_opi({key}): {e}"))
        .unwrap_or_else(|| panic!("{ctx}: the OPI {key} was not stored"));
    let opi = stored.opi;
    let ind = &opi.individu;
    let sent = |p: &[&str]| {
        let mut full = vec![call, "individu"];
        full.extend_from_slice(p);
        Some(run.sent_str(&full))
    };
    assert_bytes(
        &ind.cod_opi_int_epo,
        key,
        None,
        &format!("{ctx}: codOpiIntEpo"),
    );
    assert_bytes(
        &ind.lib_nom_pat_ind_opi,
        "LEFÈVRE",
        sent(&["etatCivil", "libNomPatIndOpi"]),
        &format!("{ctx}: libNomPatIndOpi"),
    );
    assert_bytes(
        &ind.lib_pr1_ind_opi,
        "ÉLODIE",
        sent(&["etatCivil", "libPr1IndOpi"]),
        &format!("{ctx}: libPr1IndOpi"),
    );
    assert_bytes(
        &ind.lib_pr2_ind_opi,
        "Œ",
        sent(&["etatCivil", "libPr2IndOpi"]),
        &format!("{ctx}: libPr2IndOpi"),
    );
    assert_eq!(ind.lib_pr3_ind_opi, None, "{ctx}: libPr3IndOpi was nil");
    assert_eq!(
        ind.lib_nom_usu_ind_opi, None,
        "{ctx}: libNomUsuIndOpi was nil"
    );
    assert_eq!(
        sent(&["etatCivil", "codNneIndOpi"]),
        Some("1234567890A"),
        "{ctx}"
    );
    assert_bytes(
        &ind.cod_nne_ind_opi,
        "1234567890",
        None,
        &format!("{ctx}: the INE without its key"),
    );
    assert_bytes(
        &ind.cod_cle_nne_ind_opi,
        "A",
        None,
        &format!("{ctx}: the INE's key"),
    );
    assert_bytes(
        &ind.cod_sex_etu_opi,
        "F",
        sent(&["etatCivil", "codSexEtuOpi"]),
        &format!("{ctx}: codSexEtuOpi"),
    );
    assert_eq!(
        sent(&["donneesNaissance", "dateNaiIndOpi"]),
        Some("31012004"),
        "{ctx}"
    );
    assert_eq!(
        ind.date_nai_ind_opi,
        Some(time::Date::from_calendar_date(2004, time::Month::January, 31).unwrap()),
        "{ctx}: dateNaiIndOpi 31012004 (ddMMyyyy)"
    );
    assert_bytes(
        &ind.tem_date_nai_rel_opi,
        "N",
        sent(&["donneesNaissance", "temDateNaiRelOpi"]),
        &format!("{ctx}: temDateNaiRelOpi"),
    );
    if with_address {
        let adr = opi
            .adresse_fixe
            .as_ref()
            .unwrap_or_else(|| panic!("{ctx}: the fixed address was not stored"));
        assert_bytes(
            &adr.lib_ad1,
            "Résidence Les Tilleuls, bâtiment B",
            Some(run.sent_str(&[call, "adresseFixe", "lib1"])),
            &format!("{ctx}: adresseFixe/lib1"),
        );
        assert_bytes(&adr.cod_bdi, "57000", None, &format!("{ctx}: codBdi"));
        assert_bytes(&adr.cod_com, "57463", None, &format!("{ctx}: codCom"));
        assert_bytes(&adr.cod_pay, "100", None, &format!("{ctx}: codPay"));
        assert_bytes(&adr.num_tel, "0387000000", None, &format!("{ctx}: numTel"));
        assert_eq!(adr.lib_ad2, None, "{ctx}: lib2 was nil");
        assert_eq!(opi.adresse_annuelle, None, "{ctx}: adresseAnnuelle was nil");
    } else {
        assert_eq!(opi.adresse_fixe, None, "{ctx}: no address was sent");
    }
    opi
}

/// The response to a successful call is the empty `…Response` wrapper in the
/// request's namespace.
fn assert_empty_response(run: &Run, call: &str, op: &str) {
    let ctx = format!("{}, response to {call}", run.ctx());
    assert_eq!(
        run.result(call),
        &Value::Null,
        "{ctx}: the client decoded something from an empty response"
    );
    let tree = body_tree(run.response(call), &ctx);
    let expected = vec![Elem {
        depth: 0,
        ns: Some(OPI_NS.into()),
        name: format!("{op}Response"),
        nil: false,
        text: String::new(),
    }];
    assert_eq!(
        tree,
        expected,
        "{ctx}: not the empty response wrapper:\n{}",
        run.response(call)
    );
}

/// What the calls of one run must have done, read back from the database.
async fn assert_pushed(app: &TestApp, run: &Run) {
    let ctx = run.ctx();

    // v10: the whole OPI, two wishes; the fault left it untouched.
    assert_empty_response(run, "v10", "mettreajourDonneesOpi_v10");
    let opi = assert_individual(app, run, "v10", true).await;
    assert_eq!(
        wish_keys(&opi, &ctx),
        vec![wish("CG1", "L1INF", 101, 1), wish("CG1", "L2INF", 201, 2)],
        "{ctx}: the wishes of the v10 call (the refused call must not have changed them)"
    );

    // The request as it went: accented text as such, both wishes in `item`s.
    let req = request_tree(run, "v10");
    for (path, value) in [
        (
            &["_donneesOpi", "individu", "etatCivil", "libNomPatIndOpi"][..],
            "LEFÈVRE",
        ),
        (
            &["_donneesOpi", "individu", "etatCivil", "libPr1IndOpi"][..],
            "ÉLODIE",
        ),
        (
            &["_donneesOpi", "individu", "etatCivil", "libPr2IndOpi"][..],
            "Œ",
        ),
        (
            &["_donneesOpi", "adresseFixe", "lib1"][..],
            "Résidence Les Tilleuls, bâtiment B",
        ),
    ] {
        let e = find(&req, path)
            .unwrap_or_else(|| panic!("{ctx}: no {path:?} in the v10 request\n{}", render(&req)));
        assert_eq!(
            e.text.as_bytes(),
            value.as_bytes(),
            "{ctx}: {path:?} on the wire"
        );
    }
    let items = req
        .iter()
        .filter(|e| e.depth == 3 && e.name == "item")
        .count();
    assert_eq!(
        items,
        2,
        "{ctx}: both wishes must go as voeux/item (a plain PHP list silently drops them)\n{}",
        render(&req)
    );

    // The refused call: exactly the code, as the client reports it.
    assert_eq!(
        run.result("fault"),
        FAULT_CODE,
        "{ctx}: a wish without codEtp must be refused with the fault string {FAULT_CODE}"
    );
    let fault = body_tree(run.response("fault"), &format!("{ctx}, fault response"));
    let faultstring = fault
        .iter()
        .find(|e| e.name == "faultstring")
        .unwrap_or_else(|| panic!("{ctx}: no faultstring in\n{}", run.response("fault")));
    assert_eq!(
        faultstring.text, FAULT_CODE,
        "{ctx}: faultstring on the wire"
    );
    match run.result("fault_detail_lastErrorMsg") {
        Value::String(m) if !m.trim().is_empty() => {}
        other => panic!(
            "{ctx}: the fault detail has no lastErrorMsg the client could decode: {other:?}\n{}",
            run.response("fault")
        ),
    }
    let bad = request_tree(run, "fault");
    let missing = bad
        .iter()
        .filter(|e| e.depth == 4 && e.name == "codEtp")
        .map(|e| (e.nil, e.text.as_str()))
        .collect::<Vec<_>>();
    assert_eq!(
        missing,
        vec![(false, "L1INF"), (true, "")],
        "{ctx}: the refused call sent the second wish's codEtp as nil"
    );

    // v9, through a WSDL that has it.
    if run.key("v9").is_some() {
        assert_empty_response(run, "v9", "mettreajourDonneesOpi_v9");
        let opi = assert_individual(app, run, "v9", true).await;
        assert_eq!(
            wish_keys(&opi, &ctx),
            vec![wish("CG1", "L1INF", 101, 1)],
            "{ctx}: the wish of the v9 call"
        );
        let req = request_tree(run, "v9");
        assert_eq!(
            (req[0].ns.as_deref(), req[0].name.as_str()),
            (Some(OPI_NS), "mettreajourDonneesOpi_v9"),
            "{ctx}: the v9 wrapper"
        );
        assert!(
            find(&req, &["_donneesOpi", "voeux", "modEnv"]).is_none(),
            "{ctx}: v9's TableauVoeu3 has no modEnv\n{}",
            render(&req)
        );
    }

    // One empty item: every wish withdrawn, the individual kept.
    assert_empty_response(run, "clear_push", "mettreajourDonneesOpi_v10");
    assert_empty_response(run, "clear", "mettreajourDonneesOpi_v10");
    let opi = assert_individual(app, run, "clear", false).await;
    assert_eq!(
        wish_keys(&opi, &ctx),
        Vec::<WishKey>::new(),
        "{ctx}: one empty item must clear the wishes"
    );
    let req = request_tree(run, "clear");
    let voeux = below(&req, &["_donneesOpi", "voeux"]);
    let items: Vec<&Elem> = voeux
        .iter()
        .filter(|e| e.depth == 3 && e.name == "item")
        .collect();
    assert!(
        items.len() == 1
            && !items[0].nil
            && voeux
                .iter()
                .filter(|e| e.depth == 4)
                .all(|e| e.nil && e.text.is_empty())
            && voeux.iter().filter(|e| e.depth == 4).count() == 25,
        "{ctx}: the clearing request must carry one item whose fields are all nil\n{}",
        render(&req)
    );

    // Every request: the wrapper in OpiMetier's namespace, everything below
    // unqualified (elementFormDefault="unqualified").
    for (call, xml) in &run.requests {
        let tree = body_tree(xml, &format!("{ctx}, request {call}"));
        assert_eq!(
            tree[0].ns.as_deref(),
            Some(OPI_NS),
            "{ctx}, {call}: wrapper namespace\n{xml}"
        );
        assert!(
            tree[1..].iter().all(|e| e.ns.is_none()),
            "{ctx}, {call}: the parameters must be unqualified\n{}",
            render(&tree)
        );
    }
}

/// Two runs sent the same element trees for the calls they share; `v9` must
/// be the one call only `a` made, when it differs at all.
fn assert_same_requests(a: &Run, b: &Run) {
    let calls_b: Vec<&String> = b.requests.keys().collect();
    let calls_a: Vec<&String> = a
        .requests
        .keys()
        .filter(|k| *k != "v9" || b.requests.contains_key("v9"))
        .collect();
    assert_eq!(
        calls_a,
        calls_b,
        "{} and {}: not the same calls",
        a.ctx(),
        b.ctx()
    );
    for call in calls_b {
        let (ta, tb) = (request_tree(a, call), request_tree(b, call));
        assert!(
            ta == tb,
            "{call}: the request of {} differs from the one of {}\n--- {} ---\n{}\n--- {} ---\n{}\n--- raw ---\n{}\n--- raw ---\n{}",
            a.ctx(),
            b.ctx(),
            a.ctx(),
            render(&ta),
            b.ctx(),
            render(&tb),
            a.request(call),
            b.request(call)
        );
    }
}

// ---------------------------------------------------------------------------
// The tests
// ---------------------------------------------------------------------------

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn zeep_pushes_through_served_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_served_wsdl(&app, Client::Zeep, "ZS24000001").await;
    assert_pushed(&app, &run).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn zeep_pushes_through_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_amue_wsdl(&app, Client::Zeep, "ZA24000001").await;
    assert_eq!(run.key("v9"), None, "AMUE's 6.70 WSDL has v10 only");
    assert_pushed(&app, &run).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn php_pushes_through_served_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_served_wsdl(&app, Client::Php, "PS24000001").await;
    assert_pushed(&app, &run).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn php_pushes_through_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let run = through_amue_wsdl(&app, Client::Php, "PA24000001").await;
    assert_eq!(run.key("v9"), None, "AMUE's 6.70 WSDL has v10 only");
    assert_pushed(&app, &run).await;
}

/// A client generated from our WSDL and one generated from AMUE's send the
/// same requests: same wrapper namespace, same elements in the same order.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn zeep_sends_the_same_through_served_and_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let b = through_amue_wsdl(&app, Client::Zeep, "ZA24000002").await;
    let a = through_served_wsdl(&app, Client::Zeep, "ZS24000002").await;
    assert_same_requests(&a, &b);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn php_sends_the_same_through_served_and_amue_wsdl() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let b = through_amue_wsdl(&app, Client::Php, "PA24000002").await;
    let a = through_served_wsdl(&app, Client::Php, "PS24000002").await;
    assert_same_requests(&a, &b);
}

/// zeep and PHP, given the same data, put the same tree on the wire: the
/// server sees one request whichever client sent it.
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP SoapClient: run scripts/install-test-clients.sh, then cargo test --test interop_opi -- --ignored"]
async fn zeep_and_php_send_the_same_opi() {
    let app = TestApp::spawn(Backend::Sqlite).await;
    let z = through_served_wsdl(&app, Client::Zeep, "ZS24000003").await;
    let p = through_served_wsdl(&app, Client::Php, "PS24000003").await;
    assert_same_requests(&z, &p);
    assert_pushed(&app, &z).await;
    assert_pushed(&app, &p).await;
}

#[test]
fn body_tree_resolves_prefixes_nils_and_references() {
    let a = format!(
        r#"<soap-env:Envelope xmlns:soap-env="{SOAP11}"><soap-env:Body><ns0:op xmlns:ns0="{OPI_NS}"><_d><a xmlns:xsi="{XSI}" xsi:nil="true"/><b>L&amp;È&#x152;</b></_d></ns0:op></soap-env:Body></soap-env:Envelope>"#
    );
    let b = format!(
        r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP11}" xmlns:x="{XSI}" xmlns:ns1="{OPI_NS}"><SOAP-ENV:Body>
  <ns1:op>
    <_d><a x:nil="true"></a><b>L&amp;ÈŒ</b></_d>
  </ns1:op>
</SOAP-ENV:Body></SOAP-ENV:Envelope>"#
    );
    let ta = body_tree(&a, "a");
    assert_eq!(ta, body_tree(&b, "b"));
    assert_eq!(
        ta,
        vec![
            Elem {
                depth: 0,
                ns: Some(OPI_NS.into()),
                name: "op".into(),
                nil: false,
                text: String::new()
            },
            Elem {
                depth: 1,
                ns: None,
                name: "_d".into(),
                nil: false,
                text: String::new()
            },
            Elem {
                depth: 2,
                ns: None,
                name: "a".into(),
                nil: true,
                text: String::new()
            },
            Elem {
                depth: 2,
                ns: None,
                name: "b".into(),
                nil: false,
                text: "L&ÈŒ".into()
            },
        ]
    );
    assert_eq!(
        find(&ta, &["_d", "b"]).map(|e| e.text.as_str()),
        Some("L&ÈŒ")
    );
    let other = a.replace("<a ", "<c ");
    assert_ne!(ta, body_tree(&other, "other"));
}
