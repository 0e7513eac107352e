//! Counts in words, in the reader's language. leptos_i18n's plurals are off (keys named `_one`
//! or `_other` break the build), so each text has a `single` and a `many` (or `plural`) key and
//! these functions pick one: 1 takes `single`, every other count (0 too) takes `many`. The
//! languages without plural forms (ja, th, zh-TW) say both the same way.

use crate::i18n::*;
use crate::labels::fill;
use domain::privacy::PurgeCounts;

/// "1 message", "3 messages" (past conversations in the customer panel and on a contact).
pub fn message_count(locale: Locale, count: i64) -> String {
    let template = if count == 1 {
        td_string!(locale, past_conversations.one_message)
    } else {
        td_string!(locale, past_conversations.many_messages)
    };
    fill(template, &[("count", &count.to_string())])
}

/// "3 conversations, 12 messages, 1 file": what a retention run purged or would purge.
pub fn purge_counts(locale: Locale, c: PurgeCounts) -> String {
    let count = |n: i64, single: &str, many: &str| {
        fill(
            if n == 1 { single } else { many },
            &[("count", &n.to_string())],
        )
    };
    let conversations = count(
        c.conversations,
        td_string!(locale, privacy.count.conversations_single),
        td_string!(locale, privacy.count.conversations_plural),
    );
    let messages = count(
        c.messages,
        td_string!(locale, privacy.count.messages_single),
        td_string!(locale, privacy.count.messages_plural),
    );
    let files = count(
        c.attachments,
        td_string!(locale, privacy.count.files_single),
        td_string!(locale, privacy.count.files_plural),
    );
    fill(
        td_string!(locale, privacy.count.all),
        &[
            ("conversations", &conversations),
            ("messages", &messages),
            ("files", &files),
        ],
    )
}

/// History's result line: "21 conversations · page 1 of 2".
pub fn history_summary(locale: Locale, total: i64, page: u32, pages: u32) -> String {
    if total == 1 {
        td_string!(
            locale,
            history.summary_single,
            total = total,
            page = page,
            pages = pages
        )
        .to_string()
    } else {
        td_string!(
            locale,
            history.summary_plural,
            total = total,
            page = page,
            pages = pages
        )
        .to_string()
    }
}

/// The Channels card: "2 accounts".
pub fn account_count(locale: Locale, count: usize) -> String {
    if count == 1 {
        td_string!(locale, channels.count_single, count = count).to_string()
    } else {
        td_string!(locale, channels.count_many, count = count).to_string()
    }
}

/// What deleting a workstream does, with how many open conversations stay.
pub fn workstream_delete_body(locale: Locale, with_channel: bool, open: i64) -> String {
    match (with_channel, open == 1) {
        (true, true) => {
            td_string!(locale, workstream.delete_body.channel_single, count = open).to_string()
        }
        (true, false) => {
            td_string!(locale, workstream.delete_body.channel_many, count = open).to_string()
        }
        (false, true) => {
            td_string!(locale, workstream.delete_body.single, count = open).to_string()
        }
        (false, false) => td_string!(locale, workstream.delete_body.many, count = open).to_string(),
    }
}

/// A unit test per language: the count words for 0, 1, 2, 5 and 21 items, and a date.
/// A whole number with the reader's digit grouping: 12,345 (Italian 12.345).
pub fn grouped(locale: Locale, n: i64) -> String {
    let separator = if locale == Locale::it { '.' } else { ',' };
    let digits = n.unsigned_abs().to_string();
    let mut out = String::new();
    for (i, digit) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(separator);
        }
        out.push(digit);
    }
    if n < 0 {
        out.insert(0, '-');
    }
    out
}

/// A number given in tenths, written with one decimal as the reader writes it: 4.3 (Italian 4,3).
pub fn tenths(locale: Locale, tenths: i64) -> String {
    let point = if locale == Locale::it { ',' } else { '.' };
    format!("{}{point}{}", tenths / 10, tenths % 10)
}

#[cfg(test)]
mod tests {
    use super::*;
    use domain::time::{format_local, ZoneTable};
    use leptos_i18n::Locale as _;

    const COUNTS: [i64; 5] = [0, 1, 2, 5, 21];
    /// 2026-12-06 05:05 UTC: 14:05 in Tokyo.
    const WHEN: i64 = 1_796_533_500_000;

    fn tokyo() -> ZoneTable {
        ZoneTable {
            name: "Asia/Tokyo".into(),
            spans: vec![(0, 9 * 3600)],
        }
    }

