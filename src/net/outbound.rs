//! Requests to URLs that administrators configure (the external bot now, outgoing webhooks
//! later). Such a URL must not reach the desk's own machine or network: loopback, link-local
//! (cloud metadata at 169.254.169.254), private, unspecified and other non-public addresses are
//! refused unless the host is listed in OUTBOUND_ALLOW_HOSTS.
//!
//! The check is made twice: on the URL as typed (a clear field error when it is saved) and on
//! the addresses the client actually connects to. Names go through `FilteringResolver`, so a
//! name that resolves to a public address when saved and to 127.0.0.1 later (DNS rebinding)
//! still cannot be reached; IP-literal hosts never reach a resolver, so they are checked before
//! the request is sent. Redirects are not followed and no proxy is used (a proxy would resolve
//! the name itself, out of the resolver's sight).

use std::fmt;
use std::net::{IpAddr, Ipv4Addr, Ipv6Addr, SocketAddr};
use std::sync::Arc;
use std::time::Duration;
use url::{Host, Url};

/// How long saving a URL waits for its name to resolve.
const SAVE_RESOLVE_TIMEOUT: Duration = Duration::from_secs(3);

/// What kind of address an IP is; only `Public` may be reached without the allow-list.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum AddressClass {
    Public,
    Loopback,
    Private,
    LinkLocal,
    Unspecified,
    Multicast,
    /// Documentation, benchmarking, broadcast, reserved and other special-purpose ranges.
    Reserved,
}

impl AddressClass {
    fn describe(self) -> &'static str {
        match self {
            AddressClass::Public => "a public address",
            AddressClass::Loopback => "a loopback address",
            AddressClass::Private => "a private address",
            AddressClass::LinkLocal => "a link-local address",
            AddressClass::Unspecified => "an unspecified address",
            AddressClass::Multicast => "a multicast address",
            AddressClass::Reserved => "a reserved address",
        }
    }
}

pub fn classify(ip: IpAddr) -> AddressClass {
    match ip {
        IpAddr::V4(v4) => classify_v4(v4),
        IpAddr::V6(v6) => classify_v6(v6),
    }
}

fn classify_v4(ip: Ipv4Addr) -> AddressClass {
    let [a, b, c, _] = ip.octets();
    match (a, b, c) {
        (0, _, _) => AddressClass::Unspecified,
        (127, _, _) => AddressClass::Loopback,
        (10, _, _) | (192, 168, _) => AddressClass::Private,
        (172, 16..=31, _) => AddressClass::Private,
        // Shared address space (carrier-grade NAT): not reachable from the internet either.
        (100, 64..=127, _) => AddressClass::Private,
        (169, 254, _) => AddressClass::LinkLocal,
        (224..=239, _, _) => AddressClass::Multicast,
        (192, 0, 0) | (192, 0, 2) | (198, 51, 100) | (203, 0, 113) => AddressClass::Reserved,
        (198, 18..=19, _) | (240..=255, _, _) => AddressClass::Reserved,
        _ => AddressClass::Public,
    }
}

fn classify_v6(ip: Ipv6Addr) -> AddressClass {
    let s = ip.segments();
    if ip.is_unspecified() {
        return AddressClass::Unspecified;
    }
    if ip.is_loopback() {
        return AddressClass::Loopback;
    }
    // Forms that carry an IPv4 address reach that address: judge it instead.
    if let Some(v4) = ip.to_ipv4_mapped() {
        return classify_v4(v4);
    }
    let embedded = |hi: u16, lo: u16| Ipv4Addr::from((u32::from(hi) << 16) | u32::from(lo));
    match s[0] {
        // IPv4-compatible (::a.b.c.d, deprecated) and the rest of ::/8.
        0x0000 => AddressClass::Reserved,
        // NAT64 (64:ff9b::/96) to the embedded address; its local-use /48 is private.
        0x0064 if s[1] == 0xff9b && s[2..6] == [0, 0, 0, 0] => classify_v4(embedded(s[6], s[7])),
        0x0064 if s[1] == 0xff9b && s[2] == 1 => AddressClass::Private,
        // 6to4 (2002::/16) to the embedded address.
        0x2002 => classify_v4(embedded(s[1], s[2])),
        // IETF protocol assignments incl. Teredo (2001::/23), documentation (2001:db8::/32).
        0x2001 if s[1] < 0x0200 || s[1] == 0x0db8 => AddressClass::Reserved,
        0xfc00..=0xfdff => AddressClass::Private,
        // fec0::/10 is the deprecated site-local range: private as well.
        0xfe80..=0xfebf => AddressClass::LinkLocal,
        0xfec0..=0xfeff => AddressClass::Private,
        0xff00..=0xffff => AddressClass::Multicast,
        // Only 2000::/3 is global unicast.
        0x2000..=0x3fff => AddressClass::Public,
        _ => AddressClass::Reserved,
    }
}

