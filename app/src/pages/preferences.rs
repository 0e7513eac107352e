use crate::api::preferences::{
    get_preferences, PreferencesView, SaveOrganisationDefaults, SavePreferences,
};
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::time_zone_select::TimeZoneSelect;
use crate::i18n::*;
use leptos::prelude::*;
use leptos_i18n::Locale as _;
use leptos_meta::Title;

/// Preferences: the reader's display language and time zone, and (administrators) the
/// organisation's defaults for people who chose neither.
#[component]
pub fn PreferencesPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.preferences).to_string()/>
        <Guarded path="/preferences"><PreferencesContent/></Guarded>
    }
}

#[component]
fn PreferencesContent() -> impl IntoView {
    let i18n = use_i18n();
    let mine = ServerAction::<SavePreferences>::new();
    let defaults = ServerAction::<SaveOrganisationDefaults>::new();
    let view_data = Resource::new(
        move || (mine.version().get(), defaults.version().get()),
        |_| get_preferences(),
    );
    // A saved language or zone changes every word and time on the page: load it again (with
    // JavaScript; without, the form post already comes back as a fresh page).
    for version in [mine.version(), defaults.version()] {
        let succeeded = move || {
            mine.value().with_untracked(|v| matches!(v, Some(Ok(_))))
                || defaults
                    .value()
                    .with_untracked(|v| matches!(v, Some(Ok(_))))
        };
        Effect::new(move |seen: Option<usize>| {
            let now = version.get();
            if seen.is_some_and(|s| s != now) && succeeded() {
                let _ = window().location().reload();
            }
            now
        });
    }
    view! {
        <div class="page-header">
            <h1>{t!(i18n, page.preferences)}</h1>
            <p class="muted">{t!(i18n, preferences.intro)}</p>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, preferences.loading)}</p> }>
            {move || Suspend::new(async move {
                match view_data.await {
                    Ok(data) => view! { <PreferenceForms data mine defaults/> }.into_any(),
                    Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn PreferenceForms(
    data: PreferencesView,
    mine: ServerAction<SavePreferences>,
    defaults: ServerAction<SaveOrganisationDefaults>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let organisation_zone = data
        .organisation
        .time_zone
        .clone()
        .unwrap_or_else(|| "UTC".to_string());
    let (my_zones, default_zones) = (data.zones.clone(), data.zones);
    let mine_form = view! {
        <section class="panel" aria-labelledby="mine-heading">
            <h2 id="mine-heading">{t!(i18n, preferences.mine)}</h2>
            <FormError error=general_error(mine.value())/>
            <ActionForm action=mine attr:class="form">
                <LanguageSelect
                    id="my-language"
                    chosen=data.mine.language.clone()
                    none=td_string!(locale, preferences.language_browser).to_string()
                    error=field_error(mine.value(), "language")
                />
                <ZoneSelect
                    id="my-time-zone"
                    zones=my_zones
                    chosen=data.mine.time_zone.clone()
                    none=td_string!(locale, preferences.zone_organisation, zone = organisation_zone).to_string()
                    error=field_error(mine.value(), "time_zone")
                />
                <button type="submit" class="button button--primary">{t!(i18n, preferences.save)}</button>
            </ActionForm>
        </section>
    };
    let defaults_form = data.may_set_defaults.then(|| view! {
        <section class="panel" aria-labelledby="defaults-heading">
            <h2 id="defaults-heading">{t!(i18n, preferences.organisation)}</h2>
            <p class="muted">{t!(i18n, preferences.organisation_intro)}</p>
            <FormError error=general_error(defaults.value())/>
            <ActionForm action=defaults attr:class="form">
                <LanguageSelect
                    id="default-language"
                    chosen=data.organisation.language.clone()
                    none=td_string!(locale, preferences.language_english).to_string()
                    error=field_error(defaults.value(), "language")
                />
                <ZoneSelect
                    id="default-time-zone"
                    zones=default_zones
                    chosen=data.organisation.time_zone.clone()
                    none="UTC".to_string()
                    error=field_error(defaults.value(), "time_zone")
                />
                <button type="submit" class="button">{t!(i18n, preferences.save_defaults)}</button>
            </ActionForm>
        </section>
    });
    view! { {mine_form} {defaults_form} }
}

/// The portal's languages, each named in itself; the first option is "not chosen".
#[component]
fn LanguageSelect(
    id: &'static str,
    chosen: Option<String>,
    none: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    let options = crate::labels::LANGUAGES
        .iter()
        .map(|(locale, name)| {
            let tag = locale.as_str();
            view! { <option value=tag selected=chosen.as_deref() == Some(tag)>{*name}</option> }
        })
        .collect_view();
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id>{t!(i18n, preferences.language)}</label>
            <select id=id name="language">
                <option value="">{none}</option>
                {options}
            </select>
            <p class="field__error" role="alert">{move || error.get()}</p>
        </div>
    }
}

/// The IANA zones the server knows, grouped by area; the first option is "not chosen".
#[component]
fn ZoneSelect(
    id: &'static str,
    zones: Vec<String>,
    chosen: Option<String>,
    none: String,
    error: Signal<Option<String>>,
) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <div class="field" class:field--invalid=move || error.get().is_some()>
            <label for=id>{t!(i18n, preferences.time_zone)}</label>
            <TimeZoneSelect id name="time_zone" current=chosen.unwrap_or_default() zones none/>
            <p class="field__error" role="alert">{move || error.get()}</p>
        </div>
    }
}
