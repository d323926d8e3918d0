//! Stories of the customer side, against the real dispatcher, the Bot API emulator and a fresh
//! Postgres database.

use std::time::Duration;

use loyalty_bot::{
    domain::{CardSecret, CardToken, Points},
    ledger::{self, EntryKind, Posting, SystemAccount, Transfer},
    qr,
};

use crate::support::bot::{BOT_USERNAME, CARD_SECRET, TestBot};

const SETTLE: Duration = Duration::from_millis(600);

#[tokio::test]
async fn start_registers_pays_the_welcome_bonus_once_and_shows_the_menu() {
    let bot = TestBot::start().await;
    let mut anna = bot.user(1001, "Anna", "en");

    anna.sends("/start");
    let welcome = anna.expect(&["Welcome, Anna", "50 points"]).await;
    assert_eq!(
        welcome.reply_keyboard(),
        vec![
            "💳 Card",
            "💰 Balance",
            "📜 History",
            "🎁 Invite",
            "❓ Help"
        ]
    );
    let (card, _) = anna.expect_photo().await;
    assert!(card.body().contains("50 points"), "{}", card.body());

    anna.sends("/start");
    anna.expect(&["Welcome back, Anna", "50 points"]).await;
    anna.expect_silence(SETTLE).await; // returning customers get no second card message

    let bonuses = bot
        .scalar(
            "SELECT COUNT(*) FROM journal_entries WHERE kind = 'welcome' AND $1 = $1",
            0,
        )
        .await;
    assert_eq!(bonuses, 1);
    anna.sends("/balance");
    anna.expect(&["Your balance: 50 points."]).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_redelivered_or_doubled_start_still_makes_one_customer_and_one_bonus() {
    let bot = TestBot::start().await;
    let mut ivan = bot.user(1002, "Ivan", "en");
    // Two taps in a row, then Telegram re-sends the first update: the inbox has it already.
    let first = ivan.sends("/start");
    ivan.sends("/start");
    ivan.expect(&["Welcome, Ivan"]).await;
    ivan.expect_photo().await;
    ivan.expect(&["Welcome back"]).await;
    bot.redeliver(first).await;
    ivan.expect_silence(SETTLE).await;
    // A crash after handling it, before recording that: the handler runs it again. It is
    // still the message that registered Ivan, so he gets the welcome and his card again, and
    // no second bonus.
    bot.rerun(first).await;
    ivan.expect(&["Welcome, Ivan"]).await;
    ivan.expect_photo().await;
    tokio::time::sleep(SETTLE * 2).await;
    let customers = bot
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE tg_user_id = $1",
            ivan.id(),
        )
        .await;
    assert_eq!(customers, 1);
    let balance = bot
        .scalar(
            "SELECT a.balance FROM accounts a JOIN customers c ON c.account_id = a.id WHERE c.tg_user_id = $1",
            ivan.id(),
        )
        .await;
    assert_eq!(balance, 50);
    bot.finish().await;
}

