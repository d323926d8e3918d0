//! `Authorization: tma <initData>` on every API request, validated as Telegram specifies (see
//! [`super::init_data`]), then the caller's role, checked on every request (a cashier revoked a
//! second ago is refused at once). Extractors, so a handler that takes a [`StaffCaller`]
//! cannot run for anyone else.

use axum::{extract::FromRequestParts, http::request::Parts};
use chrono::Utc;

use super::{MiniState, error::MiniAppError, init_data};
use crate::{
    domain::Language,
    storage::customers::{self, Customer},
    till::{self, Staff},
};

/// Anyone Telegram vouches for, and the language to answer them in.
#[derive(Clone, Debug)]
pub struct Caller {
    pub user: init_data::WebAppUser,
    /// Their customer record, if they have one (staff may be customers too).
    pub customer: Option<Customer>,
    pub lang: Language,
}

/// A customer with a card (`404` otherwise: the page offers to press Start in the chat).
pub struct CustomerCaller {
    pub customer: Customer,
    pub lang: Language,
}

/// A staff member right now (`403` otherwise).
pub struct StaffCaller {
    pub staff: Staff,
    pub lang: Language,
}

fn init_data_of(parts: &Parts) -> Result<&str, MiniAppError> {
    let header = parts
        .headers
        .get(axum::http::header::AUTHORIZATION)
        .and_then(|v| v.to_str().ok())
        .ok_or_else(|| MiniAppError::unauthorized("no Authorization header"))?;
    header
        .split_once(' ')
        .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("tma"))
        .map(|(_, data)| data.trim())
        .ok_or_else(|| MiniAppError::unauthorized("the Authorization scheme is not tma"))
}

impl FromRequestParts<MiniState> for Caller {
    type Rejection = MiniAppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &MiniState,
    ) -> Result<Self, Self::Rejection> {
        let raw = init_data_of(parts)?;
        let token = state
            .app
            .config
            .bot_token
            .as_ref()
            .ok_or_else(|| MiniAppError::unauthorized("no bot token to check initData with"))?;
        let data = init_data::validate(raw, token.expose(), Utc::now())
            .map_err(MiniAppError::unauthorized)?;
        let mut conn = state.app.pool.acquire().await?;
        let customer = customers::by_tg_user(&mut conn, data.user.id).await?;
        let lang = customer
            .as_ref()
            .map(Customer::language)
            .or_else(|| {
                data.user
                    .language_code
                    .as_deref()
                    .and_then(Language::from_code)
            })
            .unwrap_or(state.app.config.default_language);
        Ok(Self {
            user: data.user,
            customer,
            lang,
        })
    }
}

impl FromRequestParts<MiniState> for CustomerCaller {
    type Rejection = MiniAppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &MiniState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let lang = caller.lang;
        match caller.customer {
            Some(customer) if customer.tg_user_id.is_some() => Ok(Self { customer, lang }),
            _ => Err(MiniAppError::not_found(
                "no_card",
                crate::t!(lang, "not-registered"),
            )),
        }
    }
}

impl FromRequestParts<MiniState> for StaffCaller {
    type Rejection = MiniAppError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &MiniState,
    ) -> Result<Self, Self::Rejection> {
        let caller = Caller::from_request_parts(parts, state).await?;
        let mut conn = state.app.pool.acquire().await?;
        let staff = till::staff_member(
            &mut conn,
            caller.user.id,
            &caller.user.first_name,
            &state.app.config.owner_ids,
        )
        .await?;
        match staff {
            Some(staff) => Ok(Self {
                staff,
                lang: caller.lang,
            }),
            None => Err(MiniAppError::forbidden(caller.lang)),
        }
    }
}
