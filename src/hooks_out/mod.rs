//! Outbound webhooks: the shop's other systems are told what happens, signed as the Standard
//! Webhooks specification says (issue #16). Not to be confused with the bot's *inbound*
//! Telegram webhook mode in [`crate::serve::webhook`].
//!
//! How the pieces fit:
//! - [`endpoints`]: owners register URLs with `/webhook add` (each gets a `whsec_` secret shown
//!   once), list them with their delivery health, remove or re-enable them.
//! - [`events`]: the use cases (purchase, refund, undo, redemption answers, enrolment, erasure)
//!   call [`events::record`] inside their own transaction, so an event exists exactly when the
//!   change committed: one `webhook_events` row (the body, fixed once) and one
//!   `webhook_deliveries` row per live endpoint. With no endpoint nothing is written.
//! - [`sender`]: a loop in the bot process claims due deliveries (a lease, `SKIP LOCKED`, so
//!   replicas can run side by side), POSTs them, and records the outcome. Failures (non-2xx,
//!   timeouts, refused addresses) are retried on [`sender::SCHEDULE`]: immediately, then 5 s,
//!   5 min, 30 min, 2 h, 5 h, 10 h and 10 h later. A retry carries the same `webhook-id` (the
//!   event's), so receivers can drop duplicates; delivery is at least once. When a delivery
//!   has used up its schedule and the endpoint has not succeeded since that event, the endpoint
//!   is disabled and its owner told.
//! - [`address`]: sends go to https URLs on public addresses only, checked when registered and
//!   again at every connection (a resolver that refuses private and loopback addresses, no
//!   redirects, no proxy), unless `WEBHOOK_ALLOW_PRIVATE=1` (tests, the sandbox), which also
//!   allows plain http.
//! - [`sign`]: `webhook-signature: v1,<base64 HMAC-SHA256("{id}.{timestamp}.{body}")>`.

pub mod address;
pub mod endpoints;
pub mod events;
pub mod sender;
pub mod sign;

pub use events::{Event, record};
