//! Typed inline-button payloads. Telegram gives us at most 64 bytes of `callback_data`; we
//! encode a short tag and fields separated by `:`, and decode back into [`CallbackData`], so no
//! handler ever matches raw strings. Every payload names the object it acts on (customer,
//! receipt, request), so a stale button can never act on something else.

use crate::{analytics::Period, broadcast::Awaiting, domain::Language};

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum CallbackData {
    /// Show the customer's history starting `offset` operations back.
    History {
        offset: u32,
    },
    SetLanguage(Language),
    /// Card screen buttons, bound to the customer whose card is open.
    TillPurchase {
        customer: i64,
    },
    TillRedeem {
        customer: i64,
    },
    TillCancel {
        customer: i64,
    },
    /// "Post anyway" for a purchase that looks like a double scan: the original update and
    /// amount (in cents) travel in the button, so the posting keeps its idempotency key.
    ConfirmDuplicate {
        customer: i64,
        update: i64,
        cents: i64,
    },
    RedeemConfirm {
        redemption: i64,
    },
    RedeemDecline {
        redemption: i64,
    },
    Undo {
        receipt: i64,
    },
    RefundAsk {
        receipt: i64,
    },
    /// The refund screen's Confirm: the amount in cents travels in the button (0: in full), so
    /// what is refunded is exactly what the screen showed.
    RefundConfirm {
        receipt: i64,
        cents: i64,
    },
    RefundCancel {
        receipt: i64,
    },
    RevokeCashier {
        cashier: i64,
    },
    /// `/delete_me`: erase (true) or keep (false).
    EraseMe {
        confirm: bool,
    },
    /// `/promo` draft: choose the audience (see `promo_view::audience_code`), send, or discard.
    PromoAudience {
        broadcast: i64,
        audience: u8,
    },
    /// `/promo` draft: the customers of one tier.
    PromoTier {
        broadcast: i64,
        tier: i64,
    },
    /// `/promo` draft: ask the owner to type an audience parameter, a button or a time.
    PromoAsk {
        broadcast: i64,
        ask: Awaiting,
    },
    PromoSend {
        broadcast: i64,
    },
    PromoDiscard {
        broadcast: i64,
    },
    /// A broadcast being sent: its progress message's buttons.
    PromoPause {
        broadcast: i64,
    },
    PromoResume {
        broadcast: i64,
    },
    PromoCancel {
        broadcast: i64,
    },
    /// `/rules`: stop a promo rule.
    RuleStop {
        rule: i64,
    },
    /// `/rules add` preview: make the draft rule live (`confirm`), or drop it.
    RuleDraft {
        rule: i64,
        confirm: bool,
    },
    /// `/stats`: show another period.
    StatsPeriod(Period),
    /// `/birthday` confirmation: save this date (`YYYYMMDD`), or type it again.
    BirthdaySave {
        date: u32,
    },
    BirthdayRetry,
    /// A star under the customer's receipt.
    FeedbackRate {
        purchase: i64,
        rating: u8,
    },
    /// `/coupon` list: stop a coupon; card screen: apply a claimed discount coupon.
    CouponStop {
        coupon: i64,
    },
    CouponApply {
        claim: i64,
    },
    /// `/settings`: edit one setting (its `SettingKey::index`), the change log, the overview.
    SettingsEdit {
        key: u8,
    },
    SettingsLog,
    SettingsHome,
    /// A dialogue's buttons, bound to the draft (its current step): a choice, Save, Cancel.
    SettingsPick {
        draft: i64,
        choice: u8,
    },
    SettingsSave {
        draft: i64,
    },
    SettingsCancel {
        draft: i64,
    },
    /// `/import` preview: post it (once) or drop it.
    ImportConfirm {
        draft: i64,
    },
    ImportCancel {
        draft: i64,
    },
    /// `/apikey`: revoke a POS API key.
    ApiKeyRevoke {
        key: i64,
    },
    /// `/webhook`: remove an endpoint, or enable one the sender disabled.
    WebhookRemove {
        endpoint: i64,
    },
    WebhookEnable {
        endpoint: i64,
    },
    /// Bare `/export`: customers, or the ledger (then its period).
    ExportWhat {
        ledger: bool,
    },
    ExportPeriod(Period),
    /// "New…" under the `/coupon` and `/rules` lists: the guided dialogue.
    CouponNew,
    RuleNew,
    /// Skip an optional question of a guided dialogue.
    DialogueSkip,
    /// Bare `/addcashier`: the default store's name.
    CashierDefaultStore,
}

