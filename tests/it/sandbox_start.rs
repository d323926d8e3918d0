//! `loyalty-bot sandbox`: the demo programme, and a private Postgres when none answers.

use loyalty_bot::sandbox::{self, SandboxOptions};

use crate::support::db::TestDb;

fn options(database_url: String, seed: bool) -> SandboxOptions {
    SandboxOptions {
        listen: "127.0.0.1:0".parse().expect("addr"),
        database_url,
        fresh: false,
        seed,
        private_cluster_dir: None,
    }
}

#[tokio::test]
async fn first_start_seeds_a_demo_programme_through_the_real_conversation() {
    let db = TestDb::new().await;
    let url = db.url();
    let sb = sandbox::start(options(url.clone(), true))
        .await
        .expect("sandbox starts");
    let balances: Vec<(String, i64)> = sqlx::query_as(
        "SELECT c.first_name, a.balance FROM customers c JOIN accounts a ON a.id = c.account_id ORDER BY c.id",
    )
    .fetch_all(&sb.pool)
    .await
    .expect("customers");
    // Anna: welcome 50 + 62 for 1250,50 + referral 100; Борис: 50 + 24 for 480 + referral 100.
    assert_eq!(
        balances,
        vec![("Anna".to_owned(), 212), ("Борис".to_owned(), 174)]
    );
    let cashiers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM cashiers WHERE active")
        .fetch_one(&sb.pool)
        .await
        .expect("cashiers");
    assert_eq!(cashiers, 1);
    // The demo programme: Anna's 1250,50 moved her up to Silver; the owner made a coupon flyer.
    let (tier, coupons): (Option<String>, i64) = sqlx::query_as(
        "SELECT (SELECT t.name FROM customers c JOIN tiers t ON t.id = c.tier_id
                 WHERE c.first_name = 'Anna'),
                (SELECT COUNT(*) FROM coupons WHERE code = 'COFFEE')",
    )
    .fetch_one(&sb.pool)
    .await
    .expect("programme");
    assert_eq!((tier.as_deref(), coupons), (Some("Silver"), 1));
    // The chats show the conversation that made it.
    let anna = sb.emulator.messages(100_003);
    assert!(
        anna.iter().any(|m| m.body().contains("+62 points")),
        "{anna:#?}"
    );
    assert!(
        sb.emulator.validation_errors().is_empty(),
        "{:#?}",
        sb.emulator.validation_errors()
    );
    crate::ledger::assert_books_balance(&sb.pool).await;
    sb.stop().await;

    // A restart keeps the data and does not seed twice.
    let sb = sandbox::start(options(url.clone(), true))
        .await
        .expect("sandbox restarts");
    let customers: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM customers")
        .fetch_one(&sb.pool)
        .await
        .expect("n");
    assert_eq!(customers, 2);
    // The chats come back as they were, pictures included.
    let again = sb.emulator.messages(100_003);
    assert!(
        again.iter().any(|m| m.body().contains("+62 points")),
        "a restart keeps the chats: {again:#?}"
    );
    let card = again
        .iter()
        .find_map(|m| m.photo_file_id.clone())
        .expect("Anna's card picture");
    assert!(sb.emulator.file(&card).is_some_and(|f| !f.bytes.is_empty()));
    let before = again.len();
    sb.stop().await;

    // `--fresh` clears them with the rest.
    let mut fresh = options(url, false);
    fresh.fresh = true;
    let sb = sandbox::start(fresh).await.expect("sandbox starts afresh");
    assert!(before > 0);
    assert!(sb.emulator.messages(100_003).is_empty());
    sb.stop().await;
    db.drop_db().await;
}

#[tokio::test]
async fn with_nothing_at_database_url_it_runs_a_private_postgres() {
    if sandbox::postgres::find_binaries().is_none() {
        assert!(
            std::env::var_os("CI").is_none(),
            "CI must have PostgreSQL server binaries"
        );
        eprintln!("skipped: no initdb/postgres binaries here");
        return;
    }
    let dir = std::env::temp_dir().join(format!("lbt-private-pg-{}", std::process::id()));
    let mut opts = options(
        "postgres://postgres@127.0.0.1:1/loyalty_sandbox".to_owned(),
        false,
    );
    opts.private_cluster_dir = Some(dir.clone());
    let sb = sandbox::start(opts)
        .await
        .expect("sandbox starts on a private cluster");
    let cluster = sb
        .private_cluster
        .as_ref()
        .expect("a private cluster was started");
    assert!(
        cluster.url.contains(&dir.display().to_string()),
        "{}",
        cluster.url
    );
    let one: i32 = sqlx::query_scalar("SELECT 1")
        .fetch_one(&sb.pool)
        .await
        .expect("query");
    assert_eq!(one, 1);
    crate::ledger::assert_books_balance(&sb.pool).await;
    let data_dir = cluster.data_dir.clone();
    sb.stop().await;
    assert!(
        !data_dir.join("postmaster.pid").exists(),
        "the private cluster was stopped"
    );
    let _ = std::fs::remove_dir_all(&dir);
}
