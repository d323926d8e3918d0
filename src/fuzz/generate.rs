//! The input generator: strings that look like what people type into the bot, and strings that
//! do not. Half are mutations of a target's own examples (a valid amount with a character
//! dropped, doubled or swapped, a separator inserted, a piece repeated), half are built from a
//! weighted alphabet of digits, separators, markup, letters of the bot's languages, emoji,
//! invisible and control characters; now and then a long one.

use rand::{Rng, rngs::StdRng};

/// Characters people and programs put into fields, weighted by how often they matter.
const ALPHABETS: &[(&str, u32)] = &[
    ("0123456789", 30),
    (" .,-_+:/|%'\"", 18),
    ("<>&;=#@!?*()[]{}\\`~^$", 8),
    ("abcdefxyzABCKRSTcrks", 12),
    ("абвгґєіїАБВЖЯ€₽", 4),
    ("\u{a0}\u{202f}\u{200b}\u{feff}\u{2060}\u{202e}", 3),
    ("\t\n\r\u{0}\u{7f}\u{1b}", 3),
    ("🎉👍🏽‍💳é́ﬀ٣߀", 2),
];

/// A random character from the alphabets.
pub fn char_from(rng: &mut StdRng) -> char {
    let total: u32 = ALPHABETS.iter().map(|(_, w)| w).sum();
    let mut x = rng.gen_range(0..total);
    for (chars, weight) in ALPHABETS {
        if x < *weight {
            let chars: Vec<char> = chars.chars().collect();
            return chars[rng.gen_range(0..chars.len())];
        }
        x -= weight;
    }
    '0'
}

/// A string of random characters, usually short.
pub fn noise(rng: &mut StdRng) -> String {
    let len = match rng.gen_range(0..100) {
        0..=59 => rng.gen_range(0..12),
        60..=94 => rng.gen_range(12..80),
        _ => rng.gen_range(80..3000),
    };
    (0..len).map(|_| char_from(rng)).collect()
}

/// One of `examples`, changed a little (or a lot).
pub fn mutate(rng: &mut StdRng, examples: &[&str]) -> String {
    let mut s: Vec<char> = examples[rng.gen_range(0..examples.len())].chars().collect();
    for _ in 0..rng.gen_range(1..4) {
        let at = if s.is_empty() {
            0
        } else {
            rng.gen_range(0..=s.len())
        };
        match rng.gen_range(0..8) {
            0 if !s.is_empty() => {
                s.remove(at.min(s.len() - 1));
            }
            1 => s.insert(at, char_from(rng)),
            2 if !s.is_empty() => {
                let i = at.min(s.len() - 1);
                s[i] = char_from(rng);
            }
            3 if at < s.len() => {
                let piece: Vec<char> = s[at..].to_vec();
                s.extend(piece);
            }
            4 => s.truncate(at),
            5 => {
                let digits: Vec<char> = (0..rng.gen_range(1..25))
                    .map(|_| char::from(b'0' + rng.gen_range(0..10u8)))
                    .collect();
                s.splice(at..at, digits);
            }
            6 => {
                let other = examples[rng.gen_range(0..examples.len())];
                s.splice(at..at, other.chars());
            }
            _ => s.insert(at, [' ', ',', '.', '-', '_', '|', '%'][rng.gen_range(0..7)]),
        }
    }
    s.into_iter().collect()
}

/// An input for a target with these examples.
pub fn input(rng: &mut StdRng, examples: &[&str]) -> String {
    if examples.is_empty() || rng.gen_bool(0.5) {
        noise(rng)
    } else {
        mutate(rng, examples)
    }
}
