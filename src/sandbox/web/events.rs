//! The live stream (Server-Sent Events) of what the bot does in the personas' chats. The page
//! keeps one stream for all panes: browsers open at most six connections per host, and a
//! stream per pane would starve the page's other requests.

use std::{convert::Infallible, time::Duration};

use axum::{
    extract::{Path, State},
    response::sse::{Event, KeepAlive, Sse},
};
use futures_util::{Stream, stream};
use tokio::sync::mpsc;

use super::WebState;
use super::error::WebError;
use super::view::EventView;
use crate::sandbox::emulator::Emulator;

/// Events of every persona's chat (personas added later need a new stream).
pub async fn all_chats(
    State(state): State<WebState>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let chats = state.personas().iter().map(|p| p.user.id).collect();
    stream_of(state.emulator, chats)
}

/// Events of one chat.
pub async fn one_chat(
    State(state): State<WebState>,
    Path(id): Path<i64>,
) -> Result<Sse<impl Stream<Item = Result<Event, Infallible>>>, WebError> {
    state.persona(id)?;
    Ok(stream_of(state.emulator, vec![id]))
}

/// Starts from what has already happened, so a page that connects and then fetches the
/// transcripts misses nothing; each chat is watched by a task that ends with the stream.
fn stream_of(
    emulator: Emulator,
    chats: Vec<i64>,
) -> Sse<impl Stream<Item = Result<Event, Infallible>>> {
    let (tx, rx) = mpsc::channel::<EventView>(64);
    for chat in chats {
        let emulator = emulator.clone();
        let tx = tx.clone();
        let mut cursor = emulator.events_len(chat);
        tokio::spawn(async move {
            loop {
                let wait = Duration::from_secs(3600);
                let event = tokio::select! {
                    event = emulator.next_event(chat, &mut cursor, wait) => event,
                    () = tx.closed() => return,
                };
                let Some(event) = event else { continue };
                if tx.send(EventView::new(chat, &event)).await.is_err() {
                    return;
                }
            }
        });
    }
    let events = stream::unfold(rx, |mut rx| async move {
        let view = rx.recv().await?;
        let event = Event::default()
            .json_data(&view)
            .unwrap_or_else(|_| Event::default().comment("unserializable event"));
        Some((Ok(event), rx))
    });
    Sse::new(events).keep_alive(KeepAlive::default())
}
