//! Customer-facing automated messages: the languages linedesk ships defaults for, the triggers
//! that send them, and the slugs ({AgentName}, {QueueName}, {CustomerName}, {Position}) replaced
//! when one is sent. A LINE channel's own text overrides the workstream's, which overrides these.

use serde::{Deserialize, Serialize};

/// Languages with shipped defaults: (code, label). The code is what LINE profiles report.
pub const LANGUAGES: &[(&str, &str)] = &[
    ("en", "English"),
    ("ja", "Japanese"),
    ("th", "Thai"),
    ("zh-TW", "Traditional Chinese"),
    ("it", "Italian"),
];

pub fn language_label(code: &str) -> &'static str {
    LANGUAGES
        .iter()
        .find(|(c, _)| *c == code)
        .map(|(_, label)| *label)
        .unwrap_or("English")
}

pub fn is_language(code: &str) -> bool {
    LANGUAGES.iter().any(|(c, _)| *c == code)
}

/// The desk language a LINE profile's language (a BCP 47 tag: "ja", "th", "zh-Hant", "en-US")
/// stands for, if it is one of ours. Chinese counts only in Traditional script (zh-Hant, or
/// Taiwan, Hong Kong and Macau without a script): Simplified readers are not served by zh-TW.
pub fn desk_language(tag: &str) -> Option<&'static str> {
    let mut parts = tag.trim().split(['-', '_']).map(str::to_ascii_lowercase);
    let primary = parts.next()?;
    if primary == "zh" {
        let rest: Vec<String> = parts.collect();
        let script = rest.iter().find(|p| p.len() == 4);
        let traditional = match script {
            Some(script) => script == "hant",
            None => rest
                .iter()
                .any(|p| matches!(p.as_str(), "tw" | "hk" | "mo")),
        };
        return traditional.then_some("zh-TW");
    }
    LANGUAGES
        .iter()
        .map(|(code, _)| *code)
        .find(|code| !code.contains('-') && *code == primary)
}

/// A LINE profile's language as agents read it: "Thai (th)", or the tag when it is not a desk
/// language ("ko").
pub fn describe_language(tag: &str) -> String {
    match desk_language(tag) {
        Some(code) => format!("{} ({tag})", language_label(code)),
        None => tag.to_string(),
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Trigger {
    /// The customer's first message of a conversation (asynchronous channels).
    Greeting,
    AgentAssigned,
    /// Couldn't assign / no agent available.
    NoAgent,
    AgentEnded,
    QueuePosition,
    OutOfHours,
    /// The conversation closed after inactivity.
    SessionEnded,
    /// The customer sent a file the channel does not accept.
    AttachmentRefused,
}

impl Trigger {
    pub const ALL: [Trigger; 8] = [
        Trigger::Greeting,
        Trigger::AgentAssigned,
        Trigger::NoAgent,
        Trigger::AgentEnded,
        Trigger::QueuePosition,
        Trigger::OutOfHours,
        Trigger::SessionEnded,
        Trigger::AttachmentRefused,
    ];

    pub fn key(self) -> &'static str {
        match self {
            Trigger::Greeting => "greeting",
            Trigger::AgentAssigned => "agent_assigned",
            Trigger::NoAgent => "no_agent",
            Trigger::AgentEnded => "agent_ended",
            Trigger::QueuePosition => "queue_position",
            Trigger::OutOfHours => "out_of_hours",
            Trigger::SessionEnded => "session_ended",
            Trigger::AttachmentRefused => "attachment_refused",
        }
    }

    /// The form field that carries errors about this trigger's text.
    pub fn field(self) -> &'static str {
        match self {
            Trigger::Greeting => "message_greeting",
            Trigger::AgentAssigned => "message_agent_assigned",
            Trigger::NoAgent => "message_no_agent",
            Trigger::AgentEnded => "message_agent_ended",
            Trigger::QueuePosition => "message_queue_position",
            Trigger::OutOfHours => "message_out_of_hours",
            Trigger::SessionEnded => "message_session_ended",
            Trigger::AttachmentRefused => "message_attachment_refused",
        }
    }

    pub fn parse(key: &str) -> Option<Trigger> {
        Trigger::ALL.into_iter().find(|t| t.key() == key)
    }

    /// The product's name for the trigger.
    pub fn label(self) -> &'static str {
        match self {
            Trigger::Greeting => "Greeting for asynchronous channels",
            Trigger::AgentAssigned => "Agent assigned",
            Trigger::NoAgent => "Couldn't assign / no agent available",
            Trigger::AgentEnded => "Agent ended the conversation",
            Trigger::QueuePosition => "Position in queue",
            Trigger::OutOfHours => "Out of operating hours",
            Trigger::SessionEnded => "Session ended",
            Trigger::AttachmentRefused => "File not accepted",
        }
    }
}

