use crate::api::insights::get_live_insights;
use crate::components::guarded::Guarded;
use crate::components::live_updates::live_version;
use crate::components::wait_clock::WaitClock;
use crate::i18n::*;
use domain::agent::Presence;
use domain::insights::{LiveInsights, LiveQueue, ServiceLevel};
use leptos::prelude::*;
use leptos_meta::Title;

/// Insights > Live: the queues a supervisor watches (an administrator: all of them) as they are
/// now. Re-read whenever the live stream says a conversation changed; complete without
/// JavaScript (a reload shows the same figures).
#[component]
pub fn InsightsLivePage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.insights_live).to_string()/>
        <Guarded path="/insights/live"><LiveContent/></Guarded>
    }
}

#[component]
fn LiveContent() -> impl IntoView {
    let insights = Resource::new(live_version, |_| get_live_insights());
    let i18n = use_i18n();
    view! {
        <div class="page-header">
            <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Insights")}</p>
            <h1>{t!(i18n, page.insights_live)}</h1>
            <p class="muted">{t!(i18n, insights.intro)}</p>
        </div>
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, insights.loading)}</p> }>
            {move || Suspend::new(async move {
                match insights.await {
                    Ok(live) => view! { <LiveFigures live/> }.into_any(),
                    Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn LiveFigures(live: LiveInsights) -> impl IntoView {
    let i18n = use_i18n();
    if live.queues.is_empty() {
        let why = if live.every_queue {
            t!(i18n, insights.no_queues).into_any()
        } else {
            t!(i18n, insights.none_watched).into_any()
        };
        return view! { <div class="empty-state"><p>{why}</p></div> }.into_any();
    }
    let as_of = crate::reader::datetime(live.as_of);
    let level = live.service_level();
    let (waiting, longest_wait, offers_pending, active) = (
        live.waiting(),
        live.longest_wait_ms(),
        live.offers_pending(),
        live.active(),
    );
    let available = live
        .queues
        .iter()
        .flat_map(|q| q.agents.iter())
        .filter(|(p, _)| *p == Presence::Available)
        .map(|(_, n)| *n)
        .sum::<i64>();
    view! {
        <p class="muted insights-as-of">{t!(i18n, insights.as_of, time = as_of)}</p>
        <dl class="tiles" aria-label=move || t_string!(i18n, insights.all_queues).to_string()>
            <Tile label=t_string!(i18n, insights.waiting).to_string() test="waiting">{waiting}</Tile>
            <Tile label=t_string!(i18n, insights.longest_wait).to_string() test="longest-wait"><WaitClock waited_ms=longest_wait/></Tile>
            <Tile label=t_string!(i18n, insights.offers_pending).to_string() test="offers">{offers_pending}</Tile>
            <Tile label=t_string!(i18n, insights.active).to_string() test="active">{active}</Tile>
            <Tile label=t_string!(i18n, insights.agents_available).to_string() test="available">{available}</Tile>
            <Tile label=t_string!(i18n, insights.service_level).to_string() test="service-level">{level.percent().map_or_else(|| "—".to_string(), |p| format!("{p} %"))}</Tile>
        </dl>
        <section class="panel panel--flush">
            <table class="table insights-table">
                <caption class="visually-hidden">{t!(i18n, insights.table_caption)}</caption>
                <thead><tr>
                    <th scope="col">{t!(i18n, insights.queue)}</th>
                    <th scope="col" class="num">{t!(i18n, insights.waiting)}</th>
                    <th scope="col">{t!(i18n, insights.longest_wait)}</th>
                    <th scope="col" class="num">{t!(i18n, insights.offers_pending)}</th>
                    <th scope="col" class="num">{t!(i18n, insights.active)}</th>
                    <th scope="col">{t!(i18n, insights.agents)}</th>
                    <th scope="col">{t!(i18n, insights.capacity_used)}</th>
                    <th scope="col">{t!(i18n, insights.service_level)}</th>
                </tr></thead>
                <tbody>{live.queues.into_iter().map(|queue| view! { <QueueRow queue/> }).collect_view()}</tbody>
            </table>
        </section>
        <details class="definition">
            <summary>{t!(i18n, insights.service_level)}</summary>
            <p>{t!(i18n, insights.definition)}</p>
        </details>
    }
    .into_any()
}

#[component]
fn Tile(label: String, test: &'static str, children: Children) -> impl IntoView {
    view! {
        <div class="tile" data-testid=format!("tile-{test}")>
            <dt>{label}</dt>
            <dd>{children()}</dd>
        </div>
    }
}

#[component]
fn QueueRow(queue: LiveQueue) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let members: Vec<_> = queue
        .agents
        .iter()
        .filter(|(_, n)| *n > 0)
        .map(|(presence, n)| {
            let word = crate::labels::presence(locale, *presence);
            view! { <li class=format!("presence presence--{}", presence.key())>{format!("{n} {word}")}</li> }
        })
        .collect();
    let agents = if members.is_empty() {
        view! { <span class="muted">{t!(i18n, insights.no_members)}</span> }.into_any()
    } else {
        view! { <ul class="presence-counts">{members}</ul> }.into_any()
    };
    let capacity = if queue.capacity == 0 {
        view! { <span class="muted">{t!(i18n, insights.no_capacity)}</span> }.into_any()
    } else {
        let (load, capacity) = (queue.load, queue.capacity);
        view! {
            <meter min="0" max=capacity.to_string() value=load.min(capacity).to_string()></meter>
            " "
            <span>{t!(i18n, insights.capacity_of, load = load, capacity = capacity)}</span>
        }
        .into_any()
    };
    // Each cell names its column too: on a phone the rows stack as cards (see main.css).
    view! {
        <tr data-queue=queue.name.clone()>
            <th scope="row">{queue.name.clone()}</th>
            <td class="num" data-label=td_string!(locale, insights.waiting).to_string() data-testid="waiting">{queue.waiting}</td>
            <td data-label=td_string!(locale, insights.longest_wait).to_string() data-testid="longest-wait"><WaitClock waited_ms=queue.longest_wait_ms/></td>
            <td class="num" data-label=td_string!(locale, insights.offers_pending).to_string() data-testid="offers">{queue.offers_pending}</td>
            <td class="num" data-label=td_string!(locale, insights.active).to_string() data-testid="active">{queue.active}</td>
            <td data-label=td_string!(locale, insights.agents).to_string()>{agents}</td>
            <td data-label=td_string!(locale, insights.capacity_used).to_string()>{capacity}</td>
            <td data-label=td_string!(locale, insights.service_level).to_string()><ServiceLevelCell level=queue.service_level/></td>
        </tr>
    }
}

#[component]
fn ServiceLevelCell(level: ServiceLevel) -> impl IntoView {
    let i18n = use_i18n();
    let target = crate::reader::duration(level.target_seconds * 1000);
    match level.percent() {
        Some(percent) => view! {
            <div data-testid="service-level">{t!(i18n, insights.service_level_of, percent = percent, target = target)}</div>
            <div class="cell-secondary">{t!(i18n, insights.service_level_detail, met = level.met, missed = level.missed)}</div>
        }
        .into_any(),
        None => view! { <span class="muted" data-testid="service-level">{t!(i18n, insights.service_level_none, target = target)}</span> }.into_any(),
    }
}
