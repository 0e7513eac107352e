//! What the server writes into files people download (CSV exports), in the reader's language:
//! the server crate does not compile the catalogues, so it asks here (`export` namespace).

use crate::i18n::*;

/// The audit log CSV's column headers, in `locale`. English keeps the machine-style names
/// exports have always had (`id,time_utc,…`); every language says the time is UTC.
pub fn audit_csv_columns(locale: Locale) -> Vec<String> {
    [
        td_string!(locale, export.audit.id).to_string(),
        td_string!(locale, export.audit.time_utc).to_string(),
        td_string!(locale, export.audit.actor).to_string(),
        td_string!(locale, export.audit.action).to_string(),
        td_string!(locale, export.audit.entity).to_string(),
        td_string!(locale, export.audit.entity_id).to_string(),
        td_string!(locale, export.audit.client_address).to_string(),
        td_string!(locale, export.audit.detail).to_string(),
    ]
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn audit_columns_in_english_stay_as_they_were_and_japanese_says_utc() {
        assert_eq!(
            audit_csv_columns(Locale::en).join(","),
            "id,time_utc,actor,action,entity,entity_id,client_address,detail"
        );
        let ja = audit_csv_columns(Locale::ja);
        assert_eq!(ja[1], "日時 (UTC)");
        for locale in [Locale::ja, Locale::th, Locale::zh_TW, Locale::it] {
            let columns = audit_csv_columns(locale);
            assert_eq!(columns.len(), 8);
            assert!(columns[1].contains("(UTC)"), "{locale:?}");
        }
    }
}
