//! `passerelle import-opi` as a registrar runs it: the real binary on a CSV file
//! and a fresh SQLite database (and PostgreSQL for the example file when
//! `PASSERELLE_TEST_POSTGRES_URL` is set). Checks exit codes, the report, the
//! summary, what the database holds, re-runs and interrupted runs.

use passerelle::config::DatabaseConfig;
use passerelle::domain::opi::{Opi, Voeux};
use passerelle::store::{self, StoredOpi};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/opi-import.csv");

const HEADER: &str = "cod_opi_int_epo;lib_nom_pat_ind_opi;lib_pr1_ind_opi;date_nai_ind_opi;tem_date_nai_rel_opi;cod_sex_etu_opi;adr_mail_opi;cod_cge;cod_etp;cod_vrs_vet;num_cls;cod_dem_dos";

/// A temporary directory holding the database and the input files.
struct Env {
    dir: tempfile::TempDir,
    url: String,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("import.db").display());
        Env { dir, url }
    }

    fn path(&self, name: &str) -> PathBuf {
        self.dir.path().join(name)
    }

    fn write(&self, name: &str, bytes: impl AsRef<[u8]>) -> PathBuf {
        let p = self.path(name);
        std::fs::write(&p, bytes).unwrap();
        p
    }

    /// `passerelle import-opi FILE --database URL ARGS…`
    fn import(&self, file: &Path, args: &[&str]) -> Output {
        let out = bin()
            .arg("import-opi")
            .arg(file)
            .args(["--database", &self.url])
            .args(args)
            .output()
            .unwrap();
        eprintln!(
            "import-opi {}: {:?}\n{}{}",
            file.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    async fn find(&self, key: &str) -> Option<StoredOpi> {
        let s = store::open(&self.url, &DatabaseConfig::default())
            .await
            .unwrap();
        s.find_opi(key).await.unwrap()
    }

    /// (cod_opi_int_epo, number of individuals with it), and the number of wishes.
    fn counts(&self) -> (Vec<(String, i64)>, i64) {
        let db = rusqlite::Connection::open(self.path("import.db")).unwrap();
        let mut st = db
            .prepare(
                "SELECT cod_opi_int_epo, count(*) FROM ind_opi GROUP BY cod_opi_int_epo ORDER BY 1",
            )
            .unwrap();
        let per_key = st
            .query_map([], |r| Ok((r.get(0)?, r.get(1)?)))
            .unwrap()
            .map(Result::unwrap)
            .collect();
        let wishes = db
            .query_row("SELECT count(*) FROM voeux_ins", [], |r| r.get(0))
            .unwrap();
        (per_key, wishes)
    }
}

fn bin() -> Command {
    let mut c = Command::new(env!("CARGO_BIN_EXE_passerelle"));
    for v in ["PASSERELLE_DATABASE_URL", "PASSERELLE_CONFIG"] {
        c.env_remove(v);
    }
    c.env("RUST_LOG", "warn");
    c
}

fn code(out: &Output) -> i32 {
    out.status.code().expect("exited")
}

fn stdout(out: &Output) -> String {
    String::from_utf8(out.stdout.clone()).unwrap()
}

fn stderr(out: &Output) -> String {
    String::from_utf8(out.stderr.clone()).unwrap()
}

/// The report's rows, header included, after checking its BOM.
fn report(path: &Path) -> Vec<Vec<String>> {
    let bytes = std::fs::read(path).unwrap();
    let text = std::str::from_utf8(&bytes).unwrap();
    let text = text.strip_prefix('\u{feff}').expect("UTF-8 BOM for Excel");
    csv::ReaderBuilder::new()
        .delimiter(b';')
        .has_headers(false)
        .from_reader(text.as_bytes())
        .records()
        .map(|r| r.unwrap().iter().map(String::from).collect())
        .collect()
}

/// (line, key, result) of each report row.
fn results(rows: &[Vec<String>]) -> Vec<(String, String, String)> {
    rows[1..]
        .iter()
        .map(|r| (r[0].clone(), r[1].clone(), r[2].clone()))
        .collect()
}

fn r(line: u32, key: &str, result: &str) -> (String, String, String) {
    (line.to_string(), key.to_string(), result.to_string())
}

fn etapes(opi: &Opi) -> Vec<String> {
    match &opi.voeux {
        Voeux::Replace(v) => v.iter().map(|w| w.cod_etp.clone().unwrap()).collect(),
        other => panic!("stored wishes are read back as Replace, got {other:?}"),
    }
}

/// Nothing but the summary on stdout and nothing on stderr (no progress bar
/// when stderr is not a terminal).
fn assert_clean(out: &Output) {
    assert!(stderr(out).is_empty(), "stderr: {}", stderr(out));
    let s = stdout(out);
    assert!(!s.contains('\r') && !s.contains('\u{1b}'), "{s:?}");
}

#[tokio::test]
async fn example_file_then_rerun_is_unchanged() {
    let env = Env::new();
    // A copy, so that the default report lands beside it (FILE.report.csv).
    let file = env.write("opi-import.csv", std::fs::read(EXAMPLE).unwrap());
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 2, "one OPI of the example is invalid");
    assert_clean(&out);
    let summary = stdout(&out);
    for needle in [
        "8 rows, 5 OPIs (UTF-8, delimiter ';')",
        "created   4",
        "updated   0",
        "unchanged 0",
        "error     1",
        "opi-import.csv.report.csv",
    ] {
        assert!(summary.contains(needle), "{needle}:\n{summary}");
    }
    let rows = report(&env.path("opi-import.csv.report.csv"));
    assert_eq!(
        rows[0],
        ["line", "cod_opi_int_epo", "result", "field", "reason"]
    );
    assert_eq!(
        results(&rows),
        [
            r(2, "ECA2600101", "created"),
            r(4, "ECA2600102", "created"),
            r(5, "ECA2600103", "created"),
            r(8, "ECA2600104", "created"),
            r(9, "ECA2600105", "error"),
        ]
    );
    assert_eq!(rows[5][3], "voeux/item[1]/codEtp");
    assert!(
        rows[5][4].starts_with("line 9, column cod_etp: « L1INFORMATIQUE »"),
        "{}",
        rows[5][4]
    );
    assert!(rows[1][3].is_empty() && rows[1][4].is_empty());

    // What the database holds.
    let a = env.find("ECA2600101").await.expect("stored").opi;
    assert_eq!(a.individu.lib_nom_pat_ind_opi.as_deref(), Some("LEFÈVRE"));
    assert_eq!(a.individu.lib_pr1_ind_opi.as_deref(), Some("Élodie"));
    assert_eq!(a.individu.cod_nne_ind_opi.as_deref(), Some("0601234567"));
    assert_eq!(a.individu.cod_cle_nne_ind_opi.as_deref(), Some("K"));
    assert_eq!(
        a.individu.date_nai_ind_opi,
        Some(time::macros::date!(2006 - 03 - 14))
    );
    assert_eq!(etapes(&a), ["L1INF", "L1MAT"]);
    let Voeux::Replace(w) = &a.voeux else {
        unreachable!()
    };
    assert_eq!(
        (w[1].num_cls, w[1].cod_dip.as_deref()),
        (Some(1), Some("LMAT"))
    );
    let b = env.find("ECA2600102").await.unwrap().opi;
    assert_eq!(b.individu.lib_nom_pat_ind_opi.as_deref(), Some("CŒURDEROY"));
    assert_eq!(
        b.individu.date_nai_ind_opi,
        Some(time::macros::date!(2005 - 11 - 02)),
        "dd/MM/yyyy accepted"
    );
    let c = env.find("ECA2600103").await.unwrap().opi;
    assert_eq!(etapes(&c), ["L1DRT", "L1ECO", "L1LET"]);
    assert_eq!(c.individu.lib_nom_usu_ind_opi.as_deref(), Some("MOREAU"));
    let d = env.find("ECA2600104").await.unwrap().opi;
    assert!(etapes(&d).is_empty(), "a row with no wish brings none");
    assert_eq!(d.individu.lib_pr2_ind_opi.as_deref(), Some("Loïc"));
    assert!(
        env.find("ECA2600105").await.is_none(),
        "refused: nothing written"
    );
    let (per_key, wishes) = env.counts();
    assert_eq!(per_key.len(), 4);
    assert!(per_key.iter().all(|(_, n)| *n == 1));
    assert_eq!(wishes, 6);

    // Re-running the same file: nothing written, no duplicate.
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("unchanged 4"), "{}", stdout(&out));
    let rows = report(&env.path("opi-import.csv.report.csv"));
    assert_eq!(
        results(&rows),
        [
            r(2, "ECA2600101", "unchanged"),
            r(4, "ECA2600102", "unchanged"),
            r(5, "ECA2600103", "unchanged"),
            r(8, "ECA2600104", "unchanged"),
            r(9, "ECA2600105", "error"),
        ]
    );
    assert_eq!(env.counts(), (per_key, wishes));
}

