//! The dialogues' inline buttons (owners only). Each one carries what it means, so a press
//! after a restart, or after the state has moved on, still does what its label says; pressing
//! one is answering the question, so it replaces or ends the chat's state like a typed answer.

use teloxide::prelude::*;

use super::{CouponForm, State, ask, finish, load, rule, set};
use crate::{
    t,
    telegram::{AppRef, HandlerResult, analytics, callback::CallbackData, send, staff, tg_id},
};

pub async fn on_button(
    bot: Bot,
    q: CallbackQuery,
    app: AppRef,
    data: CallbackData,
) -> HandlerResult {
    let Some(lang) = crate::telegram::owner_button(&bot, &q, &app).await else {
        return Ok(());
    };
    let chat = ChatId(tg_id(&q.from));
    send::answer_callback(&bot, &q.id, None).await;
    match data {
        CallbackData::ExportWhat { ledger: true } => {
            ask::export_period(&bot, &app, chat, lang).await
        }
        CallbackData::ExportWhat { ledger: false } => {
            finish(&app, chat, |s| matches!(s, State::ExportWhat)).await?;
            analytics::export(&bot, &app, chat, lang, analytics::Export::Customers).await
        }
        CallbackData::ExportPeriod(period) => {
            let export = |s: &State| matches!(s, State::ExportWhat | State::ExportPeriod);
            finish(&app, chat, export).await?;
            let what = analytics::Export::Ledger(period);
            analytics::export(&bot, &app, chat, lang, what).await
        }
        CallbackData::CouponNew => {
            let form = CouponForm::default();
            set(&app, chat, &State::Coupon(form.clone())).await?;
            send::html(&bot, chat, t!(lang, form.question()), None).await;
            Ok(())
        }
        CallbackData::RuleNew => rule::start(&app, &bot, chat, lang).await,
        CallbackData::DialogueSkip => match load(&app, chat).await? {
            Some(State::Rule(form)) if form.optional() => {
                rule::skip(&app, &bot, chat, lang, tg_id(&q.from), form).await
            }
            _ => {
                send::html(&bot, chat, t!(lang, "dialogue-button-stale"), None).await;
                Ok(())
            }
        },
        CallbackData::CashierDefaultStore => {
            finish(&app, chat, |s| matches!(s, State::CashierStore)).await?;
            let store = t!(lang, "store-default-name");
            staff::add_cashier(&bot, &app, &q.from, chat, lang, &store).await
        }
        _ => Ok(()),
    }
}