/// Why a URL or an address may not be used.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Refused(pub String);

impl fmt::Display for Refused {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Refused {}

fn refused_address(host: &str, ip: IpAddr, class: AddressClass) -> Refused {
    let what = if host == ip.to_string() {
        format!("{ip} is")
    } else {
        format!("{host} resolves to {ip}, which is")
    };
    Refused(format!(
        "{what} {}; linedesk only sends to public addresses (or hosts listed in OUTBOUND_ALLOW_HOSTS).",
        class.describe()
    ))
}

/// The hosts OUTBOUND_ALLOW_HOSTS lists: names and IP addresses that may be reached whatever
/// they resolve to.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct AllowList(Vec<String>);

impl AllowList {
    /// From the setting: host names or IP addresses separated by commas or spaces.
    pub fn parse(setting: &str) -> AllowList {
        AllowList(
            setting
                .split([',', ' '])
                .map(|h| {
                    h.trim()
                        .trim_start_matches('[')
                        .trim_end_matches(']')
                        .trim_end_matches('.')
                        .to_ascii_lowercase()
                })
                .filter(|h| !h.is_empty())
                .collect(),
        )
    }

    pub fn allows(&self, host: &str) -> bool {
        let host = host
            .trim_start_matches('[')
            .trim_end_matches(']')
            .trim_end_matches('.')
            .to_ascii_lowercase();
        let ip = host.parse::<IpAddr>().ok();
        self.0.iter().any(|allowed| {
            *allowed == host || (ip.is_some() && allowed.parse::<IpAddr>().ok() == ip)
        })
    }

    pub fn hosts(&self) -> &[String] {
        &self.0
    }
}

/// A URL's form, before any address is looked at: http(s), a host, no user name or password.
pub fn parse_url(raw: &str) -> Result<Url, Refused> {
    let url =
        Url::parse(raw.trim()).map_err(|_| Refused("Enter an http:// or https:// URL.".into()))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(Refused("Enter an http:// or https:// URL.".into()));
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err(Refused(
            "Leave the user name and password out of the URL; requests are signed with the shared secret."
                .into(),
        ));
    }
    if url.host().is_none() {
        return Err(Refused("Enter the URL's host.".into()));
    }
    Ok(url)
}

/// An IP-literal host that is not public and not allowed (names are judged once resolved).
fn check_literal(url: &Url, allow: &AllowList) -> Result<(), Refused> {
    let ip = match url.host() {
        Some(Host::Ipv4(ip)) => IpAddr::V4(ip),
        Some(Host::Ipv6(ip)) => IpAddr::V6(ip),
        _ => return Ok(()),
    };
    match classify(ip) {
        AddressClass::Public => Ok(()),
        _ if allow.allows(&ip.to_string()) => Ok(()),
        class => Err(refused_address(&ip.to_string(), ip, class)),
    }
}

/// Keeps the addresses a name may be reached at: all of them for an allowed name, else the
/// public ones; none left is an error naming the first refused address.
fn filter(
    name: &str,
    addresses: impl IntoIterator<Item = SocketAddr>,
    allow: &AllowList,
) -> Result<Vec<SocketAddr>, Refused> {
    let addresses: Vec<SocketAddr> = addresses.into_iter().collect();
    if allow.allows(name) {
        return Ok(addresses);
    }
    let mut first_refused = None;
    let kept: Vec<SocketAddr> = addresses
        .into_iter()
        .filter(|a| match classify(a.ip()) {
            AddressClass::Public => true,
            _ if allow.allows(&a.ip().to_string()) => true,
            class => {
                first_refused.get_or_insert((a.ip(), class));
                false
            }
        })
        .collect();
    match (kept.is_empty(), first_refused) {
        (true, Some((ip, class))) => Err(refused_address(name, ip, class)),
        (true, None) => Err(Refused(format!("{name} has no address."))),
        _ => Ok(kept),
    }
}

