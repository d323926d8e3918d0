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
    /// A card is open at the till (see `storage::till`): an amount posts a purchase.
    TillAmount { customer: i64 },
    /// `/birthday`: the customer's date of birth.
    Birthday,
    /// A rating under a receipt: the customer's comment on that purchase.
    FeedbackComment { purchase: i64 },
    /// A promotion draft's question (an audience's number, the URL button, the time).
    PromoAnswer {
        broadcast: i64,
        question: crate::broadcast::Awaiting,
    },
    /// `/settings`: the value of the setting being edited (the owner's open draft).
    SettingsValue,
}

impl State {
    /// The words for "Cancelled: …"; `None` for an open card, which a command leaves open
    /// (only `/cancel` or Close closes it, with "Card closed").
    fn what(&self) -> Option<&'static str> {
        Some(match self {
            Self::PromoText => "dialogue-what-promo",
            Self::ExportWhat | Self::ExportPeriod => "dialogue-what-export",
            Self::RefundReceipt => "dialogue-what-refund",
            Self::RedeemPoints { .. } => "dialogue-what-redeem",
            Self::Coupon(_) => "dialogue-what-coupon",
            Self::Rule(_) => "dialogue-what-rule",
            Self::ImportFile => "dialogue-what-import",
            Self::CashierStore => "dialogue-what-cashier",
            Self::Birthday => "dialogue-what-birthday",

            Self::PromoAnswer { .. } => "dialogue-what-promo-answer",
            Self::SettingsValue => "dialogue-what-settings",
            Self::FeedbackComment { .. } => "dialogue-what-comment",
            Self::TillAmount { .. } => return None,
        })
    }

    /// Ended by a command other than `/cancel` without a word: the invitation to comment on a
    /// rating, which nobody has to answer.
    fn quiet(&self) -> bool {
        matches!(self, Self::FeedbackComment { .. })
    }

    /// A question of the card screen at the till.
    pub fn is_till(&self) -> bool {
        matches!(self, Self::TillAmount { .. } | Self::RedeemPoints { .. })
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
    let command = typed
        .split_whitespace()
        .next()
        .map(|c| c.split('@').next().unwrap_or(c))
        .unwrap_or_default();
    let cancel = command == "/cancel";
    // `/settings` opens a fresh overview that ends its own dialogue (as it always did).
    if state == State::SettingsValue && command == "/settings" {
        return take(&app, chat).await.err().and_then(|e| {
            tracing::warn!(error = %e, "ending the chat state failed");
            None
        });
    }
    match end(&bot, &app, &msg, state, cancel).await {
        Ok(()) => cancel.then_some(Open::Cancelled),
        Err(e) => {
            tracing::warn!(error = %e, "ending the chat state failed");
            None
        }
    }
}

/// Ends `state` because a command or a menu button came (`cancel`: it was `/cancel`), with a
/// word about what was cancelled. `/cancel` at the till closes the card (as Close does); a
/// settings dialogue ends with its own message.
async fn end(bot: &Bot, app: &App, msg: &Message, state: State, cancel: bool) -> HandlerResult {
    let chat = msg.chat.id;
    take(app, chat).await?;
    let Some(user) = msg.from.as_ref() else {
        return Ok(());
    };
    let lang = staff_lang(app, user).await;
    if state.is_till() && cancel {
        if let Some(staff) = super::till::staff_for(app, user).await {
            super::till::close(app, &staff, chat).await?;
        }
        send::html(bot, chat, t!(lang, "till-closed"), None).await;
        return Ok(());
    }
    if state == State::SettingsValue
        && super::settings_dialogue::cancel_open(bot, app, super::tg_id(user)).await?
    {
        return Ok(());
    }
    if let Some(what) = state.what().filter(|_| cancel || !state.quiet()) {
        let word = t!(lang, "dialogue-cancelled", what = t!(lang, what));
        send::html(bot, chat, word, None).await;
    }
    Ok(())
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
        State::TillAmount { .. } => answers::till_amount(&ctx).await,
        State::Birthday => {
            let text = ctx.text();
            super::extras::birthday::on_text(&bot, &app, &user, ctx.chat, text).await
        }
        State::FeedbackComment { purchase } => answers::comment(&ctx, purchase).await,
        State::PromoAnswer {
            broadcast,
            question,
        } => super::promo_input::on_answer(&bot, &msg, &app, lang, broadcast, question).await,
        State::SettingsValue => answers::settings_value(&ctx).await,
    }
}
