//! A stored webhook event read into types, for the engine that applies it (the callback's
//! `delivery::parse` reads only the fields stored beside each event's text). Names follow LINE's
//! webhook.yml. An event of a kind this does not know, or of a known kind in a shape LINE does
//! not send (a required field missing, a wrong type), is `Kind::Unknown` with its JSON kept: it
//! stays in the raw event log only. The fields every event has are read one by one and leniently
//! (a field of the wrong type reads as absent), as the engine read them before.

use serde::de::DeserializeOwned;
use serde::{Deserialize, Deserializer};
use serde_json::Value;

/// One webhook event: the fields every kind has, and its kind.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub source: Option<Source>,
    pub mode: Option<Mode>,
    /// Only on the kinds that can be answered (message, follow, join, postback, …).
    pub reply_token: Option<String>,
    pub webhook_event_id: Option<String>,
    /// Milliseconds since the epoch.
    pub timestamp: Option<i64>,
    pub delivery_context: Option<DeliveryContext>,
    pub kind: Kind,
    /// The event's JSON as read: what is stored where the event itself is kept.
    pub raw: Value,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Mode {
    Active,
    /// Another channel (a module) owns the chat: it answers, not us.
    Standby,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct DeliveryContext {
    pub is_redelivery: bool,
}

/// Where the event happened.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Source {
    #[serde(rename_all = "camelCase")]
    User { user_id: Option<String> },
    #[serde(rename_all = "camelCase")]
    Group {
        group_id: String,
        user_id: Option<String>,
    },
    #[serde(rename_all = "camelCase")]
    Room {
        room_id: String,
        user_id: Option<String>,
    },
}

/// The kinds of chat, as `Source` names them and conversations store them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ChatKind {
    User,
    Group,
    Room,
}

impl ChatKind {
    pub fn as_str(self) -> &'static str {
        match self {
            ChatKind::User => "user",
            ChatKind::Group => "group",
            ChatKind::Room => "room",
        }
    }
}

impl Source {
    /// The user who acted, when LINE names them.
    pub fn user_id(&self) -> Option<&str> {
        match self {
            Source::User { user_id }
            | Source::Group { user_id, .. }
            | Source::Room { user_id, .. } => user_id.as_deref(),
        }
    }

    /// The chat: its kind and id (a user's chat without a user id has none).
    pub fn chat(&self) -> Option<(ChatKind, &str)> {
        match self {
            Source::User { user_id } => Some((ChatKind::User, user_id.as_deref()?)),
            Source::Group { group_id, .. } => Some((ChatKind::Group, group_id)),
            Source::Room { room_id, .. } => Some((ChatKind::Room, room_id)),
        }
    }
}

