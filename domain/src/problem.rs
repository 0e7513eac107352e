//! What went wrong, as a closed set of codes with typed parameters: validation messages,
//! permission and sign-in refusals, conflicts, throttling, LINE's refusals. The server sends
//! the code; the browser words it in the reader's language (the portal's `error` catalogue).
//! The English wording here is for logs, the CLI, the plain-text and JSON bodies of the
//! non-browser endpoints, and the tests; the English catalogue must say exactly the same (a
//! test in the portal compares the two for every code).
//!
//! Texts that come from outside (LINE's own message, a library's warning, a transport error)
//! travel as a `String` parameter and are shown as they are, inside the translated sentence.

use crate::problem_wire::Wire;
use serde::{Deserialize, Serialize};
use std::fmt;

/// Calls `$callback!` with the list of problems: `key: Variant { param: Type, … } => "English"`.
/// Every parameter appears in the English text as `{param}`. Exported so the portal can
/// generate its renderer from the same list (one arm per code, checked by the compiler).
#[macro_export]
macro_rules! problems {
    ($callback:ident) => {
        $callback! {
            // The error kinds themselves.
            sign_in: SignIn => "Please sign in to continue.",
            forbidden: Forbidden => "You don't have permission to do that.",
            fields_need_attention: FieldsNeedAttention => "Some fields need your attention.",
            internal: Internal { reference: String } => "Something went wrong on our side (reference {reference}). Please try again.",
            request: Request { detail: String } => "The request could not be completed: {detail}",

            // Common to many forms.
            enter_name: EnterName => "Enter a name.",
            at_most_chars: AtMostChars { max: usize } => "Use at most {max} characters.",
            at_least_chars: AtLeastChars { min: usize } => "Use at least {min} characters.",
            search_at_most: SearchAtMost { max: usize } => "Search for at most {max} characters.",
            enter_date: EnterDate => "Enter a date as YYYY-MM-DD.",
            whole_number: WholeNumber => "Enter a whole number.",
            smaller_number: SmallerNumber => "Enter a smaller number.",
            positive_number: PositiveNumber => "Enter a positive number.",
            enter_value: EnterValue => "Enter a value.",
            pick_language: PickLanguage => "Pick a language.",
            pick_language_from_list: PickLanguageFromList => "Pick a language from the list.",
            choose_listed_language: ChooseListedLanguage => "Choose one of the listed languages.",
            choose_among_languages: ChooseAmongLanguages => "Choose among the listed languages.",
            unknown_language: UnknownLanguage => "Unknown language.",
            unknown_time_zone: UnknownTimeZone => "Choose a time zone from the list.",
            minutes_max: MinutesMax { max: u32 } => "Use at most {max} minutes.",

            // Sign-in, users, setup.
            enter_email: EnterEmail => "Enter an email address.",
            email_like: EmailLike => "Enter an email address like name@example.com.",
            enter_your_email: EnterYourEmail => "Enter your email address.",
            enter_your_password: EnterYourPassword => "Enter your password.",
            wrong_email_or_password: WrongEmailOrPassword => "Wrong email or password.",
            account_disabled: AccountDisabled => "This account is disabled. Ask an administrator to enable it.",
            password_too_common: PasswordTooCommon => "This password is too common or easy to guess. Use a longer phrase of unrelated words.",
            password_too_common_because: PasswordTooCommonBecause { why: String } => "This password is too common or easy to guess ({why}). Use a longer phrase of unrelated words.",
            passwords_differ: PasswordsDiffer => "The two passwords differ.",
            email_taken: EmailTaken => "A user with this email address already exists.",
            sign_in_throttled_minute: SignInThrottledMinute => "Too many failed sign-in attempts. Try again in 1 minute.",
            sign_in_throttled: SignInThrottled { minutes: i64 } => "Too many failed sign-in attempts. Try again in {minutes} minutes.",
            setup_link_invalid: SetupLinkInvalid => "This setup link is no longer valid. Restart linedesk to get a new one, or sign in.",
            setup_link_needed: SetupLinkNeeded => "This page needs the setup link that linedesk printed when it started.",
            only_admin: OnlyAdmin => "This is the only active administrator. Make someone else an administrator first.",
            cannot_disable_self: CannotDisableSelf => "You cannot disable your own account.",
            user_not_found: UserNotFound => "That user was not found.",

            // Messaging accounts and LINE.
            enter_account_name: EnterAccountName => "Enter a name for this account.",
            enter_channel_id: EnterChannelId => "Enter the Channel ID.",
            channel_id_digits: ChannelIdDigits => "The Channel ID has digits only (Basic settings tab).",
            channel_id_length: ChannelIdLength => "The Channel ID is at most 20 digits.",
            enter_channel_secret: EnterChannelSecret => "Enter the Channel secret.",
            channel_secret_format: ChannelSecretFormat => "The Channel secret is 32 hexadecimal characters (0-9, a-f).",
            enter_access_token: EnterAccessToken => "Enter the Channel access token.",
            access_token_max: AccessTokenMax { max: usize } => "A channel access token is at most {max} characters.",
            access_token_spaces: AccessTokenSpaces => "The token has no spaces or line breaks; copy it again.",
            government_region: GovernmentRegion => "LINE is unavailable because this organisation's region is set to government cloud.",
            account_name_taken: AccountNameTaken => "A messaging account with this name already exists.",
            channel_taken: ChannelTaken => "Another messaging account already uses this Channel ID.",
            live_account_taken: LiveAccountTaken => "A live account already uses this name or Channel ID.",
            line_rejected_token: LineRejectedToken => "LINE rejected this channel access token.",
            line_status: LineStatus { status: u16 } => "LINE answered with status {status}.",
            line_status_message: LineStatusMessage { status: u16, message: String } => "LINE answered with status {status}: {message}.",
            line_unreachable: LineUnreachable { why: String } => "LINE could not be reached ({why}).",
            line_status_retry: LineStatusRetry { status: u16 } => "LINE answered with status {status}. Try again, or save the account as unverified and use Verify now later.",
            line_status_message_retry: LineStatusMessageRetry { status: u16, message: String } => "LINE answered with status {status}: {message}. Try again, or save the account as unverified and use Verify now later.",
            line_unreachable_retry: LineUnreachableRetry { why: String } => "LINE could not be reached ({why}). Try again, or save the account as unverified and use Verify now later.",
            account_set_up_change: AccountSetUpChange => "This account is already set up; change it on its page.",
            account_set_up: AccountSetUp => "This account is already set up.",
            no_token_yet: NoTokenYet => "This account has no channel access token yet.",
            finish_details_first: FinishDetailsFirst => "Finish the Account details step first: LINE has not checked this channel's token yet.",
            acknowledge_notice: AcknowledgeNotice => "Acknowledge the data-sharing notice to finish.",
            account_in_use: AccountInUse { workstreams: String } => "This account is used by the LINE channel of: {workstreams}. Remove it from those workstreams first.",
            account_not_found: AccountNotFound => "That messaging account was not found.",
            confirm_account_name: ConfirmAccountName => "Type the account's name exactly to confirm.",

            // Contacts and LINE users.
            enter_contact_name: EnterContactName => "Enter the contact's name.",
            phone_like: PhoneLike => "Enter a phone number like +81 3-1234-5678.",
            contact_not_found: ContactNotFound => "That contact was not found.",
            contact_missing: ContactMissing => "That contact does not exist.",
            choose_contact: ChooseContact => "Choose a contact.",
            merge_other: MergeOther => "Choose a different contact to merge.",
            one_to_one_only: OneToOneOnly => "Only a one-to-one LINE chat can be linked to a contact.",
            confirm_contact_delete: ConfirmContactDelete => "Tick the box to confirm: deleting a contact cannot be undone.",

            // Conversations.
            conversation_not_found: ConversationNotFound => "That conversation was not found.",
            write_reply: WriteReply => "Write a reply first.",
            quote_unavailable: QuoteUnavailable => "That message can't be quoted: it was taken back or is not the customer's.",
            choose_file: ChooseFile => "Choose a file to send.",
            check_file: CheckFile => "Check the file.",
            cannot_send_files: CannotSendFiles => "You can't send files in this conversation.",
            extension_blocked: ExtensionBlocked { ext: String } => ".{ext} files are not accepted.",
            file_too_large: FileTooLarge { mb: u64 } => "Files over {mb} MB are not accepted.",
            choose_state: ChooseState => "Choose a state from the list.",
            handling: Handling { name: String } => "{name} is handling this conversation.",
            colleague_handling: ColleagueHandling => "A colleague is handling this conversation.",
            only_handler: OnlyHandler => "Only the agent handling this conversation can do that: pick it or answer it first.",
            bot_answering: BotAnswering => "The bot is answering this conversation; it hands off when the customer asks for an agent.",
            offered_to_agent: OfferedToAgent => "The desk offers this conversation to an agent: you can answer it once it is offered to you and you accept.",
            took_first: TookFirst => "Someone else took this conversation first.",
            taken_by_someone: TakenBySomeone => "This conversation was taken by someone else.",
            picked_by_someone: PickedBySomeone => "Someone else picked this conversation first.",
            at_capacity: AtCapacity { capacity: i64 } => "You are at your capacity ({capacity}); finish a conversation first.",
            offer_gone: OfferGone => "This offer is no longer open: it timed out or the conversation went to someone else.",
            not_in_queue: NotInQueue => "This conversation is not in a queue.",
            not_your_queue: NotYourQueue => "You don't work in this conversation's queue.",
            conversation_ended: ConversationEnded => "This conversation has ended.",
            pick_agent: PickAgent => "Pick an agent.",
            pick_queue: PickQueue => "Pick a queue.",
            pick_agent_or_queue: PickAgentOrQueue => "Pick an agent or a queue.",
            customer_erased: CustomerErased => "This customer's data was erased: their conversations can't be answered.",
            account_deleted_history: AccountDeletedHistory => "The messaging account was deleted; this conversation is history.",
            customer_blocked: CustomerBlocked => "The customer blocked this LINE account (unfollowed), so LINE would not deliver a reply.",
            consent_pending: ConsentPending => "Waiting for the customer's consent: their messages are hidden until they agree.",
            read_only_auditor: ReadOnlyAuditor => "Read-only: auditors read transcripts under an administrator's grant.",

            // Queues and agents.
            enter_queue_name: EnterQueueName => "Enter a queue name.",
            priority_range: PriorityRange { min: i32, max: i32 } => "Enter a priority between {min} and {max}.",
            queue_taken: QueueTaken => "A queue with this name already exists.",
            queue_taken_pick: QueueTakenPick => "A queue with this name already exists; pick it from the list.",
            queue_not_found: QueueNotFound => "That queue was not found.",
            queue_gone: QueueGone => "That queue no longer exists.",
            user_cannot_answer: UserCannotAnswer { user: i64 } => "User {user} can't answer customers (auditor, disabled or gone).",
            queue_in_use: QueueInUse { uses: String } => "This queue can't be deleted while work is routed to it: {uses}.",
            queue_has_open: QueueHasOpen { open: i64 } => "This queue holds {open} open conversation(s); transfer them first.",
            agent_not_found: AgentNotFound => "That agent was not found.",
            capacity_range: CapacityRange { max: u32 } => "Enter a capacity from 1 to {max}.",
            service_level_range: ServiceLevelRange { max: i64 } => "Enter a target from 1 to {max} seconds.",
            pick_period: PickPeriod => "Pick a period.",
            pick_from_list: PickFromList => "Pick one from the list.",
            report_range: ReportRange { max: i64 } => "End the period on or after its first day, at most {max} days in all.",
            skills_limit: SkillsLimit => "Use at most 50 skills of at most 50 characters.",
            pick_presence: PickPresence => "Pick a presence.",

            // Workstreams and their LINE channel.
            workstream_not_found: WorkstreamNotFound => "That workstream was not found.",
            workstream_taken: WorkstreamTaken => "A workstream with this name already exists.",
            mode_fixed: ModeFixed => "The work distribution mode can't be changed after a workstream is created.",
            choose_push_or_pick: ChoosePushOrPick => "Choose push or pick.",
            pick_fallback_queue: PickFallbackQueue => "Pick a fallback queue or name a new one.",
            too_many_copies: TooManyCopies => "Too many copies with this name; rename some first.",
            channel_account_taken: ChannelAccountTaken => "Another workstream's LINE channel already uses this account.",
            pick_listed_account: PickListedAccount => "Pick one of the listed accounts.",
            pick_line_account: PickLineAccount => "Pick a LINE account.",
            pick_line_account_first: PickLineAccountFirst => "Pick a LINE account first.",
            pick_line_account_first_setup: PickLineAccountFirstSetup => "Pick a LINE account first (Set up LINE, first page).",
            confirm_workstream_name: ConfirmWorkstreamName => "Type the workstream's name exactly to confirm.",
            confirm_channel_removal: ConfirmChannelRemoval => "Tick the box to confirm that the LINE channel goes.",
            auto_close_range: AutoCloseRange { max: u32 } => "Use 1 to {max} minutes (30 days).",
            capacity_units: CapacityUnits => "Use 1 to 1000 capacity units.",
            wrap_up_duration: WrapUpDuration => "Choose a duration from 30 seconds to 60 minutes.",
            allow_one_presence: AllowOnePresence => "Allow at least one presence.",
            unknown_presence: UnknownPresence => "Unknown presence.",
            keep_same_agent_push: KeepSameAgentPush => "Keeping the same agent applies to push workstreams only.",
            choose_skill_matching: ChooseSkillMatching => "Choose a skill matching.",
            notification_timeout: NotificationTimeout => "Use 10 to 600 seconds.",
            variables_max: VariablesMax { max: usize } => "A workstream holds at most {max} context variables.",
            quick_replies_total: QuickRepliesTotal { max: usize } => "A workstream holds at most {max} quick replies.",
            seven_days: SevenDays => "Give seven days, each closed or opening before it closes.",
            variable_name_format: VariableNameFormat => "Start with a letter; use letters, digits and _ (at most 50).",
            variable_taken: VariableTaken => "This workstream already has a variable with this name.",
            choose_type: ChooseType => "Choose a type.",
            number_or_empty: NumberOrEmpty => "Enter a number, or leave it empty.",
            true_false_or_empty: TrueFalseOrEmpty => "Enter true or false, or leave it empty.",
            enter_title: EnterTitle => "Enter a title.",
            enter_reply_text: EnterReplyText => "Enter the reply's text.",
            enter_link_text: EnterLinkText => "Enter the text sent with the link.",
            https_address: HttpsAddress => "Enter a web address starting with https://.",
            size_range_mb: SizeRangeMb { max: u32 } => "Use 1 to {max} MB.",
            extensions_format: ExtensionsFormat => "List extensions like exe, bat (letters and digits, at most 10 each).",

            // Operating hours.
            day_hours: DayHours => "Enter hours as HH:MM-HH:MM with the end after the start (up to 24:00), or leave empty for closed.",
            open_one_day: OpenOneDay => "Open on at least one day, or turn operating hours off.",

            // Routing rules.
            ruleset_name_taken: RulesetNameTaken => "Another ruleset has this name.",
            rule_name_taken: RuleNameTaken => "This ruleset has a rule with this name.",
            ruleset_not_found: RulesetNotFound => "That ruleset was not found.",
            rule_not_found: RuleNotFound => "That rule was not found.",
            conditions_max: ConditionsMax { max: usize } => "A rule can have at most {max} conditions.",
            name_contact_field: NameContactField => "Contact field: name the field or variable.",
            name_variable: NameVariable => "Context variable: name the field or variable.",
            time_range_like: TimeRangeLike => "Enter a time range like 09:00-18:00.",
            days_like: DaysLike => "Enter days like mon,tue,wed.",
            yes_or_no: YesOrNo => "Enter yes or no.",
            split_max: SplitMax { max: usize } => "Split across at most {max} queues.",
            shares_sum: SharesSum => "The shares must add up to 100 %.",
            share_above_zero: ShareAboveZero => "Each queue needs a share above 0 %.",
            shares_range: SharesRange => "Shares are 1 to 100 %.",
            split_queue_gone: SplitQueueGone { queue: i64 } => "Queue {queue} doesn't exist any more.",
            queue_once: QueueOnce => "Each queue can appear once in a split.",
            rulesets_max: RulesetsMax { max: usize } => "A workstream can have at most {max} rulesets.",
            rules_max: RulesMax { max: usize } => "A workstream can have at most {max} rules.",
            rule_invalid: RuleInvalid { rule: String, ruleset: String } => "Rule \"{rule}\" in \"{ruleset}\" is not valid.",
            pick_field: PickField => "Pick a field.",
            pick_operator: PickOperator => "Pick an operator.",
            time_like: TimeLike => "Enter a time like 14:30.",

            // Bots.
            enter_keyword: EnterKeyword => "Enter at least one keyword.",
            enter_answer: EnterAnswer => "Enter the answer.",
            quick_replies_max: QuickRepliesMax { max: usize } => "LINE shows at most {max} quick replies.",
            quick_reply_label_max: QuickReplyLabelMax { max: usize } => "LINE cuts quick-reply labels at {max} characters.",
            bots_push_only: BotsPushOnly => "Bots answer in push workstreams only; this workstream is pick.",
            bot_answers_max: BotAnswersMax { max: usize } => "A bot can have at most {max} answers.",
            enter_bot_url: EnterBotUrl => "Enter the bot's URL.",
            enter_http_url: EnterHttpUrl => "Enter an http:// or https:// URL.",
            url_credentials: UrlCredentials => "Leave the user name and password out of the URL; requests are signed with the shared secret.",
            url_ip_address: UrlIpAddress => "Write an IP address as four decimal numbers (like 203.0.113.7), or use a host name.",
            enter_bot_secret: EnterBotSecret => "Enter the shared secret linedesk signs requests with.",
            bot_secret_short: BotSecretShort => "Use a shared secret of at least 16 characters.",
            seconds_range: SecondsRange { max: u32 } => "Enter 1 to {max} seconds.",
            faq_invalid: FaqInvalid => "An answer is not valid; edit it again.",
            pick_bot_kind: PickBotKind => "Pick built-in or external.",
            outbound_refused: OutboundRefused { reason: String } => "{reason}",

            // Privacy.
            grant_days: GrantDays { max: u32 } => "Grant access for 1 to {max} days.",
            choose_auditor: ChooseAuditor => "Choose an active auditor.",
            no_transcript_access: NoTranscriptAccess => "That auditor has no active transcript access.",
            retention_days: RetentionDays { max: u32 } => "Use 1 to {max} days, or leave it empty to keep everything.",
            days_or_empty: DaysOrEmpty => "Enter a number of days, or leave it empty.",
            enter_days: EnterDays => "Enter a number of days.",
            line_user_not_found: LineUserNotFound => "That LINE user was not found.",
            already_erased: AlreadyErased => "This LINE user was erased already.",
            confirm_erase: ConfirmErase => "Tick the box to confirm: erasing cannot be undone.",
            choose_contact_fate: ChooseContactFate => "Choose what happens to their contact.",
        }
    };
}

