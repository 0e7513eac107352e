//! A workstream's bot, which answers a conversation before an agent does (push workstreams
//! only, as in the product). The built-in kind answers from keyword FAQs; the external kind
//! asks a URL. Either hands off to an agent when the customer asks for one, when it has no
//! answer, or when it fails.

use crate::{FieldErrors, Problem};
use serde::{Deserialize, Serialize};

pub const FAQS_MAX: usize = 100;
pub const ANSWER_MAX: usize = 5000;
pub const QUICK_REPLIES_MAX: usize = 13;
pub const QUICK_REPLY_LABEL_MAX: usize = 20;
pub const EXTERNAL_TIMEOUT_MAX: u32 = 30;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum BotKind {
    #[default]
    Builtin,
    External,
}

impl BotKind {
    pub fn as_str(self) -> &'static str {
        match self {
            BotKind::Builtin => "builtin",
            BotKind::External => "external",
        }
    }

    pub fn parse(s: &str) -> Option<BotKind> {
        match s {
            "builtin" => Some(BotKind::Builtin),
            "external" => Some(BotKind::External),
            _ => None,
        }
    }
}

/// One answer of the built-in bot.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct Faq {
    /// "" for every language.
    pub language: String,
    /// Lower-case words or phrases; any one found in the customer's text selects the answer.
    pub keywords: Vec<String>,
    pub answer: String,
    /// Buttons offered with the answer (LINE quick replies that send their label).
    pub quick_replies: Vec<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct BotConfig {
    pub enabled: bool,
    pub kind: BotKind,
    pub faqs: Vec<Faq>,
    /// Words with which the customer asks for a person.
    pub handoff_keywords: Vec<String>,
    /// What the bot says when it hands off (empty: nothing).
    pub handoff_text: String,
    /// External kind: where each customer message is POSTed.
    pub url: String,
    pub timeout_seconds: u32,
}

impl Default for BotConfig {
    fn default() -> Self {
        BotConfig {
            enabled: false,
            kind: BotKind::Builtin,
            faqs: Vec::new(),
            handoff_keywords: ["agent", "human", "operator", "担当者", "オペレーター"]
                .map(String::from)
                .to_vec(),
            handoff_text: "Connecting you with an agent.".into(),
            url: String::new(),
            timeout_seconds: 5,
        }
    }
}

/// The bot settings page: the configuration and whether a shared secret is stored (the secret
/// itself never leaves the server).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct BotView {
    pub workstream_id: i64,
    pub config: BotConfig,
    pub has_secret: bool,
}

/// What the bot does with one customer message.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum BotTurn {
    Answer {
        text: String,
        quick_replies: Vec<String>,
    },
    /// To an agent, with the reason agents see.
    HandOff { reason: String },
}

/// The built-in bot's turn: a hand-off word wins, then the first FAQ (in the customer's
/// language or for every language) with a keyword in the text; no answer hands off.
pub fn builtin_turn(config: &BotConfig, text: &str, language: &str) -> BotTurn {
    let lower = text.to_lowercase();
    if let Some(word) = config
        .handoff_keywords
        .iter()
        .find(|k| !k.is_empty() && lower.contains(k.as_str()))
    {
        return BotTurn::HandOff {
            reason: format!("The customer asked for an agent (\"{word}\")."),
        };
    }
    config
        .faqs
        .iter()
        .filter(|f| f.language.is_empty() || f.language == language)
        .find(|f| {
            f.keywords
                .iter()
                .any(|k| !k.is_empty() && lower.contains(k.as_str()))
        })
        .map(|f| BotTurn::Answer {
            text: f.answer.clone(),
            quick_replies: f.quick_replies.clone(),
        })
        .unwrap_or_else(|| BotTurn::HandOff {
            reason: "The bot had no answer.".into(),
        })
}