/// The survey's own customer-facing texts.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum SurveyText {
    /// Sent with the 1-5 rating quick reply.
    Prompt,
    /// After a rating: thanks, and the invitation to add a comment.
    Thanks,
    /// After the comment.
    CommentThanks,
    /// The quick-reply button that skips the comment.
    Skip,
}

/// What a customer hears when the messaging account their conversation came through is deleted
/// (not configurable: the channel that held the texts is gone by then).
pub fn account_deleted_text(language: &str) -> &'static str {
    match language {
        "ja" => "このアカウントでのサポート対応は終了しました。会話を終了します。お問い合わせありがとうございました。",
        "th" => "บัญชีนี้ไม่ได้ให้บริการช่วยเหลือผ่านแชทแล้ว การสนทนานี้สิ้นสุดลง ขอบคุณที่ติดต่อเรา",
        "zh-TW" => "此帳號已不再提供客服服務，本次對話已結束。感謝您的聯繫。",
        "it" => "Questo account non offre più assistenza: la conversazione è chiusa. Grazie per averci contattato.",
        _ => "This account no longer answers support messages, so this conversation has ended. Thank you for contacting us.",
    }
}

pub fn default_text(trigger: Trigger, language: &str) -> &'static str {
    use Trigger::*;
    match (language, trigger) {
        ("ja", Greeting) => "お問い合わせありがとうございます。担当者が確認次第、ご返信いたします。",
        ("ja", AgentAssigned) => "{AgentName}が担当いたします。",
        ("ja", NoAgent) => "ただいま担当者が対応できません。順番にご返信いたしますので、しばらくお待ちください。",
        ("ja", AgentEnded) => "{AgentName}が会話を終了しました。お問い合わせありがとうございました。",
        ("ja", QueuePosition) => "現在、{QueueName}の{Position}番目でお待ちいただいています。",
        ("ja", OutOfHours) => "ただいま営業時間外です。営業再開後にご返信いたします。",
        ("ja", SessionEnded) => "一定時間やり取りがなかったため、会話を終了しました。またいつでもメッセージをお送りください。",
        ("ja", AttachmentRefused) => "申し訳ありませんが、このチャネルではファイルを受け付けていません。ご用件をメッセージでお知らせください。",
        ("th", Greeting) => "ขอบคุณที่ติดต่อเรา เจ้าหน้าที่จะตอบกลับโดยเร็วที่สุด",
        ("th", AgentAssigned) => "ขณะนี้คุณกำลังสนทนากับ {AgentName}",
        ("th", NoAgent) => "ขณะนี้เจ้าหน้าที่ทุกคนไม่ว่าง เราจะติดต่อกลับโดยเร็วที่สุด",
        ("th", AgentEnded) => "{AgentName} ได้จบการสนทนาแล้ว ขอบคุณที่ติดต่อเรา",
        ("th", QueuePosition) => "คุณอยู่ในลำดับที่ {Position} ของคิว {QueueName}",
        ("th", OutOfHours) => "ขณะนี้อยู่นอกเวลาทำการ เราจะตอบกลับเมื่อเปิดทำการ",
        ("th", SessionEnded) => "การสนทนาสิ้นสุดลงเนื่องจากไม่มีการตอบกลับ สามารถส่งข้อความหาเราได้ตลอดเวลา",
        ("th", AttachmentRefused) => "ขออภัย ช่องทางนี้ไม่รับไฟล์ กรุณาแจ้งรายละเอียดเป็นข้อความ",
        ("zh-TW", Greeting) => "感謝您的聯繫，專員將盡快回覆您。",
        ("zh-TW", AgentAssigned) => "現在由{AgentName}為您服務。",
        ("zh-TW", NoAgent) => "目前所有專員都在忙線中，我們會盡快回覆您。",
        ("zh-TW", AgentEnded) => "{AgentName}已結束對話，感謝您的聯繫。",
        ("zh-TW", QueuePosition) => "您目前在{QueueName}佇列中排第{Position}位。",
        ("zh-TW", OutOfHours) => "目前為非營業時間，我們將於營業時間回覆您。",
        ("zh-TW", SessionEnded) => "由於一段時間沒有互動，本次對話已結束。歡迎隨時再傳訊息給我們。",
        ("zh-TW", AttachmentRefused) => "很抱歉，此頻道無法接收檔案。請以文字說明您的需求。",
        ("it", Greeting) => "Grazie per averci contattato. Un operatore ti risponderà a breve.",
        ("it", AgentAssigned) => "Ora stai parlando con {AgentName}.",
        ("it", NoAgent) => "Al momento tutti i nostri operatori sono occupati. Ti risponderemo il prima possibile.",
        ("it", AgentEnded) => "{AgentName} ha chiuso la conversazione. Grazie per averci contattato.",
        ("it", QueuePosition) => "Sei il numero {Position} nella coda {QueueName}.",
        ("it", OutOfHours) => "Siamo fuori dall'orario di servizio. Ti risponderemo alla riapertura.",
        ("it", SessionEnded) => "La conversazione è stata chiusa per inattività. Scrivici di nuovo quando vuoi.",
        ("it", AttachmentRefused) => "Spiacenti, questo canale non accetta file. Descrivi la tua richiesta in un messaggio.",
        (_, Greeting) => "Thanks for contacting us. An agent will be with you shortly.",
        (_, AgentAssigned) => "You're now chatting with {AgentName}.",
        (_, NoAgent) => "All our agents are busy right now. We'll get back to you as soon as possible.",
        (_, AgentEnded) => "{AgentName} has ended the conversation. Thank you for contacting us.",
        (_, QueuePosition) => "You are number {Position} in the {QueueName} queue.",
        (_, OutOfHours) => "We're outside our operating hours. We'll reply as soon as we're back.",
        (_, SessionEnded) => "This conversation has ended because there was no activity. Message us again anytime.",
        (_, AttachmentRefused) => "Sorry, we can't accept files on this channel. Please describe your request in a message.",
    }
}

