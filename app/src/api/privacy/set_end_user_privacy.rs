//! An account's recording notice and consent requirement.

#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{privacy::EndUserPrivacy, Role};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's checkboxes (empty when unticked) and one notice text per language
/// (`domain::privacy::notice_field`; empty keeps the language's default text), under the names
/// it posts; flattened into the function's arguments so they stay flat.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct NoticeForm {
    pub recording_notice: String,
    pub consent_required: String,
    pub notice_text_en: String,
    pub notice_text_ja: String,
    pub notice_text_th: String,
    pub notice_text_zh_tw: String,
    pub notice_text_it: String,
}

#[server(endpoint = "set_end_user_privacy")]
pub async fn set_end_user_privacy(
    account_id: i64,
    #[server(flatten)] form: NoticeForm,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            // In `LANGUAGES` order.
            let typed = [
                form.notice_text_en,
                form.notice_text_ja,
                form.notice_text_th,
                form.notice_text_zh_tw,
                form.notice_text_it,
            ];
            let notice_texts = domain::automated::LANGUAGES
                .iter()
                .zip(typed)
                .filter(|(_, text)| !text.is_empty())
                .map(|((code, _), text)| (code.to_string(), text))
                .collect();
            let settings = EndUserPrivacy {
                account_id,
                account_name: String::new(),
                recording_notice: !form.recording_notice.is_empty(),
                consent_required: !form.consent_required.is_empty(),
                notice_texts,
            };
            services()?
                .privacy
                .set_end_user_settings(&actor, settings, &client_info())
                .await
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::SetEndUserPrivacy;
    use crate::api::form_post::{read, sent};
    use domain::automated::LANGUAGES;
    use domain::privacy::notice_field;

    /// The notice texts are read under the names the form gives them (`notice_field`), in
    /// `LANGUAGES` order, and sent back flat.
    #[test]
    fn reads_the_notice_fields_the_form_names() {
        let posted: String = LANGUAGES
            .iter()
            .map(|(code, _)| format!("&{}={code}", notice_field(code)))
            .collect();
        let posted = format!("account_id=9&recording_notice=on{posted}");
        let args: SetEndUserPrivacy = read(&posted).unwrap();
        let form = &args.form;
        let read = [
            &form.notice_text_en,
            &form.notice_text_ja,
            &form.notice_text_th,
            &form.notice_text_zh_tw,
            &form.notice_text_it,
        ];
        let codes: Vec<&str> = LANGUAGES.iter().map(|(code, _)| *code).collect();
        assert_eq!(read.map(String::as_str).to_vec(), codes);
        assert_eq!((args.account_id, form.consent_required.as_str()), (9, ""));
        let sent = sent(&args);
        assert!(
            sent.starts_with("account_id=9&recording_notice=on&"),
            "{sent}"
        );
    }
}
