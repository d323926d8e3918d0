//! The whole bot under test: a fresh database, the Bot API emulator on a random port, and the
//! real dispatcher started through `startup::start` (the same path as `loyalty-bot run`).
//! Tests talk to it through [`Chat`]s that read like the conversation.

use std::time::Duration;

use loyalty_bot::{
    config::Config,
    sandbox::emulator::{BotEvent, BotProfile, Emulator, SentMessage, UserProfile},
    startup::{self, PollingOptions, Running},
};
use sqlx::PgPool;

use super::db::TestDb;

pub const BOT_USERNAME: &str = "test_loyalty_bot";
pub const CARD_SECRET: &str = "integration-test-card-secret";
pub const OWNER_ID: i64 = 900_001;
static STALE: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(0);
const WAIT: Duration = Duration::from_secs(15);

/// The Bot API emulator for our test bot, on a random local port.
pub async fn serve_emulator() -> (Emulator, std::net::SocketAddr, tokio::task::JoinHandle<()>) {
    let emu = Emulator::new(BotProfile {
        id: 7_000_001,
        username: BOT_USERNAME.to_owned(),
        first_name: "Test Loyalty".to_owned(),
    });
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
        .await
        .expect("bind");
    let addr = listener.local_addr().expect("addr");
    let server = emu.serve(listener).await;
    (emu, addr, server)
}

pub struct TestBot {
    pub emu: Emulator,
    pub pool: PgPool,
    /// `None` for a bot on a database the test made itself (see [`TestBot::start_on`]).
    db: Option<TestDb>,
    polling: PollingOptions,
    /// `None` only for a moment inside [`TestBot::restart`].
    running: Option<Running>,
    config: Config,
    server: tokio::task::JoinHandle<()>,
}

const POLLING: PollingOptions = PollingOptions {
    timeout: Duration::from_secs(1),
};

impl TestBot {
    pub async fn start() -> Self {
        Self::start_with(&[]).await
    }

    /// Like [`TestBot::start`], with extra environment settings (e.g. webhook mode).
    pub async fn start_with(extra: &[(&str, String)]) -> Self {
        let db = TestDb::new().await;
        let pool = db.pool.clone();
        Self::launch(Some(db), pool, extra, POLLING).await
    }

    /// On a database the test set up itself (e.g. a private Postgres it stops and starts).
    pub async fn start_on(pool: PgPool, extra: &[(&str, String)]) -> Self {
        Self::launch(None, pool, extra, POLLING).await
    }

    /// With the production long-poll settings instead of the tests' short polls.
    pub async fn start_polling_as_in_production() -> Self {
        let db = TestDb::new().await;
        let pool = db.pool.clone();
        Self::launch(Some(db), pool, &[], PollingOptions::default()).await
    }

