//! Drawing our pictures: text with a real font rasteriser (`ab_glyph`) and an embedded OFL font
//! that covers Latin and Cyrillic (Liberation Sans Bold, `assets/fonts/`, licence beside it),
//! and the few shapes the card needs. The card itself is [`card`].

pub mod card;

use std::sync::OnceLock;

use ab_glyph::{Font, FontRef, PxScale, ScaleFont, point};
use image::{Rgb, RgbImage};

/// An sRGB colour.
pub type Colour = [u8; 3];

pub const WHITE: Colour = [255, 255, 255];
pub const INK: Colour = [17, 17, 17];
/// The shop's colour until the owner picks one (the migration's default).
pub const DEFAULT_COLOUR: Colour = [0x2b, 0x6c, 0xb0];

/// The embedded font (also registered for the `/stats` chart).
pub const FONT_BYTES: &[u8] = include_bytes!("../../assets/fonts/LiberationSans-Bold.ttf");

fn font() -> &'static FontRef<'static> {
    static FONT: OnceLock<FontRef<'static>> = OnceLock::new();
    FONT.get_or_init(|| FontRef::try_from_slice(FONT_BYTES).expect("the embedded font parses"))
}

/// Parses `#rrggbb`.
pub fn parse_colour(s: &str) -> Option<Colour> {
    let hex = s.trim().strip_prefix('#')?;
    if hex.len() != 6 || !hex.is_ascii() {
        return None;
    }
    let byte = |i: usize| u8::from_str_radix(&hex[i..i + 2], 16).ok();
    Some([byte(0)?, byte(2)?, byte(4)?])
}

/// WCAG relative luminance, 0 (black) to 1 (white).
pub fn luminance([r, g, b]: Colour) -> f32 {
    let lin = |c: u8| {
        let c = f32::from(c) / 255.0;
        if c <= 0.039_28 {
            c / 12.92
        } else {
            ((c + 0.055) / 1.055).powf(2.4)
        }
    };
    0.2126 * lin(r) + 0.7152 * lin(g) + 0.0722 * lin(b)
}

/// The width `text` takes at `size` pixels.
pub fn text_width(text: &str, size: f32) -> f32 {
    let scaled = font().as_scaled(PxScale::from(size));
    let mut width = 0.0;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            width += scaled.kern(p, id);
        }
        width += scaled.h_advance(id);
        previous = Some(id);
    }
    width
}

/// `text` cut with "…" so that it fits in `max` pixels at `size`.
pub fn fit(text: &str, size: f32, max: f32) -> String {
    if text_width(text, size) <= max {
        return text.to_owned();
    }
    let mut chars: Vec<char> = text.chars().collect();
    while !chars.is_empty() {
        chars.pop();
        let cut: String = chars.iter().collect::<String>().trim_end().to_owned() + "…";
        if text_width(&cut, size) <= max {
            return cut;
        }
    }
    String::new()
}

/// Draws `text` with its baseline at `baseline`, starting at `x`, anti-aliased over what is
/// there.
pub fn draw_text(img: &mut RgbImage, x: f32, baseline: f32, size: f32, colour: Colour, text: &str) {
    let font = font();
    let scaled = font.as_scaled(PxScale::from(size));
    let mut caret = x;
    let mut previous = None;
    for c in text.chars() {
        let id = scaled.glyph_id(c);
        if let Some(p) = previous {
            caret += scaled.kern(p, id);
        }
        let glyph = id.with_scale_and_position(size, point(caret, baseline));
        caret += scaled.h_advance(id);
        previous = Some(id);
        let Some(outlined) = font.outline_glyph(glyph) else {
            continue;
        };
        let bounds = outlined.px_bounds();
        outlined.draw(|gx, gy, coverage| {
            let px = bounds.min.x as i64 + i64::from(gx);
            let py = bounds.min.y as i64 + i64::from(gy);
            if let (Ok(px), Ok(py)) = (u32::try_from(px), u32::try_from(py))
                && px < img.width()
                && py < img.height()
            {
                let under = img.get_pixel(px, py).0;
                let mix = |a: u8, b: u8| {
                    (f32::from(a) * (1.0 - coverage) + f32::from(b) * coverage).round() as u8
                };
                img.put_pixel(
                    px,
                    py,
                    Rgb([
                        mix(under[0], colour[0]),
                        mix(under[1], colour[1]),
                        mix(under[2], colour[2]),
                    ]),
                );
            }
        });
    }
}

/// Fills a rectangle (clipped to the image), a row slice at a time.
pub fn fill(img: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, colour: Colour) {
    let (width, height) = (img.width() as usize, img.height() as usize);
    let (x0, y0) = (x0 as usize, y0 as usize);
    let x1 = (x0 + w as usize).min(width);
    let y1 = (y0 + h as usize).min(height);
    if x0 >= x1 {
        return;
    }
    let buffer: &mut [u8] = img;
    for y in y0..y1 {
        let row = &mut buffer[(y * width + x0) * 3..(y * width + x1) * 3];
        for pixel in row.chunks_exact_mut(3) {
            pixel.copy_from_slice(&colour);
        }
    }
}

/// A ring, or a filled disc.
pub fn disc(img: &mut RgbImage, (cx, cy): (u32, u32), r: u32, filled: bool, colour: Colour) {
    let (r2, inner2) = (i64::from(r * r), i64::from((r - r / 4) * (r - r / 4)));
    for y in cy.saturating_sub(r)..=(cy + r).min(img.height() - 1) {
        for x in cx.saturating_sub(r)..=(cx + r).min(img.width() - 1) {
            let (dx, dy) = (i64::from(x) - i64::from(cx), i64::from(y) - i64::from(cy));
            let d2 = dx * dx + dy * dy;
            if d2 <= r2 && (filled || d2 >= inner2) {
                img.put_pixel(x, y, Rgb(colour));
            }
        }
    }
}
