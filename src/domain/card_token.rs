use std::fmt;

use base64::{Engine, engine::general_purpose::URL_SAFE_NO_PAD};
use hmac::{Hmac, Mac};
use sha2::Sha256;

/// The HMAC key that signs card QR tokens (`CARD_SECRET`). Never printed.
#[derive(Clone)]
pub struct CardSecret(Vec<u8>);

impl CardSecret {
    pub fn new(secret: impl Into<Vec<u8>>) -> Self {
        Self(secret.into())
    }
}

impl fmt::Debug for CardSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("CardSecret([redacted])")
    }
}

/// A card's deep-link token: the card id and a truncated HMAC of it, base64url without padding
/// (27 characters of `[A-Za-z0-9_-]`). It reveals the card id but nothing else, and cannot be
/// made for another card without the secret.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CardToken {
    card_id: i64,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum CardTokenError {
    #[error("not a card token")]
    Malformed,
    #[error("the card token's signature does not match")]
    BadSignature,
}

const MAC_LEN: usize = 12;
const DOMAIN: &[u8] = b"loyalty-bot card v1:";

impl CardToken {
    pub fn for_card(card_id: i64) -> Self {
        Self { card_id }
    }

    pub fn card_id(&self) -> i64 {
        self.card_id
    }

    pub fn encode(&self, secret: &CardSecret) -> String {
        let mut raw = Vec::with_capacity(8 + MAC_LEN);
        raw.extend_from_slice(&self.card_id.to_be_bytes());
        raw.extend_from_slice(&mac(secret, self.card_id)[..MAC_LEN]);
        URL_SAFE_NO_PAD.encode(raw)
    }

    /// Accepts only a token signed with `secret`; a forged, truncated or foreign one is refused.
    pub fn verify(token: &str, secret: &CardSecret) -> Result<Self, CardTokenError> {
        let raw = URL_SAFE_NO_PAD
            .decode(token.trim())
            .map_err(|_| CardTokenError::Malformed)?;
        if raw.len() != 8 + MAC_LEN {
            return Err(CardTokenError::Malformed);
        }
        let (id, tag) = raw.split_at(8);
        let card_id = i64::from_be_bytes(id.try_into().map_err(|_| CardTokenError::Malformed)?);
        let mut m = hmac_for(secret);
        m.update(DOMAIN);
        m.update(&card_id.to_be_bytes());
        // verify_truncated_left compares in constant time.
        m.verify_truncated_left(tag)
            .map_err(|_| CardTokenError::BadSignature)?;
        Ok(Self { card_id })
    }
}

fn hmac_for(secret: &CardSecret) -> Hmac<Sha256> {
    // HMAC accepts keys of any length, so this cannot fail.
    <Hmac<Sha256> as Mac>::new_from_slice(&secret.0).unwrap_or_else(|_| unreachable!())
}

/// The first kind of identity fingerprint, keyed with the card secret: `erased_identities`
/// rows written before fingerprints moved to their own key in the database
/// ([`crate::identity`]) are still recognized with it, while that card secret lasts.
pub fn identity_fingerprint(secret: &CardSecret, tg_user_id: i64) -> Vec<u8> {
    let mut m = hmac_for(secret);
    m.update(b"loyalty-bot erased identity v1:");
    m.update(&tg_user_id.to_be_bytes());
    m.finalize().into_bytes().to_vec()
}

fn mac(secret: &CardSecret, card_id: i64) -> Vec<u8> {
    let mut m = hmac_for(secret);
    m.update(DOMAIN);
    m.update(&card_id.to_be_bytes());
    m.finalize().into_bytes().to_vec()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn secret() -> CardSecret {
        CardSecret::new("test secret")
    }

    #[test]
    fn round_trip_and_shape() {
        for id in [1, 42, 9_999_999, i64::MAX] {
            let t = CardToken::for_card(id).encode(&secret());
            assert!(t.len() <= 62, "{t}");
            assert!(
                t.chars()
                    .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
            );
            assert_eq!(
                CardToken::verify(&t, &secret()),
                Ok(CardToken::for_card(id))
            );
        }
    }

    #[test]
    fn forged_truncated_and_foreign_tokens_are_refused() {
        let t = CardToken::for_card(7).encode(&secret());
        let foreign = CardToken::for_card(7).encode(&CardSecret::new("other shop"));
        assert_eq!(
            CardToken::verify(&foreign, &secret()),
            Err(CardTokenError::BadSignature)
        );
        assert_eq!(
            CardToken::verify(&t[..t.len() - 2], &secret()),
            Err(CardTokenError::Malformed)
        );
        // Same signature, another card id: the classic forgery.
        let mut raw = URL_SAFE_NO_PAD.decode(&t).unwrap_or_default();
        raw[7] ^= 1;
        let forged = URL_SAFE_NO_PAD.encode(raw);
        assert_eq!(
            CardToken::verify(&forged, &secret()),
            Err(CardTokenError::BadSignature)
        );
        assert_eq!(
            CardToken::verify("!!", &secret()),
            Err(CardTokenError::Malformed)
        );
    }

    #[test]
    fn debug_hides_the_secret() {
        assert!(!format!("{:?}", secret()).contains("test"));
    }
}
