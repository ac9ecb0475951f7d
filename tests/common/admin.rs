//! Data for the admin pages' tests (`tests/admin.rs`, `tests/admin_browser.rs`).

use super::opi::{voeu, OpiReq, VoeuxReq};
use super::{op, Backend, TestApp};
use std::time::Duration;

const LP_NS: &str = "gouv.education.apogee.commun.servicesmetiers.LaissezPasserMetier";

/// A `mettreAJourLaissezPasserWS_V2` body: IAPRIMO for `num_opi` on `etp`/`vet`.
pub fn lp_primo(num_opi: &str, etp: &str, vet: &str) -> String {
    let f = [
        ("typLpa", "IAPRIMO"),
        ("codAnu", "2026"),
        ("numOPI", num_opi),
        ("codEtu", ""),
        ("codEtp", etp),
        ("codVrsVet", vet),
        ("codDip", ""),
        ("codVrsVdi", ""),
        ("codRgi", ""),
        ("codStu", ""),
        ("libCmtLpa", "dérogation jury"),
        ("codCatOuiSi", ""),
        ("mtfCat", ""),
        ("codCatExoExt", ""),
    ];
    let children: String = f.iter().map(|(n, v)| format!("<{n}>{v}</{n}>")).collect();
    op(LP_NS, "mettreAJourLaissezPasserWS_V2", &children)
}

/// Demo data plus: an OPI `ADM0000001` (LEFÈVRE Élodie) with wishes on L1INF/101
/// and L1DRT/101, a laissez-passer on L1INF/101 and one on M1INF/101, a
/// rejected OPI (unknown étape) and an OPI whose name holds markup.
pub async fn app_with_data(b: Backend) -> TestApp {
    let app = TestApp::spawn_with(b, |c| c.journal.flush_interval_ms = 50).await;
    let r = app.push_opi(&OpiReq::new(10, "ADM0000001")).await;
    assert_eq!(r.status, 200, "{}", r.body);
    for (etp, vet) in [("L1INF", "101"), ("M1INF", "101")] {
        let r = app
            .soap11("LaissezPasserMetier", &lp_primo("ADM0000001", etp, vet))
            .await;
        assert_eq!(r.status, 200, "{}", r.body);
    }
    let bad = OpiReq::new(10, "ADM0000002")
        .with_voeux(VoeuxReq::Items(vec![voeu("SC1", "NOPE99", 1, 1)]));
    let r = app.push_opi(&bad).await;
    assert_eq!(r.status, 500);
    let mut markup = OpiReq::new(10, "ADM0000003");
    markup
        .etat_civil
        .insert("libNomPatIndOpi", "<b>GRAS</b>".into());
    let r = app.push_opi(&markup).await;
    assert_eq!(r.status, 200, "{}", r.body);
    // Wait for the journal rows (5 calls).
    let store = app.store().await;
    for _ in 0..100 {
        let n = store
            .journal_list(&passerelle::journal::Filter {
                limit: 100,
                ..Default::default()
            })
            .await
            .unwrap()
            .len();
        if n >= 5 {
            break;
        }
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    app
}
