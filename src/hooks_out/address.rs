//! Where webhooks may go: https URLs whose host resolves to public addresses only, so that an
//! owner's URL (or a DNS name that later points elsewhere) cannot make the bot probe the
//! machine's own network. `WEBHOOK_ALLOW_PRIVATE=1` lifts this for tests and the sandbox.

use std::{
    net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr},
    sync::Arc,
};

use reqwest::dns::{Addrs, Name, Resolve, Resolving};
use url::Url;

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
pub enum UrlError {
    #[error("not a URL")]
    Invalid,
    #[error("only https URLs are allowed")]
    NotHttps,
    #[error("private, loopback and local addresses are not allowed")]
    Private,
}

/// Checks an endpoint URL as typed by the owner (the address check is repeated at each send).
pub fn check_url(input: &str, allow_private: bool) -> Result<Url, UrlError> {
    let url = Url::parse(input.trim()).map_err(|_| UrlError::Invalid)?;
    if input.len() > 2048 {
        return Err(UrlError::Invalid);
    }
    match url.scheme() {
        "https" => {}
        "http" if allow_private => {}
        _ => return Err(UrlError::NotHttps),
    }
    let host = url.host().ok_or(UrlError::Invalid)?;
    if allow_private {
        return Ok(url);
    }
    let public = match host {
        url::Host::Ipv4(ip) => is_public(IpAddr::V4(ip)),
        url::Host::Ipv6(ip) => is_public(IpAddr::V6(ip)),
        url::Host::Domain(d) => {
            let d = d.trim_end_matches('.').to_ascii_lowercase();
            d != "localhost" && !d.ends_with(".localhost") && !d.ends_with(".local")
        }
    };
    if public {
        Ok(url)
    } else {
        Err(UrlError::Private)
    }
}

/// True for addresses on the public internet.
pub fn is_public(ip: IpAddr) -> bool {
    match ip {
        IpAddr::V4(v4) => is_public_v4(v4),
        IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
            Some(v4) => is_public_v4(v4),
            None => is_public_v6(v6),
        },
    }
}

fn is_public_v4(ip: Ipv4Addr) -> bool {
    let [a, b, c, _] = ip.octets();
    !(ip.is_private()
        || ip.is_loopback()
        || ip.is_link_local()
        || ip.is_unspecified()
        || ip.is_broadcast()
        || ip.is_documentation()
        || ip.is_multicast()
        || a == 0
        || (a == 100 && (64..128).contains(&b)) // carrier-grade NAT
        || (a == 192 && b == 0 && c == 0)
        || (a == 198 && (b == 18 || b == 19)) // benchmarking
        || a >= 240)
}

fn is_public_v6(ip: Ipv6Addr) -> bool {
    let first = ip.segments()[0];
    !(ip.is_loopback()
        || ip.is_unspecified()
        || ip.is_multicast()
        || (first & 0xfe00) == 0xfc00 // unique local
        || (first & 0xffc0) == 0xfe80 // link local
        || first == 0x2001 && ip.segments()[1] == 0x0db8 // documentation
        || first == 0x0064 && ip.segments()[1] == 0xff9b) // NAT64: may reach anything
}

/// A DNS resolver that drops non-public addresses (unless allowed), so the check holds for
/// the address actually connected to, not only for what the name resolved to when added.
pub struct PublicOnly {
    pub allow_private: bool,
}

impl Resolve for PublicOnly {
    fn resolve(&self, name: Name) -> Resolving {
        let allow_private = self.allow_private;
        let host = name.as_str().to_owned();
        Box::pin(async move {
            let found: Vec<SocketAddr> = tokio::net::lookup_host((host.as_str(), 0))
                .await?
                .filter(|a| allow_private || is_public(a.ip()))
                .collect();
            if found.is_empty() {
                return Err(Box::new(UrlError::Private) as Box<dyn std::error::Error + Send + Sync>);
            }
            Ok(Box::new(found.into_iter()) as Addrs)
        })
    }
}

/// The HTTP client for webhook sends: the resolver above, no redirects (a 3xx is a failure,
/// not a hop to somewhere unchecked), no proxy from the environment, a 15 s timeout.
pub fn client(allow_private: bool) -> reqwest::Result<reqwest::Client> {
    reqwest::Client::builder()
        .dns_resolver(Arc::new(PublicOnly { allow_private }))
        .redirect(reqwest::redirect::Policy::none())
        .no_proxy()
        .timeout(std::time::Duration::from_secs(15))
        .user_agent("loyalty-bot-webhooks")
        .build()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn urls() {
        assert!(check_url("https://pos.example.com/hooks", false).is_ok());
        assert_eq!(
            check_url("http://pos.example.com/h", false),
            Err(UrlError::NotHttps)
        );
        assert_eq!(check_url("ftp://x", true), Err(UrlError::NotHttps));
        assert_eq!(check_url("nonsense", false), Err(UrlError::Invalid));
        for private in [
            "https://127.0.0.1/h",
            "https://10.1.2.3/h",
            "https://192.168.0.10/h",
            "https://169.254.169.254/latest",
            "https://[::1]/h",
            "https://[fd00::1]/h",
            "https://[::ffff:127.0.0.1]/h",
            "https://localhost:8443/h",
            "https://100.64.0.1/h",
        ] {
            assert_eq!(
                check_url(private, false),
                Err(UrlError::Private),
                "{private}"
            );
        }
        assert!(check_url("http://127.0.0.1:9000/h", true).is_ok());
    }
}

#[cfg(test)]
mod resolver_tests {
    use super::*;

    #[tokio::test]
    async fn names_that_resolve_to_loopback_are_refused() {
        let name: Name = "localhost".parse().expect("name");
        let refused = PublicOnly {
            allow_private: false,
        }
        .resolve(name)
        .await;
        assert!(refused.is_err());
        let name: Name = "localhost".parse().expect("name");
        let allowed = PublicOnly {
            allow_private: true,
        }
        .resolve(name)
        .await;
        assert!(allowed.is_ok_and(|mut a| a.next().is_some()));
    }
}
