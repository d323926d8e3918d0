//! Logging with `tracing`. `RUST_LOG` filters (default `info`); secrets never reach a log line
//! because they are wrapped in types whose `Debug` is redacted.

use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // try_init: tests and embedders may have installed a subscriber already.
    let _ = fmt().with_env_filter(filter).with_target(false).try_init();
}
