//! Configuration from the environment (and an optional `.env`, loaded by `main`).
//! Every setting is parsed here once; a missing or malformed one stops start-up with one line
//! naming it. Secrets are wrapped so that no `Debug` or log line can print them.

use std::{fmt, net::SocketAddr};

use url::Url;

use crate::domain::{CardSecret, Language};

pub const DEFAULT_DATABASE_URL: &str = "postgres://postgres@127.0.0.1:5432/loyalty";

/// A string that must never be printed (the bot token).
#[derive(Clone)]
pub struct Secret(String);

impl Secret {
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl fmt::Debug for Secret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[redacted]")
    }
}

/// Webhook mode: Telegram POSTs updates to `url`, proving itself with `secret`.
#[derive(Clone, Debug)]
pub struct WebhookConfig {
    pub url: Url,
    pub secret: Secret,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone)]
pub struct Config {
    pub bot_token: Option<Secret>,
    pub api_url: Option<Url>,
    pub database_url: String,
    pub card_secret: Option<CardSecret>,
    pub owner_ids: Vec<i64>,
    pub default_language: Language,
    /// `WEBHOOK_URL` (+ `WEBHOOK_SECRET`, generated when not set): webhook mode.
    pub webhook: Option<WebhookConfig>,
    /// `LISTEN_ADDR`: where the webhook, `/healthz` and `/metrics` are served.
    pub listen_addr: Option<SocketAddr>,
    pub log_format: LogFormat,
    /// `CURRENCY`: the sign printed after amounts (`₽`, `€`, `UAH`...); none by default.
    pub currency: String,
    /// `SEND_RATE`: messages per second the bot sends overall, replies and broadcasts together
    /// (default 30, Telegram's limit; raise it only for a local Bot API server).
    pub send_rate: u32,
    /// `BROADCAST_RATE`: the broadcasts' share of `SEND_RATE`, messages per second (default
    /// 30: a broadcast may use all of the budget that conversations leave).
    pub broadcast_rate: u32,
    /// `API_RATE_LIMIT`: POS API requests per minute per key (default 600).
    pub api_rate_limit: u32,
    /// `WEBHOOK_ALLOW_PRIVATE=1`: outbound webhooks may go to private and loopback addresses,
    /// over plain http too (tests and the sandbox); refused otherwise.
    pub webhook_allow_private: bool,
    /// `METRICS_TOKEN`: when set, `/metrics` answers only requests with
    /// `Authorization: Bearer <token>`.
    pub metrics_token: Option<Secret>,
    /// `PUBLIC_URL`: the https origin where `LISTEN_ADDR` is reachable from the internet. With
    /// it the bot offers the Mini App (the card and the till inside Telegram, see
    /// [`crate::miniapp`]) at `PUBLIC_URL/app/`; without it nothing of the Mini App is offered.
    pub public_url: Option<Url>,
    /// Where the Mini App pages load Telegram's `telegram-web-app.js` from. Not read from the
    /// environment: Telegram requires its own script; the sandbox points it at its stand-in,
    /// as it points `TELOXIDE_API_URL` at its emulator.
    pub web_app_script: String,
}

/// The script every Mini App page must load (Telegram's docs).
pub const TELEGRAM_WEB_APP_JS: &str = "https://telegram.org/js/telegram-web-app.js";

impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("bot_token", &self.bot_token)
            .field("api_url", &self.api_url.as_ref().map(Url::as_str))
            .field("database_url", &redact_password(&self.database_url))
            .field("card_secret", &self.card_secret)
            .field("owner_ids", &self.owner_ids)
            .field("default_language", &self.default_language)
            .field("webhook", &self.webhook)
            .field("listen_addr", &self.listen_addr)
            .field("log_format", &self.log_format)
            .field("currency", &self.currency)
            .field("send_rate", &self.send_rate)
            .field("broadcast_rate", &self.broadcast_rate)
            .field("api_rate_limit", &self.api_rate_limit)
            .field("webhook_allow_private", &self.webhook_allow_private)
            .field("metrics_token", &self.metrics_token)
            .field("public_url", &self.public_url.as_ref().map(Url::as_str))
            .field("web_app_script", &self.web_app_script)
            .finish()
    }
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum ConfigError {
    #[error("{0} is not set ({1})")]
    Missing(&'static str, &'static str),
    #[error("{name} is not valid: {reason}")]
    Invalid { name: &'static str, reason: String },
}

impl Config {
    /// Reads every setting through `var` (the process environment in production, a map in
    /// tests). Requirements that depend on the command (a token for `run`) are checked by
    /// [`Config::require_bot_token`] and [`Config::require_card_secret`].
    pub fn from_vars(var: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let get = |name: &str| {
            var(name)
                .map(|v| v.trim().to_owned())
                .filter(|v| !v.is_empty())
        };
        let api_url = get("TELOXIDE_API_URL")
            .map(|raw| {
                Url::parse(&raw).map_err(|e| ConfigError::Invalid {
                    name: "TELOXIDE_API_URL",
                    reason: e.to_string(),
                })
            })
            .transpose()?;
        let owner_ids = get("OWNER_IDS")
            .map(|raw| parse_ids(&raw))
            .transpose()?
            .unwrap_or_default();
        let default_language = match get("DEFAULT_LANGUAGE") {
            None => Language::En,
            Some(code) => Language::from_code(&code).ok_or(ConfigError::Invalid {
                name: "DEFAULT_LANGUAGE",
                reason: format!("{code:?} is not one of en, ru, uk"),
            })?,
        };
        let database_url = get("DATABASE_URL").unwrap_or_else(|| DEFAULT_DATABASE_URL.to_owned());
        if !database_url.starts_with("postgres://") && !database_url.starts_with("postgresql://") {
            return Err(ConfigError::Invalid {
                name: "DATABASE_URL",
                reason: "expected postgres://user@host:port/database".into(),
            });
        }
        let card_secret = get("CARD_SECRET")
            .map(|s| {
                if s.len() < 16 {
                    Err(ConfigError::Invalid {
                        name: "CARD_SECRET",
                        reason: "use at least 16 random characters (e.g. `openssl rand -hex 32`)"
                            .into(),
                    })
                } else {
                    Ok(CardSecret::new(s))
                }
            })
            .transpose()?;
        let listen_addr = get("LISTEN_ADDR")
            .map(|raw| {
                raw.parse::<SocketAddr>().map_err(|_| ConfigError::Invalid {
                    name: "LISTEN_ADDR",
                    reason: format!("{raw:?} is not host:port, e.g. 0.0.0.0:8080"),
                })
            })
            .transpose()?;
        let webhook = get("WEBHOOK_URL")
            .map(|raw| {
                let url = Url::parse(&raw).map_err(|e| ConfigError::Invalid {
                    name: "WEBHOOK_URL",
                    reason: e.to_string(),
                })?;
                if !matches!(url.scheme(), "https" | "http") {
                    return Err(ConfigError::Invalid {
                        name: "WEBHOOK_URL",
                        reason: "expected https://your.domain/path".into(),
                    });
                }
                let secret = match get("WEBHOOK_SECRET") {
                    Some(s) if valid_webhook_secret(&s) => s,
                    Some(_) => {
                        return Err(ConfigError::Invalid {
                            name: "WEBHOOK_SECRET",
                            reason: "1-256 characters of A-Z, a-z, 0-9, _ and -".into(),
                        });
                    }
                    None => match (get("TELOXIDE_TOKEN"), get("CARD_SECRET")) {
                        (Some(token), Some(card)) => derived_webhook_secret(&token, &card),
                        // `run` refuses to start without them anyway.
                        _ => random_secret(),
                    },
                };
                Ok(WebhookConfig {
                    url,
                    secret: Secret::new(secret),
                })
            })
            .transpose()?;
        if webhook.is_some() && listen_addr.is_none() {
            return Err(ConfigError::Missing(
                "LISTEN_ADDR",
                "webhook mode needs the address to serve WEBHOOK_URL on, e.g. 0.0.0.0:8080",
            ));
        }
        let log_format = match get("LOG_FORMAT").as_deref() {
            None | Some("text") => LogFormat::Text,
            Some("json") => LogFormat::Json,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "LOG_FORMAT",
                    reason: format!("{other:?} is not text or json"),
                });
            }
        };
        let currency = get("CURRENCY").unwrap_or_default();
        if currency.chars().count() > 8 || currency.contains(['<', '>', '&']) {
            return Err(ConfigError::Invalid {
                name: "CURRENCY",
                reason: "a short currency sign or code, e.g. ₽, €, UAH".into(),
            });
        }
        let rate = |name: &'static str| match get(name) {
            None => Ok(30),
            Some(raw) => raw
                .parse::<u32>()
                .ok()
                .filter(|r| *r > 0)
                .ok_or(ConfigError::Invalid {
                    name,
                    reason: format!("{raw:?} is not a positive number of messages per second"),
                }),
        };
        let api_rate_limit = match get("API_RATE_LIMIT") {
            None => 600,
            Some(raw) => {
                raw.parse::<u32>()
                    .ok()
                    .filter(|r| *r > 0)
                    .ok_or(ConfigError::Invalid {
                        name: "API_RATE_LIMIT",
                        reason: format!("{raw:?} is not a positive number of requests per minute"),
                    })?
            }
        };
        let webhook_allow_private = match get("WEBHOOK_ALLOW_PRIVATE").as_deref() {
            None | Some("0") => false,
            Some("1") => true,
            Some(other) => {
                return Err(ConfigError::Invalid {
                    name: "WEBHOOK_ALLOW_PRIVATE",
                    reason: format!("{other:?} is not 0 or 1"),
                });
            }
        };
        let metrics_token = get("METRICS_TOKEN")
            .map(|t| {
                if t.len() >= 16 && t.bytes().all(|b| b.is_ascii_graphic()) {
                    Ok(Secret::new(t))
                } else {
                    Err(ConfigError::Invalid {
                        name: "METRICS_TOKEN",
                        reason:
                            "use at least 16 printable characters (e.g. `openssl rand -hex 32`)"
                                .into(),
                    })
                }
            })
            .transpose()?;
        let public_url = get("PUBLIC_URL")
            .map(|raw| parse_public_url(&raw))
            .transpose()?;
        if public_url.is_some() && listen_addr.is_none() {
            return Err(ConfigError::Missing(
                "LISTEN_ADDR",
                "the Mini App (PUBLIC_URL) is served on it, e.g. 0.0.0.0:8080",
            ));
        }
        let send_rate = rate("SEND_RATE")?;
        let broadcast_rate = rate("BROADCAST_RATE")?;
        Ok(Self {
            metrics_token,
            public_url,
            web_app_script: TELEGRAM_WEB_APP_JS.to_owned(),
            api_rate_limit,
            webhook_allow_private,
            currency,
            send_rate,
            broadcast_rate,
            webhook,
            listen_addr,
            log_format,
            bot_token: get("TELOXIDE_TOKEN").map(Secret::new),
            api_url,
            database_url,
            card_secret,
            owner_ids,
            default_language,
        })
    }

    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_vars(|name| std::env::var(name).ok())
    }

    pub fn require_bot_token(&self) -> Result<&Secret, ConfigError> {
        self.bot_token.as_ref().ok_or(ConfigError::Missing(
            "TELOXIDE_TOKEN",
            "the bot token from @BotFather",
        ))
    }

    pub fn require_card_secret(&self) -> Result<&CardSecret, ConfigError> {
        self.card_secret.as_ref().ok_or(ConfigError::Missing(
            "CARD_SECRET",
            "the key that signs card QR codes; generate one with `openssl rand -hex 32`",
        ))
    }
}