    /// Every count function for every count, in `locale`, against `expected`.
    struct Expected<'a> {
        messages: [&'a str; 5],
        accounts: [&'a str; 5],
        history: [&'a str; 5],
        /// PurgeCounts with the same count of conversations, messages and files.
        purged: [&'a str; 5],
        /// The part of the workstream delete text that carries the count.
        open: [&'a str; 5],
        date: &'a str,
    }

    fn check(locale: Locale, expected: Expected) {
        for (i, n) in COUNTS.into_iter().enumerate() {
            assert_eq!(message_count(locale, n), expected.messages[i], "{n}");
            assert_eq!(
                account_count(locale, n as usize),
                expected.accounts[i],
                "{n}"
            );
            assert_eq!(history_summary(locale, n, 1, 2), expected.history[i], "{n}");
            let counts = PurgeCounts {
                conversations: n,
                messages: n,
                attachments: n,
            };
            assert_eq!(purge_counts(locale, counts), expected.purged[i], "{n}");
            for with_channel in [true, false] {
                let body = workstream_delete_body(locale, with_channel, n);
                assert!(body.contains(expected.open[i]), "{n}: {body}");
            }
        }
        assert_eq!(format_local(locale.as_str(), &tokyo(), WHEN), expected.date);
    }

    #[test]
    fn english_counts_and_date() {
        check(
            Locale::en,
            Expected {
                messages: [
                    "0 messages",
                    "1 message",
                    "2 messages",
                    "5 messages",
                    "21 messages",
                ],
                accounts: [
                    "0 accounts",
                    "1 account",
                    "2 accounts",
                    "5 accounts",
                    "21 accounts",
                ],
                history: [
                    "0 conversations · page 1 of 2",
                    "1 conversation · page 1 of 2",
                    "2 conversations · page 1 of 2",
                    "5 conversations · page 1 of 2",
                    "21 conversations · page 1 of 2",
                ],
                purged: [
                    "0 conversations, 0 messages, 0 files",
                    "1 conversation, 1 message, 1 file",
                    "2 conversations, 2 messages, 2 files",
                    "5 conversations, 5 messages, 5 files",
                    "21 conversations, 21 messages, 21 files",
                ],
                open: [
                    "0 open conversations and",
                    "1 open conversation and",
                    "2 open conversations and",
                    "5 open conversations and",
                    "21 open conversations and",
                ],
                date: "2026-12-06 14:05",
            },
        );
    }

    #[test]
    fn japanese_counts_and_date() {
        check(
            Locale::ja,
            Expected {
                messages: [
                    "メッセージ 0 件",
                    "メッセージ 1 件",
                    "メッセージ 2 件",
                    "メッセージ 5 件",
                    "メッセージ 21 件",
                ],
                accounts: [
                    "0 件のアカウント",
                    "1 件のアカウント",
                    "2 件のアカウント",
                    "5 件のアカウント",
                    "21 件のアカウント",
                ],
                history: [
                    "会話 0 件 · 2 ページ中 1 ページ目",
                    "会話 1 件 · 2 ページ中 1 ページ目",
                    "会話 2 件 · 2 ページ中 1 ページ目",
                    "会話 5 件 · 2 ページ中 1 ページ目",
                    "会話 21 件 · 2 ページ中 1 ページ目",
                ],
                purged: [
                    "会話 0 件、メッセージ 0 件、ファイル 0 件",
                    "会話 1 件、メッセージ 1 件、ファイル 1 件",
                    "会話 2 件、メッセージ 2 件、ファイル 2 件",
                    "会話 5 件、メッセージ 5 件、ファイル 5 件",
                    "会話 21 件、メッセージ 21 件、ファイル 21 件",
                ],
                open: [
                    "未完了の会話 0 件",
                    "未完了の会話 1 件",
                    "未完了の会話 2 件",
                    "未完了の会話 5 件",
                    "未完了の会話 21 件",
                ],
                date: "2026年12月6日 14:05",
            },
        );
    }

    #[test]
    fn thai_counts_and_date() {
        check(
            Locale::th,
            Expected {
                messages: ["0 ข้อความ", "1 ข้อความ", "2 ข้อความ", "5 ข้อความ", "21 ข้อความ"],
                accounts: ["0 บัญชี", "1 บัญชี", "2 บัญชี", "5 บัญชี", "21 บัญชี"],
                history: [
                    "การสนทนา 0 รายการ · หน้า 1 จาก 2",
                    "การสนทนา 1 รายการ · หน้า 1 จาก 2",
                    "การสนทนา 2 รายการ · หน้า 1 จาก 2",
                    "การสนทนา 5 รายการ · หน้า 1 จาก 2",
                    "การสนทนา 21 รายการ · หน้า 1 จาก 2",
                ],
                purged: [
                    "การสนทนา 0 รายการ, ข้อความ 0 รายการ, ไฟล์ 0 ไฟล์",
                    "การสนทนา 1 รายการ, ข้อความ 1 รายการ, ไฟล์ 1 ไฟล์",
                    "การสนทนา 2 รายการ, ข้อความ 2 รายการ, ไฟล์ 2 ไฟล์",
                    "การสนทนา 5 รายการ, ข้อความ 5 รายการ, ไฟล์ 5 ไฟล์",
                    "การสนทนา 21 รายการ, ข้อความ 21 รายการ, ไฟล์ 21 ไฟล์",
                ],
                open: [
                    "การสนทนาที่เปิดอยู่ 0 รายการ",
                    "การสนทนาที่เปิดอยู่ 1 รายการ",
                    "การสนทนาที่เปิดอยู่ 2 รายการ",
                    "การสนทนาที่เปิดอยู่ 5 รายการ",
                    "การสนทนาที่เปิดอยู่ 21 รายการ",
                ],
                // The Buddhist era: 2026 + 543.
                date: "6/12/2569 14:05",
            },
        );
    }

    #[test]
    fn traditional_chinese_counts_and_date() {
        check(
            Locale::zh_TW,
            Expected {
                messages: ["0 則訊息", "1 則訊息", "2 則訊息", "5 則訊息", "21 則訊息"],
                accounts: ["0 個帳戶", "1 個帳戶", "2 個帳戶", "5 個帳戶", "21 個帳戶"],
                history: [
                    "0 個交談 · 第 1 頁，共 2 頁",
                    "1 個交談 · 第 1 頁，共 2 頁",
                    "2 個交談 · 第 1 頁，共 2 頁",
                    "5 個交談 · 第 1 頁，共 2 頁",
                    "21 個交談 · 第 1 頁，共 2 頁",
                ],
                purged: [
                    "0 個交談、0 則訊息、0 個檔案",
                    "1 個交談、1 則訊息、1 個檔案",
                    "2 個交談、2 則訊息、2 個檔案",
                    "5 個交談、5 則訊息、5 個檔案",
                    "21 個交談、21 則訊息、21 個檔案",
                ],
                open: [
                    "0 個進行中的交談",
                    "1 個進行中的交談",
                    "2 個進行中的交談",
                    "5 個進行中的交談",
                    "21 個進行中的交談",
                ],
                date: "2026/12/6 14:05",
            },
        );
    }

    #[test]
    fn italian_counts_and_date() {
        check(
            Locale::it,
            Expected {
                messages: [
                    "0 messaggi",
                    "1 messaggio",
                    "2 messaggi",
                    "5 messaggi",
                    "21 messaggi",
                ],
                accounts: [
                    "0 account",
                    "1 account",
                    "2 account",
                    "5 account",
                    "21 account",
                ],
                history: [
                    "0 conversazioni · pagina 1 di 2",
                    "1 conversazione · pagina 1 di 2",
                    "2 conversazioni · pagina 1 di 2",
                    "5 conversazioni · pagina 1 di 2",
                    "21 conversazioni · pagina 1 di 2",
                ],
                purged: [
                    "0 conversazioni, 0 messaggi, 0 file",
                    "1 conversazione, 1 messaggio, 1 file",
                    "2 conversazioni, 2 messaggi, 2 file",
                    "5 conversazioni, 5 messaggi, 5 file",
                    "21 conversazioni, 21 messaggi, 21 file",
                ],
                open: [
                    "0 conversazioni aperte",
                    "1 conversazione aperta",
                    "2 conversazioni aperte",
                    "5 conversazioni aperte",
                    "21 conversazioni aperte",
                ],
                date: "6/12/2026 14:05",
            },
        );
    }

    #[test]
    fn counts_are_grouped_by_thousands_as_the_reader_writes_them() {
        assert_eq!(grouped(Locale::en, 1_234_567), "1,234,567");
        assert_eq!(grouped(Locale::it, 12_345), "12.345");
        assert_eq!(grouped(Locale::ja, 999), "999");
        assert_eq!(grouped(Locale::en, -1_000), "-1,000");
        assert_eq!(tenths(Locale::en, 43), "4.3");
        assert_eq!(tenths(Locale::it, 43), "4,3");
    }
}
