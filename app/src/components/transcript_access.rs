use crate::api::privacy::{GrantTranscriptAccess, PrivacyOverview, RevokeTranscriptAccess};
use crate::components::form_error::{field_error, general_error, FormError};
use crate::session::SessionContext;
use domain::time::format_utc;
use domain::{AppError, Role};
use leptos::prelude::*;

/// Which auditors may read conversation transcripts, until when; administrators grant (for
/// up to 90 days) and revoke. Every grant and revocation is in the audit log.
#[component]
pub fn TranscriptAccessPanel(
    overview: Resource<Result<PrivacyOverview, AppError>>,
    grant: ServerAction<GrantTranscriptAccess>,
    revoke: ServerAction<RevokeTranscriptAccess>,
) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let granted = grant.value();
    view! {
        <section class="panel" data-testid="transcript-access">
            <h2>"Transcript access for auditors"</h2>
            <p class="muted">"Auditors see no conversation unless an administrator grants them read-only access to transcripts for a limited time."</p>
            <FormError error=general_error(revoke.value())/>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let admin = session.me.await.ok().flatten().is_some_and(|u| u.role == Role::Admin);
                    // Only administrators get the auditors to choose from (and grant).
                    let (list, auditors) = overview.await.map(|o| (o.grants, o.auditors)).unwrap_or_default();
                    view! {
                        {if list.is_empty() {
                            view! { <p class="empty">"No grants yet."</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th>"Auditor"</th><th>"Granted by"</th><th>"Granted"</th><th>"Until"</th><th>"State"</th>{admin.then(|| view! { <th><span class="visually-hidden">"Actions"</span></th> })}</tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|g| {
                                            let revoke_label = format!("Revoke access of {}", g.user_email);
                                            view! {
                                            <tr data-auditor=g.user_email.clone()>
                                                <td class="cell-primary">{g.user_email.clone()}</td>
                                                <td>{g.granted_by.clone()}</td>
                                                <td class="cell-secondary">{format_utc(g.granted_at)}</td>
                                                <td class="cell-secondary">{format_utc(g.expires_at)}</td>
                                                <td>{if g.active { "Active".to_string() } else if let Some(at) = g.revoked_at { format!("Revoked {}", format_utc(at)) } else { "Expired".to_string() }}</td>
                                                {admin.then(|| view! {
                                                    <td class="cell-actions">
                                                        {g.active.then(|| view! {
                                                            <ActionForm action=revoke>
                                                                <input type="hidden" name="user_id" value=g.user_id.to_string()/>
                                                                <button type="submit" class="button button--small button--ghost" aria-label=revoke_label>"Revoke"</button>
                                                            </ActionForm>
                                                        })}
                                                    </td>
                                                })}
                                            </tr>
                                        }}).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any()
                        }}
                        {admin.then(|| view! {
                            <FormError error=general_error(granted)/>
                            <ActionForm action=grant attr:class="form form--inline" attr:novalidate=true>
                                <div class="field">
                                    <label for="grant-user">"Auditor"</label>
                                    <select id="grant-user" name="user_id">
                                        <option value="">"Choose an auditor"</option>
                                        {auditors.into_iter().map(|u| view! { <option value=u.id.to_string()>{u.email.clone()}</option> }).collect_view()}
                                    </select>
                                    <p class="field__error" role="alert">{move || field_error(granted, "user_id").get()}</p>
                                </div>
                                <div class="field">
                                    <label for="grant-days">"Days (1 to 90)"</label>
                                    <input id="grant-days" name="days" type="number" value="7"/>
                                    <p class="field__error" role="alert">{move || field_error(granted, "days").get()}</p>
                                </div>
                                <button type="submit" class="button button--secondary">"Grant transcript access"</button>
                            </ActionForm>
                        })}
                    }
                })}
            </Suspense>
        </section>
    }
}
