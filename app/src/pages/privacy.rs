use crate::api::accounts::SetRegion;
use crate::api::privacy::{
    find_data_subjects, get_privacy_overview, EraseDataSubject, GrantTranscriptAccess,
    PrivacyOverview, RevokeTranscriptAccess, RunRetention, SetEndUserPrivacy, SetRetention,
};
use crate::components::form_error::{field_error, general_error};
use crate::components::form_error::{last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::transcript_access::TranscriptAccessPanel;
use crate::i18n::*;
use crate::session::SessionContext;
use domain::account::Region;
use domain::{AppError, Role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Privacy: the organisation's region and each LINE account's data-sharing acknowledgement.
/// Auditors read; administrators can change the region.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.privacy).to_string()/>
        <Guarded path="/privacy"><PrivacyContent/></Guarded>
    }
}

/// The page's data, fetched in one call and again after any change made on the page.
type Overview = Resource<Result<PrivacyOverview, AppError>>;

#[component]
fn PrivacyContent() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let set_region = ServerAction::<SetRegion>::new();
    let set_end_user = ServerAction::<SetEndUserPrivacy>::new();
    let set_retention = ServerAction::<SetRetention>::new();
    let run_retention = ServerAction::<RunRetention>::new();
    let grant = ServerAction::<GrantTranscriptAccess>::new();
    let revoke = ServerAction::<RevokeTranscriptAccess>::new();
    let overview: Overview = Resource::new(
        move || {
            (
                set_region.version().get(),
                set_end_user.version().get(),
                set_retention.version().get(),
                run_retention.version().get(),
                grant.version().get(),
                revoke.version().get(),
            )
        },
        |_| get_privacy_overview(),
    );
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Privacy and audit")}</p>
            <h1>{t!(i18n, page.privacy)}</h1>
            <p class="muted">{t!(i18n, privacy.intro)}</p>
        </div>
        <div class="layout-two">
            <section class="panel">
                <h2>{t!(i18n, privacy.acknowledgements)}</h2>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, privacy.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match overview.await.map(|o| o.accounts) {
                            Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, privacy.no_accounts)}</p> }.into_any(),
                            Ok(list) => view! {
                                <table class="table">
                                    <thead><tr><th>{t!(i18n, privacy.account)}</th><th>{t!(i18n, privacy.channel_id)}</th><th>{t!(i18n, privacy.acknowledged_by)}</th><th>{t!(i18n, privacy.when)}</th><th>{t!(i18n, privacy.notice)}</th></tr></thead>
                                    <tbody>
                                        {list.into_iter().map(|a| view! {
                                            <tr>
                                                <td class="cell-primary">{a.name}</td>
                                                <td class="mono">{a.channel_id}</td>
                                                <td>{a.ack_by.map_or_else(|| td_string!(i18n.get_locale_untracked(), privacy.not_acknowledged).into(), |who| crate::labels::actor(i18n.get_locale_untracked(), &who))}</td>
                                                <td class="nowrap cell-secondary">{a.ack_at.map(crate::reader::datetime).unwrap_or_default()}</td>
                                                <td class="cell-secondary">{a.notice_version.unwrap_or_default()}</td>
                                            </tr>
                                        }).collect_view()}
                                    </tbody>
                                </table>
                            }.into_any(),
                            Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel">
                <h2>{t!(i18n, privacy.region)}</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let current = overview.await.map_or(Region::Commercial, |o| o.region);
                        let is_admin = session.me.await.ok().flatten().is_some_and(|u| u.role == Role::Admin);
                        view! {
                            <p data-testid="region">{match current { Region::Commercial => t!(i18n, privacy.commercial).into_any(), Region::Government => t!(i18n, privacy.government).into_any() }}</p>
                            {(current == Region::Government).then(|| view! { <p class="muted">{t!(i18n, privacy.government_note)}</p> })}
                            {is_admin.then(|| view! {
                                <FormError error=last_error(set_region.value())/>
                                <ActionForm action=set_region attr:class="form form--inline">
                                    <div class="field">
                                        <label for="field-region">{t!(i18n, privacy.organisation_region)}</label>
                                        <select id="field-region" name="region">
                                            <option value="commercial" selected=current == Region::Commercial>{t!(i18n, privacy.commercial)}</option>
                                            <option value="government" selected=current == Region::Government>{t!(i18n, privacy.government_option)}</option>
                                        </select>
                                    </div>
                                    <button type="submit" class="button button--secondary">{t!(i18n, privacy.save_region)}</button>
                                </ActionForm>
                            })}
                        }
                    })}
                </Suspense>
            </section>
        </div>
        <EndUserPanel overview set=set_end_user/>
        <RetentionPanel overview set=set_retention run=run_retention/>
        <TranscriptAccessPanel overview grant revoke/>
        <DataSubjectsPanel/>
    }
}