#[tokio::test]
async fn valid_file_exits_zero_and_a_change_is_an_update() {
    let env = Env::new();
    let body = "K1;MARTIN;Noé;01022004;N;M;noe@example.org;SCI;L1MIA;1;1;C\n\
                K1;MARTIN;Noé;01022004;N;M;noe@example.org;SCI;L1PC;1;2;C\n\
                K2;PETIT;Inès;15/06/2005;N;F;;LET;L1LEA;1;1;C\n";
    let file = env.write("in.csv", format!("{HEADER}\n{body}"));
    let rep = env.path("rapport.csv");
    let out = env.import(&file, &["--report", rep.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert_clean(&out);
    assert_eq!(
        results(&report(&rep)),
        [r(2, "K1", "created"), r(4, "K2", "created")]
    );

    // The e-mail changes, rows swapped: K1 updated, K2 unchanged.
    let body = "K2;PETIT;Inès;15062005;N;F;;LET;L1LEA;1;1;C\n\
                K1;MARTIN;Noé;01022004;N;M;noe.martin@example.org;SCI;L1PC;1;2;C\n\
                K1;MARTIN;Noé;01022004;N;M;noe.martin@example.org;SCI;L1MIA;1;1;C\n";
    env.write("in.csv", format!("{HEADER}\n{body}"));
    let out = env.import(&file, &["--report", rep.to_str().unwrap()]);
    assert_eq!(code(&out), 0);
    assert_eq!(
        results(&report(&rep)),
        [r(2, "K2", "unchanged"), r(3, "K1", "updated")]
    );
    let k1 = env.find("K1").await.unwrap().opi;
    assert_eq!(
        k1.individu.adr_mail_opi.as_deref(),
        Some("noe.martin@example.org")
    );
    assert_eq!(etapes(&k1), ["L1MIA", "L1PC"]);

    // A file without wish columns leaves the stored wishes alone.
    let file2 = env.write(
        "sans-voeux.csv",
        "cod_opi_int_epo,lib_nom_pat_ind_opi,lib_pr1_ind_opi,date_nai_ind_opi,tem_date_nai_rel_opi\n\
         K1,MARTIN,Noé,01022004,N\n",
    );
    let out = env.import(&file2, &[]);
    assert_eq!(code(&out), 0);
    assert!(stdout(&out).contains("delimiter ','"), "{}", stdout(&out));
    let k1 = env.find("K1").await.unwrap().opi;
    assert_eq!(etapes(&k1), ["L1MIA", "L1PC"], "Voeux::Unchanged");
    assert_eq!(
        k1.individu.adr_mail_opi, None,
        "the individual is replaced whole"
    );
}

#[tokio::test]
async fn latin9_file() {
    let env = Env::new();
    let text = format!(
        "{}\nL1,CŒURDEROY,Élodie,31012004,N,F,,SCI,L1MIA,1,1,C\nL2,LEFÈVRE,Œlig,01012003,N,M,,,,,,\n",
        HEADER.replace(';', ",")
    );
    let (bytes, _, unmappable) = encoding_rs::ISO_8859_15.encode(&text);
    assert!(!unmappable);
    assert!(
        std::str::from_utf8(&bytes).is_err(),
        "the file is not UTF-8"
    );
    let file = env.write("latin9.csv", &bytes);
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains("(ISO-8859-15, delimiter ',')"),
        "{}",
        stdout(&out)
    );
    let a = env.find("L1").await.unwrap().opi;
    assert_eq!(a.individu.lib_nom_pat_ind_opi.as_deref(), Some("CŒURDEROY"));
    assert_eq!(a.individu.lib_pr1_ind_opi.as_deref(), Some("Élodie"));
    let b = env.find("L2").await.unwrap().opi;
    assert_eq!(b.individu.lib_nom_pat_ind_opi.as_deref(), Some("LEFÈVRE"));
    assert_eq!(b.individu.lib_pr1_ind_opi.as_deref(), Some("Œlig"));
    // The report is UTF-8 whatever the input was.
    let rows = report(&env.path("latin9.csv.report.csv"));
    assert_eq!(
        results(&rows),
        [r(2, "L1", "created"), r(3, "L2", "created")]
    );
}

#[tokio::test]
async fn unknown_column_refuses_the_file() {
    let env = Env::new();
    let file = env.write(
        "bad.csv",
        format!("{HEADER};lib_nom_pat_ind_op;commentaire\nK1;MARTIN;Noé;01022004;N;M;;;;;;;x;y\n"),
    );
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 1);
    let err = stderr(&out);
    assert!(
        err.contains("« lib_nom_pat_ind_op » (column 13, did you mean lib_nom_pat_ind_opi?)"),
        "{err}"
    );
    assert!(err.contains("« commentaire » (column 14)"), "{err}");
    assert!(stdout(&out).is_empty());
    assert!(!env.path("bad.csv.report.csv").exists(), "no report");
    assert!(
        !env.path("import.db").exists(),
        "the database is not even opened"
    );

    // A file that cannot be read, a database that cannot be opened: 1 too.
    let out = env.import(&env.path("absent.csv"), &[]);
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("absent.csv"), "{}", stderr(&out));
    let good = env.write(
        "good.csv",
        format!("{HEADER}\nK1;MARTIN;Noé;01022004;N;M;;;;;;\n"),
    );
    let out = bin()
        .arg("import-opi")
        .arg(&good)
        .args([
            "--database",
            &format!("sqlite://{}", env.path("no/such/dir/x.db").display()),
        ])
        .output()
        .unwrap();
    assert_eq!(code(&out), 1);
}

