use std::fmt;

/// A positive number of points. Points are whole numbers: there is no half a point.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Points(i64);

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum PointsError {
    #[error("points are a whole positive number")]
    NotAPositiveWholeNumber,
    #[error("too many points")]
    TooLarge,
}

impl Points {
    /// Upper bound for a single operation; far above any real purchase, far below overflow.
    pub const MAX: i64 = 1_000_000_000;

    pub fn new(n: i64) -> Result<Self, PointsError> {
        if n <= 0 {
            Err(PointsError::NotAPositiveWholeNumber)
        } else if n > Self::MAX {
            Err(PointsError::TooLarge)
        } else {
            Ok(Self(n))
        }
    }

    /// Parses typed input such as `150` or `1 500`; rejects `-5`, `1.5`, `1e3`, `abc`.
    pub fn parse(input: &str) -> Result<Self, PointsError> {
        let compact: String = input
            .trim()
            .chars()
            .filter(|c| !matches!(c, ' ' | '\u{a0}' | '\u{202f}'))
            .collect();
        if compact.is_empty() || !compact.chars().all(|c| c.is_ascii_digit()) {
            return Err(PointsError::NotAPositiveWholeNumber);
        }
        let n: i64 = compact.parse().map_err(|_| PointsError::TooLarge)?;
        Self::new(n)
    }

    pub fn get(self) -> i64 {
        self.0
    }
}

impl fmt::Display for Points {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.0.fmt(f)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_whole_positive_numbers_only() {
        assert_eq!(Points::parse("150").map(Points::get), Ok(150));
        assert_eq!(Points::parse(" 1 500 ").map(Points::get), Ok(1500));
        for bad in ["-5", "0", "abc", "1.5", "1e3", "", "12,5"] {
            assert_eq!(
                Points::parse(bad),
                Err(PointsError::NotAPositiveWholeNumber),
                "{bad}"
            );
        }
        assert_eq!(
            Points::parse("99999999999999999999999"),
            Err(PointsError::TooLarge)
        );
        assert_eq!(Points::parse("1000000001"), Err(PointsError::TooLarge));
    }
}