#[tokio::test]
async fn the_card_is_a_scannable_deep_link_that_reveals_nothing_to_customers() {
    let bot = TestBot::start().await;
    let mut anna = bot.user(1003, "Anna", "en");
    anna.sends("/start");
    anna.expect(&["Welcome"]).await;
    anna.expect_photo().await;

    anna.sends("/card");
    let (card, png) = anna.expect_photo().await;
    let number: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id WHERE c.tg_user_id = $1",
    )
    .bind(anna.id())
    .fetch_one(&bot.pool)
    .await
    .expect("card");
    let grouped = format!("{} {} {}", &number[0..4], &number[4..8], &number[8..12]);
    assert!(
        card.body().contains(&grouped),
        "caption {:?} lacks {grouped}",
        card.body()
    );
    assert!(card.body().contains("50 points"));

    let link = qr::decode(&png).expect("the card PNG holds a readable QR code");
    if let Some(zbar) = zbar_decode(&png) {
        assert_eq!(zbar, link, "an independent decoder reads the same link");
    }
    let prefix = format!("https://t.me/{BOT_USERNAME}?start=c_");
    let token = link
        .strip_prefix(&prefix)
        .unwrap_or_else(|| panic!("{link} is not a card deep link"));
    assert!(
        token.len() + 2 <= 64
            && token
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
    );
    let card_id = CardToken::verify(token, &CardSecret::new(CARD_SECRET))
        .expect("signed by us")
        .card_id();
    let owner: i64 = sqlx::query_scalar(
        "SELECT c.tg_user_id FROM cards k JOIN customers c ON c.id = k.customer_id WHERE k.id = $1",
    )
    .bind(card_id)
    .fetch_one(&bot.pool)
    .await
    .expect("card exists");
    assert_eq!(owner, anna.id());

    // Another customer's phone camera opens the link: only "staff only", no name, no balance.
    let mut boris = bot.user(1004, "Boris", "en");
    boris.sends(&format!("/start c_{token}"));
    let answer = boris.expect(&["Only the shop's staff"]).await;
    assert!(
        !answer.body().contains("Anna")
            && !answer.body().contains("50")
            && !answer.body().contains(&number[8..])
    );

    // Forged, truncated and foreign tokens are rejected.
    let mut forged = token.to_owned().into_bytes();
    forged[3] = if forged[3] == b'A' { b'B' } else { b'A' };
    let forged = String::from_utf8(forged).expect("ascii");
    let foreign = CardToken::for_card(card_id).encode(&CardSecret::new("some other shop's secret"));
    for bad in [forged.as_str(), &token[..10], foreign.as_str()] {
        boris.sends(&format!("/start c_{bad}"));
        boris.expect(&["not valid"]).await;
    }
    let boris_registered = bot
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE tg_user_id = $1",
            boris.id(),
        )
        .await;
    assert_eq!(
        boris_registered, 0,
        "opening a card link does not register anyone"
    );
    bot.finish().await;
}

fn zbar_decode(png: &[u8]) -> Option<String> {
    let path = std::env::temp_dir().join(format!("card-{}.png", std::process::id()));
    std::fs::write(&path, png).ok()?;
    let out = std::process::Command::new("zbarimg")
        .args(["--raw", "-q"])
        .arg(&path)
        .output()
        .ok()?;
    let _ = std::fs::remove_file(&path);
    out.status
        .success()
        .then(|| String::from_utf8_lossy(&out.stdout).trim().to_owned())
}

#[tokio::test]
async fn history_is_paged_with_buttons() {
    let bot = TestBot::start().await;
    let mut olga = bot.user(1005, "Olga", "en");
    olga.sends("/start");
    olga.expect(&["Welcome"]).await;
    olga.expect_photo().await;

    olga.sends("/history");
    let first = olga.expect(&["Welcome bonus", "+50"]).await;
    assert!(
        first.inline_buttons().is_empty(),
        "one page only: no buttons"
    );

    // Fifteen purchases posted through the ledger make two pages.
    let account: i64 = bot
        .scalar(
            "SELECT account_id FROM customers WHERE tg_user_id = $1",
            olga.id(),
        )
        .await;
    let mut conn = bot.pool.acquire().await.expect("conn");
    let from = ledger::system_account(&mut conn, SystemAccount::Purchases)
        .await
        .expect("sys");
    for i in 1..=15 {
        let to = ledger::AccountId(account);
        let p = Posting::new(
            format!("test-purchase-{i}"),
            EntryKind::Purchase,
            vec![Transfer {
                from,
                to,
                points: Points::new(i).expect("positive"),
            }],
        );
        ledger::post(&mut conn, &p).await.expect("post");
    }
    drop(conn);

    olga.sends("/history");
    let page1 = olga.expect(&["Purchase", "+15"]).await;
    assert!(!page1.body().contains("Welcome bonus"));
    olga.presses(&page1, "Older");
    let page2 = olga.expect_edit().await;
    assert!(
        page2.body().contains("Welcome bonus") && page2.body().contains("Purchase · +1\n"),
        "{}",
        page2.body()
    );
    olga.presses(&page2, "Newer");
    let back = olga.expect_edit().await;
    assert!(back.body().contains("+15"));
    bot.finish().await;
}

