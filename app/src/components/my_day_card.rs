use crate::api::insights::get_my_day;
use crate::counts::{grouped, tenths};
use crate::i18n::*;
use domain::insights::report::AgentFigures;
use leptos::prelude::*;

/// "My day" on Home: the signed-in agent's figures for today (their time zone).
#[component]
pub fn MyDayCard() -> impl IntoView {
    let figures = Resource::new(|| (), |_| get_my_day());
    let i18n = use_i18n();
    view! {
        <section class="panel my-day" data-testid="my-day" aria-labelledby="my-day-heading">
            <h2 id="my-day-heading">{t!(i18n, home.my_day)}</h2>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    figures.await.ok().map(|f| view! { <MyDayFigures figures=f/> })
                })}
            </Suspense>
            <p class="muted my-day-note">{t!(i18n, home.my_day_note)}</p>
        </section>
    }
}

#[component]
fn MyDayFigures(figures: AgentFigures) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let first_response = figures
        .first_response_median
        .map_or_else(|| "—".to_string(), crate::reader::duration);
    let rating = figures
        .rating_tenths()
        .map_or_else(|| "—".to_string(), |t| format!("{} / 5", tenths(locale, t)));
    view! {
        <dl class="tiles my-day-tiles">
            <div class="tile" data-testid="my-day-engaged"><dt>{t!(i18n, home.my_day_engaged)}</dt><dd>{grouped(locale, figures.engaged)}</dd></div>
            <div class="tile" data-testid="my-day-first-response"><dt>{t!(i18n, home.my_day_first_response)}</dt><dd>{first_response}</dd></div>
            <div class="tile" data-testid="my-day-rating"><dt>{t!(i18n, home.my_day_rating)}</dt><dd>{rating}</dd></div>
        </dl>
    }
}
