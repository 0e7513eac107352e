use leptos::prelude::*;

/// A `<select>` of time zones: `UTC` first, then the IANA zones grouped by area
/// (`Europe` › `Europe/Rome`), the current one selected. A plain form field, so it works
/// without JavaScript. A current value the list lacks (a fixed offset kept by migration 0016,
/// `UTC+05:30`, or an old alias such as `Japan`) is offered first, so saving keeps it.
#[component]
pub fn TimeZoneSelect(
    /// The element id (for the label's `for`).
    id: &'static str,
    /// The form field name.
    name: &'static str,
    /// The stored zone.
    current: String,
    /// What the server's database offers (`api::time_zones::list_time_zones`).
    zones: Vec<String>,
    #[prop(optional, into)] described_by: Option<Signal<String>>,
    #[prop(optional, into)] invalid: Option<Signal<bool>>,
    /// A first option meaning "not chosen" (value ""), with this text; chosen when `current` is
    /// empty.
    #[prop(optional)]
    none: Option<String>,
) -> impl IntoView {
    let none =
        none.map(|text| view! { <option value="" selected=current.is_empty()>{text}</option> });
    let extra = (!current.is_empty() && !zones.contains(&current)).then(|| {
        let value = current.clone();
        view! { <option value=value.clone() selected=true>{value.clone()}</option> }
    });
    // Zones without an area (`UTC`) stand alone; the rest go under their area, in list order.
    let mut loose = Vec::new();
    let mut groups: Vec<(String, Vec<String>)> = Vec::new();
    for zone in zones {
        match zone.split_once('/') {
            Some((area, _)) => match groups.last_mut() {
                Some((last, members)) if last == area => members.push(zone.clone()),
                _ => groups.push((area.to_string(), vec![zone.clone()])),
            },
            None => loose.push(zone),
        }
    }
    let option = {
        let current = current.clone();
        move |zone: String| {
            let selected = zone == current;
            view! { <option value=zone.clone() selected=selected>{zone.clone()}</option> }
        }
    };
    let loose = loose.into_iter().map(option.clone()).collect_view();
    let groups = groups
        .into_iter()
        .map(|(area, members)| {
            let options = members.into_iter().map(option.clone()).collect_view();
            view! { <optgroup label=area>{options}</optgroup> }
        })
        .collect_view();
    view! {
        <select
            id=id
            name=name
            class="time-zone-select"
            aria-describedby=move || described_by.map(|d| d.get())
            aria-invalid=move || invalid.map(|i| i.get().to_string())
        >
            {none}
            {extra}
            {loose}
            {groups}
        </select>
    }
}
