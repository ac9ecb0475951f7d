//! `passerelle import-offre` as an operator runs it: the real binary on YAML and
//! JSON files and a fresh SQLite database (and PostgreSQL for the example file
//! when `PASSERELLE_TEST_POSTGRES_URL` is set). Checks exit codes (0 imported,
//! 2 invalid file, 1 not run), messages, counts and what the database holds.

use passerelle::config::DatabaseConfig;
use passerelle::domain::offre::Catalogue;
use passerelle::store::{self, offre};
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

const EXAMPLE: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/examples/offre.yaml");

/// A temporary directory holding the database and the input files.
struct Env {
    dir: tempfile::TempDir,
    url: String,
}

impl Env {
    fn new() -> Env {
        let dir = tempfile::tempdir().unwrap();
        let url = format!("sqlite://{}", dir.path().join("offre.db").display());
        Env { dir, url }
    }

    fn write(&self, name: &str, text: &str) -> PathBuf {
        let p = self.dir.path().join(name);
        std::fs::write(&p, text).unwrap();
        p
    }

    /// `passerelle import-offre FILE --database URL`
    fn import(&self, file: &Path) -> Output {
        let out = bin()
            .arg("import-offre")
            .arg(file)
            .args(["--database", &self.url])
            .output()
            .unwrap();
        eprintln!(
            "import-offre {}: {:?}\n{}{}",
            file.display(),
            out.status,
            String::from_utf8_lossy(&out.stdout),
            String::from_utf8_lossy(&out.stderr)
        );
        out
    }

    async fn catalogue(&self) -> Catalogue {
        let s = store::open(&self.url, &DatabaseConfig::default())
            .await
            .unwrap();
        s.catalogue().await.unwrap()
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

fn example() -> Catalogue {
    offre::parse(
        &std::fs::read_to_string(EXAMPLE).unwrap(),
        offre::Format::Yaml,
    )
    .unwrap()
}

#[tokio::test]
async fn example_file_then_rerun_is_unchanged() {
    let env = Env::new();
    let n = offre::rows(&example());
    let out = env.import(Path::new(EXAMPLE));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    let text = stdout(&out);
    assert!(
        text.contains(&format!("{n} rows: {n} inserted, 0 updated, 0 unchanged")),
        "{text}"
    );
    // One line per table written.
    for t in offre::ALL {
        assert!(
            text.lines()
                .any(|l| l.split_whitespace().next() == Some(t.def().table)),
            "{} not in\n{text}",
            t.def().table
        );
    }
    assert_eq!(env.catalogue().await, offre::sorted(&example()));

    let out = env.import(Path::new(EXAMPLE));
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains(&format!("{n} rows: 0 inserted, 0 updated, {n} unchanged")),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn json_file() {
    let env = Env::new();
    // The demo catalogue written as JSON (what a script extracting from
    // Apogée would produce), then one label changed.
    let mut c = offre::DEMO.clone();
    let file = env.write("offre.json", &serde_json::to_string_pretty(&c).unwrap());
    let out = env.import(&file);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert_eq!(env.catalogue().await, offre::sorted(&c));

    c.diplomes[0].lib_dip = "Licence Informatique (nouvelle accréditation)".into();
    let file = env.write("offre.JSON", &serde_json::to_string(&c).unwrap());
    let out = env.import(&file);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(stdout(&out).contains(" 1 updated, "), "{}", stdout(&out));
    assert_eq!(env.catalogue().await, offre::sorted(&c));
}

#[tokio::test]
async fn syntax_errors_name_the_line() {
    let env = Env::new();
    let yaml = env.write(
        "broken.yaml",
        "etapes:\n  - cod_etp: L1EXP\n    lib_etp: \"L1 exemple\n  - cod_etp: L2EXP\n",
    );
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("broken.yaml: ") && err.contains("line "),
        "{err}"
    );

    let json = env.write(
        "broken.json",
        "{\n  \"etapes\": [\n    {\"cod_etp\": \"L1EXP\", \"lib_etp\": \"x\"}\n    {\"cod_etp\": \"L2EXP\"}\n  ]\n}\n",
    );
    let out = env.import(&json);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("broken.json: ") && err.contains("line 4 column 5"),
        "{err}"
    );

    // A value of the wrong type: the path of the entry and its line.
    let yaml = env.write(
        "type.yaml",
        "versions_etape:\n  - {cod_etp: L1EXP, cod_vrs_vet: 1}\n  - {cod_etp: L1EXP, cod_vrs_vet: deux}\n",
    );
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("versions_etape[1].cod_vrs_vet: invalid type") && err.contains("line 3"),
        "{err}"
    );
    assert_eq!(
        env.catalogue().await,
        Catalogue::default(),
        "nothing written"
    );
}

