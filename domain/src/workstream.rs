//! Workstreams and their LINE channel: how work is distributed, what customers are told, which
//! files may travel. Settings are documents with defaults for every field, so a setting added
//! later reads its default from older rows.

use crate::automated::{is_language, Trigger};
use crate::operating_hours::OperatingHours;
use crate::FieldErrors;
use crate::Problem;
use serde::{Deserialize, Serialize};
use std::collections::BTreeMap;

mod service;
pub use service::WorkstreamService;

pub const NAME_MAX: usize = 100;
/// The product's default inactivity window for asynchronous channels such as LINE: one day.
pub const AUTO_CLOSE_DEFAULT_MINUTES: u32 = 1440;
pub const AUTO_CLOSE_MAX_MINUTES: u32 = 43_200;
pub const SURVEY_LINK_TEXT_MAX: usize = 200;
pub const AUTOMATED_TEXT_MAX: usize = 1000;
pub const QUICK_REPLY_TITLE_MAX: usize = 50;
pub const QUICK_REPLY_TEXT_MAX: usize = 5000;
pub const CONTEXT_VARIABLES_MAX: usize = 50;
pub const QUICK_REPLIES_MAX: usize = 200;
/// LINE's own limit for files it hands over is far above this; it is what linedesk stores.
pub const ATTACHMENT_MAX_MB: u32 = 100;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum DistributionMode {
    /// linedesk offers each conversation to an agent.
    #[default]
    Push,
    /// Agents pick conversations from their queues.
    Pick,
}

impl DistributionMode {
    pub fn as_str(self) -> &'static str {
        match self {
            DistributionMode::Push => "push",
            DistributionMode::Pick => "pick",
        }
    }

    pub fn parse(s: &str) -> Option<DistributionMode> {
        match s {
            "push" => Some(DistributionMode::Push),
            "pick" => Some(DistributionMode::Pick),
            _ => None,
        }
    }

    pub fn label(self) -> &'static str {
        match self {
            DistributionMode::Push => "Push",
            DistributionMode::Pick => "Pick",
        }
    }
}

/// Whether an agent's capacity stays taken while they wrap up a conversation.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case", tag = "kind", content = "seconds")]
pub enum WrapUpBlock {
    #[default]
    Always,
    Never,
    /// Seconds, 30 to 3600.
    For(u32),
}

impl WrapUpBlock {
    pub fn label(self) -> String {
        match self {
            WrapUpBlock::Always => "Always".into(),
            WrapUpBlock::Never => "Never".into(),
            WrapUpBlock::For(s) if s % 60 == 0 => format!("{} min", s / 60),
            WrapUpBlock::For(s) => format!("{s} s"),
        }
    }
}

pub const PRESENCES: &[(&str, &str)] = &[
    ("available", "Available"),
    ("busy", "Busy"),
    ("do_not_disturb", "Do not disturb"),
    ("away", "Away"),
];

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum SkillMatching {
    Exact,
    Closest,
    #[default]
    None,
}

impl SkillMatching {
    pub fn parse(s: &str) -> Option<SkillMatching> {
        match s {
            "exact" => Some(SkillMatching::Exact),
            "closest" => Some(SkillMatching::Closest),
            "none" => Some(SkillMatching::None),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            SkillMatching::Exact => "exact",
            SkillMatching::Closest => "closest",
            SkillMatching::None => "none",
        }
    }
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Distribution {
    pub auto_close_minutes: u32,
    pub capacity_per_conversation: u32,
    pub wrap_up_block: WrapUpBlock,
    pub allowed_presences: Vec<String>,
    pub skill_matching: SkillMatching,
    /// Push only: the agent who took the conversation keeps it to the end.
    pub keep_same_agent: bool,
}

impl Default for Distribution {
    fn default() -> Self {
        Distribution {
            auto_close_minutes: AUTO_CLOSE_DEFAULT_MINUTES,
            capacity_per_conversation: 1,
            wrap_up_block: WrapUpBlock::Always,
            allowed_presences: vec!["available".into(), "busy".into()],
            skill_matching: SkillMatching::None,
            keep_same_agent: false,
        }
    }
}

/// Conversation timeouts beyond inactivity.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Sessions {
    /// A conversation in wrap-up closes after this many minutes.
    pub wrap_up_minutes: u32,
    /// A conversation nobody accepted is closed after this many minutes (0: never).
    pub waiting_minutes: u32,
}

