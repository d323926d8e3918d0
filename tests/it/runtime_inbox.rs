//! The update inbox: replicas share it, a worker that vanished is replaced, updates that keep
//! failing are given up with a word to the user, and idle long polls never overlap.

use std::time::{Duration, Instant};

use loyalty_bot::{
    config::Config,
    startup::{self, PollingOptions, Running},
};

use crate::{
    support::{
        bot::{OWNER_ID, TestBot, handled},
        db::TestDb,
    },
    webhook::{SECRET, deliver, user, webhook_vars},
};

async fn replica(api: std::net::SocketAddr, pool: sqlx::PgPool) -> Running {
    let mut vars = webhook_vars();
    vars.extend([
        ("TELOXIDE_TOKEN", "7000001:TEST-TOKEN".to_owned()),
        ("TELOXIDE_API_URL", format!("http://{api}/")),
        ("CARD_SECRET", "inbox-test-card-secret".to_owned()),
        ("OWNER_IDS", OWNER_ID.to_string()),
    ]);
    vars.retain(|(k, _)| *k != "WEBHOOK_SECRET");
    let config = Config::from_vars(|k| vars.iter().find(|(n, _)| *n == k).map(|(_, v)| v.clone()))
        .expect("config");
    startup::start(config, pool, PollingOptions::default())
        .await
        .expect("replica starts")
}

async fn scalar(pool: &sqlx::PgPool, sql: &str) -> i64 {
    sqlx::query_scalar(sql).fetch_one(pool).await.expect(sql)
}

#[tokio::test]
async fn replicas_share_one_inbox_in_order_and_take_over_a_vanished_worker() {
    let db = TestDb::new().await;
    let (emu, api, server) = crate::support::bot::serve_emulator().await;
    let a = replica(api, db.pool.clone()).await;
    let b = replica(api, db.pool.clone()).await;
    // Without WEBHOOK_SECRET both derive the same secret: each accepts Telegram's requests.
    let registered: Vec<String> = emu
        .calls()
        .iter()
        .filter(|c| c.method == "setWebhook")
        .map(|c| c.params["secret_token"].as_str().unwrap_or("").to_owned())
        .collect();
    assert_eq!(registered.len(), 2);
    assert_eq!(registered[0], registered[1]);
    let secret = registered[0].clone();
    let (ra, rb) = (a.listen_addr.expect("a"), b.listen_addr.expect("b"));

    // Ten people, three messages each, their updates split over both replicas.
    let mut ids = Vec::new();
    for i in 0..10 {
        let who = user(51_000 + i, &format!("P{i}"));
        for text in ["/start", "/balance", "/invite"] {
            let id = emu.send_text(&who, text);
            let update = emu.update_json(id).expect("update");
            let to = if ids.len() % 2 == 0 { ra } else { rb };
            assert_eq!(deliver(to, &update, Some(&secret)).await, 200);
            ids.push(id);
        }
    }
    for id in &ids {
        handled(&db.pool, *id).await;
    }
    assert_eq!(
        scalar(&db.pool, "SELECT COUNT(*) FROM inbox WHERE state = 'done'").await,
        30
    );
    // Each chat's answers in the order of its messages.
    for i in 0..10 {
        let texts: Vec<String> = emu
            .messages(51_000 + i)
            .iter()
            .map(|m| m.body().to_owned())
            .collect();
        let welcome = texts.iter().position(|t| t.contains("Welcome"));
        let balance = texts.iter().position(|t| t.contains("Balance"));
        let invite = texts.iter().position(|t| t.contains("t.me/"));
        assert!(
            welcome < balance && balance < invite && welcome.is_some(),
            "{texts:?}"
        );
    }
    // A worker that died holding updates (its lease ran out): another one takes them over.
    let who = user(51_100, "Orphan");
    let orphan = emu.send_text(&who, "/start");
    sqlx::query(
        "INSERT INTO inbox (update_id, chat_id, payload, state, attempts, worker, lease_until)
         VALUES ($1, $2, $3::jsonb, 'working', 1, 42, now() - interval '1 second')",
    )
    .bind(orphan)
    .bind(who.id)
    .bind(emu.update_json(orphan).expect("update").to_string())
    .execute(&db.pool)
    .await
    .expect("an update held by a dead worker");
    handled(&db.pool, orphan).await;
    assert!(
        emu.messages(who.id)
            .iter()
            .any(|m| m.body().contains("Welcome"))
    );
    // Wrong secret: still refused by both.
    let update = emu.update_json(ids[0]).expect("update");
    assert_eq!(deliver(ra, &update, Some(SECRET)).await, 401);
    assert_eq!(deliver(rb, &update, Some("nope")).await, 401);

    a.stop().await;
    b.stop().await;
    server.abort();
    assert!(emu.validation_errors().is_empty());
    crate::ledger::assert_books_balance(&db.pool).await;
    db.drop_db().await;
}

