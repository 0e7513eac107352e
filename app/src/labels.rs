//! Names of the desk's closed sets (pages, navigation groups, roles, presence) in the reader's
//! language: the domain keeps codes, the words are chosen here, where they are shown.

use crate::i18n::*;
use domain::agent::Presence;
use domain::Role;

/// A page of the navigation, by its path (`domain::access::PAGES`).
pub fn page(locale: Locale, path: &str) -> String {
    match path {
        "/" => td_string!(locale, page.home).to_string(),
        "/conversations" => td_string!(locale, page.conversations).to_string(),
        "/contacts" => td_string!(locale, page.contacts).to_string(),
        "/history" => td_string!(locale, page.history).to_string(),
        "/channels" => td_string!(locale, page.channels).to_string(),
        "/workstreams" => td_string!(locale, page.workstreams).to_string(),
        "/queues" => td_string!(locale, page.queues).to_string(),
        "/agents" => td_string!(locale, page.agents).to_string(),
        "/users" => td_string!(locale, page.users).to_string(),
        "/privacy" => td_string!(locale, page.privacy).to_string(),
        "/audit" => td_string!(locale, page.audit).to_string(),
        "/system" => td_string!(locale, page.system).to_string(),
        "/preferences" => td_string!(locale, page.preferences).to_string(),
        "/insights/live" => td_string!(locale, page.insights_live).to_string(),
        "/insights/reports" => td_string!(locale, page.insights_reports).to_string(),
        other => other.to_string(),
    }
}

/// A navigation group, by its English name in `domain::access`.
pub fn section(locale: Locale, name: &str) -> String {
    match name {
        "Service" => td_string!(locale, section.service).to_string(),
        "Customer support" => td_string!(locale, section.customer_support).to_string(),
        "Privacy and audit" => td_string!(locale, section.privacy_audit).to_string(),
        "Insights" => td_string!(locale, section.insights).to_string(),
        other => other.to_string(),
    }
}

pub fn role(locale: Locale, role: Role) -> String {
    match role {
        Role::Admin => td_string!(locale, role.admin).to_string(),
        Role::Supervisor => td_string!(locale, role.supervisor).to_string(),
        Role::Agent => td_string!(locale, role.agent).to_string(),
        Role::Auditor => td_string!(locale, role.auditor).to_string(),
    }
}

/// Who did something, as the desk records it: a person's email, or "cli" for the machine's
/// operator (the command line, `linedesk account create` and the like), worded here.
pub fn actor(locale: Locale, who: &str) -> String {
    match who {
        "cli" => td_string!(locale, role.command_line).to_string(),
        other => other.to_string(),
    }
}

pub fn presence(locale: Locale, presence: Presence) -> String {
    match presence {
        Presence::Available => td_string!(locale, presence.available).to_string(),
        Presence::Busy => td_string!(locale, presence.busy).to_string(),
        Presence::DoNotDisturb => td_string!(locale, presence.do_not_disturb).to_string(),
        Presence::Away => td_string!(locale, presence.away).to_string(),
        Presence::Offline => td_string!(locale, presence.offline).to_string(),
    }
}

/// A catalogue text that goes where a plain `String` is needed (an attribute, a prop, words
/// joined in Rust) with values put in: its `{name}` markers are replaced. Texts shown in a view
/// use `t!` with `{{ name }}` instead.
pub fn fill(template: &str, values: &[(&str, &str)]) -> String {
    values
        .iter()
        .fold(template.to_string(), |text, (name, value)| {
            text.replace(&format!("{{{name}}}"), value)
        })
}

