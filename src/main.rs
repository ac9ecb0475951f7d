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
    /// Log lines on standard error: `text` (human-readable) or `json` (one JSON
    /// object a line; a request's lines carry `span.id`, its request id).
    #[arg(long, global = true, env = "PASSERELLE_LOG_FORMAT", value_parser = ["text", "json"], default_value = "text")]
    log_format: String,
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
    /// The call journal: every SOAP call, accepted or rejected (see docs/JOURNAL.md).
    #[command(subcommand)]
    Journal(JournalCommand),
    /// Import a course structure (diplomas, étapes, lists, ELPs) from a YAML or
    /// JSON file (see docs/OFFRE.md), in one transaction; idempotent.
    /// Exit code: 0 imported, 2 invalid file (nothing written), 1 not run.
    ImportOffre {
        /// The catalogue: JSON when the name ends in .json, YAML otherwise.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Import student data (individuals, addresses, registrations, contract,
    /// results) from a YAML or JSON dossier (see docs/ETUDIANTS.md), in one
    /// transaction; idempotent. Exit code: 0 imported, 2 invalid file (nothing
    /// written), 1 not run.
    ImportEtudiants {
        /// The dossier: JSON when the name ends in .json, YAML otherwise; with
        /// --table, a CSV file of that table.
        file: PathBuf,
        #[command(flatten)]
        db: DbArgs,
        /// FILE is a CSV file of this one table (`individu`, `adresse`, …):
        /// a header of column names, one row per line, `;` or `,`
        #[arg(long)]
        table: Option<String>,
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
        /// Recorded as the creating / modifying user of the laissez-passer
        /// (cod_uti_cre_lpa / cod_uti_mod_lpa), at most 30 characters
        #[arg(long, default_value = passerelle::import::lp::DEFAULT_USER)]
        user: String,
    },
    /// Copy every table of a SQLite database into a PostgreSQL one (see
    /// docs/INSTALL.md): both migrated first, parents before children, one
    /// transaction on the target, row counts compared before the commit.
    /// Exit code: 0 copied, 1 not done (nothing written).
    MigrateData {
        /// Source: sqlite://PATH (stop the server that writes to it first).
        #[arg(long)]
        from: String,
        /// Target: postgres://USER@HOST:PORT/DB.
        #[arg(long)]
        to: String,
        /// Empty the target's tables first instead of refusing a target holding rows.
        #[arg(long)]
        force: bool,
        /// Rows per INSERT statement.
        #[arg(long, default_value_t = 1000)]
        batch: usize,
        /// TOML configuration file, for the `[database]` pool settings.
        #[arg(long, env = "PASSERELLE_CONFIG")]
        config: Option<PathBuf>,
    },
}

