//! The Mini App in the sandbox, in a real browser (headless Chromium): the customer opens her
//! card from the chat's menu button and sees her balance; the cashier opens the till from
//! hers, presses Scan (Telegram's scanner, played by the sandbox), clicks the customer's card
//! in the other pane, types an amount, presses Post (Telegram's main button, drawn by the
//! sandbox) and sees the receipt, which the customer also gets in her chat; the customer's open
//! card follows an Undo at the till by itself. The pages load the
//! sandbox's stand-in for telegram-web-app.js, whose initData the emulator signed with the
//! bot's token, and call the bot's real API. A screenshot is saved to
//! `test-artifacts/sandbox-miniapp.png`.

use std::path::PathBuf;

use anyhow::Context;
use loyalty_bot::sandbox::{self, Sandbox, SandboxOptions, web::Role};
use serde_json::json;

use crate::{
    sandbox_browser::{BOT_SAYS, hire_cashier, pane},
    support::{
        db::TestDb,
        webdriver::{Browser, Driver},
    },
};

/// The text of the first element matching `arguments[0]` once it contains every needle.
const TEXT_HAS: &str = "
    const [css, needles] = arguments;
    const el = document.querySelector(css);
    const text = el?.innerText ?? '';
    return el && needles.every((n) => text.includes(n)) ? text : null;";

#[tokio::test(flavor = "multi_thread")]
async fn customer_and_cashier_use_the_mini_app_from_the_menu_button() {
    let Some(driver) = Driver::start("sandbox_miniapp").await else {
        return;
    };
    loyalty_bot::telemetry::init();
    let db = TestDb::new().await;
    let sandbox = sandbox::start(SandboxOptions {
        listen: "127.0.0.1:0".parse().expect("address"),
        database_url: db.url(),
        fresh: true,
        seed: false,
        private_cluster_dir: None,
    })
    .await
    .expect("sandbox starts");
    let browser = driver.browser(1400, 900).await.expect("browser starts");

    let outcome = story(&browser, &sandbox).await;
    let _ = browser.leave_frames().await;
    let artifact =
        PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts/sandbox-miniapp.png");
    let shot = browser.screenshot(&artifact).await;
    let console = browser.console_errors().await;
    browser.quit().await;
    let errors = sandbox.emulator.validation_errors();
    crate::ledger::assert_books_balance(&sandbox.pool).await;
    sandbox.stop().await;
    db.drop_db().await;
    outcome.expect("the Mini App story in the browser");
    shot.expect("screenshot saved");
    let console = console.expect("browser console");
    assert!(console.is_empty(), "errors in the page: {console:#?}");
    assert!(
        errors.is_empty(),
        "requests Telegram would refuse: {errors:#?}"
    );
}

