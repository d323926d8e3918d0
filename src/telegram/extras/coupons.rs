//! Coupons in the chat: the owner's `/coupon` (create with a printable QR, list, stop), the
//! customer's claim from a flyer link, and the "Apply −10%" buttons on the card screen.

use chrono::{NaiveDate, Utc};
use sqlx::PgConnection;
use teloxide::{
    prelude::*,
    types::{
        InlineKeyboardButton, InlineKeyboardButtonKind, InlineKeyboardMarkup, InputFile, ParseMode,
        User,
    },
    utils::html::escape,
};

use super::super::{App, HandlerResult, callback::CallbackData, send, till};
use crate::{
    domain::Language,
    extras::coupons::{self, ClaimError, Claimed, Coupon, CouponSpec, CouponValue, SpecError},
    storage::customers::Customer,
    t,
};

fn value(lang: Language, v: CouponValue) -> String {
    match v {
        CouponValue::Bonus(points) => t!(lang, "coupon-value-bonus", points = points),
        CouponValue::Discount(p) => t!(lang, "coupon-value-discount", percent = p.to_string()),
    }
}

pub async fn on_command(
    bot: &Bot,
    app: &App,
    user: &User,
    chat: ChatId,
    args: &str,
) -> HandlerResult {
    let lang = till::staff_lang(app, user).await;
    let args = args.trim();
    if args.is_empty() || args.eq_ignore_ascii_case("list") {
        let (text, markup) = render_list(app, lang).await?;
        send::html(bot, chat, text, Some(markup.into())).await;
        return Ok(());
    }
    let Some(rest) = args
        .split_once(char::is_whitespace)
        .filter(|(verb, _)| verb.eq_ignore_ascii_case("add"))
        .map(|(_, rest)| rest)
    else {
        send::html(bot, chat, t!(lang, "coupon-usage"), None).await;
        return Ok(());
    };
    match CouponSpec::parse(rest, Utc::now().date_naive()) {
        Ok(spec) => create(bot, app, user, chat, lang, &spec).await,
        Err(e) => {
            send::html(bot, chat, spec_error(lang, e), None).await;
            Ok(())
        }
    }
}

/// Why a coupon's fields were refused, in one sentence.
pub fn spec_error(lang: Language, e: SpecError) -> String {
    let key = match e {
        SpecError::Usage => "coupon-usage",
        SpecError::Code => "coupon-error-code",
        SpecError::Value => "coupon-error-value",
        SpecError::Limit => "coupon-error-limit",
        SpecError::Date => "coupon-error-date",
        SpecError::Period => "coupon-error-period",
    };
    t!(lang, key)
}

/// Creates the coupon and sends its printable QR (or says the code is taken).
pub async fn create(
    bot: &Bot,
    app: &App,
    user: &User,
    chat: ChatId,
    lang: Language,
    spec: &CouponSpec,
) -> HandlerResult {
    let owner = super::super::tg_id(user);
    let Some(coupon) = coupons::create(&app.pool, spec, owner).await? else {
        let text = t!(lang, "coupon-error-exists", code = spec.code.clone());
        send::html(bot, chat, text, None).await;
        return Ok(());
    };
    let link = app.deep_link(&format!("k_{}", coupon.code));
    let qr_link = link.clone();
    let png = tokio::task::spawn_blocking(move || crate::qr::render_card(&qr_link, "")).await??;
    let caption = t!(
        lang,
        "coupon-created",
        code = coupon.code.clone(),
        value = value(lang, coupon.value),
        limit = coupon.limit,
        from = crate::i18n::date(lang, coupon.from),
        until = crate::i18n::date(lang, coupon.until),
        link = link
    );
    send::deliver("send_coupon_qr", Some(chat), || {
        bot.send_photo(chat, InputFile::memory(png.clone()).file_name("coupon.png"))
            .caption(caption.clone())
            .parse_mode(ParseMode::Html)
            .into_future()
    })
    .await;
    Ok(())
}

async fn render_list(app: &App, lang: Language) -> anyhow::Result<(String, InlineKeyboardMarkup)> {
    let list = coupons::list(&app.pool).await?;
    if list.is_empty() {
        let new = crate::telegram::dialogue::coupon_list_new(lang);
        return Ok((
            t!(lang, "coupon-list-empty"),
            InlineKeyboardMarkup::new([new]),
        ));
    }
    let today = Utc::now().date_naive();
    let mut text = t!(lang, "coupon-list-title");
    let mut rows = Vec::new();
    for c in &list {
        let status = status_key(c, today);
        text.push('\n');
        text.push_str(&t!(
            lang,
            "coupon-list-line",
            code = c.code.clone(),
            value = value(lang, c.value),
            uses = c.uses,
            limit = c.limit,
            until = crate::i18n::date(lang, c.until),
            status = t!(lang, status)
        ));
        if !c.stopped && today <= c.until && rows.len() < 10 {
            rows.push(vec![InlineKeyboardButton::callback(
                t!(lang, "coupon-button-stop", code = c.code.clone()),
                CallbackData::CouponStop { coupon: c.id }.encode(),
            )]);
        }
    }
    rows.push(crate::telegram::dialogue::coupon_list_new(lang));
    Ok((text, InlineKeyboardMarkup::new(rows)))
}

fn status_key(c: &Coupon, today: NaiveDate) -> &'static str {
    if c.stopped {
        "coupon-status-stopped"
    } else if today > c.until {
        "coupon-status-expired"
    } else if c.uses >= c.limit {
        "coupon-status-used-up"
    } else if today < c.from {
        "coupon-status-not-yet"
    } else {
        "coupon-status-active"
    }
}

