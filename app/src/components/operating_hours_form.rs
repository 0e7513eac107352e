use crate::api::workstreams::UpdateOperatingHours;
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use domain::operating_hours::{format_offset, OperatingHours, DAY_FIELDS, DAY_LABELS};
use leptos::prelude::*;

/// The workstream's operating hours: on/off, time zone, and one opening per weekday.
#[component]
pub fn OperatingHoursForm(
    workstream_id: i64,
    hours: OperatingHours,
    action: ServerAction<UpdateOperatingHours>,
) -> impl IntoView {
    let value = action.value();
    let saved = move || {
        matches!(value.get(), Some(Ok(_)))
            .then(|| view! { <span class="ok-line" role="status">"Operating hours saved."</span> })
    };
    view! {
        <section class="panel" data-testid="operating-hours">
            <h2>"Operating hours"</h2>
            <p class="muted">"Outside these hours a customer who writes gets the Out of operating hours automated message instead of the greeting; the conversation still waits in its queue."</p>
            <FormError error=general_error(value)/>
            <ActionForm action=action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=workstream_id.to_string()/>
                <label class="checkbox"><input type="checkbox" name="enabled" checked=hours.enabled/>" Use operating hours"</label>
                <Field label="Time zone (offset from UTC)" name="utc_offset" value=format_offset(hours.utc_offset_minutes)
                    hint="For example +09:00 for Japan, +07:00 for Thailand." error=field_error(value, "utc_offset")/>
                <div class="hours-grid">
                    {DAY_FIELDS.into_iter().enumerate().map(|(day, name)| view! {
                        <Field label=DAY_LABELS[day] name=name value=hours.day_text(day) placeholder="Closed"
                            error=field_error(value, name)/>
                    }).collect_view()}
                </div>
                <p class="field__hint">"Hours as HH:MM-HH:MM, for example 09:00-18:00; empty means closed all day."</p>
                <div class="button-row"><button type="submit" class="button button--secondary">"Save operating hours"</button>{saved}</div>
            </ActionForm>
        </section>
    }
}
