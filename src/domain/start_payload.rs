/// What a `t.me/<bot>?start=<payload>` deep link asks for. Telegram allows up to 64 characters
/// of `[A-Za-z0-9_-]`; the prefix says what kind of link it is.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum StartPayload {
    /// Plain `/start`.
    None,
    /// `c_<token>`: a customer's card QR, opened by a staff member's camera.
    Card(String),
    /// `r_<code>`: a friend's invite link.
    Referral(String),
    /// `s_<token>`: a staff invite.
    StaffInvite(String),
    /// `k_<code>`: a coupon from a flyer.
    Coupon(String),
    /// Anything else (a broken or foreign link).
    Unknown,
}

impl StartPayload {
    pub fn parse(payload: &str) -> Self {
        let payload = payload.trim();
        if payload.is_empty() {
            return Self::None;
        }
        let valid = payload.len() <= 64
            && payload
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-');
        if !valid {
            return Self::Unknown;
        }
        let Some((prefix, rest)) = payload.split_once('_') else {
            return Self::Unknown;
        };
        if rest.is_empty() {
            return Self::Unknown;
        }
        let rest = rest.to_owned();
        match prefix {
            "c" => Self::Card(rest),
            "r" => Self::Referral(rest),
            "s" => Self::StaffInvite(rest),
            "k" => Self::Coupon(rest),
            _ => Self::Unknown,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn prefixes() {
        assert_eq!(StartPayload::parse(""), StartPayload::None);
        assert_eq!(
            StartPayload::parse("c_abc-_1"),
            StartPayload::Card("abc-_1".into())
        );
        assert_eq!(
            StartPayload::parse("r_XY12"),
            StartPayload::Referral("XY12".into())
        );
        assert_eq!(StartPayload::parse("c_"), StartPayload::Unknown);
        assert_eq!(StartPayload::parse("x_1"), StartPayload::Unknown);
        assert_eq!(StartPayload::parse("c_<b>"), StartPayload::Unknown);
        assert_eq!(StartPayload::parse(&"c_".repeat(40)), StartPayload::Unknown);
    }
}
