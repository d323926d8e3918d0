//! `/rules` → New…: the effect, the first and last day, an optional "first K customers" and an
//! optional tier, one question at a time (the optional ones with a Skip button), then the same
//! preview with Confirm / Cancel as `/rules add`. Each answer is checked by the `/rules add`
//! parser on the line built so far, so both ways refuse the same things with the same words.

use chrono::Utc;
use serde::{Deserialize, Serialize};
use teloxide::types::{InlineKeyboardButton, InlineKeyboardMarkup};

use super::{State, answers::Ctx, set, take};
use crate::{
    domain::Language,
    rules::promo::parse,
    t,
    telegram::{
        App, HandlerResult, callback::CallbackData, promo_rules, promo_rules_view::rule_error,
        send, tg_id,
    },
};

/// The fields answered so far, in the words `/rules add` takes.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleForm {
    pub effect: Option<String>,
    pub first_day: Option<String>,
    pub last_day: Option<String>,
    pub first_k: Option<Optional>,
}

/// The answer to an optional question (a plain `Option` inside an `Option` would not survive
/// JSON: `Some(None)` comes back as `None`).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Optional {
    Skipped,
    Given(String),
}

impl RuleForm {
    fn question(&self) -> &'static str {
        match self {
            Self { effect: None, .. } => "dialogue-rule-ask-effect",
            Self {
                first_day: None, ..
            } => "dialogue-rule-ask-first-day",
            Self { last_day: None, .. } => "dialogue-rule-ask-last-day",
            Self { first_k: None, .. } => "dialogue-rule-ask-first-k",
            _ => "dialogue-rule-ask-tier",
        }
    }

    /// Whether the open question may be skipped.
    pub fn optional(&self) -> bool {
        self.last_day.is_some()
    }

    /// The `/rules add` line with `typed` (or a skip, `None`) as the next field.
    fn line(&self, typed: Option<&str>, today: &str) -> String {
        let t = typed.unwrap_or_default();
        let (effect, first, last) = match self {
            Self { effect: None, .. } => (t, today, today),
            Self {
                effect: Some(e),
                first_day: None,
                ..
            } => (e.as_str(), t, t),
            Self {
                effect: Some(e),
                first_day: Some(f),
                last_day: None,
                ..
            } => (e.as_str(), f.as_str(), t),
            Self {
                effect: Some(e),
                first_day: Some(f),
                last_day: Some(l),
                ..
            } => (e.as_str(), f.as_str(), l.as_str()),
        };
        let mut line = format!("{effect} {first} {last}");
        match &self.first_k {
            None if self.last_day.is_some() => {
                if let Some(k) = typed {
                    line.push_str(&format!(" first {k}"));
                }
            }
            Some(Optional::Given(k)) => line.push_str(&format!(" first {k}")),
            _ => {}
        }
        if self.first_k.is_some()
            && let Some(tier) = typed
        {
            line.push_str(&format!(" tier {tier}"));
        }
        line
    }

    /// The form with `typed` (or a skip) as the next field; `None` when it was the last.
    fn with(&self, typed: Option<&str>) -> Option<Self> {
        let mut next = self.clone();
        let typed = typed.map(str::to_owned);
        if self.effect.is_none() {
            next.effect = typed;
        } else if self.first_day.is_none() {
            next.first_day = typed;
        } else if self.last_day.is_none() {
            next.last_day = typed;
        } else if self.first_k.is_none() {
            next.first_k = Some(typed.map_or(Optional::Skipped, Optional::Given));
        } else {
            return None;
        }
        Some(next)
    }
}

/// Sends the question for the form's next field (with Skip when it is optional).
async fn ask(
    app: &App,
    bot: &teloxide::Bot,
    chat: teloxide::types::ChatId,
    lang: Language,
    form: &RuleForm,
) -> HandlerResult {
    set(app, chat, &State::Rule(form.clone())).await?;
    let today = Utc::now().date_naive().to_string();
    let text = t!(lang, form.question(), today = today);
    let skip = form.optional().then(|| {
        InlineKeyboardMarkup::new([[InlineKeyboardButton::callback(
            t!(lang, "dialogue-button-skip"),
            CallbackData::DialogueSkip.encode(),
        )]])
    });
    send::html(bot, chat, text, skip.map(Into::into)).await;
    Ok(())
}

/// New…: the first question.
pub async fn start(
    app: &App,
    bot: &teloxide::Bot,
    chat: teloxide::types::ChatId,
    lang: Language,
) -> HandlerResult {
    ask(app, bot, chat, lang, &RuleForm::default()).await
}

pub async fn answer(ctx: &Ctx<'_>, form: RuleForm) -> HandlerResult {
    if !ctx.owner().await? {
        return Ok(());
    }
    let typed = ctx.text();
    let skip = form.optional() && typed == "-";
    let typed = (!skip).then_some(typed);
    step(
        ctx.app,
        ctx.bot,
        ctx.chat,
        ctx.lang,
        tg_id(ctx.user),
        form,
        typed,
    )
    .await
}

/// The Skip button, or `-` typed, on an optional question.
pub async fn skip(
    app: &App,
    bot: &teloxide::Bot,
    chat: teloxide::types::ChatId,
    lang: Language,
    owner: i64,
    form: RuleForm,
) -> HandlerResult {
    step(app, bot, chat, lang, owner, form, None).await
}

async fn step(
    app: &App,
    bot: &teloxide::Bot,
    chat: teloxide::types::ChatId,
    lang: Language,
    owner: i64,
    form: RuleForm,
    typed: Option<&str>,
) -> HandlerResult {
    let today = Utc::now().date_naive();
    let one_word = typed.is_none_or(|t| t.split_whitespace().count() == 1);
    let spec = if one_word || form.first_k.is_some() {
        parse(&form.line(typed, &today.to_string()), today)
    } else {
        Err(crate::rules::promo::RuleError::Unexpected(
            typed.unwrap_or_default().to_owned(),
        ))
    };
    let spec = match spec {
        Ok(spec) => spec,
        Err(e) => {
            let text = format!(
                "{}\n\n{}",
                rule_error(lang, &e),
                t!(lang, form.question(), today = today.to_string())
            );
            send::html(bot, chat, text, None).await;
            return Ok(());
        }
    };
    match form.with(typed) {
        Some(next) => ask(app, bot, chat, lang, &next).await,
        None => {
            // The tier is checked when the draft is saved: an unknown one asks again.
            if promo_rules::propose(bot, app, chat, lang, owner, &spec).await? {
                take(app, chat).await?;
            }
            Ok(())
        }
    }
}
