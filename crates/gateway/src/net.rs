//! Who a request comes from, for the limits that count per address: the connection's peer,
//! or — behind proxies the configuration trusts — the rightmost `X-Forwarded-For` hop that
//! is not one of them (the leftmost is whatever the client wrote). IPv6 addresses count by
//! their /64, the block one subscriber line gets, so a botnet host cannot rotate through it.

use std::net::IpAddr;

/// An address or a CIDR block (`10.0.0.0/8`, `fd00::/8`).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Block {
    base: IpAddr,
    prefix: u8,
}

impl Block {
    /// Reads `192.168.0.1`, `10.0.0.0/8`, `::1` or `fd00::/8`.
    pub fn parse(text: &str) -> Option<Self> {
        let (ip, prefix) = match text.trim().split_once('/') {
            Some((ip, p)) => (ip.parse::<IpAddr>().ok()?, p.parse::<u8>().ok()?),
            None => {
                let ip = text.trim().parse::<IpAddr>().ok()?;
                (ip, if ip.is_ipv4() { 32 } else { 128 })
            }
        };
        let max = if ip.is_ipv4() { 32 } else { 128 };
        (prefix <= max).then_some(Self { base: ip, prefix })
    }

    /// Whether `ip` falls in the block.
    pub fn contains(&self, ip: IpAddr) -> bool {
        match (self.base, canonical(ip)) {
            (IpAddr::V4(b), IpAddr::V4(a)) => {
                let mask = u32::MAX
                    .checked_shl(32 - u32::from(self.prefix))
                    .unwrap_or(0);
                u32::from(b) & mask == u32::from(a) & mask
            }
            (IpAddr::V6(b), IpAddr::V6(a)) => {
                let mask = u128::MAX
                    .checked_shl(128 - u32::from(self.prefix))
                    .unwrap_or(0);
                u128::from(b) & mask == u128::from(a) & mask
            }
            _ => false,
        }
    }
}

/// An IPv4 address written as IPv6 (`::ffff:1.2.3.4`) is the IPv4 address.
fn canonical(ip: IpAddr) -> IpAddr {
    match ip {
        IpAddr::V6(v6) => v6.to_ipv4_mapped().map_or(ip, IpAddr::V4),
        v4 => v4,
    }
}

/// The key limits count by: the IPv4 address, or the IPv6 /64.
pub fn limit_key(ip: IpAddr) -> String {
    match canonical(ip) {
        IpAddr::V4(v4) => v4.to_string(),
        IpAddr::V6(v6) => {
            let s = v6.segments();
            format!("{:x}:{:x}:{:x}:{:x}::/64", s[0], s[1], s[2], s[3])
        }
    }
}

/// The client's address: `peer` unless it is a trusted proxy, in which case the rightmost
/// hop of `forwarded` (the `X-Forwarded-For` values, in order) that is not trusted; a
/// chain with an unreadable hop is not believed.
pub fn client(peer: IpAddr, forwarded: &[&str], trusted: &[Block]) -> IpAddr {
    let is_trusted = |ip: IpAddr| trusted.iter().any(|b| b.contains(ip));
    if !is_trusted(peer) {
        return peer;
    }
    let hops: Option<Vec<IpAddr>> = forwarded
        .iter()
        .flat_map(|v| v.split(','))
        .map(|h| h.trim().parse::<IpAddr>().ok())
        .collect();
    let Some(hops) = hops else {
        return peer;
    };
    hops.iter()
        .rev()
        .copied()
        .find(|ip| !is_trusted(*ip))
        .or_else(|| hops.first().copied())
        .unwrap_or(peer)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn ip(text: &str) -> IpAddr {
        text.parse().unwrap()
    }

    fn proxies() -> Vec<Block> {
        ["127.0.0.1", "10.0.0.0/8", "fd00::/8"]
            .iter()
            .map(|b| Block::parse(b).unwrap())
            .collect()
    }

    #[test]
    fn the_rightmost_untrusted_hop_is_the_client() {
        let p = proxies();
        // The client wrote a fake first hop; the proxy appended the real one.
        assert_eq!(
            client(ip("127.0.0.1"), &["6.6.6.6, 200.1.2.3"], &p),
            ip("200.1.2.3")
        );
        // Two proxies of ours in the chain are skipped.
        assert_eq!(
            client(ip("10.0.0.5"), &["200.1.2.3, 10.0.0.9"], &p),
            ip("200.1.2.3")
        );
        // A peer we do not trust is the client, whatever it forwards.
        assert_eq!(client(ip("200.9.9.9"), &["1.1.1.1"], &p), ip("200.9.9.9"));
        // Garbage in the chain: the peer.
        assert_eq!(
            client(ip("127.0.0.1"), &["x, 200.1.2.3"], &p),
            ip("127.0.0.1")
        );
        // Several header lines read as one list.
        assert_eq!(
            client(ip("127.0.0.1"), &["6.6.6.6", "200.1.2.3"], &p),
            ip("200.1.2.3")
        );
    }

    #[test]
    fn ipv6_counts_by_its_64_and_mapped_ipv4_as_ipv4() {
        assert_eq!(limit_key(ip("2001:db8:1:2:aaaa::1")), "2001:db8:1:2::/64");
        assert_eq!(limit_key(ip("2001:db8:1:2:ffff::9")), "2001:db8:1:2::/64");
        assert_ne!(limit_key(ip("2001:db8:1:3::1")), "2001:db8:1:2::/64");
        assert_eq!(limit_key(ip("::ffff:200.1.2.3")), "200.1.2.3");
        assert!(Block::parse("fd00::/8").unwrap().contains(ip("fd12::1")));
        assert!(Block::parse("10.0.0.0/33").is_none());
        assert!(Block::parse("::ffff:10.0.0.1").is_some());
        assert!(
            Block::parse("10.0.0.0/8")
                .unwrap()
                .contains(ip("::ffff:10.1.2.3"))
        );
    }
}
