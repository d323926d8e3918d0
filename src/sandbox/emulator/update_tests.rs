//! The bot-side event stream, injected faults, and getUpdates (offsets, redelivery, long polling)
//! through the full pipeline (without HTTP).

use std::time::Duration;

use serde_json::json;

use super::test_support::{alice, call, description, emulator, inline, send};
use super::{BotEvent, Emulator, Fault};

const SHORT: Duration = Duration::from_millis(50);

#[tokio::test]
async fn events_arrive_in_order_per_chat() {
    let emulator = emulator();
    let mut cursor = 0;
    assert_eq!(emulator.next_event(1001, &mut cursor, SHORT).await, None);
    let id = send(
        &emulator,
        json!({"chat_id": 1001, "text": "Pick", "reply_markup": inline("a")}),
    )
    .await;
    let shown = emulator.messages(1001).remove(0);
    emulator.press_button(&alice(), &shown, "a");
    let query_id = emulator.calls().len().to_string(); // any unknown id
    let unknown = json!({"callback_query_id": query_id});
    assert!(
        description(call(&emulator, "answerCallbackQuery", unknown).await)
            .contains("query ID is invalid")
    );
    let updates = call(&emulator, "getUpdates", json!({}))
        .await
        .expect("updates");
    let query = updates[0]["callback_query"]["id"].clone();
    call(
        &emulator,
        "answerCallbackQuery",
        json!({"callback_query_id": query, "text": "Done"}),
    )
    .await
    .expect("answer");
    call(
        &emulator,
        "editMessageText",
        json!({"chat_id": 1001, "message_id": id, "text": "Picked"}),
    )
    .await
    .expect("edit");
    call(
        &emulator,
        "deleteMessage",
        json!({"chat_id": 1001, "message_id": id}),
    )
    .await
    .expect("delete");

    let mut events = Vec::new();
    while let Some(event) = emulator.next_event(1001, &mut cursor, SHORT).await {
        events.push(event);
    }
    assert_eq!(cursor, 4);
    assert!(matches!(&events[0], BotEvent::Message(m) if m.body() == "Pick"));
    assert!(
        matches!(&events[1], BotEvent::CallbackAnswer { text: Some(t), show_alert: false, .. } if t == "Done")
    );
    assert!(
        matches!(&events[2], BotEvent::Edited(m) if m.body() == "Picked" && m.inline_buttons().is_empty())
    );
    assert_eq!(events[3], BotEvent::Deleted { message_id: id });

    let waiter = {
        let emulator = emulator.clone();
        tokio::spawn(async move {
            emulator
                .next_event(1001, &mut 4, Duration::from_secs(5))
                .await
        })
    };
    tokio::time::sleep(SHORT).await;
    send(&emulator, json!({"chat_id": 1001, "text": "Later"})).await;
    let later = waiter.await.expect("joined");
    assert!(matches!(later, Some(BotEvent::Message(m)) if m.body() == "Later"));

    // A stale snapshot may still be pressed (a double tap); its message is now inaccessible.
    emulator.press_button(&alice(), &shown, "a");
    let updates = call(&emulator, "getUpdates", json!({}))
        .await
        .expect("updates");
    let last = updates
        .as_array()
        .and_then(|u| u.last())
        .expect("the press");
    assert_eq!(last["callback_query"]["message"]["date"], 0);
    assert!(emulator.validation_errors().is_empty());
    emulator.press_button(&alice(), &shown, "b");
    assert_eq!(
        emulator.validation_errors(),
        ["press_button: message 1 in chat 1001 has no button with callback_data \"b\""]
    );
}

#[tokio::test]
async fn faults_fail_the_next_call_once() {
    let emulator = emulator();
    emulator.inject_fault("SENDMESSAGE", Fault::RetryAfter(3));
    emulator.inject_fault("sendMessage", Fault::Blocked);
    let params = json!({"chat_id": 1001, "text": "hi"});
    let error = call(&emulator, "sendMessage", params.clone())
        .await
        .expect_err("429");
    assert_eq!(
        error.body(),
        json!({"ok": false, "error_code": 429, "description": "Too Many Requests: retry after 3", "parameters": {"retry_after": 3}})
    );
    let error = call(&emulator, "SendMessage", params.clone())
        .await
        .expect_err("403");
    assert_eq!(
        (error.code, error.description.as_str()),
        (403, "Forbidden: bot was blocked by the user")
    );
    send(&emulator, params.clone()).await;
    emulator.inject_fault(
        "sendMessage",
        Fault::BadRequest("chat not found".to_owned()),
    );
    assert_eq!(
        description(call(&emulator, "sendMessage", params).await),
        "Bad Request: chat not found"
    );
    assert_eq!(emulator.calls().len(), 4);
    assert_eq!(emulator.messages(1001).len(), 1);
    assert!(emulator.validation_errors().is_empty());
}

