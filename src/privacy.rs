//! `/delete_me`: erase a customer's personal data (name, Telegram id and chat, language
//! choice, invite code) and retire their card, while the ledger keeps the anonymous account so
//! the shop's books still balance. The points on it stay as an anonymous liability; nobody can
//! reach them any more, since the card and the Telegram link are gone.

use sqlx::PgPool;

use crate::{identity::IdentityKey, ledger::hold};

#[derive(Debug, thiserror::Error)]
pub enum EraseError {
    #[error("database error while erasing")]
    Db(#[from] sqlx::Error),
    #[error("releasing a pending redemption failed")]
    Hold(#[from] hold::HoldError),
}

/// Erases customer `id` in one transaction. Idempotent: erasing twice changes nothing more.
/// What stays: a keyed fingerprint of the Telegram id (see [`crate::identity`]), so that
/// registering again pays none of the one-time gifts a second time (welcome and invitation
/// bonus, coupons, promo bonuses, the year's birthday gift), and the gifts it had.
pub async fn erase(pool: &PgPool, id: i64) -> Result<(), EraseError> {
    let mut tx = pool.begin().await?;
    let tg_user_id: Option<i64> =
        sqlx::query_scalar("SELECT tg_user_id FROM customers WHERE id = $1 FOR UPDATE")
            .bind(id)
            .fetch_optional(&mut *tx)
            .await?
            .flatten();
    if let Some(tg) = tg_user_id {
        sqlx::query(
            "INSERT INTO erased_identities (fingerprint) VALUES ($1) ON CONFLICT DO NOTHING",
        )
        .bind(IdentityKey::load(&mut tx).await?.fingerprint(tg))
        .execute(&mut *tx)
        .await?;
    }
    // Points held for a request the customer can no longer answer go back to the account.
    let holds: Vec<i64> = sqlx::query_scalar(
        "SELECT hold_id FROM redemptions WHERE customer_id = $1 AND status = 'pending' FOR UPDATE",
    )
    .bind(id)
    .fetch_all(&mut *tx)
    .await?;
    for h in holds {
        hold::void(&mut tx, hold::HoldId(h)).await?;
    }
    sqlx::query(
        "UPDATE redemptions SET status = 'expired' WHERE customer_id = $1 AND status = 'pending'",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // Which command menu their chat was given names the chat: it goes too.
    sqlx::query(
        "DELETE FROM chat_menus WHERE chat_id = (SELECT chat_id FROM customers WHERE id = $1)",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "UPDATE customers SET tg_user_id = NULL, chat_id = NULL, first_name = NULL, language = 'en',
                referral_code = 'erased-' || id, promos_enabled = FALSE, identity = NULL,
                birthday = NULL, birthday_set_at = NULL,
                erased_at = COALESCE(erased_at, now())
         WHERE id = $1",
    )
    .bind(id)
    .execute(&mut *tx)
    .await?;
    // Ratings stay for the shop's statistics; the words the customer wrote go.
    sqlx::query("UPDATE feedback SET comment = NULL WHERE customer_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // What the bot waited for from them (a birthday, a comment) goes with the chat.
    // (A private chat's id is the user's id.)
    sqlx::query("DELETE FROM chat_states WHERE chat_id = $1")
        .bind(tg_user_id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE cards SET active = FALSE WHERE customer_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("DELETE FROM till_sessions WHERE customer_id = $1")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    // Once: a second erasure (no Telegram id left) tells nobody anything new.
    if tg_user_id.is_some() {
        crate::hooks_out::record(
            &mut tx,
            crate::hooks_out::Event::CustomerErased { customer: id },
        )
        .await?;
    }
    tx.commit().await?;
    Ok(())
}
