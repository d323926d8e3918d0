//! Routes a decoded button press to the handler of the feature it belongs to. The match names
//! every variant (no catch-all): a new button does not compile until it is routed, and no
//! unknown button ever reaches the till.

use teloxide::prelude::*;

use super::CallbackData;
use crate::telegram::{AppRef, HandlerResult, customer, history, staff, till, till_redeem};

pub async fn on_callback(bot: Bot, q: CallbackQuery, app: AppRef) -> HandlerResult {
    use CallbackData as C;
    // Before anything: the button must be in the presser's own private chat.
    if !crate::telegram::private_only::presser_is_recipient(&bot, &q, &app).await {
        return Ok(());
    }
    match q.data.as_deref().and_then(CallbackData::decode) {
        Some(C::History { offset }) => history::on_history_page(bot, q, app, offset).await,
        Some(C::SetLanguage(lang)) => customer::on_language_chosen(bot, q, app, lang).await,
        Some(C::RedeemConfirm { redemption }) => {
            till_redeem::on_redeem_answer(bot, q, app, redemption, true).await
        }
        Some(C::RedeemDecline { redemption }) => {
            till_redeem::on_redeem_answer(bot, q, app, redemption, false).await
        }
        Some(C::RevokeCashier { cashier }) => staff::on_revoke(bot, q, app, cashier).await,
        Some(C::EraseMe { confirm }) => {
            crate::telegram::privacy::on_answer(bot, q, app, confirm).await
        }
        Some(C::RuleStop { rule }) => {
            crate::telegram::promo_rules::on_stop(bot, q, app, rule).await
        }
        Some(C::RuleDraft { rule, confirm }) => {
            crate::telegram::promo_rules::on_draft(bot, q, app, rule, confirm).await
        }
        Some(
            action @ (C::PromoAudience { .. }
            | C::PromoTier { .. }
            | C::PromoAsk { .. }
            | C::PromoSend { .. }
            | C::PromoDiscard { .. }
            | C::PromoPause { .. }
            | C::PromoResume { .. }
            | C::PromoCancel { .. }),
        ) => crate::telegram::promo::on_button(bot, q, app, action).await,
        Some(C::ImportConfirm { draft }) => {
            crate::telegram::analytics::on_import_button(bot, q, app, draft, true).await
        }
        Some(C::ImportCancel { draft }) => {
            crate::telegram::analytics::on_import_button(bot, q, app, draft, false).await
        }
        Some(C::StatsPeriod(period)) => {
            crate::telegram::analytics::on_period(bot, q, app, period).await
        }
        Some(
            action @ (C::BirthdaySave { .. }
            | C::BirthdayRetry
            | C::FeedbackRate { .. }
            | C::CouponStop { .. }
            | C::CouponApply { .. }),
        ) => crate::telegram::extras::on_button(bot, q, app, action).await,
        Some(
            action @ (C::SettingsEdit { .. }
            | C::SettingsLog
            | C::SettingsHome
            | C::SettingsPick { .. }
            | C::SettingsSave { .. }
            | C::SettingsCancel { .. }),
        ) => crate::telegram::settings::on_button(bot, q, app, action).await,
        Some(
            action @ (C::ApiKeyRevoke { .. } | C::WebhookRemove { .. } | C::WebhookEnable { .. }),
        ) => crate::telegram::integrations::on_button(bot, q, app, action).await,
        Some(
            action @ (C::ExportWhat { .. }
            | C::ExportPeriod(_)
            | C::CouponNew
            | C::RuleNew
            | C::DialogueSkip
            | C::CashierDefaultStore),
        ) => crate::telegram::dialogue::on_button(bot, q, app, action).await,
        Some(
            action @ (C::TillPurchase { .. }
            | C::TillRedeem { .. }
            | C::TillCancel { .. }
            | C::ConfirmDuplicate { .. }
            | C::Undo { .. }
            | C::RefundAsk { .. }
            | C::RefundConfirm { .. }
            | C::RefundCancel { .. }),
        ) => till::on_staff_button(bot, q, app, action).await,
        None => {
            // A stale button from an older version, or a forged payload: just stop the spinner.
            crate::telegram::send::answer_callback(&bot, &q.id, None).await;
            Ok(())
        }
    }
}