#[tokio::test]
async fn unknown_fields_are_refused() {
    let env = Env::new();
    let yaml = env.write(
        "field.yaml",
        "etapes:\n  - cod_etp: L1EXP\n    lib_etp: L1 exemple\n    lib_etape: L1 exemple\n",
    );
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("etapes[0]: unknown field `lib_etape`") && err.contains("line 4"),
        "{err}"
    );

    let yaml = env.write("table.yaml", "etape:\n  - cod_etp: L1EXP\n");
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("unknown field `etape`") && err.contains("at line 1"),
        "{err}"
    );

    let json = env.write(
        "field.json",
        "{\"etapes\": [{\"cod_etp\": \"L1EXP\", \"lib_etp\": \"x\", \"colour\": \"red\"}]}",
    );
    let out = env.import(&json);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("etapes[0].colour: unknown field `colour`") && err.contains("line 1"),
        "{err}"
    );
}

#[tokio::test]
async fn bad_references_and_values_are_listed_and_nothing_is_written() {
    let env = Env::new();
    // In the file alone: refused before the database is opened.
    let yaml = env.write(
        "refs.yaml",
        "etapes:\n  - {cod_etp: L1EXP, lib_etp: L1 exemple, cod_cyc: \"9\"}\n\
         versions_etape:\n  - {cod_etp: L1EXP, cod_vrs_vet: 1000}\n",
    );
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(err.contains("invalid catalogue, nothing imported"), "{err}");
    assert!(
        err.contains("versions_etape[0].cod_vrs_vet: 1000 is not a version number (1 to 999)"),
        "{err}"
    );

    // A reference to a row neither in the file nor in the database.
    let yaml = env.write(
        "vet.yaml",
        "versions_etape:\n  - {cod_etp: L1EXP, cod_vrs_vet: 2, cod_cmp: EXP}\n",
    );
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    let err = stderr(&out);
    assert!(
        err.contains("versions_etape[0] (cod_etp=L1EXP): unknown étape")
            && err.contains("versions_etape[0] (cod_cmp=EXP): unknown composante"),
        "{err}"
    );
    assert_eq!(
        env.catalogue().await,
        Catalogue::default(),
        "nothing written"
    );

    // Once the example is in, the same file is a valid addition.
    assert_eq!(code(&env.import(Path::new(EXAMPLE))), 0);
    let out = env.import(&yaml);
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains("1 rows: 1 inserted"),
        "{}",
        stdout(&out)
    );
}

#[tokio::test]
async fn cannot_run_is_exit_code_1() {
    let env = Env::new();
    let out = env.import(&env.dir.path().join("missing.yaml"));
    assert_eq!(code(&out), 1);
    assert!(stderr(&out).contains("cannot read"), "{}", stderr(&out));

    let out = bin()
        .args(["import-offre", EXAMPLE, "--database"])
        .arg("postgres://nobody@127.0.0.1:1/nothing")
        .output()
        .unwrap();
    assert_eq!(code(&out), 1, "{}", stderr(&out));
    assert!(stderr(&out).contains("unavailable"), "{}", stderr(&out));
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
    let name = format!("passerelle_import_offre_{}", std::process::id());
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
    let n = offre::rows(&example());
    let out = env.import(Path::new(EXAMPLE));
    assert_eq!(code(&out), 0, "{}", stderr(&out));
    assert!(
        stdout(&out).contains(&format!("{n} inserted")),
        "{}",
        stdout(&out)
    );
    let out = env.import(Path::new(EXAMPLE));
    assert_eq!(code(&out), 0);
    assert!(
        stdout(&out).contains(&format!("{n} unchanged")),
        "{}",
        stdout(&out)
    );
    assert_eq!(env.catalogue().await, offre::sorted(&example()));
    let yaml = env.write(
        "vet.yaml",
        "versions_etape:\n  - {cod_etp: L1XXX, cod_vrs_vet: 1}\n",
    );
    let out = env.import(&yaml);
    assert_eq!(code(&out), 2);
    assert!(
        stderr(&out).contains("versions_etape[0] (cod_etp=L1XXX): unknown étape"),
        "{}",
        stderr(&out)
    );
    client
        .batch_execute(&format!("DROP DATABASE {name} WITH (FORCE)"))
        .await
        .unwrap();
}