impl Default for Sessions {
    fn default() -> Self {
        Sessions {
            wrap_up_minutes: 10,
            waiting_minutes: 0,
        }
    }
}

/// What the incoming-conversation notification shows an agent, and how long it waits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Notifications {
    pub show_customer_name: bool,
    pub show_picture: bool,
    pub show_first_message: bool,
    pub show_queue: bool,
    pub show_waiting_time: bool,
    pub show_contact: bool,
    pub timeout_seconds: u32,
}

impl Default for Notifications {
    fn default() -> Self {
        Notifications {
            show_customer_name: true,
            show_picture: true,
            show_first_message: true,
            show_queue: true,
            show_waiting_time: true,
            show_contact: true,
            timeout_seconds: 120,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum VariableKind {
    Text,
    Number,
    Boolean,
}

impl VariableKind {
    pub fn parse(s: &str) -> Option<VariableKind> {
        match s {
            "text" => Some(VariableKind::Text),
            "number" => Some(VariableKind::Number),
            "boolean" => Some(VariableKind::Boolean),
            _ => None,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            VariableKind::Text => "text",
            VariableKind::Number => "number",
            VariableKind::Boolean => "boolean",
        }
    }
}

/// A named value carried by each conversation, usable in routing and as `{name}` in messages.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContextVariable {
    pub name: String,
    pub kind: VariableKind,
    pub default: String,
}

/// A canned response agents insert into the composer.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QuickReply {
    pub title: String,
    pub text: String,
    pub tags: Vec<String>,
    pub language: String,
}

/// An automated message as configured: on or off, and a text (None: the language's default).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct MessageSetting {
    pub enabled: bool,
    pub text: Option<String>,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkstreamSettings {
    pub distribution: Distribution,
    pub sessions: Sessions,
    pub notifications: Notifications,
    pub variables: Vec<ContextVariable>,
    pub quick_replies: Vec<QuickReply>,
    /// Workstream-wide defaults for automated messages; a LINE channel's own setting wins.
    pub messages: BTreeMap<Trigger, MessageSetting>,
    pub operating_hours: OperatingHours,
}

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum SurveyMode {
    /// A LINE quick reply with ratings 1-5, then an optional comment.
    #[default]
    InConversation,
    /// A text with a link to an external survey.
    Link,
}

#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Survey {
    pub enabled: bool,
    pub mode: SurveyMode,
    pub link_text: String,
    pub link_url: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Attachments {
    pub enabled: bool,
    pub customers_can_send: bool,
    pub agents_can_send: bool,
    pub max_size_mb: u32,
    /// Lower-case extensions without the dot.
    pub blocked_extensions: Vec<String>,
}

impl Default for Attachments {
    fn default() -> Self {
        Attachments {
            enabled: true,
            customers_can_send: true,
            agents_can_send: true,
            max_size_mb: 20,
            blocked_extensions: vec!["exe".into(), "bat".into(), "cmd".into(), "js".into()],
        }
    }
}

impl Attachments {
    pub fn customers_may_send(&self) -> bool {
        self.enabled && self.customers_can_send
    }

    pub fn agents_may_send(&self) -> bool {
        self.enabled && self.agents_can_send
    }

    /// Why a file of this name and size may not pass, if it may not (in English).
    pub fn refusal(&self, file_name: Option<&str>, size: Option<i64>) -> Option<String> {
        self.refusal_problem(file_name, size)
            .map(|problem| problem.to_string())
    }

    /// Why a file of this name and size may not pass, if it may not.
    pub fn refusal_problem(&self, file_name: Option<&str>, size: Option<i64>) -> Option<Problem> {
        if let Some(ext) = file_name.and_then(extension) {
            if self.blocked_extensions.contains(&ext) {
                return Some(Problem::ExtensionBlocked { ext });
            }
        }
        if let Some(size) = size {
            if size > i64::from(self.max_size_mb) * 1024 * 1024 {
                return Some(Problem::FileTooLarge {
                    mb: u64::from(self.max_size_mb),
                });
            }
        }
        None
    }
}

fn extension(name: &str) -> Option<String> {
    let (_, ext) = name.rsplit_once('.')?;
    (!ext.is_empty()).then(|| ext.to_ascii_lowercase())
}

/// A workstream's LINE channel instance: which account, in which language, saying what.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ChannelConfig {
    /// The default language: customers whose LINE language the channel does not have, and
    /// texts written on the channel or workstream.
    pub language: String,
    /// Other desk languages the channel answers in: a customer whose LINE profile is in one of
    /// them gets linedesk's texts in it. Chosen by the admin (a Japanese shop need not greet a
    /// customer whose phone is set to English in English).
    pub languages: Vec<String>,
    pub messages: BTreeMap<Trigger, MessageSetting>,
    pub survey: Survey,
    pub attachments: Attachments,
}