macro_rules! define_problems {
    ($($key:ident : $variant:ident $({ $($param:ident : $ty:ty),* $(,)? })? => $english:literal,)*) => {
        /// One thing that went wrong, with what the sentence needs. Serialised by name, so the
        /// browser (and anything stored) can word it again later. Read back by problem_wire
        /// (in the derive's format, with far less code).
        #[derive(Clone, Debug, PartialEq, Eq, Serialize)]
        pub enum Problem {
            $(
                #[doc = $english]
                $variant $({ $($param: $ty),* })?,
            )*
        }

        impl Problem {
            /// The catalogue key (`error.<key>`).
            pub fn key(&self) -> &'static str {
                match self {
                    $(Problem::$variant { .. } => stringify!($key),)*
                }
            }

            /// The problem a read name and parameters make (problem_wire).
            fn from_wire(mut wire: Wire) -> Result<Problem, String> {
                match wire.name.as_str() {
                    $(stringify!($variant) => Ok(Problem::$variant $({ $($param: wire.take(stringify!($param))?),* })?),)*
                    other => Err(format!("unknown problem `{other}`")),
                }
            }

            /// Every code: (key, English text with `{param}` placeholders, parameter names).
            pub const ALL: &'static [(&'static str, &'static str, &'static [&'static str])] = &[
                $((stringify!($key), $english, &[$($(stringify!($param)),*)?]),)*
            ];
        }

        impl fmt::Display for Problem {
            fn fmt(&self, out: &mut fmt::Formatter<'_>) -> fmt::Result {
                match self {
                    $(
                        Problem::$variant $({ $($param),* })? => {
                            write!(out, $english $($(, $param = $param)*)?)
                        }
                    )*
                }
            }
        }
    };
}