#[tokio::test]
async fn conflicting_rows_refuse_that_opi_only() {
    let env = Env::new();
    let body = "C1;LEFÈVRE;Élodie;14032006;N;F;;SCI;L1MIA;1;1;C\n\
                C2;MARTIN;Noé;01022004;N;M;;SCI;L1PC;1;1;C\n\
                C1;LEFEVRE;Élodie;14032006;N;F;;SCI;L1PC;1;2;C\n\
                C3;PETIT;Inès;15062005;N;F;;;;;;\n";
    let file = env.write("conflict.csv", format!("{HEADER}\n{body}"));
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 2);
    let rows = report(&env.path("conflict.csv.report.csv"));
    assert_eq!(
        results(&rows),
        [
            r(2, "C1", "error"),
            r(3, "C2", "created"),
            r(5, "C3", "created")
        ]
    );
    assert_eq!(rows[1][3], "lib_nom_pat_ind_opi");
    assert!(
        rows[1][4]
            .contains("lines 2 and 4 disagree on lib_nom_pat_ind_opi (« LEFÈVRE » / « LEFEVRE »)"),
        "{}",
        rows[1][4]
    );
    assert!(env.find("C1").await.is_none());
    assert!(env.find("C2").await.is_some());
}

/// An import stopped halfway (here: the first half of the file), then run
/// again on the whole file, ends with every OPI exactly once and complete.
#[tokio::test]
async fn interrupted_run_then_whole_file() {
    let env = Env::new();
    let mut lines = vec![HEADER.to_string()];
    for i in 0..10 {
        // OPI i has (i % 3) + 1 wishes, on consecutive rows.
        for w in 0..=(i % 3) {
            lines.push(format!(
                "R{i:02};NOM{i};Prénom{i};0101200{};N;F;;SCI;E{i}W{w};1;{};C",
                i % 10,
                w + 1
            ));
        }
    }
    let whole = lines.join("\n") + "\n";
    // Header and the first ten rows: R05's three rows are cut after the first.
    let half = lines[..11].join("\n") + "\n";
    let total_wishes: i64 = (0..10).map(|i| (i % 3) + 1).sum();
    let file = env.write("lot.csv", &half);
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 0);
    let first = results(&report(&env.path("lot.csv.report.csv")));
    let split = &first.last().unwrap().1;
    assert_eq!(split, "R05", "the last OPI of the half is cut");
    let file = env.write("lot.csv", &whole);
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 0);
    let second = results(&report(&env.path("lot.csv.report.csv")));
    assert_eq!(second.len(), 10);
    for (line, key, result) in &second {
        let expected = if first.iter().all(|(_, k, _)| k != key) {
            "created"
        } else if key == split {
            "updated"
        } else {
            "unchanged"
        };
        assert_eq!(result, expected, "{key} (line {line})");
    }
    let (per_key, wishes) = env.counts();
    assert_eq!(
        per_key,
        (0..10).map(|i| (format!("R{i:02}"), 1)).collect::<Vec<_>>()
    );
    assert_eq!(wishes, total_wishes);
    let last_cut = env.find(split).await.unwrap().opi;
    let i: usize = split[1..].parse().unwrap();
    assert_eq!(etapes(&last_cut).len(), (i % 3) + 1);
}

