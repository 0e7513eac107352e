//! One `Config` for the whole process, read from flags or the environment. Every value is
//! checked at start-up; a wrong one stops linedesk with a line that names the setting.

use clap::{Args, ValueEnum};
use std::fmt;
use std::net::SocketAddr;
use std::path::PathBuf;
use url::Url;

/// The raw settings as given; `Config::from_raw` turns them into checked values.
#[derive(Args, Debug, Default, Clone)]
pub struct RawConfig {
    /// Database: sqlite://path or postgres://user@host/db. Default: SQLite under DATA_DIR.
    #[arg(long, env = "DATABASE_URL", global = true)]
    pub database_url: Option<String>,
    /// Address the HTTP server listens on.
    #[arg(long, env = "LISTEN_ADDR", global = true)]
    pub listen_addr: Option<String>,
    /// Public base URL of this desk, used in callback and setup links.
    #[arg(long, env = "PUBLIC_URL", global = true)]
    pub public_url: Option<String>,
    /// Folder for the SQLite database, the master key and stored attachments.
    #[arg(long, env = "DATA_DIR", global = true)]
    pub data_dir: Option<String>,
    /// Base URL of the LINE Messaging API.
    #[arg(long, env = "LINE_API_BASE", global = true)]
    pub line_api_base: Option<String>,
    /// Base URL of the LINE data API (message content).
    #[arg(long, env = "LINE_DATA_API_BASE", global = true)]
    pub line_data_api_base: Option<String>,
    /// File holding the 32-byte master key that encrypts secrets at rest.
    #[arg(long, env = "SECRET_KEY_FILE", global = true)]
    pub secret_key_file: Option<String>,
    /// Log format: text or json.
    #[arg(long, env = "LOG_FORMAT", global = true)]
    pub log_format: Option<String>,
    /// Folder with the built browser bundle (pkg/) and static files.
    #[arg(long, env = "SITE_ROOT", global = true)]
    pub site_root: Option<String>,
    /// Minutes of inactivity after which a signed-in session ends.
    #[arg(long, env = "SESSION_IDLE_MINUTES", global = true)]
    pub session_idle_minutes: Option<String>,
    /// Background workers (apply events, send the outbox, distribute work): on or off. With
    /// PostgreSQL, processes with workers off only receive webhooks and serve the portal.
    #[arg(long, env = "WORKERS", global = true)]
    pub workers: Option<String>,
    /// Connections open at once (browsers, LINE, scripts); past it new ones are closed.
    #[arg(long, env = "MAX_CONNECTIONS", global = true)]
    pub max_connections: Option<String>,
    /// Hosts (names or IP addresses, comma-separated) that admin-configured URLs such as the
    /// external bot's may reach even on loopback, private or link-local addresses.
    #[arg(long, env = "OUTBOUND_ALLOW_HOSTS", global = true)]
    pub outbound_allow_hosts: Option<String>,
    /// When set, /metrics answers only requests with `Authorization: Bearer <token>`.
    #[arg(long, env = "METRICS_TOKEN", global = true)]
    pub metrics_token: Option<String>,
    /// Reverse proxies (IP addresses, comma-separated) whose X-Forwarded-For names the client.
    #[arg(long, env = "TRUSTED_PROXIES", global = true)]
    pub trusted_proxies: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, ValueEnum)]
pub enum LogFormat {
    Text,
    Json,
}

#[derive(Clone)]
pub struct Config {
    pub database_url: String,
    pub listen_addr: SocketAddr,
    pub public_url: Url,
    pub data_dir: PathBuf,
    pub line_api_base: Url,
    pub line_data_api_base: Url,
    pub secret_key_file: PathBuf,
    pub log_format: LogFormat,
    pub site_root: PathBuf,
    pub session_idle_minutes: i64,
    pub workers: bool,
    pub max_connections: usize,
    pub outbound_allow_hosts: crate::net::outbound::AllowList,
    pub metrics_token: Option<String>,
    pub trusted_proxies: Vec<std::net::IpAddr>,
}

