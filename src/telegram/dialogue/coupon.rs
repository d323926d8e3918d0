//! `/coupon` → New…: the code, what it gives, the limit and the last day, one question at a
//! time. Each answer is checked by the same parser as `/coupon add` (with harmless stand-ins for
//! the fields not asked yet), so both ways refuse the same things with the same sentences.

use chrono::{Duration, NaiveDate, Utc};
use serde::{Deserialize, Serialize};

use super::{State, answers::Ctx, take};
use crate::{
    extras::coupons::CouponSpec,
    t,
    telegram::{HandlerResult, extras::coupons},
};

/// The fields answered so far, in the words `/coupon add` takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct CouponForm {
    pub code: Option<String>,
    /// `bonus 100` or `discount 10%`.
    pub value: Option<String>,
    pub limit: Option<i32>,
}

impl CouponForm {
    /// The question for the first field not answered yet.
    pub fn question(&self) -> &'static str {
        match self {
            Self { code: None, .. } => "dialogue-coupon-ask-code",
            Self { value: None, .. } => "dialogue-coupon-ask-value",
            Self { limit: None, .. } => "dialogue-coupon-ask-limit",
            _ => "dialogue-coupon-ask-until",
        }
    }

    /// The `/coupon add` line with `typed` as the next field; stand-ins for the rest.
    fn line(&self, typed: &str, today: NaiveDate) -> String {
        let far = (today + Duration::days(365)).format("%Y-%m-%d").to_string();
        let code = self.code.as_deref().unwrap_or(typed);
        let value = match (&self.value, &self.code) {
            (Some(v), _) => v.clone(),
            (None, Some(_)) => value_words(typed),
            (None, None) => "bonus 1".to_owned(),
        };
        let limit = match (self.limit, &self.value) {
            (Some(l), _) => l.to_string(),
            (None, Some(_)) => typed.to_owned(),
            (None, None) => "1".to_owned(),
        };
        let until: &str = if self.limit.is_some() { typed } else { &far };
        format!("{code} {value} limit {limit} until {until}")
    }
}

/// `100` means 100 bonus points and `10%` a 10% discount; `bonus 100` and `discount 10%` are
/// taken as they are.
fn value_words(typed: &str) -> String {
    let typed = typed.trim();
    let lower = typed.to_lowercase();
    if lower.starts_with("bonus") || lower.starts_with("discount") {
        lower
    } else if typed.ends_with('%') {
        format!("discount {typed}")
    } else {
        format!("bonus {typed}")
    }
}

pub async fn answer(ctx: &Ctx<'_>, form: CouponForm) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    let typed = ctx.text();
    // One word per field (a space would shift the fields of the line below).
    let words = typed.split_whitespace().count();
    let allowed = if form.code.is_some() && form.value.is_none() {
        2
    } else {
        1
    };
    let today = Utc::now().date_naive();
    let spec = if words == 0 || words > allowed {
        Err(crate::extras::coupons::SpecError::Usage)
    } else {
        CouponSpec::parse(&form.line(typed, today), today)
    };
    let spec = match spec {
        Ok(spec) => spec,
        Err(e) => {
            let text = format!(
                "{}\n\n{}",
                coupons::spec_error(ctx.lang, e),
                t!(ctx.lang, form.question())
            );
            return ctx.say(text).await;
        }
    };
    let mut next = form.clone();
    if form.code.is_none() {
        next.code = Some(spec.code.clone());
    } else if form.value.is_none() {
        next.value = Some(value_words(typed));
    } else if form.limit.is_none() {
        next.limit = Some(spec.limit);
    } else {
        take(ctx.app, ctx.chat).await?;
        return coupons::create(ctx.bot, ctx.app, ctx.user, ctx.chat, ctx.lang, &spec).await;
    }
    super::answers::next(ctx, &State::Coupon(next.clone())).await?;
    ctx.say(t!(ctx.lang, next.question())).await
}