impl CallbackData {
    pub fn encode(&self) -> String {
        match self {
            Self::History { offset } => format!("h:{offset}"),
            Self::SetLanguage(lang) => format!("l:{}", lang.code()),
            Self::TillPurchase { customer } => format!("tp:{customer}"),
            Self::TillRedeem { customer } => format!("tr:{customer}"),
            Self::TillCancel { customer } => format!("tc:{customer}"),
            Self::ConfirmDuplicate {
                customer,
                update,
                cents,
            } => format!("dp:{customer}:{update}:{cents}"),
            Self::RedeemConfirm { redemption } => format!("rc:{redemption}"),
            Self::RedeemDecline { redemption } => format!("rx:{redemption}"),
            Self::Undo { receipt } => format!("u:{receipt}"),
            Self::RefundAsk { receipt } => format!("ra:{receipt}"),
            Self::RefundConfirm { receipt, cents } => format!("rf:{receipt}:{cents}"),
            Self::RefundCancel { receipt } => format!("rz:{receipt}"),
            Self::RevokeCashier { cashier } => format!("sr:{cashier}"),
            Self::EraseMe { confirm } => format!("dm:{}", if *confirm { "y" } else { "n" }),
            Self::PromoAudience {
                broadcast,
                audience,
            } => format!("pa:{broadcast}:{audience}"),
            Self::PromoTier { broadcast, tier } => format!("pt:{broadcast}:{tier}"),
            Self::PromoAsk { broadcast, ask } => format!("pq:{broadcast}:{}", ask.as_str()),
            Self::PromoSend { broadcast } => format!("ps:{broadcast}"),
            Self::PromoDiscard { broadcast } => format!("pd:{broadcast}"),
            Self::PromoPause { broadcast } => format!("pp:{broadcast}"),
            Self::PromoResume { broadcast } => format!("pr:{broadcast}"),
            Self::PromoCancel { broadcast } => format!("pc:{broadcast}"),
            Self::RuleStop { rule } => format!("rs:{rule}"),
            Self::RuleDraft { rule, confirm } => {
                format!("{}:{rule}", if *confirm { "rk" } else { "rn" })
            }
            Self::StatsPeriod(period) => format!("st:{}", period.code()),
            Self::BirthdaySave { date } => format!("bs:{date}"),
            Self::BirthdayRetry => "bx".to_owned(),
            Self::FeedbackRate { purchase, rating } => format!("fr:{purchase}:{rating}"),
            Self::CouponStop { coupon } => format!("ks:{coupon}"),
            Self::CouponApply { claim } => format!("ka:{claim}"),
            Self::SettingsEdit { key } => format!("Se:{key}"),
            Self::SettingsLog => "Sl".to_owned(),
            Self::SettingsHome => "Sh".to_owned(),
            Self::SettingsPick { draft, choice } => format!("Sk:{draft}:{choice}"),
            Self::SettingsSave { draft } => format!("Sv:{draft}"),
            Self::SettingsCancel { draft } => format!("Sx:{draft}"),
            Self::ImportConfirm { draft } => format!("ic:{draft}"),
            Self::ImportCancel { draft } => format!("ix:{draft}"),
            Self::ApiKeyRevoke { key } => format!("Ak:{key}"),
            Self::WebhookRemove { endpoint } => format!("Wr:{endpoint}"),
            Self::WebhookEnable { endpoint } => format!("We:{endpoint}"),
            Self::ExportWhat { ledger } => format!("De:{}", if *ledger { "l" } else { "c" }),
            Self::ExportPeriod(period) => format!("Dp:{}", period.code()),
            Self::CouponNew => "Dk".to_owned(),
            Self::RuleNew => "Dr".to_owned(),
            Self::DialogueSkip => "Ds".to_owned(),
            Self::CashierDefaultStore => "Dc".to_owned(),
        }
    }

