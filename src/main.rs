//! The `passerelle` command: a thin CLI over the library.

use clap::{Args, Parser, Subcommand};
use passerelle::{config, services, store, Config};
use std::path::PathBuf;
use std::process::ExitCode;

#[derive(Parser)]
#[command(
    name = "passerelle",
    version,
    about = "SOAP gateway serving Apogée's web-service contract over SQLite or PostgreSQL"
)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Run the SOAP server.
    Serve(ServeArgs),
    /// Create or upgrade the database schema, then exit.
    Migrate(DbArgs),
    /// Load the demo data set (idempotent), then exit.
    SeedDemo(DbArgs),
    /// Write the WSDL of every service into a directory (placeholder address).
    Wsdl {
        /// Output directory.
        #[arg(long, default_value = "wsdl")]
        out: PathBuf,
    },
    /// Supporting documents (PJ) of OPIs: list them, write one to a file (see docs/PJ.md).
    #[command(subcommand)]
    Pj(PjCommand),
    /// Client accounts of `[auth]` (see docs/SECURITY.md).
    #[command(subcommand)]
    Client(ClientCommand),
    /// Import a course structure (diplomas, étapes, lists, ELPs) from a YAML or
    /// JSON file (see docs/OFFRE.md), in one transaction; idempotent.
    /// Exit code: 0 imported, 2 invalid file (nothing written), 1 not run.
    ImportOffre {
        /// The catalogue: JSON when the name ends in .json, YAML otherwise.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import OPIs from a CSV file made with a spreadsheet (see docs/IMPORT.md).
    /// Exit code: 0 all imported, 2 some OPIs refused (see the report), 1 not run.
    ImportOpi {
        /// CSV file: a header of Apogée column names, one row per (OPI, wish);
        /// UTF-8, Windows-1252 or ISO-8859-15.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// Report: one line per OPI (created, updated, unchanged, error) [default: FILE.report.csv]
        #[arg(long)]
        report: Option<PathBuf>,
        /// Field separator [default: ';' if the header line has one, else ',']
        #[arg(long, value_parser = [";", ","])]
        delimiter: Option<String>,
    },
    /// Import laissez-passer from a CSV file (see docs/LP.md): columns
    /// typLpa,codAnu,numOPI,codEtu,codEtp,codVrsVet,codDip,codVrsVdi,codRgi,codStu,libCmtLpa.
    /// Exit code: 0 all imported, 2 some refused (see the report), 1 not run or stopped.
    /// Resumable: run it again, rows already written come back unchanged.
    ImportLp {
        /// CSV file with a header row; UTF-8, Windows-1252 or ISO-8859-15.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// Report: one line per row (created, updated, unchanged, error) [default: FILE.report.csv]
        #[arg(long)]
        report: Option<PathBuf>,
        /// Field separator [default: ';' if the header line has one, else ',']
        #[arg(long, value_parser = [";", ","])]
        delimiter: Option<String>,
    },
}

/// `passerelle client …`.
#[derive(Subcommand)]
enum ClientCommand {
    /// Read a secret on stdin (first line) and print its Argon2id hash, for
    /// `secret_hash` in `[[auth.clients]]`.
    HashSecret,
}