pub async fn on_stop(bot: &Bot, q: &CallbackQuery, app: &App, coupon: i64) -> HandlerResult {
    let Some(lang) = crate::telegram::owner_button(bot, q, app).await else {
        return Ok(());
    };
    let stopped = coupons::stop(&app.pool, coupon).await?;
    let toast = stopped.then(|| t!(lang, "coupon-stopped"));
    send::answer_callback(bot, &q.id, toast).await;
    if let Some(m) = q.regular_message() {
        let (text, markup) = render_list(app, lang).await?;
        send::edit_html(bot, m.chat.id, m.id, text, Some(markup)).await;
    }
    Ok(())
}

/// `/start k_<code>`, after the customer is registered: claim and say what it gave.
pub async fn claim_from_link(
    bot: &Bot,
    app: &App,
    customer: &Customer,
    code: &str,
) -> HandlerResult {
    let lang = customer.language();
    let text = match coupons::claim(&app.pool, code, customer).await {
        Ok(Claimed::Bonus { code, points }) => {
            let mut conn = app.pool.acquire().await?;
            let balance = crate::ledger::balance(&mut conn, customer.account_id)
                .await?
                .available();
            t!(
                lang,
                "coupon-claimed-bonus",
                code = code,
                points = points,
                balance = balance
            )
        }
        Ok(Claimed::Discount { code, percent }) => {
            t!(
                lang,
                "coupon-claimed-discount",
                code = code,
                percent = percent.to_string()
            )
        }
        Err(ClaimError::TooManyAttempts) => t!(
            lang,
            "coupon-too-many-tries",
            max = coupons::MAX_FAILED_PER_HOUR
        ),
        // Unknown, not yet valid, expired, used up, already claimed: one answer for all.
        Err(e) if e.unusable() => t!(lang, "coupon-unusable"),
        Err(e) => {
            tracing::error!(error = ?e, "claiming a coupon failed");
            t!(lang, "error-generic")
        }
    };
    let chat = ChatId(customer.chat_id.or(customer.tg_user_id).unwrap_or_default());
    send::html(bot, chat, text, None).await;
    Ok(())
}

/// The card screen's extra rows: one "Apply −10%" button per claimed discount coupon. A
/// failure here only hides the buttons; the card screen itself must always open.
pub async fn with_coupon_buttons(
    conn: &mut PgConnection,
    markup: InlineKeyboardMarkup,
    customer: i64,
    lang: Language,
) -> InlineKeyboardMarkup {
    let open = match coupons::open_discounts(conn, customer, Utc::now().date_naive()).await {
        Ok(open) => open,
        Err(e) => {
            tracing::warn!(error = %e, "reading claimed coupons failed");
            return markup;
        }
    };
    open.into_iter().fold(markup, |m, o| {
        m.append_row(vec![InlineKeyboardButton::callback(
            t!(
                lang,
                "coupon-button-apply",
                percent = o.percent.to_string(),
                code = o.code
            ),
            CallbackData::CouponApply { claim: o.claim }.encode(),
        )])
    })
}

fn is_callback(button: &InlineKeyboardButton, data: &str) -> bool {
    matches!(&button.kind, InlineKeyboardButtonKind::CallbackData(d) if d == data)
}

/// "Apply −10%": marks that claim used, once; the cashier gives the discount.
pub async fn on_apply(bot: &Bot, q: &CallbackQuery, app: &App, claim: i64) -> HandlerResult {
    let lang = till::staff_lang(app, &q.from).await;
    let Some(staff) = till::staff_for(app, &q.from).await else {
        send::answer_callback(bot, &q.id, Some(t!(lang, "staff-only"))).await;
        return Ok(());
    };
    let today = Utc::now().date_naive();
    let Some(applied) = coupons::apply(&app.pool, claim, staff.tg_user_id, today).await? else {
        send::answer_callback(bot, &q.id, Some(t!(lang, "coupon-apply-gone"))).await;
        return Ok(());
    };
    send::answer_callback(bot, &q.id, None).await;
    let percent = applied.percent.to_string();
    if let Some(m) = q.regular_message() {
        // The used coupon's button leaves the card screen; the rest of it stays.
        let used = CallbackData::CouponApply { claim }.encode();
        if let Some(markup) = m.reply_markup() {
            let rows: Vec<Vec<InlineKeyboardButton>> = markup
                .inline_keyboard
                .iter()
                .map(|row| {
                    row.iter()
                        .filter(|b| !is_callback(b, &used))
                        .cloned()
                        .collect::<Vec<_>>()
                })
                .filter(|row| !row.is_empty())
                .collect();
            let (chat, id) = (m.chat.id, m.id);
            send::deliver("edit_card_screen_buttons", Some(chat), || {
                bot.edit_message_reply_markup(chat, id)
                    .reply_markup(InlineKeyboardMarkup::new(rows.clone()))
                    .into_future()
            })
            .await;
        }
        let text = t!(
            lang,
            "coupon-apply-done",
            percent = percent.clone(),
            code = applied.code.clone()
        );
        send::html(bot, m.chat.id, text, None).await;
    }
    let mut conn = app.pool.acquire().await?;
    if let Some(c) = crate::storage::customers::by_id(&mut conn, applied.customer).await?
        && let Some(chat) = c.chat_id
    {
        let text = t!(
            c.language(),
            "coupon-applied-customer",
            percent = percent,
            code = escape(&applied.code)
        );
        send::html(bot, ChatId(chat), text, None).await;
    }
    Ok(())
}
