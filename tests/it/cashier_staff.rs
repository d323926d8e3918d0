//! Staff: invites (used, expired, forged), the staff list, revoking, and non-staff refused.

use std::time::Duration;

use crate::support::{
    bot::TestBot,
    stories::{hire, invite_link, join, owner, start_payload},
};

#[tokio::test]
async fn invites_are_one_time_and_expire_and_cannot_be_forged() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2001, "Kate", "Cafe Central").await;
    let calls = bot.emu.calls();
    let scoped = calls.iter().any(|c| {
        c.method == "setMyCommands"
            && c.params["scope"]["chat_id"].as_i64() == Some(kate.id())
            && c.params["commands"].to_string().contains("redeem")
    });
    assert!(
        scoped,
        "the cashier gets the till command list in their chat"
    );

    // The same link a second time, by someone else: used.
    let link = invite_link(&mut olena, "Kiosk").await;
    let mut max = bot.user(2002, "Max", "en");
    max.sends(&format!("/start {}", start_payload(&link)));
    max.expect(&["You are now a cashier", "Kiosk"]).await;
    olena.expect(&["Max joined"]).await;
    let mut eve = bot.user(2003, "Eve", "en");
    eve.sends(&format!("/start {}", start_payload(&link)));
    eve.expect(&["already used"]).await;
    // Forged and expired invites.
    eve.sends("/start s_NotARealInviteToken123");
    eve.expect(&["not valid"]).await;
    let expired = invite_link(&mut olena, "Night shift").await;
    sqlx::query(
        "UPDATE staff_invites SET expires_at = now() - interval '1 second' WHERE token = $1",
    )
    .bind(start_payload(&expired).trim_start_matches("s_"))
    .execute(&bot.pool)
    .await
    .expect("expire the invite");
    eve.sends(&format!("/start {}", start_payload(&expired)));
    eve.expect(&["expired"]).await;
    eve.sends("/today");
    eve.expect(&["staff only"]).await;
    let cashiers = bot
        .scalar("SELECT COUNT(*) FROM cashiers WHERE active AND $1 = $1", 0)
        .await;
    assert_eq!(cashiers, 2);

    // Only owners manage staff.
    kate.sends("/addcashier Back door");
    kate.expect(&["Only the owner"]).await;
    kate.sends("/staff");
    kate.expect(&["Only the owner"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_revoked_cashier_loses_every_cashier_action_at_once() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2011, "Kate", "Cafe").await;
    let mut anna = join(&bot, 2012, "Anna", "en").await;

    // Kate has Anna's card open when she is revoked.
    kate.sends("/scan");
    kate.expect(&["Type the card number"]).await;
    let number: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id WHERE c.tg_user_id = $1",
    )
    .bind(anna.id())
    .fetch_one(&bot.pool)
    .await
    .expect("card");
    kate.sends(&format!("/scan {number}"));
    kate.expect(&["Anna", "50 points"]).await;

    olena.sends("/staff");
    let list = olena.expect(&["Cashiers", "Kate · Cafe"]).await;
    olena.presses(&list, "Revoke Kate");
    assert!(
        olena
            .expect_callback_answer()
            .await
            .is_some_and(|t| t.contains("no longer has cashier access"))
    );
    olena.expect(&["no longer has cashier access"]).await;
    kate.expect(&["access was revoked"]).await;

    // The open card screen is gone and every till action is refused.
    kate.sends("100");
    kate.expect(&["didn't understand"]).await;
    for cmd in [
        "/today",
        "/redeem 10",
        "/refund 1",
        &format!("/scan {number}"),
    ] {
        kate.sends(cmd);
        kate.expect(&["staff only"]).await;
    }
    let (png, _) = crate::support::stories::card(&mut anna).await;
    kate.sends_photo(png);
    kate.expect(&["didn't understand"]).await;
    anna.expect_silence(Duration::from_millis(500)).await;
    let purchases = bot
        .scalar("SELECT COUNT(*) FROM purchases WHERE $1 = $1", 0)
        .await;
    assert_eq!(purchases, 0);
    bot.finish().await;
}