/// What happened, by the event's "type".
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Kind {
    Message {
        message: Message,
    },
    /// Not in webhook.yml yet; LINE sends it when a user edits a text (the Java SDK's fixture).
    MessageEdited {
        message: Message,
    },
    Unsend {
        unsend: Unsend,
    },
    /// `follow` is missing in deliveries older than its introduction.
    Follow {
        follow: Option<Follow>,
    },
    Unfollow,
    Join,
    Leave,
    MemberJoined {
        joined: Members,
    },
    MemberLeft {
        left: Members,
    },
    Postback {
        postback: Postback,
    },
    VideoPlayComplete {
        #[serde(rename = "videoPlayComplete")]
        video_play_complete: VideoPlayComplete,
    },
    Beacon {
        beacon: Beacon,
    },
    AccountLink {
        link: Link,
    },
    Membership {
        membership: Membership,
    },
    Module {
        module: Module,
    },
    Activated {
        #[serde(rename = "chatControl")]
        chat_control: ChatControl,
    },
    Deactivated,
    BotSuspended,
    BotResumed,
    /// A PNP message was delivered.
    Delivery {
        delivery: PnpDelivery,
    },
    /// LINE Things (not in webhook.yml: retired, but older channels may still send it).
    Things {
        things: Things,
    },
    /// A kind this does not know, or a known kind in another shape: its JSON, kept.
    #[serde(skip_deserializing)]
    Unknown(Value),
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Unsend {
    pub message_id: String,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Follow {
    pub is_unblocked: bool,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Members {
    pub members: Vec<Source>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Postback {
    pub data: String,
    /// What a datetime picker or rich menu switch chose.
    pub params: Option<serde_json::Map<String, Value>>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct VideoPlayComplete {
    pub tracking_id: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Beacon {
    pub hwid: String,
    /// enter, banner or stay.
    #[serde(rename = "type")]
    pub kind: String,
    pub dm: Option<String>,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct Link {
    /// ok or failed.
    pub result: String,
    pub nonce: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Membership {
    /// joined, left or renewed.
    #[serde(rename = "type")]
    pub kind: String,
    pub membership_id: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Module {
    /// attached or detached.
    #[serde(rename = "type")]
    pub kind: String,
    pub bot_id: Option<String>,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ChatControl {
    pub expire_at: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct PnpDelivery {
    pub data: String,
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Things {
    pub device_id: String,
    /// link, unlink or scenarioResult.
    #[serde(rename = "type")]
    pub kind: String,
}

/// A customer's message: its id, its content by kind, and its JSON as stored with it.
#[derive(Clone, Debug, PartialEq)]
pub struct Message {
    pub id: Option<String>,
    pub content: Content,
    pub raw: Value,
}

impl<'de> Deserialize<'de> for Message {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let raw = Value::deserialize(deserializer)?;
        let content = Content::deserialize(&raw).unwrap_or_else(|_| {
            Content::Unknown(raw.get("type").and_then(Value::as_str).map(str::to_owned))
        });
        Ok(Message {
            id: field(&raw, "id"),
            content,
            raw,
        })
    }
}

/// A message's content, by its "type".
#[derive(Clone, Debug, PartialEq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum Content {
    Text {
        text: String,
    },
    #[serde(rename_all = "camelCase")]
    Image {
        content_provider: Option<ContentProvider>,
        image_set: Option<ImageSet>,
    },
    #[serde(rename_all = "camelCase")]
    Video {
        duration: Option<i64>,
        content_provider: Option<ContentProvider>,
    },
    #[serde(rename_all = "camelCase")]
    Audio {
        duration: Option<i64>,
        content_provider: Option<ContentProvider>,
    },
    #[serde(rename_all = "camelCase")]
    File {
        file_name: String,
        file_size: Option<i64>,
    },
    Location {
        title: Option<String>,
        address: Option<String>,
        latitude: f64,
        longitude: f64,
    },
    #[serde(rename_all = "camelCase")]
    Sticker {
        package_id: String,
        sticker_id: String,
        sticker_resource_type: Option<String>,
        keywords: Option<Vec<String>>,
        /// What the user typed on a message sticker.
        text: Option<String>,
    },
    /// A kind this does not know (or a known one in another shape): its "type", if any. The
    /// message's JSON is kept in `Message::raw`.
    #[serde(skip_deserializing)]
    Unknown(Option<String>),
}

impl Content {
    /// The message's kind as LINE names it ("text", "image", …).
    pub fn kind(&self) -> Option<&str> {
        Some(match self {
            Content::Text { .. } => "text",
            Content::Image { .. } => "image",
            Content::Video { .. } => "video",
            Content::Audio { .. } => "audio",
            Content::File { .. } => "file",
            Content::Location { .. } => "location",
            Content::Sticker { .. } => "sticker",
            Content::Unknown(kind) => return kind.as_deref(),
        })
    }

    /// A file kept on LINE's servers or elsewhere (image, video, audio, file).
    pub fn is_media(&self) -> bool {
        matches!(
            self,
            Content::Image { .. }
                | Content::Video { .. }
                | Content::Audio { .. }
                | Content::File { .. }
        )
    }

    pub fn content_provider(&self) -> Option<&ContentProvider> {
        match self {
            Content::Image {
                content_provider, ..
            }
            | Content::Video {
                content_provider, ..
            }
            | Content::Audio {
                content_provider, ..
            } => content_provider.as_ref(),
            _ => None,
        }
    }
}

/// Where a media file is: on LINE's servers, or at the sender's own URL.
#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
#[serde(tag = "type", rename_all = "camelCase")]
pub enum ContentProvider {
    Line,
    #[serde(rename_all = "camelCase")]
    External {
        original_content_url: Option<String>,
        preview_image_url: Option<String>,
    },
}

#[derive(Clone, Debug, PartialEq, Eq, Deserialize)]
pub struct ImageSet {
    pub id: String,
    pub index: Option<i64>,
    pub total: Option<i64>,
}

/// `raw[key]` read as `T`; None when absent or of another shape.
fn field<T: DeserializeOwned>(raw: &Value, key: &str) -> Option<T> {
    raw.get(key).and_then(|value| T::deserialize(value).ok())
}

impl Event {
    /// Reads a stored event's text. Never fails: text that is not JSON is an Unknown event.
    pub fn read(text: &str) -> Event {
        Event::from_value(serde_json::from_str(text).unwrap_or(Value::Null))
    }

    pub fn from_value(raw: Value) -> Event {
        let kind = if raw.is_object() {
            Kind::deserialize(&raw).unwrap_or_else(|_| Kind::Unknown(raw.clone()))
        } else {
            Kind::Unknown(raw.clone())
        };
        Event {
            source: field(&raw, "source"),
            mode: field(&raw, "mode"),
            reply_token: field(&raw, "replyToken"),
            webhook_event_id: field(&raw, "webhookEventId"),
            timestamp: field(&raw, "timestamp"),
            delivery_context: field(&raw, "deliveryContext"),
            kind,
            raw,
        }
    }

    /// The event's "type" as sent.
    pub fn type_name(&self) -> Option<&str> {
        self.raw.get("type").and_then(Value::as_str)
    }

    /// The user who acted, when LINE names them.
    pub fn user_id(&self) -> Option<&str> {
        self.source.as_ref()?.user_id()
    }

    /// The chat the event belongs to.
    pub fn chat(&self) -> Option<(ChatKind, &str)> {
        self.source.as_ref()?.chat()
    }

    /// The reply token the event leaves its chat: none in standby mode, where another channel
    /// owns the chat.
    pub fn reply_token_for_us(&self) -> Option<&str> {
        match self.mode {
            Some(Mode::Standby) => None,
            _ => self.reply_token.as_deref(),
        }
    }
}

impl<'de> Deserialize<'de> for Event {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        Value::deserialize(deserializer).map(Event::from_value)
    }
}