/// Words typed as "refund, 返金" → ["refund", "返金"].
pub fn parse_keywords(typed: &str) -> Vec<String> {
    typed
        .split([',', '\n'])
        .map(|s| s.trim().to_lowercase())
        .filter(|s| !s.is_empty())
        .collect()
}

pub fn check_faq(faq: &Faq) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if faq.keywords.is_empty() {
        errors.add("keywords", Problem::EnterKeyword);
    }
    if faq.answer.trim().is_empty() {
        errors.add("answer", Problem::EnterAnswer);
    } else if faq.answer.chars().count() > ANSWER_MAX {
        errors.add("answer", Problem::AtMostChars { max: ANSWER_MAX });
    }
    if faq.quick_replies.len() > QUICK_REPLIES_MAX {
        errors.add(
            "quick_replies",
            Problem::QuickRepliesMax {
                max: QUICK_REPLIES_MAX,
            },
        );
    } else if faq
        .quick_replies
        .iter()
        .any(|q| q.chars().count() > QUICK_REPLY_LABEL_MAX)
    {
        errors.add(
            "quick_replies",
            Problem::QuickReplyLabelMax {
                max: QUICK_REPLY_LABEL_MAX,
            },
        );
    }
    if !faq.language.is_empty() && !crate::automated::is_language(&faq.language) {
        errors.add("language", Problem::PickLanguage);
    }
    errors
}

/// The settings as a whole (FAQs are checked as they are added).
pub fn check_bot(config: &BotConfig, workstream_is_push: bool, has_secret: bool) -> FieldErrors {
    let mut errors = FieldErrors::default();
    if config.enabled && !workstream_is_push {
        errors.add("enabled", Problem::BotsPushOnly);
    }
    if config.handoff_text.chars().count() > ANSWER_MAX {
        errors.add("handoff_text", Problem::AtMostChars { max: ANSWER_MAX });
    }
    if config.faqs.len() > FAQS_MAX {
        errors.add("faqs", Problem::BotAnswersMax { max: FAQS_MAX });
    }
    if config.kind == BotKind::External {
        let url = config.url.trim();
        if url.is_empty() && config.enabled {
            errors.add("url", Problem::EnterBotUrl);
        } else if !(url.is_empty() || url.starts_with("https://") || url.starts_with("http://")) {
            errors.add("url", Problem::EnterHttpUrl);
        } else if let Some(problem) = url_host_problem(url) {
            errors.add("url", problem);
        }
        if config.enabled && !has_secret {
            errors.add("secret", Problem::EnterBotSecret);
        }
    }
    if !(1..=EXTERNAL_TIMEOUT_MAX).contains(&config.timeout_seconds) {
        errors.add(
            "timeout_seconds",
            Problem::SecondsRange {
                max: EXTERNAL_TIMEOUT_MAX,
            },
        );
    }
    errors
}