// The database URL may carry a password: show only its scheme and host.
impl fmt::Debug for Config {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Config")
            .field("database_url", &redact_url(&self.database_url))
            .field("listen_addr", &self.listen_addr)
            .field("public_url", &self.public_url.as_str())
            .field("data_dir", &self.data_dir)
            .field("line_api_base", &self.line_api_base.as_str())
            .field("line_data_api_base", &self.line_data_api_base.as_str())
            .field("secret_key_file", &self.secret_key_file)
            .field("log_format", &self.log_format)
            .field("site_root", &self.site_root)
            .field("session_idle_minutes", &self.session_idle_minutes)
            .field("workers", &self.workers)
            .field("max_connections", &self.max_connections)
            .field("outbound_allow_hosts", &self.outbound_allow_hosts)
            .field(
                "metrics_token",
                &self.metrics_token.as_ref().map(|_| "[redacted]"),
            )
            .field("trusted_proxies", &self.trusted_proxies)
            .finish()
    }
}

pub fn redact_url(raw: &str) -> String {
    match Url::parse(raw) {
        Ok(mut url) if url.password().is_some() => {
            let _ = url.set_password(Some("[redacted]"));
            url.to_string()
        }
        _ => raw.to_string(),
    }
}

#[derive(Debug, PartialEq, Eq)]
pub struct ConfigError(pub String);

impl fmt::Display for ConfigError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for ConfigError {}

fn bad(setting: &str, value: &str, expected: &str) -> ConfigError {
    ConfigError(format!(
        "{setting}={value:?} is not valid: expected {expected}"
    ))
}

fn http_url(setting: &str, value: &str) -> Result<Url, ConfigError> {
    let url = Url::parse(value).map_err(|_| bad(setting, value, "an http:// or https:// URL"))?;
    if !matches!(url.scheme(), "http" | "https") || url.host_str().is_none() {
        return Err(bad(setting, value, "an http:// or https:// URL"));
    }
    Ok(url)
}

impl Config {
    pub fn from_raw(raw: RawConfig) -> Result<Self, ConfigError> {
        let data_dir = PathBuf::from(raw.data_dir.as_deref().unwrap_or("./data"));
        if data_dir.as_os_str().is_empty() {
            return Err(bad("DATA_DIR", "", "a folder path"));
        }

        let listen_raw = raw.listen_addr.as_deref().unwrap_or("127.0.0.1:3000");
        let listen_addr: SocketAddr = listen_raw
            .parse()
            .map_err(|_| bad("LISTEN_ADDR", listen_raw, "an address like 127.0.0.1:3000"))?;

        let public_url = match raw.public_url.as_deref() {
            Some(value) => http_url("PUBLIC_URL", value)?,
            None => Url::parse(&format!("http://{listen_addr}"))
                .expect("socket address is a valid host"),
        };

        let database_url = match raw.database_url {
            Some(url) => {
                let scheme = url.split(':').next().unwrap_or_default();
                if !matches!(scheme, "sqlite" | "postgres" | "postgresql") {
                    return Err(bad(
                        "DATABASE_URL",
                        &redact_url(&url),
                        "sqlite://… or postgres://…",
                    ));
                }
                url
            }
            None => format!("sqlite://{}", data_dir.join("linedesk.db").display()),
        };

        let line_api_base = http_url(
            "LINE_API_BASE",
            raw.line_api_base
                .as_deref()
                .unwrap_or("https://api.line.me"),
        )?;
        let line_data_api_base = http_url(
            "LINE_DATA_API_BASE",
            raw.line_data_api_base
                .as_deref()
                .unwrap_or("https://api-data.line.me"),
        )?;

        let secret_key_file = raw
            .secret_key_file
            .map(PathBuf::from)
            .unwrap_or_else(|| data_dir.join("master.key"));

        let log_format = match raw.log_format.as_deref().unwrap_or("text") {
            "text" => LogFormat::Text,
            "json" => LogFormat::Json,
            other => return Err(bad("LOG_FORMAT", other, "text or json")),
        };

        let site_root = PathBuf::from(raw.site_root.as_deref().unwrap_or("target/site"));

        let idle_raw = raw.session_idle_minutes.as_deref().unwrap_or("480");
        let session_idle_minutes = idle_raw
            .parse::<i64>()
            .ok()
            .filter(|m| (1..=60 * 24 * 30).contains(m))
            .ok_or_else(|| {
                bad(
                    "SESSION_IDLE_MINUTES",
                    idle_raw,
                    "minutes between 1 and 43200",
                )
            })?;

        let workers = match raw.workers.as_deref().unwrap_or("on") {
            "on" => true,
            "off" => false,
            other => return Err(bad("WORKERS", other, "on or off")),
        };

        let connections_raw = raw.max_connections.as_deref().unwrap_or("4096");
        let max_connections = connections_raw
            .parse::<usize>()
            .ok()
            .filter(|n| (16..=1_000_000).contains(n))
            .ok_or_else(|| {
                bad(
                    "MAX_CONNECTIONS",
                    connections_raw,
                    "a number between 16 and 1000000",
                )
            })?;

        let outbound_allow_hosts = crate::net::outbound::AllowList::parse(
            raw.outbound_allow_hosts.as_deref().unwrap_or(""),
        );

        let metrics_token = match raw.metrics_token.as_deref().map(str::trim) {
            None | Some("") => None,
            Some(token) if token.len() < 16 || token.chars().any(|c| !c.is_ascii_graphic()) => {
                return Err(bad(
                    "METRICS_TOKEN",
                    "[redacted]",
                    "at least 16 printable ASCII characters without spaces",
                ))
            }
            Some(token) => Some(token.to_string()),
        };

        let trusted_proxies = raw
            .trusted_proxies
            .as_deref()
            .unwrap_or("")
            .split([',', ' '])
            .filter(|p| !p.trim().is_empty())
            .map(|p| {
                p.trim()
                    .parse::<std::net::IpAddr>()
                    .map_err(|_| bad("TRUSTED_PROXIES", p, "IP addresses separated by commas"))
            })
            .collect::<Result<Vec<_>, _>>()?;

        Ok(Config {
            outbound_allow_hosts,
            metrics_token,
            trusted_proxies,
            workers,
            max_connections,
            database_url,
            listen_addr,
            public_url,
            data_dir,
            line_api_base,
            line_data_api_base,
            secret_key_file,
            log_format,
            site_root,
            session_idle_minutes,
        })
    }

