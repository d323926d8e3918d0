//! Typed answers to the one-question dialogues and to the questions of the till, the extras
//! and `/settings`. A refused answer gets a localized reason and
//! leaves the question open; an accepted one ends the state and does what the one-line
//! command would have done.

use chrono::Utc;
use teloxide::{prelude::*, types::User};

use super::{State, set, take};
use crate::{
    analytics::Period,
    domain::{Language, Points},
    settings::drafts,
    storage::till as sessions,
    t,
    telegram::{
        AppRef, HandlerResult, analytics,
        extras::feedback,
        promo, send, settings_dialogue, staff, tg_id,
        till::{self, staff_for},
        till_redeem,
    },
};

/// Everything an answer needs.
pub struct Ctx<'a> {
    pub bot: &'a Bot,
    pub app: &'a AppRef,
    pub msg: &'a Message,
    pub user: &'a User,
    pub chat: ChatId,
    pub lang: Language,
}

impl Ctx<'_> {
    pub fn text(&self) -> &str {
        self.msg.text().unwrap_or_default().trim()
    }

    pub async fn say(&self, text: String) -> HandlerResult {
        send::html(self.bot, self.chat, text, None).await;
        Ok(())
    }

    /// The sender is an owner; otherwise the state ends with the owners-only answer.
    pub async fn owner(&self) -> anyhow::Result<bool> {
        if self.app.is_owner(self.user) {
            return Ok(true);
        }
        take(self.app, self.chat).await?;
        self.say(t!(self.lang, "owner-only")).await?;
        Ok(false)
    }

    /// The sender is staff now (a revoked cashier is not); otherwise the state ends.
    pub async fn staff(&self) -> anyhow::Result<Option<crate::till::Staff>> {
        let staff = staff_for(self.app, self.user).await;
        if staff.is_none() {
            take(self.app, self.chat).await?;
            self.say(t!(self.lang, "staff-only")).await?;
        }
        Ok(staff)
    }
}

pub async fn promo(ctx: &Ctx<'_>) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    if promo::compose_from(ctx.bot, ctx.app, ctx.msg, ctx.lang, false).await? {
        take(ctx.app, ctx.chat).await?;
    }
    Ok(())
}

/// "customers" or "ledger", typed (in any of our languages) instead of pressed.
pub async fn export_what(ctx: &Ctx<'_>) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    let typed = ctx.text().to_lowercase();
    let is = |key: &str| {
        Language::ALL
            .iter()
            .any(|&l| t!(l, key).to_lowercase() == typed)
    };
    if typed == "customers" || is("dialogue-export-customers") {
        take(ctx.app, ctx.chat).await?;
        analytics::export(
            ctx.bot,
            ctx.app,
            ctx.chat,
            ctx.lang,
            analytics::Export::Customers,
        )
        .await
    } else if typed == "ledger" || is("dialogue-export-ledger") {
        super::ask::export_period(ctx.bot, ctx.app, ctx.chat, ctx.lang).await
    } else {
        ctx.say(t!(ctx.lang, "dialogue-export-bad")).await
    }
}

pub async fn export_period(ctx: &Ctx<'_>) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    let Some(period) = Period::parse(ctx.text()) else {
        return ctx.say(t!(ctx.lang, "dialogue-export-bad-period")).await;
    };
    take(ctx.app, ctx.chat).await?;
    let what = analytics::Export::Ledger(period);
    analytics::export(ctx.bot, ctx.app, ctx.chat, ctx.lang, what).await
}

/// `42` or `42 500`: the refund screen, as `/refund 42 500` shows it.
pub async fn refund(ctx: &Ctx<'_>) -> HandlerResult {
    let Some(staff) = ctx.staff().await? else {
        return Ok(());
    };
    match staff::parse_refund(ctx.text()) {
        Err(e) => ctx.say(e.text(ctx.lang)).await,
        Ok((receipt, amount)) => {
            take(ctx.app, ctx.chat).await?;
            let (bot, app, chat, lang) = (ctx.bot, ctx.app, ctx.chat, ctx.lang);
            crate::telegram::till_reversal::ask_refund(
                bot, app, &staff, chat, lang, receipt, amount,
            )
            .await
        }
    }
}

/// `N [amount]` while `customer`'s card is still open on this staff member's screen.
pub async fn redeem(ctx: &Ctx<'_>, customer: i64) -> HandlerResult {
    let Some(staff) = ctx.staff().await? else {
        return Ok(());
    };
    let mut conn = ctx.app.pool.acquire().await?;
    let session = sessions::current(&mut conn, staff.tg_user_id, Utc::now()).await?;
    drop(conn);
    if session.is_none_or(|s| s.customer_id != customer) {
        take(ctx.app, ctx.chat).await?;
        return ctx.say(t!(ctx.lang, "till-screen-expired")).await;
    }
    let points = ctx.text().split_whitespace().next().map(Points::parse);
    if !matches!(points, Some(Ok(_))) {
        return ctx.say(t!(ctx.lang, "dialogue-redeem-bad")).await;
    }
    take(ctx.app, ctx.chat).await?;
    let (bot, app, msg, lang) = (ctx.bot, ctx.app, ctx.msg, ctx.lang);
    till_redeem::request(bot, app, &staff, msg, lang, customer, ctx.text()).await
}

pub async fn import(ctx: &Ctx<'_>) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    if ctx.msg.document().is_none() {
        return ctx.say(t!(ctx.lang, "dialogue-import-ask")).await;
    }
    take(ctx.app, ctx.chat).await?;
    analytics::on_document(ctx.bot.clone(), ctx.msg.clone(), ctx.app.clone()).await
}

pub async fn cashier_store(ctx: &Ctx<'_>) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    let store = ctx.text();
    if store.is_empty() {
        return ctx.say(t!(ctx.lang, "dialogue-cashier-ask")).await;
    }
    take(ctx.app, ctx.chat).await?;
    staff::add_cashier(ctx.bot, ctx.app, ctx.user, ctx.chat, ctx.lang, store).await
}

/// Saves the next state of a multi-question dialogue.
pub async fn next(ctx: &Ctx<'_>, state: &State) -> HandlerResult {
    set(ctx.app, ctx.chat, state).await
}

/// Text at the till with a card open: an amount (or another card's number).
pub async fn till_amount(ctx: &Ctx<'_>) -> HandlerResult {
    let Some(staff) = ctx.staff().await? else {
        return Ok(());
    };
    till::on_text(ctx.bot.clone(), ctx.msg.clone(), staff, ctx.app.clone()).await
}

/// The customer's comment on the purchase they rated.
pub async fn comment(ctx: &Ctx<'_>, purchase: i64) -> HandlerResult {
    let Some(customer) = ctx.app.customer_of(ctx.user).await? else {
        return take(ctx.app, ctx.chat).await.map(drop);
    };
    let (bot, app, user, chat) = (ctx.bot, ctx.app, ctx.user, ctx.chat);
    feedback::on_comment(bot, app, user, chat, customer.id, purchase, ctx.text()).await
}

/// A typed value for the owner's open `/settings` dialogue.
pub async fn settings_value(ctx: &Ctx<'_>) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    let mut conn = ctx.app.pool.acquire().await?;
    let draft = drafts::active(&mut conn, tg_id(ctx.user), Utc::now()).await?;
    drop(conn);
    let Some(draft) = draft else {
        take(ctx.app, ctx.chat).await?;
        return ctx.say(t!(ctx.lang, "dialogue-button-stale")).await;
    };
    settings_dialogue::on_input(ctx.bot.clone(), ctx.msg.clone(), draft, ctx.app.clone()).await
}
