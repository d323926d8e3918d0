//! Integration tests: one binary, modules sharing the helpers in `support`.

mod broadcast;
mod broadcast_bench;
mod broadcast_restart;
mod cashier_purchase;
mod cashier_redeem;
mod cashier_scan;
mod cashier_staff;
mod cli;
mod customer;
mod expiry;
mod ledger;
mod ledger_holds;
mod ledger_model;
mod locales;
mod privacy;
mod promo_rules;
mod replicas;
mod sandbox_browser;
mod sandbox_start;
mod sigterm;
mod stamps;
mod stats;
mod support;
mod tiers;
mod webhook;