    async fn launch(
        db: Option<TestDb>,
        pool: PgPool,
        extra: &[(&str, String)],
        polling: PollingOptions,
    ) -> Self {
        // Logs show up in the output of a failing test (RUST_LOG to filter).
        loyalty_bot::telemetry::init();
        let (emu, addr, server) = serve_emulator().await;
        let mut vars = vec![
            ("TELOXIDE_TOKEN", "7000001:TEST-TOKEN".to_owned()),
            ("TELOXIDE_API_URL", format!("http://{addr}/")),
            ("CARD_SECRET", CARD_SECRET.to_owned()),
            ("OWNER_IDS", OWNER_ID.to_string()),
            ("DEFAULT_LANGUAGE", "en".to_owned()),
        ];
        vars.extend(extra.iter().cloned());
        let config = Config::from_vars(|k| {
            vars.iter()
                .rev()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.clone())
        })
        .expect("test config");
        let running = startup::start(config.clone(), pool.clone(), polling)
            .await
            .expect("bot starts");
        Self {
            emu,
            pool,
            db,
            polling,
            running: Some(running),
            config,
            server,
        }
    }

    /// Stops the bot gracefully and starts a new one on the same database and Bot API, as a
    /// deploy does: whatever the bot keeps only in memory is gone.
    pub async fn restart(&mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        let running = startup::start(self.config.clone(), self.pool.clone(), self.polling)
            .await
            .expect("bot restarts");
        self.running = Some(running);
    }

    /// Like [`TestBot::restart`], with some settings changed (a rotated `CARD_SECRET`, say).
    pub async fn restart_with(&mut self, changed: &[(&str, String)]) {
        let old = self.config.clone();
        let token = "7000001:TEST-TOKEN".to_owned();
        let api = old
            .api_url
            .as_ref()
            .map(ToString::to_string)
            .unwrap_or_default();
        let owners = OWNER_ID.to_string();
        let vars: Vec<(&str, String)> = [
            ("TELOXIDE_TOKEN", token),
            ("TELOXIDE_API_URL", api),
            ("CARD_SECRET", CARD_SECRET.to_owned()),
            ("OWNER_IDS", owners),
            ("DEFAULT_LANGUAGE", "en".to_owned()),
        ]
        .into_iter()
        .chain(changed.iter().cloned())
        .collect();
        self.config = Config::from_vars(|k| {
            vars.iter()
                .rev()
                .find(|(n, _)| *n == k)
                .map(|(_, v)| v.clone())
        })
        .expect("test config");
        self.restart().await;
    }

    /// Where the bot serves its webhook, `/healthz` and `/metrics` (with `LISTEN_ADDR`).
    pub fn listen_addr(&self) -> std::net::SocketAddr {
        self.running
            .as_ref()
            .and_then(|r| r.listen_addr)
            .expect("LISTEN_ADDR was set")
    }

    /// Telegram sends `update_id` again (it did not get our acknowledgement). Waits until the
    /// bot has acknowledged it first (re-sending a queued update does nothing). The inbox
    /// already has it, so the bot must ignore the copy.
    pub async fn redeliver(&self, update_id: i64) {
        let started = std::time::Instant::now();
        while !self.emu.is_confirmed(update_id) {
            assert!(
                started.elapsed() < WAIT,
                "update {update_id} was never confirmed"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.emu.resend_update(update_id);
    }

    /// The handler runs `update_id` again, as after a crash between handling it and recording
    /// that it was handled (the lease runs out and a worker takes it again). Waits until it
    /// was handled once first.
    pub async fn rerun(&self, update_id: i64) {
        let started = std::time::Instant::now();
        loop {
            let state: Option<String> =
                sqlx::query_scalar("SELECT state FROM inbox WHERE update_id = $1")
                    .bind(update_id)
                    .fetch_optional(&self.pool)
                    .await
                    .expect("inbox");
            if state.as_deref() == Some("done") {
                break;
            }
            assert!(
                started.elapsed() < WAIT,
                "update {update_id} was never handled ({state:?})"
            );
            tokio::time::sleep(Duration::from_millis(20)).await;
        }
        self.exec(&format!(
            "UPDATE inbox SET state = 'pending', finished_at = NULL WHERE update_id = {update_id}"
        ))
        .await;
    }

    pub fn user(&self, id: i64, first_name: &str, language: &str) -> Chat {
        Chat {
            emu: self.emu.clone(),
            user: UserProfile {
                id,
                first_name: first_name.to_owned(),
                username: None,
                language_code: Some(language.to_owned()),
            },
            cursor: 0,
            wait: WAIT,
        }
    }

    /// Stops the bot and checks what must hold after every test: the bot never sent the Bot API
    /// anything the real server would refuse, and the ledger's invariants hold.
    pub async fn finish(mut self) {
        if let Some(running) = self.running.take() {
            running.stop().await;
        }
        self.server.abort();
        let errors = self.emu.validation_errors();
        assert!(
            errors.is_empty(),
            "requests the real Bot API would refuse: {errors:#?}"
        );
        crate::ledger::assert_books_balance(&self.pool).await;
        if let Some(db) = self.db {
            db.drop_db().await;
        }
    }

    /// Runs a statement, e.g. the settings SQL that `/settings` would write.
    pub async fn exec(&self, sql: &str) {
        sqlx::query(sql)
            .execute(&self.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"));
    }

    pub async fn scalar(&self, sql: &str, bind: i64) -> i64 {
        sqlx::query_scalar(sql)
            .bind(bind)
            .fetch_one(&self.pool)
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }
}

/// Waits until the bot has finished `update_id` (handled, or given up): the inbox row is no
/// longer open. A webhook's 200 only says the update was stored.
pub async fn handled(pool: &PgPool, update_id: i64) {
    let started = std::time::Instant::now();
    loop {
        let state: Option<String> =
            sqlx::query_scalar("SELECT state FROM inbox WHERE update_id = $1")
                .bind(update_id)
                .fetch_optional(pool)
                .await
                .expect("inbox");
        if matches!(state.as_deref(), Some("done" | "dead" | "dropped")) {
            return;
        }
        assert!(
            started.elapsed() < WAIT,
            "update {update_id} was not handled ({state:?})"
        );
        tokio::time::sleep(Duration::from_millis(10)).await;
    }
}

/// One Telegram user's private chat with the bot.
pub struct Chat {
    pub emu: Emulator,
    pub user: UserProfile,
    cursor: u64,
    /// How long [`Chat::next`] waits for the bot.
    wait: Duration,
}

impl Chat {
    pub fn id(&self) -> i64 {
        self.user.id
    }

    /// Waits up to `wait` for each answer (tests where the bot is slow on purpose).
    pub fn patient(mut self, wait: Duration) -> Self {
        self.wait = wait;
        self
    }

    pub fn sends(&mut self, text: &str) -> i64 {
        self.emu.send_text(&self.user, text)
    }

    pub fn sends_photo(&mut self, bytes: Vec<u8>) -> i64 {
        self.emu.send_photo(&self.user, bytes, None)
    }

    pub fn presses(&mut self, message: &SentMessage, button_text: &str) -> i64 {
        let data = message
            .inline_buttons()
            .into_iter()
            .find(|(text, _)| text.contains(button_text))
            .map(|(_, data)| data)
            .unwrap_or_else(|| panic!("no button {button_text:?} in {message:?}"));
        self.emu.press_button(&self.user, message, &data)
    }

    /// Presses a button as it was on `message` when captured, even if the bot has since edited
    /// it away: what a slow client, or a forged callback from a modified client, sends.
    pub fn presses_stale(&mut self, message: &SentMessage, button_text: &str) -> i64 {
        let data = message
            .inline_buttons()
            .into_iter()
            .find(|(text, _)| text.contains(button_text))
            .map(|(_, data)| data)
            .unwrap_or_else(|| panic!("no button {button_text:?} in {message:?}"));
        let n = STALE.fetch_add(1, std::sync::atomic::Ordering::SeqCst);
        self.emu
            .push_raw_update(serde_json::json!({ "callback_query": {
                "id": format!("stale-{n}"),
                "from": { "id": self.user.id, "is_bot": false, "first_name": self.user.first_name,
                          "language_code": self.user.language_code },
                "chat_instance": "stale",
                "message": { "message_id": message.message_id, "date": 0,
                             "chat": { "id": message.chat_id, "type": "private" } },
                "data": data,
            }}))
    }

    /// The next bot-side event in this chat, or a panic naming what we waited for.
    pub async fn next(&mut self, waiting_for: &str) -> BotEvent {
        self.emu
            .next_event(self.user.id, &mut self.cursor, self.wait)
            .await
            .unwrap_or_else(|| {
                panic!(
                    "{}: timed out waiting for {waiting_for}",
                    self.user.first_name
                )
            })
    }

    /// The next new message (callback answers in between are skipped).
    pub async fn expect_message(&mut self) -> SentMessage {
        loop {
            match self.next("a message").await {
                BotEvent::Message(m) => return m,
                BotEvent::CallbackAnswer { .. } => continue,
                other => panic!("expected a message, got {other:?}"),
            }
        }
    }

    /// The next message, which must contain every one of `needles`.
    pub async fn expect(&mut self, needles: &[&str]) -> SentMessage {
        let m = self.expect_message().await;
        for needle in needles {
            assert!(
                m.body().contains(needle),
                "expected {needle:?} in {:?}",
                m.body()
            );
        }
        m
    }

    pub async fn expect_edit(&mut self) -> SentMessage {
        loop {
            match self.next("an edit").await {
                BotEvent::Edited(m) => return m,
                BotEvent::CallbackAnswer { .. } => continue,
                other => panic!("expected an edit, got {other:?}"),
            }
        }
    }

    pub async fn expect_callback_answer(&mut self) -> Option<String> {
        match self.next("a callback answer").await {
            BotEvent::CallbackAnswer { text, .. } => text,
            other => panic!("expected a callback answer, got {other:?}"),
        }
    }

    /// The next message must be a document; returns it with the file's name and bytes.
    pub async fn expect_document(&mut self) -> (SentMessage, String, Vec<u8>) {
        let m = self.expect_message().await;
        let id = m
            .document_file_id
            .clone()
            .unwrap_or_else(|| panic!("expected a document, got {m:?}"));
        let file = self.emu.file(&id).expect("uploaded document is stored");
        (m, file.file_name.unwrap_or_default(), file.bytes)
    }

    /// Sends a file as a document with an optional caption.
    /// Shares the user's own phone number (the `request_contact` button).
    pub fn shares_phone(&mut self, phone: &str) -> i64 {
        self.emu.send_contact(&self.user, phone)
    }

    /// Forwards the contact card of user `owner`.
    pub fn forwards_contact(&mut self, phone: &str, owner: i64) -> i64 {
        self.emu.send_foreign_contact(&self.user, phone, owner)
    }

    pub fn sends_document(&mut self, bytes: Vec<u8>, name: &str, caption: Option<&str>) -> i64 {
        self.emu.send_document(&self.user, bytes, name, caption)
    }

    /// The next message must be a photo; returns it with the image bytes the bot uploaded.
    pub async fn expect_photo(&mut self) -> (SentMessage, Vec<u8>) {
        let m = self.expect_message().await;
        let id = m
            .photo_file_id
            .clone()
            .unwrap_or_else(|| panic!("expected a photo, got {m:?}"));
        let bytes = self.emu.file_bytes(&id).expect("uploaded photo is stored");
        (m, bytes)
    }

    /// Nothing more arrives in this chat for `dur`.
    pub async fn expect_silence(&mut self, dur: Duration) {
        if let Some(e) = self
            .emu
            .next_event(self.user.id, &mut self.cursor, dur)
            .await
        {
            panic!("expected silence, got {e:?}");
        }
    }
}
