//! Money integrity (issue #12): the bot works only in private chats. In a group it answers a
//! command once with a link to a private chat and does nothing else; a button acts only for
//! the person whose chat it is in.

use std::time::Duration;

use loyalty_bot::sandbox::emulator::SentMessage;
use serde_json::json;

use crate::support::{
    bot::{BOT_USERNAME, Chat, TestBot},
    stories::{hire, join, owner},
};

const GROUP: i64 = -100_777;

/// The group chat as the bot sees it (a negative id; its "name" is the group's title).
fn group(bot: &TestBot) -> Chat {
    bot.user(GROUP, "Coffee lovers", "en")
}

/// `who` presses the button with `data` on `message`, which is in `chat` (of type `kind`).
fn press_in(bot: &TestBot, who: &Chat, chat: (i64, &str), message: i64, data: &str) -> i64 {
    bot.emu.push_raw_update(json!({ "callback_query": {
        "id": format!("forged-{}-{message}", who.id()),
        "from": { "id": who.id(), "is_bot": false, "first_name": who.user.first_name,
                  "language_code": "en" },
        "chat_instance": "forged",
        "message": { "message_id": message, "date": 1,
                     "chat": { "id": chat.0, "type": chat.1, "title": "Coffee lovers" },
                     "text": "…" },
        "data": data,
    }}))
}

fn url_buttons(m: &SentMessage) -> Vec<String> {
    m.inline_buttons()
        .into_iter()
        .map(|(_, target)| target)
        .collect()
}

#[tokio::test]
async fn in_a_group_the_bot_only_points_to_a_private_chat() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 12_201, "Kate", "Cafe").await;
    let mut anna = join(&bot, 12_202, "Anna", "en").await;
    let mut g = group(&bot);
    let mut boris = bot.user(12_203, "Boris", "en");

    // A newcomer's /start@bot in the group: one answer, a link, no customer, no card.
    boris
        .emu
        .send_group_text(&g.user, &boris.user, &format!("/start@{BOT_USERNAME}"));
    let answer = g.expect(&["only in private chats"]).await;
    assert_eq!(
        url_buttons(&answer),
        [format!("https://t.me/{BOT_USERNAME}")]
    );
    g.expect_silence(Duration::from_millis(500)).await;
    boris.expect_silence(Duration::from_millis(100)).await;
    let boris_registered = bot
        .scalar(
            "SELECT COUNT(*) FROM customers WHERE tg_user_id = $1",
            boris.id(),
        )
        .await;
    assert_eq!(boris_registered, 0);

    // An invite link's payload is carried to the private chat.
    let code: String =
        sqlx::query_scalar("SELECT referral_code FROM customers WHERE tg_user_id = $1")
            .bind(anna.id())
            .fetch_one(&bot.pool)
            .await
            .expect("code");
    boris
        .emu
        .send_group_text(&g.user, &boris.user, &format!("/start r_{code}"));
    let answer = g.expect(&["only in private chats"]).await;
    assert_eq!(
        url_buttons(&answer),
        [format!("https://t.me/{BOT_USERNAME}?start=r_{code}")]
    );

    // A customer's /card and a cashier's /today in the group: no card, no numbers.
    anna.emu.send_group_text(&g.user, &anna.user, "/card");
    let answer = g.expect(&["only in private chats"]).await;
    assert!(answer.photo_file_id.is_none());
    kate.emu.send_group_text(&g.user, &kate.user, "/today");
    g.expect(&["only in private chats"]).await;
    // Plain talk in the group gets no answer at all.
    anna.emu
        .send_group_text(&g.user, &anna.user, "who wants coffee?");
    g.expect_silence(Duration::from_millis(500)).await;
    anna.expect_silence(Duration::from_millis(100)).await;
    kate.expect_silence(Duration::from_millis(100)).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_button_acts_only_for_the_person_it_was_sent_to() {
    let bot = TestBot::start().await;
    let mut anna = join(&bot, 12_211, "Anna", "en").await;
    let mut boris = join(&bot, 12_212, "Boris", "en").await;
    let language_of = |id: i64| {
        let pool = bot.pool.clone();
        async move {
            sqlx::query_scalar::<_, String>("SELECT language FROM customers WHERE tg_user_id = $1")
                .bind(id)
                .fetch_one(&pool)
                .await
                .expect("language")
        }
    };

    // Anna's language menu, pressed by Boris (a forged callback naming Anna's chat).
    anna.sends("/language");
    let menu = anna.expect(&["language"]).await;
    let ru = menu
        .inline_buttons()
        .into_iter()
        .find(|(label, _)| label.contains("Русский"))
        .map(|(_, data)| data)
        .expect("Русский");
    press_in(&bot, &boris, (anna.id(), "private"), menu.message_id, &ru);
    let toast = boris.expect_callback_answer().await.unwrap_or_default();
    assert!(toast.contains("not for you"), "{toast}");
    // The same button on a message in a group: refused too.
    press_in(&bot, &boris, (GROUP, "group"), 1, &ru);
    let toast = boris.expect_callback_answer().await.unwrap_or_default();
    assert!(toast.contains("not for you"), "{toast}");
    anna.expect_silence(Duration::from_millis(300)).await;
    assert_eq!(language_of(boris.id()).await, "en");
    assert_eq!(language_of(anna.id()).await, "en");

    // Anna's own press works.
    anna.presses(&menu, "Русский");
    anna.expect(&["русский"]).await;
    assert_eq!(language_of(anna.id()).await, "ru");
    bot.finish().await;
}
