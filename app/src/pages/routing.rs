use crate::api::routing::{
    get_routing, list_queue_details, test_routing, AddRoutingRule, AddRuleset, ChangeRoutingRule,
    RemoveRuleset, RouteSample, SetRoutingTimeZone, CONDITION_ROWS, OUTPUT_ROWS,
};
use crate::api::time_zones::list_time_zones;
use crate::api::workstreams::get_workstream;
use crate::components::automated_messages::language_name;
use crate::components::field::Field as TextField;
use crate::components::form_error::{field_error, general_error, last_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::route_id::route_id;
use crate::components::time_zone_select::TimeZoneSelect;
use crate::i18n::*;
use crate::labels::fill;
use domain::automated::LANGUAGES;
use domain::queue::{QueueDetail, RouteTest};
use domain::routing::{Condition, Field, Operator, Routing, Rule, WEEKDAYS};
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// Routing rules of a workstream: rulesets in order, rules in order, first match wins; and the
/// "test this rule" panel.
#[component]
pub fn RoutingPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, routing.title).to_string()/>
        <Guarded path="/workstreams"><RoutingContent/></Guarded>
    }
}

#[derive(Clone, Copy)]
struct Actions {
    add_rule: ServerAction<AddRoutingRule>,
    change_rule: ServerAction<ChangeRoutingRule>,
    add_set: ServerAction<AddRuleset>,
    remove_set: ServerAction<RemoveRuleset>,
    time_zone: ServerAction<SetRoutingTimeZone>,
}

/// A condition's field in the reader's language.
fn field_label(locale: Locale, field: Field) -> &'static str {
    match field {
        Field::CustomerName => td_string!(locale, routing.field.customer_name),
        Field::DisplayName => td_string!(locale, routing.field.display_name),
        Field::MessageText => td_string!(locale, routing.field.message_text),
        Field::Language => td_string!(locale, routing.field.language),
        Field::ContactExists => td_string!(locale, routing.field.contact_exists),
        Field::ContactField => td_string!(locale, routing.field.contact_field),
        Field::Variable => td_string!(locale, routing.field.variable),
        Field::TimeOfDay => td_string!(locale, routing.field.time_of_day),
        Field::Weekday => td_string!(locale, routing.field.weekday),
        Field::Account => td_string!(locale, routing.field.account),
    }
}

/// A condition's operator in the reader's language.
fn operator_label(locale: Locale, operator: Operator) -> &'static str {
    match operator {
        Operator::Equals => td_string!(locale, routing.operator.equals),
        Operator::NotEquals => td_string!(locale, routing.operator.not_equals),
        Operator::Contains => td_string!(locale, routing.operator.contains),
        Operator::Matches => td_string!(locale, routing.operator.matches),
        Operator::IsSet => td_string!(locale, routing.operator.is_set),
        Operator::IsEmpty => td_string!(locale, routing.operator.is_empty),
        Operator::Is => td_string!(locale, routing.operator.is),
    }
}

/// A weekday code (`WEEKDAYS`: "mon"…) as the test panel lists it.
fn weekday_label(locale: Locale, code: &str) -> &'static str {
    match code {
        "mon" => td_string!(locale, routing.weekday.mon),
        "tue" => td_string!(locale, routing.weekday.tue),
        "wed" => td_string!(locale, routing.weekday.wed),
        "thu" => td_string!(locale, routing.weekday.thu),
        "fri" => td_string!(locale, routing.weekday.fri),
        "sat" => td_string!(locale, routing.weekday.sat),
        _ => td_string!(locale, routing.weekday.sun),
    }
}

fn describe(locale: Locale, c: &Condition) -> String {
    let key = if c.field.needs_key() {
        fill(
            td_string!(locale, routing.condition.key),
            &[("key", &c.key)],
        )
    } else {
        String::new()
    };
    let template = match c.operator {
        Operator::IsSet | Operator::IsEmpty => td_string!(locale, routing.condition.unary),
        _ => td_string!(locale, routing.condition.binary),
    };
    fill(
        template,
        &[
            ("field", field_label(locale, c.field)),
            ("key", &key),
            ("operator", operator_label(locale, c.operator)),
            ("value", &c.value),
        ],
    )
}

