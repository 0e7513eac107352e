//! Set up LINE, page Behaviors: automated messages and the post-conversation survey.

#[cfg(feature = "ssr")]
use super::support::change_channel;
use super::MessagesForm;
#[cfg(feature = "ssr")]
use crate::ssr::respond;
#[cfg(feature = "ssr")]
use domain::workstream::{effective_message, ChannelConfig, SurveyMode};
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The survey's fields under the names the form posts (empty when unticked or not typed);
/// flattened into the function's arguments so they stay flat.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct SurveyForm {
    pub survey_enabled: String,
    /// "link", or anything else for in the conversation.
    pub survey_mode: String,
    pub survey_link_text: String,
    pub survey_link_url: String,
}

/// A message equal to what the workstream would send is not stored on the channel, so it
/// keeps following the workstream and the language.
#[server(endpoint = "save_line_behaviors")]
pub async fn save_line_behaviors(
    id: i64,
    #[server(flatten)] messages: MessagesForm,
    #[server(flatten)] survey: SurveyForm,
    nav: Option<String>,
) -> Result<(), AppError> {
    respond(
        change_channel(id, "behaviors", nav.as_deref(), |workstream, config| {
            let inherited = ChannelConfig {
                language: config.language.clone(),
                messages: Default::default(),
                ..config.clone()
            };
            for (trigger, setting) in messages.typed() {
                let (inherited_on, inherited_text) =
                    effective_message(&inherited, &workstream.settings, trigger);
                let same = setting.enabled == inherited_on
                    && setting.text.as_deref().is_none_or(|t| t == inherited_text);
                if same {
                    config.messages.remove(&trigger);
                } else {
                    config.messages.insert(trigger, setting);
                }
            }
            config.survey.enabled = !survey.survey_enabled.is_empty();
            config.survey.mode = match survey.survey_mode.as_str() {
                "link" => SurveyMode::Link,
                _ => SurveyMode::InConversation,
            };
            config.survey.link_text = survey.survey_link_text.trim().to_string();
            config.survey.link_url = survey.survey_link_url.trim().to_string();
            Ok(())
        })
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::SaveLineBehaviors;
    use crate::api::form_post::{read, sent};

    /// Two flattened forms read the one flat post between them, and are sent back flat.
    #[test]
    fn reads_and_writes_the_flat_form_fields() {
        let posted = "id=2&greeting_on=on&greeting_text=Hello&no_agent_text=\
                      &survey_enabled=on&survey_mode=link&survey_link_url=https%3A%2F%2Fa.test\
                      &nav=back";
        let args: SaveLineBehaviors = read(posted).unwrap();
        assert_eq!((args.id, args.nav.as_deref()), (2, Some("back")));
        assert_eq!(args.messages.greeting_on, "on");
        assert_eq!(args.messages.greeting_text, "Hello");
        assert_eq!(args.messages.agent_ended_on, "");
        assert_eq!(args.survey.survey_mode, "link");
        assert_eq!(args.survey.survey_link_url, "https://a.test");
        assert_eq!(args.survey.survey_link_text, "");
        let sent = sent(&args);
        assert!(sent.starts_with("id=2&greeting_on=on&"), "{sent}");
        assert!(sent.contains("&survey_mode=link&"), "{sent}");
    }
}
