//! Message rules shared by the composer and the server.

use serde::{Deserialize, Serialize};

/// LINE's limit for one text message.
pub const TEXT_MAX: usize = 5000;
/// LINE's limit for messages in one reply or push call.
pub const MESSAGES_PER_CALL: usize = 5;

/// Splits `text` into pieces of at most `max` characters, breaking after whitespace where it
/// can (never inside a word unless one word alone is longer than `max`).
pub fn split_text(text: &str, max: usize) -> Vec<String> {
    // A zero limit would never make progress.
    let max = max.max(1);
    let mut pieces = Vec::new();
    let mut rest: &str = text;
    while rest.chars().count() > max {
        // Byte index just past `max` characters.
        let limit = rest
            .char_indices()
            .nth(max)
            .map(|(i, _)| i)
            .unwrap_or(rest.len());
        let window = &rest[..limit];
        let cut = window
            .char_indices()
            .rev()
            .find(|(_, c)| c.is_whitespace())
            .map(|(i, c)| i + c.len_utf8())
            .filter(|&i| i > 0)
            .unwrap_or(limit);
        pieces.push(rest[..cut].trim_end().to_string());
        rest = rest[cut..].trim_start();
    }
    if !rest.is_empty() || pieces.is_empty() {
        pieces.push(rest.to_string());
    }
    pieces
}

/// What a customer's LINE message shows beyond its text: a sticker's image, a place on a map,
/// or text with LINE emojis drawn as images.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum Rich {
    Sticker {
        image_url: String,
        package_id: String,
        sticker_id: String,
        /// Text the customer typed with the sticker, or its keywords.
        caption: Option<String>,
    },
    Place {
        title: Option<String>,
        address: Option<String>,
        map_url: String,
    },
    Text(Vec<TextPart>),
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub enum TextPart {
    Text(String),
    Emoji {
        image_url: String,
        alt: String,
    },
    /// "@name" in a group: `is_self` when it names this account's bot (the desk).
    Mention {
        text: String,
        is_self: bool,
    },
}

/// Whether a customer's message mentions the account's bot (`mention.mentionees[].isSelf`).
pub fn mentions_bot(payload: &serde_json::Value) -> bool {
    payload["mention"]["mentionees"]
        .as_array()
        .is_some_and(|m| m.iter().any(|m| m["isSelf"] == true))
}

/// The rich part of an inbound LINE message payload, if it has one.
pub fn rich_content(kind: &str, payload: &serde_json::Value) -> Option<Rich> {
    let str_of = |key: &str| payload[key].as_str().map(str::to_owned);
    match kind {
        "sticker" => {
            let sticker_id = str_of("stickerId")?;
            let caption = str_of("text").or_else(|| {
                let words: Vec<&str> = payload["keywords"]
                    .as_array()?
                    .iter()
                    .filter_map(|k| k.as_str())
                    .take(3)
                    .collect();
                (!words.is_empty()).then(|| words.join(", "))
            });
            Some(Rich::Sticker {
                image_url: format!(
                    "https://stickershop.line-scdn.net/stickershop/v1/sticker/{sticker_id}/android/sticker.png"
                ),
                package_id: str_of("packageId").unwrap_or_default(),
                sticker_id,
                caption,
            })
        }
        "location" => {
            let (lat, lon) = (
                payload["latitude"].as_f64()?,
                payload["longitude"].as_f64()?,
            );
            Some(Rich::Place {
                title: str_of("title"),
                address: str_of("address"),
                map_url: format!(
                    "https://www.openstreetmap.org/?mlat={lat}&mlon={lon}#map=17/{lat}/{lon}"
                ),
            })
        }
        "text" => {
            let none = Vec::new();
            let emojis = payload["emojis"].as_array().unwrap_or(&none);
            let mentions = payload["mention"]["mentionees"].as_array().unwrap_or(&none);
            if emojis.is_empty() && mentions.is_empty() {
                return None;
            }
            Some(Rich::Text(text_parts(
                payload["text"].as_str()?,
                emojis,
                mentions,
            )))
        }
        _ => None,
    }
}

/// What sits at a span of a text message.
enum Span {
    Emoji(String),
    Mention { is_self: bool },
}