#[tokio::test]
async fn invite_links_record_the_referrer_once() {
    let bot = TestBot::start().await;
    let mut anna = bot.user(1006, "Anna", "en");
    anna.sends("/start");
    anna.expect(&["Welcome"]).await;
    anna.expect_photo().await;

    anna.sends("/invite");
    let invite = anna
        .expect(&["100 points", "https://t.me/test_loyalty_bot?start=r_"])
        .await;
    let link = invite
        .body()
        .split_whitespace()
        .find(|w| w.starts_with("https://t.me/"))
        .expect("link")
        .to_owned();
    let payload = link.split("start=").nth(1).expect("payload").to_owned();

    anna.sends(&format!("/start {payload}"));
    anna.expect(&["Welcome back"]).await;
    anna.expect(&["your own invitation link"]).await;

    let mut boris = bot.user(1007, "Boris", "ru");
    boris.sends(&format!("/start {payload}"));
    boris
        .expect(&["Добро пожаловать, Boris", "50 баллов"])
        .await;
    boris.expect(&["по приглашению: Anna", "100 баллов"]).await;
    boris.expect_photo().await;
    anna.expect(&["Boris joined with your invitation"]).await;

    let referred_by = bot
        .scalar(
            "SELECT c.referred_by FROM customers c WHERE c.tg_user_id = $1",
            boris.id(),
        )
        .await;
    let anna_id = bot
        .scalar("SELECT id FROM customers WHERE tg_user_id = $1", anna.id())
        .await;
    assert_eq!(referred_by, anna_id);

    // A member cannot be re-attributed; a made-up code is refused politely.
    boris.sends(&format!("/start {payload}"));
    boris.expect(&["С возвращением"]).await;
    boris.expect(&["уже участник"]).await;
    let mut vera = bot.user(1008, "Vera", "uk");
    vera.sends("/start r_doesnotexist");
    vera.expect(&["Ласкаво просимо", "50 балів"]).await;
    vera.expect(&["недійсне"]).await;
    let vera_ref = bot
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE tg_user_id = $1 AND referred_by IS NULL",
            vera.id(),
        )
        .await;
    assert_eq!(vera_ref, 1);
    bot.finish().await;
}

#[tokio::test]
async fn language_can_be_changed_and_everything_follows() {
    let bot = TestBot::start().await;
    let mut taras = bot.user(1009, "Taras", "ru");
    taras.sends("/start");
    taras.expect(&["Добро пожаловать"]).await;
    taras.expect_photo().await;

    taras.sends("/language");
    let choose = taras.expect(&["Выберите язык"]).await;
    taras.presses(&choose, "Українська");
    assert_eq!(
        taras.expect_callback_answer().await.as_deref(),
        Some("Мову змінено на українську.")
    );
    let done = taras.expect(&["Мову змінено"]).await;
    assert!(done.reply_keyboard().contains(&"💳 Картка".to_owned()));

    // Old Russian menu buttons still work, and answers are now in Ukrainian.
    taras.sends("💰 Баланс");
    taras.expect(&["Ваш баланс: 50 балів."]).await;
    taras.sends("/help");
    taras.expect(&["Як це працює"]).await;
    let scoped = bot
        .emu
        .calls()
        .into_iter()
        .filter(|c| {
            c.method == "setMyCommands" && c.params.to_string().contains(&taras.id().to_string())
        })
        .count();
    assert_eq!(
        scoped, 1,
        "the chat's command menu follows the chosen language"
    );
    bot.finish().await;
}

