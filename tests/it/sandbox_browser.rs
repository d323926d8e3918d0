//! The sandbox in a real browser (headless Chromium): a customer presses Start and gets the
//! card; the cashier clicks Scan, then the card image in the customer's pane, and posts a
//! purchase; the customer sees the receipt and the new balance. A screenshot of the end state
//! is saved to `test-artifacts/sandbox.png`.

use std::path::PathBuf;

use anyhow::Context;
use loyalty_bot::sandbox::{self, Sandbox, SandboxOptions, web::Role};
use serde_json::json;

use crate::support::{
    db::TestDb,
    webdriver::{Browser, Driver},
};

/// The chats' element selectors, by persona.
pub fn pane(id: i64) -> String {
    format!("section.pane[data-persona=\"{id}\"]")
}

/// The text of the bot's messages in a pane, joined; resolves once `needles` all appear.
pub const BOT_SAYS: &str = "
    const [pane, needles] = arguments;
    const texts = [...document.querySelectorAll(pane + ' [data-testid=message][data-from=bot]')]
        .map((m) => m.innerText);
    return texts.find((t) => needles.every((n) => t.includes(n))) ?? null;";

#[tokio::test(flavor = "multi_thread")]
async fn cashier_scans_a_card_shown_in_another_pane_and_the_customer_sees_the_receipt() {
    let Some(driver) = Driver::start("sandbox_browser").await else {
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
    // The end of the story (or where it got stuck) is worth a look either way.
    let artifact = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("test-artifacts/sandbox.png");
    let shot = browser.screenshot(&artifact).await;
    let outcome = match outcome {
        Ok(()) => more_of_the_page(&browser).await,
        failed => failed,
    };
    let mut errors = sandbox.emulator.validation_errors();
    let (outcome, sandbox) = match outcome {
        Ok(()) => reopen_after_restart(&browser, sandbox, &db).await,
        failed => (failed, sandbox),
    };
    errors.extend(sandbox.emulator.validation_errors());
    let console = browser.console_errors().await;
    browser.quit().await;
    crate::ledger::assert_books_balance(&sandbox.pool).await;
    sandbox.stop().await;
    db.drop_db().await;
    outcome.expect("the story in the browser");
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
    let id = |role: Role, language: &str| {
        personas
            .iter()
            .find(|p| p.role == role && p.user.language_code.as_deref() == Some(language))
            .map(|p| p.user.id)
            .with_context(|| format!("a {role:?} speaking {language}"))
    };
    let (owner, cashier) = (id(Role::Owner, "en")?, id(Role::Cashier, "en")?);
    let (anna, boris) = (id(Role::Customer, "en")?, id(Role::Customer, "ru")?);

    browser.goto(&sandbox.url).await?;
    let count = "return document.querySelectorAll('section.pane').length >= arguments[0]";
    browser
        .wait_for("the panes", count, json!([personas.len()]))
        .await?;

    hire_cashier(browser, owner, cashier).await?;

    // Anna presses Start: the welcome, then her card as the image the bot sent.
    browser
        .click(&format!("{} [data-testid=start]", pane(anna)))
        .await?;
    let card = format!("{} img[data-file-id]", pane(anna));
    let loaded = "const img = document.querySelector(arguments[0]); return img?.complete && img.naturalWidth > 0";
    browser
        .wait_for("Anna's card", loaded, json!([card]))
        .await?;
    // Борис's pane speaks Russian, down to its own buttons.
    let start = format!("{} [data-testid=start]", pane(boris));
    let label = "return document.querySelector(arguments[0]).innerText";
    let start_label = browser.eval(label, json!([start])).await?;
    anyhow::ensure!(
        start_label == json!("ЗАПУСТИТЬ"),
        "Борис's Start: {start_label}"
    );
    browser.click(&start).await?;

    // Kate scans: Scan, then a click on the card in Anna's pane opens it at her till.
    browser
        .click(&format!("{} [data-testid=scan]", pane(cashier)))
        .await?;
    browser.click(&card).await?;
    let opened = json!([pane(cashier), ["Anna", "Balance: 50 points"]]);
    browser
        .wait_for("the card at the till", BOT_SAYS, opened)
        .await?;

    let input = format!("{} [data-testid=composer-input]", pane(cashier));
    browser.type_into(&input, "1250").await?;
    browser
        .click(&format!("{} [data-testid=send]", pane(cashier)))
        .await?;
    let receipt = json!([pane(cashier), ["Receipt #", "+62 points"]]);
    browser
        .wait_for("the cashier's receipt", BOT_SAYS, receipt)
        .await?;
    let told = json!([pane(anna), ["+62 points", "Balance: 112 points"]]);
    browser.wait_for("Anna's receipt", BOT_SAYS, told).await?;
    browser
        .wait_for(
            "Борис's card",
            loaded,
            json!([format!("{} img[data-file-id]", pane(boris))]),
        )
        .await?;
    Ok(())
}

/// A restarted sandbox shows the chats as they were: the page, opened again, has Anna's receipt
/// and card, and the pane of Mia, added from the page.
async fn reopen_after_restart(
    browser: &Browser,
    sandbox: Sandbox,
    db: &TestDb,
) -> (anyhow::Result<()>, Sandbox) {
    let anna = sandbox
        .personas
        .read()
        .expect("personas")
        .iter()
        .find(|p| p.role == Role::Customer && p.user.language_code.as_deref() == Some("en"))
        .map(|p| p.user.id)
        .expect("Anna");
    // Leave the page first: its live stream would log errors while the server is away.
    if let Err(e) = browser.goto("about:blank").await {
        return (Err(e), sandbox);
    }
    sandbox.stop().await;
    let sandbox = sandbox::start(SandboxOptions {
        listen: "127.0.0.1:0".parse().expect("address"),
        database_url: db.url(),
        fresh: false,
        seed: false,
        private_cluster_dir: None,
    })
    .await
    .expect("sandbox restarts");
    let check = async {
        browser.goto(&sandbox.url).await?;
        let told = json!([pane(anna), ["+62 points", "Balance: 112 points"]]);
        browser
            .wait_for("Anna's receipt after a restart", BOT_SAYS, told)
            .await?;
        let loaded = "const img = document.querySelector(arguments[0]); return img?.complete && img.naturalWidth > 0";
        let card = format!("{} img[data-file-id]", pane(anna));
        browser
            .wait_for("Anna's card after a restart", loaded, json!([card]))
            .await?;
        let mia = "return [...document.querySelectorAll('section.pane')].some((p) => p.innerText.includes('Mia')) || null";
        browser
            .wait_for("Mia's pane after a restart", mia, json!([]))
            .await?;
        Ok(())
    }
    .await;
    (check, sandbox)
}

async fn more_of_the_page(browser: &Browser) -> anyhow::Result<()> {
    sanitizer_keeps_only_telegram_html(browser).await?;
    add_customer(browser).await
}

/// "+ Customer" adds a pane that speaks the chosen language and starts with Start.
async fn add_customer(browser: &Browser) -> anyhow::Result<()> {
    browser.click("[data-testid=add-customer]").await?;
    browser
        .type_into("[data-testid=new-customer-name]", "Mia")
        .await?;
    let choose = "document.querySelector('[data-testid=new-customer-language]').value = 'uk'";
    browser.eval(choose, json!([])).await?;
    browser.click("[data-testid=new-customer-create]").await?;
    let start = "const panes = [...document.querySelectorAll('section.pane')];
        const mia = panes.find((p) => p.innerText.includes('Mia'));
        return mia?.querySelector('[data-testid=start]')?.innerText ?? null";
    let label = browser.wait_for("Mia's pane", start, json!([])).await?;
    anyhow::ensure!(label == json!("ПОЧАТИ"), "Mia's Start: {label}");
    Ok(())
}

/// Bot HTML goes through the page's whitelist: markup Telegram allows survives, anything else
/// (scripts, event handlers, javascript: links) is dropped before it reaches the document.
async fn sanitizer_keeps_only_telegram_html(browser: &Browser) -> anyhow::Result<()> {
    let script = "const done = arguments[arguments.length - 1];
        import('/static/html.js').then(({ renderBotHtml }) => {
            const box = document.createElement('div');
            box.append(renderBotHtml(arguments[0], () => {}));
            done({ html: box.innerHTML, pwned: window.pwned ?? null });
        }, (e) => done({ error: String(e) }));";
    let hostile = "<b>bold</b> <i>it</i> <a href=\"https://t.me/x\">ok</a> \
        <img src=x onerror=\"window.pwned=1\"><script>window.pwned=2</script>\
        <a href=\"javascript:window.pwned=3\">js</a> <tg-spoiler>s</tg-spoiler> &lt;b&gt;";
    let out = browser.eval_async(script, json!([hostile])).await?;
    let html = out["html"]
        .as_str()
        .with_context(|| format!("rendered: {out}"))?;
    anyhow::ensure!(out["pwned"].is_null(), "a script ran: {out}");
    let kept = [
        "<b>bold</b>",
        "<i>it</i>",
        "href=\"https://t.me/x\"",
        "class=\"spoiler\"",
        "&lt;b&gt;",
    ];
    for needle in kept {
        anyhow::ensure!(html.contains(needle), "{needle} missing from {html}");
    }
    for needle in ["<img", "<script", "javascript:", "onerror"] {
        anyhow::ensure!(!html.contains(needle), "{needle} survived in {html}");
    }
    Ok(())
}

/// A fresh sandbox has no staff: the owner invites Kate, and Kate opens the invite link in her
/// own chat (as if the owner had sent it to her).
pub async fn hire_cashier(browser: &Browser, owner: i64, cashier: i64) -> anyhow::Result<()> {
    browser
        .click(&format!("{} [data-testid=start]", pane(owner)))
        .await?;
    let input = format!("{} [data-testid=composer-input]", pane(owner));
    browser
        .wait_for(
            "the owner's chat",
            "return document.querySelector(arguments[0])?.offsetParent != null",
            json!([input]),
        )
        .await?;
    browser
        .type_into(&input, "/addcashier Café Central")
        .await?;
    browser
        .click(&format!("{} [data-testid=send]", pane(owner)))
        .await?;
    let link = "return [...document.querySelectorAll(arguments[0] + ' [data-testid=message] a')]
        .map((a) => a.href).find((href) => href.includes('?start=s_')) ?? null";
    let invite = browser
        .wait_for("the invite link", link, json!([pane(owner)]))
        .await?;
    let invite = invite.as_str().context("link")?.to_owned();

    browser
        .click(&format!("{} [data-testid=start]", pane(cashier)))
        .await?;
    let input = format!("{} [data-testid=composer-input]", pane(cashier));
    browser
        .wait_for(
            "Kate's chat",
            "return document.querySelector(arguments[0])?.offsetParent != null",
            json!([input]),
        )
        .await?;
    browser.type_into(&input, &invite).await?;
    browser
        .click(&format!("{} [data-testid=send]", pane(cashier)))
        .await?;
    // Tapping the link in her own message opens it: /start with the invite.
    let mine = format!("{} [data-from=user] a[href*=\"start=s_\"]", pane(cashier));
    browser
        .wait_for(
            "Kate's message with the link",
            "return document.querySelector(arguments[0])",
            json!([mine]),
        )
        .await?;
    browser.click(&mine).await?;
    let hired = json!([pane(cashier), ["Café Central"]]);
    browser
        .wait_for("Kate's welcome as a cashier", BOT_SAYS, hired)
        .await?;
    Ok(())
}
