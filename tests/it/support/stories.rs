//! Steps that many stories share: a customer joins, the owner hires a cashier, a cashier opens
//! a card and posts a purchase.

use loyalty_bot::sandbox::emulator::SentMessage;

use super::bot::{BOT_USERNAME, Chat, OWNER_ID, TestBot};

/// A customer who has pressed Start: the welcome and the card are consumed.
pub async fn join(bot: &TestBot, id: i64, name: &str, lang: &str) -> Chat {
    let mut c = bot.user(id, name, lang);
    c.sends("/start");
    c.expect_message().await;
    c.expect_photo().await;
    c
}

/// A customer who joins with `inviter`'s invite link: the welcome, the invitation notice and
/// the card are consumed, and the inviter is told (in English).
pub async fn join_invited(bot: &TestBot, inviter: &mut Chat, id: i64, name: &str) -> Chat {
    let code: String =
        sqlx::query_scalar("SELECT referral_code FROM customers WHERE tg_user_id = $1")
            .bind(inviter.id())
            .fetch_one(&bot.pool)
            .await
            .expect("code");
    let mut c = bot.user(id, name, "en");
    c.sends(&format!("/start r_{code}"));
    c.expect(&["Welcome"]).await;
    c.expect(&["invitation"]).await;
    c.expect_photo().await;
    inviter.expect(&[&format!("{name} joined")]).await;
    c
}

pub fn owner(bot: &TestBot) -> Chat {
    bot.user(OWNER_ID, "Olena", "en")
}

/// The owner invites a cashier for `store`, and the cashier opens the link.
pub async fn hire(bot: &TestBot, owner: &mut Chat, id: i64, name: &str, store: &str) -> Chat {
    let link = invite_link(owner, store).await;
    let mut cashier = bot.user(id, name, "en");
    cashier.sends(&format!("/start {}", start_payload(&link)));
    cashier.expect(&["You are now a cashier", store]).await;
    owner.expect(&[name, "joined as a cashier"]).await;
    cashier
}

pub async fn invite_link(owner: &mut Chat, store: &str) -> String {
    owner.sends(&format!("/addcashier {store}"));
    let m = owner.expect(&["Invite link", "valid for 24 hours"]).await;
    link_in(&m)
}

pub fn link_in(m: &SentMessage) -> String {
    m.body()
        .split_whitespace()
        .find(|w| w.starts_with(&format!("https://t.me/{BOT_USERNAME}?start=")))
        .unwrap_or_else(|| panic!("no deep link in {:?}", m.body()))
        .to_owned()
}

pub fn start_payload(link: &str) -> &str {
    link.split("start=")
        .nth(1)
        .expect("deep link has a payload")
}

/// The customer's card QR as sent by the bot: the PNG and the deep link it encodes.
pub async fn card(customer: &mut Chat) -> (Vec<u8>, String) {
    customer.sends("/card");
    let (_, png) = customer.expect_photo().await;
    let link = loyalty_bot::qr::decode(&png).expect("card QR decodes");
    (png, link)
}

/// The cashier scans the customer's QR with the phone camera (the deep link opens the bot).
pub async fn scan(cashier: &mut Chat, customer: &mut Chat) -> SentMessage {
    let (_, link) = card(customer).await;
    cashier.sends(&format!("/start {}", start_payload(&link)));
    cashier.expect(&["Balance"]).await
}

/// With a card open, the cashier posts `amount`; returns the receipt number.
pub async fn purchase(cashier: &mut Chat, customer: &mut Chat, amount: &str) -> i64 {
    cashier.sends(amount);
    let m = cashier.expect(&["Receipt #"]).await;
    customer.expect(&["Purchase at"]).await;
    receipt_number(&m)
}

pub fn receipt_number(m: &SentMessage) -> i64 {
    let after = m.body().split("Receipt #").nth(1).expect("receipt number");
    after
        .chars()
        .take_while(char::is_ascii_digit)
        .collect::<String>()
        .parse()
        .expect("digits")
}

pub async fn balance(bot: &TestBot, customer: &Chat) -> (i64, i64) {
    sqlx::query_as(
        "SELECT a.balance, a.pending FROM accounts a JOIN customers c ON c.account_id = a.id
         WHERE c.tg_user_id = $1",
    )
    .bind(customer.id())
    .fetch_one(&bot.pool)
    .await
    .expect("customer account")
}

/// `/refund <receipt> [amount]`: the refund screen, then Confirm; returns the cashier's
/// result message (the customer's message is left for the test to read).
pub async fn refund(cashier: &mut Chat, receipt: i64, amount: Option<&str>) -> SentMessage {
    let command = match amount {
        Some(a) => format!("/refund {receipt} {a}"),
        None => format!("/refund {receipt}"),
    };
    cashier.sends(&command);
    let screen = cashier
        .expect(&[&format!("Refund receipt #{receipt}?")])
        .await;
    cashier.presses(&screen, "Confirm refund");
    cashier.expect_edit().await;
    cashier.expect(&["Refund of receipt"]).await
}
