//! The customer's card as a shop's card: a band in the shop's colour with the shop's name and
//! the customer's tier, the customer's first name, the QR code of the card's signed link (large
//! and black on white, with its quiet zone, so a phone camera reads it off another phone's
//! screen), the number, and the stamp card as circles in the shop's colour.
//!
//! The layout is a function of the picture's width alone (the QR code's size decides it), so
//! [`read_stamps`] finds the circles again in a PNG; tests and support use it.

use std::io::Cursor;

use image::{
    ImageEncoder, RgbImage,
    codecs::png::{CompressionType, FilterType, PngEncoder},
};
use qrcode::{Color, EcLevel, QrCode};

use super::{Colour, INK, WHITE, disc, draw_text, fill, fit, text_width};
use crate::qr::QrError;

/// Pixels per QR module: big enough for a phone camera off another phone's screen.
const SCALE: u32 = 10;
/// Modules of white margin around the code (the QR spec asks for at least 4).
const QUIET: u32 = 4;
/// White on either side of the QR code's quiet zone.
const PAD: u32 = 16;
const HEADER: u32 = 96;
/// The customer's name, between the band and the code.
const NAME: u32 = 48;
/// The number, under the code.
const NUMBER: u32 = 52;
const FOOT: u32 = 16;
/// Stamp circles per row, and at most this many (the settings allow 20).
pub const STAMPS_PER_ROW: u32 = 10;
const MAX_STAMPS: u32 = 20;

/// What the card shows.
#[derive(Clone, Debug)]
pub struct CardArt<'a> {
    /// The card's signed deep link, drawn as the QR code.
    pub link: &'a str,
    /// The card number as printed (grouped).
    pub number: &'a str,
    /// The shop's name (`/settings`); may be empty.
    pub shop: &'a str,
    /// The shop's colour (`/settings`), dark enough for white text.
    pub colour: Colour,
    pub holder: &'a str,
    /// The tier as the customer reads it ("Gold", "Base").
    pub tier: &'a str,
    /// `(collected, every)` with a stamp card.
    pub stamps: Option<(u32, u32)>,
}

struct Layout {
    width: u32,
    qr_top: u32,
    qr_side: u32,
    stamps_top: u32,
    pitch: u32,
}

impl Layout {
    fn for_width(width: u32) -> Self {
        let qr_side = width.saturating_sub(2 * PAD);
        let qr_top = HEADER + NAME;
        Self {
            width,
            qr_top,
            qr_side,
            stamps_top: qr_top + qr_side + NUMBER,
            pitch: qr_side / STAMPS_PER_ROW,
        }
    }

    /// Centre and radius of each of `every` stamp circles.
    fn stamps(&self, every: u32) -> Vec<(u32, u32, u32)> {
        let radius = self.pitch * 2 / 5;
        (0..every.min(MAX_STAMPS))
            .map(|i| {
                let (row, col) = (i / STAMPS_PER_ROW, i % STAMPS_PER_ROW);
                (
                    PAD + col * self.pitch + self.pitch / 2,
                    self.stamps_top + row * self.pitch + self.pitch / 2,
                    radius,
                )
            })
            .collect()
    }
}

/// The card as a PNG.
pub fn render(art: &CardArt<'_>) -> Result<Vec<u8>, QrError> {
    Ok(encode(&draw(art)?)?)
}

/// The card's pixels.
pub fn draw(art: &CardArt<'_>) -> Result<RgbImage, QrError> {
    let code =
        QrCode::with_error_correction_level(art.link, EcLevel::M).map_err(|_| QrError::TooLong)?;
    let modules = code.width() as u32;
    let qr_side = (modules + 2 * QUIET) * SCALE;
    let layout = Layout::for_width(qr_side + 2 * PAD);
    let every = art.stamps.map_or(0, |(_, every)| every.min(MAX_STAMPS));
    let rows = every.div_ceil(STAMPS_PER_ROW);
    let height = layout.stamps_top + rows * layout.pitch + FOOT;
    let width = layout.width;
    // White ([`WHITE`]) is all bytes 255: one memset.
    let white = vec![255u8; (width * height * 3) as usize];
    let mut img = RgbImage::from_raw(width, height, white).ok_or(QrError::TooLong)?;

    // The band: the shop's name, and the tier under it.
    fill(&mut img, 0, 0, width, HEADER, art.colour);
    let inner = (width - 4 * PAD) as f32;
    let left = (2 * PAD) as f32;
    draw_text(
        &mut img,
        left,
        48.0,
        34.0,
        WHITE,
        &fit(art.shop, 34.0, inner),
    );
    draw_text(
        &mut img,
        left,
        80.0,
        22.0,
        WHITE,
        &fit(art.tier, 22.0, inner),
    );
    let holder = fit(art.holder, 28.0, inner);
    draw_text(&mut img, left, (HEADER + 38) as f32, 28.0, INK, &holder);

    for (i, colour) in code.to_colors().into_iter().enumerate() {
        if colour == Color::Dark {
            let (x, y) = (i as u32 % modules, i as u32 / modules);
            let (px, py) = (
                PAD + (x + QUIET) * SCALE,
                layout.qr_top + (y + QUIET) * SCALE,
            );
            fill(&mut img, px, py, SCALE, SCALE, INK);
        }
    }

    // The number, centred under the code's quiet zone.
    let number_size = 34.0;
    let number_x = (width as f32 - text_width(art.number, number_size)) / 2.0;
    let baseline = (layout.qr_top + layout.qr_side + 30) as f32;
    draw_text(&mut img, number_x, baseline, number_size, INK, art.number);

    if let Some((collected, _)) = art.stamps {
        for (i, (cx, cy, r)) in layout.stamps(every).into_iter().enumerate() {
            disc(&mut img, (cx, cy), r, i < collected as usize, art.colour);
        }
    }
    fill(&mut img, 0, height - FOOT / 2, width, FOOT / 2, art.colour);

    Ok(img)
}

/// The pixels as a PNG. Most rows repeat the row above (a QR module is 10 rows tall), so the
/// "Up" filter turns them into zeros, which the fast deflater packs at once: a fraction of the
/// time of the default compression, for a few KB more.
pub fn encode(img: &RgbImage) -> Result<Vec<u8>, image::ImageError> {
    let mut png = Vec::with_capacity(96 * 1024);
    PngEncoder::new_with_quality(Cursor::new(&mut png), CompressionType::Fast, FilterType::Up)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgb8,
        )?;
    Ok(png)
}

/// Reads the stamps back from a card picture: `(filled, circles)`, by looking at each circle's
/// rim and centre where [`render`] draws them.
pub fn read_stamps(png: &[u8]) -> Option<(u32, u32)> {
    let img = image::load_from_memory(png).ok()?.to_rgb8();
    let layout = Layout::for_width(img.width());
    // Stamps are in the shop's colour on white: anything clearly not white.
    let marked = |x: u32, y: u32| {
        x < img.width() && y < img.height() && img.get_pixel(x, y).0.iter().any(|&c| c < 200)
    };
    let (mut filled, mut circles) = (0, 0);
    for (cx, cy, r) in layout.stamps(MAX_STAMPS) {
        if cy + r >= img.height().saturating_sub(FOOT) || !marked(cx + r - 1, cy) {
            break;
        }
        circles += 1;
        if marked(cx, cy) {
            filled += 1;
        }
    }
    Some((filled, circles))
}

#[cfg(test)]
#[path = "card_tests.rs"]
mod tests;
