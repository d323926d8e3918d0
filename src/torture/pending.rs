//! Operations whose answer never came (the reply was lost, the process died, the update was
//! given up): the driver cannot tell whether they took effect, so their customers are left
//! alone until a checkpoint, where, with the bot quiet, the database says what happened. The
//! model then applies what took effect, once, with its own arithmetic; what did not is
//! forgotten. A purchase is looked up by its idempotency key, so "posted at most once" is
//! checked by the purchase count per key (unique) and by every purchase being accounted for.

use rust_decimal::Decimal;
use sqlx::PgPool;

use super::{cluster::lock, model, world::World};

#[derive(Clone, Debug)]
pub enum Pending {
    Join {
        op: u64,
        slot: usize,
        inviter: Option<usize>,
        returning: bool,
    },
    Purchase {
        op: u64,
        customer: usize,
        key: String,
        amount: Decimal,
        cashier: i64,
    },
    Redeem {
        op: u64,
        customer: usize,
        key: String,
        cashier: i64,
    },
    Undo {
        op: u64,
        receipt: i64,
    },
    Refund {
        op: u64,
        receipt: i64,
    },
    Erase {
        op: u64,
        customer: usize,
    },
}

/// A customer as the database has them (after a join).
pub struct CustomerRow {
    pub id: i64,
    pub account: i64,
    pub number: String,
    pub card_id: i64,
    pub referral_code: String,
    pub referred_by: Option<i64>,
}

pub async fn customer_by_tg(pool: &PgPool, tg: i64) -> sqlx::Result<Option<CustomerRow>> {
    let row: Option<(i64, i64, String, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT c.id, c.account_id, k.number, k.id, c.referral_code, c.referred_by
         FROM customers c JOIN cards k ON k.customer_id = c.id AND k.active
         WHERE c.tg_user_id = $1",
    )
    .bind(tg)
    .fetch_optional(pool)
    .await?;
    Ok(row.map(
        |(id, account, number, card_id, referral_code, referred_by)| CustomerRow {
            id,
            account,
            number,
            card_id,
            referral_code,
            referred_by,
        },
    ))
}

/// Adds a joined customer to the model and the slot; checks who the database says invited
/// them. Returns the model index.
pub fn joined(
    world: &World,
    op: u64,
    slot: usize,
    row: &CustomerRow,
    inviter: Option<usize>,
    returning: bool,
) -> usize {
    let mut m = lock(&world.model);
    let expected = if returning {
        None
    } else {
        inviter.map(|i| m.customers[i].id)
    };
    if row.referred_by != expected {
        let what = format!(
            "customer {} is recorded as invited by {:?}, expected {expected:?}",
            row.id, row.referred_by
        );
        drop(m);
        world.violation(op, vec![slot], what);
        m = lock(&world.model);
    }
    let referred_by = row
        .referred_by
        .and_then(|id| m.customers.iter().position(|c| c.id == id));
    m.join(
        model::Customer {
            slot,
            id: row.id,
            account: row.account,
            number: row.number.clone(),
            card_id: row.card_id,
            referral_code: row.referral_code.clone(),
            referred_by,
            balance: 0,
            erased: false,
            referral_paid_by: None,
        },
        returning,
    )
}

/// Settles every pending operation from the database; returns those still undecided (a
/// redemption the customer may still answer).
pub async fn reconcile(world: &World) -> anyhow::Result<()> {
    let all: Vec<Pending> = std::mem::take(&mut *lock(&world.pending));
    let mut still = Vec::new();
    for p in all {
        if !settle(world, &p).await? {
            still.push(p);
        }
    }
    *lock(&world.pending) = still;
    Ok(())
}

async fn settle(world: &World, p: &Pending) -> anyhow::Result<bool> {
    let pool = &world.pool;
    match p {
        Pending::Join {
            op,
            slot,
            inviter,
            returning,
        } => {
            let tg = world.slots[*slot].lock().await.chat.id();
            if let Some(row) = customer_by_tg(pool, tg).await? {
                let c = joined(world, *op, *slot, &row, *inviter, *returning);
                let mut s = world.slots[*slot].lock().await;
                s.customer = Some(c);
                s.ever_joined = true;
            }
        }
        Pending::Purchase {
            customer,
            key,
            amount,
            cashier,
            ..
        } => {
            let row: Option<(i64, Option<i64>)> = sqlx::query_as(
                "SELECT p.id, r.points FROM purchases p
                 LEFT JOIN redemptions r ON r.id = p.redemption_id
                 WHERE p.idempotency_key = $1",
            )
            .bind(key)
            .fetch_optional(pool)
            .await?;
            if let Some((receipt, spent)) = row {
                let mut m = lock(&world.model);
                let open = m.take_open_redemption(*customer, *cashier);
                let spent = spent.unwrap_or(0);
                if spent != open {
                    // Put back what this purchase did not use.
                    if open > spent {
                        m.open_redemptions
                            .insert((*customer, *cashier), open - spent);
                    }
                }
                m.purchase(model::Purchase {
                    receipt,
                    customer: *customer,
                    amount: *amount,
                    points: 0,
                    spent,
                    referral: None,
                    reversed: false,
                    cashier: *cashier,
                    key: key.clone(),
                });
            }
        }
        Pending::Redeem {
            customer,
            key,
            cashier,
            ..
        } => {
            let row: Option<(String, i64)> =
                sqlx::query_as("SELECT status, points FROM holds WHERE idempotency_key = $1")
                    .bind(key)
                    .fetch_optional(pool)
                    .await?;
            match row {
                Some((status, points)) if status == "posted" => {
                    lock(&world.model).redeem(*customer, *cashier, points);
                }
                Some((status, _)) if status == "pending" => return Ok(false),
                _ => {}
            }
        }
        Pending::Undo { receipt, .. } => {
            let undone: Option<bool> =
                sqlx::query_scalar("SELECT undone_at IS NOT NULL FROM purchases WHERE id = $1")
                    .bind(receipt)
                    .fetch_optional(pool)
                    .await?;
            if undone == Some(true) {
                lock(&world.model).undo(*receipt);
            }
        }
        Pending::Refund { receipt, .. } => {
            let amount: Option<Decimal> =
                sqlx::query_scalar("SELECT amount FROM refunds WHERE purchase_id = $1")
                    .bind(receipt)
                    .fetch_optional(pool)
                    .await?;
            if let Some(amount) = amount {
                lock(&world.model).refund(*receipt, amount);
            }
        }
        Pending::Erase { customer, .. } => {
            let id = lock(&world.model).customers[*customer].id;
            let erased: Option<bool> =
                sqlx::query_scalar("SELECT tg_user_id IS NULL FROM customers WHERE id = $1")
                    .bind(id)
                    .fetch_optional(pool)
                    .await?;
            if erased == Some(true) {
                let slot = {
                    let mut m = lock(&world.model);
                    m.erase(*customer);
                    m.customers[*customer].slot
                };
                world.slots[slot].lock().await.customer = None;
            }
        }
    }
    Ok(true)
}
