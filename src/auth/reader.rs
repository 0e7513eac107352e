//! What every page render needs to speak to its reader: the organisation's default language and
//! time zone (the person's own choices travel with their user row). Read on every request, so
//! kept in a short cache that a settings write empties.

use crate::db::{generation, settings, Db};
use crate::short_cache::ShortCache;
use domain::user::OrganisationDefaults;
use std::sync::LazyLock;

pub const DEFAULT_LANGUAGE: &str = "default_language";
pub const DEFAULT_TIME_ZONE: &str = "default_time_zone";

static CACHE: LazyLock<ShortCache<(), OrganisationDefaults>> =
    LazyLock::new(|| ShortCache::new(&generation::SETTINGS, 1));

/// The organisation's defaults; none set (or the database unreachable) reads as none.
pub async fn organisation_defaults(db: &Db) -> OrganisationDefaults {
    if let Some(found) = CACHE.get(&()) {
        return found;
    }
    let read_in = generation::SETTINGS.current();
    match read_organisation_defaults(db).await {
        Ok(defaults) => {
            CACHE.remember((), read_in, defaults.clone());
            defaults
        }
        Err(err) => {
            tracing::warn!(error = %err, "could not read the organisation's defaults");
            OrganisationDefaults::default()
        }
    }
}

/// The stored defaults, uncached (an empty value means none chosen).
pub async fn read_organisation_defaults(db: &Db) -> sqlx::Result<OrganisationDefaults> {
    let read = |key| async move {
        Ok::<_, sqlx::Error>(
            settings::get(&db.pool, key)
                .await?
                .filter(|value| !value.is_empty()),
        )
    };
    Ok(OrganisationDefaults {
        language: read(DEFAULT_LANGUAGE).await?,
        time_zone: read(DEFAULT_TIME_ZONE).await?,
    })
}