impl Default for ChannelConfig {
    fn default() -> Self {
        ChannelConfig {
            language: "en".into(),
            languages: Vec::new(),
            messages: BTreeMap::new(),
            survey: Survey::default(),
            attachments: Attachments::default(),
        }
    }
}

impl ChannelConfig {
    /// Whether the channel answers in this desk language.
    pub fn has_language(&self, code: &str) -> bool {
        self.language == code || self.languages.iter().any(|l| l == code)
    }

    /// The language a customer hears: their LINE profile's (a BCP 47 tag) when the channel has
    /// it, else the channel's default.
    pub fn language_for(&self, profile_language: Option<&str>) -> &str {
        profile_language
            .and_then(crate::automated::desk_language)
            .filter(|code| self.has_language(code))
            .unwrap_or(&self.language)
    }
}

/// Which automated messages are on when nobody configured them: the ones every desk sends.
pub fn enabled_by_default(trigger: Trigger) -> bool {
    // Out of operating hours is on by default: nothing sends it until hours are set.
    !matches!(trigger, Trigger::QueuePosition)
}

/// The setting that applies: the channel's, else the workstream's, else the default (on or off
/// per trigger, the language's default text).
pub fn effective_message(
    channel: &ChannelConfig,
    workstream: &WorkstreamSettings,
    trigger: Trigger,
) -> (bool, String) {
    effective_message_in(channel, workstream, trigger, &channel.language)
}

/// `effective_message` for a customer who hears `language` (see `ChannelConfig::language_for`).
/// Texts typed on the channel or workstream are in the channel's default language, so a
/// customer of another of its languages gets linedesk's text in theirs; on or off is the same.
pub fn effective_message_in(
    channel: &ChannelConfig,
    workstream: &WorkstreamSettings,
    trigger: Trigger,
    language: &str,
) -> (bool, String) {
    let setting = channel
        .messages
        .get(&trigger)
        .or_else(|| workstream.messages.get(&trigger));
    let enabled = setting.map_or_else(|| enabled_by_default(trigger), |s| s.enabled);
    let text = setting
        .filter(|_| language == channel.language)
        .and_then(|s| s.text.clone())
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| crate::automated::default_text(trigger, language).to_string());
    (enabled, text)
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueView {
    pub id: i64,
    pub name: String,
    pub priority: i32,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LineChannelView {
    pub account_id: Option<i64>,
    pub account_name: Option<String>,
    pub bot_basic_id: Option<String>,
    /// False while the Set up LINE wizard is not finished.
    pub active: bool,
    pub config: ChannelConfig,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkstreamView {
    pub id: i64,
    pub name: String,
    pub mode: DistributionMode,
    pub fallback_queue: QueueView,
    pub settings: WorkstreamSettings,
    pub channel: Option<LineChannelView>,
    pub open_conversations: i64,
    pub created_by: Option<String>,
    pub created_at: i64,
}

/// A LINE account as the Set up LINE wizard offers it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct AvailableAccount {
    pub id: i64,
    pub name: String,
    pub basic_id: Option<String>,
    /// The workstream whose LINE channel already uses it (then it can't be picked).
    pub taken_by: Option<String>,
}

/// What a new workstream form carries.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct NewWorkstream {
    pub name: String,
    pub mode: String,
    /// An existing queue, or None with `new_queue_name` to create one inline.
    pub fallback_queue_id: Option<i64>,
    pub new_queue_name: Option<String>,
}

pub fn check_name(name: &str, errors: &mut FieldErrors) {
    let name = name.trim();
    if name.is_empty() {
        errors.add("name", Problem::EnterName);
    } else if name.chars().count() > NAME_MAX {
        errors.add("name", Problem::AtMostChars { max: NAME_MAX });
    }
}

pub fn check_queue_name(name: &str, field: &str, errors: &mut FieldErrors) {
    let name = name.trim();
    if name.is_empty() {
        errors.add(field, Problem::EnterQueueName);
    } else if name.chars().count() > NAME_MAX {
        errors.add(field, Problem::AtMostChars { max: NAME_MAX });
    }
}