    pub fn decode(data: &str) -> Option<Self> {
        let mut parts = data.split(':');
        let tag = parts.next()?;
        let fields: Vec<&str> = parts.collect();
        let num = |i: usize| fields.get(i).and_then(|f| f.parse::<i64>().ok());
        let one = |f: fn(i64) -> Self| (fields.len() == 1).then(|| num(0).map(f)).flatten();
        match tag {
            "h" => (fields.len() == 1)
                .then(|| {
                    fields[0]
                        .parse()
                        .ok()
                        .map(|offset| Self::History { offset })
                })
                .flatten(),
            "l" => fields
                .first()
                .and_then(|c| Language::from_code(c))
                .map(Self::SetLanguage),
            "tp" => one(|customer| Self::TillPurchase { customer }),
            "tr" => one(|customer| Self::TillRedeem { customer }),
            "tc" => one(|customer| Self::TillCancel { customer }),
            "dp" if fields.len() == 3 => Some(Self::ConfirmDuplicate {
                customer: num(0)?,
                update: num(1)?,
                cents: num(2).filter(|c| *c > 0)?,
            }),
            "rc" => one(|redemption| Self::RedeemConfirm { redemption }),
            "rx" => one(|redemption| Self::RedeemDecline { redemption }),
            "u" => one(|receipt| Self::Undo { receipt }),
            "ra" => one(|receipt| Self::RefundAsk { receipt }),
            // `ry:<receipt>` (a full refund without a screen) is gone: such buttons do nothing.
            "rf" if fields.len() == 2 => Some(Self::RefundConfirm {
                receipt: num(0)?,
                cents: num(1).filter(|c| *c >= 0)?,
            }),
            "rz" => one(|receipt| Self::RefundCancel { receipt }),
            "sr" => one(|cashier| Self::RevokeCashier { cashier }),
            "pa" if fields.len() == 2 => Some(Self::PromoAudience {
                broadcast: num(0)?,
                audience: fields[1].parse().ok()?,
            }),
            "pt" if fields.len() == 2 => Some(Self::PromoTier {
                broadcast: num(0)?,
                tier: num(1)?,
            }),
            "pq" if fields.len() == 2 => Some(Self::PromoAsk {
                broadcast: num(0)?,
                ask: Awaiting::parse(fields[1])?,
            }),
            "ps" => one(|broadcast| Self::PromoSend { broadcast }),
            "pd" => one(|broadcast| Self::PromoDiscard { broadcast }),
            "pp" => one(|broadcast| Self::PromoPause { broadcast }),
            "pr" => one(|broadcast| Self::PromoResume { broadcast }),
            "pc" => one(|broadcast| Self::PromoCancel { broadcast }),
            "rs" => one(|rule| Self::RuleStop { rule }),
            "rk" => one(|rule| Self::RuleDraft {
                rule,
                confirm: true,
            }),
            "rn" => one(|rule| Self::RuleDraft {
                rule,
                confirm: false,
            }),
            "st" if fields.len() == 1 => Period::parse(fields[0]).map(Self::StatsPeriod),
            "bs" if fields.len() == 1 => Some(Self::BirthdaySave {
                date: fields[0].parse().ok()?,
            }),
            "bx" if fields.is_empty() => Some(Self::BirthdayRetry),
            "fr" if fields.len() == 2 => Some(Self::FeedbackRate {
                purchase: num(0)?,
                rating: fields[1].parse().ok().filter(|r| (1..=5).contains(r))?,
            }),
            "ks" => one(|coupon| Self::CouponStop { coupon }),
            "ka" => one(|claim| Self::CouponApply { claim }),
            "Se" if fields.len() == 1 => Some(Self::SettingsEdit {
                key: fields[0].parse().ok()?,
            }),
            "Sl" if fields.is_empty() => Some(Self::SettingsLog),
            "Sh" if fields.is_empty() => Some(Self::SettingsHome),
            "Sk" if fields.len() == 2 => Some(Self::SettingsPick {
                draft: num(0)?,
                choice: fields[1].parse().ok()?,
            }),
            "Sv" => one(|draft| Self::SettingsSave { draft }),
            "Sx" => one(|draft| Self::SettingsCancel { draft }),
            "ic" => one(|draft| Self::ImportConfirm { draft }),
            "ix" => one(|draft| Self::ImportCancel { draft }),
            "Ak" => one(|key| Self::ApiKeyRevoke { key }),
            "Wr" => one(|endpoint| Self::WebhookRemove { endpoint }),
            "We" => one(|endpoint| Self::WebhookEnable { endpoint }),
            "De" => match fields.as_slice() {
                ["l"] => Some(Self::ExportWhat { ledger: true }),
                ["c"] => Some(Self::ExportWhat { ledger: false }),
                _ => None,
            },
            "Dp" if fields.len() == 1 => Period::parse(fields[0]).map(Self::ExportPeriod),
            "Dk" if fields.is_empty() => Some(Self::CouponNew),
            "Dr" if fields.is_empty() => Some(Self::RuleNew),
            "Ds" if fields.is_empty() => Some(Self::DialogueSkip),
            "Dc" if fields.is_empty() => Some(Self::CashierDefaultStore),
            "dm" => match fields.as_slice() {
                ["y"] => Some(Self::EraseMe { confirm: true }),
                ["n"] => Some(Self::EraseMe { confirm: false }),
                _ => None,
            },
            _ => None,
        }
    }
}

mod route;
#[cfg(test)]
mod tests;

pub use route::on_callback;
