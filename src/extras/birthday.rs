//! The birthday gift: a customer gives their birthday once (staff change it afterwards), and on
//! the day the programme's `birthday_bonus` is credited, once a year. Dates are UTC days.
//!
//! The job ([`pay_due`]) looks at the last [`CATCH_UP_DAYS`] days, not only today, so after
//! downtime a missed birthday is paid late, once. Each gift is one ledger posting keyed
//! `birthday:<customer>:<year>` plus a `birthday_gifts` row in the same transaction; customer
//! rows are claimed with `SKIP LOCKED`, so two bot processes neither pay twice (the key) nor
//! both write the gift row (the lock and the primary key). The message to the customer is sent
//! from that row by [`claim_notifications`], once, by whichever process claims it.

use chrono::{DateTime, Datelike, NaiveDate, Utc};
use sqlx::{PgPool, Row};

use super::ExtrasError;
use crate::{
    domain::Points,
    ledger::{self, EntryKind, LedgerError, SystemAccount},
    storage::settings,
};

/// A birthday missed by downtime is still paid this many days later.
pub const CATCH_UP_DAYS: i32 = 7;
/// The year stored for a birthday given as `DD.MM` (a leap year, so 29.02 exists).
pub const NO_YEAR: i32 = 4;
/// The earliest year of birth we accept.
const MIN_YEAR: i32 = 1900;

#[derive(Clone, Copy, Debug, PartialEq, Eq, thiserror::Error)]
pub enum BirthdayError {
    #[error("not DD.MM.YYYY or DD.MM")]
    Format,
    #[error("no such day")]
    NoSuchDay,
    #[error("the date is in the future")]
    Future,
    #[error("the year is not plausible")]
    Year,
}

/// A birthday as the customer gave it: a real day, not in the future, the year optional.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Birthday(NaiveDate);

impl Birthday {
    /// Parses `DD.MM.YYYY` or `DD.MM` (also with `/` or `-`), as of `today`.
    pub fn parse(input: &str, today: NaiveDate) -> Result<Self, BirthdayError> {
        let parts: Vec<&str> = input.trim().split(['.', '/', '-']).collect();
        let num = |s: &str, max_len: usize| -> Result<u32, BirthdayError> {
            if s.is_empty() || s.len() > max_len || !s.chars().all(|c| c.is_ascii_digit()) {
                return Err(BirthdayError::Format);
            }
            s.parse().map_err(|_| BirthdayError::Format)
        };
        let (day, month, year) = match parts.as_slice() {
            [d, m] => (num(d, 2)?, num(m, 2)?, None),
            [d, m, y] if y.len() == 4 => (num(d, 2)?, num(m, 2)?, Some(num(y, 4)? as i32)),
            _ => return Err(BirthdayError::Format),
        };
        Self::from_parts(day, month, year, today)
    }

    fn from_parts(
        day: u32,
        month: u32,
        year: Option<i32>,
        today: NaiveDate,
    ) -> Result<Self, BirthdayError> {
        if let Some(y) = year
            && !(MIN_YEAR..=today.year()).contains(&y)
        {
            return Err(BirthdayError::Year);
        }
        let date = NaiveDate::from_ymd_opt(year.unwrap_or(NO_YEAR), month, day)
            .ok_or(BirthdayError::NoSuchDay)?;
        if year.is_some() && date > today {
            return Err(BirthdayError::Future);
        }
        Ok(Self(date))
    }

    /// As stored in `customers.birthday`.
    pub fn from_stored(date: NaiveDate) -> Self {
        Self(date)
    }

    pub fn date(self) -> NaiveDate {
        self.0
    }

    pub fn year(self) -> Option<i32> {
        (self.0.year() != NO_YEAR).then_some(self.0.year())
    }

    /// `YYYYMMDD`, for a confirmation button.
    pub fn code(self) -> u32 {
        self.0.year() as u32 * 10_000 + self.0.month() * 100 + self.0.day()
    }

