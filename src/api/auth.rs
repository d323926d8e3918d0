//! `Authorization: Bearer lb_…` on every request, then the key's rate limit. An extractor, so
//! a handler that takes a [`Caller`] cannot run unauthenticated.

use std::time::Instant;

use axum::{extract::FromRequestParts, http::request::Parts};

use super::{ApiState, error::ApiError, keys};

pub use keys::Caller;

impl FromRequestParts<ApiState> for Caller {
    type Rejection = ApiError;

    async fn from_request_parts(parts: &mut Parts, state: &ApiState) -> Result<Self, ApiError> {
        let presented = parts
            .headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            // The scheme is case-insensitive (RFC 9110).
            .and_then(|v| v.split_once(' '))
            .filter(|(scheme, _)| scheme.eq_ignore_ascii_case("bearer"))
            .map(|(_, key)| key.trim())
            .ok_or(ApiError::Unauthorized)?;
        let mut conn = state.app.pool.acquire().await?;
        let caller = keys::authenticate(&mut conn, presented)
            .await?
            .ok_or(ApiError::Unauthorized)?;
        state
            .limiter
            .check(caller.id, Instant::now())
            .map_err(|wait| ApiError::RateLimited(wait.as_secs() + 1))?;
        Ok(caller)
    }
}
