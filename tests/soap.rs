//! The SOAP layer as clients see it: versions, namespaces, prefixes, dispatch,
//! faults, character sets.

mod common;
use common::{envelope11, op, Backend, TestApp, GEO_NS, SOAP11, SOAP12};

const PAYS_100: &str = "<_codePays>100</_codePays><_temoinEnService>O</_temoinEnService>";

async fn app() -> TestApp {
    TestApp::spawn(Backend::Sqlite).await
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap11_with_any_soapaction_or_none() {
    let app = app().await;
    let body = envelope11(&op(GEO_NS, "recupererPays", PAYS_100));
    for action in [None, Some("\"\""), Some(""), Some("\"urn:whatever\"")] {
        let mut rq = app
            .client
            .post(app.service_url("GeographieMetier"))
            .header("content-type", "text/xml; charset=utf-8")
            .body(body.clone());
        if let Some(a) = action {
            rq = rq.header("soapaction", a);
        }
        let r = rq.send().await.unwrap();
        assert_eq!(r.status(), 200, "SOAPAction {action:?}");
        assert_eq!(r.headers()["content-type"], "text/xml; charset=utf-8");
        let t = r.text().await.unwrap();
        assert!(t.starts_with("<?xml version=\"1.0\" encoding=\"UTF-8\"?>"));
        assert!(t.contains(&format!("<soapenv:Envelope xmlns:soapenv=\"{SOAP11}\"")));
        assert!(t.contains("<libPay>FRANCE</libPay>"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn soap12_request_gets_soap12_response() {
    let app = app().await;
    let r = app
        .post(
            "/services/GeographieMetier",
            "application/soap+xml; charset=utf-8; action=\"urn:recupererPays\"",
            common::envelope12(&op(GEO_NS, "recupererPays", PAYS_100)),
        )
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r.content_type.starts_with("application/soap+xml"));
    assert!(r.body.contains(&format!("xmlns:soapenv=\"{SOAP12}\"")));
    assert!(r.body.contains("<libPay>FRANCE</libPay>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn post_with_a_query_string_is_a_normal_call() {
    // esup-siscol posts to ".../EtudiantMetier?wsdl".
    let app = app().await;
    let r = app
        .post(
            "/services/GeographieMetier?wsdl",
            "text/xml; charset=utf-8",
            envelope11(&op(GEO_NS, "recupererPays", PAYS_100)),
        )
        .await;
    assert_eq!(r.status, 200);
    assert!(r.body.contains("<libPay>FRANCE</libPay>"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn dated_namespaces_are_accepted_and_echoed() {
    let app = app().await;
    let old = "gouv.education.apogee.commun.servicesmetiers.GeographieMetier_06062007";
    let r = app
        .soap11("GeographieMetier", &op(old, "recupererPays", PAYS_100))
        .await;
    assert_eq!(r.status, 200, "{}", r.body);
    assert!(r
        .body
        .contains(&format!("<ns1:recupererPaysResponse xmlns:ns1=\"{old}\">")));
    // Faults carry their detail element in the request's namespace too.
    let r = app
        .soap11(
            "GeographieMetier",
            &op(
                old,
                "recupererPays",
                "<_codePays>999</_codePays><_temoinEnService>O</_temoinEnService>",
            ),
        )
        .await;
    assert!(
        r.body.contains(&format!("<ns1:fault xmlns:ns1=\"{old}\">")),
        "{}",
        r.body
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_namespace_and_operation_are_client_faults() {
    let app = app().await;
    let r = app
        .soap11(
            "GeographieMetier",
            &op("urn:other", "recupererPays", PAYS_100),
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(r.text_of("faultcode").as_deref(), Some("soapenv:Client"));
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.unknownnamespace")
    );
    assert!(r.text_of("lastErrorMsg").unwrap().contains(GEO_NS));

    let r = app
        .soap11("GeographieMetier", &op(GEO_NS, "supprimerPays", ""))
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.unknownoperation")
    );
    assert!(r
        .text_of("lastErrorMsg")
        .unwrap()
        .contains("recupererCommune_v2"));

    let r = app
        .soap12("GeographieMetier", &op(GEO_NS, "supprimerPays", ""))
        .await;
    assert_eq!(r.status, 400, "SOAP 1.2 Sender faults are HTTP 400");
    assert_eq!(r.text_of("Value").as_deref(), Some("soapenv:Sender"));
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.unknownoperation")
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn malformed_xml_wrong_envelope_and_wrong_content_type() {
    let app = app().await;
    let p = "/services/GeographieMetier";
    let r = app.post(p, "text/xml", "<soapenv:Envelope xmlns:soapenv=\"http://schemas.xmlsoap.org/soap/envelope/\"><soapenv:Body>").await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.malformed")
    );
    let r = app.post(p, "application/soap+xml", "<a><b></a>").await;
    assert_eq!(r.status, 400);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.malformed")
    );

    // Wrong envelope namespace: VersionMismatch.
    let r = app
        .post(
            p,
            "text/xml",
            "<e:Envelope xmlns:e=\"urn:not-soap\"><e:Body/></e:Envelope>",
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.text_of("faultcode").as_deref(),
        Some("soapenv:VersionMismatch")
    );
    // A SOAP 1.2 envelope sent as text/xml (SOAP 1.1).
    let r = app
        .post(
            p,
            "text/xml",
            common::envelope12(&op(GEO_NS, "recupererPays", PAYS_100)),
        )
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.text_of("faultcode").as_deref(),
        Some("soapenv:VersionMismatch")
    );
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.versionmismatch")
    );

    let r = app.post(p, "application/json", "{}").await;
    assert_eq!(r.status, 415);
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.contenttype")
    );
    let r = app
        .post(p, "", envelope11(&op(GEO_NS, "recupererPays", PAYS_100)))
        .await;
    assert_eq!(r.status, 415);

    // Empty Body, two operations.
    let r = app.soap11("GeographieMetier", "").await;
    assert_eq!(r.fault_string().as_deref(), Some("technical.message.body"));
    let two = format!("{0}{0}", op(GEO_NS, "recupererPays", PAYS_100));
    let r = app.soap11("GeographieMetier", &two).await;
    assert_eq!(r.fault_string().as_deref(), Some("technical.message.body"));
    assert!(r.text_of("lastErrorMsg").unwrap().contains("more than one"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn unknown_service_and_paths() {
    let app = app().await;
    let r = app
        .post("/services/NoSuchMetier", "text/xml", envelope11("<a/>"))
        .await;
    assert_eq!(r.status, 404);
    assert_eq!(app.get("/services/NoSuchMetier?wsdl").await.status, 404);
    assert_eq!(app.get("/elsewhere").await.status, 404);
    let r = app
        .client
        .put(app.service_url("GeographieMetier"))
        .send()
        .await
        .unwrap();
    assert_eq!(r.status(), 405);
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn prefixes_are_the_senders_choice() {
    let app = app().await;
    let bodies = [
        // PHP SoapClient style.
        format!(
            r#"<?xml version="1.0" encoding="UTF-8"?>
<SOAP-ENV:Envelope xmlns:SOAP-ENV="{SOAP11}" xmlns:ns1="{GEO_NS}"><SOAP-ENV:Body><ns1:recupererPays><_codePays>100</_codePays><_temoinEnService>O</_temoinEnService></ns1:recupererPays></SOAP-ENV:Body></SOAP-ENV:Envelope>
"#
        ),
        // zeep style.
        format!(
            r#"<soap-env:Envelope xmlns:soap-env="{SOAP11}"><soap-env:Body><ns0:recupererPays xmlns:ns0="{GEO_NS}"><_codePays>100</_codePays><_temoinEnService>O</_temoinEnService></ns0:recupererPays></soap-env:Body></soap-env:Envelope>"#
        ),
        // Default namespaces, with xmlns="" on unqualified children (JAX-WS style).
        format!(
            r#"<Envelope xmlns="{SOAP11}"><Body><recupererPays xmlns="{GEO_NS}"><_codePays xmlns="">100</_codePays><_temoinEnService xmlns="">O</_temoinEnService></recupererPays></Body></Envelope>"#
        ),
        // Axis style with xsi:type attributes and white space everywhere.
        format!(
            r#"<soapenv:Envelope xmlns:soapenv="{SOAP11}" xmlns:xsd="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
  <soapenv:Header/>
  <soapenv:Body>
    <recupererPays xmlns="{GEO_NS}">
      <_codePays xmlns="" xsi:type="xsd:string"> 100 </_codePays>
      <_temoinEnService xmlns="" xsi:type="xsd:string">O</_temoinEnService>
    </recupererPays>
  </soapenv:Body>
</soapenv:Envelope>"#
        ),
    ];
    for b in bodies {
        let r = app
            .post(
                "/services/GeographieMetier",
                "text/xml; charset=UTF-8",
                b.clone(),
            )
            .await;
        assert_eq!(r.status, 200, "{b}\n{}", r.body);
        assert_eq!(r.count("recupererPaysReturn"), 1, "{b}");
        assert_eq!(r.text_of("libPay").as_deref(), Some("FRANCE"));
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn nil_empty_and_absent_all_mean_not_given() {
    let app = app().await;
    let variants = [
        "<_codePays xsi:nil=\"true\"/><_temoinEnService>O</_temoinEnService>",
        "<_codePays/><_temoinEnService>O</_temoinEnService>",
        "<_codePays></_codePays><_temoinEnService>O</_temoinEnService>",
        "<_temoinEnService>O</_temoinEnService>",
    ];
    let mut seen = None;
    for v in variants {
        let r = app
            .soap11("GeographieMetier", &op(GEO_NS, "recupererPays", v))
            .await;
        assert_eq!(r.status, 200, "{v}");
        assert_eq!(r.count("recupererPaysReturn"), 15, "{v}");
        match &seen {
            None => seen = Some(r.body),
            Some(b) => assert_eq!(b, &r.body, "{v}"),
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn qualified_or_duplicated_children_are_refused_not_dropped() {
    let app = app().await;
    let r = app
        .soap11(
            "GeographieMetier",
            &format!(r#"<g:recupererPays xmlns:g="{GEO_NS}"><g:_codePays>100</g:_codePays><_temoinEnService>O</_temoinEnService></g:recupererPays>"#),
        )
        .await;
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.parameter.noncoherentinput.codePays")
    );
    assert_eq!(r.text_of("element").as_deref(), Some("_codePays"));
    assert!(r.text_of("lastErrorMsg").unwrap().contains("unqualified"));

    let r = app
        .soap11(
            "GeographieMetier",
            &op(
                GEO_NS,
                "recupererPays",
                "<_codePays>100</_codePays><_codePays>109</_codePays>",
            ),
        )
        .await;
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.parameter.noncoherentinput.codePays")
    );
    assert!(r.text_of("lastErrorMsg").unwrap().contains("only once"));
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn must_understand_headers_are_honoured() {
    let app = app().await;
    let xml = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Header><x:Trace xmlns:x="urn:x" s:mustUnderstand="1">1</x:Trace></s:Header><s:Body>{}</s:Body></s:Envelope>"#,
        op(GEO_NS, "recupererPays", PAYS_100)
    );
    let r = app
        .post("/services/GeographieMetier", "text/xml", xml)
        .await;
    assert_eq!(r.status, 500);
    assert_eq!(
        r.text_of("faultcode").as_deref(),
        Some("soapenv:MustUnderstand")
    );
    // Without mustUnderstand an unknown header block is ignored.
    let xml = format!(
        r#"<s:Envelope xmlns:s="{SOAP11}"><s:Header><x:Trace xmlns:x="urn:x">1</x:Trace></s:Header><s:Body>{}</s:Body></s:Envelope>"#,
        op(GEO_NS, "recupererPays", PAYS_100)
    );
    assert_eq!(
        app.post("/services/GeographieMetier", "text/xml", xml)
            .await
            .status,
        200
    );
}

/// "LEFÈVRE", "Élodie", "Œ" sent in ISO-8859-15 (declared in the XML declaration
/// or in the Content-Type) or as character references come back byte for byte in
/// UTF-8 (here through the fault message, which quotes the code sent).
#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn french_text_round_trips_from_latin9_and_references() {
    let app = app().await;
    let expected = "LEFÈVRE Élodie Œ";
    let latin9 = |decl: bool| -> Vec<u8> {
        let mut v = Vec::new();
        if decl {
            v.extend_from_slice(b"<?xml version=\"1.0\" encoding=\"ISO-8859-15\"?>");
        }
        v.extend_from_slice(format!("<s:Envelope xmlns:s=\"{SOAP11}\"><s:Body><g:recupererPays xmlns:g=\"{GEO_NS}\"><_codePays>").as_bytes());
        v.extend_from_slice(b"LEF\xC8VRE \xC9lodie \xBC");
        v.extend_from_slice(b"</_codePays><_temoinEnService>T</_temoinEnService></g:recupererPays></s:Body></s:Envelope>");
        v
    };
    let cases: Vec<(&str, Vec<u8>)> = vec![
        ("text/xml", latin9(true)),
        ("text/xml; charset=ISO-8859-15", latin9(false)),
        (
            "text/xml; charset=utf-8",
            envelope11(&op(GEO_NS, "recupererPays", "<_codePays>LEF&#xC8;VRE &#201;lodie &#x152;</_codePays><_temoinEnService>T</_temoinEnService>")).into_bytes(),
        ),
        (
            "text/xml; charset=utf-8",
            envelope11(&op(GEO_NS, "recupererPays", &format!("<_codePays>{expected}</_codePays><_temoinEnService>T</_temoinEnService>"))).into_bytes(),
        ),
    ];
    for (ct, body) in cases {
        let r = app.post("/services/GeographieMetier", ct, body).await;
        assert_eq!(
            r.fault_string().as_deref(),
            Some("technical.data.nullretrieve.pays"),
            "{ct}: {}",
            r.body
        );
        assert!(r.content_type.contains("utf-8"));
        let msg = r.text_of("lastErrorMsg").unwrap();
        assert!(msg.contains(&format!("« {expected} »")), "{ct}: {msg}");
    }
    // Bytes that are not UTF-8 without any declaration: a charset fault.
    let r = app
        .post("/services/GeographieMetier", "text/xml", latin9(false))
        .await;
    assert_eq!(
        r.fault_string().as_deref(),
        Some("technical.message.charset")
    );
}
