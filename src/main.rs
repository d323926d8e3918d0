use clap::Parser;
use loyalty_bot::{
    cli::{self, Cli},
    config::Config,
    telemetry,
};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    // A missing .env is fine; the environment may carry everything.
    let _ = dotenvy::dotenv();
    telemetry::init();
    let code = match Config::from_env() {
        Err(e) => {
            eprintln!("configuration error: {e}");
            2
        }
        Ok(config) => match cli::execute(cli, config).await {
            Ok(code) => code,
            Err(e) => {
                eprintln!("error: {e:#}");
                1
            }
        },
    };
    std::process::exit(code);
}