/// The example on PostgreSQL, when `PASSERELLE_TEST_POSTGRES_URL` is set.
#[tokio::test]
async fn example_file_on_postgres() {
    let Some(admin) = std::env::var("PASSERELLE_TEST_POSTGRES_URL")
        .ok()
        .filter(|s| !s.is_empty())
    else {
        return;
    };
    let name = format!("passerelle_import_{}", std::process::id());
    let (client, conn) = tokio_postgres::connect(&admin, tokio_postgres::NoTls)
        .await
        .unwrap();
    tokio::spawn(conn);
    client
        .batch_execute(&format!("DROP DATABASE IF EXISTS {name} WITH (FORCE)"))
        .await
        .unwrap();
    client
        .batch_execute(&format!("CREATE DATABASE {name}"))
        .await
        .unwrap();
    let mut url: url::Url = admin.parse().unwrap();
    url.set_path(&format!("/{name}"));
    let env = Env {
        dir: tempfile::tempdir().unwrap(),
        url: url.to_string(),
    };
    let file = env.write("opi-import.csv", std::fs::read(EXAMPLE).unwrap());
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("created   4"), "{}", stdout(&out));
    let out = env.import(&file, &[]);
    assert_eq!(code(&out), 2);
    assert!(stdout(&out).contains("unchanged 4"), "{}", stdout(&out));
    let c = env.find("ECA2600103").await.unwrap().opi;
    assert_eq!(etapes(&c), ["L1DRT", "L1ECO", "L1LET"]);
    client
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
