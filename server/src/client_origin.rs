//! Where a request comes from — the one answer that per-client limits (log-in challenges,
//! support requests) and the audit log use.
//!
//! `X-Forwarded-For` is believed only from a configured reverse proxy
//! (`EKG_TRUSTED_PROXIES`: addresses or CIDRs, empty by default): when the TCP peer is one of
//! them, the client is the right-most address of the header that is not itself a trusted
//! proxy (each proxy appends the address it saw; everything left of the first untrusted hop
//! was written by the client and may be forged). Otherwise — no trusted proxy configured, a
//! peer that is not one, a missing or unreadable header — the client is the TCP peer. Without
//! this, anyone could change the header per request and be a new client each time.
use std::net::{IpAddr, SocketAddr};
use std::sync::Arc;

use axum::extract::{ConnectInfo, Request, State};
use axum::http::HeaderMap;
use axum::middleware::Next;
use axum::response::Response;

/// A network: an address and the number of leading bits that must match.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cidr {
    addr: IpAddr,
    prefix: u8,
}

#[derive(Debug, thiserror::Error, PartialEq, Eq)]
#[error("EKG_TRUSTED_PROXIES: {0:?} is not an IP address or CIDR (e.g. 10.0.0.1, 10.0.0.0/8, ::1)")]
pub struct BadCidr(pub String);

impl std::str::FromStr for Cidr {
    type Err = BadCidr;

    fn from_str(s: &str) -> Result<Self, BadCidr> {
        let bad = || BadCidr(s.to_string());
        let (addr, prefix) = match s.split_once('/') {
            Some((a, p)) => (a, Some(p)),
            None => (s, None),
        };
        let written: IpAddr = addr.trim().parse().map_err(|_| bad())?;
        let max = if written.is_ipv4() { 32 } else { 128 };
        let prefix = match prefix {
            Some(p) => p
                .trim()
                .parse::<u8>()
                .ok()
                .filter(|p| *p <= max)
                .ok_or_else(bad)?,
            None => max,
        };
        // An IPv4 network written as IPv6 (`::ffff:10.0.0.0/104`) is that IPv4 network.
        match (written, canonical(written)) {
            (IpAddr::V6(_), v4 @ IpAddr::V4(_)) if prefix >= 96 => Ok(Cidr {
                addr: v4,
                prefix: prefix - 96,
            }),
            (IpAddr::V6(_), IpAddr::V4(_)) => Err(bad()),
            (addr, _) => Ok(Cidr { addr, prefix }),
        }
    }
}

