//! `loyalty-bot bench --card`: how long drawing the customer's card picture takes (the QR
//! code, the text through the font rasteriser, the stamps, then the PNG), which `/card` and the
//! Mini App do on every request. The target is at most 2 ms a card.

use std::time::Instant;

use crate::picture::card::{CardArt, draw, encode, render};

/// The `q` quantile of `v` (sorted here).
fn quantile(v: &mut [f64], q: f64) -> f64 {
    v.sort_by(f64::total_cmp);
    v[((v.len() - 1) as f64 * q).round() as usize]
}

/// Renders `n` cards (after a warm-up) and prints the median (drawing and PNG apart) and p99.
pub fn run(n: usize) -> anyhow::Result<()> {
    let art = CardArt {
        link: "https://t.me/demo_loyalty_bot?start=c_AAAAAAAAACqxI5R5lDu3nHkS0g4",
        number: "4821 0394 7712",
        shop: "Кофейня «Зерно»",
        colour: [0x8e, 0x24, 0xaa],
        holder: "Анна",
        tier: "Gold",
        stamps: Some((3, 10)),
    };
    let mut size = 0;
    for _ in 0..20 {
        size = render(&art)?.len();
    }
    let (mut total, mut drawing, mut encoding) = (Vec::new(), Vec::new(), Vec::new());
    for _ in 0..n.max(1) {
        let start = Instant::now();
        let img = draw(&art)?;
        let drawn = Instant::now();
        let png = encode(&img)?;
        let done = Instant::now();
        drop(png);
        drawing.push((drawn - start).as_secs_f64() * 1000.0);
        encoding.push((done - drawn).as_secs_f64() * 1000.0);
        total.push((done - start).as_secs_f64() * 1000.0);
    }
    println!(
        "card picture: {} renders, median {:.2} ms (draw {:.2} ms + PNG {:.2} ms), p99 {:.2} ms, \
         {} bytes (target: 2 ms)",
        total.len(),
        quantile(&mut total, 0.5),
        quantile(&mut drawing, 0.5),
        quantile(&mut encoding, 0.5),
        quantile(&mut total, 0.99),
        size
    );
    Ok(())
}
