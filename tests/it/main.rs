//! Integration tests: one binary, modules sharing the helpers in `support`.

mod cli;
mod customer;
mod ledger;
mod ledger_holds;
mod ledger_model;
mod locales;
mod support;
