//! The binary itself: configuration errors and `ledger check`.

use std::process::Command;

use crate::support::db::TestDb;

fn bin() -> Command {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_loyalty-bot"));
    cmd.env_clear()
        .env("PATH", std::env::var("PATH").unwrap_or_default())
        .current_dir(std::env::temp_dir());
    cmd
}

#[test]
fn a_missing_or_malformed_setting_stops_start_up_with_one_line_naming_it() {
    let out = bin().arg("run").output().expect("runs");
    assert!(!out.status.success());
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(err.trim().lines().count(), 1, "{err}");
    assert!(err.contains("TELOXIDE_TOKEN"), "{err}");

    let out = bin()
        .arg("run")
        .env("TELOXIDE_TOKEN", "123:SECRET-TOKEN-VALUE")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("CARD_SECRET") && !err.contains("SECRET-TOKEN-VALUE"),
        "{err}"
    );

    let out = bin()
        .arg("migrate")
        .env("OWNER_IDS", "12,x")
        .output()
        .expect("runs");
    let err = String::from_utf8_lossy(&out.stderr);
    assert!(
        err.contains("OWNER_IDS") && err.trim().lines().count() == 1,
        "{err}"
    );
}

#[tokio::test]
async fn ledger_check_passes_on_good_books_and_fails_on_tampered_ones() {
    let db = TestDb::new().await;
    let url = db.pool.connect_options().get_database().map(|name| {
        let mut u = url::Url::parse(&crate::support::db::admin_url()).expect("url");
        u.set_path(&format!("/{name}"));
        u.to_string()
    });
    let url = url.expect("database name");
    let check = || {
        bin()
            .args(["ledger", "check"])
            .env("DATABASE_URL", &url)
            .output()
            .expect("runs")
    };

    let out = check();
    let text = String::from_utf8_lossy(&out.stdout);
    assert!(out.status.success(), "{text}");
    assert!(text.contains("ledger check: OK"), "{text}");

    sqlx::query("UPDATE accounts SET balance = 5 WHERE code = 'redeemed'")
        .execute(&db.pool)
        .await
        .expect("tamper");
    let out = check();
    let text = String::from_utf8_lossy(&out.stdout);
    assert_eq!(out.status.code(), Some(1), "{text}");
    assert!(text.contains("VIOLATION"), "{text}");
    db.drop_db().await;
}
