//! The bot's conversation: one [`schema`] builds the handler tree that both long polling and
//! (later) the webhook feed. Handlers are short async functions, one file per role, that take
//! what they need by injection: the [`App`] state, the `Bot`, the incoming `Message`.

mod analytics;
pub mod callback;
pub mod commands;
mod customer;
mod dialogue;
pub mod earn_view;
pub mod extras;
pub(crate) mod history;
pub mod integrations;
pub mod keyboards;
pub mod menus;
pub mod miniapp;
mod phone;
mod privacy;
mod private_only;
mod promo;
mod promo_input;
mod promo_rules;
mod promo_rules_view;
mod promo_view;
pub mod send;
mod settings;
mod settings_dialogue;
mod settings_text;
mod staff;
mod stats_view;
pub mod till;
pub mod till_money;
pub mod till_redeem;
pub mod till_reversal;
mod till_scan;

use std::sync::Arc;

use sqlx::PgPool;
use teloxide::{dispatching::UpdateHandler, prelude::*};

pub use settings_dialogue::expire_stale as expire_settings_dialogues;

use crate::{
    config::Config,
    domain::{CardSecret, Language},
    storage::customers::{self, Customer},
    t,
};

pub type HandlerResult = anyhow::Result<()>;

/// What every handler may need, shared by reference.
pub struct App {
    pub pool: PgPool,
    /// Paces every message the bot sends (see [`crate::outbound`]).
    pub outbound: Arc<crate::outbound::Outbound>,
    pub config: Config,
    pub card_secret: CardSecret,
    /// From `getMe` at start-up: every deep link is `https://t.me/<bot_username>?start=...`.
    pub bot_username: String,
    /// Chats whose command menu this process has checked (see [`menus`]).
    pub menus_seen: menus::Seen,
}

pub type AppRef = Arc<App>;

impl App {
    pub fn deep_link(&self, payload: &str) -> String {
        format!("https://t.me/{}?start={payload}", self.bot_username)
    }

    /// An amount of money formatted for `lang`, with the configured currency.
    pub fn money(&self, lang: Language, value: rust_decimal::Decimal) -> String {
        crate::i18n::money(lang, value, &self.config.currency)
    }

    pub fn is_owner(&self, user: &teloxide::types::User) -> bool {
        i64::try_from(user.id.0).is_ok_and(|id| self.config.owner_ids.contains(&id))
    }

    /// The language to answer `user` in: their saved choice, else what their Telegram app
    /// says, else the configured default.
    pub fn language_for(
        &self,
        user: Option<&teloxide::types::User>,
        customer: Option<&Customer>,
    ) -> Language {
        customer
            .map(Customer::language)
            .or_else(|| {
                user.and_then(|u| u.language_code.as_deref())
                    .and_then(Language::from_code)
            })
            .unwrap_or(self.config.default_language)
    }

    pub async fn customer_of(
        &self,
        user: &teloxide::types::User,
    ) -> sqlx::Result<Option<Customer>> {
        let mut conn = self.pool.acquire().await?;
        customers::by_tg_user(&mut conn, tg_id(user)).await
    }
}

/// The language to answer an owner's button press in, or `None` (after telling the presser
/// that only owners may) when they are not an owner: every owner-only button starts with this.
pub(crate) async fn owner_button(bot: &Bot, q: &CallbackQuery, app: &App) -> Option<Language> {
    let lang = till::staff_lang(app, &q.from).await;
    if app.is_owner(&q.from) {
        return Some(lang);
    }
    send::answer_callback(bot, &q.id, Some(t!(lang, "owner-only"))).await;
    None
}

/// Telegram user ids fit in 52 bits, so they always fit an `i64` (Postgres `BIGINT`).
pub fn tg_id(user: &teloxide::types::User) -> i64 {
    i64::try_from(user.id.0).unwrap_or(i64::MAX)
}

/// The handler tree. Order matters: messages in groups first (they only get pointed to a
/// private chat), then the answer to the question the chat's state says is open (read once;
/// see [`dialogue`]), then commands, then menu buttons, then what staff send at the till
/// (photos of QR codes, card numbers, amounts on an open card), then the fallback.
pub fn schema() -> UpdateHandler<anyhow::Error> {
    let staff_input = dptree::filter_map_async(till::staff_of)
        .branch(dptree::filter_map(keyboards::StaffButton::from_message).endpoint(staff::on_button))
        .branch(dptree::filter(|msg: Message| msg.photo().is_some()).endpoint(till::on_photo))
        .branch(dptree::filter(|msg: Message| msg.text().is_some()).endpoint(till::on_text));
    let messages = Update::filter_message()
        // Groups first: nothing of the bot happens outside private chats.
        .branch(dptree::filter(private_only::in_group).endpoint(private_only::on_group_message))
        // The chat's saved state, read once: the answer to the question asked last.
        .branch(dptree::filter_map_async(dialogue::current).endpoint(dialogue::on_message))
        .branch(
            dptree::entry()
                .filter_command::<commands::CustomerCommand>()
                .endpoint(customer::on_command),
        )
        .branch(
            dptree::entry()
                .filter_command::<commands::StaffCommand>()
                .endpoint(staff::on_command),
        )
        // Before the report commands: a document captioned `/import` is the import itself.
        .branch(dptree::filter(analytics::is_import_document).endpoint(analytics::on_document))
        .branch(
            dptree::entry()
                .filter_command::<commands::ReportCommand>()
                .endpoint(analytics::on_command),
        )
        .branch(
            dptree::entry()
                .filter_command::<extras::ExtrasCommand>()
                .endpoint(extras::on_command),
        )
        .branch(
            dptree::entry()
                .filter_command::<commands::SettingsCommand>()
                .endpoint(settings::on_command),
        )
        .branch(
            dptree::entry()
                .filter_command::<integrations::IntegrationsCommand>()
                .endpoint(integrations::on_command),
        )
        .branch(dptree::filter_map(keyboards::MenuButton::from_message).endpoint(customer::on_menu))
        .branch(dptree::filter(|msg: Message| msg.contact().is_some()).endpoint(phone::on_contact))
        .branch(staff_input)
        .endpoint(customer::fallback);
    let callbacks = Update::filter_callback_query().endpoint(callback::on_callback);
    dptree::entry().branch(messages).branch(callbacks)
}
