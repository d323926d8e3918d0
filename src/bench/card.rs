//! `loyalty-bot bench --card`: how long drawing the customer's card picture takes (the QR
//! code, the text through the font rasteriser, the stamps and the PNG), which `/card` and the
//! Mini App do on every request. The target is at most 2 ms a card.

use std::time::Instant;

use crate::picture::card::{CardArt, render};

/// Renders `n` cards (after a warm-up) and prints the median, p99 and mean time per card.
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
    let mut times: Vec<f64> = (0..n.max(1))
        .map(|_| {
            let start = Instant::now();
            let png = render(&art);
            let took = start.elapsed().as_secs_f64() * 1000.0;
            drop(png);
            took
        })
        .collect();
    times.sort_by(f64::total_cmp);
    let at = |q: f64| times[((times.len() - 1) as f64 * q).round() as usize];
    let mean = times.iter().sum::<f64>() / times.len() as f64;
    println!(
        "card picture: {} renders, median {:.2} ms, p99 {:.2} ms, mean {:.2} ms, {} bytes (target: 2 ms)",
        times.len(),
        at(0.5),
        at(0.99),
        mean,
        size
    );
    Ok(())
}