impl Cidr {
    pub fn contains(&self, ip: IpAddr) -> bool {
        let ip = canonical(ip);
        match (self.addr, ip) {
            (IpAddr::V4(net), IpAddr::V4(ip)) => {
                let shift = 32u32.saturating_sub(u32::from(self.prefix));
                let mask = u32::MAX.checked_shl(shift).unwrap_or(0);
                u32::from(net) & mask == u32::from(ip) & mask
            }
            (IpAddr::V6(net), IpAddr::V6(ip)) => {
                let shift = 128u32.saturating_sub(u32::from(self.prefix));
                let mask = u128::MAX.checked_shl(shift).unwrap_or(0);
                u128::from(net) & mask == u128::from(ip) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:10.0.0.1`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The reverse proxies whose `X-Forwarded-For` is believed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct TrustedProxies(Vec<Cidr>);

impl TrustedProxies {
    /// From `EKG_TRUSTED_PROXIES`: addresses or CIDRs separated by commas or spaces.
    pub fn parse(list: &str) -> Result<Self, BadCidr> {
        list.split([',', ' ', '\t', '\n'])
            .filter(|s| !s.trim().is_empty())
            .map(str::parse)
            .collect::<Result<Vec<_>, _>>()
            .map(TrustedProxies)
    }

    pub fn is_empty(&self) -> bool {
        self.0.is_empty()
    }

    pub fn contains(&self, ip: IpAddr) -> bool {
        self.0.iter().any(|c| c.contains(ip))
    }
}

/// The client's address: see the module documentation. `peer` is the TCP peer (`None` only
/// where no connection information exists, e.g. a router called directly in a test).
pub fn client_address(
    peer: Option<IpAddr>,
    headers: &HeaderMap,
    proxies: &TrustedProxies,
) -> String {
    let Some(peer) = peer else {
        return "-".into();
    };
    let peer = canonical(peer);
    if !proxies.contains(peer) {
        return peer.to_string();
    }
    let hops: Vec<&str> = headers
        .get_all("x-forwarded-for")
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(','))
        .map(str::trim)
        .collect();
    for hop in hops.iter().rev() {
        match hop.parse::<IpAddr>().map(canonical) {
            Ok(ip) if proxies.contains(ip) => continue,
            Ok(ip) => return ip.to_string(),
            // Unreadable: whatever stands there was not written by one of our proxies.
            Err(_) => break,
        }
    }
    peer.to_string()
}

tokio::task_local! {
    /// Where the request being handled comes from (set by [`with_origin`] for every request).
    static ORIGIN: String;
}

/// Middleware: remembers [`client_address`] of the request, so every audit entry written
/// while handling it says where it came from, and per-client limits can count it.
pub async fn with_origin(
    State(proxies): State<Arc<TrustedProxies>>,
    req: Request,
    next: Next,
) -> Response {
    let peer = req
        .extensions()
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip());
    let origin = client_address(peer, req.headers(), &proxies);
    ORIGIN.scope(origin, next.run(req)).await
}

/// The current request's origin, `-` outside a request (scheduled jobs, the CLI).
pub fn current_origin() -> String {
    ORIGIN.try_with(Clone::clone).unwrap_or_else(|_| "-".into())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn headers(xff: &[&str]) -> HeaderMap {
        let mut h = HeaderMap::new();
        for v in xff {
            h.append("x-forwarded-for", v.parse().unwrap());
        }
        h
    }

    fn ip(s: &str) -> Option<IpAddr> {
        Some(s.parse().unwrap())
    }

    #[test]
    fn without_trusted_proxies_the_header_is_ignored_and_the_peer_counts() {
        let none = TrustedProxies::default();
        assert_eq!(
            client_address(ip("198.51.100.4"), &headers(&["203.0.113.7"]), &none),
            "198.51.100.4"
        );
    }

    #[test]
    fn a_peer_that_is_not_a_trusted_proxy_cannot_claim_another_address() {
        let proxies = TrustedProxies::parse("10.0.0.0/8").unwrap();
        assert_eq!(
            client_address(ip("198.51.100.4"), &headers(&["203.0.113.7"]), &proxies),
            "198.51.100.4"
        );
    }

    #[test]
    fn behind_trusted_proxies_the_right_most_untrusted_hop_is_the_client() {
        let proxies = TrustedProxies::parse("10.0.0.1, 10.1.0.0/16 ::1").unwrap();
        // The client forged "1.2.3.4"; the outer proxy appended what it saw (203.0.113.7),
        // the inner one the outer proxy's address.
        let h = headers(&["1.2.3.4, 203.0.113.7", "10.1.2.3"]);
        assert_eq!(client_address(ip("10.0.0.1"), &h, &proxies), "203.0.113.7");
        assert_eq!(
            client_address(ip("::ffff:10.0.0.1"), &h, &proxies),
            "203.0.113.7",
            "an IPv4 peer written as IPv6 is the same proxy"
        );
        // Nothing but proxies, no header, or garbage: the peer.
        assert_eq!(
            client_address(ip("10.0.0.1"), &headers(&["10.1.0.9"]), &proxies),
            "10.0.0.1"
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &headers(&[]), &proxies),
            "10.0.0.1"
        );
        assert_eq!(
            client_address(ip("10.0.0.1"), &headers(&["1.2.3.4, <script>"]), &proxies),
            "10.0.0.1"
        );
    }

    #[test]
    fn trusted_proxy_lists_are_checked_when_read() {
        assert!(TrustedProxies::parse("").unwrap().is_empty());
        assert!(TrustedProxies::parse("10.0.0.0/33").is_err());
        assert!(TrustedProxies::parse("proxy.local").is_err());
        // An IPv4 proxy written as IPv6 is that one address, not every IPv4 client.
        let mapped = TrustedProxies::parse("::ffff:10.0.0.1").unwrap();
        assert!(mapped.contains("10.0.0.1".parse().unwrap()));
        assert!(!mapped.contains("203.0.113.7".parse().unwrap()));
        let mapped_net = TrustedProxies::parse("::ffff:10.0.0.0/104").unwrap();
        assert!(mapped_net.contains("10.9.9.9".parse().unwrap()));
        assert!(!mapped_net.contains("11.0.0.1".parse().unwrap()));
        assert!(TrustedProxies::parse("::ffff:10.0.0.0/90").is_err());
        let all_v6 = TrustedProxies::parse("::/0").unwrap();
        assert!(all_v6.contains("2001:db8::1".parse().unwrap()));
        assert!(!all_v6.contains("192.0.2.1".parse().unwrap()));
    }
}
