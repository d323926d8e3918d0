//! Files the bot sent or a persona uploaded: pictures inline, documents (CSV exports) as
//! downloads under their own name.

use axum::{
    extract::{Path, Query, State},
    http::header,
    response::{IntoResponse, Response},
};
use serde::Deserialize;

use super::WebState;
use super::error::WebError;

#[derive(Deserialize)]
pub struct Download {
    #[serde(default)]
    download: bool,
}

pub async fn download(
    State(state): State<WebState>,
    Path(file_id): Path<String>,
    Query(query): Query<Download>,
) -> Result<Response, WebError> {
    let file = state
        .emulator
        .file(&file_id)
        .ok_or(WebError::UnknownFile(file_id))?;
    // A file id always names the same bytes, so the browser may keep them.
    let mut headers = vec![
        (header::CONTENT_TYPE, file.mime_type),
        (
            header::CACHE_CONTROL,
            "private, max-age=31536000, immutable".to_owned(),
        ),
        (header::X_CONTENT_TYPE_OPTIONS, "nosniff".to_owned()),
    ];
    let inline_image = file_is_image(&headers[0].1) && !query.download;
    if !inline_image {
        let name = file.file_name.as_deref().unwrap_or("file");
        headers.push((header::CONTENT_DISPOSITION, attachment(name)));
    }
    let mut response = file.bytes.into_response();
    for (name, value) in headers {
        if let Ok(value) = value.parse() {
            response.headers_mut().insert(name, value);
        }
    }
    Ok(response)
}

/// SVG can carry scripts: only raster formats are shown inline.
fn file_is_image(mime: &str) -> bool {
    ["image/png", "image/jpeg", "image/gif", "image/webp"].contains(&mime)
}

/// `attachment; filename="..."` with an ASCII fallback and the UTF-8 name (RFC 6266).
fn attachment(name: &str) -> String {
    let ascii: String = name
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || ".-_ ".contains(c) {
                c
            } else {
                '_'
            }
        })
        .collect();
    let encoded: String = name
        .bytes()
        .map(|b| {
            if b.is_ascii_alphanumeric() || b".-_".contains(&b) {
                char::from(b).to_string()
            } else {
                format!("%{b:02X}")
            }
        })
        .collect();
    format!("attachment; filename=\"{ascii}\"; filename*=UTF-8''{encoded}")
}
