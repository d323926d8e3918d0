//! Each private chat's command menu follows the person's role (customer, cashier, owner) and
//! language. Telegram keeps menus per chat, so the bot sets one when a person first talks to it
//! (in this process), when their role changes (invited, revoked) and when they change language.
//! `chat_menus` remembers what each chat was given, so a restart does not set every menu again.

use std::{collections::HashSet, sync::Mutex};

use teloxide::{
    prelude::*,
    types::{BotCommandScope, Recipient},
};

use super::{App, commands, send, tg_id};
use crate::domain::Language;

/// Who a person is to the bot, for their menu.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Role {
    Customer,
    Cashier,
    Owner,
}

impl Role {
    fn as_str(self) -> &'static str {
        match self {
            Role::Customer => "customer",
            Role::Cashier => "cashier",
            Role::Owner => "owner",
        }
    }
}

/// The command list of `role` in `lang`.
pub fn commands_of(role: Role, lang: Language) -> Vec<teloxide::types::BotCommand> {
    match role {
        Role::Customer => commands::customer_commands(lang),
        Role::Cashier => commands::cashier_commands(lang),
        Role::Owner => commands::owner_commands(lang),
    }
}

/// Chats whose menu this process has already checked (the first update of each chat after a
/// start checks it once; later changes go through [`refresh`] directly).
#[derive(Default)]
pub struct Seen(Mutex<HashSet<i64>>);

impl Seen {
    fn first_time(&self, chat: ChatId) -> bool {
        let Ok(mut seen) = self.0.lock() else {
            return false;
        };
        // Bounded: forgetting only costs one more check of a chat's menu.
        if seen.len() >= 100_000 {
            seen.clear();
        }
        seen.insert(chat.0)
    }
}

/// Called for every update before it is handled: a private chat's first one in this process
/// gets its menu checked. Menu calls never fail the update.
pub async fn on_update(bot: &Bot, app: &App, update: &Update) {
    let (Some(user), Some(chat)) = (update.from(), update.chat()) else {
        return;
    };
    if !chat.is_private() || !app.menus_seen.first_time(chat.id) {
        return;
    }
    if let Err(e) = refresh(bot, app, chat.id, user).await {
        tracing::warn!(error = %e, "checking a chat's command menu failed");
    }
}

/// Gives `chat` the menu of `user`'s current role and language, unless it already has it. One
/// round trip reads all it needs (this runs on the first update of every chat, registrations
/// included).
pub async fn refresh(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    user: &teloxide::types::User,
) -> sqlx::Result<()> {
    let (cashier, saved_language, given_role, given_language): (
        bool,
        Option<String>,
        Option<String>,
        Option<String>,
    ) = sqlx::query_as(
        "SELECT EXISTS (SELECT 1 FROM cashiers WHERE tg_user_id = $1 AND active),
                (SELECT language FROM customers WHERE tg_user_id = $1),
                m.role, m.language
         FROM (SELECT 1) AS one LEFT JOIN chat_menus m ON m.chat_id = $2",
    )
    .bind(tg_id(user))
    .bind(chat.0)
    .fetch_one(&app.pool)
    .await?;
    let role = if app.is_owner(user) {
        Role::Owner
    } else if cashier {
        Role::Cashier
    } else {
        Role::Customer
    };
    let app_language = user.language_code.as_deref().and_then(Language::from_code);
    // As `App::language_for` decides: the saved choice, the app's language, the default.
    let lang = saved_language
        .as_deref()
        .and_then(Language::from_code)
        .or(app_language)
        .unwrap_or(app.config.default_language);
    let given = given_role.zip(given_language);
    // The default scope carries the customer list in every language we speak (set at start-up),
    // and Telegram picks it by the app's language: most customers need nothing of their own.
    if role == Role::Customer && lang == app_language.unwrap_or(Language::En) {
        return match given {
            Some(_) => clear(bot, app, chat).await,
            None => Ok(()),
        };
    }
    apply(bot, app, chat, role, lang, given).await
}

/// What `chat` was last given, if anything of its own.
async fn given(app: &App, chat: ChatId) -> sqlx::Result<Option<(String, String)>> {
    sqlx::query_as("SELECT role, language FROM chat_menus WHERE chat_id = $1")
        .bind(chat.0)
        .fetch_optional(&app.pool)
        .await
}

/// Drops `chat`'s own menu (if it has one), so the default scope's list shows again.
async fn clear(bot: &Bot, app: &App, chat: ChatId) -> sqlx::Result<()> {
    let dropped = send::deliver("delete_chat_commands", None, || {
        bot.delete_my_commands()
            .scope(BotCommandScope::Chat {
                chat_id: Recipient::Id(chat),
            })
            .into_future()
    })
    .await;
    if dropped.is_some() {
        sqlx::query("DELETE FROM chat_menus WHERE chat_id = $1")
            .bind(chat.0)
            .execute(&app.pool)
            .await?;
    }
    Ok(())
}

/// Sets `role`'s menu in `lang` for `chat` when it differs from the one it was last given.
pub async fn set(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    role: Role,
    lang: Language,
) -> sqlx::Result<()> {
    let given = given(app, chat).await?;
    apply(bot, app, chat, role, lang, given).await
}

/// [`set`], knowing what `chat` was `given` last.
async fn apply(
    bot: &Bot,
    app: &App,
    chat: ChatId,
    role: Role,
    lang: Language,
    given: Option<(String, String)>,
) -> sqlx::Result<()> {
    if given.is_some_and(|(r, l)| r == role.as_str() && l == lang.code()) {
        return Ok(());
    }
    let list = commands_of(role, lang);
    let sent = send::deliver("set_chat_commands", None, || {
        bot.set_my_commands(list.clone())
            .scope(BotCommandScope::Chat {
                chat_id: Recipient::Id(chat),
            })
            .into_future()
    })
    .await;
    // Remembered only once Telegram took it: otherwise the next start tries again.
    if sent.is_some() {
        sqlx::query(
            "INSERT INTO chat_menus (chat_id, role, language) VALUES ($1, $2, $3)
             ON CONFLICT (chat_id) DO UPDATE SET role = $2, language = $3, set_at = now()",
        )
        .bind(chat.0)
        .bind(role.as_str())
        .bind(lang.code())
        .execute(&app.pool)
        .await?;
    }
    Ok(())
}