/// A language of the end-user notice (`domain::automated::LANGUAGES`, or "*" for all of them).
fn notice_language(locale: Locale, code: &str) -> String {
    match code {
        "*" => td_string!(locale, privacy.language.every).to_string(),
        "en" => td_string!(locale, privacy.language.en).to_string(),
        "ja" => td_string!(locale, privacy.language.ja).to_string(),
        "th" => td_string!(locale, privacy.language.th).to_string(),
        "zh-TW" => td_string!(locale, privacy.language.zh_TW).to_string(),
        "it" => td_string!(locale, privacy.language.it).to_string(),
        other => other.to_string(),
    }
}

/// A LINE user's consent decision.
fn decision_word(locale: Locale, decision: domain::privacy::ConsentDecision) -> String {
    use domain::privacy::ConsentDecision;
    match decision {
        ConsentDecision::Granted => td_string!(locale, privacy.decision.granted).to_string(),
        ConsentDecision::Declined => td_string!(locale, privacy.decision.declined).to_string(),
    }
}

fn is_admin() -> Signal<bool> {
    let session = expect_context::<SessionContext>();
    Signal::derive(move || {
        session
            .me
            .get()
            .and_then(|r| r.ok())
            .flatten()
            .is_some_and(|u| u.role == Role::Admin)
    })
}

/// Retention per messaging account: message text and files of conversations quiet for longer
/// than the limit are purged by a scheduled job (every ten minutes); counts and metadata stay.
#[component]
fn RetentionPanel(
    overview: Overview,
    set: ServerAction<SetRetention>,
    run: ServerAction<RunRetention>,
) -> impl IntoView {
    let admin = is_admin();
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h2>{t!(i18n, privacy.retention)}</h2>
            <p class="muted">{t!(i18n, privacy.retention_intro)}</p>
            <FormError error=general_error(set.value())/>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, privacy.loading)}</p> }>
                {move || Suspend::new(async move {
                    let editable = admin.get();
                    match overview.await.map(|o| o.retention) {
                        Ok(list) if list.is_empty() => view! { <p class="empty">{t!(i18n, privacy.no_accounts)}</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table" data-testid="retention">
                                <thead><tr><th>{t!(i18n, privacy.account)}</th><th>{t!(i18n, privacy.keep_for)}</th><th>{t!(i18n, privacy.next_run)}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr>
                                            <td class="cell-primary">{r.account_name.clone()}</td>
                                            <td>
                                                {if editable {
                                                    view! {
                                                        <ActionForm action=set attr:class="form form--inline" attr:novalidate=true>
                                                            <input type="hidden" name="account_id" value=r.account_id.to_string()/>
                                                            <label class="visually-hidden" for=format!("days-{}", r.account_id)>{t!(i18n, privacy.days_to_keep, account = r.account_name.clone())}</label>
                                                            <input id=format!("days-{}", r.account_id) name="days" type="number" min="1" placeholder=move || t_string!(i18n, privacy.forever_placeholder).to_string() value=r.days.map(|d| d.to_string())/>
                                                            " "{t!(i18n, privacy.days_unit)}" "
                                                            <button type="submit" class="button button--small button--secondary">{t!(i18n, privacy.save)}</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                } else {
                                                    view! { <span>{match r.days { Some(d) => t!(i18n, privacy.days, count = d).into_any(), None => t!(i18n, privacy.forever).into_any() }}</span> }.into_any()
                                                }}
                                            </td>
                                            <td class="cell-secondary" data-testid="retention-preview">{if r.days.is_some() { crate::counts::purge_counts(i18n.get_locale_untracked(), r.next_run) } else { td_string!(i18n.get_locale_untracked(), privacy.nothing).into() }}</td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        }.into_any(),
                        Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                    }
                })}
            </Suspense>
            <p class="field__error" role="alert">{move || field_error(set.value(), "days").get()}</p>
            {move || admin.get().then(|| view! {
                <ActionForm action=run>
                    <button type="submit" class="button button--secondary">{t!(i18n, privacy.run_now)}</button>
                </ActionForm>
            })}
            {move || run.value().get().and_then(|r| r.ok()).map(|c| view! {
                <div class="alert alert--success" role="status">{t!(i18n, privacy.purged, counts = crate::counts::purge_counts(i18n.get_locale_untracked(), c))}</div>
            })}
        </section>
    }
}

