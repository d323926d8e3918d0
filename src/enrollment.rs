//! Joining the programme: `/start` registers a customer, opens their points account, issues a
//! card and pays the welcome bonus, all in one transaction, at most once per Telegram user
//! (two `/start`s racing each other still make one customer and one bonus).

use rand::{Rng, distributions::Alphanumeric};
use sqlx::PgPool;

use crate::{
    domain::{Language, Points},
    identity::IdentityKey,
    ledger::{self, EntryKind, LedgerError, SystemAccount},
    storage::{
        cards::{self, Card},
        customers::{self, Customer, NewCustomer},
        settings,
    },
};

/// Who is starting the bot, from the Telegram update.
pub struct Joining<'a> {
    pub tg_user_id: i64,
    pub chat_id: i64,
    pub first_name: &'a str,
    pub language: Language,
    /// From an invite link `r_<code>`.
    pub referral_code: Option<&'a str>,
    /// [`crate::domain::identity_fingerprint`] of `tg_user_id` (keyed with the card secret):
    /// how people who erased their data before fingerprints moved to the database key are
    /// still recognized (while that card secret lasts).
    pub legacy_fingerprint: &'a [u8],
    /// The `/start` message's id: handling the same message again is the same registration.
    pub message_id: Option<i64>,
}

/// What an invite link did.
#[derive(Clone, Debug)]
pub enum Referral {
    None,
    /// The new customer is recorded as invited by this one.
    Recorded(Box<Customer>),
    /// The code matches nobody.
    Invalid,
    /// The customer opened their own link.
    Own,
    /// Existing customers cannot be re-attributed.
    AlreadyMember,
}

#[derive(Clone, Debug)]
pub struct Enrollment {
    pub customer: Customer,
    pub card: Card,
    pub is_new: bool,
    /// Points paid now as the welcome bonus (0 for a returning customer).
    pub welcome_bonus: i64,
    pub referral: Referral,
}

#[derive(Debug, thiserror::Error)]
pub enum EnrollError {
    #[error("database error while enrolling")]
    Db(#[from] sqlx::Error),
    #[error("ledger error while enrolling")]
    Ledger(#[from] LedgerError),
}

pub async fn enroll(pool: &PgPool, who: &Joining<'_>) -> Result<Enrollment, EnrollError> {
    let mut tx = pool.begin().await?;
    if let Some(customer) = customers::by_tg_user(&mut tx, who.tg_user_id).await? {
        customers::touch(&mut tx, customer.id, who.chat_id, who.first_name).await?;
        let card = match cards::active_for_customer(&mut tx, customer.id).await? {
            Some(card) => card,
            None => cards::issue(&mut tx, customer.id).await?,
        };
        // The very message that registered them, handled again: still their first /start.
        let again: Option<i64> = sqlx::query_scalar(
            "SELECT COALESCE(SUM(l.amount), 0)::BIGINT
             FROM customers c
             LEFT JOIN journal_entries e ON e.idempotency_key = 'welcome:' || c.id
             LEFT JOIN journal_lines l ON l.entry_id = e.id AND l.account_id = c.account_id
             WHERE c.id = $1 AND c.joined_message = $2
             GROUP BY c.id",
        )
        .bind(customer.id)
        .bind(who.message_id)
        .fetch_optional(&mut *tx)
        .await?;
        tx.commit().await?;
        if let Some(welcome_bonus) = again {
            let referral = match who.referral_code {
                None => Referral::None,
                Some(_) => match customer.referred_by {
                    Some(id) => customers::by_id(&mut *pool.acquire().await?, id)
                        .await?
                        .map_or(Referral::Invalid, |r| Referral::Recorded(Box::new(r))),
                    None => Referral::Invalid,
                },
            };
            return Ok(Enrollment {
                customer,
                card,
                is_new: true,
                welcome_bonus,
                referral,
            });
        }
        let referral = match who.referral_code {
            None => Referral::None,
            Some(code) if code == customer.referral_code => Referral::Own,
            Some(_) => Referral::AlreadyMember,
        };
        return Ok(Enrollment {
            customer,
            card,
            is_new: false,
            welcome_bonus: 0,
            referral,
        });
    }

    // If this person erased their data before, they get a new card but no second welcome or
    // invitation bonus (and no second coupon, promo bonus or birthday gift: crate::identity).
    let identity = IdentityKey::load(&mut tx)
        .await?
        .fingerprint(who.tg_user_id);
    let returning: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM erased_identities
                        WHERE fingerprint = $1 OR (legacy AND fingerprint = $2))",
    )
    .bind(&identity)
    .bind(who.legacy_fingerprint)
    .fetch_one(&mut *tx)
    .await?;
    let referrer = match who.referral_code {
        Some(code) if !returning => customers::by_referral_code(&mut tx, code).await?,
        _ => None,
    };
    let account_id = ledger::open_customer_account(&mut tx).await?;
    let referral_code: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(10)
        .map(char::from)
        .collect();
    let new = NewCustomer {
        tg_user_id: who.tg_user_id,
        chat_id: who.chat_id,
        first_name: who.first_name,
        language: who.language,
        account_id,
        referral_code: &referral_code,
        referred_by: referrer.as_ref().map(|r| r.id),
        identity: &identity,
    };
    let Some(customer) = customers::insert(&mut tx, &new).await? else {
        // A concurrent /start of the same user won the race: take the returning path.
        tx.rollback().await?;
        return Box::pin(enroll(
            pool,
            &Joining {
                referral_code: None,
                ..*who
            },
        ))
        .await;
    };
    let card = cards::issue(&mut tx, customer.id).await?;
    sqlx::query("UPDATE customers SET joined_message = $2 WHERE id = $1")
        .bind(customer.id)
        .bind(who.message_id)
        .execute(&mut *tx)
        .await?;

    let rules = settings::load(&mut tx).await?;
    let mut welcome_bonus = 0;
    let welcome = if returning { 0 } else { rules.welcome_bonus };
    if let Ok(points) = Points::new(welcome) {
        ledger::credit(
            &mut tx,
            SystemAccount::WelcomeBonus,
            customer.account_id,
            points,
            EntryKind::Welcome,
            format!("welcome:{}", customer.id),
            serde_json::json!({}),
        )
        .await?;
        welcome_bonus = points.get();
    }
    let event = crate::hooks_out::Event::CustomerCreated {
        customer: customer.id,
    };
    crate::hooks_out::record(&mut tx, event).await?;
    tx.commit().await?;

    let referral = match (who.referral_code, referrer) {
        (None, _) => Referral::None,
        (Some(_), None) if returning => Referral::AlreadyMember,
        (Some(_), Some(r)) => Referral::Recorded(Box::new(r)),
        (Some(_), None) => Referral::Invalid,
    };
    Ok(Enrollment {
        customer,
        card,
        is_new: true,
        welcome_bonus,
        referral,
    })
}
