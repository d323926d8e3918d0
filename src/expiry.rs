//! The expiry job: points expire first-in-first-out by lot (see [`crate::ledger::lots`]);
//! customers are told seven days before, and again when points expire. Runs in the bot
//! process every second; safe with several processes (rows are claimed with `SKIP LOCKED`)
//! and catches up after downtime, because it looks at every lot past its date, not at "today".

use chrono::{Duration, Utc};
use teloxide::prelude::*;

use crate::{
    ledger::{AccountId, lots},
    storage::customers::Customer,
    t,
    telegram::{App, send},
};

pub const WARN_BEFORE: Duration = Duration::days(7);

async fn customer_of_account(app: &App, account: AccountId) -> anyhow::Result<Option<Customer>> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM customers WHERE account_id = $1")
        .bind(account)
        .fetch_optional(&app.pool)
        .await?;
    Ok(match id {
        Some(id) => crate::storage::customers::by_id(&mut *app.pool.acquire().await?, id).await?,
        None => None,
    })
}

pub async fn run_due(bot: &Bot, app: &App) -> anyhow::Result<()> {
    let now = Utc::now();
    let expired = lots::expire_due(&mut *app.pool.acquire().await?, now).await?;
    for e in expired {
        if let Some(c) = customer_of_account(app, e.account).await?
            && let Some(chat) = c.chat_id
        {
            let balance = crate::ledger::balance(&mut *app.pool.acquire().await?, e.account)
                .await?
                .available();
            let text = t!(
                c.language(),
                "expiry-done",
                points = e.points,
                balance = balance
            );
            send::html(bot, ChatId(chat), text, None).await;
        }
    }
    let warnings =
        lots::claim_warnings(&mut *app.pool.acquire().await?, now, now + WARN_BEFORE).await?;
    for (account, points, at) in warnings {
        if let Some(c) = customer_of_account(app, account).await?
            && let Some(chat) = c.chat_id
        {
            let lang = c.language();
            let date = crate::i18n::date(lang, at);
            let text = t!(
                lang,
                "expiry-warning",
                points = points,
                date = date.to_string()
            );
            send::html(bot, ChatId(chat), text, None).await;
        }
    }
    Ok(())
}
