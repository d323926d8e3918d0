//! SIGTERM or SIGKILL during a burst of purchases: the real binary stops (within 10 s for
//! SIGTERM), every update it acknowledged to Telegram is stored in the inbox, and after a
//! restart every purchase is posted, nothing twice. After a SIGKILL the updates the dead
//! process held come back when their lease runs out.

use std::{
    process::{Child, Command, Stdio},
    time::{Duration, Instant},
};

use loyalty_bot::{
    domain::Language,
    enrollment::{self, Joining},
    sandbox::emulator::UserProfile,
};

use crate::support::db::TestDb;

const CASHIERS: i64 = 12;

fn spawn_bot(api: std::net::SocketAddr, db_url: &str, owners: &str) -> Child {
    Command::new(env!("CARGO_BIN_EXE_loyalty-bot"))
        .arg("run")
        .env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .env("TELOXIDE_TOKEN", "7000001:TEST-TOKEN")
        .env("TELOXIDE_API_URL", format!("http://{api}/"))
        .env("DATABASE_URL", db_url)
        .env("CARD_SECRET", "sigterm-test-card-secret")
        .env("OWNER_IDS", owners)
        .env("RUST_LOG", "warn")
        .current_dir(std::env::temp_dir())
        .stdout(Stdio::null())
        .spawn()
        .expect("the bot binary starts")
}

fn sigterm(child: &Child) {
    signal(child, "-TERM");
}

fn signal(child: &Child, signal: &str) {
    let status = Command::new("kill")
        .args([signal, &child.id().to_string()])
        .status()
        .expect("kill");
    assert!(status.success());
}

async fn wait_exit(child: &mut Child, limit: Duration) -> std::process::ExitStatus {
    let started = Instant::now();
    loop {
        if let Some(status) = child.try_wait().expect("wait") {
            return status;
        }
        assert!(
            started.elapsed() < limit,
            "the bot did not stop within {limit:?} of SIGTERM"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
}

async fn count(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test]
async fn sigterm_mid_burst_loses_nothing_and_doubles_nothing() {
    stopped_mid_burst("-TERM").await;
}

#[tokio::test]
async fn sigkill_mid_burst_loses_nothing_and_doubles_nothing() {
    stopped_mid_burst("-KILL").await;
}

async fn stopped_mid_burst(how: &str) {
    let db = TestDb::new().await;
    let (emu, api, server) = crate::support::bot::serve_emulator().await;

    // Owners are staff: each of them works a till with one customer.
    let staff: Vec<UserProfile> = (0..CASHIERS)
        .map(|i| UserProfile {
            id: 6_000 + i,
            first_name: format!("Till{i}"),
            username: None,
            language_code: Some("en".into()),
        })
        .collect();
    let owners = staff
        .iter()
        .map(|u| u.id.to_string())
        .collect::<Vec<_>>()
        .join(",");
    let mut numbers = Vec::new();
    for i in 0..CASHIERS {
        let who = Joining {
            tg_user_id: 7_000 + i,
            chat_id: 7_000 + i,
            first_name: "Customer",
            language: Language::En,
            referral_code: None,
            // Fresh people: no one here erased their data before.
            legacy_fingerprint: &[],
            message_id: None,
        };
        numbers.push(
            enrollment::enroll(&db.pool, &who)
                .await
                .expect("enroll")
                .card
                .number
                .digits(),
        );
    }

    let mut bot = spawn_bot(api, &db.url(), &owners);
    let mut amounts = Vec::new();
    for (u, number) in staff.iter().zip(&numbers) {
        emu.send_text(u, &format!("/scan {number}"));
        amounts.push(emu.send_text(u, "100"));
        tokio::time::sleep(Duration::from_millis(40)).await;
    }
    // Stop it once some purchases are in, while others are still on their way.
    let started = Instant::now();
    while count(&db.pool, "SELECT COUNT(*) FROM purchases").await < 3 {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "no purchases were posted"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    signal(&bot, how);
    let status = wait_exit(&mut bot, Duration::from_secs(10)).await;
    if how == "-TERM" {
        assert!(status.success(), "clean exit after SIGTERM: {status}");
    }

    // Every update the bot acknowledged to Telegram is in the inbox (handled or not yet):
    // nothing acknowledged is lost.
    for id in amounts.iter().filter(|id| emu.is_confirmed(**id)) {
        let stored: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM inbox WHERE update_id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await
            .expect("inbox");
        assert_eq!(stored, 1, "update {id} was acknowledged but not stored");
    }
    if how == "-TERM" {
        // What was still being handled was given back, not left locked.
        let held = count(
            &db.pool,
            "SELECT COUNT(*) FROM inbox WHERE state = 'working'",
        )
        .await;
        assert_eq!(held, 0, "a stopped bot holds no updates");
    }

    // Restart: the unconfirmed updates are delivered again and handled once.
    let polls_before = emu
        .calls()
        .iter()
        .filter(|c| c.method == "getUpdates")
        .count();
    let mut bot = spawn_bot(api, &db.url(), &owners);
    let started = Instant::now();
    while emu
        .calls()
        .iter()
        .filter(|c| c.method == "getUpdates")
        .count()
        == polls_before
    {
        assert!(
            started.elapsed() < Duration::from_secs(30),
            "the restarted bot never polled"
        );
        tokio::time::sleep(Duration::from_millis(20)).await;
    }
    while count(&db.pool, "SELECT COUNT(*) FROM purchases").await < CASHIERS
        || emu.pending_updates() > 0
        || count(
            &db.pool,
            "SELECT COUNT(*) FROM inbox WHERE state IN ('pending', 'working')",
        )
        .await
            > 0
    {
        // A bound against hanging, not a speed target: with the whole suite (the torture
        // test's bot processes included) sharing 2 cores, catching up once took over 90 s.
        assert!(
            started.elapsed() < Duration::from_secs(180),
            "the restarted bot did not catch up"
        );
        tokio::time::sleep(Duration::from_millis(50)).await;
    }
    sigterm(&bot);
    assert!(wait_exit(&mut bot, Duration::from_secs(10)).await.success());
    server.abort();

    assert_eq!(
        count(&db.pool, "SELECT COUNT(*) FROM purchases").await,
        CASHIERS
    );
    assert_eq!(
        count(
            &db.pool,
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'purchase'"
        )
        .await,
        CASHIERS
    );
    let wrong = count(
        &db.pool,
        "SELECT COUNT(*) FROM accounts WHERE kind = 'customer' AND balance <> 55",
    )
    .await;
    assert_eq!(
        wrong, 0,
        "every customer has the welcome bonus and one purchase, once"
    );
    crate::ledger::assert_books_balance(&db.pool).await;
    let out = Command::new(env!("CARGO_BIN_EXE_loyalty-bot"))
        .args(["ledger", "check"])
        .env("DATABASE_URL", db.url())
        .output()
        .expect("ledger check runs");
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stdout)
    );
    db.drop_db().await;
}
