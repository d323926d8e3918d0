//! sendMessage, sendPhoto and sendDocument: a new message from the bot in a private chat, plus
//! the file bookkeeping behind photos and documents (uploads, reuse by file_id, PhotoSizes).

use std::collections::HashMap;
use std::io::Cursor;

use serde_json::Value;

use super::error::ApiError;
use super::markup::{Rendered, render};
use super::methods::{Params, str_param};
use super::model::{BotEvent, SentMessage};
use super::objects;
use super::params::Upload;
use super::state::{State, StoredMessage, now};

/// Telegram's smallest photo size ("s") fits in a 90×90 box.
const THUMBNAIL_SIDE: u32 = 90;

pub(crate) fn send_message(state: &mut State, params: &Params) -> Result<Value, ApiError> {
    let chat_id = state.resolve_chat(params.get("chat_id"))?;
    let raw = str_param(params, "text").unwrap_or_default();
    let shown = shown_text(raw, params)?;
    let sent = SentMessage {
        text: Some(shown.text),
        raw: Some(raw.to_owned()),
        ..new_message(chat_id, params)
    };
    deliver(state, sent, shown.entities, None)
}

pub(crate) fn send_photo(
    state: &mut State,
    params: &Params,
    uploads: &HashMap<String, Upload>,
) -> Result<Value, ApiError> {
    let chat_id = state.resolve_chat(params.get("chat_id"))?;
    let sizes = match input_file(params.get("photo"), uploads)? {
        Input::Upload(upload) => {
            let (width, height, mime) = image_info(&upload.bytes)
                .ok_or_else(|| ApiError::bad_request("IMAGE_PROCESS_FAILED"))?;
            store_photo(state, upload.bytes.clone(), width, height, mime)
        }
        Input::FileId(id) => match state.photo_sets.get(id) {
            Some(sizes) => sizes.clone(),
            None if state.files.contains_key(id) => {
                return Err(ApiError::bad_request(
                    "can't use file of type Document as Photo",
                ));
            }
            None => return Err(wrong_file_id()),
        },
    };
    let largest = sizes
        .as_array()
        .and_then(|s| s.last())
        .and_then(|s| s["file_id"].as_str());
    let (caption, entities) = caption(params)?;
    let sent = SentMessage {
        caption,
        photo_file_id: largest.map(str::to_owned),
        ..new_message(chat_id, params)
    };
    deliver(state, sent, entities, Some(("photo", sizes)))
}

pub(crate) fn send_document(
    state: &mut State,
    params: &Params,
    uploads: &HashMap<String, Upload>,
) -> Result<Value, ApiError> {
    let chat_id = state.resolve_chat(params.get("chat_id"))?;
    let file_id = match input_file(params.get("document"), uploads)? {
        Input::Upload(upload) => {
            let mime = upload
                .file_name
                .as_deref()
                .and_then(mime_from_name)
                .or(upload.content_type.as_deref())
                .unwrap_or("application/octet-stream")
                .to_owned();
            state.store_file(
                upload.bytes.clone(),
                "documents",
                upload.file_name.clone(),
                &mime,
            )
        }
        Input::FileId(id) if state.files.contains_key(id) => id.to_owned(),
        Input::FileId(_) => return Err(wrong_file_id()),
    };
    let file = state.files.get(&file_id).ok_or_else(wrong_file_id)?;
    let document = objects::document(&file_id, file);
    let (caption, entities) = caption(params)?;
    let sent = SentMessage {
        caption,
        document_name: file.file_name.clone(),
        document_file_id: Some(file_id),
        ..new_message(chat_id, params)
    };
    deliver(state, sent, entities, Some(("document", document)))
}

/// Stores a photo's bytes and returns its PhotoSize array: a thumbnail (when the image is larger
/// than one) and the original. Both sizes share the original bytes; the emulator does not resize.
pub(crate) fn store_photo(
    state: &mut State,
    bytes: Vec<u8>,
    width: u32,
    height: u32,
    mime: &str,
) -> Value {
    let file_id = state.store_file(bytes, "photos", None, mime);
    let mut sizes = Vec::new();
    if width.max(height) > THUMBNAIL_SIDE
        && let Some(thumb_id) = state.alias_file(&file_id, "s")
        && let Some(thumb) = state.files.get(&thumb_id)
    {
        let scale = |side: u32| {
            (u64::from(side) * u64::from(THUMBNAIL_SIDE) / u64::from(width.max(height))).max(1)
        };
        let (w, h) = (scale(width) as u32, scale(height) as u32);
        sizes.push(objects::photo_size(&thumb_id, thumb, w, h));
    }
    if let Some(file) = state.files.get(&file_id) {
        sizes.push(objects::photo_size(&file_id, file, width, height));
    }
    let sizes = Value::Array(sizes);
    for size in sizes.as_array().into_iter().flatten() {
        if let Some(id) = size["file_id"].as_str() {
            state.photo_sets.insert(id.to_owned(), sizes.clone());
        }
    }
    sizes
}

/// (width, height, MIME type) if the bytes are an image the `image` crate recognizes.
pub(crate) fn image_info(bytes: &[u8]) -> Option<(u32, u32, &'static str)> {
    let reader = image::ImageReader::new(Cursor::new(bytes))
        .with_guessed_format()
        .ok()?;
    let mime = reader.format()?.to_mime_type();
    let (width, height) = reader.into_dimensions().ok()?;
    Some((width, height, mime))
}

