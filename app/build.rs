//! Compiles the translation catalogues (locales/<language>/<namespace>.json) into the `i18n`
//! module: every key is checked at compile time, and a language missing a key fails the
//! catalogue test. A namespace is one area of the portal (a page or a family of components);
//! the English folder names them, so adding one is adding a file per language, nothing here.
//!
//! Debug builds (the tests') also carry `en-XA`, a pseudo-locale written here from the English
//! catalogues: every string bracketed, its letters accented and ~40 % longer ("[Šåṽé ~~]"), so
//! a page read in it shows hard-coded English (no brackets, plain letters) and text too long
//! for its box. Release builds, which ship, do not have it.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::{Path, PathBuf};

/// The languages people can choose (labels::LANGUAGES names them).
const LANGUAGES: [&str; 5] = ["en", "ja", "th", "zh-TW", "it"];
/// The pseudo-locale of debug builds.
const PSEUDO: &str = "en-XA";

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    println!("cargo::rerun-if-changed=locales");
    println!("cargo::rustc-check-cfg=cfg(pseudo_locale)");
    let out_dir = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?);
    let out = out_dir.join("i18n");
    let mut namespaces: Vec<String> = std::fs::read_dir("locales/en")?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    namespaces.sort();
    let pseudo = std::env::var("PROFILE").as_deref() != Ok("release");
    let mut config = Config::new("en")?;
    for lang in &LANGUAGES[1..] {
        config = config.add_locale(lang)?;
    }
    if pseudo {
        config = config.add_locale(PSEUDO)?;
    }
    let config = config
        .add_namespaces(&namespaces)?
        // `td_string!(locale, key, name = value)`: text with values outside a view too.
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = if pseudo {
        println!("cargo::rustc-cfg=pseudo_locale");
        // The real catalogues plus en-XA, side by side in OUT_DIR (parse_at_dir reads
        // <dir>/locales/<language>/<namespace>.json).
        let root = out_dir.join("catalogues");
        let locales = root.join("locales");
        let _ = std::fs::remove_dir_all(&root);
        for lang in LANGUAGES {
            copy_dir(&Path::new("locales").join(lang), &locales.join(lang))?;
        }
        std::fs::create_dir_all(locales.join(PSEUDO))?;
        for namespace in &namespaces {
            let text = std::fs::read_to_string(format!("locales/en/{namespace}.json"))?;
            let english: serde_json::Value = serde_json::from_str(&text)?;
            let written = serde_json::to_string_pretty(&pseudo_value(&english))?;
            std::fs::write(
                locales.join(PSEUDO).join(format!("{namespace}.json")),
                written,
            )?;
        }
        TranslationsInfos::parse_at_dir(root, config)?
    } else {
        TranslationsInfos::parse(config)?
    };
    translations.emit_diagnostics();
    if !pseudo {
        translations.rerun_if_locales_changed();
    }
    translations.generate_i18n_module(out)?;
    Ok(())
}

fn copy_dir(from: &Path, to: &Path) -> std::io::Result<()> {
    std::fs::create_dir_all(to)?;
    for entry in std::fs::read_dir(from)? {
        let entry = entry?;
        std::fs::copy(entry.path(), to.join(entry.file_name()))?;
    }
    Ok(())
}

fn pseudo_value(value: &serde_json::Value) -> serde_json::Value {
    use serde_json::Value;
    match value {
        Value::String(text) => Value::String(pseudo_text(text)),
        Value::Object(map) => Value::Object(
            map.iter()
                .map(|(k, v)| (k.clone(), pseudo_value(v)))
                .collect(),
        ),
        Value::Array(items) => Value::Array(items.iter().map(pseudo_value).collect()),
        other => other.clone(),
    }
}

/// "Save {{ name }}" → "[Šåṽé {{ name }} ~~~]": letters accented, `{{ var }}` and `{var}`
/// placeholders and `<tag>` markup kept as they are, ~40 % padding, brackets around.
fn pseudo_text(text: &str) -> String {
    let mut out = String::from("[");
    let mut letters = 0usize;
    let mut rest = text;
    while let Some(c) = rest.chars().next() {
        // Placeholders and markup go through untouched.
        let closing = match c {
            '{' if rest.starts_with("{{") => Some("}}"),
            '{' => Some("}"),
            '<' => Some(">"),
            _ => None,
        };
        if let Some(end) = closing.and_then(|close| rest.find(close).map(|at| at + close.len())) {
            out.push_str(&rest[..end]);
            rest = &rest[end..];
            continue;
        }
        out.push(accent(c));
        if !c.is_whitespace() {
            letters += 1;
        }
        rest = &rest[c.len_utf8()..];
    }
    let padding = (letters * 2).div_ceil(5).max(1);
    out.push(' ');
    out.extend(std::iter::repeat_n('~', padding));
    out.push(']');
    out
}

fn accent(c: char) -> char {
    const LOWER: [char; 26] = [
        'å', 'ƀ', 'ç', 'ð', 'é', 'ƒ', 'ĝ', 'ĥ', 'î', 'ĵ', 'ķ', 'ļ', 'ɱ', 'ñ', 'ö', 'þ', 'ǫ', 'ŕ',
        'š', 'ţ', 'û', 'ṽ', 'ŵ', 'ẋ', 'ý', 'ž',
    ];
    const UPPER: [char; 26] = [
        'Å', 'Ɓ', 'Ç', 'Ð', 'É', 'Ƒ', 'Ĝ', 'Ĥ', 'Î', 'Ĵ', 'Ķ', 'Ļ', 'Ṁ', 'Ñ', 'Ö', 'Þ', 'Ǫ', 'Ŕ',
        'Š', 'Ţ', 'Û', 'Ṽ', 'Ŵ', 'Ẋ', 'Ý', 'Ž',
    ];
    match c {
        'a'..='z' => LOWER[c as usize - 'a' as usize],
        'A'..='Z' => UPPER[c as usize - 'A' as usize],
        other => other,
    }
}
