//! Slash commands. Descriptions shown in Telegram's menu come from the locales, per language.

use teloxide::{types::BotCommand, utils::command::BotCommands};

use crate::{domain::Language, t};

#[derive(BotCommands, Clone, Debug, PartialEq, Eq)]
#[command(rename_rule = "lowercase")]
pub enum CustomerCommand {
    /// `/start` with an optional deep-link payload (`c_...`, `r_...`).
    Start(String),
    Card,
    Balance,
    History,
    Invite,
    Language,
    Help,
}

/// The customer command list in `lang`, for `setMyCommands`.
pub fn customer_commands(lang: Language) -> Vec<BotCommand> {
    [
        ("start", "cmd-start"),
        ("card", "cmd-card"),
        ("balance", "cmd-balance"),
        ("history", "cmd-history"),
        ("invite", "cmd-invite"),
        ("language", "cmd-language"),
        ("help", "cmd-help"),
    ]
    .into_iter()
    .map(|(cmd, key)| BotCommand::new(cmd, t!(lang, key)))
    .collect()
}
