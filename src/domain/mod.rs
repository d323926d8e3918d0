//! Domain types that parse user and wire input once, so the rest of the code can only hold
//! valid values: a [`CardNumber`] always has a correct check digit, a [`CardToken`] was always
//! signed with our secret, a [`Points`] amount is always positive.

mod card_number;
mod card_token;
mod language;
mod money;
mod points;
mod start_payload;

pub use card_number::{CardNumber, CardNumberError};
pub use card_token::{CardSecret, CardToken, CardTokenError, identity_fingerprint};
pub use language::Language;
pub use money::{Money, MoneyError};
pub use points::{Points, PointsError};
pub use start_payload::StartPayload;
