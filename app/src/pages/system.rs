use crate::api::system::get_system_checks;
use crate::components::guarded::Guarded;
use crate::i18n::*;
use crate::labels::fill;
use domain::system::{AccountWebhook, Check, Finding, Health};
use leptos::prelude::*;
use leptos_meta::Title;

/// Customer support > System: whether LINE reaches this desk and what it needs, checked when the
/// page opens, each check that is not fine with what to do (`linedesk doctor` prints the same).
#[component]
pub fn SystemPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.system).to_string()/>
        <Guarded path="/system"><SystemContent/></Guarded>
    }
}

#[component]
fn SystemContent() -> impl IntoView {
    let i18n = use_i18n();
    // "Check again" links to `?run=<n + 1>`: a new address each time, so it runs the checks
    // again with JavaScript (the resource follows the address) and without (a new page).
    let query = leptos_router::hooks::use_query_map();
    let checks = Resource::new(move || query.read().get("run"), |_| get_system_checks());
    view! {
        <div class="page-header page-header--actions">
            <div>
                <p class="breadcrumb">{t!(i18n, section.customer_support)}</p>
                <h1>{t!(i18n, page.system)}</h1>
                <p class="muted">{t!(i18n, system.intro)}</p>
            </div>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, system.checking)}</p> }>
            {move || Suspend::new(async move {
                match checks.await {
                    Ok(checks) => view! { <CheckList checks next_run=run_untracked(query) + 1/> }.into_any(),
                    Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn run_untracked(query: Memo<leptos_router::params::ParamsMap>) -> u32 {
    query
        .read_untracked()
        .get("run")
        .and_then(|v| v.parse::<u32>().ok())
        .unwrap_or(0)
}

#[component]
fn CheckList(checks: Vec<Check>, next_run: u32) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let count = |health| {
        checks
            .iter()
            .filter(|c| c.health == health)
            .count()
            .to_string()
    };
    let summary = fill(
        td_string!(locale, system.summary),
        &[
            ("failing", &count(Health::Failing)),
            ("warnings", &count(Health::Warning)),
            ("total", &checks.len().to_string()),
        ],
    );
    let again = format!("/system?run={next_run}");
    view! {
        <div class="system-summary">
            <p data-testid="system-summary">{summary}</p>
            <a class="button button--secondary" href=again>{t!(i18n, system.check_again)}</a>
        </div>
        <ul class="system-checks" data-testid="system-checks">
            {checks.into_iter().map(|check| check_item(locale, check)).collect_view()}
        </ul>
    }
}

fn check_item(locale: Locale, check: Check) -> impl IntoView {
    let (badge_class, badge) = match check.health {
        Health::Ok => ("badge badge--ok", td_string!(locale, system.health.ok)),
        Health::Warning => (
            "badge badge--warn",
            td_string!(locale, system.health.warning),
        ),
        Health::Failing => (
            "badge badge--error",
            td_string!(locale, system.health.failing),
        ),
    };
    let words = describe(locale, &check.finding);
    let advice = (check.health != Health::Ok)
        .then_some(words.advice)
        .flatten();
    let link = match &check.finding {
        Finding::Account { id, .. } => Some(format!("/channels/accounts/{id}")),
        _ => None,
    };
    let health = match check.health {
        Health::Ok => "ok",
        Health::Warning => "warning",
        Health::Failing => "failing",
    };
    view! {
        <li class="card system-check" data-health=health>
            <div class="system-check__head">
                <h2>{words.title}</h2>
                <span class=badge_class>{badge}</span>
            </div>
            <p>{words.found}</p>
            {advice.map(|advice| view! {
                <p class="system-check__advice"><strong>{td_string!(locale, system.what_to_do)}": "</strong>{advice}</p>
            })}
            {link.map(|href| view! { <a href=href>{td_string!(locale, system.account.open)}</a> })}
        </li>
    }
}

/// A finding in the reader's words.
struct Words {
    title: String,
    found: String,
    advice: Option<String>,
}

fn describe(locale: Locale, finding: &Finding) -> Words {
    let words = |title: &str, found: String, advice: Option<&str>| Words {
        title: title.to_string(),
        found,
        advice: advice.map(str::to_string),
    };
    match finding {
        Finding::PublicUrl {
            url,
            https,
            unreachable,
        } => {
            let (found, advice) = match (https, unreachable) {
                (false, _) => (
                    fill(
                        td_string!(locale, system.public_url.not_https),
                        &[("url", url)],
                    ),
                    td_string!(locale, system.public_url.advice_https),
                ),
                (true, Some(why)) => (
                    fill(
                        td_string!(locale, system.public_url.unreachable),
                        &[("url", url), ("why", why)],
                    ),
                    td_string!(locale, system.public_url.advice_reach),
                ),
                (true, None) => (
                    fill(td_string!(locale, system.public_url.ok), &[("url", url)]),
                    "",
                ),
            };
            words(
                td_string!(locale, system.public_url.title),
                found,
                Some(advice),
            )
        }
        Finding::Database { reachable } => words(
            td_string!(locale, system.database.title),
            if *reachable {
                td_string!(locale, system.database.ok)
            } else {
                td_string!(locale, system.database.failing)
            }
            .to_string(),
            Some(td_string!(locale, system.database.advice)),
        ),
        Finding::Clock { skew_ms, error } => {
            let found = match (skew_ms, error) {
                (Some(ms), _) => fill(
                    td_string!(locale, system.clock.skew),
                    &[("seconds", &format!("{:+.1}", *ms as f64 / 1000.0))],
                ),
                (None, error) => fill(
                    td_string!(locale, system.clock.unknown),
                    &[(
                        "why",
                        &error
                            .as_ref()
                            .map(|p| crate::error_text::problem_text(locale, p))
                            .unwrap_or_default(),
                    )],
                ),
            };
            words(
                td_string!(locale, system.clock.title),
                found,
                Some(td_string!(locale, system.clock.advice)),
            )
        }
        Finding::Disk {
            path,
            free_bytes,
            total_bytes,
        } => {
            let gb = |b: &u64| format!("{:.1}", *b as f64 / 1e9);
            words(
                td_string!(locale, system.disk.title),
                fill(
                    td_string!(locale, system.disk.free),
                    &[
                        ("free", &gb(free_bytes)),
                        ("total", &gb(total_bytes)),
                        ("path", path),
                    ],
                ),
                Some(td_string!(locale, system.disk.advice)),
            )
        }
        Finding::Jobs {
            events_waiting,
            events_set_aside,
            sends_waiting,
            sends_failed,
            files_waiting,
            files_failed,
        } => words(
            td_string!(locale, system.jobs.title),
            fill(
                td_string!(locale, system.jobs.summary),
                &[
                    ("events_waiting", &events_waiting.to_string()),
                    ("events_set_aside", &events_set_aside.to_string()),
                    ("sends_waiting", &sends_waiting.to_string()),
                    ("sends_failed", &sends_failed.to_string()),
                    ("files_waiting", &files_waiting.to_string()),
                    ("files_failed", &files_failed.to_string()),
                ],
            ),
            Some(td_string!(locale, system.jobs.advice)),
        ),
        Finding::Backup {
            last_at,
            file,
            postgres,
        } => {
            let found = match (last_at, postgres) {
                (_, true) => td_string!(locale, system.backup.postgres).to_string(),
                (Some(at), _) => fill(
                    td_string!(locale, system.backup.last),
                    &[
                        ("at", &crate::reader::datetime(*at)),
                        ("file", file.as_deref().unwrap_or_default()),
                    ],
                ),
                (None, _) => td_string!(locale, system.backup.none).to_string(),
            };
            words(
                td_string!(locale, system.backup.title),
                found,
                Some(td_string!(locale, system.backup.advice)),
            )
        }
        Finding::Account {
            name,
            webhook,
            last_delivery_at,
            ..
        } => {
            let (state, advice) = match webhook {
                AccountWebhook::Ours { active: true } => {
                    (td_string!(locale, system.account.ours).to_string(), None)
                }
                AccountWebhook::Ours { active: false } => (
                    td_string!(locale, system.account.inactive).to_string(),
                    Some(td_string!(locale, system.account.advice_inactive)),
                ),
                AccountWebhook::Elsewhere { endpoint, .. } if endpoint.is_empty() => (
                    td_string!(locale, system.account.none).to_string(),
                    Some(td_string!(locale, system.account.advice_elsewhere)),
                ),
                AccountWebhook::Elsewhere { endpoint, ours } => (
                    fill(
                        td_string!(locale, system.account.elsewhere),
                        &[("endpoint", endpoint), ("ours", ours)],
                    ),
                    Some(td_string!(locale, system.account.advice_elsewhere)),
                ),
                AccountWebhook::Unknown(problem) => (
                    fill(
                        td_string!(locale, system.account.unknown),
                        &[("why", &crate::error_text::problem_text(locale, problem))],
                    ),
                    Some(td_string!(locale, system.account.advice_unknown)),
                ),
            };
            let last = match last_delivery_at {
                Some(at) => fill(
                    td_string!(locale, system.account.last_delivery),
                    &[("at", &crate::reader::datetime(*at))],
                ),
                None => td_string!(locale, system.account.no_delivery).to_string(),
            };
            words(
                &fill(td_string!(locale, system.account.title), &[("name", name)]),
                format!("{state} {last}"),
                advice,
            )
        }
    }
}
