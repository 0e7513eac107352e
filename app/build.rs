//! Compiles the translation catalogues (locales/<language>/<namespace>.json) into the `i18n`
//! module: every key is checked at compile time, and a language missing a key fails the
//! catalogue test. A namespace is one area of the portal (a page or a family of components);
//! the English folder names them, so adding one is adding a file per language, nothing here.

use leptos_i18n_build::{Config, ParseOptions, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    println!("cargo::rerun-if-changed=locales/en");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let mut namespaces: Vec<String> = std::fs::read_dir("locales/en")?
        .filter_map(|entry| {
            let name = entry.ok()?.file_name().into_string().ok()?;
            name.strip_suffix(".json").map(str::to_string)
        })
        .collect();
    namespaces.sort();
    let config = Config::new("en")?
        .add_locale("ja")?
        .add_locale("th")?
        .add_locale("zh-TW")?
        .add_locale("it")?
        .add_namespaces(&namespaces)?
        // `td_string!(locale, key, name = value)`: text with values outside a view too.
        .parse_options(ParseOptions::default().interpolate_display(true));
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
