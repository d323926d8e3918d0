//! loyalty-bot: loyalty cards in Telegram on a double-entry Postgres ledger.
//!
//! How the pieces fit: [`config`] parses the environment; [`db`] connects and migrates;
//! [`startup`] builds the bot and the dispatcher running [`telegram::schema`]; handlers in
//! [`telegram`] turn messages into domain values ([`domain`]) and call use cases such as
//! [`enrollment`], which compose [`storage`] queries and [`ledger`] postings in one transaction.
//! The [`ledger`] is the only code that changes balances. [`sandbox`] holds the Bot API emulator
//! used by the tests (and the offline sandbox).

pub mod analytics;
pub mod api;
pub mod bench;
pub mod broadcast;
pub mod card_image;
pub mod cli;
pub mod config;
pub mod db;
pub mod domain;
pub mod earning;
pub mod enrollment;
pub mod expiry;
pub mod extras;
pub mod fuzz;
pub mod hooks_out;
pub mod i18n;
pub mod identity;
pub mod ledger;
pub mod metrics;
pub mod miniapp;
pub mod outbound;
pub mod picture;
pub mod privacy;
pub mod qr;
pub mod rules;
pub mod sandbox;
pub mod serve;
pub mod settings;

pub mod startup;
pub mod storage;
pub mod telegram;
pub mod telemetry;
pub mod till;
pub mod torture;
