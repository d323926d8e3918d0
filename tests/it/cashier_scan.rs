//! Finding the card three ways: camera deep link, photo of the QR, typed number.

use image::{GrayImage, ImageFormat, Luma};

use crate::support::{
    bot::TestBot,
    stories::{card, hire, join, owner, start_payload},
};

fn blank_png() -> Vec<u8> {
    let mut png = Vec::new();
    GrayImage::from_pixel(300, 300, Luma([200]))
        .write_to(&mut std::io::Cursor::new(&mut png), ImageFormat::Png)
        .expect("png");
    png
}

/// A photo as a phone would take it: JPEG, bigger, the card off-centre on a grey background.
fn as_camera_photo(png: &[u8]) -> Vec<u8> {
    let card = image::load_from_memory(png).expect("card png").to_luma8();
    let mut photo = GrayImage::from_pixel(card.width() + 400, card.height() + 300, Luma([170]));
    image::imageops::overlay(&mut photo, &card, 250, 120);
    let mut jpeg = Vec::new();
    image::DynamicImage::ImageLuma8(photo)
        .write_to(&mut std::io::Cursor::new(&mut jpeg), ImageFormat::Jpeg)
        .expect("jpeg");
    jpeg
}

#[tokio::test]
async fn a_card_opens_by_camera_link_photo_and_typed_number() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2101, "Kate", "Cafe").await;
    let mut anna = join(&bot, 2102, "Anna", "en").await;
    let (png, link) = card(&mut anna).await;
    let number: String = sqlx::query_scalar(
        "SELECT k.number FROM cards k JOIN customers c ON c.id = k.customer_id WHERE c.tg_user_id = $1",
    )
    .bind(anna.id())
    .fetch_one(&bot.pool)
    .await
    .expect("card");
    let last4 = &number[8..];

    // 1. Camera: the phone opens the deep link, the bot receives /start c_<token>.
    kate.sends(&format!("/start {}", start_payload(&link)));
    let screen = kate
        .expect(&["Anna", last4, "50 points", "Tier: Base"])
        .await;
    assert!(
        !screen.body().contains(&number[..4]),
        "the number is masked"
    );
    let buttons: Vec<String> = screen
        .inline_buttons()
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert_eq!(buttons, vec!["🛒 Purchase", "🎁 Redeem", "✖ Cancel"]);

    // 2. Photo: the PNG itself, and a camera-like JPEG of it.
    kate.sends_photo(png.clone());
    kate.expect(&["Anna", last4]).await;
    kate.sends_photo(as_camera_photo(&png));
    kate.expect(&["Anna", last4]).await;
    kate.sends_photo(blank_png());
    kate.expect(&["could not find a QR code"]).await;
    assert!(bot.emu.calls().iter().any(|c| c.method == "getFile"));

    // 3. Typed: with spaces, without, and via /scan; a wrong check digit is caught.
    let grouped = format!("{} {} {}", &number[..4], &number[4..8], &number[8..]);
    kate.sends(&grouped);
    kate.expect(&["Anna", last4]).await;
    kate.sends(&format!("/scan {number}"));
    kate.expect(&["Anna", last4]).await;
    let wrong = format!(
        "{}{}",
        &number[..11],
        (number.as_bytes()[11] - b'0' + 1) % 10
    );
    kate.sends(&format!("/scan {wrong}"));
    kate.expect(&["not valid"]).await;

    // Cancel closes the screen; then an amount means nothing.
    kate.sends(&grouped);
    let screen = kate.expect(&["Anna"]).await;
    kate.presses(&screen, "Cancel");
    kate.expect_edit().await;
    kate.sends("100");
    kate.expect(&["No card is open"]).await;
    bot.finish().await;
}

#[tokio::test]
async fn a_card_screen_expires() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut kate = hire(&bot, &mut olena, 2111, "Kate", "Cafe").await;
    let mut anna = join(&bot, 2112, "Anna", "en").await;
    let screen = crate::support::stories::scan(&mut kate, &mut anna).await;
    sqlx::query("UPDATE till_sessions SET expires_at = now() - interval '1 second'")
        .execute(&bot.pool)
        .await
        .expect("age the session");
    kate.sends("100");
    kate.expect(&["No card is open"]).await;
    kate.presses(&screen, "Purchase");
    kate.expect_callback_answer().await;
    kate.expect_edit().await;
    let purchases = bot
        .scalar("SELECT COUNT(*) FROM purchases WHERE $1 = $1", 0)
        .await;
    assert_eq!(purchases, 0);
    bot.finish().await;
}