pub fn check_settings(settings: &WorkstreamSettings, mode: DistributionMode) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let d = &settings.distribution;
    if !(1..=AUTO_CLOSE_MAX_MINUTES).contains(&d.auto_close_minutes) {
        errors.add(
            "auto_close_minutes",
            Problem::AutoCloseRange {
                max: AUTO_CLOSE_MAX_MINUTES,
            },
        );
    }
    if !(1..=1000).contains(&d.capacity_per_conversation) {
        errors.add("capacity", Problem::CapacityUnits);
    }
    if let WrapUpBlock::For(s) = d.wrap_up_block {
        if !(30..=3600).contains(&s) {
            errors.add("wrap_up_seconds", Problem::WrapUpDuration);
        }
    }
    if d.allowed_presences.is_empty() {
        errors.add("presences", Problem::AllowOnePresence);
    }
    if d.allowed_presences
        .iter()
        .any(|p| !PRESENCES.iter().any(|(k, _)| k == p))
    {
        errors.add("presences", Problem::UnknownPresence);
    }
    if d.keep_same_agent && mode == DistributionMode::Pick {
        errors.add("keep_same_agent", Problem::KeepSameAgentPush);
    }
    if settings.sessions.wrap_up_minutes > 1440 {
        errors.add("wrap_up_minutes", Problem::MinutesMax { max: 1440 });
    }
    if settings.sessions.waiting_minutes > AUTO_CLOSE_MAX_MINUTES {
        errors.add(
            "waiting_minutes",
            Problem::MinutesMax {
                max: AUTO_CLOSE_MAX_MINUTES,
            },
        );
    }
    if !(10..=600).contains(&settings.notifications.timeout_seconds) {
        errors.add("timeout_seconds", Problem::NotificationTimeout);
    }
    if settings.variables.len() > CONTEXT_VARIABLES_MAX {
        errors.add(
            "variable_name",
            Problem::VariablesMax {
                max: CONTEXT_VARIABLES_MAX,
            },
        );
    }
    if settings.quick_replies.len() > QUICK_REPLIES_MAX {
        errors.add(
            "reply_title",
            Problem::QuickRepliesTotal {
                max: QUICK_REPLIES_MAX,
            },
        );
    }
    let hours = &settings.operating_hours;
    // The database is the server's; the browser never checks whole settings.
    #[cfg(feature = "tz")]
    if !crate::zone::is_known(&hours.time_zone) {
        errors.add("time_zone", Problem::UnknownTimeZone);
    }
    if hours.days.len() != 7
        || hours
            .days
            .iter()
            .flatten()
            .any(|o| o.start >= o.end || o.end > 1440)
    {
        errors.add("day_0", Problem::SevenDays);
    }
    check_messages(&settings.messages, &mut errors);
    errors
}

fn check_messages(messages: &BTreeMap<Trigger, MessageSetting>, errors: &mut FieldErrors) {
    for (trigger, setting) in messages {
        if let Some(text) = &setting.text {
            if text.chars().count() > AUTOMATED_TEXT_MAX {
                errors.add(
                    trigger.field(),
                    Problem::AtMostChars {
                        max: AUTOMATED_TEXT_MAX,
                    },
                );
            }
        }
    }
}

/// A context variable as typed: the name must work as a `{slug}` and the default fit the type.
pub fn check_variable(var: &ContextVariable, existing: &[ContextVariable]) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let valid_name = var.name.len() <= 50
        && var
            .name
            .chars()
            .next()
            .is_some_and(|c| c.is_ascii_alphabetic())
        && var
            .name
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '_');
    if !valid_name {
        errors.add("variable_name", Problem::VariableNameFormat);
    } else if existing
        .iter()
        .any(|v| v.name.eq_ignore_ascii_case(&var.name))
    {
        errors.add("variable_name", Problem::VariableTaken);
    }
    let default_ok = match var.kind {
        VariableKind::Text => var.default.chars().count() <= 500,
        VariableKind::Number => var.default.is_empty() || var.default.parse::<f64>().is_ok(),
        VariableKind::Boolean => matches!(var.default.as_str(), "" | "true" | "false"),
    };
    if !default_ok {
        errors.add(
            "variable_default",
            match var.kind {
                VariableKind::Number => Problem::NumberOrEmpty,
                VariableKind::Boolean => Problem::TrueFalseOrEmpty,
                VariableKind::Text => Problem::AtMostChars { max: 500 },
            },
        );
    }
    errors
}

