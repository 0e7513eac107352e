use crate::components::guarded::Guarded;
use crate::session::SessionContext;
use domain::access::navigation;
use leptos::prelude::*;
use leptos_meta::Title;

#[component]
pub fn HomePage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    view! {
        <Title text="Home"/>
        <Guarded path="/">
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    session.me.await.ok().flatten().map(|user| {
                        let cards = navigation(user.role).filter(|page| page.path != "/").map(|page| {
                            let blurb = match page.path {
                                "/conversations" => "Answer LINE customers: every open conversation, newest first.",
                                "/contacts" => "Customers on record: search, edit, merge, and the LINE profiles linked to them.",
                                "/history" => "Every conversation you may read: search by customer, contact, agent, text, state and date.",
                                "/workstreams" => "Where LINE work goes: distribution, Set up LINE, operating hours, routing rules.",
                                "/queues" => "Queues, their members and priority.",
                                "/agents" => "Who is available, their load, capacity and skills.",
                                "/channels" => "Connect LINE Official Accounts: messaging accounts, callback URLs, webhooks.",
                                "/privacy" => "Region, and who acknowledged sharing data with LINE.",
                                "/users" => "Invite people, set their roles, disable accounts and reset passwords.",
                                "/audit" => "Every sign-in and configuration change: who, when, from where.",
                                _ => "",
                            };
                            view! {
                                <a class="card card--link" href=page.path>
                                    <p class="card__eyebrow">{page.section}</p>
                                    <h2>{page.label}</h2>
                                    <p class="muted">{blurb}</p>
                                </a>
                            }
                        }).collect_view();
                        view! {
                            <div class="page-header">
                                <h1>{format!("Welcome, {}", user.display_name)}</h1>
                                <p class="muted">{format!("You are signed in as {} ({}).", user.email, user.role.label())}</p>
                            </div>
                            <div class="card-grid">{cards}</div>
                        }
                    })
                })}
            </Suspense>
        </Guarded>
    }
}
