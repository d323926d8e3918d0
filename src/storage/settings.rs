use rust_decimal::Decimal;
use sqlx::PgConnection;

/// The programme's rules as the owner configured them (one row).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProgramSettings {
    pub welcome_bonus: i64,
    pub referral_bonus: i64,
    /// Percent of a purchase earned as points.
    pub earn_rate: Decimal,
    /// Percent of a purchase that may be paid with points.
    pub max_redeem_share: Decimal,
    pub redeem_timeout_secs: i32,
    pub daily_ops_flag_limit: i32,
}

pub async fn load(conn: &mut PgConnection) -> Result<ProgramSettings, sqlx::Error> {
    sqlx::query_as(
        "SELECT welcome_bonus, referral_bonus, earn_rate, max_redeem_share, redeem_timeout_secs,
                daily_ops_flag_limit
         FROM program_settings WHERE id = 1",
    )
    .fetch_one(conn)
    .await
}
