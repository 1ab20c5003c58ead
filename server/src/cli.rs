//! The command line: `serve` (default), `migrate`, `seed-demo`.
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
}

pub async fn run(cli: Cli) -> anyhow::Result<()> {
    let config = Config::from_env()?;
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => crate::startup::serve(config).await,
        Command::Migrate => {
            let db = crate::db::connect_and_migrate(&config).await?;
            drop(db);
            tracing::info!("migrations applied");
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