    /// Back from [`Birthday::code`], validated again (a button can be forged).
    pub fn from_code(code: u32, today: NaiveDate) -> Option<Self> {
        let year = (code / 10_000) as i32;
        let year = (year != NO_YEAR).then_some(year);
        Self::from_parts(code % 100, code / 100 % 100, year, today).ok()
    }

    /// `15.06.1990`, or `15.06` without a year.
    pub fn display(self) -> String {
        match self.year() {
            Some(y) => format!("{:02}.{:02}.{y}", self.0.day(), self.0.month()),
            None => format!("{:02}.{:02}", self.0.day(), self.0.month()),
        }
    }

    /// The day the gift is due in `year`: 29.02 falls on 28.02 in other years.
    pub fn in_year(self, year: i32) -> NaiveDate {
        NaiveDate::from_ymd_opt(year, self.0.month(), self.0.day())
            .or_else(|| NaiveDate::from_ymd_opt(year, 2, 28))
            .unwrap_or(self.0)
    }
}

/// Saves a customer's birthday unless they already have one. Returns `false` if one was set.
pub async fn set(pool: &PgPool, customer: i64, birthday: Birthday) -> sqlx::Result<bool> {
    let done = sqlx::query(
        "UPDATE customers SET birthday = $2, birthday_set_at = now()
         WHERE id = $1 AND birthday IS NULL AND erased_at IS NULL",
    )
    .bind(customer)
    .bind(birthday.date())
    .execute(pool)
    .await?;
    Ok(done.rows_affected() == 1)
}

pub async fn of(pool: &PgPool, customer: i64) -> sqlx::Result<Option<Birthday>> {
    let date: Option<NaiveDate> =
        sqlx::query_scalar("SELECT birthday FROM customers WHERE id = $1")
            .bind(customer)
            .fetch_optional(pool)
            .await?
            .flatten();
    Ok(date.map(Birthday::from_stored))
}

/// Pays every birthday gift due at `now` that is not paid yet (the last [`CATCH_UP_DAYS`]
/// days included); returns how many were paid now. Nothing when the bonus is 0 (off). A
/// birthday given on or after its day does not pay that year.
pub async fn pay_due(pool: &PgPool, now: DateTime<Utc>) -> Result<usize, ExtrasError> {
    let mut tx = pool.begin().await?;
    let bonus = settings::load(&mut tx).await?.birthday_bonus;
    let Ok(points) = Points::new(bonus) else {
        return Ok(0);
    };
    // For each of the last days, the customers born on it (29.02 on 28.02 of a common year).
    let due = sqlx::query(
        "SELECT c.id, c.account_id, EXTRACT(YEAR FROM days.d)::INT AS year
         FROM generate_series(0, $2::INT) AS k
         CROSS JOIN LATERAL (SELECT $1::DATE - k AS d) AS days
         JOIN customers c
           ON c.birthday IS NOT NULL
          AND EXTRACT(MONTH FROM c.birthday) = EXTRACT(MONTH FROM days.d)
          AND (EXTRACT(DAY FROM c.birthday) = EXTRACT(DAY FROM days.d)
               OR (EXTRACT(MONTH FROM days.d) = 2 AND EXTRACT(DAY FROM days.d) = 28
                   AND EXTRACT(DAY FROM c.birthday) = 29
                   AND EXTRACT(MONTH FROM days.d + 1) = 3))
         WHERE c.erased_at IS NULL
           AND NOT EXISTS (SELECT 1 FROM identity_gifts i
                           WHERE i.fingerprint = c.identity
                             AND i.gift = 'birthday:' || EXTRACT(YEAR FROM days.d)::INT)
           AND (c.birthday_set_at IS NULL OR (c.birthday_set_at AT TIME ZONE 'UTC')::DATE < days.d)
           AND NOT EXISTS (SELECT 1 FROM birthday_gifts g
                           WHERE g.customer_id = c.id AND g.year = EXTRACT(YEAR FROM days.d))
         ORDER BY c.id
         LIMIT 200
         FOR UPDATE OF c SKIP LOCKED",
    )
    .bind(now.date_naive())
    .bind(CATCH_UP_DAYS)
    .fetch_all(&mut *tx)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    let from = ledger::system_account(&mut tx, SystemAccount::BirthdayBonus).await?;
    let mut paid = 0;
    for row in due {
        let (customer, year): (i64, i32) = (row.get("id"), row.get("year"));
        // Once a year per person, even one who erased their data and registered again.
        if !crate::identity::take_gift(&mut tx, customer, &format!("birthday:{year}")).await? {
            continue;
        }
        let to: ledger::AccountId = row.get("account_id");
        let key = format!("birthday:{customer}:{year}");
        let posted = match ledger::credit(
            &mut tx,
            from,
            to,
            points,
            EntryKind::Birthday,
            key,
            serde_json::json!({}),
        )
        .await
        {
            Ok(p) => p,
            // Paid before with another bonus amount (the owner changed it in between): paid.
            Err(LedgerError::IdempotencyConflict(_)) => continue,
            Err(e) => return Err(e.into()),
        };
        let inserted = sqlx::query(
            "INSERT INTO birthday_gifts (customer_id, year, points, entry_id)
             VALUES ($1, $2, $3, $4) ON CONFLICT DO NOTHING",
        )
        .bind(customer)
        .bind(year)
        .bind(points.get())
        .bind(posted.entry_id)
        .execute(&mut *tx)
        .await?;
        if !posted.replayed && inserted.rows_affected() == 1 {
            paid += 1;
        }
    }
    tx.commit().await?;
    Ok(paid)
}