#[tokio::test]
async fn updates_that_keep_failing_are_given_up_with_a_word_and_counted() {
    let bot = TestBot::start_with(&[("LISTEN_ADDR", "127.0.0.1:0".to_owned())]).await;
    // Registrations of three people fail in the database: "Broken" always with an error that
    // another attempt will not cure, "Busy" always with one that might pass (a serialization
    // failure), "Lucky" twice and then not.
    bot.exec("CREATE SEQUENCE lucky_tries").await;
    // A sequence counts Lucky's tries: it survives the rollback of the failed attempt.
    bot.exec(
        "CREATE FUNCTION fail_some() RETURNS trigger LANGUAGE plpgsql AS $$
         BEGIN
           IF NEW.first_name = 'Broken' THEN
             RAISE EXCEPTION 'broken on purpose' USING ERRCODE = 'P0001';
           ELSIF NEW.first_name = 'Busy' THEN
             RAISE EXCEPTION 'busy on purpose' USING ERRCODE = '40001';
           ELSIF NEW.first_name = 'Lucky' AND nextval('lucky_tries') <= 2 THEN
             RAISE EXCEPTION 'unlucky on purpose' USING ERRCODE = '40001';
           END IF;
           RETURN NEW;
         END $$",
    )
    .await;
    bot.exec(
        "CREATE TRIGGER fail_some BEFORE INSERT ON customers
         FOR EACH ROW EXECUTE FUNCTION fail_some()",
    )
    .await;
    let mut broken = bot.user(52_001, "Broken", "en");
    let mut busy = bot
        .user(52_002, "Busy", "ru")
        .patient(Duration::from_secs(40));
    let mut lucky = bot
        .user(52_003, "Lucky", "en")
        .patient(Duration::from_secs(20));
    let started = Instant::now();
    let broken_update = broken.sends("/start");
    let busy_update = busy.sends("/start");
    lucky.sends("/start");

    broken.expect(&["something went wrong"]).await;
    lucky.expect(&["Welcome, Lucky"]).await;
    lucky.expect_photo().await;
    busy.expect(&["что-то пошло не так"]).await;
    // Five attempts with a growing pause between them (1 + 2 + 4 + 8 s).
    assert!(started.elapsed() >= Duration::from_secs(14));

    handled(&bot.pool, broken_update).await;
    handled(&bot.pool, busy_update).await;
    let state = |id: i64| {
        let pool = bot.pool.clone();
        async move {
            sqlx::query_as::<_, (String, i32)>(
                "SELECT state, attempts FROM inbox WHERE update_id = $1",
            )
            .bind(id)
            .fetch_one(&pool)
            .await
            .expect("inbox row")
        }
    };
    assert_eq!(state(broken_update).await, ("dead".into(), 1));
    assert_eq!(state(busy_update).await, ("dead".into(), 5));
    let customers = bot
        .scalar("SELECT COUNT(*) FROM customers WHERE $1 = $1", 0)
        .await;
    assert_eq!(customers, 1, "only Lucky got in");

    let metrics = reqwest::get(format!("http://{}/metrics", bot.listen_addr()))
        .await
        .expect("metrics")
        .text()
        .await
        .expect("text");
    assert!(metrics.contains("loyalty_inbox_dead 2"), "{metrics}");
    assert!(metrics.contains("loyalty_updates_dead_total"), "{metrics}");
    bot.finish().await;
}

#[tokio::test]
async fn forty_idle_seconds_of_long_polling_never_overlap() {
    let bot = TestBot::start_polling_as_in_production().await;
    tokio::time::sleep(Duration::from_secs(40)).await;
    let polls = bot
        .emu
        .calls()
        .iter()
        .filter(|c| c.method == "getUpdates")
        .count();
    assert!(polls >= 3, "it kept polling ({polls} polls)");
    assert_eq!(
        bot.emu.poll_problems(),
        (0, 0),
        "overlapping or abandoned getUpdates"
    );
    // And it still answers at once after the long quiet.
    let mut anna = bot.user(53_001, "Anna", "en");
    anna.sends("/start");
    anna.expect(&["Welcome"]).await;
    bot.finish().await;
}
