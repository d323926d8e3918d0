use std::fmt;

use rand::Rng;

/// A 12-digit card number: 11 random digits and a Luhn check digit, so a mistyped digit or two
/// swapped neighbours are caught before we ever hit the database.
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
pub struct CardNumber([u8; 12]);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CardNumberError {
    #[error("a card number has 12 digits")]
    Length,
    #[error("the check digit does not match")]
    CheckDigit,
}

impl CardNumber {
    /// Parses what a person or a barcode scanner typed: spaces and dashes are ignored.
    pub fn parse(input: &str) -> Result<Self, CardNumberError> {
        let mut digits = [0u8; 12];
        let mut n = 0;
        for c in input.trim().chars() {
            match c {
                ' ' | '-' | '\u{a0}' => continue,
                '0'..='9' if n < 12 => {
                    digits[n] = c as u8 - b'0';
                    n += 1;
                }
                _ => return Err(CardNumberError::Length),
            }
        }
        if n != 12 {
            return Err(CardNumberError::Length);
        }
        if luhn_check_digit(&digits[..11]) != digits[11] {
            return Err(CardNumberError::CheckDigit);
        }
        Ok(Self(digits))
    }

    /// A fresh random number (the caller retries on the rare unique-constraint collision).
    pub fn generate(rng: &mut impl Rng) -> Self {
        let mut digits = [0u8; 12];
        // A leading zero would be lost by spreadsheets that treat the number as numeric.
        digits[0] = rng.gen_range(1..=9);
        for d in digits.iter_mut().take(11).skip(1) {
            *d = rng.gen_range(0..=9);
        }
        digits[11] = luhn_check_digit(&digits[..11]);
        Self(digits)
    }

    /// The 12 digits without spaces, as stored in the database.
    pub fn digits(&self) -> String {
        self.0.iter().map(|d| char::from(b'0' + d)).collect()
    }

    /// Only the last four digits, for screens that others may see.
    pub fn masked(&self) -> String {
        format!("•••• •••• {}", &self.digits()[8..])
    }
}

/// Grouped by four, as printed on the card: `4821 0394 7712`.
impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let d = self.digits();
        write!(f, "{} {} {}", &d[0..4], &d[4..8], &d[8..12])
    }
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({})", self.digits())
    }
}

fn luhn_check_digit(body: &[u8]) -> u8 {
    let sum: u32 = body
        .iter()
        .rev()
        .enumerate()
        .map(|(i, &d)| {
            let d = u32::from(d);
            if i % 2 == 0 {
                let x = d * 2;
                if x > 9 { x - 9 } else { x }
            } else {
                d
            }
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn generated_numbers_parse_back() {
        let mut rng = rand::thread_rng();
        for _ in 0..1000 {
            let n = CardNumber::generate(&mut rng);
            assert_eq!(CardNumber::parse(&n.to_string()), Ok(n));
            assert_eq!(CardNumber::parse(&n.digits()), Ok(n));
        }
    }

    #[test]
    fn known_luhn_number() {
        // 7992739871 + check digit 3 is the textbook Luhn example; pad to our length.
        assert_eq!(luhn_check_digit(&[0, 7, 9, 9, 2, 7, 3, 9, 8, 7, 1]), 3);
    }

    #[test]
    fn typos_are_caught() {
        let n = CardNumber::generate(&mut rand::thread_rng()).digits();
        let mut bytes = n.clone().into_bytes();
        bytes[3] = if bytes[3] == b'9' { b'0' } else { bytes[3] + 1 };
        let typo = String::from_utf8(bytes).unwrap_or_default();
        assert_eq!(CardNumber::parse(&typo), Err(CardNumberError::CheckDigit));
        assert_eq!(CardNumber::parse("1234"), Err(CardNumberError::Length));
        assert_eq!(
            CardNumber::parse("abcd efgh ijkl"),
            Err(CardNumberError::Length)
        );
        assert_eq!(
            CardNumber::parse(&format!("{n}1")),
            Err(CardNumberError::Length)
        );
    }

    #[test]
    fn display_is_grouped_and_masked_hides_the_start() {
        let n = CardNumber::parse("4821 0394 7712").or_else(|_| {
            let body = [4, 8, 2, 1, 0, 3, 9, 4, 7, 7, 1];
            let mut d = [0u8; 12];
            d[..11].copy_from_slice(&body);
            d[11] = luhn_check_digit(&body);
            Ok::<_, CardNumberError>(CardNumber(d))
        });
        let n = n.unwrap_or_else(|_| unreachable!());
        assert!(n.to_string().starts_with("4821 0394 771"));
        assert!(n.masked().ends_with(&n.digits()[8..]));
        assert!(!n.masked().contains("4821"));
    }
}