pub fn check_quick_reply(reply: &QuickReply) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let title = reply.title.trim();
    if title.is_empty() {
        errors.add("reply_title", Problem::EnterTitle);
    } else if title.chars().count() > QUICK_REPLY_TITLE_MAX {
        errors.add(
            "reply_title",
            Problem::AtMostChars {
                max: QUICK_REPLY_TITLE_MAX,
            },
        );
    }
    let text = reply.text.trim();
    if text.is_empty() {
        errors.add("reply_text", Problem::EnterReplyText);
    } else if text.chars().count() > QUICK_REPLY_TEXT_MAX {
        errors.add(
            "reply_text",
            Problem::AtMostChars {
                max: QUICK_REPLY_TEXT_MAX,
            },
        );
    }
    if !is_language(&reply.language) {
        errors.add("reply_language", Problem::ChooseListedLanguage);
    }
    errors
}

/// Tags or extensions typed as "a, b c": trimmed, lower-cased, de-duplicated.
pub fn parse_list(typed: &str) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for item in typed.split([',', ' ', ';']) {
        let item = item.trim().trim_start_matches('.').to_lowercase();
        if !item.is_empty() && !out.contains(&item) {
            out.push(item);
        }
    }
    out
}

pub fn check_channel(config: &ChannelConfig) -> FieldErrors {
    let mut errors = FieldErrors::new();
    if !is_language(&config.language) {
        errors.add("language", Problem::ChooseListedLanguage);
    }
    if !config.languages.iter().all(|l| is_language(l)) {
        errors.add("languages", Problem::ChooseAmongLanguages);
    }
    check_messages(&config.messages, &mut errors);
    let survey = &config.survey;
    if survey.enabled && survey.mode == SurveyMode::Link {
        let text = survey.link_text.trim();
        if text.is_empty() {
            errors.add("survey_link_text", Problem::EnterLinkText);
        } else if text.chars().count() > SURVEY_LINK_TEXT_MAX {
            errors.add(
                "survey_link_text",
                Problem::AtMostChars {
                    max: SURVEY_LINK_TEXT_MAX,
                },
            );
        }
        let url = survey.link_url.trim();
        let valid = (url.starts_with("https://") || url.starts_with("http://"))
            && url.len() > 10
            && url.len() <= 1000
            && !url.contains(char::is_whitespace);
        if !valid {
            errors.add("survey_link_url", Problem::HttpsAddress);
        }
    }
    let a = &config.attachments;
    if !(1..=ATTACHMENT_MAX_MB).contains(&a.max_size_mb) {
        errors.add(
            "max_size_mb",
            Problem::SizeRangeMb {
                max: ATTACHMENT_MAX_MB,
            },
        );
    }
    if a.blocked_extensions
        .iter()
        .any(|e| e.len() > 10 || !e.chars().all(|c| c.is_ascii_alphanumeric()))
    {
        errors.add("blocked_extensions", Problem::ExtensionsFormat);
    }
    errors
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn settings_documents_fill_missing_fields_with_defaults() {
        let settings: WorkstreamSettings =
            serde_json::from_str(r#"{"distribution":{"auto_close_minutes":30}}"#).unwrap();
        assert_eq!(settings.distribution.auto_close_minutes, 30);
        assert_eq!(settings.distribution.capacity_per_conversation, 1);
        assert_eq!(settings.notifications.timeout_seconds, 120);
        let round: WorkstreamSettings =
            serde_json::from_str(&serde_json::to_string(&settings).unwrap()).unwrap();
        assert_eq!(round, settings);
        let config: ChannelConfig = serde_json::from_str(r#"{"language":"ja"}"#).unwrap();
        assert!(config.attachments.customers_may_send());
    }

    #[test]
    fn checks() {
        let mut settings = WorkstreamSettings::default();
        assert!(check_settings(&settings, DistributionMode::Push).is_empty());
        settings.distribution.wrap_up_block = WrapUpBlock::For(10);
        settings.distribution.keep_same_agent = true;
        let errors = check_settings(&settings, DistributionMode::Pick);
        assert!(errors.get("wrap_up_seconds").is_some());
        assert!(errors.get("keep_same_agent").is_some());

        let config = ChannelConfig {
            survey: Survey {
                enabled: true,
                mode: SurveyMode::Link,
                link_text: "x".repeat(201),
                link_url: "ftp://nope".into(),
            },
            language: "de".into(),
            ..ChannelConfig::default()
        };
        let errors = check_channel(&config);
        assert!(errors.get("survey_link_text").is_some());
        assert!(errors.get("survey_link_url").is_some());
        assert!(errors.get("language").is_some());
    }

    #[test]
    fn channel_text_overrides_workstream_default_overrides_language_default() {
        let mut channel = ChannelConfig {
            language: "ja".into(),
            ..ChannelConfig::default()
        };
        let mut workstream = WorkstreamSettings::default();
        let (on, text) = effective_message(&channel, &workstream, Trigger::Greeting);
        assert!(on);
        assert!(text.contains("お問い合わせ"));
        workstream.messages.insert(
            Trigger::Greeting,
            MessageSetting {
                enabled: true,
                text: Some("Workstream hello".into()),
            },
        );
        assert_eq!(
            effective_message(&channel, &workstream, Trigger::Greeting).1,
            "Workstream hello"
        );
        channel.messages.insert(
            Trigger::Greeting,
            MessageSetting {
                enabled: false,
                text: Some("Channel hello".into()),
            },
        );
        assert_eq!(
            effective_message(&channel, &workstream, Trigger::Greeting),
            (false, "Channel hello".into())
        );
    }

    #[test]
    fn a_customer_hears_their_language_when_the_channel_has_it() {
        let mut channel = ChannelConfig {
            language: "ja".into(),
            languages: vec!["th".into(), "zh-TW".into()],
            ..ChannelConfig::default()
        };
        assert_eq!(channel.language_for(Some("th")), "th");
        assert_eq!(channel.language_for(Some("zh-Hant")), "zh-TW");
        assert_eq!(channel.language_for(Some("ja")), "ja");
        assert_eq!(
            channel.language_for(Some("en")),
            "ja",
            "not one of its languages"
        );
        assert_eq!(
            channel.language_for(Some("ko")),
            "ja",
            "not a desk language"
        );
        assert_eq!(channel.language_for(None), "ja");
        let workstream = WorkstreamSettings::default();
        let thai = effective_message_in(&channel, &workstream, Trigger::Greeting, "th");
        assert_eq!(
            thai.1,
            crate::automated::default_text(Trigger::Greeting, "th")
        );
        // A typed text is in the default language: other languages get linedesk's text.
        channel.messages.insert(
            Trigger::Greeting,
            MessageSetting {
                enabled: false,
                text: Some("いらっしゃいませ".into()),
            },
        );
        let thai = effective_message_in(&channel, &workstream, Trigger::Greeting, "th");
        assert_eq!(
            thai,
            (
                false,
                crate::automated::default_text(Trigger::Greeting, "th").into()
            )
        );
        let japanese = effective_message_in(&channel, &workstream, Trigger::Greeting, "ja");
        assert_eq!(japanese.1, "いらっしゃいませ");
        channel.languages.push("de".into());
        assert!(check_channel(&channel).get("languages").is_some());
    }

    #[test]
    fn attachment_rules() {
        let rules = Attachments::default();
        assert!(rules.refusal(Some("setup.EXE"), Some(10)).is_some());
        assert!(rules
            .refusal(Some("photo.jpg"), Some(30 * 1024 * 1024))
            .is_some());
        assert_eq!(rules.refusal(Some("invoice.pdf"), Some(1024)), None);
        assert_eq!(parse_list(" .EXE, bat;bat  js"), vec!["exe", "bat", "js"]);
    }

    #[test]
    fn variables() {
        let var = ContextVariable {
            name: "Plan".into(),
            kind: VariableKind::Number,
            default: "gold".into(),
        };
        let errors = check_variable(&var, &[]);
        assert!(errors.get("variable_default").is_some());
        let dup = ContextVariable {
            name: "plan".into(),
            kind: VariableKind::Text,
            default: String::new(),
        };
        assert!(check_variable(&dup, std::slice::from_ref(&var))
            .get("variable_name")
            .is_some());
        assert!(check_variable(
            &ContextVariable {
                name: "9x".into(),
                kind: VariableKind::Text,
                default: String::new()
            },
            &[]
        )
        .get("variable_name")
        .is_some());
    }
}
