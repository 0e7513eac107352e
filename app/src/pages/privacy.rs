use crate::api::accounts::SetRegion;
use crate::api::privacy::{
    find_data_subjects, get_privacy_overview, EraseDataSubject, GrantTranscriptAccess,
    PrivacyOverview, RevokeTranscriptAccess, RunRetention, SetEndUserPrivacy, SetRetention,
};
use crate::components::form_error::{field_error, general_error};
use crate::components::form_error::{last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::transcript_access::TranscriptAccessPanel;
use crate::session::SessionContext;
use domain::account::{Region, GOVERNMENT_REGION_REASON};
use domain::ports::PurgeCounts;
use domain::time::format_utc;
use domain::{AppError, Role};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Privacy: the organisation's region and each LINE account's data-sharing acknowledgement.
/// Auditors read; administrators can change the region.
#[component]
pub fn PrivacyPage() -> impl IntoView {
    view! {
        <Title text="Privacy"/>
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
                        match overview.await.map(|o| o.accounts) {
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
                            Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </section>
            <section class="panel">
                <h2>"Region"</h2>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let current = overview.await.map_or(Region::Commercial, |o| o.region);
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
        <EndUserPanel overview set=set_end_user/>
        <RetentionPanel overview set=set_retention run=run_retention/>
        <TranscriptAccessPanel overview grant revoke/>
        <DataSubjectsPanel/>
    }
}

fn counts_text(c: PurgeCounts) -> String {
    format!(
        "{} conversation{}, {} message{}, {} file{}",
        c.conversations,
        if c.conversations == 1 { "" } else { "s" },
        c.messages,
        if c.messages == 1 { "" } else { "s" },
        c.attachments,
        if c.attachments == 1 { "" } else { "s" }
    )
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
    view! {
        <section class="panel">
            <h2>"Retention"</h2>
            <p class="muted">"Message text and files of conversations whose last message is older than the limit are purged; conversations, message counts, times and the audit trail stay. Each run is audited."</p>
            <FormError error=general_error(set.value())/>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                {move || Suspend::new(async move {
                    let editable = admin.get();
                    match overview.await.map(|o| o.retention) {
                        Ok(list) if list.is_empty() => view! { <p class="empty">"No LINE accounts yet."</p> }.into_any(),
                        Ok(list) => view! {
                            <table class="table" data-testid="retention">
                                <thead><tr><th>"Account"</th><th>"Keep content for"</th><th>"Next run purges"</th></tr></thead>
                                <tbody>
                                    {list.into_iter().map(|r| view! {
                                        <tr>
                                            <td class="cell-primary">{r.account_name.clone()}</td>
                                            <td>
                                                {if editable {
                                                    view! {
                                                        <ActionForm action=set attr:class="form form--inline" attr:novalidate=true>
                                                            <input type="hidden" name="account_id" value=r.account_id.to_string()/>
                                                            <label class="visually-hidden" for=format!("days-{}", r.account_id)>{format!("Days to keep {}", r.account_name)}</label>
                                                            <input id=format!("days-{}", r.account_id) name="days" type="number" min="1" placeholder="forever" value=r.days.map(|d| d.to_string())/>
                                                            " days "
                                                            <button type="submit" class="button button--small button--secondary">"Save"</button>
                                                        </ActionForm>
                                                    }.into_any()
                                                } else {
                                                    view! { <span>{r.days.map(|d| format!("{d} days")).unwrap_or_else(|| "Forever".into())}</span> }.into_any()
                                                }}
                                            </td>
                                            <td class="cell-secondary" data-testid="retention-preview">{if r.days.is_some() { counts_text(r.next_run) } else { "Nothing (no limit)".into() }}</td>
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
                    <button type="submit" class="button button--secondary">"Run retention now"</button>
                </ActionForm>
            })}
            {move || run.value().get().and_then(|r| r.ok()).map(|c| view! {
                <div class="alert alert--success" role="status">{format!("Purged {}.", counts_text(c))}</div>
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
    view! {
        {move || admin.get().then(|| view! {
            <section class="panel">
                <h2>"Data subjects"</h2>
                <p class="muted">"Erase one LINE user: their messages, files and profile are removed from linedesk; their open conversations end (nothing is sent to them) and stay as empty records that can't be answered; their contact is unlinked or erased as you choose; the audit log keeps a tombstone, never the content."</p>
                <form method="get" action="/privacy" class="filters">
                    <div class="field">
                        <label for="subject-search">"LINE display name or user ID"</label>
                        <input id="subject-search" name="subject" value=search/>
                    </div>
                    <button type="submit" class="button button--secondary">"Find"</button>
                </form>
                <FormError error=general_error(erase.value())/>
                <p class="field__error" role="alert">{move || field_error(erase.value(), "confirm").get()}</p>
                {move || erase.value().get().and_then(|r| r.ok()).map(|c| view! {
                    <div class="alert alert--success" role="status">{format!("Erased: {}.", counts_text(c))}</div>
                })}
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let list = found.await.unwrap_or_default();
                        (!list.is_empty()).then(|| view! {
                            <table class="table" data-testid="subjects">
                                <thead><tr><th>"LINE user"</th><th>"Account"</th><th>"Conversations"</th><th>"Export"</th><th>"Erase"</th></tr></thead>
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
                                                    <a class="button button--small button--ghost" href=format!("/privacy/subjects/{}/export.zip", s.profile_id) rel="external" download="">"Export"</a>
                                                })}
                                            </td>
                                            <td>
                                                {match s.erased_at {
                                                    Some(at) => view! { <span class="badge badge--muted">{format!("Erased {}", format_utc(at))}</span> }.into_any(),
                                                    None => view! {
                                                        <ActionForm action=erase attr:class="form form--inline">
                                                            <input type="hidden" name="profile_id" value=s.profile_id.to_string()/>
                                                            <label class="visually-hidden" for=format!("erase-contact-{}", s.profile_id)>"Their contact"</label>
                                                            <select id=format!("erase-contact-{}", s.profile_id) name="contact">
                                                                <option value="unlink" selected=true>"Unlink their contact (keep it)"</option>
                                                                <option value="erase">"Erase their contact too"</option>
                                                            </select>
                                                            <label class="checkbox"><input type="checkbox" name="confirm"/>" I understand this cannot be undone"</label>
                                                            <button type="submit" class="button button--small button--danger">"Erase"</button>
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
    view! {
        <section class="panel">
            <h2>"End-user notice and consent"</h2>
            <p class="muted">"Customers must be told that their communications may be recorded. With consent required, a new conversation waits for the customer's \"I agree\" (a LINE quick reply) and agents see nothing of their messages until then."</p>
            <FormError error=general_error(set.value())/>
            <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
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
                                    <label class="checkbox"><input type="checkbox" name="recording_notice" checked=a.recording_notice/>" Send the recording notice when a conversation starts"</label>
                                    <label class="checkbox"><input type="checkbox" name="consent_required" checked=a.consent_required/>" Require consent before agents see the customer's messages"</label>
                                    <fieldset class="field">
                                        <legend>"Notice text per language (empty: the shipped default for that language)"</legend>
                                        {domain::automated::LANGUAGES.iter().map(|(code, label)| {
                                            let field = domain::ports::notice_field(code);
                                            let field_id = format!("notice-{id}-{code}");
                                            let text = a.notice_texts.get(*code).or_else(|| a.notice_texts.get("*")).cloned().unwrap_or_default();
                                            let error_field = field.clone();
                                            view! {
                                                <label for=field_id.clone()>{format!("Notice in {label}")}</label>
                                                <textarea id=field_id name=field rows="2">{text}</textarea>
                                                <p class="field__error" role="alert">{move || set.value().get().and_then(|r| r.err()).and_then(|e| crate::components::form_error::field_message(&e, &error_field))}</p>
                                            }
                                        }).collect_view()}
                                    </fieldset>
                                    <button type="submit" class="button button--secondary">"Save notice and consent"</button>
                                </ActionForm>
                            }.into_any()
                        } else {
                            view! {
                                <div class="end-user">
                                    <h3>{a.account_name.clone()}</h3>
                                    <p>{format!("Recording notice: {} · consent required: {}", if a.recording_notice { "on" } else { "off" }, if a.consent_required { "yes" } else { "no" })}</p>
                                    {a.notice_texts.iter().map(|(code, t)| view! { <blockquote lang=code.clone()>{format!("{}: {t}", if code == "*" { "Every language" } else { domain::automated::language_label(code) })}</blockquote> }).collect_view()}
                                </div>
                            }.into_any()
                        }
                    }).collect_view()
                })}
            </Suspense>
            <h3>"Consent records"</h3>
            <Suspense fallback=|| ()>
                {move || Suspend::new(async move {
                    let list = overview.await.map(|o| o.consents).unwrap_or_default();
                    if list.is_empty() {
                        return view! { <p class="empty">"No decisions yet."</p> }.into_any();
                    }
                    view! {
                        <table class="table" data-testid="consents">
                            <thead><tr><th>"Account"</th><th>"LINE user"</th><th>"Decision"</th><th>"Notice"</th><th>"When"</th></tr></thead>
                            <tbody>
                                {list.into_iter().map(|c| view! {
                                    <tr>
                                        <td>{c.account_name}</td>
                                        <td class="mono">{c.line_user_id}</td>
                                        <td>{c.decision}</td>
                                        <td class="cell-secondary">{c.notice_version}</td>
                                        <td class="cell-secondary nowrap">{format_utc(c.decided_at)}</td>
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
