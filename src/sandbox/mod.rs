//! Offline stand-ins for Telegram.
//!
//! [`emulator`] is a fake Telegram Bot API server: the bot talks to it over real HTTP exactly as it
//! talks to `api.telegram.org`, while tests (and, later, the local web sandbox) play the users'
//! side through its Rust API and observe what the bot sent. Every request is validated against the
//! vendored Bot API spec, so a malformed call fails in a test the way it would fail in production.

pub mod emulator;