problems!(define_problems);

impl<'de> Deserialize<'de> for Problem {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Problem::from_wire(Wire::deserialize(deserializer)?).map_err(serde::de::Error::custom)
    }
}

impl Problem {
    /// The sentence for a failed sign-in lockout of `minutes`.
    pub fn sign_in_throttled(minutes: i64) -> Problem {
        if minutes == 1 {
            Problem::SignInThrottledMinute
        } else {
            Problem::SignInThrottled { minutes }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::BTreeSet;

    #[test]
    fn keys_are_unique_and_templates_name_their_parameters() {
        let mut seen = BTreeSet::new();
        for (key, english, params) in Problem::ALL {
            assert!(seen.insert(*key), "{key} twice");
            for param in *params {
                assert!(english.contains(&format!("{{{param}}}")), "{key}: {param}");
            }
        }
    }

    #[test]
    fn english_reads_as_before() {
        assert_eq!(
            Problem::AtMostChars { max: 100 }.to_string(),
            "Use at most 100 characters."
        );
        assert_eq!(
            Problem::sign_in_throttled(15).to_string(),
            "Too many failed sign-in attempts. Try again in 15 minutes."
        );
        assert_eq!(
            Problem::sign_in_throttled(1).to_string(),
            "Too many failed sign-in attempts. Try again in 1 minute."
        );
        assert_eq!(
            Problem::RuleInvalid {
                rule: "VIP".into(),
                ruleset: "Main".into()
            }
            .to_string(),
            "Rule \"VIP\" in \"Main\" is not valid."
        );
        assert_eq!(
            Problem::GovernmentRegion.to_string(),
            crate::account::GOVERNMENT_REGION_REASON
        );
        assert_eq!(
            Problem::WrongEmailOrPassword.key(),
            "wrong_email_or_password"
        );
    }

    #[test]
    fn codes_read_back_as_written() {
        let problems = [
            Problem::EnterEmail,
            Problem::AtMostChars { max: 5 },
            Problem::sign_in_throttled(7),
            Problem::RuleInvalid {
                rule: "VIP \"gold\"".into(),
                ruleset: "Main".into(),
            },
            Problem::Internal {
                reference: "r-1".into(),
            },
        ];
        for problem in problems {
            let json = serde_json::to_string(&problem).unwrap();
            assert_eq!(
                serde_json::from_str::<Problem>(&json).unwrap(),
                problem,
                "{json}"
            );
            let bytes = serde_json::to_vec(&problem).unwrap();
            assert_eq!(serde_json::from_slice::<Problem>(&bytes).unwrap(), problem);
        }
        // Negative numbers, fields in any order, unknown fields ignored (as the derive did).
        let json = r#"{"RuleInvalid":{"ruleset":"Main","extra":1,"rule":"VIP"}}"#;
        assert_eq!(
            serde_json::from_str::<Problem>(json).unwrap(),
            Problem::RuleInvalid {
                rule: "VIP".into(),
                ruleset: "Main".into()
            }
        );
        // Refused: unknown codes, missing or mistyped fields, two codes at once.
        for bad in [
            r#""NoSuchProblem""#,
            r#"{"AtMostChars":{}}"#,
            r#"{"AtMostChars":{"max":"five"}}"#,
            r#"{"AtMostChars":{"max":-1}}"#,
            r#"{"EnterEmail":null,"EnterName":null}"#,
            "42",
        ] {
            assert!(serde_json::from_str::<Problem>(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn codes_travel_by_name() {
        let json = serde_json::to_string(&Problem::AtMostChars { max: 5 }).unwrap();
        assert_eq!(json, r#"{"AtMostChars":{"max":5}}"#);
        assert_eq!(
            serde_json::to_string(&Problem::EnterEmail).unwrap(),
            r#""EnterEmail""#
        );
    }
}