/// `PUBLIC_URL` as a base ending in `/`. Telegram opens Mini Apps over https only; plain http
/// is accepted for loopback hosts, as Telegram's test environment accepts it (the sandbox).
fn parse_public_url(raw: &str) -> Result<Url, ConfigError> {
    let invalid = |reason: &str| ConfigError::Invalid {
        name: "PUBLIC_URL",
        reason: reason.to_owned(),
    };
    let mut url = Url::parse(raw).map_err(|e| invalid(&e.to_string()))?;
    let loopback = match url.host() {
        Some(url::Host::Domain(d)) => d == "localhost",
        Some(url::Host::Ipv4(ip)) => ip.is_loopback(),
        Some(url::Host::Ipv6(ip)) => ip.is_loopback(),
        None => false,
    };
    let fine = url.scheme() == "https" || (url.scheme() == "http" && loopback);
    if !fine || url.query().is_some() || url.fragment().is_some() {
        return Err(invalid(
            "expected https://your.domain (where LISTEN_ADDR is reachable)",
        ));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    Ok(url)
}

impl Config {
    /// The Mini App's page at `path` (`""` the card, `"till"` the till), when `PUBLIC_URL` is
    /// set.
    pub fn mini_app_url(&self, path: &str) -> Option<Url> {
        self.public_url
            .as_ref()
            .and_then(|base| base.join(&format!("app/{path}")).ok())
    }
}

fn parse_ids(raw: &str) -> Result<Vec<i64>, ConfigError> {
    raw.split(',')
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .map(|s| {
            s.parse::<i64>().map_err(|_| ConfigError::Invalid {
                name: "OWNER_IDS",
                reason: format!("{s:?} is not a Telegram user id (comma-separated numbers)"),
            })
        })
        .collect()
}

/// Telegram allows 1-256 characters of `A-Za-z0-9_-` in a webhook secret token.
fn valid_webhook_secret(s: &str) -> bool {
    (1..=256).contains(&s.len())
        && s.chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_' || c == '-')
}

/// The webhook secret when `WEBHOOK_SECRET` is not set: the same on every replica that has
/// the same token and card secret, and unguessable without them.
fn derived_webhook_secret(token: &str, card_secret: &str) -> String {
    use hmac::{Hmac, Mac};
    let Ok(mut mac) = Hmac::<sha2::Sha256>::new_from_slice(card_secret.as_bytes()) else {
        return random_secret();
    };
    mac.update(b"telegram-webhook-secret:");
    mac.update(token.as_bytes());
    mac.finalize()
        .into_bytes()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

fn random_secret() -> String {
    use rand::{Rng, distributions::Alphanumeric};
    rand::thread_rng()
        .sample_iter(&Alphanumeric)
        .take(48)
        .map(char::from)
        .collect()
}

/// `postgres://user:secret@host/db` → `postgres://user:***@host/db`.
pub fn redact_password(url: &str) -> String {
    match Url::parse(url) {
        Ok(mut u) if u.password().is_some() => {
            let _ = u.set_password(Some("***"));
            u.to_string()
        }
        _ => url.to_owned(),
    }
}

#[cfg(test)]
mod tests {
    use std::collections::HashMap;

    use super::*;

    fn from(pairs: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = pairs
            .iter()
            .map(|(k, v)| (k.to_string(), v.to_string()))
            .collect();
        Config::from_vars(|k| map.get(k).cloned())
    }

    #[test]
    fn defaults() {
        let c = from(&[]).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(c.database_url, DEFAULT_DATABASE_URL);
        assert_eq!(c.default_language, Language::En);
        assert!(c.owner_ids.is_empty());
        assert_eq!(c.broadcast_rate, 30);
        assert_eq!(
            c.require_bot_token().err(),
            Some(ConfigError::Missing(
                "TELOXIDE_TOKEN",
                "the bot token from @BotFather"
            ))
        );
        assert!(c.require_card_secret().is_err());
    }

    #[test]
    fn malformed_settings_name_themselves() {
        for (pairs, name) in [
            (vec![("OWNER_IDS", "12,abc")], "OWNER_IDS"),
            (vec![("DEFAULT_LANGUAGE", "de")], "DEFAULT_LANGUAGE"),
            (vec![("TELOXIDE_API_URL", "not a url")], "TELOXIDE_API_URL"),
            (vec![("DATABASE_URL", "mysql://x")], "DATABASE_URL"),
            (vec![("CARD_SECRET", "short")], "CARD_SECRET"),
            (vec![("LISTEN_ADDR", "nowhere")], "LISTEN_ADDR"),
            (vec![("BROADCAST_RATE", "0")], "BROADCAST_RATE"),
            (vec![("API_RATE_LIMIT", "x")], "API_RATE_LIMIT"),
            (
                vec![("WEBHOOK_ALLOW_PRIVATE", "yes")],
                "WEBHOOK_ALLOW_PRIVATE",
            ),
            (
                vec![("WEBHOOK_URL", "https://x.example/hook")],
                "LISTEN_ADDR",
            ),
            (
                vec![("WEBHOOK_URL", "ftp://x"), ("LISTEN_ADDR", "0.0.0.0:1")],
                "WEBHOOK_URL",
            ),
            (
                vec![
                    ("WEBHOOK_URL", "https://x/h"),
                    ("LISTEN_ADDR", "0.0.0.0:1"),
                    ("WEBHOOK_SECRET", "a b"),
                ],
                "WEBHOOK_SECRET",
            ),
            (vec![("LOG_FORMAT", "xml")], "LOG_FORMAT"),
            (vec![("PUBLIC_URL", "https://shop.example")], "LISTEN_ADDR"),
            (
                vec![
                    ("PUBLIC_URL", "http://shop.example"),
                    ("LISTEN_ADDR", "0.0.0.0:1"),
                ],
                "PUBLIC_URL",
            ),
        ] {
            let err = from(&pairs)
                .err()
                .map(|e| e.to_string())
                .unwrap_or_default();
            assert!(err.starts_with(name), "{err}");
        }
    }

    #[test]
    fn public_url_gives_the_mini_app_pages() {
        let c = from(&[
            ("PUBLIC_URL", "https://shop.example/loyalty"),
            ("LISTEN_ADDR", "0.0.0.0:8080"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let url = |p: &str| c.mini_app_url(p).map(|u| u.to_string());
        assert_eq!(
            url("").as_deref(),
            Some("https://shop.example/loyalty/app/")
        );
        assert_eq!(
            url("till").as_deref(),
            Some("https://shop.example/loyalty/app/till")
        );
        let local = from(&[
            ("PUBLIC_URL", "http://127.0.0.1:9"),
            ("LISTEN_ADDR", "0.0.0.0:9"),
        ]);
        assert!(
            local.is_ok(),
            "plain http on loopback, as in Telegram's test environment"
        );
        assert_eq!(from(&[]).ok().and_then(|c| c.mini_app_url("")), None);
    }

    #[test]
    fn replicas_derive_the_same_webhook_secret() {
        let vars = [
            ("TELOXIDE_TOKEN", "123:TOKEN"),
            ("CARD_SECRET", "a-very-secret-card-key"),
            ("WEBHOOK_URL", "https://shop.example/tg/hook"),
            ("LISTEN_ADDR", "0.0.0.0:8080"),
        ];
        let secret = |pairs: &[(&str, &str)]| {
            from(pairs)
                .ok()
                .and_then(|c| c.webhook)
                .map(|w| w.secret.expose().to_owned())
                .unwrap_or_default()
        };
        let a = secret(&vars);
        assert_eq!(a, secret(&vars));
        assert!(valid_webhook_secret(&a), "{a}");
        let mut other = vars;
        other[1].1 = "another-secret-card-key";
        assert_ne!(a, secret(&other));
    }

    #[test]
    fn secrets_never_print() {
        let c = from(&[
            ("TELOXIDE_TOKEN", "123:SECRET_TOKEN"),
            ("CARD_SECRET", "a-very-secret-card-key"),
            ("DATABASE_URL", "postgres://u:dbpass@h/db"),
            ("OWNER_IDS", "1, 2"),
            ("WEBHOOK_URL", "https://shop.example/tg/hook"),
            ("LISTEN_ADDR", "0.0.0.0:8080"),
            ("WEBHOOK_SECRET", "WEBHOOKSECRETVALUE"),
        ])
        .unwrap_or_else(|e| panic!("{e}"));
        let shown = format!("{c:?}");
        for secret in [
            "SECRET_TOKEN",
            "a-very-secret-card-key",
            "dbpass",
            "WEBHOOKSECRETVALUE",
        ] {
            assert!(!shown.contains(secret), "{shown}");
        }
        assert_eq!(c.owner_ids, vec![1, 2]);
    }
}
