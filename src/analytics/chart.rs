//! The `/stats` chart: members (cumulative) on top, points issued and redeemed per day or week
//! below, drawn with `plotters` (bitmap backend, text through `ab_glyph` with the embedded font
//! of [`crate::picture`]): titled axes, dates and a legend in the owner's language.

use std::io::Cursor;

use chrono::{DateTime, Duration, DurationRound, Utc};
use image::{ImageFormat, Rgb, RgbImage};
use plotters::prelude::*;
use sqlx::PgPool;

use super::Period;
use crate::ledger::SystemAccount;

pub const MEMBERS: Rgb<u8> = Rgb([33, 102, 172]);
pub const ISSUED: Rgb<u8> = Rgb([26, 150, 65]);
pub const REDEEMED: Rgb<u8> = Rgb([215, 48, 39]);

const WIDTH: u32 = 800;
const HEIGHT: u32 = 560;

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

/// The chart's words in the owner's language (axis titles, legend, date format).
#[derive(Clone, Debug)]
pub struct Labels {
    pub members_title: String,
    pub points_title: String,
    pub date_axis: String,
    pub members_axis: String,
    pub points_axis: String,
    pub members: String,
    pub issued: String,
    pub redeemed: String,
    /// chrono's format for the dates under the axis (`%m-%d`, `%d.%m`).
    pub date_format: &'static str,
}

impl Labels {
    /// English, for benchmarks and tests.
    pub fn english() -> Self {
        Self {
            members_title: "Members".into(),
            points_title: "Points per day".into(),
            date_axis: "Date".into(),
            members_axis: "Members".into(),
            points_axis: "Points".into(),
            members: "Members".into(),
            issued: "Issued".into(),
            redeemed: "Redeemed".into(),
            date_format: "%m-%d",
        }
    }
}

#[derive(Debug, thiserror::Error)]
pub enum ChartError {
    #[error("drawing the chart failed: {0}")]
    Draw(String),
    #[error("could not encode the PNG")]
    Png(#[from] image::ImageError),
}

fn draw_error(e: impl std::fmt::Display) -> ChartError {
    ChartError::Draw(e.to_string())
}

/// plotters draws text through `ab_glyph` with the fonts registered here: the card's
/// embedded font (Latin and Cyrillic), once per process.
fn register_font() {
    static DONE: std::sync::Once = std::sync::Once::new();
    DONE.call_once(|| {
        for style in [FontStyle::Normal, FontStyle::Bold] {
            if plotters::style::register_font("sans-serif", style, crate::picture::FONT_BYTES)
                .is_err()
            {
                tracing::error!("the embedded font cannot be registered for charts");
            }
        }
    });
}

fn colour(c: Rgb<u8>) -> RGBColor {
    RGBColor(c.0[0], c.0[1], c.0[2])
}

/// Draws the chart as a PNG with plotters: members over time on top, points issued and
/// redeemed per bucket below, each with titled axes, dates and a legend in `labels`' language.
pub fn render(buckets: &[Bucket], labels: &Labels) -> Result<Vec<u8>, ChartError> {
    register_font();
    let mut buffer = vec![255u8; (WIDTH * HEIGHT * 3) as usize];
    let step = match buckets {
        [a, b, ..] => b.start - a.start,
        _ => Duration::days(1),
    };
    let from = buckets.first().map_or(DateTime::UNIX_EPOCH, |b| b.start);
    let to = buckets.last().map_or(from, |b| b.start) + step;
    {
        let root = BitMapBackend::with_buffer(&mut buffer, (WIDTH, HEIGHT)).into_drawing_area();
        root.fill(&WHITE).map_err(draw_error)?;
        let (upper, lower) = root.split_vertically(HEIGHT / 2);
        let max_members = buckets.iter().map(|b| b.members).max().unwrap_or(0).max(1);
        let mut top = ChartBuilder::on(&upper)
            .caption(&labels.members_title, ("sans-serif", 18))
            .margin(8)
            .x_label_area_size(34)
            .y_label_area_size(64)
            .build_cartesian_2d(from..to, 0..max_members + max_members / 3 + 1)
            .map_err(draw_error)?;
        top.configure_mesh()
            .x_desc(&labels.date_axis)
            .y_desc(&labels.members_axis)
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|d| d.format(labels.date_format).to_string())
            .label_style(("sans-serif", 13))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_error)?;
        let members = colour(MEMBERS);
        top.draw_series(LineSeries::new(
            buckets.iter().map(|b| (b.start + step / 2, b.members)),
            members.stroke_width(2),
        ))
        .map_err(draw_error)?
        .label(&labels.members)
        .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], members.stroke_width(3)));
        top.configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(draw_error)?;

        let max_points = buckets
            .iter()
            .map(|b| b.issued.max(b.redeemed))
            .max()
            .unwrap_or(0)
            .max(1);
        let mut bottom = ChartBuilder::on(&lower)
            .caption(&labels.points_title, ("sans-serif", 18))
            .margin(8)
            .x_label_area_size(34)
            .y_label_area_size(64)
            .build_cartesian_2d(from..to, 0..max_points + max_points / 3 + 1)
            .map_err(draw_error)?;
        bottom
            .configure_mesh()
            .x_desc(&labels.date_axis)
            .y_desc(&labels.points_axis)
            .x_labels(6)
            .y_labels(5)
            .x_label_formatter(&|d| d.format(labels.date_format).to_string())
            .label_style(("sans-serif", 13))
            .light_line_style(RGBColor(240, 240, 240))
            .draw()
            .map_err(draw_error)?;
        for (series, (value, c, name)) in [
            (|b: &Bucket| b.issued) as fn(&Bucket) -> i64,
            |b: &Bucket| b.redeemed,
        ]
        .into_iter()
        .zip([(0, ISSUED, &labels.issued), (1, REDEEMED, &labels.redeemed)])
        {
            let c = colour(c);
            // Issued in the left half of each bucket, redeemed in the right half.
            let bars = buckets.iter().map(move |b| {
                let x0 = b.start + step * value / 2;
                Rectangle::new([(x0, 0), (x0 + step / 2, series(b))], c.filled())
            });
            bottom
                .draw_series(bars)
                .map_err(draw_error)?
                .label(name)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 14, y + 5)], c.filled()));
        }
        bottom
            .configure_series_labels()
            .position(SeriesLabelPosition::UpperLeft)
            .background_style(WHITE.mix(0.85))
            .border_style(RGBColor(200, 200, 200))
            .label_font(("sans-serif", 13))
            .draw()
            .map_err(draw_error)?;
        root.present().map_err(draw_error)?;
    }
    let img = RgbImage::from_raw(WIDTH, HEIGHT, buffer)
        .ok_or_else(|| ChartError::Draw("buffer size".into()))?;
    let mut png = Vec::new();
    img.write_to(&mut Cursor::new(&mut png), ImageFormat::Png)?;
    Ok(png)
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
        let png = render(&buckets, &Labels::english()).unwrap_or_default();
        let img = image::load_from_memory(&png).map(|i| i.to_rgb8());
        let Ok(img) = img else {
            panic!("not a PNG");
        };
        assert_eq!((img.width(), img.height()), (WIDTH, HEIGHT));
        for colour in [MEMBERS, ISSUED, REDEEMED] {
            assert!(img.pixels().any(|p| *p == colour), "{colour:?} is drawn");
        }
        assert!(render(&[], &Labels::english()).is_ok());
        // For a look: test-artifacts/stats-chart.png.
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("test-artifacts");
        let _ = std::fs::create_dir_all(&dir);
        let _ = std::fs::write(dir.join("stats-chart.png"), &png);
    }
}
