//! The automated-message rows both the workstream page and the Set up LINE wizard post: a
//! checkbox `{trigger}_on` and a text `{trigger}_text` per trigger (see
//! `components::automated_messages`).

#[cfg(feature = "ssr")]
use domain::{automated::Trigger, workstream::MessageSetting};
use serde::{Deserialize, Serialize};

/// The rows as typed, under the names the form posts, in `Trigger::ALL` order. Flattened into
/// the functions' arguments so the posted names stay flat. An unticked checkbox or an empty
/// text is an empty string, which means what `None` meant when these were `Option`s.
#[derive(Clone, Debug, Default, Serialize, Deserialize)]
#[serde(default)]
pub struct MessagesForm {
    pub greeting_on: String,
    pub greeting_text: String,
    pub agent_assigned_on: String,
    pub agent_assigned_text: String,
    pub no_agent_on: String,
    pub no_agent_text: String,
    pub agent_ended_on: String,
    pub agent_ended_text: String,
    pub queue_position_on: String,
    pub queue_position_text: String,
    pub out_of_hours_on: String,
    pub out_of_hours_text: String,
    pub session_ended_on: String,
    pub session_ended_text: String,
    pub attachment_refused_on: String,
    pub attachment_refused_text: String,
}

#[cfg(feature = "ssr")]
impl MessagesForm {
    /// Each trigger's setting as typed, in `Trigger::ALL` order.
    pub fn typed(&self) -> Vec<(Trigger, MessageSetting)> {
        let rows = [
            (&self.greeting_on, &self.greeting_text),
            (&self.agent_assigned_on, &self.agent_assigned_text),
            (&self.no_agent_on, &self.no_agent_text),
            (&self.agent_ended_on, &self.agent_ended_text),
            (&self.queue_position_on, &self.queue_position_text),
            (&self.out_of_hours_on, &self.out_of_hours_text),
            (&self.session_ended_on, &self.session_ended_text),
            (&self.attachment_refused_on, &self.attachment_refused_text),
        ];
        Trigger::ALL
            .into_iter()
            .zip(rows)
            .map(|(trigger, (on, text))| {
                let text = text.trim();
                let setting = MessageSetting {
                    enabled: !on.is_empty(),
                    text: (!text.is_empty()).then(|| text.to_string()),
                };
                (trigger, setting)
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::MessagesForm;
    use domain::automated::Trigger;

    /// The fields are the names the message rows post, in `Trigger::ALL` order.
    #[test]
    fn fields_follow_the_triggers() {
        let sent = serde_qs::to_string(&MessagesForm::default()).unwrap();
        let names: Vec<&str> = sent
            .split('&')
            .map(|pair| pair.trim_end_matches('='))
            .collect();
        let expected: Vec<String> = Trigger::ALL
            .into_iter()
            .flat_map(|t| [format!("{}_on", t.key()), format!("{}_text", t.key())])
            .collect();
        assert_eq!(names, expected);
    }
}