/// reqwest's resolver for outbound requests: the system's lookup, then `filter`.
struct FilteringResolver {
    allow: Arc<AllowList>,
}

impl reqwest::dns::Resolve for FilteringResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allow = self.allow.clone();
        let name = name.as_str().to_string();
        Box::pin(async move {
            let found = tokio::net::lookup_host((name.as_str(), 0)).await?;
            let kept = filter(&name, found, &allow)?;
            Ok(Box::new(kept.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The client and rules for admin-configured URLs; cheap to clone.
#[derive(Clone)]
pub struct Outbound {
    allow: Arc<AllowList>,
    client: reqwest::Client,
}

impl fmt::Debug for Outbound {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Outbound")
            .field("allow", &self.allow)
            .finish()
    }
}

impl Outbound {
    pub fn new(allow: AllowList) -> Outbound {
        let allow = Arc::new(allow);
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .no_proxy()
            .dns_resolver(Arc::new(FilteringResolver {
                allow: allow.clone(),
            }))
            .build()
            .expect("a plain HTTP client builds");
        Outbound { allow, client }
    }

    /// For saving a URL: its form, an IP-literal host, and what its name resolves to now (a
    /// name that does not resolve yet is accepted; sending checks again).
    pub async fn check_url(&self, raw: &str) -> Result<Url, Refused> {
        let url = parse_url(raw)?;
        check_literal(&url, &self.allow)?;
        if let Some(Host::Domain(name)) = url.host() {
            let port = url.port_or_known_default().unwrap_or(0);
            let lookup = tokio::net::lookup_host((name, port));
            if let Ok(Ok(found)) = tokio::time::timeout(SAVE_RESOLVE_TIMEOUT, lookup).await {
                let found: Vec<SocketAddr> = found.collect();
                if !found.is_empty() {
                    filter(name, found, &self.allow)?;
                }
            }
        }
        Ok(url)
    }

    /// A POST to `raw`, refused before anything is sent when the URL may not be used.
    pub fn post(&self, raw: &str) -> Result<reqwest::RequestBuilder, Refused> {
        let url = parse_url(raw)?;
        check_literal(&url, &self.allow)?;
        Ok(self.client.post(url))
    }
}

/// The refusal inside a failed request's error chain (the resolver's), if that is why it failed.
pub fn refusal<'a>(err: &'a (dyn std::error::Error + 'static)) -> Option<&'a Refused> {
    let mut source = Some(err);
    while let Some(err) = source {
        if let Some(refused) = err.downcast_ref::<Refused>() {
            return Some(refused);
        }
        source = err.source();
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    fn class(ip: &str) -> AddressClass {
        classify(ip.parse().unwrap())
    }

    #[test]
    fn classifies_ipv4() {
        for (ip, expected) in [
            ("127.0.0.1", AddressClass::Loopback),
            ("127.255.0.9", AddressClass::Loopback),
            ("0.0.0.0", AddressClass::Unspecified),
            ("10.1.2.3", AddressClass::Private),
            ("172.16.0.1", AddressClass::Private),
            ("172.31.255.255", AddressClass::Private),
            ("192.168.1.1", AddressClass::Private),
            ("100.64.0.1", AddressClass::Private),
            ("169.254.169.254", AddressClass::LinkLocal),
            ("224.0.0.1", AddressClass::Multicast),
            ("255.255.255.255", AddressClass::Reserved),
            ("192.0.2.10", AddressClass::Reserved),
            ("198.18.0.1", AddressClass::Reserved),
            ("172.32.0.1", AddressClass::Public),
            ("8.8.8.8", AddressClass::Public),
            ("147.92.150.1", AddressClass::Public),
        ] {
            assert_eq!(class(ip), expected, "{ip}");
        }
    }

    #[test]
    fn classifies_ipv6() {
        for (ip, expected) in [
            ("::1", AddressClass::Loopback),
            ("::", AddressClass::Unspecified),
            ("::ffff:127.0.0.1", AddressClass::Loopback),
            ("::ffff:169.254.169.254", AddressClass::LinkLocal),
            ("::ffff:10.0.0.1", AddressClass::Private),
            ("::ffff:8.8.8.8", AddressClass::Public),
            ("::127.0.0.1", AddressClass::Reserved),
            ("64:ff9b::7f00:1", AddressClass::Loopback),
            ("2002:7f00:1::", AddressClass::Loopback),
            ("2002:0808:0808::", AddressClass::Public),
            ("fc00::1", AddressClass::Private),
            ("fd12:3456::1", AddressClass::Private),
            ("fe80::1", AddressClass::LinkLocal),
            ("febf::1", AddressClass::LinkLocal),
            ("fec0::1", AddressClass::Private),
            ("ff02::1", AddressClass::Multicast),
            ("2001:db8::1", AddressClass::Reserved),
            ("2001::1", AddressClass::Reserved),
            ("2001:4860:4860::8888", AddressClass::Public),
            ("2404:6800::1", AddressClass::Public),
            ("4000::1", AddressClass::Reserved),
        ] {
            assert_eq!(class(ip), expected, "{ip}");
        }
    }

    #[test]
    fn urls_with_credentials_or_private_literals_are_refused() {
        let none = AllowList::default();
        for raw in [
            "http://user:pass@bot.example.com/",
            "http://user@bot.example.com/",
            "ftp://bot.example.com/",
            "not a url",
        ] {
            assert!(parse_url(raw).is_err(), "{raw}");
        }
        for raw in [
            "http://127.0.0.1:8080/bot",
            "http://[::1]/bot",
            "http://169.254.169.254/latest/meta-data",
            "http://0x7f000001/",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://[::ffff:127.0.0.1]/",
            "http://[fd00::1]/",
            "http://[fe80::1]/",
            "http://0.0.0.0/",
            "http://10.0.0.8/",
        ] {
            let url = parse_url(raw).unwrap();
            let err = check_literal(&url, &none).unwrap_err();
            assert!(
                err.0.contains("only sends to public addresses"),
                "{raw}: {err}"
            );
        }
        let url = parse_url("https://93.184.215.14/bot").unwrap();
        assert!(check_literal(&url, &none).is_ok());
        let allow = AllowList::parse("127.0.0.1, [::1] Bot.Internal.");
        assert_eq!(allow.hosts(), ["127.0.0.1", "::1", "bot.internal"]);
        for raw in [
            "http://127.0.0.1:8080/bot",
            "http://[::1]/",
            "http://0x7f000001/",
        ] {
            assert!(
                check_literal(&parse_url(raw).unwrap(), &allow).is_ok(),
                "{raw}"
            );
        }
        assert!(check_literal(&parse_url("http://127.0.0.2/").unwrap(), &allow).is_err());
    }

    #[test]
    fn resolved_addresses_are_filtered() {
        let none = AllowList::default();
        let a = |s: &str| -> SocketAddr { s.parse().unwrap() };
        let err = filter("rebind.example", [a("127.0.0.1:80")], &none).unwrap_err();
        assert_eq!(
            err.0,
            "rebind.example resolves to 127.0.0.1, which is a loopback address; linedesk only sends to public addresses (or hosts listed in OUTBOUND_ALLOW_HOSTS)."
        );
        assert_eq!(
            filter("mixed.example", [a("10.0.0.1:80"), a("8.8.8.8:80")], &none).unwrap(),
            vec![a("8.8.8.8:80")]
        );
        let allow = AllowList::parse("localhost");
        assert_eq!(
            filter("localhost", [a("127.0.0.1:80"), a("[::1]:80")], &allow)
                .unwrap()
                .len(),
            2
        );
        assert!(filter("localhost.", [a("127.0.0.1:80")], &allow).is_ok());
        assert!(filter("other", [a("127.0.0.1:80")], &allow).is_err());
    }
}
