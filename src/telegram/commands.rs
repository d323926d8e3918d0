//! Slash commands. Descriptions shown in Telegram's menu come from the locales, per language.

use teloxide::{types::BotCommand, utils::command::BotCommands};

use crate::{domain::Language, t};

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum CustomerCommand {
    /// `/start` with an optional deep-link payload (`c_...`, `r_...`, `s_...`).
    Start(String),
    Card,
    Balance,
    History,
    Invite,
    Language,
    Help,
    Privacy,
    /// Switch promotional messages off or on.
    Promos,
    /// Share the phone number to bring over points from the shop's previous system.
    Phone,
    #[command(rename = "delete_me")]
    DeleteMe,
}

/// Till and staff commands; each checks that the sender is staff (or an owner) first.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum StaffCommand {
    /// `/scan 4821 0394 7712`: open a card by its number.
    Scan(String),
    /// `/redeem N [purchase amount]`.
    Redeem(String),
    /// `/refund <receipt> [amount]`.
    Refund(String),
    Today,
    Cancel,
    /// Owners: `/addcashier [store name]`.
    Addcashier(String),
    /// Owners: list and revoke cashiers.
    Staff,
    /// Owners: `/promo <text>` composes a promotion to customers.
    Promo(String),
    /// Owners: `/rules [add ...]` lists or adds promo rules.
    Rules(String),
}

/// Owners' reports (see `telegram::analytics`); each checks that the sender is an owner.
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum ReportCommand {
    /// `/stats [7d|30d|90d|365d|all]`.
    Stats(String),
    /// `/export customers` or `/export ledger [period]`.
    Export(String),
    /// `/import`: explains how to send the CSV (the document itself arrives as a message).
    Import(String),
}

/// Owners' `/settings` (its own enum so that anyone else gets the owners-only answer, not the
/// staff-only one).
#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum SettingsCommand {
    Settings,
}

fn list(lang: Language, items: &[(&str, &str)]) -> Vec<BotCommand> {
    items
        .iter()
        .map(|(cmd, key)| BotCommand::new(*cmd, t!(lang, key)))
        .collect()
}

const CUSTOMER: &[(&str, &str)] = &[
    ("start", "cmd-start"),
    ("card", "cmd-card"),
    ("balance", "cmd-balance"),
    ("history", "cmd-history"),
    ("invite", "cmd-invite"),
    ("language", "cmd-language"),
    ("help", "cmd-help"),
    ("privacy", "cmd-privacy"),
    ("promos", "cmd-promos"),
    ("birthday", "cmd-birthday"),
    ("phone", "cmd-phone"),
    ("delete_me", "cmd-delete-me"),
];

const CASHIER: &[(&str, &str)] = &[
    ("scan", "cmd-scan"),
    ("redeem", "cmd-redeem"),
    ("refund", "cmd-refund"),
    ("today", "cmd-today"),
    ("cancel", "cmd-cancel"),
    ("help", "cmd-help"),
];

const OWNER: &[(&str, &str)] = &[
    ("addcashier", "cmd-addcashier"),
    ("staff", "cmd-staff"),
    ("promo", "cmd-promo"),
    ("rules", "cmd-rules"),
    ("stats", "cmd-stats"),
    ("export", "cmd-export"),
    ("import", "cmd-import"),
    ("coupon", "cmd-coupon"),
    ("feedback", "cmd-feedback"),
    ("settings", "cmd-settings"),
    ("apikey", "cmd-apikey"),
    ("webhook", "cmd-webhook"),
];

/// The customer command list in `lang`, for `setMyCommands`.
pub fn customer_commands(lang: Language) -> Vec<BotCommand> {
    list(lang, CUSTOMER)
}

/// What a cashier sees in their chat's command menu.
pub fn cashier_commands(lang: Language) -> Vec<BotCommand> {
    list(lang, CASHIER)
}

/// Owners get the till commands plus staff management.
pub fn owner_commands(lang: Language) -> Vec<BotCommand> {
    let mut all = list(lang, CASHIER);
    all.extend(list(lang, OWNER));
    all
}
