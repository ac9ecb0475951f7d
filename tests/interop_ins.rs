//! Interoperability of `AdministratifMetier` and `PedagogiqueMetier`: zeep and
//! PHP's `SoapClient` read a student's registrations and results.
//!
//! `tests/interop/zeep_ins.py` and `tests/interop/php_ins.php` call, as
//! esup-mdw does, `recupererIAAnnuelles_v2(21000001, toutes, ARE)` (AMUE's
//! `…Response_v2` naming exception), `recupererIAEtapes_v3(21000001, toutes, ARE, ARE)`, the same
//! for a student without registration (the fault),
//! `recupererContratPedagogiqueResultatVdiVet_v2(21000001, toutes, Apogee, T,
//! toutes, tous, E)` and `recupererContratPedagogiqueResultatElpEpr_v6(21000004,
//! 2024, M1INF, 101, …)`, through (a) the WSDLs we serve at `?wsdl`, calling the
//! addresses they name, and (b) AMUE's original `*_Impl.wsdl` from disk, the
//! endpoints overridden. What they read is compared with the demo data
//! (`src/store/demo_inscriptions.yaml`).
//!
//! ```text
//! bash scripts/install-test-clients.sh
//! cargo test --test interop_ins -- --ignored
//! ```
//!
//! From a worktree, `PASSERELLE_REFERENCE=/work/shared/reference` tells where
//! AMUE's WSDLs are.

mod common;

use common::etudiant_ins::app;
use common::interop::{self, Client, Scripts};
use common::{Backend, TestApp};
use serde_json::{json, Value};
use std::ffi::OsStr;

const SCRIPTS: Scripts = Scripts {
    zeep: "zeep_ins.py",
    php: "php_ins.php",
    install_hint:
        "run `bash scripts/install-test-clients.sh`, then `cargo test --test interop_ins -- --ignored`",
};

/// AMUE's original WSDL `file`: under `$PASSERELLE_REFERENCE/apogee-wsdl/wsdl/`
/// when that variable names the reference folder (a worktree has no
/// `../shared` beside it), else where the other interop tests look.
fn amue(file: &str) -> String {
    match std::env::var_os("PASSERELLE_REFERENCE").filter(|v| !v.is_empty()) {
        Some(dir) => {
            let p = std::path::PathBuf::from(dir)
                .join("apogee-wsdl/wsdl")
                .join(file);
            assert!(p.is_file(), "no {}", p.display());
            p.to_str().expect("UTF-8 path").to_string()
        }
        None => interop::amue_wsdl(file),
    }
}

async fn run(client: Client, adm: &str, ped: &str, addresses: Option<(&str, &str)>) -> Value {
    let mut args: Vec<&OsStr> = vec![OsStr::new(ped)];
    if let Some((a, p)) = addresses {
        args.push(OsStr::new(a));
        args.push(OsStr::new(p));
    }
    SCRIPTS.run(client, adm, &args, None).await.json
}

fn s(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        Value::Number(n) => n.to_string(),
        Value::Null => "null".into(),
        other => other.to_string(),
    }
}

fn check(ctx: &str, out: &Value) {
    let r = &out["results"];
    let etapes = r["etapes"].as_array().expect("etapes");
    let got: Vec<String> = etapes
        .iter()
        .map(|e| {
            format!(
                "{} {}/{} {} {} {}",
                s(&e["annee"]),
                s(&e["codeEtp"]),
                s(&e["versionEtp"]),
                s(&e["codeDiplome"]),
                s(&e["etatIae"]),
                s(&e["payee"])
            )
        })
        .collect();
    assert_eq!(
        got,
        [
            "2022 L1INF/101 LINF E P",
            "2023 L2INF/101 LINF E P",
            "2024 L3INF/101 LINF E P"
        ],
        "{ctx}: {out:#}"
    );
    assert!(
        s(&etapes[0]["dateIAE"]).starts_with("2022-07-18"),
        "{ctx}: {out:#}"
    );
    let annuelles: Vec<String> = r["annuelles"]
        .as_array()
        .expect("annuelles")
        .iter()
        .map(|a| format!("{} {} {}", s(&a["annee"]), s(&a["etat"]), s(&a["codRgi"])))
        .collect();
    assert_eq!(
        annuelles,
        ["2022 E 1", "2023 E 1", "2024 E 1"],
        "{ctx}: {out:#}"
    );
    assert_eq!(
        r["etapes_fault"],
        json!("technical.parameter.noncoherentinput.invalidUser"),
        "{ctx}"
    );
    let vdivet: Vec<String> = r["vdivet"]
        .as_array()
        .expect("vdivet")
        .iter()
        .map(|c| {
            let etapes: Vec<String> = c["etapes"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| {
                    let notes: Vec<String> = e["notes"].as_array().unwrap().iter().map(s).collect();
                    format!("{}[{}]", s(&e["codEtp"]), notes.join(","))
                })
                .collect();
            format!(
                "{} {}/{} {}",
                s(&c["annee"]),
                s(&c["codDip"]),
                s(&c["codVrsVdi"]),
                etapes.join(" ")
            )
        })
        .collect();
    assert_eq!(
        vdivet,
        [
            "2022 LINF/101 L1INF[13.25]",
            "2023 LINF/101 L2INF[9.5,11.2]",
            // Deliberation in progress: no result for a student (T).
            "2024 LINF/101 L3INF[]"
        ],
        "{ctx}: {out:#}"
    );
    let elps: Vec<String> = r["elpepr"]
        .as_array()
        .expect("elpepr")
        .iter()
        .map(|c| {
            let notes: Vec<String> = c["notes"].as_array().unwrap().iter().map(s).collect();
            format!(
                "{}:{}[{}]",
                s(&c["codElp"]),
                s(&c["rngElp"]),
                notes.join(",")
            )
        })
        .collect();
    assert_eq!(
        elps,
        ["MIN1O1:1[ABI]", "MIN1U1:1[15]", "MIN1U2:1[12]"],
        "{ctx}: {out:#}"
    );
}