#[tokio::test]
async fn garbage_gets_a_short_answer_and_changes_nothing() {
    let bot = TestBot::start().await;
    let mut x = bot.user(1010, "<b>&_*", "de");
    x.sends("/card");
    x.expect(&["Press /start"]).await;
    x.sends("/start");
    // An unknown app language falls back to DEFAULT_LANGUAGE; the name arrives escaped.
    // (The emulator refuses HTML that is not escaped, so arriving intact proves escaping.)
    x.expect(&["Welcome, <b>&_*!"]).await;
    x.expect_photo().await;

    for junk in ["hello", "12.345", "-5", "💳", "/start@other_bot"] {
        x.sends(junk);
        x.expect_message().await;
    }
    x.sends("/start x_broken");
    x.expect(&["not valid or has expired"]).await;
    x.expect(&["Welcome back"]).await;
    x.sends_photo(vec![0, 1, 2, 3]);
    x.expect(&["didn't understand"]).await;
    x.sends("/nonsense");
    x.expect(&["don't know that command"]).await;
    x.sends(&format!("/start c_{}", "A".repeat(60)));
    x.expect(&["not valid"]).await;

    tokio::time::sleep(SETTLE).await;
    let entries = bot
        .scalar("SELECT COUNT(*) FROM journal_entries WHERE $1 = $1", 0)
        .await;
    assert_eq!(entries, 1, "only the welcome bonus was ever posted");
    bot.finish().await;
}

#[tokio::test]
async fn telegram_errors_are_survived() {
    use loyalty_bot::sandbox::emulator::Fault;
    let bot = TestBot::start().await;
    let mut anna = bot.user(1011, "Anna", "en");
    anna.sends("/start");
    anna.expect(&["Welcome"]).await;
    anna.expect_photo().await;

    // 429: the bot waits retry_after and delivers.
    bot.emu.inject_fault("sendMessage", Fault::RetryAfter(1));
    anna.sends("/balance");
    anna.expect(&["50 points"]).await;
    // 403 (blocked) and 400: given up, logged, and the bot carries on.
    bot.emu.inject_fault("sendMessage", Fault::Blocked);
    anna.sends("/balance");
    bot.emu.inject_fault(
        "sendPhoto",
        Fault::BadRequest("Bad Request: wrong file".into()),
    );
    anna.sends("/card");
    tokio::time::sleep(SETTLE).await;
    anna.sends("/help");
    anna.expect(&["How it works"]).await;
    let sends = bot
        .emu
        .calls()
        .into_iter()
        .filter(|c| c.method == "sendMessage")
        .count();
    assert!(sends >= 4);
    bot.finish().await;
}

#[tokio::test]
async fn start_up_talks_to_telegram_as_documented() {
    let bot = TestBot::start().await;
    let calls = bot.emu.calls();
    let methods: Vec<&str> = calls.iter().map(|c| c.method.as_str()).collect();
    assert_eq!(methods.first(), Some(&"getMe"));
    assert!(methods.contains(&"deleteWebhook"));
    for lang in ["en", "ru", "uk"] {
        let set = calls.iter().find(|c| {
            c.method == "setMyCommands"
                && c.params.get("language_code").and_then(|v| v.as_str()) == Some(lang)
        });
        let set = set.unwrap_or_else(|| panic!("no setMyCommands for {lang}"));
        let commands = set.params["commands"].as_array().expect("commands").len();
        // Every customer command, whoever added it (/start … /delete_me, /birthday, …).
        let expected =
            loyalty_bot::telegram::commands::customer_commands(loyalty_bot::domain::Language::En)
                .len();
        assert!(expected >= 11);
        assert_eq!(commands, expected);
    }
    let delete_at = methods.iter().position(|m| *m == "deleteWebhook");
    let poll_at = methods.iter().position(|m| *m == "getUpdates");
    assert!(delete_at < poll_at || poll_at.is_none());
    bot.finish().await;
}
