//! QR codes: a plain printable QR code with digits under it (coupon flyers; the customer's card
//! is drawn by [`crate::picture::card`]), and the reverse: finding and decoding a QR code in a
//! photo a cashier sends.

use std::io::Cursor;

use image::{GrayImage, ImageFormat, Luma, imageops::FilterType};
use qrcode::{Color, EcLevel, QrCode};

/// Pixels per QR module: big enough for a phone camera off another phone's screen.
const SCALE: u32 = 10;
/// Modules of white margin around the code (the QR spec asks for at least 4).
const QUIET: u32 = 4;
/// Pixels per font dot of the printed card number.
const DOT: u32 = 5;

#[derive(Debug, thiserror::Error)]
pub enum QrError {
    #[error("the link does not fit in a QR code")]
    TooLong,
    #[error("could not encode the PNG")]
    Png(#[from] image::ImageError),
}

/// A PNG of `link` as a QR code (error correction M), with `caption_digits` (digits and
/// spaces, e.g. a grouped card number) printed below it in a built-in pixel font.
pub fn render_card(link: &str, caption_digits: &str) -> Result<Vec<u8>, QrError> {
    let code =
        QrCode::with_error_correction_level(link, EcLevel::M).map_err(|_| QrError::TooLong)?;
    let modules = code.width() as u32;
    let side = (modules + 2 * QUIET) * SCALE;
    let text_h = 7 * DOT;
    let height = side + text_h + 3 * QUIET * SCALE / 2;
    let mut img = GrayImage::from_pixel(side, height, Luma([255]));

    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i as u32 % modules, i as u32 / modules);
            fill(
                &mut img,
                (x + QUIET) * SCALE,
                (y + QUIET) * SCALE,
                SCALE,
                SCALE,
            );
        }
    }

    let glyph_w = 6 * DOT; // 5 dots and one of spacing
    let text_w = caption_digits.chars().count() as u32 * glyph_w;
    let mut x = side.saturating_sub(text_w) / 2;
    let y = side - QUIET * SCALE / 2;
    for c in caption_digits.chars() {
        if let Some(rows) = c.to_digit(10).map(|d| DIGITS[d as usize]) {
            for (ry, row) in rows.iter().enumerate() {
                for rx in 0..5 {
                    if row & (0b10000 >> rx) != 0 {
                        fill(&mut img, x + rx * DOT, y + ry as u32 * DOT, DOT, DOT);
                    }
                }
            }
        }
        x += glyph_w;
    }

    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    Ok(png)
}

/// Finds the first readable QR code in an image (PNG or JPEG bytes) and returns its text.
/// Large camera photos are also tried scaled down, which helps the detector with noise.
pub fn decode(image_bytes: &[u8]) -> Option<String> {
    let img = image::load_from_memory(image_bytes).ok()?.to_luma8();
    if let Some(text) = decode_gray(&img) {
        return Some(text);
    }
    let longest = img.width().max(img.height());
    if longest > 1000 {
        let factor = 1000.0 / longest as f32;
        let small = image::imageops::resize(
            &img,
            (img.width() as f32 * factor) as u32,
            (img.height() as f32 * factor) as u32,
            FilterType::Triangle,
        );
        return decode_gray(&small);
    }
    None
}

fn decode_gray(img: &GrayImage) -> Option<String> {
    let mut prepared = rqrr::PreparedImage::prepare_from_greyscale(
        img.width() as usize,
        img.height() as usize,
        |x, y| img.get_pixel(x as u32, y as u32).0[0],
    );
    prepared
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

fn fill(img: &mut GrayImage, x0: u32, y0: u32, w: u32, h: u32) {
    for y in y0..(y0 + h).min(img.height()) {
        for x in x0..(x0 + w).min(img.width()) {
            img.put_pixel(x, y, Luma([0]));
        }
    }
}

/// A classic 5×7 dot font for the ten digits, one row per byte (top row first).
pub(crate) const DIGITS: [[u8; 7]; 10] = [
    [
        0b01110, 0b10001, 0b10011, 0b10101, 0b11001, 0b10001, 0b01110,
    ],
    [
        0b00100, 0b01100, 0b00100, 0b00100, 0b00100, 0b00100, 0b01110,
    ],
    [
        0b01110, 0b10001, 0b00001, 0b00010, 0b00100, 0b01000, 0b11111,
    ],
    [
        0b11111, 0b00010, 0b00100, 0b00010, 0b00001, 0b10001, 0b01110,
    ],
    [
        0b00010, 0b00110, 0b01010, 0b10010, 0b11111, 0b00010, 0b00010,
    ],
    [
        0b11111, 0b10000, 0b11110, 0b00001, 0b00001, 0b10001, 0b01110,
    ],
    [
        0b00110, 0b01000, 0b10000, 0b11110, 0b10001, 0b10001, 0b01110,
    ],
    [
        0b11111, 0b00001, 0b00010, 0b00100, 0b01000, 0b01000, 0b01000,
    ],
    [
        0b01110, 0b10001, 0b10001, 0b01110, 0b10001, 0b10001, 0b01110,
    ],
    [
        0b01110, 0b10001, 0b10001, 0b01111, 0b00001, 0b00010, 0b01100,
    ],
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rendered_card_decodes_back_to_the_link() {
        let link = "https://t.me/demo_loyalty_bot?start=c_AAAAAAAAACqxI5R5lDu3nHkS0g4";
        let png = render_card(link, "4821 0394 7712").unwrap_or_default();
        assert!(png.starts_with(b"\x89PNG"));
        assert_eq!(decode(&png).as_deref(), Some(link));
    }

    #[test]
    fn images_without_a_qr_code_decode_to_none() {
        let blank = GrayImage::from_pixel(200, 200, Luma([255]));
        let mut png = Vec::new();
        let written = blank.write_to(&mut Cursor::new(&mut png), ImageFormat::Png);
        assert!(written.is_ok());
        assert_eq!(decode(&png), None);
        assert_eq!(decode(b"not an image"), None);
    }
}
