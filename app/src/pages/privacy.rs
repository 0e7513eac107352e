use crate::api::accounts::{get_region, list_account_privacy, SetRegion};
use crate::app::SessionContext;
use crate::components::form_error::{last_error, FormError};
use crate::components::guarded::Guarded;
use domain::account::{Region, GOVERNMENT_REGION_REASON};
use domain::time::format_utc;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// Privacy: the organisation's region and each LINE account's data-sharing acknowledgement.
/// Auditors read; administrators can change the region.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy"/>
        <Guarded path="/privacy"><PrivacyContent/></Guarded>
    }
}

#[component]
fn PrivacyContent() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let set_region = ServerAction::<SetRegion>::new();
    let region = Resource::new(move || set_region.version().get(), |_| get_region());
    let accounts = Resource::new(|| (), |_| list_account_privacy());
    view! {
        <div class="page-header">
            <p class="breadcrumb">"Privacy and audit"</p>
            <h1>"Privacy"</h1>
            <p class="muted">"What leaves the organisation through LINE, and who agreed to it."</p>
        </div>
        <div class="layout-two">
            <section class="panel">
                <h2>"Data-sharing acknowledgements"</h2>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match accounts.await {
                            Ok(list) if list.is_empty() => view! { <p class="empty">"No LINE accounts yet."</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="table">
                                    <thead><tr><th>"Account"</th><th>"LINE channel ID"</th><th>"Acknowledged by"</th><th>"When"</th><th>"Notice"</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|a| view! {
                                            <tr>
                                                <td class="cell-primary">{a.name}</td>
                                                <td class="mono">{a.channel_id}</td>
                                                <td>{a.ack_by.unwrap_or_else(|| "Not acknowledged".into())}</td>
                                                <td class="nowrap cell-secondary">{a.ack_at.map(format_utc).unwrap_or_default()}</td>
                                                <td class="cell-secondary">{a.notice_version.unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(err) => view! { <div class="alert alert--error">{err.to_string()}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel">
                <h2>"Region"</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let current = region.await.unwrap_or(Region::Commercial);
                        let is_admin = session.me.await.ok().flatten().is_some_and(|u| u.role == Role::Admin);
                        view! {
                            <p data-testid="region">{match current { Region::Commercial => "Commercial cloud", Region::Government => "Government cloud" }}</p>
                            {(current == Region::Government).then(|| view! { <p class="muted">{GOVERNMENT_REGION_REASON}" New LINE accounts cannot be added and LINE callbacks are refused."</p> })}
                            {is_admin.then(|| view! {
                                <FormError error=last_error(set_region.value())/>
                                <ActionForm action=set_region attr:class="form form--inline">
                                    <div class="field">
                                        <label for="field-region">"Organisation region"</label>
                                        <select id="field-region" name="region">
                                            <option value="commercial" selected=current == Region::Commercial>"Commercial cloud"</option>
                                            <option value="government" selected=current == Region::Government>"Government cloud (LINE unavailable)"</option>
                                        </select>
                                    </div>
                                    <button type="submit" class="button button--secondary">"Save region"</button>
                                </ActionForm>
                            })}
                        }
                    })}
                </Suspense>
            </section>
        </div>
    }
}
