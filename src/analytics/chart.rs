//! The `/stats` chart: members (cumulative) on top, points issued and redeemed per day or week
//! below, as a PNG drawn pixel by pixel with the `image` crate. Labels are numbers and dates
//! only, in the card's dot font (see [`crate::qr`]); the caption explains the colours in the
//! owner's language, so the image needs no text.

use std::io::Cursor;

use chrono::{DateTime, Duration, DurationRound, Utc};
use image::{ImageFormat, Rgb, RgbImage};
use sqlx::PgPool;

use super::Period;
use crate::ledger::SystemAccount;

pub const MEMBERS: Rgb<u8> = Rgb([33, 102, 172]);
pub const ISSUED: Rgb<u8> = Rgb([26, 150, 65]);
pub const REDEEMED: Rgb<u8> = Rgb([215, 48, 39]);
const AXIS: Rgb<u8> = Rgb([90, 90, 90]);
const GRID: Rgb<u8> = Rgb([225, 225, 225]);
const INK: Rgb<u8> = Rgb([40, 40, 40]);

const WIDTH: u32 = 800;
const HEIGHT: u32 = 480;
const LEFT: u32 = 96;
const RIGHT: u32 = 20;
/// Top and bottom of the members panel, then of the points panel.
const PANELS: [(u32, u32); 2] = [(20, 210), (250, 430)];
/// Pixels per font dot.
const DOT: u32 = 2;

/// One bucket of the chart: a day or a week starting at `start`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub start: DateTime<Utc>,
    /// Members (not erased) who had joined by the end of the bucket.
    pub members: i64,
    pub issued: i64,
    pub redeemed: i64,
}

/// Days for periods up to 90 days, weeks up to about three years, 30 days beyond (so a bar is
/// never narrower than a pixel or two).
pub fn step(period: Period, from: DateTime<Utc>, to: DateTime<Utc>) -> Duration {
    let span = period.days().map_or(to - from, Duration::days);
    if span <= Duration::days(90) {
        Duration::days(1)
    } else if span <= Duration::weeks(160) {
        Duration::weeks(1)
    } else {
        Duration::days(30)
    }
}

/// The chart's data for `period` ending at `now`. All time starts at the first sign-up.
pub async fn series(
    pool: &PgPool,
    period: Period,
    now: DateTime<Utc>,
) -> sqlx::Result<Vec<Bucket>> {
    let (mut from, to) = period.range(now);
    if period == Period::All {
        let first: Option<DateTime<Utc>> =
            sqlx::query_scalar("SELECT MIN(created_at) FROM customers")
                .fetch_one(pool)
                .await?;
        from = first.unwrap_or(to);
    }
    let step = step(period, from, to);
    let start = from.duration_trunc(Duration::days(1)).unwrap_or(from);
    let secs = step.num_seconds();
    let n = ((to - start).num_seconds() / secs + 1) as usize;
    let mut buckets: Vec<Bucket> = (0..n)
        .map(|i| Bucket {
            start: start + step * i as i32,
            members: 0,
            issued: 0,
            redeemed: 0,
        })
        .collect();

    let before: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM customers WHERE erased_at IS NULL AND created_at < $1",
    )
    .bind(start)
    .fetch_one(pool)
    .await?;
    let joined: Vec<(i64, i64)> = sqlx::query_as(
        "SELECT FLOOR(EXTRACT(EPOCH FROM created_at - $1) / $3)::BIGINT, COUNT(*)
         FROM customers WHERE erased_at IS NULL AND created_at >= $1 AND created_at < $2
         GROUP BY 1",
    )
    .bind(start)
    .bind(to)
    .bind(secs as f64)
    .fetch_all(pool)
    .await?;
    for (i, count) in joined {
        if let Some(b) = buckets.get_mut(i as usize) {
            b.members += count;
        }
    }
    let mut total = before;
    for b in &mut buckets {
        total += b.members;
        b.members = total;
    }

    let flows: Vec<(i64, i64, i64)> = sqlx::query_as(&format!(
        "WITH e AS MATERIALIZED (
             SELECT id, FLOOR(EXTRACT(EPOCH FROM created_at - $1) / $5)::BIGINT AS bucket
             FROM journal_entries WHERE created_at >= $1 AND created_at < $2
         ), {}
         SELECT e.bucket,
                COALESCE(-SUM(l.amount) FILTER (WHERE l.account_id = ANY(sys.issuing)), 0)::BIGINT,
                COALESCE(SUM(l.amount) FILTER (WHERE l.account_id = sys.redeemed), 0)::BIGINT
         FROM e JOIN journal_lines l ON l.entry_id = e.id CROSS JOIN sys
         GROUP BY 1",
        super::stats::SYSTEM_IDS
    ))
    .bind(start)
    .bind(to)
    .bind(SystemAccount::Redeemed.code())
    .bind(SystemAccount::Expired.code())
    .bind(secs as f64)
    .fetch_all(pool)
    .await?;
    for (i, issued, redeemed) in flows {
        if let Some(b) = buckets.get_mut(i as usize) {
            b.issued = issued;
            b.redeemed = redeemed;
        }
    }
    Ok(buckets)
}