/// Splits text at LINE emoji and mention positions (UTF-16 index and length, as LINE counts
/// them); a span outside the text, or overlapping an earlier one, is ignored rather than trusted.
fn text_parts(
    text: &str,
    emojis: &[serde_json::Value],
    mentions: &[serde_json::Value],
) -> Vec<TextPart> {
    let units: Vec<u16> = text.encode_utf16().collect();
    let at_of = |e: &serde_json::Value| -> Option<(usize, usize)> {
        let index = usize::try_from(e["index"].as_u64()?).ok()?;
        let length = usize::try_from(e["length"].as_u64()?).ok()?;
        (index + length <= units.len() && length > 0).then_some((index, length))
    };
    let mut spans: Vec<(usize, usize, Span)> = emojis
        .iter()
        .filter_map(|e| {
            let (index, length) = at_of(e)?;
            let url = format!(
                "https://stickershop.line-scdn.net/sticonshop/v1/sticon/{}/android/{}.png",
                e["productId"].as_str()?,
                e["emojiId"].as_str()?
            );
            Some((index, length, Span::Emoji(url)))
        })
        .chain(mentions.iter().filter_map(|m| {
            let (index, length) = at_of(m)?;
            let is_self = m["isSelf"] == true;
            Some((index, length, Span::Mention { is_self }))
        }))
        .collect();
    spans.sort_by_key(|s| s.0);
    let mut parts = Vec::new();
    let mut at = 0;
    for (index, length, span) in spans {
        if index < at {
            continue;
        }
        if index > at {
            parts.push(TextPart::Text(String::from_utf16_lossy(&units[at..index])));
        }
        let text = String::from_utf16_lossy(&units[index..index + length]);
        parts.push(match span {
            Span::Emoji(image_url) => TextPart::Emoji {
                image_url,
                alt: text,
            },
            Span::Mention { is_self } => TextPart::Mention { text, is_self },
        });
        at = index + length;
    }
    if at < units.len() {
        parts.push(TextPart::Text(String::from_utf16_lossy(&units[at..])));
    }
    parts
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn rich_content_of_stickers_places_and_emojis() {
        let sticker = serde_json::json!({"type": "sticker", "packageId": "1", "stickerId": "52002734", "keywords": ["bed", "sleep"]});
        match rich_content("sticker", &sticker) {
            Some(Rich::Sticker {
                image_url, caption, ..
            }) => {
                assert!(image_url.contains("/sticker/52002734/"));
                assert_eq!(caption.as_deref(), Some("bed, sleep"));
            }
            other => panic!("{other:?}"),
        }
        let place = serde_json::json!({"title": "Shibuya", "address": "Tokyo", "latitude": 35.659, "longitude": 139.703});
        match rich_content("location", &place) {
            Some(Rich::Place { map_url, .. }) => assert!(map_url.contains("mlat=35.659")),
            other => panic!("{other:?}"),
        }
        let text = serde_json::json!({"text": "Hi $ and $!", "emojis": [
            {"index": 3, "length": 1, "productId": "p", "emojiId": "001"},
            {"index": 9, "length": 1, "productId": "p", "emojiId": "002"},
            {"index": 40, "length": 6, "productId": "p", "emojiId": "003"}]});
        let Some(Rich::Text(parts)) = rich_content("text", &text) else {
            panic!()
        };
        assert_eq!(parts.len(), 5);
        assert_eq!(parts[0], TextPart::Text("Hi ".into()));
        assert!(
            matches!(&parts[1], TextPart::Emoji { image_url, .. } if image_url.ends_with("/p/android/001.png"))
        );
        assert_eq!(parts[4], TextPart::Text("!".into()));
        assert!(rich_content("text", &serde_json::json!({"text": "plain"})).is_none());
    }

    #[test]
    fn mentions_are_found_by_utf16_position() {
        // "😀" is two UTF-16 units: the mention after it starts at 3, as LINE counts.
        let text = serde_json::json!({"text": "😀 @サポート お願いします @Ken", "mention": {"mentionees": [
            {"index": 3, "length": 5, "type": "user", "isSelf": true},
            {"index": 16, "length": 4, "type": "user", "userId": "U1", "isSelf": false},
            {"index": 90, "length": 4, "type": "user"}]}});
        let Some(Rich::Text(parts)) = rich_content("text", &text) else {
            panic!()
        };
        assert_eq!(
            parts,
            vec![
                TextPart::Text("😀 ".into()),
                TextPart::Mention {
                    text: "@サポート".into(),
                    is_self: true
                },
                TextPart::Text(" お願いします ".into()),
                TextPart::Mention {
                    text: "@Ken".into(),
                    is_self: false
                },
            ]
        );
        assert!(mentions_bot(&text));
        assert!(!mentions_bot(&serde_json::json!({"text": "hi"})));
    }

    #[test]
    fn short_text_is_one_piece() {
        assert_eq!(split_text("hello", 10), vec!["hello"]);
    }

    #[test]
    fn splits_on_word_boundaries() {
        let pieces = split_text("aaa bbb ccc ddd", 8);
        assert_eq!(pieces, vec!["aaa bbb", "ccc ddd"]);
        for piece in &pieces {
            assert!(piece.chars().count() <= 8);
        }
    }

    #[test]
    fn a_word_longer_than_the_limit_is_cut() {
        assert_eq!(split_text("abcdefghij", 4), vec!["abcd", "efgh", "ij"]);
    }

    #[test]
    fn long_texts_keep_every_word_and_respect_the_limit() {
        let words: Vec<String> = (0..3000).map(|i| format!("word{i}")).collect();
        let text = words.join(" ");
        let pieces = split_text(&text, TEXT_MAX);
        assert!(pieces.len() >= 4);
        assert!(pieces.iter().all(|p| p.chars().count() <= TEXT_MAX));
        assert_eq!(pieces.join(" "), text);
    }

    #[test]
    fn multibyte_text_is_counted_in_characters() {
        let text = "あ".repeat(7);
        assert_eq!(split_text(&text, 3), vec!["あああ", "あああ", "あ"]);
    }
}