async fn both_ways(app: &TestApp, client: Client) {
    // (a) Our served WSDLs, and the addresses written in them.
    let (adm, _) = interop::served_wsdl(app, "AdministratifMetier").await;
    let (ped, _) = interop::served_wsdl(app, "PedagogiqueMetier").await;
    let out = run(client, &format!("{adm}?wsdl"), &format!("{ped}?wsdl"), None).await;
    interop::assert_endpoint_from_served_wsdl(client, out["address"].as_str(), &adm);
    check(&format!("{} on our WSDL", client.name()), &out);
    // (b) AMUE's WSDLs from disk, endpoints overridden.
    let out = run(
        client,
        &amue("AdministratifMetier_Impl.wsdl"),
        &amue("PedagogiqueMetier_Impl.wsdl"),
        Some((&adm, &ped)),
    )
    .await;
    assert_eq!(out["address"].as_str(), Some(adm.as_str()));
    check(&format!("{} on AMUE's WSDL", client.name()), &out);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP: bash scripts/install-test-clients.sh"]
async fn zeep_reads_registrations_and_results() {
    let app = app(Backend::Sqlite).await;
    both_ways(&app, Client::Zeep).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
#[ignore = "needs zeep and PHP: bash scripts/install-test-clients.sh"]
async fn php_reads_registrations_and_results() {
    let app = app(Backend::Sqlite).await;
    both_ways(&app, Client::Php).await;
}

// ---------------------------------------------------------------------------
// Our DTO declarations against AMUE's XSDs
// ---------------------------------------------------------------------------

/// `(targetNamespace, complexType name) → element names in order` of every
/// `<schema>` in `xml` (comments removed).
fn complex_types(xml: &str) -> Vec<((String, String), Vec<String>)> {
    let mut text = String::with_capacity(xml.len());
    let mut rest = xml;
    while let Some(i) = rest.find("<!--") {
        text.push_str(&rest[..i]);
        rest = rest[i..].find("-->").map_or("", |j| &rest[i + j + 3..]);
    }
    text.push_str(rest);
    let attr = |tag: &str, name: &str| -> Option<String> {
        let k = format!("{name}=\"");
        let i = tag.find(&k)? + k.len();
        Some(tag[i..i + tag[i..].find('"')?].to_string())
    };
    let mut out = Vec::new();
    for schema in text.split("<schema").skip(1) {
        let head = &schema[..schema.find('>').unwrap_or(0)];
        let Some(ns) = attr(head, "targetNamespace") else {
            continue;
        };
        for ct in schema.split("<complexType").skip(1) {
            let head = &ct[..ct.find('>').unwrap_or(0)];
            let Some(name) = attr(head, "name") else {
                continue;
            };
            let body = &ct[..ct.find("</complexType>").unwrap_or(ct.len())];
            let elements = body
                .split("<element")
                .skip(1)
                .filter_map(|e| attr(&e[..e.find('>').unwrap_or(e.len())], "name"))
                .collect();
            out.push(((ns.clone(), name), elements));
        }
    }
    out
}

fn reference_types(
    dirs: &[std::path::PathBuf],
) -> std::collections::HashMap<(String, String), Vec<String>> {
    let mut map = std::collections::HashMap::new();
    fn walk(dir: &std::path::Path, files: &mut Vec<std::path::PathBuf>) {
        for e in std::fs::read_dir(dir)
            .expect("read the reference folder")
            .flatten()
        {
            let p = e.path();
            if p.is_dir() {
                walk(&p, files);
            } else if p.extension().is_some_and(|x| x == "xsd") {
                files.push(p);
            }
        }
    }
    for dir in dirs {
        let mut files = Vec::new();
        walk(dir, &mut files);
        for f in files {
            let bytes = std::fs::read(&f).expect("read an XSD");
            // ISO-8859-15: names are ASCII, the rest may be replaced.
            let text = String::from_utf8_lossy(&bytes);
            for (k, v) in complex_types(&text) {
                map.insert(k, v);
            }
        }
    }
    map
}

#[test]
#[ignore = "needs AMUE's reference WSDLs (PASSERELLE_REFERENCE or ../shared)"]
fn our_types_have_amue_element_order() {
    let wsdl_dir = std::path::PathBuf::from(amue("AdministratifMetier_Impl.wsdl"))
        .parent()
        .expect("wsdl folder")
        .to_path_buf();
    let root = wsdl_dir.parent().expect("apogee-wsdl folder");
    // Older versions first: the current files win for a type both define.
    let refs = reference_types(&[
        root.join("legacy/apo-webservices-client-6.40.01/wsdl/schemas"),
        root.join("legacy/apo-webservices-client-6.30.30/wsdl/schemas"),
        wsdl_dir.join("schemas"),
    ]);
    let mut checked = 0;
    for svc in [
        &passerelle::services::administratif::SERVICE,
        &passerelle::services::pedagogique::SERVICE,
    ] {
        let ours = passerelle::services::wsdl::canonical(svc);
        for ((ns, name), elements) in complex_types(&ours) {
            if ns.starts_with("gouv.education.apogee.commun.servicesmetiers") {
                continue;
            }
            let want = refs
                .get(&(ns.clone(), name.clone()))
                .unwrap_or_else(|| panic!("{}: {{{ns}}}{name} is in no AMUE XSD", svc.port));
            assert_eq!(&elements, want, "{}: {{{ns}}}{name}", svc.port);
            checked += 1;
        }
    }
    assert!(checked > 60, "only {checked} types checked");
}
