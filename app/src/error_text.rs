//! Errors in the reader's language. The server sends codes (`domain::Problem`, inside
//! `AppError`); this words them from the `error` catalogue. The catalogue keeps the domain's
//! `{param}` placeholders (filled in here, not by leptos_i18n), so the English file is the
//! domain's English text, character for character: a test below holds them together.
//! Texts from outside (LINE's message, a transport error) are parameters: shown as they are.

use crate::i18n::*;
use domain::{AppError, Problem};

/// `template` with each `{name}` replaced by its value, in one pass (a value that happens to
/// contain `{…}` is not read again).
fn fill(template: &str, values: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(template.len() + 16);
    let mut rest = template;
    while let Some(open) = rest.find('{') {
        out.push_str(&rest[..open]);
        let after = &rest[open + 1..];
        let value = after.find('}').and_then(|close| {
            let name = &after[..close];
            values
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (v, close))
        });
        match value {
            Some((value, close)) => {
                out.push_str(value);
                rest = &after[close + 1..];
            }
            None => {
                out.push('{');
                rest = after;
            }
        }
    }
    out.push_str(rest);
    out
}

macro_rules! problem_renderer {
    ($($key:ident : $variant:ident $({ $($param:ident : $ty:ty),* $(,)? })? => $english:literal,)*) => {
        /// The catalogue text of `problem` in `locale`, placeholders not yet filled.
        fn template(locale: Locale, problem: &Problem) -> &'static str {
            match problem {
                $(Problem::$variant { .. } => td_string!(locale, error.$key),)*
            }
        }

        /// The values of `problem`'s placeholders, by name.
        fn values(problem: &Problem) -> Vec<(&'static str, String)> {
            match problem {
                $(
                    #[allow(unused_variables)]
                    Problem::$variant $({ $($param),* })? => vec![$($((stringify!($param), $param.to_string())),*)?],
                )*
            }
        }
    };
}

domain::problems!(problem_renderer);

/// `problem` worded in `locale`.
pub fn problem_text(locale: Locale, problem: &Problem) -> String {
    fill(template(locale, problem), &values(problem))
}

/// `error` worded in `locale` (the sentence `AppError`'s English `Display` gives).
pub fn error_text(locale: Locale, error: &AppError) -> String {
    problem_text(locale, &error.problem())
}

/// A problem sent in a query string (JSON, as the upload endpoint redirects with it), worded
/// in `locale`; text that is not a code is shown as it came.
pub fn query_problem_text(locale: Locale, raw: &str) -> String {
    match serde_json::from_str::<Problem>(raw) {
        Ok(problem) => problem_text(locale, &problem),
        Err(_) => raw.to_string(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn catalogue(lang: &str) -> serde_json::Map<String, serde_json::Value> {
        let path = format!("{}/locales/{lang}/error.json", env!("CARGO_MANIFEST_DIR"));
        let text = std::fs::read_to_string(&path).unwrap();
        serde_json::from_str(&text).unwrap()
    }

    fn placeholders(text: &str) -> Vec<String> {
        let mut found: Vec<String> = text
            .split('{')
            .skip(1)
            .filter_map(|part| part.split_once('}').map(|(name, _)| name.to_string()))
            .collect();
        found.sort();
        found
    }

    /// One English: the catalogue says exactly what the domain says, for every code, and has
    /// no other keys.
    #[test]
    fn english_catalogue_is_the_domains_english() {
        let english = catalogue("en");
        for (key, text, _) in Problem::ALL {
            assert_eq!(
                english.get(*key).and_then(|v| v.as_str()),
                Some(*text),
                "error.{key}"
            );
        }
        assert_eq!(english.len(), Problem::ALL.len());
    }

    /// Every language fills the same placeholders as the English text.
    #[test]
    fn translations_keep_the_placeholders() {
        for (locale, _) in crate::labels::LANGUAGES {
            let theirs = catalogue(locale.as_str());
            for (key, text, params) in Problem::ALL {
                let translated = theirs[*key].as_str().unwrap();
                assert_eq!(
                    placeholders(translated),
                    placeholders(text),
                    "{locale:?} {key}"
                );
                let mut wanted: Vec<String> = params.iter().map(|p| p.to_string()).collect();
                wanted.sort();
                wanted.dedup();
                assert_eq!(placeholders(text), wanted, "{key}");
            }
        }
    }

    #[test]
    fn rendering_matches_display_in_english() {
        let samples = [
            Problem::AtMostChars { max: 100 },
            Problem::WrongEmailOrPassword,
            Problem::sign_in_throttled(15),
            Problem::LineStatusMessage {
                status: 400,
                message: "Invalid {reply} token".into(),
            },
            Problem::RuleInvalid {
                rule: "VIP".into(),
                ruleset: "Main".into(),
            },
            Problem::Handling {
                name: "Aiko".into(),
            },
        ];
        for problem in samples {
            assert_eq!(problem_text(Locale::en, &problem), problem.to_string());
        }
        for error in [
            AppError::Unauthorized,
            AppError::Forbidden,
            AppError::Internal("abc123".into()),
            AppError::NotFound(Problem::UserNotFound),
            AppError::Request("offline".into()),
        ] {
            assert_eq!(error_text(Locale::en, &error), error.to_string());
        }
    }

    #[test]
    fn other_languages_word_it_their_way_around_the_values() {
        let text = problem_text(
            Locale::ja,
            &Problem::LineStatusMessage {
                status: 400,
                message: "Invalid reply token".into(),
            },
        );
        assert!(
            text.contains("400") && text.contains("Invalid reply token"),
            "{text}"
        );
        assert!(!text.starts_with("LINE answered"), "{text}");
        assert_eq!(
            query_problem_text(Locale::it, r#"{"FileTooLarge":{"mb":25}}"#),
            "I file oltre 25 MB non sono accettati."
        );
        assert_eq!(query_problem_text(Locale::it, "plain"), "plain");
    }
}