fn queue_name(queues: &[QueueDetail], id: i64) -> String {
    queues
        .iter()
        .find(|q| q.id == id)
        .map_or_else(|| format!("#{id}"), |q| q.name.clone())
}

fn describe_output(locale: Locale, rule: &Rule, queues: &[QueueDetail]) -> String {
    let splits = &rule.output.splits;
    let target = if splits.len() == 1 {
        queue_name(queues, splits[0].queue_id)
    } else {
        splits
            .iter()
            .map(|s| format!("{} {} %", queue_name(queues, s.queue_id), s.percent))
            .collect::<Vec<_>>()
            .join(", ")
    };
    let mut out = format!("→ {target}");
    if rule.output.priority != 0 {
        out.push_str(&fill(
            td_string!(locale, routing.output_priority),
            &[("priority", &rule.output.priority.to_string())],
        ));
    }
    if !rule.output.skills.is_empty() {
        out.push_str(&fill(
            td_string!(locale, routing.output_skills),
            &[("skills", &rule.output.skills.join(", "))],
        ));
    }
    out
}

#[component]
fn RoutingContent() -> impl IntoView {
    let id = route_id();
    let actions = Actions {
        add_rule: ServerAction::new(),
        change_rule: ServerAction::new(),
        add_set: ServerAction::new(),
        remove_set: ServerAction::new(),
        time_zone: ServerAction::new(),
    };
    let routing = Resource::new(
        move || {
            (
                id(),
                actions.add_rule.version().get(),
                actions.change_rule.version().get(),
                actions.add_set.version().get(),
                actions.remove_set.version().get(),
                actions.time_zone.version().get(),
            )
        },
        |(id, ..)| get_routing(id),
    );
    let workstream = Resource::new(id, get_workstream);
    let queues = Resource::new(|| (), |_| list_queue_details());
    // The zone picker's list: the server's tz database, not the wasm's.
    let zones = Resource::new(|| (), |_| list_time_zones());
    let test = test_result(id);
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, routing.loading)}</p> }>
            {move || Suspend::new(async move {
                let queues = queues.await.unwrap_or_default();
                let zones = zones.await.unwrap_or_default();
                let name = workstream.await.map(|w| w.name).unwrap_or_default();
                match routing.await {
                    Ok(routing) => view! { <RoutingBody workstream=id() name routing queues zones actions test/> }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=td_string!(i18n.get_locale_untracked(), routing.not_found) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

#[component]
fn RoutingBody(
    workstream: i64,
    name: String,
    routing: Routing,
    queues: Vec<QueueDetail>,
    /// The time zones to choose from.
    zones: Vec<String>,
    actions: Actions,
    test: TestResult,
) -> impl IntoView {
    let ws = workstream.to_string();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let row_error = Signal::derive(move || {
        last_error(actions.change_rule.value())
            .get()
            .or_else(|| last_error(actions.remove_set.value()).get())
            .or_else(|| general_error(actions.time_zone.value()).get())
    });
    let set_value = actions.add_set.value();
    let zone_error = field_error(actions.time_zone.value(), "time_zone");
    let rulesets = routing
        .rulesets
        .clone()
        .into_iter()
        .enumerate()
        .map(|(si, set)| {
            let rules = set
                .rules
                .clone()
                .into_iter()
                .enumerate()
                .map(|(ri, rule)| {
                    let output = describe_output(locale, &rule, &queues);
                    let join = if rule.match_all {
                        td_string!(locale, routing.join_and)
                    } else {
                        td_string!(locale, routing.join_or)
                    };
                    let when = if rule.conditions.is_empty() {
                        td_string!(locale, routing.always).to_string()
                    } else {
                        rule.conditions.iter().map(|c| describe(locale, c)).collect::<Vec<_>>().join(join)
                    };
                    let buttons = ["up", "down", "remove"].map(|dir| {
                        let label = match dir {
                            "up" => td_string!(locale, routing.move_up),
                            "down" => td_string!(locale, routing.move_down),
                            _ => td_string!(locale, routing.remove),
                        };
                        let aria = fill(td_string!(locale, routing.action_on), &[("action", label), ("rule", &rule.name)]);
                        view! {
                            <ActionForm action=actions.change_rule attr:class="inline-form">
                                <input type="hidden" name="workstream_id" value=workstream.to_string()/>
                                <input type="hidden" name="ruleset" value=si.to_string()/>
                                <input type="hidden" name="rule" value=ri.to_string()/>
                                <input type="hidden" name="direction" value=dir/>
                                <button type="submit" class="button button--small button--ghost" aria-label=aria>{label}</button>
                            </ActionForm>
                        }
                    });
                    view! {
                        <li class="rule" data-rule=rule.name.clone()>
                            <div class="rule__main">
                                <span class="cell-primary">{rule.name.clone()}</span>
                                <span class="cell-secondary">{fill(td_string!(locale, routing.when), &[("conditions", &when)])}</span>
                                <span class="cell-secondary">{output}</span>
                            </div>
                            <div class="cell-actions">
                                <a class="button button--small button--ghost" href=format!("?edit={si}-{ri}#add-rule-heading") aria-label=fill(td_string!(locale, routing.action_on), &[("action", td_string!(locale, routing.edit)), ("rule", &rule.name)])>{t!(i18n, routing.edit)}</a>
                                {buttons.into_iter().collect_view()}
                            </div>
                        </li>
                    }
                })
                .collect_view();
            view! {
                <article class="card" data-ruleset=set.name.clone()>
                    <header class="card__header">
                        <h3>{format!("{}. {}", si + 1, set.name)}</h3>
                        <ActionForm action=actions.remove_set attr:class="inline-form">
                            <input type="hidden" name="workstream_id" value=workstream.to_string()/>
                            <input type="hidden" name="ruleset" value=si.to_string()/>
                            <button type="submit" class="button button--small button--danger">{t!(i18n, routing.remove_ruleset)}</button>
                        </ActionForm>
                    </header>
                    {if set.rules.is_empty() {
                        view! { <p class="muted">{t!(i18n, routing.no_rules)}</p> }.into_any()
                    } else {
                        view! { <ol class="rule-list">{rules}</ol> }.into_any()
                    }}
                </article>
            }
        })
        .collect_view();
    let has_sets = !routing.rulesets.is_empty();
    // "?edit=2-1" opens rule 1 of ruleset 2 in the form below, filled in (a link, so it works
    // without JavaScript); saving puts it back in its place.
    let query = use_query_map();
    let sets = routing.rulesets.clone();
    let rule_form = move || {
        let editing = query
            .read()
            .get("edit")
            .and_then(|e| {
                let (si, ri) = e.split_once('-')?;
                Some((si.parse::<usize>().ok()?, ri.parse::<usize>().ok()?))
            })
            .and_then(|(si, ri)| Some((si, ri, sets.get(si)?.rules.get(ri)?.clone())));
        view! { <RuleForm workstream sets=sets.clone() queues=queues.clone() editing action=actions.add_rule/> }
    };
    view! {
        <div class="page-header">
            <p class="breadcrumb"><a href="/workstreams">{t!(i18n, page.workstreams)}</a>" / "<a href=format!("/workstreams/{ws}")>{name.clone()}</a></p>
            <h1>{t!(i18n, routing.title)}</h1>
            <p class="muted">{t!(i18n, routing.intro)}</p>
        </div>
        <FormError error=row_error/>
        <div class="layout-two">
            <section class="panel" aria-labelledby="rulesets-heading">
                <h2 id="rulesets-heading">{t!(i18n, routing.rulesets)}</h2>
                <ActionForm action=actions.time_zone attr:class="inline-form">
                    <input type="hidden" name="workstream_id" value=workstream.to_string()/>
                    <label for="routing-time-zone">{t!(i18n, routing.time_zone)}</label>
                    <TimeZoneSelect id="routing-time-zone" name="time_zone" current=routing.time_zone.clone() zones
                        described_by=Signal::derive(|| "routing-time-zone-error".to_string())
                        invalid=Signal::derive(move || zone_error.get().is_some())/>
                    <button type="submit" class="button button--small">{t!(i18n, routing.save)}</button>
                    <p class="field__error" id="routing-time-zone-error" role="alert">{move || zone_error.get()}</p>
                </ActionForm>
                {if has_sets { rulesets.into_any() } else { view! { <p class="muted">{t!(i18n, routing.no_rulesets)}</p> }.into_any() }}
                <h3>{t!(i18n, routing.add_ruleset)}</h3>
                <FormError error=general_error(set_value)/>
                <ActionForm action=actions.add_set attr:class="inline-form">
                    <input type="hidden" name="workstream_id" value=workstream.to_string()/>
                    <label for="ruleset-name">{t!(i18n, routing.name)}</label>
                    <input id="ruleset-name" name="name" required/>
                    <button type="submit" class="button button--small">{t!(i18n, routing.add_ruleset)}</button>
                    <p class="field__error" role="alert">{move || field_error(set_value, "name").get()}</p>
                </ActionForm>
            </section>
            <section class="panel" aria-labelledby="test-heading">
                <h2 id="test-heading">{t!(i18n, routing.test_heading)}</h2>
                <TestPanel test/>
            </section>
        </div>
        {has_sets.then_some(rule_form)}
    }
}

/// Adds a rule, or edits one in its place (`editing`: ruleset, position, the rule).
#[component]
fn RuleForm(
    workstream: i64,
    sets: Vec<domain::routing::Ruleset>,
    queues: Vec<QueueDetail>,
    editing: Option<(usize, usize, Rule)>,
    action: ServerAction<AddRoutingRule>,
) -> impl IntoView {
    let rule_value = action.value();
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rule = editing.as_ref().map(|(_, _, r)| r.clone());
    let condition = |row: usize| {
        rule.as_ref()
            .and_then(|r| r.conditions.get(row - 1).cloned())
    };
    let split = |row: usize| {
        rule.as_ref()
            .and_then(|r| r.output.splits.get(row - 1).cloned())
    };
    let queue_options = |chosen: Option<i64>, with_blank: bool| {
        let blank = with_blank.then(|| view! { <option value="">"—"</option> });
        let rest = queues
            .iter()
            .map(|q| view! { <option value=q.id.to_string() selected=chosen == Some(q.id)>{q.name.clone()}</option> })
            .collect_view();
        view! { {blank}{rest} }
    };
    let condition_rows = (1..=CONDITION_ROWS)
        .map(|row| {
            let now = condition(row);
            let f = format!("c{row}_field");
            let (fid, kid, oid, vid) = (
                format!("c{row}-field"),
                format!("c{row}-key"),
                format!("c{row}-operator"),
                format!("c{row}-value"),
            );
            let (ffor, kfor, ofor, vfor) = (fid.clone(), kid.clone(), oid.clone(), vid.clone());
            let error = field_error(rule_value, ["condition1", "condition2", "condition3"][row - 1]);
            let (field_now, operator_now) = (now.as_ref().map(|c| c.field), now.as_ref().map(|c| c.operator));
            view! {
                <fieldset class="condition-row">
                    <legend>{t!(i18n, routing.condition_n, n = row)}</legend>
                    <label for=ffor>{t!(i18n, routing.field_label)}</label>
                    <select id=fid name=f>
                        <option value="">{t!(i18n, routing.no_field)}</option>
                        {Field::ALL.into_iter().map(|f| view! { <option value=f.key() selected=field_now == Some(f)>{move || field_label(i18n.get_locale(), f)}</option> }).collect_view()}
                    </select>
                    <label for=kfor>{t!(i18n, routing.name)}</label>
                    <input id=kid name=format!("c{row}_key") class="input--narrow" placeholder=move || t_string!(i18n, routing.key_placeholder).to_string() value=now.as_ref().map(|c| c.key.clone())/>
                    <label for=ofor>{t!(i18n, routing.operator_label)}</label>
                    <select id=oid name=format!("c{row}_operator")>
                        {Operator::ALL.into_iter().map(|o| view! { <option value=o.key() selected=operator_now == Some(o)>{move || operator_label(i18n.get_locale(), o)}</option> }).collect_view()}
                    </select>
                    <label for=vfor>{t!(i18n, routing.value_label)}</label>
                    <input id=vid name=format!("c{row}_value") placeholder=move || t_string!(i18n, routing.value_placeholder).to_string() value=now.as_ref().map(|c| c.value.clone())/>
                    <p class="field__error" role="alert">{move || error.get()}</p>
                </fieldset>
            }
        })
        .collect_view();
    let output_rows = (1..=OUTPUT_ROWS)
        .map(|row| {
            let now = split(row);
            let (qid, pid) = (format!("q{row}"), format!("p{row}"));
            let (qfor, pfor) = (qid.clone(), pid.clone());
            // A lone queue's 100 % stays implicit, as it was typed.
            let share = now.as_ref().filter(|s| !(row == 1 && s.percent == 100)).map(|s| s.percent.to_string());
            view! {
                <div class="output-row">
                    <label for=qfor>{t!(i18n, routing.queue_n, n = row)}</label>
                    <select id=qid.clone() name=qid>{queue_options(now.as_ref().map(|s| s.queue_id), row > 1)}</select>
                    <label for=pfor>{t!(i18n, routing.share)}</label>
                    <input id=pid.clone() name=pid type="number" min="1" max="100" class="input--narrow" placeholder=if row == 1 { "100" } else { "" } value=share/>
                </div>
            }
        })
        .collect_view();
    let (heading, button, done) = match &editing {
        Some((_, _, r)) => (
            fill(td_string!(locale, routing.edit_rule), &[("name", &r.name)]),
            td_string!(locale, routing.save_rule),
            td_string!(locale, routing.rule_saved),
        ),
        None => (
            td_string!(locale, routing.add_rule).to_string(),
            td_string!(locale, routing.add_rule),
            td_string!(locale, routing.rule_added),
        ),
    };
    let ruleset_field = match &editing {
        Some((si, ri, _)) => view! {
            <input type="hidden" name="ruleset" value=si.to_string()/>
            <input type="hidden" name="replace" value=ri.to_string()/>
            <p class="muted">{fill(td_string!(locale, routing.in_ruleset), &[("n", &(si + 1).to_string()), ("name", &sets.get(*si).map(|s| s.name.clone()).unwrap_or_default())])}</p>
        }.into_any(),
        None => view! {
            <div class="field">
                <label for="rule-ruleset">{t!(i18n, routing.ruleset)}</label>
                <select id="rule-ruleset" name="ruleset">
                    {sets.iter().enumerate().map(|(i, s)| view! { <option value=i.to_string()>{s.name.clone()}</option> }).collect_view()}
                </select>
            </div>
        }.into_any(),
    };
    let rule_name = rule.as_ref().map(|r| r.name.clone()).unwrap_or_default();
    let match_any = rule.as_ref().is_some_and(|r| !r.match_all);
    let priority = rule.as_ref().map_or(0, |r| r.output.priority).to_string();
    let skills = rule
        .as_ref()
        .map(|r| r.output.skills.join(", "))
        .unwrap_or_default();
    let editing_now = editing.is_some();
    view! {
        <section class="panel" aria-labelledby="add-rule-heading" data-testid="rule-form">
            <h2 id="add-rule-heading">{heading}</h2>
            {move || (!editing_now && matches!(rule_value.get(), Some(Ok(())))).then(|| view! { <div class="alert alert--success" role="status">{done}</div> })}
            <FormError error=general_error(rule_value)/>
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="workstream_id" value=workstream.to_string()/>
                {ruleset_field}
                <TextField label=move || t_string!(i18n, routing.rule_name).to_string() name="name" required=true value=rule_name error=field_error(rule_value, "name")/>
                <div class="field">
                    <label for="rule-match">{t!(i18n, routing.match_label)}</label>
                    <select id="rule-match" name="match_all">
                        <option value="all">{t!(i18n, routing.match_all)}</option>
                        <option value="any" selected=match_any>{t!(i18n, routing.match_any)}</option>
                    </select>
                    <p class="field__hint">{t!(i18n, routing.no_conditions_hint)}</p>
                </div>
                {condition_rows}
                <fieldset class="outputs">
                    <legend>{t!(i18n, routing.route_to)}</legend>
                    {output_rows}
                    <p class="field__hint">{t!(i18n, routing.split_hint)}</p>
                    <p class="field__error" role="alert">{move || field_error(rule_value, "output").get()}</p>
                </fieldset>
                <TextField label=move || t_string!(i18n, routing.priority).to_string() name="priority_typed" kind="number" value=priority error=field_error(rule_value, "priority")/>
                <TextField label=move || t_string!(i18n, routing.skills).to_string() name="skills" placeholder=move || t_string!(i18n, routing.skills_placeholder).to_string() value=skills error=field_error(rule_value, "skills")/>
                <div class="button-row">
                    <button type="submit" class="button button--primary">{button}</button>
                    {editing_now.then(|| view! { <a class="button button--ghost" href=format!("/workstreams/{workstream}/routing")>{t!(i18n, routing.cancel)}</a> })}
                </div>
            </ActionForm>
        </section>
    }
}

type TestResult = Resource<Option<Result<RouteTest, domain::AppError>>>;

/// The panel's answer for the sample in the address (None before the first test).
fn test_result(workstream: impl Fn() -> i64 + Copy + Send + Sync + 'static) -> TestResult {
    let query = use_query_map();
    Resource::new(
        move || {
            let q = query.read();
            q.get("test").map(|_| {
                let sample = RouteSample {
                    display_name: q.get("display_name").unwrap_or_default(),
                    customer_name: q.get("customer_name").unwrap_or_default(),
                    message_text: q.get("message_text").unwrap_or_default(),
                    language: q.get("language").unwrap_or_default(),
                    account: q.get("account").unwrap_or_default(),
                    time: q.get("time").unwrap_or_else(|| "10:00".into()),
                    weekday: q.get("weekday").unwrap_or_else(|| "mon".into()),
                };
                (workstream(), q.get("contact_exists").is_some(), sample)
            })
        },
        move |sample| async move {
            match sample {
                None => None,
                Some((ws, contact_exists, sample)) => {
                    Some(test_routing(ws, contact_exists, sample).await)
                }
            }
        },
    )
}

/// A plain GET form (works without JavaScript): the sample comes back in the address and the
/// page shows which rule it matches.
#[component]
fn TestPanel(test: TestResult) -> impl IntoView {
    let query = use_query_map();
    let get = move |key: &str| query.read().get(key).unwrap_or_default();
    let result = test;
    let weekday = get("weekday");
    let language = get("language");
    let i18n = use_i18n();
    view! {
        <form method="get" class="form test-panel">
            <input type="hidden" name="test" value="1"/>
            <div class="field"><label for="t-display">{t!(i18n, routing.test.display_name)}</label><input id="t-display" name="display_name" value=get("display_name")/></div>
            <div class="field"><label for="t-customer">{t!(i18n, routing.test.customer_name)}</label><input id="t-customer" name="customer_name" value=get("customer_name")/></div>
            <div class="field"><label for="t-text">{t!(i18n, routing.test.first_message)}</label><input id="t-text" name="message_text" value=get("message_text")/></div>
            <div class="field">
                <label for="t-language">{t!(i18n, routing.test.language)}</label>
                <select id="t-language" name="language">
                    <option value="">"—"</option>
                    {LANGUAGES.iter().map(|(code, _)| view! { <option value=*code selected=language == *code>{move || language_name(i18n.get_locale(), code)}</option> }).collect_view()}
                </select>
            </div>
            <div class="field field--check"><label><input type="checkbox" name="contact_exists" checked=!get("contact_exists").is_empty()/>" "{t!(i18n, routing.test.contact_exists)}</label></div>
            <div class="field"><label for="t-account">{t!(i18n, routing.test.account)}</label><input id="t-account" name="account" value=get("account")/></div>
            <div class="field"><label for="t-time">{t!(i18n, routing.test.time)}</label><input id="t-time" name="time" class="input--narrow" value=if get("time").is_empty() { "10:00".to_string() } else { get("time") }/></div>
            <div class="field">
                <label for="t-weekday">{t!(i18n, routing.test.weekday)}</label>
                <select id="t-weekday" name="weekday">
                    {WEEKDAYS.iter().map(|d| view! { <option value=*d selected=weekday == *d>{move || weekday_label(i18n.get_locale(), d)}</option> }).collect_view()}
                </select>
            </div>
            <button type="submit" class="button button--secondary">{t!(i18n, routing.test.submit)}</button>
        </form>
        <Suspense fallback=|| ()>
            {move || Suspend::new(async move {
                match result.await {
                    None => None,
                    Some(Ok(test)) => Some(view! {
                        <div class="alert alert--info test-result" role="status" data-testid="route-test">
                            {match test.matched {
                                Some((set, rule)) => t!(i18n, routing.test.matches, rule = rule, set = set, queue = test.queue_name.clone()).into_any(),
                                None => t!(i18n, routing.test.no_match, queue = test.queue_name.clone()).into_any(),
                            }}
                            {(test.priority != 0).then(|| fill(td_string!(i18n.get_locale_untracked(), routing.output_priority), &[("priority", &test.priority.to_string())]))}
                            {(!test.skills.is_empty()).then(|| fill(td_string!(i18n.get_locale_untracked(), routing.output_skills), &[("skills", &test.skills.join(", "))]))}
                        </div>
                    }.into_any()),
                    Some(Err(err)) => Some(view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any()),
                }
            })}
        </Suspense>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn condition(field: Field, key: &str, operator: Operator, value: &str) -> Condition {
        Condition {
            field,
            key: key.into(),
            operator,
            value: value.into(),
        }
    }

    /// The English text is the one the portal showed before the catalogues (end-to-end tests
    /// read it), spaces included.
    #[test]
    fn conditions_read_as_before_in_english() {
        let english = Locale::en;
        let c = condition(Field::Variable, "tier", Operator::Equals, "gold");
        assert_eq!(
            describe(english, &c),
            "Context variable “tier” equals “gold”"
        );
        let c = condition(Field::CustomerName, "", Operator::IsSet, "");
        assert_eq!(describe(english, &c), "Customer name is set");
        assert_eq!(td_string!(english, routing.join_and), " and ");
        assert_eq!(
            fill(
                td_string!(english, routing.output_priority),
                &[("priority", "2")]
            ),
            " · priority 2"
        );
        assert_eq!(
            fill(
                td_string!(english, routing.action_on),
                &[("action", "Move up"), ("rule", "VIP")]
            ),
            "Move up: VIP"
        );
    }

    #[test]
    fn conditions_read_in_japanese() {
        let c = condition(Field::MessageText, "", Operator::Contains, "返金");
        assert_eq!(
            describe(Locale::ja, &c),
            "メッセージのテキスト 次の値を含む「返金」"
        );
    }
}
