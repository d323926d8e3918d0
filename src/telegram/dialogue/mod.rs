//! One saved conversation state per chat (teloxide's dialogue pattern, kept in Postgres): what
//! the bot asked last and waits for. [`current`] reads it once at the top of `schema()`; a
//! message it accepts goes to [`on_message`], which routes it per variant. The question asked
//! last wins (saving replaces the state); a command or a menu button ends it with a word about
//! what was cancelled (`/cancel` stops there); a restart resumes it; after [`TTL`] it is gone.
//!
//! Commands that take arguments work bare, as BotFather's do: they ask (with buttons where the
//! answers are few) and save the state; the one-line forms stay as shortcuts. The dialogues
//! live beside this file, one per command.

mod answers;
mod ask;
mod buttons;
mod coupon;
mod rule;

use chrono::{Duration, Utc};
use serde::{Deserialize, Serialize};
use teloxide::prelude::*;

pub use ask::{addcashier, coupon_list_new, export, import, promo, redeem, refund, rule_list_new};
pub use buttons::on_button;
pub use coupon::CouponForm;
pub use rule::RuleForm;

use super::{
    App, AppRef, HandlerResult,
    keyboards::{MenuButton, StaffButton},
    send,
    till::staff_lang,
};
use crate::{storage::chat_states, t};

/// How long a question stays open without an answer.
pub const TTL: Duration = Duration::minutes(30);

/// What the bot waits for in a chat.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum State {
    /// `/promo`: the promotion's text, or a photo with its caption.
    PromoText,
    /// `/export`: customers or the ledger.
    ExportWhat,
    /// `/export` → ledger: the period.
    ExportPeriod,
    /// `/refund`: the receipt (recent ones as buttons), optionally with the amount.
    RefundReceipt,
    /// `/redeem` with `customer`'s card open: the points (optionally the purchase amount).
    RedeemPoints { customer: i64 },
    /// `/coupon` → New…: the fields so far.
    Coupon(CouponForm),
    /// `/rules` → New…: the fields so far.
    Rule(RuleForm),
    /// `/import`: the CSV file.
    ImportFile,
    /// `/addcashier`: the store's name.
    CashierStore,
}

impl State {
    /// The words for "Cancelled: …".
    fn what(&self) -> &'static str {
        match self {
            Self::PromoText => "dialogue-what-promo",
            Self::ExportWhat | Self::ExportPeriod => "dialogue-what-export",
            Self::RefundReceipt => "dialogue-what-refund",
            Self::RedeemPoints { .. } => "dialogue-what-redeem",
            Self::Coupon(_) => "dialogue-what-coupon",
            Self::Rule(_) => "dialogue-what-rule",
            Self::ImportFile => "dialogue-what-import",
            Self::CashierStore => "dialogue-what-cashier",
        }
    }

    /// Whether `msg` can be the answer: text for every question, a photo for a promotion, a
    /// document for an import. Anything else goes on through the handler tree.
    fn accepts(&self, msg: &Message) -> bool {
        match self {
            Self::PromoText => msg.text().is_some() || msg.photo().is_some(),
            Self::ImportFile => msg.text().is_some() || msg.document().is_some(),
            _ => msg.text().is_some(),
        }
    }
}

/// Saves `state` as the chat's only one (replacing whatever was asked before).
pub async fn set(app: &App, chat: ChatId, state: &State) -> anyhow::Result<()> {
    let json = serde_json::to_string(state)?;
    let mut conn = app.pool.acquire().await?;
    chat_states::save(&mut conn, chat.0, &json, Utc::now() + TTL).await?;
    Ok(())
}

/// Ends the chat's state, returning it if one was open.
pub async fn take(app: &App, chat: ChatId) -> anyhow::Result<Option<State>> {
    let mut conn = app.pool.acquire().await?;
    let json = chat_states::take(&mut conn, chat.0, Utc::now()).await?;
    Ok(json.and_then(|j| parse(&j)))
}

/// Ends the chat's state if it is `state` (a button that finishes a dialogue ends only its own).
pub async fn finish(app: &App, chat: ChatId, state: impl Fn(&State) -> bool) -> HandlerResult {
    if let Some(open) = load(app, chat).await?
        && state(&open)
    {
        take(app, chat).await?;
    }
    Ok(())
}

pub async fn load(app: &App, chat: ChatId) -> anyhow::Result<Option<State>> {
    let mut conn = app.pool.acquire().await?;
    let json = chat_states::load(&mut conn, chat.0, Utc::now()).await?;
    Ok(json.and_then(|j| parse(&j)))
}

/// A state saved by an older version that no longer parses is as if there were none.
fn parse(json: &str) -> Option<State> {
    serde_json::from_str(json)
        .map_err(|e| tracing::warn!(error = %e, json, "an unknown saved chat state is ignored"))
        .ok()
}

/// What [`current`] found for a message.
#[derive(Clone, Debug)]
pub enum Open {
    /// The message answers the open question.
    Answer(State),
    /// `/cancel` ended an open question: nothing more to do.
    Cancelled,
}

/// The handler tree's first filter for private messages: the chat's state, read once. A
/// command or a menu button ends it (with a word) and goes on to its own handler, except
/// `/cancel`, which stops here.
pub async fn current(bot: Bot, msg: Message, app: AppRef) -> Option<Open> {
    let chat = msg.chat.id;
    let state = match load(&app, chat).await {
        Ok(state) => state?,
        Err(e) => {
            tracing::warn!(error = %e, "reading the chat state failed");
            return None;
        }
    };
    let typed = msg.text().or(msg.caption()).unwrap_or_default().trim();
    let command = typed.starts_with('/');
    let button =
        MenuButton::from_text(typed).is_some() || StaffButton::from_message(msg.clone()).is_some();
    if !(command || button) {
        return state.accepts(&msg).then_some(Open::Answer(state));
    }
    if let Err(e) = take(&app, chat).await {
        tracing::warn!(error = %e, "ending the chat state failed");
        return None;
    }
    let lang = match msg.from.as_ref() {
        Some(user) => staff_lang(&app, user).await,
        None => app.config.default_language,
    };
    let word = t!(lang, "dialogue-cancelled", what = t!(lang, state.what()));
    send::html(&bot, chat, word, None).await;
    let cancel = typed
        .split_whitespace()
        .next()
        .is_some_and(|c| c == "/cancel" || c.starts_with("/cancel@"));
    cancel.then_some(Open::Cancelled)
}

/// A message that answers the chat's open question.
pub async fn on_message(bot: Bot, msg: Message, app: AppRef, open: Open) -> HandlerResult {
    let Open::Answer(state) = open else {
        return Ok(());
    };
    let Some(user) = msg.from.clone() else {
        return Ok(());
    };
    let lang = staff_lang(&app, &user).await;
    let ctx = answers::Ctx {
        bot: &bot,
        app: &app,
        msg: &msg,
        user: &user,
        chat: msg.chat.id,
        lang,
    };
    match state {
        State::PromoText => answers::promo(&ctx).await,
        State::ExportWhat => answers::export_what(&ctx).await,
        State::ExportPeriod => answers::export_period(&ctx).await,
        State::RefundReceipt => answers::refund(&ctx).await,
        State::RedeemPoints { customer } => answers::redeem(&ctx, customer).await,
        State::Coupon(form) => coupon::answer(&ctx, form).await,
        State::Rule(form) => rule::answer(&ctx, form).await,
        State::ImportFile => answers::import(&ctx).await,
        State::CashierStore => answers::cashier_store(&ctx).await,
    }
}
