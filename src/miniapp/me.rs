//! The customer's side: `GET /app/api/me` (the card, balance, tier, stamps, coupons and the
//! latest operations) and `GET /app/api/card.png` (the same picture `/card` sends).

use axum::{
    Json,
    extract::State,
    http::header,
    response::{IntoResponse, Response},
};

use super::{
    MiniState,
    auth::CustomerCaller,
    error::ApiResult,
    view::{self, CardView, Reader},
};
use crate::card_image;

pub async fn me(
    State(state): State<MiniState>,
    caller: CustomerCaller,
) -> ApiResult<Json<CardView>> {
    let app = &state.app;
    let mut conn = app.pool.acquire().await?;
    let facts = card_image::facts(&mut conn, &caller.customer).await?;
    let view = view::card_view(
        &mut conn,
        app,
        &caller.customer,
        &facts.card,
        caller.lang,
        Reader::Customer,
    )
    .await?;
    Ok(Json(view))
}

pub async fn card_png(
    State(state): State<MiniState>,
    caller: CustomerCaller,
) -> ApiResult<Response> {
    let app = &state.app;
    let facts = card_image::facts(&mut *app.pool.acquire().await?, &caller.customer).await?;
    let png = card_image::render(app, &facts).await?;
    Ok((
        [
            (header::CONTENT_TYPE, "image/png"),
            // The picture carries a signed link: no shared cache keeps it.
            (header::CACHE_CONTROL, "private, no-store"),
        ],
        png,
    )
        .into_response())
}
