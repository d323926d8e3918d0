//! Queries grouped by table. Each function takes a connection (usually inside the caller's
//! transaction) so a user action commits as one unit. Balances are not here: see `ledger`.

pub mod cards;
pub mod chat_states;
pub mod customers;
pub mod purchase_bonuses;
pub mod settings;
pub mod staff;
pub mod till;