pub fn survey_text(text: SurveyText, language: &str) -> &'static str {
    use SurveyText::*;
    match (language, text) {
        ("ja", Prompt) => "今回の対応はいかがでしたか？評価をお選びください。",
        ("ja", Thanks) => "ご評価ありがとうございます。コメントがあればこのままご返信ください。",
        ("ja", CommentThanks) => "コメントありがとうございました。",
        ("ja", Skip) => "スキップ",
        ("th", Prompt) => "คุณพึงพอใจกับการสนทนานี้แค่ไหน",
        ("th", Thanks) => "ขอบคุณสำหรับคะแนน หากต้องการแสดงความคิดเห็นเพิ่มเติม พิมพ์ตอบกลับได้เลย",
        ("th", CommentThanks) => "ขอบคุณสำหรับความคิดเห็นของคุณ",
        ("th", Skip) => "ข้าม",
        ("zh-TW", Prompt) => "請為本次服務評分。",
        ("zh-TW", Thanks) => "感謝您的評分！如有其他意見，歡迎直接回覆。",
        ("zh-TW", CommentThanks) => "感謝您的寶貴意見。",
        ("zh-TW", Skip) => "略過",
        ("it", Prompt) => "Come valuteresti questa conversazione?",
        ("it", Thanks) => "Grazie per la valutazione! Se vuoi, rispondi con un commento.",
        ("it", CommentThanks) => "Grazie, abbiamo ricevuto il tuo commento.",
        ("it", Skip) => "Salta",
        (_, Prompt) => "How would you rate your conversation with us?",
        (_, Thanks) => {
            "Thank you for your rating! Reply with a comment if you'd like to tell us more."
        }
        (_, CommentThanks) => "Thank you, we've passed your comment on.",
        (_, Skip) => "Skip",
    }
}

/// The end-user privacy texts: the recording notice and the consent question with its buttons.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PrivacyText {
    Notice,
    ConsentQuestion,
    Agree,
    Decline,
    Thanks,
    Declined,
}

/// The version of the end-user notice stored with each consent decision.
pub const END_USER_NOTICE_VERSION: &str = "2026-11";

