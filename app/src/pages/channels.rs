use crate::api::accounts::{get_region, list_accounts};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use domain::account::Region;
use leptos::prelude::*;
use leptos_meta::Title;

/// Customer support > Channels: one card per kind of channel (LINE messaging accounts today).
#[component]
pub fn ChannelsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.channels).to_string()/>
        <Guarded path="/channels"><ChannelsContent/></Guarded>
    }
}

#[component]
fn ChannelsContent() -> impl IntoView {
    let accounts = Resource::new(|| (), |_| list_accounts());
    let region = Resource::new(|| (), |_| get_region());
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{t!(i18n, section.customer_support)}</p>
            <h1>{t!(i18n, page.channels)}</h1>
            <p class="muted">{t!(i18n, channels.intro)}</p>
        </div>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                (region.await == Ok(Region::Government)).then(|| view! {
                    <div class="alert alert--info" role="status">{t!(i18n, channels.government_region)}</div>
                })
            })}
        </Suspense>
        <div class="card-grid">
            <section class="card channel-card">
                <div class="channel-card__head">
                    <span class="line-logo" aria-hidden="true">"LINE"</span>
                    <div>
                        <h2>{t!(i18n, channels.messaging_accounts)}</h2>
                        <p class="muted">{t!(i18n, channels.messaging_accounts_intro)}</p>
                    </div>
                </div>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, channels.loading)}</p> }>
                    {move || Suspend::new(async move {
                        let list = accounts.await.unwrap_or_default();
                        let live = list.iter().filter(|a| a.status != domain::account::AccountStatus::Draft).count();
                        view! { <p class="channel-card__count">{move || crate::counts::account_count(i18n.get_locale(), live)}</p> }
                    })}
                </Suspense>
                <a class="button button--primary" href="/channels/accounts">{t!(i18n, channels.manage)}</a>
            </section>
            <section class="card channel-card">
                <div class="channel-card__head">
                    <span class="line-logo" aria-hidden="true">{t!(i18n, channels.workstreams_mark)}</span>
                    <div>
                        <h2>{t!(i18n, page.workstreams)}</h2>
                        <p class="muted">{t!(i18n, channels.workstreams_intro)}</p>
                    </div>
                </div>
                <a class="button button--secondary" href="/workstreams">{t!(i18n, channels.go_to_workstreams)}</a>
            </section>
        </div>
    }
}