/// `passerelle client …`.
#[derive(Subcommand)]
enum ClientCommand {
    /// Read a secret on stdin (first line) and print its Argon2id hash, for
    /// `secret_hash` in `[[auth.clients]]`.
    HashSecret,
    /// Add an account to the database; its secret is generated and printed once
    /// on stdout (or read from stdin with --secret-stdin) and only its Argon2id
    /// hash is stored.
    Add {
        name: String,
        /// Rights: `Port`, `Port.operation` or `*` (repeat or separate with commas).
        #[arg(long = "services", value_delimiter = ',', required = true)]
        services: Vec<String>,
        /// May read supporting documents (GET …/PjOpiMetier/documents/…).
        #[arg(long)]
        pj_read: bool,
        /// TLS client certificate name (subject CN or SAN) mapped to this account.
        #[arg(long)]
        cert_cn: Option<String>,
        /// Read the secret from the first line of stdin instead of generating one.
        #[arg(long)]
        secret_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// List the accounts (configuration file and database); never the secrets.
    List {
        #[command(flatten)]
        db: DbArgs,
    },
    /// Disable a database account (its calls get 401 within auth.refresh_secs).
    Disable {
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Enable a database account again.
    Enable {
        name: String,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Give a database account a new secret (printed once, or --secret-stdin);
    /// the old one stops working within auth.refresh_secs.
    RotateSecret {
        name: String,
        #[arg(long)]
        secret_stdin: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

/// `passerelle journal …`.
#[derive(Subcommand)]
enum JournalCommand {
    /// List calls, newest first (tab-separated, or JSON lines with --json).
    List {
        /// From this time: 30m, 24h, 7d, or a UTC date 2026-11-23[T10:00[:05]].
        #[arg(long)]
        since: Option<String>,
        /// Before this time (same forms).
        #[arg(long)]
        until: Option<String>,
        /// Only this client account.
        #[arg(long)]
        client: Option<String>,
        /// Only this operation (mettreajourDonneesOpi_v10…).
        #[arg(long)]
        operation: Option<String>,
        /// Only this fault code, or a prefix of it ending at a dot (technical.parameter).
        #[arg(long)]
        code: Option<String>,
        /// Only calls whose business key contains this (a codOpiIntEpo, a codEtp…).
        #[arg(long)]
        key: Option<String>,
        /// Only the call with this request id (X-Request-Id, quoted in a fault's lastErrorMsg).
        #[arg(long)]
        request_id: Option<String>,
        /// Only rejected calls.
        #[arg(long)]
        faults_only: bool,
        /// Most rows.
        #[arg(long, default_value_t = 100)]
        limit: usize,
        /// One JSON object per line.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
    /// Calls per service and operation, error rate, latency percentiles.
    Stats {
        /// From this time [default: 24h].
        #[arg(long, default_value = "24h")]
        since: String,
        /// JSON instead of a table.
        #[arg(long)]
        json: bool,
        #[command(flatten)]
        db: DbArgs,
    },
}

impl JournalCommand {
    fn into_args(self) -> passerelle::journal::cli::Args {
        use passerelle::journal::cli::{Args, What};
        match self {
            JournalCommand::List {
                since,
                until,
                client,
                operation,
                code,
                key,
                request_id,
                faults_only,
                limit,
                json,
                db,
            } => Args {
                what: What::List {
                    since,
                    until,
                    client,
                    operation,
                    code,
                    key,
                    request_id,
                    faults_only,
                    limit,
                },
                json,
                config: load_config(&db),
            },
            JournalCommand::Stats { since, json, db } => Args {
                what: What::Stats { since },
                json,
                config: load_config(&db),
            },
        }
    }
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
    /// Serve HTTPS with this PEM certificate chain (with --tls-key); reloaded on
    /// SIGHUP or when the file changes [default: plain HTTP]
    #[arg(long, env = "PASSERELLE_TLS_CERT", requires = "tls_key")]
    tls_cert: Option<String>,
    /// PEM private key of --tls-cert.
    #[arg(long, env = "PASSERELLE_TLS_KEY", requires = "tls_cert")]
    tls_key: Option<String>,
    /// PEM CA certificates of client certificates (mutual TLS; mapped to
    /// accounts by `cert_cn`).
    #[arg(long, env = "PASSERELLE_TLS_CLIENT_CA", requires = "tls_cert")]
    tls_client_ca: Option<String>,
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
            if a.tls_cert.is_some() {
                cfg.tls.cert = a.tls_cert;
                cfg.tls.key = a.tls_key;
            }
            if a.tls_client_ca.is_some() {
                cfg.tls.client_ca = a.tls_client_ca;
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
            passerelle::demo::seed(s.as_ref()).await?;
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
            user,
        } => {
            let cfg = load_config(&db)?;
            let opts = passerelle::import::lp::Options {
                file,
                report,
                delimiter: delimiter.and_then(|d| d.bytes().next()),
                user,
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
        Command::Journal(cmd) => passerelle::journal::cli::run(cmd.into_args()).await,
        Command::Client(ClientCommand::HashSecret) => client_hash_secret(),
        Command::Client(cmd) => passerelle_client(cmd).await,
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
        Command::ImportEtudiants { file, db, table } => {
            let cfg = load_config(&db)?;
            match passerelle::import::etudiants::import_file(&file, table.as_deref(), &cfg).await {
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
        Command::MigrateData {
            from,
            to,
            force,
            batch,
            config,
        } => {
            let cfg = load_config(&DbArgs {
                database: None,
                config,
            })?;
            let opts = store::migrate_data::Options {
                from,
                to,
                force,
                batch,
            };
            let report = store::migrate_data::run(&opts, &cfg.database).await?;
            println!("{report}");
            Ok(())
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

fn client_hash_secret() -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
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

/// The secret of `client add` / `rotate-secret`: the first line of stdin, or a
/// new random one; `true` when generated (then printed once).
fn new_secret(
    from_stdin: bool,
) -> Result<(String, bool), Box<dyn std::error::Error + Send + Sync>> {
    if !from_stdin {
        return Ok((passerelle::http::auth::generate_secret(), true));
    }
    let mut line = String::new();
    std::io::stdin().read_line(&mut line)?;
    let secret = line.trim_end_matches(['\r', '\n']).to_string();
    if secret.len() < 12 {
        return Err("the secret on stdin must have at least 12 characters".into());
    }
    Ok((secret, false))
}

async fn passerelle_client(
    cmd: ClientCommand,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    use passerelle::store::clients::ClientChange;
    let hash = |s: &str| passerelle::http::auth::hash_secret(s).map_err(|e| e.to_string());
    match cmd {
        ClientCommand::HashSecret => client_hash_secret(),
        ClientCommand::Add {
            name,
            services,
            pj_read,
            cert_cn,
            secret_stdin,
            db,
        } => {
            let cfg = load_config(&db)?;
            if name.is_empty() || name.len() > 64 || name.contains(':') {
                return Err("the name must have 1 to 64 characters and no ':'".into());
            }
            if cfg.auth.clients.iter().any(|c| c.name == name) {
                return Err(format!("the configuration file already has an account named {name}; it would hide this one").into());
            }
            let (secret, generated) = new_secret(secret_stdin)?;
            let client = passerelle::config::ClientConfig {
                name: name.clone(),
                secret_hash: hash(&secret)?,
                services: services.into_iter().filter(|s| !s.is_empty()).collect(),
                pj_read,
                cert_cn,
                ..Default::default()
            };
            let s = store::open(&cfg.database_url, &cfg.database).await?;
            if !s.client_insert(&client).await? {
                return Err(format!("an account named {name} already exists").into());
            }
            if generated {
                println!("{secret}");
                eprintln!(
                    "account {name} added; its secret is printed above, once: it is not stored"
                );
            } else {
                eprintln!("account {name} added");
            }
            Ok(())
        }
        ClientCommand::List { db } => {
            let cfg = load_config(&db)?;
            let s = store::open(&cfg.database_url, &cfg.database).await?;
            println!("name\tsource\tenabled\tservices\tpj_read\tcert_cn\tcreated\tupdated");
            for c in &cfg.auth.clients {
                println!(
                    "{}\tconfig\t{}\t{}\t{}\t{}\t-\t-",
                    c.name,
                    c.enabled,
                    c.services.join(","),
                    c.pj_read,
                    c.cert_cn.as_deref().unwrap_or("-")
                );
            }
            for r in s.clients().await? {
                let c = &r.client;
                let hidden = cfg.auth.clients.iter().any(|f| f.name == c.name);
                println!(
                    "{}\t{}\t{}\t{}\t{}\t{}\t{}\t{}",
                    c.name,
                    if hidden {
                        "database (hidden by config)"
                    } else {
                        "database"
                    },
                    c.enabled,
                    c.services.join(","),
                    c.pj_read,
                    c.cert_cn.as_deref().unwrap_or("-"),
                    r.created,
                    r.updated
                );
            }
            Ok(())
        }
        ClientCommand::Disable { name, db } => set_enabled(&name, &db, false).await,
        ClientCommand::Enable { name, db } => set_enabled(&name, &db, true).await,
        ClientCommand::RotateSecret {
            name,
            secret_stdin,
            db,
        } => {
            let cfg = load_config(&db)?;
            let s = store::open(&cfg.database_url, &cfg.database).await?;
            let (secret, generated) = new_secret(secret_stdin)?;
            if !s
                .client_change(&name, &ClientChange::SecretHash(hash(&secret)?))
                .await?
            {
                return Err(format!("no database account is named {name}").into());
            }
            if generated {
                println!("{secret}");
                eprintln!("new secret of {name} printed above, once: it is not stored");
            } else {
                eprintln!("secret of {name} changed");
            }
            Ok(())
        }
    }
}

async fn set_enabled(
    name: &str,
    db: &DbArgs,
    on: bool,
) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
    let cfg = load_config(db)?;
    let s = store::open(&cfg.database_url, &cfg.database).await?;
    let change = passerelle::store::clients::ClientChange::Enabled(on);
    if !s.client_change(name, &change).await? {
        return Err(format!("no database account is named {name}").into());
    }
    eprintln!("account {name} {}", if on { "enabled" } else { "disabled" });
    Ok(())
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
    let cli = Cli::parse();
    let filter = tracing_subscriber::EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| tracing_subscriber::EnvFilter::new("info"));
    if cli.log_format == "json" {
        tracing_subscriber::fmt()
            .json()
            .with_current_span(true)
            .with_span_list(false)
            .with_env_filter(filter)
            .with_writer(|| LogWriter)
            .init();
    } else {
        tracing_subscriber::fmt()
            .with_env_filter(filter)
            .with_writer(|| LogWriter)
            .with_ansi(std::io::IsTerminal::is_terminal(&std::io::stderr()))
            .init();
    }
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
