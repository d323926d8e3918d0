//! The programme's settings: one row that the owner edits with `/settings`. Every reader loads
//! it inside its own transaction, so a change applies to purchases posted after it.

use rust_decimal::Decimal;
use sqlx::PgConnection;

/// What kind of loyalty programme the shop runs.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum ProgrammeType {
    /// Earn and spend points (the default).
    Points,
    /// A discount card: the cashier's card screen shows the discount to apply.
    Discount,
    /// Both at once.
    Both,
}

impl ProgrammeType {
    pub fn has_points(self) -> bool {
        matches!(self, Self::Points | Self::Both)
    }
    pub fn has_discount(self) -> bool {
        matches!(self, Self::Discount | Self::Both)
    }
}

/// How a discount card's percent is chosen.
#[derive(Clone, Copy, Debug, PartialEq, Eq, sqlx::Type)]
#[sqlx(type_name = "text", rename_all = "lowercase")]
pub enum DiscountMode {
    /// Everyone gets `discount_percent`.
    Fixed,
    /// By the customer's total spend, from `discount_levels`.
    Progressive,
}

/// The programme's rules as the owner configured them (one row).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProgramSettings {
    pub welcome_bonus: i64,
    /// What an invited friend gets on their first purchase.
    pub referral_bonus: i64,
    /// What the inviter gets when the friend makes that purchase.
    pub referrer_bonus: i64,
    /// Percent of a purchase earned as points on the base level (tiers have their own).
    pub earn_rate: Decimal,
    /// Percent of a purchase that may be paid with points.
    pub max_redeem_share: Decimal,
    pub redeem_timeout_secs: i32,
    pub daily_ops_flag_limit: i32,
    /// Months after which earned points expire; `None`: never.
    pub expiry_months: Option<i32>,
    pub programme_type: ProgrammeType,
    pub discount_mode: DiscountMode,
    pub discount_percent: Decimal,
    /// Money one point is worth when it pays for a purchase.
    pub point_value: Decimal,
    /// Days of spend that decide a customer's tier.
    pub tier_period_days: i32,
    /// Every Nth qualifying purchase earns the stamp-card gift; `None`: no stamp card.
    pub stamp_every: Option<i32>,
    pub stamp_min_amount: Decimal,
    pub stamp_gift_points: i64,
    pub stamp_gift: Option<String>,
    /// Points on the customer's birthday; 0: off.
    pub birthday_bonus: i64,
    /// Points for rating a visit, once per purchase; 0: off.
    pub feedback_bonus: i64,
    /// Days a cashier may refund a receipt of their own store (owners: any receipt).
    pub refund_window_days: i32,
    /// The smallest purchase that pays the referral bonus.
    pub referral_min_amount: Decimal,
    /// Printed on the card picture; may be empty.
    pub shop_name: String,
    /// `#rrggbb`: the card picture's band and stamps.
    pub shop_colour: String,
}

/// The columns of [`ProgramSettings`], for queries that read the settings with other rows in
/// one round trip (the till's purchase).
pub const COLUMNS: &str = "welcome_bonus, referral_bonus, referrer_bonus, earn_rate, \
    max_redeem_share, redeem_timeout_secs, daily_ops_flag_limit, expiry_months, programme_type, \
    discount_mode, discount_percent, point_value, tier_period_days, stamp_every, \
    stamp_min_amount, stamp_gift_points, stamp_gift, birthday_bonus, feedback_bonus, \
    refund_window_days, referral_min_amount, shop_name, shop_colour";

pub async fn load(conn: &mut PgConnection) -> Result<ProgramSettings, sqlx::Error> {
    sqlx::query_as(&format!(
        "SELECT {COLUMNS} FROM program_settings WHERE id = 1"
    ))
    .fetch_one(conn)
    .await
}
