//! Set up LINE, page Language.

#[cfg(feature = "ssr")]
use super::support::change_channel;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The default language and, one checkbox each (`also_<code>`, "zh-TW" as `also_zh_tw`; empty
/// when unticked), the other languages the channel answers customers in. Flattened into the
/// function's arguments so the posted names stay flat.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct LanguageForm {
    pub language: String,
    #[serde(default)]
    pub also_en: String,
    #[serde(default)]
    pub also_ja: String,
    #[serde(default)]
    pub also_th: String,
    #[serde(default)]
    pub also_zh_tw: String,
    #[serde(default)]
    pub also_it: String,
}

#[server(endpoint = "save_line_language")]
pub async fn save_line_language(
    id: i64,
    #[server(flatten)] form: LanguageForm,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        change_channel(id, "language", nav.as_deref(), |_, config| {
            // In `LANGUAGES` order.
            let ticked = [
                &form.also_en,
                &form.also_ja,
                &form.also_th,
                &form.also_zh_tw,
                &form.also_it,
            ];
            config.languages = domain::automated::LANGUAGES
                .iter()
                .zip(ticked)
                .filter(|((code, _), on)| !on.is_empty() && *code != form.language)
                .map(|((code, _), _)| code.to_string())
                .collect();
            config.language = form.language;
            Ok(())
        })
        .await,
    )
}
