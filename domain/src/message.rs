//! Message rules shared by the composer and the server.

/// LINE's limit for one text message.
pub const TEXT_MAX: usize = 5000;
/// LINE's limit for messages in one reply or push call.
pub const MESSAGES_PER_CALL: usize = 5;

/// Splits `text` into pieces of at most `max` characters, breaking after whitespace where it
/// can (never inside a word unless one word alone is longer than `max`).
pub fn split_text(text: &str, max: usize) -> Vec<String> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
