//! Contacts: the organisation's record of a customer, linked to their LINE profiles, and the
//! customer summary agents see beside a conversation.

use crate::validation::check_email;
use crate::FieldErrors;
use crate::Problem;
use serde::{Deserialize, Serialize};

mod service;
pub use service::ContactService;

pub const CONTACT_NAME_MAX: usize = 200;
pub const PHONE_MAX: usize = 32;

/// How a contact's name is read (furigana for a Japanese name), matched by searches.
pub const READING_MAX: usize = 200;

/// Text as searches compare it: lower case, katakana as hiragana (ヤマダ and やまだ match).
pub fn search_fold(text: &str) -> String {
    text.to_lowercase()
        .chars()
        .map(|c| match c {
            // ァ (U+30A1) to ヶ (U+30F6) sit 0x60 above their hiragana; ヷ–ヺ and ー have none.
            '\u{30A1}'..='\u{30F6}' => char::from_u32(c as u32 - 0x60).unwrap_or(c),
            _ => c,
        })
        .collect()
}

/// What an agent types for a contact.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactInput {
    pub name: String,
    pub email: String,
    pub phone: String,
    /// How the name is read (furigana), for searching; optional.
    #[serde(default)]
    pub reading: String,
}

impl ContactInput {
    /// Trimmed, with empty optional fields as None.
    pub fn email(&self) -> Option<String> {
        Some(self.email.trim().to_ascii_lowercase()).filter(|e| !e.is_empty())
    }

    pub fn phone(&self) -> Option<String> {
        Some(self.phone.trim().to_string()).filter(|p| !p.is_empty())
    }

    pub fn reading(&self) -> Option<String> {
        Some(self.reading.trim().to_string()).filter(|r| !r.is_empty())
    }
}

pub fn check_contact(input: &ContactInput) -> FieldErrors {
    let mut errors = FieldErrors::new();
    let name = input.name.trim();
    if name.is_empty() {
        errors.add("name", Problem::EnterContactName);
    } else if name.chars().count() > CONTACT_NAME_MAX {
        errors.add(
            "name",
            Problem::AtMostChars {
                max: CONTACT_NAME_MAX,
            },
        );
    }
    if !input.email.trim().is_empty() {
        check_email(&input.email, &mut errors);
    }
    if input.reading.trim().chars().count() > READING_MAX {
        errors.add("reading", Problem::AtMostChars { max: READING_MAX });
    }
    let phone = input.phone.trim();
    if !phone.is_empty() {
        let digits = phone.chars().filter(char::is_ascii_digit).count();
        let allowed = phone
            .chars()
            .all(|c| c.is_ascii_digit() || " +-().".contains(c));
        if !allowed || digits < 5 || phone.len() > PHONE_MAX {
            errors.add("phone", Problem::PhoneLike);
        }
    }
    errors
}

/// A row of the contacts list and of link-search results.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactListItem {
    pub id: i64,
    pub name: String,
    pub reading: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub profiles: i64,
    pub conversations: i64,
    pub updated_at: i64,
}

/// A LINE profile as the customer panel shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProfileView {
    pub id: i64,
    pub account_name: String,
    pub line_user_id: String,
    pub display_name: Option<String>,
    pub picture_url: Option<String>,
    pub language: Option<String>,
    pub friend_since: Option<i64>,
    pub blocked: bool,
}

/// One earlier (or other) conversation in a customer summary.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct PastConversation {
    pub id: i64,
    pub account_name: String,
    pub opened_at: i64,
    pub closed_at: Option<i64>,
    pub state: crate::conversation::ConversationState,
    pub agent: Option<String>,
    pub rating: Option<i32>,
    pub messages: i64,
}

#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactView {
    pub id: i64,
    pub name: String,
    pub reading: Option<String>,
    pub email: Option<String>,
    pub phone: Option<String>,
    pub created_at: i64,
    pub updated_at: i64,
    pub profiles: Vec<ProfileView>,
    pub conversations: Vec<PastConversation>,
}

/// Beside a conversation: who the customer is and what happened before.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerPanel {
    pub conversation_id: i64,
    pub profile: Option<ProfileView>,
    pub contact: Option<ContactListItem>,
    /// The customer's other conversations (by contact, else by LINE profile), newest first.
    pub previous: Vec<PastConversation>,
    /// The viewer may link, create or unlink (not once the conversation's account is gone).
    pub can_link: bool,
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(name: &str, email: &str, phone: &str) -> ContactInput {
        ContactInput {
            name: name.into(),
            email: email.into(),
            phone: phone.into(),
            reading: String::new(),
        }
    }

    #[test]
    fn contact_rules() {
        assert!(check_contact(&input("Aiko Tanaka", "", "")).is_empty());
        assert!(check_contact(&input("Aiko", "aiko@example.jp", "+81 3-1234-5678")).is_empty());
        let errors = check_contact(&input(" ", "not-an-email", "call me"));
        assert!(errors.get("name").is_some());
        assert!(errors.get("email").is_some());
        assert!(errors.get("phone").is_some());
        assert_eq!(
            input("a", " A@B.JP ", "").email().as_deref(),
            Some("a@b.jp")
        );
        assert_eq!(input("a", " ", "").email(), None);
        let long = ContactInput {
            reading: "や".repeat(READING_MAX + 1),
            ..input("山田", "", "")
        };
        assert!(check_contact(&long).get("reading").is_some());
    }

    #[test]
    fn searches_fold_case_and_katakana() {
        assert_eq!(search_fold("ヤマダ タロウ"), "やまだ たろう");
        assert_eq!(search_fold("やまだ"), "やまだ");
        assert_eq!(search_fold("Aiko ヴァン"), "aiko ゔぁん");
        assert_eq!(search_fold("ラーメン"), "らーめん");
        assert_eq!(search_fold("山田"), "山田");
    }
}

/// What erasing a data subject does to the contact linked to them, as the administrator
/// chooses in the erase form.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ErasedContact {
    /// The contact stays (it may describe the person elsewhere); the erased LINE user and their
    /// conversations no longer point to it.
    #[default]
    Unlink,
    /// The contact record goes too; its other LINE profiles and conversations are unlinked.
    Erase,
}

impl ErasedContact {
    pub fn as_str(self) -> &'static str {
        match self {
            ErasedContact::Unlink => "unlink",
            ErasedContact::Erase => "erase",
        }
    }

    /// The form's value ("unlink" or "erase").
    pub fn parse(value: &str) -> Option<Self> {
        [ErasedContact::Unlink, ErasedContact::Erase]
            .into_iter()
            .find(|c| c.as_str() == value.trim())
    }
}