async fn story(browser: &Browser, sandbox: &Sandbox) -> anyhow::Result<()> {
    let personas = sandbox.personas.read().expect("personas").clone();
    let id = |role: Role| {
        personas
            .iter()
            .find(|p| p.role == role && p.user.language_code.as_deref() == Some("en"))
            .map(|p| p.user.id)
            .with_context(|| format!("a {role:?}"))
    };
    let (owner, cashier, anna) = (id(Role::Owner)?, id(Role::Cashier)?, id(Role::Customer)?);
    browser.goto(&sandbox.url).await?;
    let count = "return document.querySelectorAll('section.pane').length >= arguments[0]";
    browser
        .wait_for("the panes", count, json!([personas.len()]))
        .await?;
    hire_cashier(browser, owner, cashier).await?;
    browser
        .click(&format!("{} [data-testid=start]", pane(anna)))
        .await?;
    let card = format!("{} img[data-file-id]", pane(anna));
    let loaded = "const img = document.querySelector(arguments[0]); return img?.complete && img.naturalWidth > 0";
    browser
        .wait_for("Anna's card", loaded, json!([card]))
        .await?;

    // Anna: the menu button "Card" opens her card in the Mini App, balance and all.
    let menu = format!("{} [data-testid=menu-web-app]", pane(anna));
    let shown = "const b = document.querySelector(arguments[0]); return b && !b.hidden ? b.innerText : null";
    let label = browser
        .wait_for("Anna's menu button", shown, json!([menu]))
        .await?;
    anyhow::ensure!(label == json!("Card"), "Anna's menu button: {label}");
    browser.click(&menu).await?;
    let frame = format!("{} [data-testid=webapp-frame]", pane(anna));
    browser
        .wait_for(
            "Anna's Mini App",
            "return document.querySelector(arguments[0])",
            json!([frame]),
        )
        .await?;
    browser.enter_frame(&frame).await?;
    browser
        .wait_for(
            "Anna's balance",
            TEXT_HAS,
            json!(["[data-testid=balance]", ["50 points"]]),
        )
        .await?;
    browser
        .wait_for(
            "her card picture",
            loaded,
            json!(["[data-testid=card-picture]"]),
        )
        .await?;
    browser.leave_frames().await?;
    // Closed again, so her chat (with the card picture the cashier scans) shows.
    browser
        .click(&format!("{} [data-testid=webapp-close]", pane(anna)))
        .await?;

    // Kate: the menu button "Till" opens the till.
    let menu = format!("{} [data-testid=menu-web-app]", pane(cashier));
    let label = browser
        .wait_for("Kate's menu button", shown, json!([menu]))
        .await?;
    anyhow::ensure!(label == json!("Till"), "Kate's menu button: {label}");
    browser.click(&menu).await?;
    let frame = format!("{} [data-testid=webapp-frame]", pane(cashier));
    browser
        .wait_for(
            "Kate's Mini App",
            "return document.querySelector(arguments[0])",
            json!([frame]),
        )
        .await?;
    browser.enter_frame(&frame).await?;
    browser
        .wait_for(
            "the till",
            "return document.querySelector('[data-testid=scan]')",
            json!([]),
        )
        .await?;
    browser.click("[data-testid=scan]").await?;
    browser.leave_frames().await?;
    // Telegram's scanner, as the sandbox plays it: click the card shown in Anna's chat.
    browser
        .wait_for(
            "the scanner",
            "const n = document.querySelector(arguments[0]); return n && !n.hidden",
            json!([format!("{} [data-testid=webapp-scanning]", pane(cashier))]),
        )
        .await?;
    browser.click(&card).await?;
    browser.enter_frame(&frame).await?;
    browser
        .wait_for(
            "Anna's card at the till",
            TEXT_HAS,
            json!(["[data-testid=till-card]", ["Anna", "50 points"]]),
        )
        .await?;
    browser.type_into("[data-testid=amount]", "1250").await?;
    browser.leave_frames().await?;
    let post = format!("{} [data-testid=webapp-main-button]", pane(cashier));
    let label = browser.wait_for("Post", shown, json!([post])).await?;
    anyhow::ensure!(label == json!("Post"), "the main button: {label}");
    browser.click(&post).await?;
    browser.enter_frame(&frame).await?;
    browser
        .wait_for(
            "the receipt",
            TEXT_HAS,
            json!([
                "[data-testid=receipt]",
                ["Receipt #", "+62 points, balance 112"]
            ]),
        )
        .await?;
    browser.leave_frames().await?;
    let told = json!([pane(anna), ["+62 points", "Balance: 112 points"]]);
    browser
        .wait_for("Anna's receipt in her chat", BOT_SAYS, told)
        .await?;

    // Anna opens her card again: the purchase is there.
    browser
        .click(&format!("{} [data-testid=menu-web-app]", pane(anna)))
        .await?;
    let frame = format!("{} [data-testid=webapp-frame]", pane(anna));
    browser
        .wait_for(
            "Anna's Mini App",
            "return document.querySelector(arguments[0])",
            json!([frame]),
        )
        .await?;
    browser.enter_frame(&frame).await?;
    browser
        .wait_for(
            "the new balance",
            TEXT_HAS,
            json!(["[data-testid=balance]", ["112 points"]]),
        )
        .await?;
    browser
        .wait_for(
            "the purchase in her history",
            TEXT_HAS,
            json!(["[data-testid=history]", ["+62"]]),
        )
        .await?;
    let page = browser
        .eval("return document.body.innerText", json!([]))
        .await?;
    anyhow::ensure!(
        !page.to_string().contains("null"),
        "a null drawn in the page: {page}"
    );
    browser.leave_frames().await?;

    // With her card open, Kate undoes the purchase at her till: Anna's page follows by itself.
    let kate_frame = format!("{} [data-testid=webapp-frame]", pane(cashier));
    browser.enter_frame(&kate_frame).await?;
    browser.click("[data-testid=undo]").await?;
    browser
        .wait_for(
            "the undo at the till",
            TEXT_HAS,
            json!(["[data-testid=undone]", ["#1"]]),
        )
        .await?;
    browser.leave_frames().await?;
    browser.enter_frame(&frame).await?;
    browser
        .wait_for(
            "Anna's open card updated",
            TEXT_HAS,
            json!(["[data-testid=balance]", ["50 points"]]),
        )
        .await?;
    browser.leave_frames().await?;
    Ok(())
}
