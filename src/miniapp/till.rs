//! The till's side: open a card from a scanned QR code or a typed number, post a purchase,
//! undo it. Each calls the same use cases as the chat's till ([`crate::till`]), so the rules,
//! the anti-fraud checks and the ledger are the same, and tells the customer in Telegram
//! through the same functions the chat uses.
//!
//! A purchase carries a `request_id` the page makes once per Post: it is the purchase's ledger
//! key (per staff member), so a retry after a lost answer posts nothing twice and returns the
//! first receipt.

use axum::{Json, body::Bytes, extract::State, http::StatusCode};
use chrono::Utc;
use serde::{Deserialize, Serialize};

use super::{
    MiniState,
    auth::StaffCaller,
    error::{ApiResult, MiniAppError},
    view::{self, CardView, Reader},
};
use crate::{
    domain::{Language, Money, Points},
    storage::{cards::Card, customers},
    t,
    telegram::{App, earn_view, till_money, till_redeem, till_reversal},
    till::{
        guards,
        lookup::{self, Lookup},
        purchase,
        redeem::{self, RedeemRequest},
    },
};

#[derive(Deserialize)]
pub struct OpenIn {
    /// The scanned QR text (the card's deep link) or a typed card number.
    qr: String,
}

#[derive(Serialize)]
pub struct TillCard {
    /// The card number to post on (digits only).
    pub card: String,
    #[serde(flatten)]
    pub view: CardView,
}

async fn find_card(state: &MiniState, lang: Language, input: &str) -> ApiResult<Card> {
    let app = &state.app;
    match lookup::card(&mut *app.pool.acquire().await?, &app.card_secret, input).await? {
        Lookup::Found(card) => Ok(card),
        Lookup::Unknown => Err(MiniAppError::not_found(
            "card_not_found",
            t!(lang, "till-card-unknown"),
        )),
        Lookup::NotACard => Err(MiniAppError::bad_request(
            "not_a_card",
            t!(lang, "till-card-number-invalid"),
        )),
    }
}

/// The card screen for `card`, unless it is the staff member's own card.
async fn screen(state: &MiniState, caller: &StaffCaller, card: &Card) -> ApiResult<TillCard> {
    let app = &state.app;
    let lang = caller.lang;
    let mut conn = app.pool.acquire().await?;
    let customer = customers::by_id(&mut conn, card.customer_id)
        .await?
        .ok_or_else(|| MiniAppError::not_found("card_not_found", t!(lang, "till-card-unknown")))?;
    if guards::not_own_card(&caller.staff, &customer).is_err() {
        return Err(MiniAppError::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "own_card",
            t!(lang, "till-own-card"),
        ));
    }
    let view = view::card_view(&mut conn, app, &customer, card, lang, Reader::Till).await?;
    Ok(TillCard {
        card: card.number.digits(),
        view,
    })
}

/// `POST /app/api/till/open` `{ "qr": "<scanned text or card number>" }`.
pub async fn open(
    State(state): State<MiniState>,
    caller: StaffCaller,
    body: Bytes,
) -> ApiResult<Json<TillCard>> {
    let input: OpenIn = parse(&body, caller.lang)?;
    let card = find_card(&state, caller.lang, &input.qr).await?;
    Ok(Json(screen(&state, &caller, &card).await?))
}

/// `POST /app/api/till/scan` with a photo as the body: the QR code in it opens the card (for
/// clients without Telegram's scanner).
pub async fn scan_photo(
    State(state): State<MiniState>,
    caller: StaffCaller,
    body: Bytes,
) -> ApiResult<Json<TillCard>> {
    let lang = caller.lang;
    let bytes = body.to_vec();
    let text = tokio::task::spawn_blocking(move || crate::qr::decode(&bytes))
        .await
        .map_err(MiniAppError::internal)?
        .ok_or_else(|| MiniAppError::bad_request("no_qr", t!(lang, "till-photo-no-qr")))?;
    let card = find_card(&state, lang, &text).await?;
    Ok(Json(screen(&state, &caller, &card).await?))
}

#[derive(Deserialize)]
pub struct PurchaseIn {
    card: String,
    /// As typed: `1250,50`, `1 250.50`.
    amount: String,
    /// Made by the page once per Post (a UUID): the same id twice posts once.
    request_id: String,
    /// The cashier confirmed a second purchase on this card within a minute.
    #[serde(default)]
    confirm_duplicate: bool,
}