    /// Cookies get `Secure` when the desk is reached over https.
    pub fn secure_cookies(&self) -> bool {
        self.public_url.scheme() == "https"
    }

    /// The public URL without a trailing slash, for building links.
    pub fn public_base(&self) -> String {
        self.public_url.as_str().trim_end_matches('/').to_string()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn defaults_are_a_local_sqlite_desk() {
        let config = Config::from_raw(RawConfig::default()).unwrap();
        assert_eq!(config.listen_addr.to_string(), "127.0.0.1:3000");
        assert_eq!(config.database_url, "sqlite://./data/linedesk.db");
        assert_eq!(config.public_base(), "http://127.0.0.1:3000");
        assert_eq!(config.line_api_base.as_str(), "https://api.line.me/");
        assert!(!config.secure_cookies());
    }

    #[test]
    fn a_wrong_value_names_its_setting() {
        let cases = [
            (
                RawConfig {
                    listen_addr: Some("nowhere".into()),
                    ..Default::default()
                },
                "LISTEN_ADDR",
            ),
            (
                RawConfig {
                    public_url: Some("ftp://x".into()),
                    ..Default::default()
                },
                "PUBLIC_URL",
            ),
            (
                RawConfig {
                    database_url: Some("mysql://x".into()),
                    ..Default::default()
                },
                "DATABASE_URL",
            ),
            (
                RawConfig {
                    line_api_base: Some("not a url".into()),
                    ..Default::default()
                },
                "LINE_API_BASE",
            ),
            (
                RawConfig {
                    log_format: Some("xml".into()),
                    ..Default::default()
                },
                "LOG_FORMAT",
            ),
            (
                RawConfig {
                    session_idle_minutes: Some("0".into()),
                    ..Default::default()
                },
                "SESSION_IDLE_MINUTES",
            ),
            (
                RawConfig {
                    workers: Some("maybe".into()),
                    ..Default::default()
                },
                "WORKERS",
            ),
        ];
        for (raw, setting) in cases {
            let err = Config::from_raw(raw).unwrap_err().to_string();
            assert!(err.starts_with(setting), "{err}");
            assert!(!err.contains('\n'), "one line: {err}");
        }
    }

    #[test]
    fn debug_hides_the_database_password() {
        let raw = RawConfig {
            database_url: Some("postgres://desk:s3cret@db/linedesk".into()),
            ..Default::default()
        };
        let shown = format!("{:?}", Config::from_raw(raw).unwrap());
        assert!(!shown.contains("s3cret"), "{shown}");
    }

    #[test]
    fn https_public_url_makes_cookies_secure() {
        let raw = RawConfig {
            public_url: Some("https://desk.example.com/".into()),
            ..Default::default()
        };
        let config = Config::from_raw(raw).unwrap();
        assert!(config.secure_cookies());
        assert_eq!(config.public_base(), "https://desk.example.com");
    }
}