/// Gifts paid but not yet announced, claimed for this process: `(customer, points)`. Marked
/// before sending, so a message is sent at most once even with several processes.
pub async fn claim_notifications(pool: &PgPool) -> sqlx::Result<Vec<(i64, i64)>> {
    sqlx::query_as(
        "UPDATE birthday_gifts g SET notified_at = now()
         FROM (SELECT customer_id, year FROM birthday_gifts WHERE notified_at IS NULL
               ORDER BY created_at LIMIT 100 FOR UPDATE SKIP LOCKED) due
         WHERE g.customer_id = due.customer_id AND g.year = due.year
         RETURNING g.customer_id, g.points",
    )
    .fetch_all(pool)
    .await
}

#[cfg(test)]
mod tests {
    use super::*;

    fn day(y: i32, m: u32, d: u32) -> NaiveDate {
        NaiveDate::from_ymd_opt(y, m, d).expect("date")
    }

    #[test]
    fn parses_and_validates() {
        let today = day(2026, 11, 23);
        let b = Birthday::parse("15.06.1990", today).expect("full date");
        assert_eq!((b.date(), b.year()), (day(1990, 6, 15), Some(1990)));
        assert_eq!(b.display(), "15.06.1990");
        let b = Birthday::parse(" 29/02 ", today).expect("no year");
        assert_eq!((b.year(), b.display()), (None, "29.02".to_owned()));
        assert_eq!(Birthday::from_code(b.code(), today), Some(b));
        for (input, err) in [
            ("31.02.1990", BirthdayError::NoSuchDay),
            ("29.02.2001", BirthdayError::NoSuchDay),
            ("32.01", BirthdayError::NoSuchDay),
            ("24.11.2026", BirthdayError::Future),
            ("01.01.1899", BirthdayError::Year),
            ("01.01.2999", BirthdayError::Year),
            ("1.1.90", BirthdayError::Format),
            ("tomorrow", BirthdayError::Format),
            ("", BirthdayError::Format),
            ("+1.01", BirthdayError::Format),
        ] {
            assert_eq!(Birthday::parse(input, today), Err(err), "{input}");
        }
        assert_eq!(Birthday::from_code(20261124, today), None);
    }

    #[test]
    fn leap_day_moves_to_the_28th() {
        let b = Birthday::parse("29.02.2000", day(2026, 1, 1)).expect("date");
        assert_eq!(b.in_year(2027), day(2027, 2, 28));
        assert_eq!(b.in_year(2028), day(2028, 2, 29));
    }
}
