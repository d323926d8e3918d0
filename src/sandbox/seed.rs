//! The demo programme a new sandbox starts with, made by playing the conversation through the
//! emulator (the same path a real Telegram client takes), so the chats in the page show how each
//! feature looks: the owner invites Kate as a cashier, Anna joins and invites Борис, Kate scans
//! both cards and posts purchases (which pays Anna and Борис the referral bonus, and moves Anna
//! up to Silver). The programme itself (tiers, stamp card, birthday and feedback bonuses) is set
//! in SQL first, as an owner would with `/settings`; the owner then makes a coupon flyer.

use std::time::Duration;

use anyhow::{Context, bail};

use super::emulator::{BotEvent, Emulator, SentMessage, UserProfile};

/// Waits for the bot to answer `user` and returns the messages it sent, once the chat has been
/// quiet for a moment.
async fn say(emu: &Emulator, user: &UserProfile, text: &str) -> anyhow::Result<Vec<SentMessage>> {
    let mut cursor = emu.events_len(user.id);
    emu.send_text(user, text);
    collect(emu, user.id, &mut cursor).await
}

async fn collect(emu: &Emulator, chat: i64, cursor: &mut u64) -> anyhow::Result<Vec<SentMessage>> {
    let mut got = Vec::new();
    let mut wait = Duration::from_secs(15);
    while let Some(event) = emu.next_event(chat, cursor, wait).await {
        if let BotEvent::Message(m) = event {
            got.push(m);
        }
        wait = Duration::from_millis(700);
    }
    if got.is_empty() {
        bail!("the bot did not answer in chat {chat}");
    }
    Ok(got)
}

fn link_in(messages: &[SentMessage], prefix: &str) -> anyhow::Result<String> {
    messages
        .iter()
        .flat_map(|m| {
            m.body()
                .split_whitespace()
                .map(str::to_owned)
                .collect::<Vec<_>>()
        })
        .find(|w| w.contains(prefix))
        .and_then(|w| w.split("start=").nth(1).map(str::to_owned))
        .with_context(|| format!("no {prefix} link in the bot's answer"))
}

/// The card's deep-link payload, read off the card image the bot sent to `customer`.
async fn card_payload(emu: &Emulator, customer: &UserProfile) -> anyhow::Result<String> {
    let sent = say(emu, customer, "/card").await?;
    let file = sent
        .iter()
        .find_map(|m| m.photo_file_id.clone())
        .context("no card image")?;
    let bytes = emu.file_bytes(&file).context("card image bytes")?;
    let link = tokio::task::spawn_blocking(move || crate::qr::decode(&bytes))
        .await?
        .context("card QR")?;
    link.split("start=")
        .nth(1)
        .map(str::to_owned)
        .context("card link payload")
}

pub struct Cast<'a> {
    pub owner: &'a UserProfile,
    pub cashier: &'a UserProfile,
    pub customers: &'a [UserProfile],
}

/// A programme that shows every feature: two tiers above Base (5%), a stamp card, birthday and
/// feedback bonuses, and the shop's name and colour on the card picture.
async fn configure(pool: &sqlx::PgPool) -> anyhow::Result<()> {
    let mut tx = pool.begin().await?;
    sqlx::query(
        "UPDATE program_settings SET stamp_every = 5, stamp_min_amount = 100,
                stamp_gift = 'a free coffee', birthday_bonus = 100, feedback_bonus = 10,
                shop_name = 'Café Central', shop_colour = '#6d4c41'",
    )
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO tiers (name, min_spend, earn_rate)
         VALUES ('Silver', 1000, 7), ('Gold', 5000, 10) ON CONFLICT DO NOTHING",
    )
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn run(emu: &Emulator, pool: &sqlx::PgPool, cast: &Cast<'_>) -> anyhow::Result<()> {
    configure(pool).await.context("demo programme settings")?;
    let invite = say(emu, cast.owner, "/addcashier Café Central").await?;
    let payload = link_in(&invite, "?start=s_")?;
    say(emu, cast.cashier, &format!("/start {payload}")).await?;

    let Some((first, others)) = cast.customers.split_first() else {
        return Ok(());
    };
    say(emu, first, "/start").await?;
    let invite = say(emu, first, "/invite").await?;
    let referral = link_in(&invite, "?start=r_")?;
    for customer in others {
        say(emu, customer, &format!("/start {referral}")).await?;
    }
    for (customer, amount) in cast.customers.iter().zip(["1250,50", "480", "99,90"]) {
        let card = card_payload(emu, customer).await?;
        say(emu, cast.cashier, &format!("/start {card}")).await?;
        say(emu, cast.cashier, amount).await?;
    }
    let until = (chrono::Utc::now() + chrono::Duration::days(60)).format("%Y-%m-%d");
    say(
        emu,
        cast.owner,
        &format!("/coupon add COFFEE bonus 50 limit 100 until {until}"),
    )
    .await?;
    Ok(())
}
