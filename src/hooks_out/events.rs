//! The events other systems are told about, and [`record`], which the use cases call inside
//! their own transaction. Events name cards and customers by number and id only: no names, no
//! Telegram ids, no phone numbers (so `customer.erased` carries no personal data either; it
//! tells the receiver which card to forget).

use chrono::Utc;
use rand::{Rng, distributions::Alphanumeric};
use rust_decimal::Decimal;
use serde_json::{Value, json};
use sqlx::PgConnection;

/// Something that happened, with what the receiver needs to act on it.
#[derive(Clone, Debug)]
pub enum Event {
    PurchaseCreated {
        receipt: i64,
        customer: i64,
        amount: Decimal,
        points: i64,
        balance: i64,
        store: String,
        /// The POS's order id when the purchase came through the API.
        order_id: Option<String>,
    },
    PurchaseRefunded {
        receipt: i64,
        customer: i64,
        amount: Decimal,
        clawed_back: i64,
        written_off: i64,
        returned: i64,
        balance: i64,
    },
    PurchaseUndone {
        receipt: i64,
        customer: i64,
        points: i64,
        balance: i64,
    },
    /// The customer answered a redemption request: `confirmed` true or false.
    RedemptionAnswered {
        id: i64,
        customer: i64,
        points: i64,
        store: String,
        balance: i64,
        confirmed: bool,
    },
    CustomerCreated {
        customer: i64,
    },
    CustomerErased {
        customer: i64,
    },
}

impl Event {
    pub fn kind(&self) -> &'static str {
        match self {
            Self::PurchaseCreated { .. } => "purchase.created",
            Self::PurchaseRefunded { .. } => "purchase.refunded",
            Self::PurchaseUndone { .. } => "purchase.undone",
            Self::RedemptionAnswered {
                confirmed: true, ..
            } => "redemption.confirmed",
            Self::RedemptionAnswered { .. } => "redemption.declined",
            Self::CustomerCreated { .. } => "customer.created",
            Self::CustomerErased { .. } => "customer.erased",
        }
    }

    fn customer(&self) -> i64 {
        match self {
            Self::PurchaseCreated { customer, .. }
            | Self::PurchaseRefunded { customer, .. }
            | Self::PurchaseUndone { customer, .. }
            | Self::RedemptionAnswered { customer, .. }
            | Self::CustomerCreated { customer }
            | Self::CustomerErased { customer } => *customer,
        }
    }

    /// The `data` object; amounts are decimal strings.
    fn data(&self, card: Option<String>) -> Value {
        let mut data = match self {
            Self::PurchaseCreated {
                receipt,
                amount,
                points,
                balance,
                store,
                order_id,
                ..
            } => json!({ "receipt": receipt, "amount": format!("{amount:.2}"),
                         "points_earned": points, "balance": balance, "store": store,
                         "order_id": order_id }),
            Self::PurchaseRefunded {
                receipt,
                amount,
                clawed_back,
                written_off,
                returned,
                balance,
                ..
            } => json!({ "receipt": receipt, "amount": format!("{amount:.2}"),
                         "points_clawed_back": clawed_back, "points_written_off": written_off,
                         "points_returned": returned, "balance": balance }),
            Self::PurchaseUndone {
                receipt,
                points,
                balance,
                ..
            } => json!({ "receipt": receipt, "points": points, "balance": balance }),
            Self::RedemptionAnswered {
                id,
                points,
                store,
                balance,
                ..
            } => json!({ "id": id, "points": points, "store": store, "balance": balance }),
            Self::CustomerCreated { .. } | Self::CustomerErased { .. } => json!({}),
        };
        data["customer_id"] = json!(self.customer());
        data["card"] = json!(card);
        data
    }
}

/// Writes `event` to the outbox in the caller's transaction: one event row and one delivery
/// per live endpoint, or nothing at all when no endpoint is live (the common case costs one
/// indexed `EXISTS`).
pub async fn record(conn: &mut PgConnection, event: Event) -> sqlx::Result<()> {
    let live: bool = sqlx::query_scalar(
        "SELECT EXISTS (SELECT 1 FROM webhook_endpoints WHERE disabled_at IS NULL AND removed_at IS NULL)",
    )
    .fetch_one(&mut *conn)
    .await?;
    if !live {
        return Ok(());
    }
    // The newest card (an erased customer's is already retired, and still names them).
    let card: Option<String> = sqlx::query_scalar(
        "SELECT number FROM cards WHERE customer_id = $1 ORDER BY active DESC, id DESC LIMIT 1",
    )
    .bind(event.customer())
    .fetch_optional(&mut *conn)
    .await?;
    let body = json!({
        "type": event.kind(),
        "timestamp": Utc::now().to_rfc3339_opts(chrono::SecondsFormat::Millis, true),
        "data": event.data(card),
    });
    let msg_id: String = rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(24)
        .map(char::from)
        .collect();
    sqlx::query(
        "WITH ev AS (
             INSERT INTO webhook_events (msg_id, kind, payload) VALUES ($1, $2, $3) RETURNING id)
         INSERT INTO webhook_deliveries (event_id, endpoint_id)
         SELECT ev.id, e.id FROM ev, webhook_endpoints e
         WHERE e.disabled_at IS NULL AND e.removed_at IS NULL",
    )
    .bind(format!("msg_{msg_id}"))
    .bind(event.kind())
    .bind(body.to_string())
    .execute(conn)
    .await
    .map(drop)
}
