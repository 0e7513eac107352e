use crate::components::guarded::Guarded;
use crate::i18n::*;
use crate::session::SessionContext;
use domain::access::navigation;
use leptos::prelude::*;
use leptos_meta::Title;

/// What each page is for, on its Home card.
fn blurb(locale: Locale, path: &str) -> String {
    match path {
        "/conversations" => td_string!(locale, home.conversations).to_string(),
        "/contacts" => td_string!(locale, home.contacts).to_string(),
        "/history" => td_string!(locale, home.history).to_string(),
        "/workstreams" => td_string!(locale, home.workstreams).to_string(),
        "/queues" => td_string!(locale, home.queues).to_string(),
        "/agents" => td_string!(locale, home.agents).to_string(),
        "/insights/live" => td_string!(locale, home.insights_live).to_string(),
        "/insights/reports" => td_string!(locale, home.insights_reports).to_string(),
        "/channels" => td_string!(locale, home.channels).to_string(),
        "/privacy" => td_string!(locale, home.privacy).to_string(),
        "/users" => td_string!(locale, home.users).to_string(),
        "/audit" => td_string!(locale, home.audit).to_string(),
        "/system" => td_string!(locale, home.system).to_string(),
        "/preferences" => td_string!(locale, home.preferences).to_string(),
        _ => String::new(),
    }
}

#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.home).to_string()/>
        <Guarded path="/">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    session.me.await.ok().flatten().map(|user| {
                        let cards = navigation(user.role).filter(|page| page.path != "/").map(|page| {
                            view! {
                                <a class="card card--link" href=page.path>
                                    <p class="card__eyebrow">{move || crate::labels::section(i18n.get_locale(), page.section)}</p>
                                    <h2>{move || crate::labels::page(i18n.get_locale(), page.path)}</h2>
                                    <p class="muted">{move || blurb(i18n.get_locale(), page.path)}</p>
                                </a>
                            }
                        }).collect_view();
                        // Those who answer customers see their own day first.
                        let my_day = matches!(user.role, domain::Role::Agent | domain::Role::Supervisor)
                            .then(|| view! { <crate::components::my_day_card::MyDayCard/> });
                        view! {
                            <div class="page-header">
                                <h1>{t!(i18n, home.welcome, name = user.display_name.clone())}</h1>
                                <p class="muted">{t!(i18n, home.signed_in_as, email = user.email.clone(), role = move || crate::labels::role(i18n.get_locale(), user.role))}</p>
                            </div>
                            {my_day}
                            <div class="card-grid">{cards}</div>
                        }
                    })
                })}
            </Suspense>
        </Guarded>
    }
}