/// Data subjects: find a LINE user and erase everything stored about them (a tombstone stays).
#[component]
fn DataSubjectsPanel() -> impl IntoView {
    let admin = is_admin();
    let query = use_query_map();
    let search = move || query.read().get("subject").unwrap_or_default();
    let erase = ServerAction::<EraseDataSubject>::new();
    let found = Resource::new(
        move || (search(), erase.version().get()),
        |(q, _)| async move {
            if q.trim().is_empty() {
                Ok(Vec::new())
            } else {
                find_data_subjects(q).await
            }
        },
    );
    let i18n = use_i18n();
    view! {
        {move || admin.get().then(|| view! {
            <section class="panel">
                <h2>{t!(i18n, privacy.data_subjects)}</h2>
                <p class="muted">{t!(i18n, privacy.data_subjects_intro)}</p>
                <form method="get" action="/privacy" class="filters">
                    <div class="field">
                        <label for="subject-search">{t!(i18n, privacy.subject_search)}</label>
                        <input id="subject-search" name="subject" value=search/>
                    </div>
                    <button type="submit" class="button button--secondary">{t!(i18n, privacy.find)}</button>
                </form>
                <FormError error=general_error(erase.value())/>
                <p class="field__error" role="alert">{move || field_error(erase.value(), "confirm").get()}</p>
                {move || erase.value().get().and_then(|r| r.ok()).map(|c| view! {
                    <div class="alert alert--success" role="status">{t!(i18n, privacy.erased_counts, counts = crate::counts::purge_counts(i18n.get_locale_untracked(), c))}</div>
                })}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = found.await.unwrap_or_default();
                        (!list.is_empty()).then(|| view! {
                            <table class="table" data-testid="subjects">
                                <thead><tr><th>{t!(i18n, privacy.line_user)}</th><th>{t!(i18n, privacy.account)}</th><th>{t!(i18n, privacy.conversations)}</th><th>{t!(i18n, privacy.export)}</th><th>{t!(i18n, privacy.erase)}</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|s| view! {
                                        <tr>
                                            <td>
                                                <div class="cell-primary">{s.display_name.clone().unwrap_or_else(|| "—".into())}</div>
                                                <div class="cell-secondary mono">{s.line_user_id.clone()}</div>
                                            </td>
                                            <td>{s.account_name.clone()}</td>
                                            <td>{s.conversations}</td>
                                            <td>
                                                {s.erased_at.is_none().then(|| view! {
                                                    <a class="button button--small button--ghost" href=format!("/privacy/subjects/{}/export.zip", s.profile_id) rel="external" download="">{t!(i18n, privacy.export)}</a>
                                                })}
                                            </td>
                                            <td>
                                                {match s.erased_at {
                                                    Some(at) => view! { <span class="badge badge--muted">{t!(i18n, privacy.erased_at, at = crate::reader::datetime(at))}</span> }.into_any(),
                                                    None => view! {
                                                        <ActionForm action=erase attr:class="form form--inline">
                                                            <input type="hidden" name="profile_id" value=s.profile_id.to_string()/>
                                                            <label class="visually-hidden" for=format!("erase-contact-{}", s.profile_id)>{t!(i18n, privacy.their_contact)}</label>
                                                            <select id=format!("erase-contact-{}", s.profile_id) name="contact">
                                                                <option value="unlink" selected=true>{t!(i18n, privacy.unlink_contact)}</option>
                                                                <option value="erase">{t!(i18n, privacy.erase_contact)}</option>
                                                            </select>
                                                            <label class="checkbox"><input type="checkbox" name="confirm"/>" "{t!(i18n, privacy.confirm)}</label>
                                                            <button type="submit" class="button button--small button--danger">{t!(i18n, privacy.erase)}</button>
                                                        </ActionForm>
                                                    }.into_any(),
                                                }}
                                            </td>
                                        </tr>
                                    }).collect_view()}
                                </tbody>
                            </table>
                        })
                    })}
                </Suspense>
            </section>
        })}
    }
}

