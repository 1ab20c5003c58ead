//! The command line: `serve` (default), `migrate`, `seed-demo`, `grant`, `audit-verify`,
//! `export`, `verify` and the demo/fixture helpers.
use clap::{Parser, Subcommand};

use crate::config::Config;

#[derive(Debug, Parser)]
#[command(
    name = "server",
    about = "E-kindergarten contracts: web server and tools"
)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Run migrations, load demo data in demo mode on first start, and serve (default).
    Serve,
    /// Run pending database migrations and exit.
    Migrate,
    /// Load the demo data (idempotent: does nothing when it is already there).
    SeedDemo,
    /// Make the demo PKI (root, intermediate, key files for the demo people) under the data
    /// directory and put the demo root into the trust directory; keeps a still-valid one.
    DemoKeys,
    /// Write the generated test documents (JPEGs of every kind, PNG, PDF, bomb, 30 MB …) and
    /// their `manifest.tsv` into DIR, for browser tests and manual trials.
    Fixtures {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Render the model contract (the default template filled with the example terms) as a
    /// bilingual PDF into FILE.
    ExamplePdf {
        #[arg(long)]
        out: std::path::PathBuf,
    },
    /// Grant a staff role (with --kindergarten ID) or an admin role (with --department ID) to
    /// the person with this IIN (e.g. the first admin).
    Grant {
        #[arg(long)]
        iin: String,
        /// `staff`, `admin` or `region-admin`
        #[arg(long)]
        role: String,
        #[arg(long)]
        kindergarten: Option<i32>,
        #[arg(long)]
        department: Option<i32>,
    },
    /// Create or update departments, kindergartens and groups from a registry file (CSV or
    /// JSON, see `server/registry/example.csv`); prints what changed and every rejected row
    /// (line, field, kk/ru message). Nothing is applied unless every row passes.
    ImportRegistry {
        file: std::path::PathBuf,
        /// Print what would change and keep nothing.
        #[arg(long)]
        dry_run: bool,
    },
    /// Verify the audit log's hash chain; exits with status 1 at the first edited, removed or
    /// reordered entry.
    AuditVerify,
    /// Write the verification package of contract ID (PDF, canonical bytes, both CMS
    /// signatures with their certificates) into FILE.
    Export {
        #[arg(long)]
        contract: i32,
        #[arg(long)]
        out: std::path::PathBuf,
        /// Also write the pieces as plain files into this directory, for independent tools
        /// (`openssl cms -verify`, `openssl ts -verify`, `openssl ocsp -respin`).
        #[arg(long)]
        files: Option<std::path::PathBuf>,
    },
    /// Check a contract package offline against the trust directory and print who signed
    /// what and when; exits with status 1 if a signature is not valid.
    Verify { package: std::path::PathBuf },
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            config.check_serving()?;
            crate::startup::serve(config).await
        }
        Command::Migrate => {
            let db = crate::db::connect_and_migrate(&config).await?;
            drop(db);
            tracing::info!("migrations applied");
            Ok(())
        }
        Command::Fixtures { out } => {
            app::documents::fixtures::write_all(&out)?;
            println!("{}", out.display());
            Ok(())
        }
        Command::ExamplePdf { out } => {
            let terms = app::domain::canonical::example_terms();
            let values = app::domain::template_fill::Values::from_terms(&terms);
            let contract = app::domain::fill(&app::domain::default_template(), &values);
            let meta = crate::pdf::PdfMeta {
                contract_number: terms.number.clone(),
                canonical_sha256_hex: app::domain::canonical_sha256_hex(&terms),
                generated_at_text: "Үлгі / Образец".into(),
            };
            std::fs::write(&out, crate::pdf::render_pdf(&contract, &meta)?)?;
            println!("{}", out.display());
            Ok(())
        }
        Command::DemoKeys => {
            let now = crate::clock::system()();
            let people = crate::pki::demo::ensure(&config.data_dir, &config.trust_dir, now)?;
            for p in &people {
                let files: Vec<_> = p.keys.iter().map(|k| k.file.as_str()).collect();
                println!(
                    "{:?}\t{}\t{}\t{}",
                    p.role,
                    p.iin,
                    p.full_name,
                    files.join(" ")
                );
            }
            println!(
                "key files: {}  password: {}",
                crate::pki::demo::keys_dir(&config.data_dir).display(),
                app::api::DEMO_PASSWORD
            );
            Ok(())
        }
        Command::Grant {
            iin,
            role,
            kindergarten,
            department,
        } => {
            let db = crate::db::connect_and_migrate(&config).await?;
            let now = crate::clock::system()();
            let granted =
                crate::db::roles::grant(&db, &iin, &role, kindergarten, department, "cli", now)
                    .await?;
            println!("granted {granted:?} to {iin}");
            Ok(())
        }
        Command::ImportRegistry { file, dry_run } => {
            let bytes =
                std::fs::read(&file).map_err(|e| anyhow::anyhow!("{}: {e}", file.display()))?;
            let registry = match std::str::from_utf8(&bytes)
                .map_err(|_| {
                    vec![app::domain::registry::Rejection {
                        line: 1,
                        field: "file".into(),
                        error: app::domain::registry::RegistryError::BadFile,
                    }]
                })
                .and_then(app::domain::registry::parse)
            {
                Ok(r) => r,
                Err(rejected) => {
                    for r in &rejected {
                        eprintln!("rejected: {}", r.describe());
                    }
                    anyhow::bail!(
                        "{} rejected value(s) in {}: nothing was imported",
                        rejected.len(),
                        file.display()
                    );
                }
            };
            let db = crate::db::connect_and_migrate(&config).await?;
            let now = crate::clock::system()();
            let report = crate::registry_import::import(&db, &registry, dry_run, now).await?;
            for line in &report.lines {
                println!("{line}");
            }
            println!(
                "{}{}",
                if dry_run {
                    "dry run (nothing kept): "
                } else {
                    "imported: "
                },
                report.summary()
            );
            Ok(())
        }
        Command::AuditVerify => {
            let db = crate::db::connect_and_migrate(&config).await?;
            match crate::db::audit::verify(&db).await? {
                Ok(n) => {
                    println!("audit log intact: {n} entries");
                    Ok(())
                }
                Err(e) => {
                    println!("AUDIT LOG BROKEN: {e}");
                    std::process::exit(1);
                }
            }
        }
        Command::Export {
            contract,
            out,
            files,
        } => {
            let db = crate::db::connect_and_migrate(&config).await?;
            let p = crate::package::export(&db, contract).await?;
            std::fs::write(&out, serde_json::to_vec_pretty(&p)?)?;
            if let Some(dir) = files {
                for written in crate::package::write_files(&p, &dir)? {
                    println!("{}", written.display());
                }
            }
            println!("{}", out.display());
            Ok(())
        }
        Command::Verify { package } => {
            let p: crate::package::Package = serde_json::from_slice(&std::fs::read(&package)?)?;
            let trust = crate::pki::Trust::load_dir(&config.trust_dir, config.demo_pki)?;
            let reports = crate::package::verify(&trust, &p)?;
            println!(
                "contract {} ({}), SHA-256 {}",
                p.number, p.status, p.canonical_sha256
            );
            let mut ok = !reports.is_empty();
            for r in &reports {
                match &r.outcome {
                    Ok(who) => println!("  {}: VALID — {who}", r.party),
                    Err(code) => {
                        ok = false;
                        println!("  {}: NOT VALID — {code}", r.party)
                    }
                }
            }
            if !ok {
                std::process::exit(1);
            }
            Ok(())
        }
        Command::SeedDemo => {
            let db = crate::db::connect_and_migrate(&config).await?;
            let loaded = crate::demo::seed(&db).await?;
            tracing::info!(loaded, "demo data");
            Ok(())
        }
    }
}