pub fn privacy_text(text: PrivacyText, language: &str) -> &'static str {
    use PrivacyText::*;
    match (language, text) {
        ("ja", Notice) => "このチャットの内容は、対応品質の向上のため記録されます。",
        ("ja", ConsentQuestion) => "担当者がメッセージを確認するには、記録への同意が必要です。同意しますか？",
        ("ja", Agree) => "同意する",
        ("ja", Decline) => "同意しない",
        ("ja", Thanks) => "ありがとうございます。担当者がメッセージを確認します。",
        ("ja", Declined) => "承知しました。同意いただけない場合、LINEでの対応はできません。",
        ("th", Notice) => "การสนทนานี้จะถูกบันทึกเพื่อพัฒนาคุณภาพการให้บริการ",
        ("th", ConsentQuestion) => "เจ้าหน้าที่จะอ่านข้อความของคุณได้เมื่อคุณยินยอมให้บันทึก คุณยินยอมหรือไม่",
        ("th", Agree) => "ยินยอม",
        ("th", Decline) => "ไม่ยินยอม",
        ("th", Thanks) => "ขอบคุณ เจ้าหน้าที่จะอ่านข้อความของคุณ",
        ("th", Declined) => "รับทราบ หากไม่ยินยอม เราไม่สามารถให้บริการผ่าน LINE ได้",
        ("zh-TW", Notice) => "為提升服務品質，本次對話內容將被記錄。",
        ("zh-TW", ConsentQuestion) => "專員需要您同意記錄後才能查看您的訊息。您同意嗎？",
        ("zh-TW", Agree) => "同意",
        ("zh-TW", Decline) => "不同意",
        ("zh-TW", Thanks) => "謝謝，專員將查看您的訊息。",
        ("zh-TW", Declined) => "了解。若未取得您的同意，我們無法透過 LINE 為您服務。",
        ("it", Notice) => "Questa conversazione viene registrata per migliorare il servizio.",
        ("it", ConsentQuestion) => "Un operatore può leggere i tuoi messaggi solo con il tuo consenso alla registrazione. Acconsenti?",
        ("it", Agree) => "Acconsento",
        ("it", Decline) => "Non acconsento",
        ("it", Thanks) => "Grazie, un operatore leggerà i tuoi messaggi.",
        ("it", Declined) => "Capito. Senza il tuo consenso non possiamo assisterti su LINE.",
        (_, Notice) => "This conversation is recorded to help us improve our service.",
        (_, ConsentQuestion) => "An agent can read your messages once you agree to the recording. Do you agree?",
        (_, Agree) => "I agree",
        (_, Decline) => "I don't agree",
        (_, Thanks) => "Thank you. An agent will read your messages.",
        (_, Declined) => "Understood. Without your consent we can't help you over LINE.",
    }
}

/// Values for the slugs of one message; a missing value leaves a neutral word, never `{Slug}`.
#[derive(Clone, Debug, Default)]
pub struct Slugs {
    pub agent_name: Option<String>,
    pub queue_name: Option<String>,
    pub customer_name: Option<String>,
    pub position: Option<u32>,
    /// Context variables of the conversation: `{name}` is replaced by its value.
    pub variables: Vec<(String, String)>,
}

pub fn render(text: &str, slugs: &Slugs) -> String {
    let mut out = text
        .replace(
            "{AgentName}",
            slugs.agent_name.as_deref().unwrap_or("our agent"),
        )
        .replace(
            "{QueueName}",
            slugs.queue_name.as_deref().unwrap_or("support"),
        )
        .replace(
            "{CustomerName}",
            slugs.customer_name.as_deref().unwrap_or(""),
        )
        .replace(
            "{Position}",
            &slugs.position.map(|p| p.to_string()).unwrap_or_default(),
        );
    for (name, value) in &slugs.variables {
        out = out.replace(&format!("{{{name}}}"), value);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn line_language_tags_map_to_desk_languages() {
        for (tag, desk) in [
            ("ja", Some("ja")),
            ("th", Some("th")),
            ("en", Some("en")),
            ("en-US", Some("en")),
            ("IT", Some("it")),
            ("zh-Hant", Some("zh-TW")),
            ("zh-Hant-HK", Some("zh-TW")),
            ("zh-TW", Some("zh-TW")),
            ("zh-HK", Some("zh-TW")),
            ("zh-Hans", None),
            ("zh-CN", None),
            ("zh", None),
            ("ko", None),
            ("", None),
        ] {
            assert_eq!(desk_language(tag), desk, "{tag}");
        }
        assert_eq!(
            describe_language("zh-Hant"),
            "Traditional Chinese (zh-Hant)"
        );
        assert_eq!(describe_language("ko"), "ko");
    }

    #[test]
    fn every_language_has_every_text() {
        for (code, _) in LANGUAGES {
            for trigger in Trigger::ALL {
                let text = default_text(trigger, code);
                assert!(!text.is_empty());
                if *code != "en" {
                    assert_ne!(
                        text,
                        default_text(trigger, "en"),
                        "{code} {trigger:?} is English"
                    );
                }
            }
        }
        assert!(default_text(Trigger::Greeting, "ja").contains("お問い合わせ"));
    }

    #[test]
    fn slugs_are_replaced() {
        let slugs = Slugs {
            agent_name: Some("Aiko".into()),
            queue_name: Some("VIP".into()),
            customer_name: Some("Ken".into()),
            position: Some(3),
            variables: vec![("Plan".into(), "Gold".into())],
        };
        assert_eq!(
            render(
                "Hi {CustomerName}, {AgentName} of {QueueName} (#{Position}, {Plan})",
                &slugs
            ),
            "Hi Ken, Aiko of VIP (#3, Gold)"
        );
        assert_eq!(render("{AgentName}", &Slugs::default()), "our agent");
        assert_eq!(
            Trigger::parse("no_agent").map(Trigger::label),
            Some("Couldn't assign / no agent available")
        );
    }
}
