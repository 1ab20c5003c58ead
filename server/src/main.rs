#![recursion_limit = "256"]
use clap::Parser;

#[tokio::main]
async fn main() -> std::process::ExitCode {
    server::startup::init_tracing();
    server::failpoint::arm_from_env();
    let cli = server::cli::Cli::parse();
    match server::cli::run(cli).await {
        Ok(()) => std::process::ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = format!("{e:#}"), "fatal");
            eprintln!("error: {e:#}");
            std::process::ExitCode::FAILURE
        }
    }
}