/// What is wrong with an http(s) URL's host part as typed: credentials, or an IP address
/// written in a form browsers and URL parsers read as another (0x7f000001, 2130706433,
/// 0177.0.0.1, 127.1 all mean 127.0.0.1). Whether the address may be reached is the server's
/// check (src/net/outbound.rs).
pub fn url_host_problem(url: &str) -> Option<Problem> {
    let rest = url.split_once("://").map_or(url, |(_, rest)| rest);
    let authority = rest.split(['/', '?', '#']).next().unwrap_or_default();
    if authority.contains('@') {
        return Some(Problem::UrlCredentials);
    }
    if authority.starts_with('[') {
        return None;
    }
    let host = authority
        .rsplit_once(':')
        .map_or(authority, |(host, _)| host);
    let host = host.strip_suffix('.').unwrap_or(host);
    let last = host.rsplit('.').next().unwrap_or_default();
    // A host whose last label is a number is an IPv4 address to URL parsers.
    let numeric = !last.is_empty()
        && (last.bytes().all(|b| b.is_ascii_digit())
            || last
                .strip_prefix("0x")
                .or_else(|| last.strip_prefix("0X"))
                .is_some_and(|hex| hex.bytes().all(|b| b.is_ascii_hexdigit())));
    let dotted_quad = host.split('.').count() == 4
        && host.split('.').all(|part| {
            !part.is_empty()
                && part.len() <= 3
                && part.bytes().all(|b| b.is_ascii_digit())
                && (part == "0" || !part.starts_with('0'))
                && part.parse::<u16>().is_ok_and(|n| n <= 255)
        });
    (numeric && !dotted_quad).then_some(Problem::UrlIpAddress)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn bot() -> BotConfig {
        BotConfig {
            enabled: true,
            faqs: vec![
                Faq {
                    language: "ja".into(),
                    keywords: vec!["営業時間".into()],
                    answer: "平日9時から18時です。".into(),
                    quick_replies: vec![],
                },
                Faq {
                    language: String::new(),
                    keywords: vec!["opening hours".into(), "open".into()],
                    answer: "We are open 9:00-18:00.".into(),
                    quick_replies: vec!["Thanks".into(), "Agent".into()],
                },
            ],
            ..BotConfig::default()
        }
    }

    #[test]
    fn url_hosts_with_credentials_or_odd_ip_forms_are_refused() {
        for url in [
            "http://user:pass@bot.example.com/hook",
            "https://user@bot.example.com",
            "http://0x7f000001/",
            "http://0X7F000001:8080/bot",
            "http://2130706433/",
            "http://0177.0.0.1/",
            "http://127.1/",
            "http://127.0.0.01/",
            "http://1.2.3.4.5/",
            "http://10.0.0.256/",
        ] {
            assert!(url_host_problem(url).is_some(), "{url}");
        }
        for url in [
            "https://bot.example.com/hook?a=b@c",
            "http://127.0.0.1:8080/bot",
            "http://203.0.113.7/",
            "http://[::1]:80/",
            "https://0x.example.com/",
            "https://bot.example.com./",
        ] {
            assert_eq!(url_host_problem(url), None, "{url}");
        }
    }

    #[test]
    fn answers_hands_off_on_request_and_without_answer() {
        let config = bot();
        assert_eq!(
            builtin_turn(&config, "What are your OPENING HOURS?", "en"),
            BotTurn::Answer {
                text: "We are open 9:00-18:00.".into(),
                quick_replies: vec!["Thanks".into(), "Agent".into()],
            }
        );
        assert!(matches!(
            builtin_turn(&config, "営業時間は？", "ja"),
            BotTurn::Answer { text, .. } if text.starts_with("平日")
        ));
        // The Japanese answer is not given in English conversations.
        assert!(matches!(
            builtin_turn(&config, "営業時間", "en"),
            BotTurn::HandOff { .. }
        ));
        assert!(matches!(
            builtin_turn(&config, "Can I talk to an agent?", "en"),
            BotTurn::HandOff { reason } if reason.contains("asked")
        ));
        assert!(matches!(
            builtin_turn(&config, "my parcel is lost", "en"),
            BotTurn::HandOff { reason } if reason.contains("no answer")
        ));
    }

    #[test]
    fn settings_are_checked() {
        let mut config = bot();
        assert!(check_bot(&config, true, false).is_empty());
        assert!(check_bot(&config, false, false).get("enabled").is_some());
        config.kind = BotKind::External;
        config.url = "ftp://bot".into();
        let errors = check_bot(&config, true, false);
        assert!(errors.get("url").is_some());
        assert!(errors.get("secret").is_some());
        let faq = Faq {
            language: "xx".into(),
            keywords: vec![],
            answer: " ".into(),
            quick_replies: vec!["a label that is far too long".into()],
        };
        let errors = check_faq(&faq);
        for field in ["keywords", "answer", "quick_replies", "language"] {
            assert!(errors.get(field).is_some(), "{field}");
        }
    }
}
