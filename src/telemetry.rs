//! Logging with `tracing`. `RUST_LOG` filters (default `info`); secrets never reach a log line
//! because they are wrapped in types whose `Debug` is redacted.

use tracing_subscriber::{EnvFilter, fmt};

pub fn init() {
    init_with(crate::config::LogFormat::Text);
}

/// `LOG_FORMAT=json` gives one JSON object per line, for log collectors.
pub fn init_with(format: crate::config::LogFormat) {
    let filter = EnvFilter::try_from_default_env().unwrap_or_else(|_| EnvFilter::new("info"));
    // try_init: tests and embedders may have installed a subscriber already.
    let _ = match format {
        crate::config::LogFormat::Text => {
            fmt().with_env_filter(filter).with_target(false).try_init()
        }
        crate::config::LogFormat::Json => fmt().json().with_env_filter(filter).try_init(),
    };
}
