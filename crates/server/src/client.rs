//! Who sent a request, as far as the server can honestly tell: the socket's peer, or,
//! only when the server is told it sits behind a proxy (`--trust-forwarded-for`), the
//! address that proxy put last in `X-Forwarded-For`.

use std::net::{IpAddr, Ipv4Addr, SocketAddr};

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::HeaderMap;
use axum::http::request::Parts;

use crate::error::AppError;
use crate::state::AppState;

/// The address a request came from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClientAddr(pub IpAddr);

impl ClientAddr {
    /// What limits count attempts by: the address, or for IPv6 its /64 network, which
    /// one household or phone holds whole.
    pub fn key(&self) -> String {
        match self.0 {
            IpAddr::V4(v4) => v4.to_string(),
            IpAddr::V6(v6) => match v6.to_ipv4_mapped() {
                Some(v4) => v4.to_string(),
                None => {
                    let s = v6.segments();
                    format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
                }
            },
        }
    }
}

/// The last address of the last `X-Forwarded-For` header: the one the proxy itself saw
/// (entries before it are whatever the client claimed).
fn forwarded_for(headers: &HeaderMap) -> Option<IpAddr> {
    headers
        .get_all("x-forwarded-for")
        .iter()
        .next_back()?
        .to_str()
        .ok()?
        .rsplit(',')
        .next()?
        .trim()
        .parse()
        .ok()
}

impl FromRequestParts<AppState> for ClientAddr {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, AppError> {
        if state.settings.trust_forwarded_for
            && let Some(addr) = forwarded_for(&parts.headers)
        {
            return Ok(ClientAddr(addr));
        }
        // The server always runs with the peer's address (`main`); a router driven
        // in-process without a socket has none and counts as one unknown client.
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map_or(IpAddr::V4(Ipv4Addr::UNSPECIFIED), |c| c.0.ip());
        Ok(ClientAddr(peer))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_proxy_entry_is_the_last_one() {
        let mut headers = HeaderMap::new();
        assert_eq!(forwarded_for(&headers), None);
        headers.append("x-forwarded-for", "1.1.1.1, 2.2.2.2".parse().unwrap());
        headers.append("x-forwarded-for", "6.6.6.6, 3.3.3.3".parse().unwrap());
        assert_eq!(forwarded_for(&headers), Some("3.3.3.3".parse().unwrap()));
        headers.append("x-forwarded-for", "not an address".parse().unwrap());
        assert_eq!(forwarded_for(&headers), None);
    }

    #[test]
    fn ipv6_counts_by_network() {
        let a = ClientAddr("2408:8207:1:2:aaaa::1".parse().unwrap());
        let b = ClientAddr("2408:8207:1:2:bbbb::9".parse().unwrap());
        assert_eq!(a.key(), b.key());
        assert_eq!(a.key(), "2408:8207:1:2::/64");
        let mapped = ClientAddr("::ffff:10.0.0.1".parse().unwrap());
        assert_eq!(mapped.key(), "10.0.0.1");
    }
}