#[derive(Serialize)]
pub struct ReceiptOut {
    pub receipt: i64,
    pub amount: String,
    pub points: i64,
    pub balance: i64,
    /// The receipt as sentences in the cashier's language.
    pub text: Vec<String>,
    /// True when this `request_id` had been posted before: nothing new was posted.
    pub replayed: bool,
}

fn valid_request_id(id: &str) -> bool {
    (8..=64).contains(&id.len())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
}

/// `POST /app/api/till/purchase`.
pub async fn purchase(
    State(state): State<MiniState>,
    caller: StaffCaller,
    body: Bytes,
) -> ApiResult<Json<ReceiptOut>> {
    let (app, lang) = (&state.app, caller.lang);
    let input: PurchaseIn = parse(&body, lang)?;
    if !valid_request_id(&input.request_id) {
        return Err(MiniAppError::bad_request(
            "invalid_request_id",
            "request_id: 8 to 64 letters, digits, - or _ (a UUID)".into(),
        ));
    }
    let mut amount = Money::parse(&input.amount).map_err(|e| {
        MiniAppError::bad_request("invalid_amount", till_money::money_error(lang, &e))
    })?;
    let card = find_card(&state, lang, &input.card).await?;
    let staff = &caller.staff;
    let key = format!("miniapp:{}:{}", staff.tg_user_id, input.request_id);
    let now = Utc::now();
    match purchase::by_key(&app.pool, &key).await? {
        // A retry: the receipt as first posted, whatever this request says.
        Some((_, first)) => amount = Money::new(first).map_err(MiniAppError::internal)?,
        None if !input.confirm_duplicate
            && purchase::is_recent_duplicate(
                &app.pool,
                staff.tg_user_id,
                card.customer_id,
                now,
            )
            .await? =>
        {
            let text = t!(
                lang,
                "miniapp-duplicate-ask",
                amount = app.money(lang, amount.value())
            );
            return Err(MiniAppError::new(StatusCode::CONFLICT, "duplicate", text));
        }
        None => {}
    }
    let req = purchase::PurchaseRequest {
        key,
        staff,
        customer_id: card.customer_id,
        amount,
        now,
    };
    let receipt = purchase::post(&app.pool, &req)
        .await
        .map_err(|e| MiniAppError::till(app, lang, &e))?;
    let out = receipt_out(app, lang, &receipt);
    if !receipt.replayed {
        // The customer's receipt goes out without holding up the till's answer.
        let (bot, app, staff) = (state.bot.clone(), state.app.clone(), staff.clone());
        tokio::spawn(async move {
            if let Err(e) = till_money::announce_receipt(&bot, &app, &staff, &receipt).await {
                tracing::warn!(error = %e, "telling the customer about a Mini App purchase failed");
            }
        });
    }
    Ok(Json(out))
}

fn receipt_out(app: &App, lang: Language, receipt: &purchase::Receipt) -> ReceiptOut {
    let amount = app.money(lang, receipt.amount.value());
    let mut text = vec![t!(
        lang,
        "miniapp-receipt",
        receipt = receipt.id,
        amount = amount.clone(),
        name = receipt.customer.display_name().to_owned()
    )];
    if receipt.has_points {
        text.push(t!(
            lang,
            "miniapp-receipt-points",
            points = receipt.points,
            balance = receipt.balance
        ));
    }
    let extras = earn_view::receipt_lines(lang, &receipt.extras);
    text.extend(extras.lines().filter(|l| !l.is_empty()).map(plain));
    ReceiptOut {
        receipt: receipt.id,
        amount,
        points: receipt.points,
        balance: receipt.balance,
        text,
        replayed: receipt.replayed,
    }
}

#[derive(Deserialize)]
pub struct RedeemIn {
    card: String,
    points: String,
    /// The purchase the points pay for, if known (checked against the share points may pay).
    #[serde(default)]
    amount: Option<String>,
    /// Made by the page once per request: the same id twice asks the customer once.
    request_id: String,
}

#[derive(Serialize)]
pub struct RedeemOut {
    pub redemption: i64,
    pub points: i64,
    pub text: String,
}