/// `passerelle pj …`: supporting documents received by PjOpiMetier.
#[derive(Subcommand)]
enum PjCommand {
    /// List the documents of an OPI.
    List {
        /// The OPI's code (COD_OPI_INT_EPO).
        cod_opi_int_epo: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Write one document of an OPI to a file.
    Get {
        /// The OPI's code (COD_OPI_INT_EPO).
        cod_opi_int_epo: String,
        /// Document type (COD_TPJ).
        cod_tpj: String,
        /// Output file.
        #[arg(long)]
        out: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
}

#[derive(Args)]
struct DbArgs {
    /// Database URL: sqlite://PATH or postgres://USER@HOST:PORT/DB [default: sqlite://passerelle.db]
    #[arg(long = "database", env = "PASSERELLE_DATABASE_URL")]
    database: Option<String>,
    /// TOML configuration file; every field optional (see docs/CONFIGURATION.md).
    #[arg(long, env = "PASSERELLE_CONFIG")]
    config: Option<PathBuf>,
}

#[derive(Args)]
struct ServeArgs {
    /// Address to listen on [default: 127.0.0.1:8080]
    #[arg(long, env = "PASSERELLE_LISTEN")]
    listen: Option<String>,
    #[command(flatten)]
    db: DbArgs,
    /// Load the demo data set when the database is empty.
    #[arg(long)]
    demo: bool,
    /// Path prefix of the services [default: /services]
    #[arg(long, env = "PASSERELLE_BASE_PATH")]
    base_path: Option<String>,
    /// Public base URL written in served WSDLs, e.g. https://apo-ws.univ.fr/services
    /// [default: taken from each request's Host / X-Forwarded-* headers]
    #[arg(long, env = "PASSERELLE_PUBLIC_URL")]
    public_url: Option<String>,
}

fn load_config(db: &DbArgs) -> Result<Config, String> {
    let mut cfg = match &db.config {
        Some(path) => Config::from_file(path).map_err(|e| e.to_string())?,
        None => Config::default(),
    };
    if let Some(url) = &db.database {
        cfg.database_url = url.clone();
    }
    Ok(cfg)
}

async fn run(cli: Cli) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    match cli.command {
        Command::Serve(a) => {
            let mut cfg = load_config(&a.db)?;
            if let Some(l) = a.listen {
                cfg.listen = l;
            }
            if a.demo {
                cfg.demo = true;
            }
            if let Some(b) = a.base_path {
                cfg.base_path = b;
            }
            if let Some(p) = a.public_url {
                cfg.public_url = Some(p);
            }
            let server = passerelle::start(cfg).await?;
            let stop = server.stopper();
            tokio::spawn(async move {
                shutdown_signal().await;
                tracing::info!("signal received");
                let _ = stop.send(true);
            });
            server.wait().await;
            tracing::info!("stopped");
            Ok(())
        }
        Command::Migrate(a) => {
            let cfg = load_config(&a)?;
            let s = store::open(&cfg.database_url, &cfg.database).await?;
            tracing::info!(database = %config::redact_url(&cfg.database_url), backend = s.backend(), "schema up to date");
            Ok(())
        }
        Command::SeedDemo(a) => {
            let cfg = load_config(&a)?;
            let s = store::open(&cfg.database_url, &cfg.database).await?;
            s.seed_demo().await?;
            tracing::info!(database = %config::redact_url(&cfg.database_url), "demo data loaded");
            Ok(())
        }
        Command::ImportOpi {
            file,
            db,
            report,
            delimiter,
        } => {
            let cfg = load_config(&db)?;
            let opts = passerelle::import::opi::Options {
                file,
                report,
                delimiter: delimiter.and_then(|d| d.bytes().next()),
            };
            let summary = passerelle::import::opi::run(&opts, &cfg).await?;
            println!("{summary}");
            match summary.exit_code() {
                0 => Ok(()),
                1 => Err(summary.stopped.unwrap_or_default().into()),
                // Everything is written and dropped by now: only the code is left.
                code => std::process::exit(code.into()),
            }
        }
        Command::ImportLp {
            file,
            db,
            report,
            delimiter,
        } => {
            let cfg = load_config(&db)?;
            let opts = passerelle::import::lp::Options {
                file,
                report,
                delimiter: delimiter.and_then(|d| d.bytes().next()),
            };
            let summary = passerelle::import::lp::run(&opts, &cfg).await?;
            println!("{}", passerelle::import::lp::describe(&summary));
            match summary.exit_code() {
                0 => Ok(()),
                1 => Err(summary.stopped.unwrap_or_default().into()),
                code => std::process::exit(code.into()),
            }
        }
        Command::Pj(cmd) => pj_command(cmd).await,
        Command::Client(ClientCommand::HashSecret) => {
            let mut line = String::new();
            std::io::stdin().read_line(&mut line)?;
            let secret = line.trim_end_matches(['\r', '\n']);
            if secret.is_empty() {
                return Err("no secret on stdin".into());
            }
            let hash = passerelle::http::auth::hash_secret(secret).map_err(|e| e.to_string())?;
            println!("{hash}");
            Ok(())
        }
        Command::ImportOffre { file, db } => {
            let cfg = load_config(&db)?;
            match store::offre::import_file(&file, &cfg).await {
                Ok(summary) => {
                    println!("{summary}");
                    Ok(())
                }
                Err(e) if e.exit_code() == 2 => {
                    eprintln!("passerelle: {e}");
                    std::process::exit(2)
                }
                Err(e) => Err(e.into()),
            }
        }
        Command::Wsdl { out } => {
            std::fs::create_dir_all(&out)?;
            for svc in services::all() {
                let path = out.join(format!("{}.wsdl", svc.port));
                std::fs::write(&path, services::wsdl::canonical(svc))?;
                println!("{}", path.display());
            }
            Ok(())
        }
    }
}

async fn pj_command(cmd: PjCommand) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let (key, db) = match &cmd {
        PjCommand::List {
            cod_opi_int_epo,
            db,
        }
        | PjCommand::Get {
            cod_opi_int_epo,
            db,
            ..
        } => (cod_opi_int_epo.clone(), db),
    };
    let cfg = load_config(db)?;
    let s = store::open(&cfg.database_url, &cfg.database).await?;
    let Some((ind, _, _)) = s.opi_identity(&key).await? else {
        return Err(format!("no OPI has the code {key}").into());
    };
    let rows = s.pj_rows(Some(ind)).await?;
    match cmd {
        PjCommand::List { .. } => {
            println!("cod_tpj\tnom_fic\ttaille\ttype\tsha256\tdat_cre\tdat_mod");
            for r in &rows {
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}{}",
                    r.cod_tpj,
                    r.nom_fic,
                    r.taille,
                    r.mime_type,
                    r.sha256,
                    r.dat_cre,
                    r.dat_mod,
                    if r.pending.is_some() {
                        "\t(pending)"
                    } else {
                        ""
                    }
                );
            }
            Ok(())
        }
        PjCommand::Get { cod_tpj, out, .. } => {
            let Some(row) = rows.iter().find(|r| r.cod_tpj == cod_tpj) else {
                return Err(format!("the OPI {key} has no document of type {cod_tpj}").into());
            };
            let Some(bytes) = passerelle::pj::storage::read(s.as_ref(), &cfg.pj, row).await? else {
                return Err(format!(
                    "the file of {key}/{cod_tpj} is missing from the document store"
                )
                .into());
            };
            std::fs::write(&out, &bytes)?;
            eprintln!(
                "{} bytes written to {} ({})",
                bytes.len(),
                out.display(),
                row.nom_fic
            );
            Ok(())
        }
    }
}