#[tokio::test]
async fn get_updates_confirms_by_offset_and_redelivers_on_request() {
    let emulator = emulator();
    let first = emulator.send_text(&alice(), "one");
    let second = emulator.send_text(&alice(), "two");
    let batch = call(&emulator, "getUpdates", json!({"limit": 1}))
        .await
        .expect("batch");
    assert_eq!(batch.as_array().map(Vec::len), Some(1));
    assert_eq!(batch[0]["update_id"], first);
    let batch = call(&emulator, "getUpdates", json!({"offset": first + 1}))
        .await
        .expect("batch");
    assert_eq!(batch[0]["update_id"], second);
    assert_eq!(emulator.pending_updates(), 1);
    call(&emulator, "getUpdates", json!({"offset": second + 1}))
        .await
        .expect("confirm");
    assert_eq!(emulator.pending_updates(), 0);

    emulator.resend_update(first);
    let batch = call(&emulator, "getUpdates", json!({"offset": second + 1}))
        .await
        .expect("redelivery");
    assert_eq!(batch[0]["update_id"], first);
    assert_eq!(batch[0]["message"]["text"], "one");
    call(&emulator, "getUpdates", json!({"offset": first + 1}))
        .await
        .expect("confirm");
    assert_eq!(emulator.pending_updates(), 0);

    emulator.push_raw_update(json!({"message_reaction": {}}));
    emulator.send_text(&alice(), "three");
    let batch = call(
        &emulator,
        "getUpdates",
        json!({"allowed_updates": ["message"]}),
    )
    .await
    .expect("filtered");
    assert_eq!(batch.as_array().map(Vec::len), Some(1));
    emulator.send_text(&alice(), "four");
    let batch = call(&emulator, "getUpdates", json!({"offset": -1}))
        .await
        .expect("last only");
    assert_eq!(batch[0]["message"]["text"], "four");
    assert_eq!(emulator.pending_updates(), 1);
}

#[tokio::test]
async fn long_polling_waits_for_updates_and_newer_polls_win() {
    let emulator = emulator();
    let started = tokio::time::Instant::now();
    let empty = call(&emulator, "getUpdates", json!({"timeout": 1}))
        .await
        .expect("empty");
    assert_eq!(empty, json!([]));
    assert!(started.elapsed() >= Duration::from_millis(900));

    let poll = |emulator: &Emulator| {
        let emulator = emulator.clone();
        tokio::spawn(async move { call(&emulator, "getUpdates", json!({"timeout": 10})).await })
    };
    let older = poll(&emulator);
    tokio::time::sleep(SHORT).await;
    let newer = poll(&emulator);
    let older = older.await.expect("joined");
    assert!(description(older).starts_with("Conflict: terminated by other getUpdates request"));
    tokio::time::sleep(SHORT).await;
    let started = tokio::time::Instant::now();
    emulator.send_text(&alice(), "wake up");
    let batch = newer.await.expect("joined").expect("updates");
    assert_eq!(batch[0]["message"]["text"], "wake up");
    assert!(started.elapsed() < Duration::from_secs(2));

    call(
        &emulator,
        "setWebhook",
        json!({"url": "https://example.com/hook"}),
    )
    .await
    .expect("webhook");
    assert!(
        description(call(&emulator, "getUpdates", json!({})).await).contains("webhook is active")
    );
    call(
        &emulator,
        "deleteWebhook",
        json!({"drop_pending_updates": true}),
    )
    .await
    .expect("deleted");
    assert_eq!(
        call(&emulator, "getUpdates", json!({}))
            .await
            .expect("no webhook"),
        json!([])
    );
}