/// `POST /app/api/till/redeem`: asks the customer to spend points, as the chat's Redeem does.
/// The points are held and the customer confirms in their own chat (the answer reaches the
/// cashier's chat); the next purchase posted on the card uses them.
pub async fn redeem(
    State(state): State<MiniState>,
    caller: StaffCaller,
    body: Bytes,
) -> ApiResult<Json<RedeemOut>> {
    let (app, lang) = (&state.app, caller.lang);
    let input: RedeemIn = parse(&body, lang)?;
    if !valid_request_id(&input.request_id) {
        return Err(MiniAppError::bad_request(
            "invalid_request_id",
            "request_id: 8 to 64 letters, digits, - or _ (a UUID)".into(),
        ));
    }
    let points = Points::parse(&input.points)
        .map_err(|_| MiniAppError::bad_request("invalid_points", t!(lang, "redeem-usage")))?;
    let purchase_amount = match input.amount.as_deref().map(str::trim) {
        None | Some("") => None,
        Some(a) => Some(Money::parse(a).map_err(|e| {
            MiniAppError::bad_request("invalid_amount", till_money::money_error(lang, &e))
        })?),
    };
    let card = find_card(&state, lang, &input.card).await?;
    let staff = &caller.staff;
    let req = RedeemRequest {
        key: format!("miniapp-redeem:{}:{}", staff.tg_user_id, input.request_id),
        staff,
        // The answer goes to the cashier's own chat with the bot, as from the chat's till.
        staff_chat_id: staff.tg_user_id,
        staff_language: lang,
        customer_id: card.customer_id,
        points,
        purchase_amount,
        now: Utc::now(),
        api_key: None,
    };
    let r = redeem::request(&app.pool, &req)
        .await
        .map_err(|e| MiniAppError::till(app, lang, &e))?;
    let customer = customers::by_id(&mut *app.pool.acquire().await?, card.customer_id)
        .await?
        .ok_or_else(|| MiniAppError::not_found("card_not_found", t!(lang, "till-card-unknown")))?;
    let text = t!(
        lang,
        "miniapp-redeem-asked",
        points = r.points,
        name = customer.display_name().to_owned()
    );
    // A retry of the same request asked already.
    if r.customer_message_id.is_none() {
        till_redeem::ask_customer(&state.bot, app, &r, &customer).await?;
    }
    Ok(Json(RedeemOut {
        redemption: r.id,
        points: r.points,
        text,
    }))
}

#[derive(Deserialize)]
pub struct UndoIn {
    receipt: i64,
}

#[derive(Serialize)]
pub struct UndoOut {
    pub receipt: i64,
    /// Points taken back from the customer.
    pub points: i64,
    pub written_off: i64,
    pub balance: i64,
    pub text: Vec<String>,
}

/// `POST /app/api/till/undo` `{ "receipt": N }`: within the undo window, by whoever posted it
/// (or an owner), as the chat's Undo button.
pub async fn undo(
    State(state): State<MiniState>,
    caller: StaffCaller,
    body: Bytes,
) -> ApiResult<Json<UndoOut>> {
    let (app, lang) = (&state.app, caller.lang);
    let input: UndoIn = parse(&body, lang)?;
    let undone = purchase::undo(&app.pool, input.receipt, &caller.staff, Utc::now())
        .await
        .map_err(|e| MiniAppError::till(app, lang, &e))?;
    let mut text = vec![plain(&t!(
        lang,
        "till-undone",
        receipt = undone.receipt,
        points = undone.points
    ))];
    if undone.written_off > 0 {
        text.push(plain(&t!(
            lang,
            "till-written-off",
            points = undone.written_off
        )));
    }
    let out = UndoOut {
        receipt: undone.receipt,
        points: undone.points,
        written_off: undone.written_off,
        balance: undone.balance,
        text,
    };
    let (bot, app) = (state.bot.clone(), state.app.clone());
    tokio::spawn(async move {
        if let Err(e) = till_reversal::announce_undo(&bot, &app, &undone).await {
            tracing::warn!(error = %e, "telling the customer about a Mini App undo failed");
        }
    });
    Ok(Json(out))
}

/// A JSON body as `T`, or a 400 the page can show.
fn parse<T: serde::de::DeserializeOwned>(body: &[u8], lang: Language) -> ApiResult<T> {
    serde_json::from_slice(body).map_err(|e| {
        tracing::debug!(error = %e, "bad Mini App request body");
        MiniAppError::bad_request("invalid_request", t!(lang, "error-generic"))
    })
}

/// Chat HTML (Telegram's subset) as plain text for the page: tags dropped, entities decoded.
fn plain(html: &str) -> String {
    let mut out = String::with_capacity(html.len());
    let mut in_tag = false;
    for c in html.chars() {
        match c {
            '<' => in_tag = true,
            '>' if in_tag => in_tag = false,
            c if !in_tag => out.push(c),
            _ => {}
        }
    }
    out.replace("&lt;", "<")
        .replace("&gt;", ">")
        .replace("&quot;", "\"")
        .replace("&#x27;", "'")
        .replace("&amp;", "&")
}
