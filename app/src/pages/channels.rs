use crate::api::accounts::{get_region, list_accounts};
use crate::components::guarded::Guarded;
use domain::account::{Region, GOVERNMENT_REGION_REASON};
use leptos::prelude::*;
use leptos_meta::Title;

/// Customer support > Channels: one card per kind of channel (LINE messaging accounts today).
#[component]
pub fn ChannelsPage() -> impl IntoView {
    view! {
        <Title text="Channels"/>
        <Guarded path="/channels"><ChannelsContent/></Guarded>
    }
}

#[component]
fn ChannelsContent() -> impl IntoView {
    let accounts = Resource::new(|| (), |_| list_accounts());
    let region = Resource::new(|| (), |_| get_region());
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Customer support"</p>
            <h1>"Channels"</h1>
            <p class="muted">"Connect the messaging channels your customers use."</p>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                (region.await == Ok(Region::Government)).then(|| view! {
                    <div class="alert alert--info" role="status">{GOVERNMENT_REGION_REASON}</div>
                })
            })}
        </Suspense>
        <div class="card-grid">
            <section class="card channel-card">
                <div class="channel-card__head">
                    <span class="line-logo" aria-hidden="true">"LINE"</span>
                    <div>
                        <h2>"Messaging accounts"</h2>
                        <p class="muted">"LINE Official Accounts connected through the Messaging API."</p>
                    </div>
                </div>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        let list = accounts.await.unwrap_or_default();
                        let live = list.iter().filter(|a| a.status != domain::account::AccountStatus::Draft).count();
                        view! { <p class="channel-card__count">{format!("{live} account{}", if live == 1 { "" } else { "s" })}</p> }
                    })}
                </Suspense>
                <a class="button button--primary" href="/channels/accounts">"Manage"</a>
            </section>
            <section class="card channel-card">
                <div class="channel-card__head">
                    <span class="line-logo" aria-hidden="true">"WS"</span>
                    <div>
                        <h2>"Workstreams"</h2>
                        <p class="muted">"Set up LINE on a workstream: language, automated messages, survey, file rules and work distribution."</p>
                    </div>
                </div>
                <a class="button button--secondary" href="/workstreams">"Go to Workstreams"</a>
            </section>
        </div>
    }
}
