use clap::Parser;
use loyalty_bot::{
    cli::{self, Cli},
    config::{Config, LogFormat},
    telemetry,
};

#[tokio::main]
async fn main() {
    let cli = Cli::parse();
    // A missing .env is fine; the environment may carry everything.
    let _ = dotenvy::dotenv();
    let config = Config::from_env();
    telemetry::init_with(config.as_ref().map_or(LogFormat::Text, |c| c.log_format));
    let code = match config {
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
