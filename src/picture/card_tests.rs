use ab_glyph::Font;

use super::*;

const LINK: &str = "https://t.me/demo_loyalty_bot?start=c_AAAAAAAAACqxI5R5lDu3nHkS0g4";

fn art(stamps: Option<(u32, u32)>) -> CardArt<'static> {
    CardArt {
        link: LINK,
        number: "4821 0394 7712",
        shop: "Кофейня «Зерно»",
        colour: [0x8e, 0x24, 0xaa],
        holder: "Анна",
        tier: "Gold",
        stamps,
    }
}

#[test]
fn the_card_reads_back_with_rqrr_and_keeps_its_stamps() {
    for (collected, every) in [(0, 8), (3, 8), (8, 8), (11, 12), (20, 20)] {
        let png = render(&art(Some((collected, every)))).unwrap_or_default();
        assert!(png.starts_with(b"\x89PNG"));
        assert_eq!(crate::qr::decode(&png).as_deref(), Some(LINK));
        assert_eq!(read_stamps(&png), Some((collected, every)));
    }
    let plain = render(&art(None)).unwrap_or_default();
    assert_eq!(read_stamps(&plain), Some((0, 0)));
    assert_eq!(crate::qr::decode(&plain).as_deref(), Some(LINK));
}

/// An independent decoder (ZBar) reads it too, as a phone's would. Skipped without `zbarimg`
/// (CI installs it).
#[test]
fn the_card_reads_back_with_zbarimg() {
    let Ok(path) = which("zbarimg") else {
        assert!(std::env::var_os("CI").is_none(), "zbarimg missing in CI");
        eprintln!("SKIPPED: zbarimg not installed (Debian: zbar-tools)");
        return;
    };
    let png = render(&art(Some((3, 10)))).unwrap_or_default();
    let file = std::env::temp_dir().join(format!("card-{}.png", std::process::id()));
    assert!(std::fs::write(&file, &png).is_ok());
    let out = std::process::Command::new(path)
        .args(["--raw", "-q"])
        .arg(&file)
        .output();
    let _ = std::fs::remove_file(&file);
    let text = out.map(|o| String::from_utf8_lossy(&o.stdout).trim().to_owned());
    assert_eq!(text.ok().as_deref(), Some(LINK));
}

fn which(name: &str) -> Result<std::path::PathBuf, ()> {
    let path = std::env::var_os("PATH").unwrap_or_default();
    std::env::split_paths(&path)
        .map(|dir| dir.join(name))
        .find(|p| p.is_file())
        .ok_or(())
}

#[test]
fn the_font_covers_latin_and_cyrillic_and_text_is_drawn() {
    let font = super::super::font();
    for c in "AZaz09ЖЯжяЁёЇїІіЄєҐґ№€₴".chars() {
        assert_ne!(font.glyph_id(c).0, 0, "{c} has no glyph");
    }
    // The holder's name is drawn in ink between the band and the code.
    let png = render(&art(None)).unwrap_or_default();
    let img = image::load_from_memory(&png).map(|i| i.to_rgb8()).ok();
    let dark = img.as_ref().map_or(0, |img| {
        (HEADER..HEADER + NAME)
            .flat_map(|y| (0..img.width()).map(move |x| (x, y)))
            .filter(|&(x, y)| img.get_pixel(x, y).0[0] < 100)
            .count()
    });
    assert!(dark > 200, "the name is drawn ({dark} dark pixels)");
    // The band carries the shop's colour.
    assert_eq!(img.map(|i| i.get_pixel(2, 2).0), Some([0x8e, 0x24, 0xaa]));
}

#[test]
fn long_names_are_cut_to_fit() {
    let long = "Бесконечно длинное название магазина, которое не помещается";
    let cut = super::super::fit(long, 34.0, 300.0);
    assert!(
        cut.ends_with('…') && super::super::text_width(&cut, 34.0) <= 300.0,
        "{cut}"
    );
    let png = render(&CardArt {
        shop: long,
        holder: long,
        ..art(None)
    });
    assert!(png.is_ok());
}

/// Writes the card to `test-artifacts/card.png` for a look.
#[test]
fn a_card_to_look_at() {
    let png = render(&art(Some((3, 8)))).unwrap_or_default();
    let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
    let _ = std::fs::create_dir_all(&dir);
    let _ = std::fs::write(dir.join("card.png"), png);
}
