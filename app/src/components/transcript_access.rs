use crate::api::privacy::{GrantTranscriptAccess, PrivacyOverview, RevokeTranscriptAccess};
use crate::components::form_error::{field_error, general_error, FormError};
use crate::i18n::*;
use crate::labels::fill;
use crate::session::SessionContext;
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
    let i18n = use_i18n();
    view! {
        <section class="panel" data-testid="transcript-access">
            <h2>{t!(i18n, transcript_access.heading)}</h2>
            <p class="muted">{t!(i18n, transcript_access.intro)}</p>
            <FormError error=general_error(revoke.value())/>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, transcript_access.loading)}</p> }>
                {move || Suspend::new(async move {
                    let admin = session.me.await.ok().flatten().is_some_and(|u| u.role == Role::Admin);
                    // Only administrators get the auditors to choose from (and grant).
                    let (list, auditors) = overview.await.map(|o| (o.grants, o.auditors)).unwrap_or_default();
                    view! {
                        {if list.is_empty() {
                            view! { <p class="empty">{t!(i18n, transcript_access.empty)}</p> }.into_any()
                        } else {
                            view! {
                                <table class="table">
                                    <thead><tr><th>{t!(i18n, transcript_access.auditor)}</th><th>{t!(i18n, transcript_access.granted_by)}</th><th>{t!(i18n, transcript_access.granted)}</th><th>{t!(i18n, transcript_access.until)}</th><th>{t!(i18n, transcript_access.state)}</th>{admin.then(|| view! { <th><span class="visually-hidden">{t!(i18n, transcript_access.actions)}</span></th> })}</tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|g| {
                                            let revoke_label = fill(td_string!(i18n.get_locale_untracked(), transcript_access.revoke_label), &[("email", &g.user_email)]);
                                            view! {
                                            <tr data-auditor=g.user_email.clone()>
                                                <td class="cell-primary">{g.user_email.clone()}</td>
                                                <td>{g.granted_by.clone()}</td>
                                                <td class="cell-secondary">{crate::reader::datetime(g.granted_at)}</td>
                                                <td class="cell-secondary">{crate::reader::datetime(g.expires_at)}</td>
                                                <td>{if g.active { t!(i18n, transcript_access.active).into_any() } else if let Some(at) = g.revoked_at { t!(i18n, transcript_access.revoked, at = crate::reader::datetime(at)).into_any() } else { t!(i18n, transcript_access.expired).into_any() }}</td>
                                                {admin.then(|| view! {
                                                    <td class="cell-actions">
                                                        {g.active.then(|| view! {
                                                            <ActionForm action=revoke>
                                                                <input type="hidden" name="user_id" value=g.user_id.to_string()/>
                                                                <button type="submit" class="button button--small button--ghost" aria-label=revoke_label>{t!(i18n, transcript_access.revoke)}</button>
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
                                    <label for="grant-user">{t!(i18n, transcript_access.auditor)}</label>
                                    <select id="grant-user" name="user_id">
                                        <option value="">{t!(i18n, transcript_access.choose)}</option>
                                        {auditors.into_iter().map(|u| view! { <option value=u.id.to_string()>{u.email.clone()}</option> }).collect_view()}
                                    </select>
                                    <p class="field__error" role="alert">{move || field_error(granted, "user_id").get()}</p>
                                </div>
                                <div class="field">
                                    <label for="grant-days">{t!(i18n, transcript_access.days)}</label>
                                    <input id="grant-days" name="days" type="number" value="7"/>
                                    <p class="field__error" role="alert">{move || field_error(granted, "days").get()}</p>
                                </div>
                                <button type="submit" class="button button--secondary">{t!(i18n, transcript_access.grant)}</button>
                            </ActionForm>
                        })}
                    }
                })}
            </Suspense>
        </section>
    }
}