/// Draws the chart as a PNG.
pub fn render(buckets: &[Bucket]) -> Result<Vec<u8>, image::ImageError> {
    let mut img = RgbImage::from_pixel(WIDTH, HEIGHT, Rgb([255, 255, 255]));
    let n = buckets.len().max(1) as u32;
    let plot_w = WIDTH - LEFT - RIGHT;
    let x_of = |i: u32| LEFT + i * plot_w / n;

    // Members: a line through the middle of each bucket.
    let (top, bottom) = PANELS[0];
    let max_members = buckets.iter().map(|b| b.members).max().unwrap_or(0).max(1);
    frame(&mut img, top, bottom, max_members);
    let y_of =
        |v: i64| bottom - (v.max(0) as u64 * u64::from(bottom - top) / max_members as u64) as u32;
    let mut last: Option<(u32, u32)> = None;
    for (i, b) in buckets.iter().enumerate() {
        let x = (x_of(i as u32) + x_of(i as u32 + 1)) / 2;
        let y = y_of(b.members);
        if let Some((x0, y0)) = last {
            line(&mut img, x0, y0, x, y, MEMBERS);
        }
        rect(
            &mut img,
            x.saturating_sub(2),
            y.saturating_sub(2),
            5,
            5,
            MEMBERS,
        );
        last = Some((x, y));
    }

    // Points: issued and redeemed side by side in each bucket.
    let (top, bottom) = PANELS[1];
    let max_points = buckets
        .iter()
        .map(|b| b.issued.max(b.redeemed))
        .max()
        .unwrap_or(0)
        .max(1);
    frame(&mut img, top, bottom, max_points);
    for (i, b) in buckets.iter().enumerate() {
        let (x0, x1) = (x_of(i as u32), x_of(i as u32 + 1));
        let half = ((x1 - x0) / 2).max(1);
        let gap = u32::from(half > 3);
        for (j, (value, colour)) in [(b.issued, ISSUED), (b.redeemed, REDEEMED)]
            .into_iter()
            .enumerate()
        {
            let h = (value.max(0) as u64 * u64::from(bottom - top) / max_points as u64) as u32;
            rect(
                &mut img,
                x0 + j as u32 * half + gap,
                bottom - h,
                half - gap,
                h,
                colour,
            );
        }
    }

    // Dates under the first and the last bucket.
    if let (Some(first), Some(last)) = (buckets.first(), buckets.last()) {
        let y = PANELS[1].1 + 12;
        text(
            &mut img,
            LEFT,
            y,
            &first.start.format("%Y-%m-%d").to_string(),
        );
        let label = last.start.format("%Y-%m-%d").to_string();
        let w = label.len() as u32 * 6 * DOT;
        text(&mut img, WIDTH - RIGHT - w, y, &label);
    }

    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    Ok(png)
}

/// Axes, a mid grid line, and the panel's maximum and zero on the left.
fn frame(img: &mut RgbImage, top: u32, bottom: u32, max: i64) {
    rect(img, LEFT, (top + bottom) / 2, WIDTH - LEFT - RIGHT, 1, GRID);
    rect(img, LEFT, top, WIDTH - LEFT - RIGHT, 1, GRID);
    rect(img, LEFT - 1, top, 1, bottom - top + 1, AXIS);
    rect(img, LEFT - 1, bottom, WIDTH - LEFT - RIGHT + 1, 1, AXIS);
    let label = max.to_string();
    let w = label.len() as u32 * 6 * DOT;
    text(img, LEFT.saturating_sub(w + 8), top, &label);
    text(img, LEFT - 6 * DOT - 8, bottom - 7 * DOT, "0");
}

fn rect(img: &mut RgbImage, x0: u32, y0: u32, w: u32, h: u32, colour: Rgb<u8>) {
    for y in y0..(y0 + h).min(img.height()) {
        for x in x0..(x0 + w).min(img.width()) {
            img.put_pixel(x, y, colour);
        }
    }
}

/// A 2-pixel-thick straight line (Bresenham).
fn line(img: &mut RgbImage, x0: u32, y0: u32, x1: u32, y1: u32, colour: Rgb<u8>) {
    let (mut x, mut y) = (i64::from(x0), i64::from(y0));
    let (x1, y1) = (i64::from(x1), i64::from(y1));
    let (dx, dy) = ((x1 - x).abs(), -(y1 - y).abs());
    let (sx, sy) = (if x < x1 { 1 } else { -1 }, if y < y1 { 1 } else { -1 });
    let mut err = dx + dy;
    loop {
        rect(img, x as u32, y as u32, 2, 2, colour);
        if x == x1 && y == y1 {
            break;
        }
        let e2 = 2 * err;
        if e2 >= dy {
            err += dy;
            x += sx;
        }
        if e2 <= dx {
            err += dx;
            y += sy;
        }
    }
}

/// Digits and `-` in the 5×7 dot font; anything else is a blank.
fn text(img: &mut RgbImage, mut x: u32, y: u32, s: &str) {
    const DASH: [u8; 7] = [0, 0, 0, 0b11111, 0, 0, 0];
    for c in s.chars() {
        let glyph = match c {
            '-' => Some(DASH),
            c => c.to_digit(10).map(|d| crate::qr::DIGITS[d as usize]),
        };
        if let Some(rows) = glyph {
            for (ry, row) in rows.iter().enumerate() {
                for rx in 0..5 {
                    if row & (0b10000 >> rx) != 0 {
                        rect(img, x + rx * DOT, y + ry as u32 * DOT, DOT, DOT, INK);
                    }
                }
            }
        }
        x += 6 * DOT;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn renders_a_png_with_the_series_colours() {
        let start = DateTime::UNIX_EPOCH;
        let buckets: Vec<Bucket> = (0..30)
            .map(|i| Bucket {
                start: start + Duration::days(i),
                members: 10 + i,
                issued: 100 * (i % 4),
                redeemed: 40 * (i % 3),
            })
            .collect();
        let png = render(&buckets).unwrap_or_default();
        let img = image::load_from_memory(&png).map(|i| i.to_rgb8());
        let Ok(img) = img else {
            panic!("not a PNG");
        };
        assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
        for colour in [MEMBERS, ISSUED, REDEEMED] {
            assert!(img.pixels().any(|p| *p == colour), "{colour:?} is drawn");
        }
        assert!(render(&[]).is_ok());
    }
}
