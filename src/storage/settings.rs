use rust_decimal::Decimal;
use sqlx::PgConnection;

/// The programme's rules as the owner configured them (one row).
#[derive(Clone, Debug, PartialEq, Eq, sqlx::FromRow)]
pub struct ProgramSettings {
    pub welcome_bonus: i64,
    pub referral_bonus: i64,
    /// Percent of a purchase earned as points.
    pub earn_rate: Decimal,
}

pub async fn load(conn: &mut PgConnection) -> Result<ProgramSettings, sqlx::Error> {
    sqlx::query_as(
        "SELECT welcome_bonus, referral_bonus, earn_rate FROM program_settings WHERE id = 1",
    )
    .fetch_one(conn)
    .await
}
