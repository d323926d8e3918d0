//! Reading every setting as a [`Value`], and saving one: the new value and its audit row
//! (who, when, old → new) in the caller's transaction, after locking the settings row so two
//! owners saving at once are serialized and each audit row's "old" is what it replaced.

use chrono::{DateTime, Utc};
use rust_decimal::Decimal;
use sqlx::PgConnection;

use super::{
    SettingKey,
    lists::{Level, Tier},
    values::{BonusPoints, Percent, Value},
};
use crate::{
    domain::Money,
    storage::settings::{self, ProgramSettings},
};

#[derive(Debug, thiserror::Error)]
pub enum StoreError {
    #[error(transparent)]
    Db(#[from] sqlx::Error),
    /// A value set outside the bot (by SQL) that the bot would not accept.
    #[error("{0:?} holds a value outside what /settings accepts")]
    Unexpected(SettingKey),
}

/// Everything `/settings` shows, read in one go.
#[derive(Clone, Debug)]
pub struct Snapshot {
    pub settings: ProgramSettings,
    pub tiers: Vec<Tier>,
    pub levels: Vec<Level>,
}

pub async fn snapshot(conn: &mut PgConnection) -> Result<Snapshot, StoreError> {
    let settings = settings::load(&mut *conn).await?;
    let rows: Vec<(String, Decimal, Decimal)> =
        sqlx::query_as("SELECT name, min_spend, earn_rate FROM tiers ORDER BY min_spend")
            .fetch_all(&mut *conn)
            .await?;
    let tiers = rows
        .into_iter()
        .map(|(name, min_spend, rate)| {
            Ok(Tier {
                name,
                min_spend: Money::new(min_spend)
                    .map_err(|_| StoreError::Unexpected(SettingKey::Tiers))?,
                earn_rate: Percent::from_db(rate),
            })
        })
        .collect::<Result<_, StoreError>>()?;
    let rows: Vec<(Decimal, Decimal)> =
        sqlx::query_as("SELECT min_spend, percent FROM discount_levels ORDER BY min_spend")
            .fetch_all(&mut *conn)
            .await?;
    let levels = rows
        .into_iter()
        .map(|(min_spend, percent)| Level {
            min_spend,
            percent: Percent::from_db(percent),
        })
        .collect();
    Ok(Snapshot {
        settings,
        tiers,
        levels,
    })
}

impl Snapshot {
    pub fn get(&self, key: SettingKey) -> Result<Value, StoreError> {
        let s = &self.settings;
        let points = |n: i64| {
            BonusPoints::new(n)
                .map(Value::Points)
                .map_err(|_| StoreError::Unexpected(key))
        };
        Ok(match key {
            SettingKey::ProgrammeType => Value::Programme(s.programme_type),
            SettingKey::DiscountMode => Value::Discount(s.discount_mode),
            SettingKey::DiscountPercent => Value::Percent(Percent::from_db(s.discount_percent)),
            SettingKey::DiscountLevels => Value::Levels(self.levels.clone()),
            SettingKey::EarnRate => Value::Percent(Percent::from_db(s.earn_rate)),
            SettingKey::PointValue => {
                Value::Money(Money::new(s.point_value).map_err(|_| StoreError::Unexpected(key))?)
            }
            SettingKey::MaxRedeemShare => Value::Percent(Percent::from_db(s.max_redeem_share)),
            SettingKey::WelcomeBonus => points(s.welcome_bonus)?,
            SettingKey::ReferralBonus => points(s.referral_bonus)?,
            SettingKey::ReferrerBonus => points(s.referrer_bonus)?,
            SettingKey::ExpiryMonths => Value::Months(s.expiry_months),
            SettingKey::TierPeriodDays => Value::Days(s.tier_period_days),
            SettingKey::Tiers => Value::Tiers(self.tiers.clone()),
            SettingKey::StampEvery => Value::StampEvery(s.stamp_every),
            SettingKey::StampMinAmount => Value::Threshold(s.stamp_min_amount),
            SettingKey::StampGift => Value::Text(s.stamp_gift.clone()),
            SettingKey::StampGiftPoints => points(s.stamp_gift_points)?,
            SettingKey::BirthdayBonus => points(s.birthday_bonus)?,
            SettingKey::FeedbackBonus => points(s.feedback_bonus)?,
            SettingKey::ReferralMinAmount => Value::Money(
                Money::new(s.referral_min_amount).map_err(|_| StoreError::Unexpected(key))?,
            ),
            SettingKey::RefundWindowDays => Value::Days(s.refund_window_days),
            SettingKey::ShopName => {
                Value::Text(Some(s.shop_name.clone()).filter(|n| !n.is_empty()))
            }
            SettingKey::ShopColour => Value::Colour(s.shop_colour.clone()),
        })
    }
}

/// A saved change, as the audit log has it.
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct Change {
    pub changed_by: i64,
    pub changed_at: DateTime<Utc>,
    pub setting: String,
    pub old_value: String,
    pub new_value: String,
}

/// Saves `value` as `key` with its audit row, inside the caller's transaction. `draft` is the
/// dialogue being saved: the audit row is unique per draft, so a dialogue saves once.
pub async fn save(
    tx: &mut PgConnection,
    owner: i64,
    draft: i64,
    key: SettingKey,
    value: &Value,
) -> Result<Change, StoreError> {
    sqlx::query("SELECT id FROM program_settings WHERE id = 1 FOR UPDATE")
        .execute(&mut *tx)
        .await?;
    let old = snapshot(&mut *tx).await?.get(key)?;
    apply(&mut *tx, key, value).await?;
    let change = sqlx::query_as(
        "INSERT INTO settings_audit (changed_by, setting, old_value, new_value, draft_id)
         VALUES ($1, $2, $3, $4, $5)
         RETURNING changed_by, changed_at, setting, old_value, new_value",
    )
    .bind(owner)
    .bind(key.code())
    .bind(old.canonical())
    .bind(value.canonical())
    .bind(draft)
    .fetch_one(&mut *tx)
    .await?;
    Ok(change)
}

async fn apply(tx: &mut PgConnection, key: SettingKey, value: &Value) -> Result<(), StoreError> {
    // `key.code()` is one of our own column names, never user input.
    let sql = format!(
        "UPDATE program_settings SET {} = $1, updated_at = now() WHERE id = 1",
        key.code()
    );
    let query = sqlx::query(&sql);
    let query = match value {
        Value::Percent(p) => query.bind(p.value()),
        Value::Points(p) => query.bind(p.get()),
        Value::Money(m) => query.bind(m.value()),
        Value::Threshold(d) => query.bind(*d),
        Value::Months(n) | Value::StampEvery(n) => query.bind(*n),
        Value::Days(n) => query.bind(*n),
        // The shop's name is never NULL: none is the empty name.
        Value::Text(t) if key == SettingKey::ShopName => query.bind(t.clone().unwrap_or_default()),
        Value::Text(t) => query.bind(t.clone()),
        Value::Colour(c) => query.bind(c.clone()),
        Value::Programme(_) | Value::Discount(_) => query.bind(value.canonical()),
        Value::Tiers(tiers) => return replace_tiers(tx, tiers).await,
        Value::Levels(levels) => return replace_levels(tx, levels).await,
    };
    query.execute(&mut *tx).await?;
    Ok(())
}

/// Tiers are matched by name, so customers keep their tier (and its id) when only its
/// threshold or rate changes; removed tiers go (their customers fall back to the base level).
async fn replace_tiers(tx: &mut PgConnection, tiers: &[Tier]) -> Result<(), StoreError> {
    let names: Vec<String> = tiers.iter().map(|t| t.name.clone()).collect();
    sqlx::query("DELETE FROM tiers WHERE NOT (name = ANY ($1))")
        .bind(&names)
        .execute(&mut *tx)
        .await?;
    // Thresholds are unique: park the kept ones out of the way first, so swapping two
    // thresholds does not collide half-way.
    sqlx::query("UPDATE tiers SET min_spend = min_spend + 100000000")
        .execute(&mut *tx)
        .await?;
    for t in tiers {
        sqlx::query(
            "INSERT INTO tiers (name, min_spend, earn_rate) VALUES ($1, $2, $3)
             ON CONFLICT (name) DO UPDATE SET min_spend = $2, earn_rate = $3",
        )
        .bind(&t.name)
        .bind(t.min_spend.value())
        .bind(t.earn_rate.value())
        .execute(&mut *tx)
        .await?;
    }
    Ok(())
}

async fn replace_levels(tx: &mut PgConnection, levels: &[Level]) -> Result<(), StoreError> {
    sqlx::query("DELETE FROM discount_levels")
        .execute(&mut *tx)
        .await?;
    for l in levels {
        sqlx::query("INSERT INTO discount_levels (min_spend, percent) VALUES ($1, $2)")
            .bind(l.min_spend)
            .bind(l.percent.value())
            .execute(&mut *tx)
            .await?;
    }
    Ok(())
}

/// The latest changes, newest first.
pub async fn recent(conn: &mut PgConnection, limit: i64) -> sqlx::Result<Vec<Change>> {
    sqlx::query_as(
        "SELECT changed_by, changed_at, setting, old_value, new_value FROM settings_audit
         ORDER BY changed_at DESC, id DESC LIMIT $1",
    )
    .bind(limit)
    .fetch_all(conn)
    .await
}