/// The languages a person may pick, each named in itself (as language pickers do).
pub const LANGUAGES: [(Locale, &str); 5] = [
    (Locale::en, "English"),
    (Locale::ja, "日本語"),
    (Locale::th, "ไทย"),
    (Locale::zh_TW, "繁體中文"),
    (Locale::it, "Italiano"),
];

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::{BTreeMap, BTreeSet};

    /// One language's catalogues by namespace (locales/<lang>/<namespace>.json).
    fn catalogues(lang: &str) -> BTreeMap<String, serde_json::Value> {
        let dir = format!("{}/locales/{lang}", env!("CARGO_MANIFEST_DIR"));
        std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{dir}: {e}"))
            .map(|entry| entry.unwrap().path())
            .filter(|path| path.extension().is_some_and(|e| e == "json"))
            .map(|path| {
                let namespace = path.file_stem().unwrap().to_string_lossy().into_owned();
                let text = std::fs::read_to_string(&path).unwrap();
                let value = serde_json::from_str(&text)
                    .unwrap_or_else(|e| panic!("{}: {e}", path.display()));
                (namespace, value)
            })
            .collect()
    }

    /// Every catalogue has exactly the keys of the English one, none empty.
    #[test]
    fn every_language_has_every_key() {
        fn keys(prefix: &str, value: &serde_json::Value, out: &mut BTreeSet<String>) {
            match value {
                serde_json::Value::Object(map) => {
                    for (k, v) in map {
                        keys(&format!("{prefix}{k}."), v, out);
                    }
                }
                serde_json::Value::String(s) => {
                    assert!(!s.trim().is_empty(), "{prefix} is empty");
                    out.insert(prefix.trim_end_matches('.').to_string());
                }
                other => panic!("{prefix}: unexpected {other}"),
            }
        }
        // Keys are `namespace.path`, the way `t!` names them.
        let read = |lang: &str| {
            let mut out = BTreeSet::new();
            for (namespace, catalogue) in catalogues(lang) {
                keys(&format!("{namespace}."), &catalogue, &mut out);
            }
            out
        };
        let english = read("en");
        for (locale, _) in LANGUAGES {
            let lang = locale.as_str();
            let theirs = read(lang);
            let missing: Vec<_> = english.difference(&theirs).collect();
            let extra: Vec<_> = theirs.difference(&english).collect();
            assert!(
                missing.is_empty() && extra.is_empty(),
                "{lang}: missing {missing:?}, extra {extra:?}"
            );
        }
    }

    /// The catalogues name the product's terms as the glossary does: each row lists the keys
    /// that carry its term (none: no screen uses it yet).
    #[test]
    fn catalogues_follow_the_glossary() {
        let dir = format!("{}/locales", env!("CARGO_MANIFEST_DIR"));
        let glossary = std::fs::read_to_string(format!("{dir}/glossary.csv")).unwrap();
        let mut lines = glossary.lines();
        let languages: Vec<&str> = lines.next().unwrap().split(',').skip(1).collect();
        assert_eq!(languages, LANGUAGES.map(|(l, _)| l.as_str()));
        for line in lines {
            let cells: Vec<&str> = line.split(',').collect();
            assert_eq!(cells.len(), languages.len() + 1, "{line}");
            // The keys (space-separated) that carry this term; none: not on a screen yet.
            for path in cells[0].split_whitespace() {
                let (group, key) = path.split_once('.').unwrap();
                for (lang, term) in languages.iter().zip(&cells[1..]) {
                    let catalogue = catalogues(lang).remove(group).unwrap_or_default();
                    let text = key.split('.').fold(&catalogue, |value, part| &value[part]);
                    assert_eq!(text.as_str(), Some(*term), "{lang} {path}");
                }
            }
        }
    }

    #[test]
    fn the_menu_offers_the_portal_languages() {
        assert_eq!(
            LANGUAGES.map(|(l, _)| l.as_str()),
            domain::user::PORTAL_LANGUAGES
        );
    }

    #[test]
    fn pages_read_in_japanese() {
        assert_eq!(page(Locale::ja, "/conversations"), "会話");
        assert_eq!(section(Locale::th, "Service"), "บริการ");
        assert_eq!(role(Locale::zh_TW, Role::Agent), "專員");
        assert_eq!(presence(Locale::it, Presence::Busy), "Occupato");
    }
}
