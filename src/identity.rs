//! A person's identity fingerprint: HMAC-SHA256 of their Telegram id under a key kept in the
//! database (`identity_key`, made by a migration; not `CARD_SECRET`, which is rotated).
//!
//! It is what survives `/delete_me` (in `erased_identities`), so a person who erases their
//! data and registers again gets a new card but none of the one-time gifts twice: no welcome
//! or invitation bonus (see [`crate::enrollment`]), and no coupon, promo bonus or birthday
//! gift they already had ([`take_gift`], keyed `coupon:<id>`, `promo:<rule>`,
//! `birthday:<year>` in `identity_gifts`). The stored value cannot be turned back into an id
//! by trying every id without the key.

use hmac::{Hmac, Mac};
use sha2::Sha256;
use sqlx::{PgConnection, PgPool};

/// The fingerprint key, read from the database.
pub struct IdentityKey(Vec<u8>);

impl IdentityKey {
    pub async fn load(conn: &mut PgConnection) -> sqlx::Result<Self> {
        sqlx::query_scalar("SELECT key FROM identity_key WHERE id = 1")
            .fetch_one(conn)
            .await
            .map(Self)
    }

    pub fn fingerprint(&self, tg_user_id: i64) -> Vec<u8> {
        // HMAC accepts keys of any length, so this cannot fail.
        let mut m =
            <Hmac<Sha256> as Mac>::new_from_slice(&self.0).unwrap_or_else(|_| unreachable!());
        m.update(b"loyalty-bot identity v2:");
        m.update(&tg_user_id.to_be_bytes());
        m.finalize().into_bytes().to_vec()
    }
}

/// Gives customers who registered before fingerprints existed theirs (run after migrations;
/// a no-op once every customer has one).
pub async fn backfill(pool: &PgPool) -> sqlx::Result<u64> {
    let mut conn = pool.acquire().await?;
    let key = IdentityKey::load(&mut conn).await?;
    let mut done = 0;
    loop {
        let ids: Vec<(i64, i64)> = sqlx::query_as(
            "SELECT id, tg_user_id FROM customers
             WHERE identity IS NULL AND tg_user_id IS NOT NULL ORDER BY id LIMIT 1000",
        )
        .fetch_all(&mut *conn)
        .await?;
        if ids.is_empty() {
            return Ok(done);
        }
        for (id, tg) in ids {
            sqlx::query("UPDATE customers SET identity = $2 WHERE id = $1 AND identity IS NULL")
                .bind(id)
                .bind(key.fingerprint(tg))
                .execute(&mut *conn)
                .await?;
            done += 1;
        }
    }
}

/// Records that the person behind `customer` has had `gift`; false when they had it already
/// (perhaps as an earlier, erased customer), and then the gift must not be given.
pub async fn take_gift(conn: &mut PgConnection, customer: i64, gift: &str) -> sqlx::Result<bool> {
    let taken: Option<i32> = sqlx::query_scalar(
        "INSERT INTO identity_gifts (fingerprint, gift)
         SELECT identity, $2 FROM customers WHERE id = $1 AND identity IS NOT NULL
         ON CONFLICT DO NOTHING RETURNING 1",
    )
    .bind(customer)
    .bind(gift)
    .fetch_optional(conn)
    .await?;
    Ok(taken.is_some())
}

/// Whether the person behind `customer` has had `gift` (without taking it).
pub async fn had_gift(conn: &mut PgConnection, customer: i64, gift: &str) -> sqlx::Result<bool> {
    sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM identity_gifts g JOIN customers c ON c.identity = g.fingerprint
                        WHERE c.id = $1 AND g.gift = $2)",
    )
    .bind(customer)
    .bind(gift)
    .fetch_one(conn)
    .await
}
