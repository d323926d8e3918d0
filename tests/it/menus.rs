//! Command menus follow each person's role and language: owners, cashiers and customers get
//! their own lists, in the language they speak, set when they first talk to the bot, when their
//! role changes and when they change language; a restart does not set them all again.

use crate::support::{
    bot::{OWNER_ID, TestBot},
    stories::{invite_link, join, owner, start_payload},
};

/// The command names the emulator shows in `chat` to a user whose app speaks `app_lang`.
fn menu(bot: &TestBot, chat: i64, app_lang: &str) -> Vec<(String, String)> {
    bot.emu.commands_for(chat, Some(app_lang))
}

fn has(menu: &[(String, String)], command: &str, description: &str) -> bool {
    menu.iter().any(|(c, d)| c == command && d == description)
}

fn chat_menu_calls(bot: &TestBot, chat: i64) -> usize {
    bot.emu
        .calls()
        .iter()
        .filter(|c| {
            c.method.ends_with("MyCommands") && c.params["scope"]["chat_id"].as_i64() == Some(chat)
        })
        .count()
}

#[tokio::test]
async fn an_owner_who_speaks_russian_gets_russian_owner_commands_once() {
    let mut bot = TestBot::start().await;
    let mut olena = bot.user(OWNER_ID, "Olena", "ru");
    olena.sends("/help");
    olena.expect_message().await;
    let list = menu(&bot, OWNER_ID, "ru");
    assert!(
        has(
            &list,
            "addcashier",
            "Пригласить кассира: /addcashier [магазин]"
        ),
        "owner commands in Russian: {list:?}"
    );
    assert!(has(
        &list,
        "stats",
        "Статистика и график: /stats 7d|30d|90d|365d|all"
    ));
    assert!(
        has(&list, "redeem", "Списать баллы: /redeem N [сумма]"),
        "owners also work the till: {list:?}"
    );
    assert_eq!(chat_menu_calls(&bot, OWNER_ID), 1);

    // A restart remembers what each chat was given: nothing is set again.
    bot.restart().await;
    olena.sends("/help");
    olena.expect_message().await;
    assert_eq!(
        chat_menu_calls(&bot, OWNER_ID),
        1,
        "no second call after a restart"
    );

    // A customer who speaks their app's language needs no list of their own (the per-language
    // default scope has it).
    let mut anna = join(&bot, 3201, "Анна", "uk").await;
    anna.sends("/balance");
    anna.expect_message().await;
    assert_eq!(chat_menu_calls(&bot, anna.id()), 0);
    let list = menu(&bot, anna.id(), "uk");
    assert!(has(&list, "card", "Показати картку"), "{list:?}");
    bot.finish().await;
}

#[tokio::test]
async fn a_cashier_who_switches_language_keeps_the_till_menu_and_loses_it_when_revoked() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    // Kate is a customer first, then becomes a cashier.
    let mut kate = join(&bot, 3301, "Kate", "en").await;
    let link = invite_link(&mut olena, "Cafe").await;
    kate.sends(&format!("/start {}", start_payload(&link)));
    kate.expect(&["You are now a cashier", "Cafe"]).await;
    olena.expect(&["Kate", "joined as a cashier"]).await;
    let list = menu(&bot, kate.id(), "en");
    assert!(has(&list, "scan", "Open a card by its number"), "{list:?}");
    assert!(!list.iter().any(|(c, _)| c == "addcashier"), "{list:?}");

    kate.sends("/language");
    let choose = kate.expect(&["Choose"]).await;
    kate.presses(&choose, "Українська");
    kate.expect_callback_answer().await;
    kate.expect(&["Мову змінено"]).await;
    let list = menu(&bot, kate.id(), "en");
    assert!(
        has(&list, "scan", "Відкрити картку за номером"),
        "the till menu, now in Ukrainian: {list:?}"
    );
    assert!(
        !list.iter().any(|(c, _)| c == "card"),
        "not the customer menu: {list:?}"
    );

    // Revoked: back to the customer list, in the language she chose.
    olena.sends("/staff");
    let staff = olena.expect(&["Kate · Cafe"]).await;
    olena.presses(&staff, "Revoke Kate");
    olena.expect_callback_answer().await;
    olena.expect(&["no longer has cashier access"]).await;
    kate.expect_message().await;
    let list = menu(&bot, kate.id(), "en");
    assert!(has(&list, "card", "Показати картку"), "{list:?}");
    assert!(!list.iter().any(|(c, _)| c == "scan"), "{list:?}");
    bot.finish().await;
}
