//! The pages read from the journal: the dashboard and the journal itself.

use super::{enc, esc, PageResult};
use crate::http::State;
use crate::journal::{parse_when, stats, Entry, Filter};
use std::collections::HashMap;
use time::OffsetDateTime;

/// Periods offered on the dashboard.
const PERIODES: &[(&str, &str)] = &[
    ("1h", "dernière heure"),
    ("24h", "dernières 24 heures"),
    ("7d", "7 derniers jours"),
    ("30d", "30 derniers jours"),
];

fn ms(us: i64) -> String {
    format!("{:.1}", us as f64 / 1000.0)
}

/// `2026-11-23T13:48:05.123456Z` → `2026-11-23 13:48:05`.
fn when(at: &str) -> String {
    at.get(..19).unwrap_or(at).replace('T', " ")
}

/// A business key as a link to the OPI when it names one.
fn key_cell(key: Option<&str>) -> String {
    let Some(k) = key else {
        return String::new();
    };
    let code = k
        .split_whitespace()
        .find_map(|p| p.strip_prefix("codOpiIntEpo="))
        .or_else(|| {
            k.strip_prefix("lp=IAPRIMO/")
                .and_then(|r| r.split('/').next())
        })
        .filter(|c| !c.is_empty());
    match code {
        Some(c) => format!(
            "<a href=\"/admin/opi?code={}\"><code>{}</code></a>",
            enc(c),
            esc(k)
        ),
        None => format!("<code>{}</code>", esc(k)),
    }
}

/// A request id as a link to its row alone (`/admin/journal?requete=…`).
fn request_cell(id: Option<&str>) -> String {
    match id {
        Some(id) => format!(
            "<a href=\"/admin/journal?requete={}\"><code>{}</code></a>",
            enc(id),
            esc(id)
        ),
        None => String::new(),
    }
}

fn outcome_cell(e: &Entry) -> String {
    if e.is_ok() {
        "<span class=\"ok\">accepté</span>".into()
    } else {
        format!("<span class=\"ko\">{}</span>", esc(&e.outcome))
    }
}

/// Rows of the journal as a table; `full` adds client, duration and size.
fn entries_table(rows: &[Entry], full: bool) -> String {
    if rows.is_empty() {
        return "<p class=\"muted\">Aucun appel ne correspond.</p>".into();
    }
    let mut h = String::from("<table class=\"journal\"><tr><th>Date (UTC)</th>");
    if full {
        h.push_str("<th>Client</th>");
    }
    h.push_str("<th>Service</th><th>Opération</th><th>Résultat</th><th>HTTP</th>");
    if full {
        h.push_str("<th>Durée (ms)</th><th>Taille (o)</th>");
    }
    h.push_str(
        "<th>Clé métier</th><th>Champ</th><th>Motif du rejet</th><th>N° de requête</th></tr>",
    );
    for e in rows {
        h.push_str(&format!("<tr><td>{}</td>", esc(&when(&e.at))));
        if full {
            h.push_str(&format!(
                "<td>{}</td>",
                esc(e.client.as_deref().unwrap_or("—"))
            ));
        }
        h.push_str(&format!(
            "<td>{}</td><td>{}</td><td>{}</td><td class=\"n\">{}</td>",
            esc(&e.service),
            esc(e.operation.as_deref().unwrap_or("—")),
            outcome_cell(e),
            e.http_status
        ));
        if full {
            h.push_str(&format!(
                "<td class=\"n\">{}</td><td class=\"n\">{}</td>",
                ms(e.duration_us),
                e.request_bytes
            ));
        }
        h.push_str(&format!(
            "<td>{}</td><td>{}</td><td class=\"motif\">{}</td><td>{}</td></tr>",
            key_cell(e.business_key.as_deref()),
            e.field_path
                .as_deref()
                .map(|p| format!("<code>{}</code>", esc(p)))
                .unwrap_or_default(),
            esc(e.reason.as_deref().unwrap_or("")),
            request_cell(e.request_id.as_deref()),
        ));
    }
    h.push_str("</table>");
    h
}