/// Per account: the recording notice sent when a conversation starts, and whether agents see
/// the customer's messages only after the customer agreed; then the consent decisions.
#[component]
fn EndUserPanel(overview: Overview, set: ServerAction<SetEndUserPrivacy>) -> impl IntoView {
    let admin = is_admin();
    let i18n = use_i18n();
    view! {
        <section class="panel">
            <h2>{t!(i18n, privacy.end_user)}</h2>
            <p class="muted">{t!(i18n, privacy.end_user_intro)}</p>
            <FormError error=general_error(set.value())/>
            <Suspense fallback=move || view! { <p class="loading">{t!(i18n, privacy.loading)}</p> }>
                {move || Suspend::new(async move {
                    let editable = admin.get();
                    let list = overview.await.map(|o| o.end_user).unwrap_or_default();
                    list.into_iter().map(|a| {
                        let id = a.account_id;
                        let name = a.account_name.clone();
                        let marker = a.account_name.clone();
                        if editable {
                            view! {
                                <ActionForm action=set attr:class="form end-user" attr:novalidate=true attr:data-account=marker>
                                    <h3>{name}</h3>
                                    <input type="hidden" name="account_id" value=id.to_string()/>
                                    <label class="checkbox"><input type="checkbox" name="recording_notice" checked=a.recording_notice/>" "{t!(i18n, privacy.send_notice)}</label>
                                    <label class="checkbox"><input type="checkbox" name="consent_required" checked=a.consent_required/>" "{t!(i18n, privacy.require_consent)}</label>
                                    <fieldset class="field">
                                        <legend>{t!(i18n, privacy.notice_texts)}</legend>
                                        {domain::automated::LANGUAGES.iter().map(|(code, _)| {
                                            let field = domain::privacy::notice_field(code);
                                            let field_id = format!("notice-{id}-{code}");
                                            let text = a.notice_texts.get(*code).or_else(|| a.notice_texts.get("*")).cloned().unwrap_or_default();
                                            let error_field = field.clone();
                                            view! {
                                                <label for=field_id.clone()>{t!(i18n, privacy.notice_in, language = notice_language(i18n.get_locale_untracked(), code))}</label>
                                                <textarea id=field_id name=field rows="2">{text}</textarea>
                                                <p class="field__error" role="alert">{move || set.value().get().and_then(|r| r.err()).and_then(|e| crate::components::form_error::field_message(&e, &error_field))}</p>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                    <button type="submit" class="button button--secondary">{t!(i18n, privacy.save_notice)}</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! {
                                <div class="end-user">
                                    <h3>{a.account_name.clone()}</h3>
                                    <p>{t!(i18n, privacy.end_user_summary, notice = if a.recording_notice { td_string!(i18n.get_locale_untracked(), privacy.on) } else { td_string!(i18n.get_locale_untracked(), privacy.off) }, consent = if a.consent_required { td_string!(i18n.get_locale_untracked(), privacy.yes) } else { td_string!(i18n.get_locale_untracked(), privacy.no) })}</p>
                                    {a.notice_texts.iter().map(|(code, t)| view! { <blockquote lang=code.clone()>{format!("{}: {t}", notice_language(i18n.get_locale_untracked(), code))}</blockquote> }).collect_view()}
                                </div>
                            }.into_any()
                        }
                    }).collect_view()
                })}
            </Suspense>
            <h3>{t!(i18n, privacy.consent_records)}</h3>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = overview.await.map(|o| o.consents).unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p class="empty">{t!(i18n, privacy.no_decisions)}</p> }.into_any();
                    }
                    view! {
                        <table class="table" data-testid="consents">
                            <thead><tr><th>{t!(i18n, privacy.account)}</th><th>{t!(i18n, privacy.line_user)}</th><th>{t!(i18n, privacy.decision_label)}</th><th>{t!(i18n, privacy.notice)}</th><th>{t!(i18n, privacy.when)}</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{c.account_name}</td>
                                        <td class="mono">{c.line_user_id}</td>
                                        <td>{decision_word(i18n.get_locale_untracked(), c.decision)}</td>
                                        <td class="cell-secondary">{c.notice_version}</td>
                                        <td class="cell-secondary nowrap">{crate::reader::datetime(c.decided_at)}</td>
                                    </tr>
                                }).collect_view()}
                            </tbody>
                        </table>
                    }.into_any()
                })}
            </Suspense>
        </section>
    }
}
