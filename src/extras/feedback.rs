//! Rating a visit: the customer taps 1–5 stars under their receipt, once per purchase (the
//! first rating stands: a rating cannot be changed, so the bonus cannot be farmed and the
//! owner's numbers do not move under them), then may add one comment. The programme's
//! `feedback_bonus` is credited with the rating, ledger key `feedback:<purchase>`.

use chrono::{DateTime, Utc};
use sqlx::{PgPool, Row};

use super::ExtrasError;
use crate::{
    domain::Points,
    ledger::{self, EntryKind, SystemAccount},
    storage::{
        customers::Customer,
        purchase_bonuses::{self, BonusKind},
        settings,
    },
};

/// The longest comment we keep (Telegram messages can be 4096 characters).
pub const MAX_COMMENT: usize = 1000;

#[derive(Debug, thiserror::Error)]
pub enum RateError {
    #[error("not this customer's purchase")]
    NotYours,
    #[error("the purchase was undone")]
    Undone,
    #[error("already rated")]
    AlreadyRated,
    #[error("rating out of range")]
    OutOfRange,
    #[error(transparent)]
    Failed(#[from] ExtrasError),
}

impl From<sqlx::Error> for RateError {
    fn from(e: sqlx::Error) -> Self {
        Self::Failed(e.into())
    }
}

/// Records `rating` for `purchase` by `customer`; returns the bonus credited (0 when off).
pub async fn rate(
    pool: &PgPool,
    purchase: i64,
    customer: &Customer,
    rating: u8,
) -> Result<i64, RateError> {
    if !(1..=5).contains(&rating) {
        return Err(RateError::OutOfRange);
    }
    let mut tx = pool.begin().await?;
    // An undone or fully refunded purchase pays no rating bonus (its bonuses were taken back).
    let owner: Option<(i64, bool)> = sqlx::query_as(
        "SELECT p.customer_id,
                p.undone_at IS NOT NULL OR EXISTS (SELECT 1 FROM refunds f
                                                   WHERE f.purchase_id = p.id AND f.amount >= p.amount)
         FROM purchases p WHERE p.id = $1 FOR SHARE",
    )
    .bind(purchase)
    .fetch_optional(&mut *tx)
    .await?;
    match owner {
        Some((c, _)) if c != customer.id => return Err(RateError::NotYours),
        None => return Err(RateError::NotYours),
        Some((_, true)) => return Err(RateError::Undone),
        Some((_, false)) => {}
    }
    let inserted = sqlx::query(
        "INSERT INTO feedback (purchase_id, customer_id, rating) VALUES ($1, $2, $3)
         ON CONFLICT (purchase_id) DO NOTHING",
    )
    .bind(purchase)
    .bind(customer.id)
    .bind(i16::from(rating))
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(RateError::AlreadyRated);
    }
    let bonus = settings::load(&mut tx).await?.feedback_bonus;
    if let Ok(points) = Points::new(bonus) {
        let posted = ledger::credit(
            &mut tx,
            SystemAccount::FeedbackBonus,
            customer.account_id,
            points,
            EntryKind::Feedback,
            format!("feedback:{purchase}"),
            serde_json::json!({}),
        )
        .await
        .map_err(ExtrasError::from)?;
        purchase_bonuses::record(&mut tx, purchase, posted.entry_id, BonusKind::Feedback).await?;
    }
    tx.commit().await?;
    Ok(bonus.max(0))
}

/// Adds the comment to the customer's rating of `purchase`, unless it has one already.
pub async fn comment(
    pool: &PgPool,
    purchase: i64,
    customer: i64,
    text: &str,
) -> sqlx::Result<bool> {
    let text: String = text.trim().chars().take(MAX_COMMENT).collect();
    let done = sqlx::query(
        "UPDATE feedback SET comment = $3
         WHERE purchase_id = $1 AND customer_id = $2 AND comment IS NULL",
    )
    .bind(purchase)
    .bind(customer)
    .bind(text)
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

/// A comment as the owner reads it.
#[derive(Clone, Debug)]
pub struct Comment {
    pub rating: i16,
    pub text: String,
    pub name: Option<String>,
    pub at: DateTime<Utc>,
}

/// What `/feedback` shows the owner.
#[derive(Clone, Debug, Default)]
pub struct Summary {
    pub count: i64,
    /// Average rating in hundredths (431 = 4.31), when there is any rating.
    pub average_x100: Option<i64>,
    /// Ratings by stars: `by_stars[0]` is ★1.
    pub by_stars: [i64; 5],
    pub latest: Vec<Comment>,
}

pub async fn summary(pool: &PgPool, comments: i64) -> sqlx::Result<Summary> {
    let mut s = Summary::default();
    let rows = sqlx::query("SELECT rating, COUNT(*) AS n FROM feedback GROUP BY rating")
        .fetch_all(pool)
        .await?;
    let mut total = 0;
    for r in rows {
        let (rating, n): (i16, i64) = (r.get("rating"), r.get("n"));
        if let Some(slot) = usize::try_from(rating - 1)
            .ok()
            .and_then(|i| s.by_stars.get_mut(i))
        {
            *slot = n;
            s.count += n;
            total += i64::from(rating) * n;
        }
    }
    s.average_x100 = (s.count > 0).then(|| (total * 100 + s.count / 2) / s.count);
    s.latest = sqlx::query(
        "SELECT f.rating, f.comment, c.first_name, f.created_at FROM feedback f
         JOIN customers c ON c.id = f.customer_id
         WHERE f.comment IS NOT NULL ORDER BY f.created_at DESC, f.purchase_id DESC LIMIT $1",
    )
    .bind(comments)
    .fetch_all(pool)
    .await?
    .into_iter()
    .map(|r| Comment {
        rating: r.get("rating"),
        text: r.get("comment"),
        name: r.get("first_name"),
        at: r.get("created_at"),
    })
    .collect();
    Ok(s)
}
