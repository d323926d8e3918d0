//! The shape every POST handler shares: claim the `Idempotency-Key`, run the use case, store
//! the answer for replays, and answer JSON. Also the parsing of request bodies into typed
//! input (a bad body is a 400 that names the field).

use std::future::Future;

use axum::{
    body::Bytes,
    http::{HeaderMap, HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use serde::{Serialize, de::DeserializeOwned};

use super::{
    ApiState,
    auth::Caller,
    error::ApiError,
    idempotency::{self, Claim},
};

/// A successful answer: status and JSON body.
pub struct Answer(pub StatusCode, pub serde_json::Value);

impl Answer {
    pub fn json(status: StatusCode, body: &impl Serialize) -> Result<Self, ApiError> {
        let value = serde_json::to_value(body).map_err(|e| ApiError::Internal(e.into()))?;
        Ok(Self(status, value))
    }
}

/// Runs `run` (given the Idempotency-Key) at most once per key and request.
pub async fn idempotent<F, Fut>(
    state: &ApiState,
    caller: &Caller,
    path: &str,
    headers: &HeaderMap,
    body: &Bytes,
    run: F,
) -> Response
where
    F: FnOnce(String) -> Fut,
    Fut: Future<Output = Result<Answer, ApiError>>,
{
    let pool = &state.app.pool;
    let key = match idempotency::parse_key(
        headers
            .get(idempotency::HEADER)
            .and_then(|v| v.to_str().ok()),
    ) {
        Ok(k) => k,
        Err(e) => return e.into_response(),
    };
    let fingerprint = idempotency::fingerprint("POST", path, body);
    match idempotency::claim(pool, caller.id, &key, &fingerprint).await {
        Err(e) => return e.into_response(),
        Ok(Claim::Replay(status, body)) => {
            let status = StatusCode::from_u16(status).unwrap_or(StatusCode::OK);
            let mut response = json_response(status, body);
            response
                .headers_mut()
                .insert(idempotency::REPLAYED, HeaderValue::from_static("true"));
            return response;
        }
        Ok(Claim::Run) => {}
    }
    let (status, text) = match run(key.clone()).await {
        Ok(Answer(status, value)) => (status, value.to_string()),
        Err(e) if e.status().is_server_error() || e.status() == StatusCode::BAD_REQUEST => {
            // Not stored: a retry (after a fix, for a 400) runs again.
            if let Err(release) = idempotency::release(pool, caller.id, &key).await {
                tracing::warn!(error = %release, "releasing an idempotency key failed");
            }
            return e.into_response();
        }
        Err(e) => {
            let status = e.status();
            let text = serde_json::to_string(&e.body()).unwrap_or_default();
            (status, text)
        }
    };
    if let Err(e) = idempotency::finish(pool, caller.id, &key, status.as_u16(), &text).await {
        tracing::error!(error = %e, "storing an idempotent answer failed");
    }
    json_response(status, text)
}

fn json_response(status: StatusCode, body: String) -> Response {
    (
        status,
        [(
            header::CONTENT_TYPE,
            HeaderValue::from_static("application/json"),
        )],
        body,
    )
        .into_response()
}

/// The request body as `T`; an empty body reads as `{}`.
pub fn parse_body<T: DeserializeOwned>(body: &[u8]) -> Result<T, ApiError> {
    let body: &[u8] = if body.iter().all(u8::is_ascii_whitespace) {
        b"{}"
    } else {
        body
    };
    serde_json::from_slice(body).map_err(|e| ApiError::BadRequest("invalid_request", e.to_string()))
}
