use crate::api::workstreams::UpdateOperatingHours;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::time_zone_select::TimeZoneSelect;
use crate::i18n::*;
use domain::operating_hours::{OperatingHours, DAY_FIELDS};
use leptos::prelude::*;

/// A weekday (0 = Monday, as `domain::operating_hours::DAY_LABELS`) in the reader's language.
pub fn day_name(locale: Locale, day: usize) -> &'static str {
    match day {
        0 => td_string!(locale, operating_hours.day.monday),
        1 => td_string!(locale, operating_hours.day.tuesday),
        2 => td_string!(locale, operating_hours.day.wednesday),
        3 => td_string!(locale, operating_hours.day.thursday),
        4 => td_string!(locale, operating_hours.day.friday),
        5 => td_string!(locale, operating_hours.day.saturday),
        _ => td_string!(locale, operating_hours.day.sunday),
    }
}

/// The workstream's operating hours: on/off, time zone, and one opening per weekday.
#[component]
pub fn OperatingHoursForm(
    workstream_id: i64,
    hours: OperatingHours,
    /// The time zones to choose from (`api::time_zones::list_time_zones`).
    zones: Vec<String>,
    action: ServerAction<UpdateOperatingHours>,
) -> impl IntoView {
    let i18n = use_i18n();
    let value = action.value();
    let zone_error = field_error(value, "time_zone");
    let zone_described = Signal::derive(move || {
        let error = zone_error
            .get()
            .map(|_| " field-time_zone-error")
            .unwrap_or_default();
        format!("field-time_zone-hint{error}")
    });
    let saved = move || {
        matches!(value.get(), Some(Ok(_)))
            .then(|| view! { <span class="ok-line" role="status">{t!(i18n, operating_hours.saved)}</span> })
    };
    view! {
        <section class="panel" data-testid="operating-hours">
            <h2>{t!(i18n, operating_hours.title)}</h2>
            <p class="muted">{t!(i18n, operating_hours.intro)}</p>
            <FormError error=general_error(value)/>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=workstream_id.to_string()/>
                <label class="checkbox"><input type="checkbox" name="enabled" checked=hours.enabled/>" "{t!(i18n, operating_hours.enabled)}</label>
                <div class="field" class:field--invalid=move || zone_error.get().is_some()>
                    <label for="field-time_zone">{t!(i18n, operating_hours.time_zone)}</label>
                    <TimeZoneSelect id="field-time_zone" name="time_zone" current=hours.time_zone.clone() zones
                        described_by=zone_described invalid=Signal::derive(move || zone_error.get().is_some())/>
                    <p class="field__hint" id="field-time_zone-hint">{t!(i18n, operating_hours.time_zone_hint)}</p>
                    <p class="field__error" id="field-time_zone-error" role="alert">{move || zone_error.get()}</p>
                </div>
                <div class="hours-grid">
                    {DAY_FIELDS.into_iter().enumerate().map(|(day, name)| view! {
                        <Field label=move || day_name(i18n.get_locale(), day).to_string() name=name value=hours.day_text(day)
                            placeholder=move || t_string!(i18n, operating_hours.closed).to_string()
                            error=field_error(value, name)/>
                    }).collect_view()}
                </div>
                <p class="field__hint">{t!(i18n, operating_hours.format_hint)}</p>
                <div class="button-row"><button type="submit" class="button button--secondary">{t!(i18n, operating_hours.save)}</button>{saved}</div>
            </ActionForm>
        </section>
    }
}
