//! The card picture as a shop's card: the owner sets the shop's name and colour in
//! `/settings` (a colour too light for white text is refused and changes nothing), and the
//! customer's next `/card` carries them, with the QR code still readable by two decoders.

use crate::{
    settings::{edit, set},
    support::{
        bot::TestBot,
        stories::{card, join, owner},
    },
};

#[tokio::test]
async fn the_owner_sets_the_shop_name_and_colour_and_the_card_shows_them() {
    let bot = TestBot::start().await;
    let mut olena = owner(&bot);
    let mut anna = join(&bot, 5401, "Анна", "ru").await;

    let saved = set(&mut olena, "Shop name", "Кофейня «Зерно»").await;
    assert!(saved.body().contains("Кофейня «Зерно»"), "{}", saved.body());
    edit(&mut olena, "Card colour").await;
    olena.sends("#ffee00");
    olena.expect(&["too light"]).await;
    olena.sends("nonsense");
    olena.expect(&["not a colour"]).await;
    olena.sends("/cancel");
    let cancelled = olena.expect_edit().await;
    assert!(
        cancelled.body().contains("nothing was changed"),
        "{cancelled:?}"
    );
    set(&mut olena, "Card colour", "#8E24AA").await;
    let stored: (String, String) =
        sqlx::query_as("SELECT shop_name, shop_colour FROM program_settings")
            .fetch_one(&bot.pool)
            .await
            .expect("settings");
    assert_eq!(stored, ("Кофейня «Зерно»".into(), "#8e24aa".into()));

    let (png, link) = card(&mut anna).await;
    let img = image::load_from_memory(&png).expect("PNG").to_rgb8();
    assert_eq!(
        img.get_pixel(3, 3).0,
        [0x8e, 0x24, 0xaa],
        "the band is the shop's colour"
    );
    assert!(link.contains("?start=c_"), "{link}");
    bot.finish().await;
}
