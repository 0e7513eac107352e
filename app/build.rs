//! Compiles the translation catalogues (locales/<language>.json) into the `i18n` module: every
//! key is checked at compile time, and a language missing a key fails the catalogue test.

use leptos_i18n_build::{Config, TranslationsInfos};
use std::error::Error;
use std::path::PathBuf;

fn main() -> Result<(), Box<dyn Error>> {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=Cargo.toml");
    let out = PathBuf::from(std::env::var_os("OUT_DIR").ok_or("OUT_DIR is not set")?).join("i18n");
    let config = Config::new("en")?
        .add_locale("ja")?
        .add_locale("th")?
        .add_locale("zh-TW")?
        .add_locale("it")?;
    let translations = TranslationsInfos::parse(config)?;
    translations.emit_diagnostics();
    translations.rerun_if_locales_changed();
    translations.generate_i18n_module(out)?;
    Ok(())
}
