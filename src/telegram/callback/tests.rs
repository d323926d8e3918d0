//! Every payload round-trips within Telegram's 64 bytes; malformed ones decode to nothing.

use super::*;

#[test]
fn round_trip_and_size() {
    for data in [
        CallbackData::History { offset: 0 },
        CallbackData::History { offset: u32::MAX },
        CallbackData::SetLanguage(Language::Uk),
        CallbackData::TillPurchase { customer: i64::MAX },
        CallbackData::ConfirmDuplicate {
            customer: i64::MAX,
            update: i64::MAX,
            cents: 1_000_000_000,
        },
        CallbackData::RedeemConfirm { redemption: 5 },
        CallbackData::RefundConfirm {
            receipt: i64::MAX,
            cents: i64::MAX,
        },
        CallbackData::RefundCancel { receipt: 7 },
        CallbackData::ImportConfirm { draft: i64::MAX },
        CallbackData::ImportCancel { draft: 1 },
        CallbackData::RevokeCashier { cashier: 3 },
        CallbackData::EraseMe { confirm: true },
        CallbackData::EraseMe { confirm: false },
        CallbackData::PromoAudience {
            broadcast: i64::MAX,
            audience: u8::MAX,
        },
        CallbackData::PromoTier {
            broadcast: i64::MAX,
            tier: i64::MAX,
        },
        CallbackData::PromoAsk {
            broadcast: i64::MAX,
            ask: Awaiting::Schedule,
        },
        CallbackData::PromoAsk {
            broadcast: 1,
            ask: Awaiting::Inactive,
        },
        CallbackData::PromoSend { broadcast: 1 },
        CallbackData::RuleStop { rule: i64::MAX },
        CallbackData::RuleDraft {
            rule: i64::MAX,
            confirm: true,
        },
        CallbackData::RuleDraft {
            rule: 1,
            confirm: false,
        },
        CallbackData::PromoDiscard { broadcast: 2 },
        CallbackData::PromoPause { broadcast: 3 },
        CallbackData::PromoResume { broadcast: 4 },
        CallbackData::PromoCancel {
            broadcast: i64::MAX,
        },
        CallbackData::StatsPeriod(Period::Days365),
        CallbackData::ExportWhat { ledger: true },
        CallbackData::ExportWhat { ledger: false },
        CallbackData::ExportPeriod(Period::Days30),
        CallbackData::CouponNew,
        CallbackData::RuleNew,
        CallbackData::DialogueSkip,
        CallbackData::CashierDefaultStore,
        CallbackData::StatsPeriod(Period::All),
        CallbackData::BirthdaySave { date: 19_900_615 },
        CallbackData::BirthdayRetry,
        CallbackData::FeedbackRate {
            purchase: i64::MAX,
            rating: 5,
        },
        CallbackData::CouponStop { coupon: 1 },
        CallbackData::CouponApply { claim: i64::MAX },
        CallbackData::SettingsEdit { key: 18 },
        CallbackData::SettingsLog,
        CallbackData::SettingsHome,
        CallbackData::SettingsPick {
            draft: i64::MAX,
            choice: 2,
        },
        CallbackData::SettingsSave { draft: i64::MAX },
        CallbackData::SettingsCancel { draft: 1 },
        CallbackData::ApiKeyRevoke { key: i64::MAX },
        CallbackData::WebhookRemove { endpoint: 1 },
        CallbackData::WebhookEnable { endpoint: i64::MAX },
    ] {
        let encoded = data.encode();
        assert!(encoded.len() <= 64, "{encoded}");
        assert_eq!(CallbackData::decode(&encoded), Some(data));
    }
    for bad in [
        "h:-1",
        "zz",
        "l:de",
        "u:x",
        "u:1:2",
        "dp:1:2",
        "dp:1:2:0",
        "rc:",
        "pa:1",
        "pa:1:999",
        "st:8d",
        "pt:1",
        "pq:1:never",
        "pq:1",
        "fr:1:0",
        "fr:1:6",
        "fr:1",
        "bx:1",
        "bs:-1",
        "Se:",
        "Se:256",
        "Sl:1",
        "Sk:1",
        "Sv:x",
    ] {
        assert_eq!(CallbackData::decode(bad), None, "{bad}");
    }
}