/// `/admin`: calls per service and operation, error rates, latencies, last rejections.
pub async fn dashboard(
    state: &State,
    q: &HashMap<String, String>,
    who: Option<&str>,
) -> PageResult {
    let now = OffsetDateTime::now_utc();
    let periode = q
        .get("periode")
        .map(String::as_str)
        .filter(|p| PERIODES.iter().any(|(k, _)| k == p))
        .unwrap_or("24h");
    let since = parse_when(periode, now).ok();
    let st = stats(state.store.journal_samples(since.as_deref()).await?);
    let calls: u64 = st.iter().map(|s| s.calls).sum();
    let faults: u64 = st.iter().map(|s| s.faults).sum();
    let last = state
        .store
        .journal_list(&Filter {
            faults_only: true,
            limit: 15,
            ..Filter::default()
        })
        .await?;

    let mut h = String::from("<form class=\"f\" method=\"get\" action=\"/admin\"><label>Période<select name=\"periode\">");
    for (k, label) in PERIODES {
        let sel = if *k == periode { " selected" } else { "" };
        h.push_str(&format!("<option value=\"{k}\"{sel}>{label}</option>"));
    }
    h.push_str("</select></label><button type=\"submit\">Afficher</button></form>");
    let rate = if calls == 0 {
        0.0
    } else {
        faults as f64 * 100.0 / calls as f64
    };
    h.push_str(&format!(
        "<div class=\"cards\"><div class=\"card\"><b>{calls}</b>appels</div>\
         <div class=\"card\"><b>{}</b>appels acceptés</div>\
         <div class=\"card\"><b class=\"ko\">{faults}</b>rejets</div>\
         <div class=\"card\"><b>{rate:.1} %</b>taux d'erreur</div></div>",
        calls - faults
    ));
    let dropped = state.journal.dropped();
    if dropped > 0 {
        h.push_str(&format!(
            "<p class=\"ko\">{dropped} lignes de journal perdues depuis le démarrage (tampon plein ou base indisponible).</p>"
        ));
    }
    h.push_str("<h2>Appels par service et opération</h2>");
    if st.is_empty() {
        h.push_str("<p class=\"muted\">Aucun appel sur la période.</p>");
    } else {
        h.push_str("<table class=\"stats\"><tr><th>Service</th><th>Opération</th><th>Appels</th><th>Rejets</th><th>Taux d'erreur</th><th>Latence p50 (ms)</th><th>p95 (ms)</th><th>p99 (ms)</th></tr>");
        for s in &st {
            h.push_str(&format!(
                "<tr><td>{}</td><td>{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{:.1} %</td><td class=\"n\">{}</td><td class=\"n\">{}</td><td class=\"n\">{}</td></tr>",
                esc(&s.service),
                esc(&s.operation),
                s.calls,
                s.faults,
                s.error_rate() * 100.0,
                ms(s.p50_us),
                ms(s.p95_us),
                ms(s.p99_us)
            ));
        }
        h.push_str("</table>");
    }
    h.push_str("<h2>Derniers rejets</h2>");
    h.push_str(&entries_table(&last, false));
    h.push_str("<p><a href=\"/admin/journal?erreurs=1\">Tous les rejets dans le journal →</a></p>");
    h.push_str(&format!(
        "<p class=\"muted\">Connecté : {}. Les heures sont en UTC.</p>",
        esc(who.unwrap_or("mode démonstration (accès local)"))
    ));
    Ok(("Tableau de bord".into(), "/admin", h))
}

/// `/admin/journal`: the journal filtered by client, operation, code, key,
/// request id (`requete`: the `X-Request-Id` a registrar quotes from a fault's
/// `lastErrorMsg`) and dates.
pub async fn journal(state: &State, q: &HashMap<String, String>) -> PageResult {
    let now = OffsetDateTime::now_utc();
    let mut errors = Vec::new();
    let mut bound = |name: &str| -> Option<String> {
        let v = q.get(name)?;
        match parse_when(v, now) {
            Ok(t) => Some(t),
            Err(e) => {
                errors.push(e);
                None
            }
        }
    };
    let since = bound("du");
    let until = bound("au");
    let limit = q
        .get("limite")
        .and_then(|l| l.parse::<usize>().ok())
        .unwrap_or(200)
        .clamp(1, 5000);
    let filter = Filter {
        since,
        until,
        client: q.get("client").cloned(),
        operation: q.get("operation").cloned(),
        code: q.get("code").cloned(),
        key: q.get("cle").cloned(),
        request_id: q.get("requete").cloned(),
        faults_only: q.contains_key("erreurs"),
        limit,
    };
    let rows = state.store.journal_list(&filter).await?;
    let v = |k: &str| esc(q.get(k).map(String::as_str).unwrap_or(""));
    let mut h = format!(
        "<form class=\"f\" method=\"get\" action=\"/admin/journal\">\
         <label>Client<input name=\"client\" value=\"{}\" size=\"12\"></label>\
         <label>Opération<input name=\"operation\" value=\"{}\" size=\"24\"></label>\
         <label>Code d'erreur<input name=\"code\" value=\"{}\" size=\"30\" placeholder=\"ex. technical.parameter\"></label>\
         <label>Clé métier<input name=\"cle\" value=\"{}\" size=\"14\" placeholder=\"codOpiIntEpo\"></label>\
         <label>N° de requête<input name=\"requete\" value=\"{}\" size=\"20\" placeholder=\"X-Request-Id\"></label>\
         <label>Du (UTC)<input name=\"du\" value=\"{}\" size=\"16\" placeholder=\"2026-11-23 ou 24h\"></label>\
         <label>Au (UTC)<input name=\"au\" value=\"{}\" size=\"16\"></label>\
         <label>Rejets seulement<input type=\"checkbox\" name=\"erreurs\" value=\"1\"{}></label>\
         <label>Lignes<input name=\"limite\" value=\"{limit}\" size=\"5\"></label>\
         <button type=\"submit\">Filtrer</button></form>",
        v("client"),
        v("operation"),
        v("code"),
        v("cle"),
        v("requete"),
        v("du"),
        v("au"),
        if filter.faults_only { " checked" } else { "" },
    );
    for e in errors {
        h.push_str(&format!("<p class=\"ko\">{}</p>", esc(&e)));
    }
    h.push_str(&format!(
        "<p class=\"muted\">{} appel(s), les plus récents d'abord. Aucune donnée personnelle n'est journalisée : seule la clé métier identifie le dossier.</p>",
        rows.len()
    ));
    h.push_str(&entries_table(&rows, true));
    Ok(("Journal des appels".into(), "/admin/journal", h))
}