enum Input<'a> {
    Upload(&'a Upload),
    FileId(&'a str),
}

/// An InputFile parameter: a multipart upload (`attach://<part>`) or a stored file's id. URLs
/// are refused: the emulator is offline and cannot fetch them.
fn input_file<'a>(
    value: Option<&'a Value>,
    uploads: &'a HashMap<String, Upload>,
) -> Result<Input<'a>, ApiError> {
    let text = value.and_then(Value::as_str).unwrap_or_default();
    if let Some(part) = text.strip_prefix("attach://") {
        let upload = uploads.get(part).ok_or_else(wrong_file_id)?;
        if upload.bytes.is_empty() {
            return Err(ApiError::bad_request("file must be non-empty"));
        }
        return Ok(Input::Upload(upload));
    }
    if text.starts_with("http://") || text.starts_with("https://") {
        return Err(ApiError::bad_request("failed to get HTTP URL content"));
    }
    Ok(Input::FileId(text))
}

fn wrong_file_id() -> ApiError {
    ApiError::bad_request("wrong file identifier/HTTP URL specified")
}

pub(crate) fn mime_from_name(name: &str) -> Option<&'static str> {
    let (_, extension) = name.rsplit_once('.')?;
    Some(match extension.to_ascii_lowercase().as_str() {
        "pdf" => "application/pdf",
        "png" => "image/png",
        "jpg" | "jpeg" => "image/jpeg",
        "csv" => "text/csv",
        "txt" => "text/plain",
        "json" => "application/json",
        "zip" => "application/zip",
        "html" => "text/html",
        "xlsx" => "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
        _ => return None,
    })
}

/// The displayed text for `raw` and the request's parse_mode, or its explicit `entities`.
pub(crate) fn shown_text(raw: &str, params: &Params) -> Result<Rendered, ApiError> {
    let mut shown = render(raw, str_param(params, "parse_mode")).map_err(ApiError::bad_request)?;
    if shown.entities.is_empty()
        && let Some(Value::Array(entities)) =
            params.get("entities").or(params.get("caption_entities"))
    {
        shown.entities = entities.clone();
    }
    Ok(shown)
}

/// The caption parameter, displayed, with its entities.
pub(crate) fn caption(params: &Params) -> Result<(Option<String>, Vec<Value>), ApiError> {
    match str_param(params, "caption").filter(|caption| !caption.is_empty()) {
        Some(raw) => {
            let shown = shown_text(raw, params)?;
            Ok((Some(shown.text), shown.entities))
        }
        None => Ok((None, Vec::new())),
    }
}

/// The parts of a new bot message every send method shares.
fn new_message(chat_id: i64, params: &Params) -> SentMessage {
    let caption = str_param(params, "caption").filter(|caption| !caption.is_empty());
    SentMessage {
        chat_id,
        message_id: 0,
        text: None,
        caption: None,
        parse_mode: str_param(params, "parse_mode").map(str::to_owned),
        raw: caption.map(str::to_owned),
        photo_file_id: None,
        document_file_id: None,
        document_name: None,
        reply_markup: reply_markup(params),
        edited: false,
    }
}

/// The request's reply_markup; an inline keyboard without buttons is no keyboard, as Telegram
/// treats it.
pub(crate) fn reply_markup(params: &Params) -> Option<Value> {
    let markup = params.get("reply_markup")?;
    let rows = markup.get("inline_keyboard").and_then(Value::as_array);
    let no_buttons = rows.is_some_and(|rows| {
        rows.iter()
            .all(|row| row.as_array().is_none_or(Vec::is_empty))
    });
    (!no_buttons).then(|| markup.clone())
}

/// Puts a bot message into its chat: assigns the id, updates the chat's reply keyboard, records
/// the event, and returns the Message JSON.
fn deliver(
    state: &mut State,
    mut sent: SentMessage,
    entities: Vec<Value>,
    media: Option<(&'static str, Value)>,
) -> Result<Value, ApiError> {
    let bot = state.bot.clone();
    let chat = state
        .chats
        .get_mut(&sent.chat_id)
        .ok_or_else(ApiError::chat_not_found)?;
    sent.message_id = chat.next_message_id();
    if let Some(markup) = &sent.reply_markup {
        if markup.get("keyboard").is_some() {
            chat.reply_keyboard = rows_of_labels(markup);
        } else if markup.get("remove_keyboard").is_some() {
            chat.reply_keyboard.clear();
        }
    }
    let stored = StoredMessage {
        sent,
        from_bot: true,
        date: now(),
        edit_date: None,
        entities,
        media,
        sender: None,
    };
    let message = objects::message(&bot, &chat.user, &stored);
    chat.events.push(BotEvent::Message(stored.sent.clone()));
    chat.messages.push(stored);
    Ok(message)
}

fn rows_of_labels(markup: &Value) -> Vec<Vec<String>> {
    let rows = markup["keyboard"].as_array().into_iter().flatten();
    rows.map(|row| {
        let buttons = row.as_array().into_iter().flatten();
        buttons
            .map(|b| {
                b.get("text")
                    .and_then(Value::as_str)
                    .or(b.as_str())
                    .unwrap_or("")
                    .to_owned()
            })
            .collect()
    })
    .collect()
}