async fn shutdown_signal() {
    let ctrl_c = tokio::signal::ctrl_c();
    #[cfg(unix)]
    {
        let mut term = tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate())
            .expect("SIGTERM handler");
        tokio::select! {
            _ = ctrl_c => {}
            _ = term.recv() => {}
        }
    }
    #[cfg(not(unix))]
    {
        let _ = ctrl_c.await;
    }
}

/// Standard error for logs, but a failed write (closed pipe, full disk) is
/// dropped instead of reported: a server must not die because its log reader did.
struct LogWriter;

impl std::io::Write for LogWriter {
    fn write(&mut self, buf: &[u8]) -> std::io::Result<usize> {
        let _ = std::io::stderr().write_all(buf);
        Ok(buf.len())
    }
    fn flush(&mut self) -> std::io::Result<()> {
        let _ = std::io::stderr().flush();
        Ok(())
    }
}

fn main() -> ExitCode {
    tracing_subscriber::fmt()
        .with_env_filter(
            tracing_subscriber::EnvFilter::try_from_default_env()
                .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info")),
        )
        .with_writer(|| LogWriter)
        .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
        .init();
    let cli = Cli::parse();
    let rt = tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
        .expect("tokio runtime");
    match rt.block_on(run(cli)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!("{e}");
            eprintln!("passerelle: {e}");
            ExitCode::FAILURE
        }
    }
}

// mimalloc instead of the system allocator: the SOAP path allocates many small
// strings per request, and glibc's malloc/free took about a third of the
// server's CPU under load (docs/PERFORMANCE.md, profile).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;
