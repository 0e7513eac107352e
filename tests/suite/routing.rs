//! Routing and distribution end to end: rules route new conversations, push offers work to
//! available agents within capacity, declines and presence move work on, picking is a race
//! exactly one agent wins, supervisors transfer, and bots answer first and hand off.

use crate::accounts::admin;
use crate::db_tests;
use crate::engine::{deliver, now, world, World};
use axum::routing::post;
use domain::agent::Presence;
use domain::audit::AuditQuery;
use domain::bot::{BotConfig, BotKind, Faq};
use domain::queue::TransferTarget;
use domain::routing::{Condition, Facts, Field, Operator, Output, Routing, Rule, Ruleset, Split};
use domain::user::{ClientInfo, CurrentUser, NewUser};
use domain::workstream::{ChannelConfig, NewWorkstream, WrapUpBlock};
use domain::{AppError, Role};
use linedesk::db::{conversations, messages, Db};
use linedesk::engine::distribution;
use serde_json::json;
use std::sync::{Arc, Mutex};

db_tests!(
    rules_route_to_queues_and_the_panel_tells_which_rule_matched,
    twenty_conversations_are_offered_within_capacity_declines_and_presence_move_work,
    two_agents_picking_at_once_exactly_one_wins,
    supervisors_transfer_and_agents_keep_off_colleagues_conversations,
    the_builtin_bot_answers_faqs_and_hands_off_on_request,
    the_external_bot_is_signed_and_hands_off_when_it_fails,
    an_external_bot_on_a_non_public_address_is_refused_and_nothing_is_posted,
);

fn client() -> ClientInfo {
    ClientInfo::default()
}

fn line_user(n: usize) -> String {
    format!("U{:0>32}", format!("{n:x}"))
}

fn message_from(user: &str, id: &str, text: &str) -> serde_json::Value {
    json!({ "destination": "Ubot", "events": [{
        "type": "message", "mode": "active", "timestamp": now(),
        "source": { "type": "user", "userId": user },
        "webhookEventId": format!("evt-{id}"), "deliveryContext": { "isRedelivery": false },
        "replyToken": format!("reply-{id}"),
        "message": { "id": id, "type": "text", "text": text, "quoteToken": "q" }
    }]})
}

pub async fn staff(w: &World, name: &str, role: Role) -> CurrentUser {
    let email = format!("{}@example.com", name.to_lowercase());
    let view = w
        .desk
        .state
        .services
        .users
        .create(
            &admin(),
            NewUser {
                email: email.clone(),
                display_name: name.into(),
                password: "correct horse battery staple".into(),
                role,
            },
            &client(),
        )
        .await
        .unwrap();
    CurrentUser {
        id: view.id,
        email,
        display_name: name.into(),
        role,
    }
}

/// A workstream whose live LINE channel uses the world's account; returns (id, fallback queue).
pub async fn workstream(w: &World, mode: &str) -> (i64, i64) {
    let ws = w.desk.state.services.workstreams.clone();
    let id = ws
        .create(
            &admin(),
            NewWorkstream {
                name: format!("LINE {mode}"),
                mode: mode.into(),
                fallback_queue_id: None,
                new_queue_name: Some(format!("General {mode}")),
            },
            &client(),
        )
        .await
        .unwrap();
    ws.set_channel_account(&admin(), id, w.account_id, &client())
        .await
        .unwrap();
    ws.update_channel(&admin(), id, ChannelConfig::default(), &client())
        .await
        .unwrap();
    ws.finish_channel(&admin(), id, &client()).await.unwrap();
    let queue = ws.get(id).await.unwrap().fallback_queue.id;
    (id, queue)
}

fn rule(name: &str, conditions: Vec<Condition>, splits: Vec<(i64, u32)>, priority: i32) -> Rule {
    Rule {
        name: name.into(),
        match_all: true,
        conditions,
        output: Output {
            splits: splits
                .into_iter()
                .map(|(queue_id, percent)| Split { queue_id, percent })
                .collect(),
            priority,
            skills: vec![],
        },
    }
}

fn text_contains(value: &str) -> Condition {
    Condition {
        field: Field::MessageText,
        key: String::new(),
        operator: Operator::Contains,
        value: value.into(),
    }
}

async fn conversation_of(w: &World, user: &str) -> conversations::ConversationRow {
    conversations::find_open(&w.db.pool, w.account_id, user)
        .await
        .unwrap()
        .expect("an open conversation")
}

async fn pending_offers(w: &World) -> Vec<(i64, i64)> {
    sqlx::query_as::<_, (i64, i64)>(
        "SELECT conversation_id, user_id FROM offers WHERE state = 'offered' ORDER BY id",
    )
    .fetch_all(&w.db.pool)
    .await
    .unwrap()
}

fn conflict(err: AppError) -> String {
    match err {
        AppError::Conflict(problem) => problem.to_string(),
        other => panic!("expected a conflict, got {other:?}"),
    }
}

async fn rules_route_to_queues_and_the_panel_tells_which_rule_matched(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (ws, fallback) = workstream(&w, "push").await;
    let billing = routing
        .create_queue(&admin(), "Billing", 10, &client())
        .await
        .unwrap();
    // Names are unique and a rule can only route to queues that exist.
    let err = routing
        .create_queue(&admin(), "billing ", 0, &client())
        .await
        .err();
    assert!(err.is_none() || err.unwrap().field("name").is_some());
    let bad = Routing {
        time_zone: "UTC".into(),
        rulesets: vec![Ruleset {
            name: "Main".into(),
            rules: vec![rule("Ghost", vec![], vec![(9999, 100)], 0)],
        }],
    };
    assert!(routing
        .save_routing(&admin(), ws, bad, &client())
        .await
        .unwrap_err()
        .field("rules")
        .is_some());
    let good = Routing {
        time_zone: "Asia/Tokyo".into(),
        rulesets: vec![Ruleset {
            name: "Main".into(),
            rules: vec![rule(
                "Refunds",
                vec![text_contains("refund")],
                vec![(billing, 100)],
                5,
            )],
        }],
    };
    routing
        .save_routing(&admin(), ws, good.clone(), &client())
        .await
        .unwrap();
    assert_eq!(routing.routing(ws).await.unwrap(), good);

    // The panel: which rule a sample conversation matches, else the fallback queue.
    let sample = Facts {
        message_text: Some("I want a REFUND".into()),
        at: now(),
        ..Facts::default()
    };
    let test = routing.test_routing(ws, sample).await.unwrap();
    assert_eq!(test.matched, Some(("Main".into(), "Refunds".into())));
    assert_eq!((test.queue_name.as_str(), test.priority), ("Billing", 5));
    let other = routing
        .test_routing(
            ws,
            Facts {
                message_text: Some("hello".into()),
                ..Facts::default()
            },
        )
        .await
        .unwrap();
    assert_eq!(
        (other.matched, other.queue_name.as_str()),
        (None, "General push")
    );

    // The engine routes real conversations the same way.
    deliver(&w, message_from(&line_user(1), "m1", "refund please")).await;
    deliver(&w, message_from(&line_user(2), "m2", "hello")).await;
    let refund = conversation_of(&w, &line_user(1)).await;
    let hello = conversation_of(&w, &line_user(2)).await;
    assert_eq!(
        (refund.queue_id, refund.state.as_str()),
        (Some(billing), "waiting")
    );
    assert_eq!(refund.routed_by.as_deref(), Some("rule: Main / Refunds"));
    assert_eq!(
        (hello.queue_id, hello.routed_by.as_deref()),
        (Some(fallback), Some("fallback"))
    );

    // A queue a rule routes to can't be deleted; the refusal names the rule.
    let err = routing
        .delete_queue(&admin(), billing, &client())
        .await
        .unwrap_err();
    assert!(conflict(err).contains("Refunds"));
    let spare = routing
        .create_queue(&admin(), "Spare", 0, &client())
        .await
        .unwrap();
    routing
        .delete_queue(&admin(), spare, &client())
        .await
        .unwrap();
    assert!(routing
        .queues()
        .await
        .unwrap()
        .iter()
        .all(|q| q.id != spare));

    // Every configuration change is audited.
    let audit = w.desk.state.services.audit.clone();
    for action in ["queue.create", "workstream.routing", "queue.delete"] {
        let entries = audit
            .list(AuditQuery {
                action: Some(action.into()),
                limit: 10,
                ..AuditQuery::default()
            })
            .await
            .unwrap();
        assert!(!entries.is_empty(), "{action} audited");
    }
}

async fn twenty_conversations_are_offered_within_capacity_declines_and_presence_move_work(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (ws, queue) = workstream(&w, "push").await;
    // Capacity comes back as soon as a conversation ends.
    let workstreams = w.desk.state.services.workstreams.clone();
    let mut settings = workstreams.get(ws).await.unwrap().settings;
    settings.distribution.wrap_up_block = WrapUpBlock::Never;
    workstreams
        .update_settings(&admin(), ws, settings, &client())
        .await
        .unwrap();
    let ana = staff(&w, "Ana", Role::Agent).await;
    let ben = staff(&w, "Ben", Role::Agent).await;
    let idle = staff(&w, "Idle", Role::Agent).await;
    routing
        .set_queue_members(&admin(), queue, vec![ana.id, ben.id, idle.id], &client())
        .await
        .unwrap();
    for agent in [&ana, &ben] {
        routing
            .set_agent(&admin(), agent.id, 3, vec!["line".into()], &client())
            .await
            .unwrap();
        routing
            .set_presence(agent, Presence::Available)
            .await
            .unwrap();
    }
    // Idle never says they are available: offline agents get no work.
    for n in 0..20 {
        deliver(
            &w,
            message_from(&line_user(100 + n), &format!("c{n}"), "help"),
        )
        .await;
    }
    let offered = distribution::distribute(&w.engine).await.unwrap();
    assert_eq!(offered, 6, "3 each, within capacity");
    let offers = pending_offers(&w).await;
    for agent in [&ana, &ben] {
        assert_eq!(offers.iter().filter(|(_, u)| *u == agent.id).count(), 3);
    }
    assert!(offers.iter().all(|(_, u)| *u != idle.id));
    // Another round offers nothing more: everyone is full.
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 0);

    // Ana declines one: it is not offered to her again, and she gets another one instead.
    let declined = offers.iter().find(|(_, u)| *u == ana.id).unwrap().0;
    routing.decline_offer(&ana, declined).await.unwrap();
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 1);
    let offers = pending_offers(&w).await;
    assert!(
        offers.iter().all(|(c, _)| *c != declined),
        "Ben is full, Ana declined"
    );
    assert_eq!(offers.iter().filter(|(_, u)| *u == ana.id).count(), 3);

    // Both accept everything offered: six active conversations, three each.
    for (conversation, user) in offers {
        let agent = if user == ana.id { &ana } else { &ben };
        routing.accept_offer(agent, conversation).await.unwrap();
    }
    let inbox = w.desk.state.services.conversations.clone();
    let mine = inbox.list_open(&ben).await.unwrap();
    assert_eq!(mine.iter().filter(|c| c.mine).count(), 3);
    // An accepted offer can't be accepted twice.
    let taken = mine.iter().find(|c| c.mine).unwrap().id;
    assert!(
        conflict(routing.accept_offer(&ben, taken).await.unwrap_err()).contains("no longer open")
    );

    // Ben ends one: the declined conversation moves on to him.
    inbox.end(&ben, taken).await.unwrap();
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 1);
    assert_eq!(pending_offers(&w).await, vec![(declined, ben.id)]);

    // Ben goes offline: his offer is withdrawn and new work goes to Ana only.
    routing.set_presence(&ben, Presence::Offline).await.unwrap();
    assert!(pending_offers(&w).await.is_empty());
    let anas = inbox.list_open(&ana).await.unwrap();
    let finished = anas.iter().find(|c| c.mine).unwrap().id;
    inbox.end(&ana, finished).await.unwrap();
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 1);
    let offers = pending_offers(&w).await;
    assert_eq!(offers.len(), 1);
    assert_eq!(offers[0].1, ana.id);
    // Agents see their own and their offers; the conversations waiting in their queue too.
    let listed = inbox.list_open(&ana).await.unwrap();
    assert!(listed.iter().any(|c| c.offer_expires_at.is_some()));
    assert!(listed.iter().all(|c| c.assigned_to.is_none() || c.mine));
    let active: i64 = sqlx::query_scalar(
        "SELECT COUNT(*) FROM conversations WHERE state = 'active' AND assigned_user_id = $1",
    )
    .bind(ana.id)
    .fetch_one(&w.db.pool)
    .await
    .unwrap();
    assert!(active <= 3);
}

async fn two_agents_picking_at_once_exactly_one_wins(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (_, queue) = workstream(&w, "pick").await;
    let mut agents = Vec::new();
    for name in ["Pia", "Quinn", "Rui", "Sam", "Tove", "Uma"] {
        agents.push(staff(&w, name, Role::Agent).await);
    }
    let outsider = staff(&w, "Outsider", Role::Agent).await;
    routing
        .set_queue_members(
            &admin(),
            queue,
            agents.iter().map(|a| a.id).collect(),
            &client(),
        )
        .await
        .unwrap();
    deliver(&w, message_from(&line_user(7), "p1", "anyone?")).await;
    let conversation = conversation_of(&w, &line_user(7)).await;
    assert_eq!(conversation.state.as_str(), "waiting");
    // Pick workstreams make no offers: agents pick from their queues.
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 0);
    let listed = w
        .desk
        .state
        .services
        .conversations
        .list_open(&agents[0])
        .await
        .unwrap();
    assert!(listed.iter().any(|c| c.id == conversation.id && c.can_pick));
    assert!(w
        .desk
        .state
        .services
        .conversations
        .list_open(&outsider)
        .await
        .unwrap()
        .is_empty());
    assert!(
        conflict(routing.pick(&outsider, conversation.id).await.unwrap_err()).contains("queue")
    );

    let attempts = agents.iter().cloned().map(|agent| {
        let routing = routing.clone();
        tokio::spawn(async move { (agent.id, routing.pick(&agent, conversation.id).await) })
    });
    let mut winners = Vec::new();
    for attempt in attempts {
        let (id, result) = attempt.await.unwrap();
        match result {
            Ok(()) => winners.push(id),
            Err(err) => assert!(conflict(err).contains("picked this conversation first")),
        }
    }
    assert_eq!(winners.len(), 1, "exactly one pick wins");
    let row = conversations::get(&w.db.pool, conversation.id)
        .await
        .unwrap()
        .unwrap();
    assert_eq!(
        (row.assigned_user_id, row.state.as_str()),
        (Some(winners[0]), "active")
    );
}

async fn supervisors_transfer_and_agents_keep_off_colleagues_conversations(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let inbox = w.desk.state.services.conversations.clone();
    let (_, queue) = workstream(&w, "push").await;
    let vip = routing
        .create_queue(&admin(), "VIP", 100, &client())
        .await
        .unwrap();
    let ana = staff(&w, "Ana", Role::Agent).await;
    let ben = staff(&w, "Ben", Role::Agent).await;
    let sue = staff(&w, "Sue", Role::Supervisor).await;
    routing
        .set_queue_members(&admin(), queue, vec![ana.id, ben.id], &client())
        .await
        .unwrap();
    deliver(&w, message_from(&line_user(9), "t1", "hello")).await;
    let id = conversation_of(&w, &line_user(9)).await.id;
    // Agents can't transfer.
    assert!(matches!(
        routing
            .transfer(&ana, id, TransferTarget::Agent(ana.id), &client())
            .await,
        Err(AppError::Forbidden)
    ));
    routing
        .transfer(&sue, id, TransferTarget::Agent(ana.id), &client())
        .await
        .unwrap();
    let row = conversations::get(&w.db.pool, id).await.unwrap().unwrap();
    assert_eq!(
        (row.assigned_user_id, row.state.as_str()),
        (Some(ana.id), "active")
    );
    // Ben can't answer Ana's conversation; Ana can.
    let err = inbox.reply(&ben, id, "I'll take it").await.unwrap_err();
    assert!(conflict(err).contains("Ana is handling"));
    inbox.reply(&ana, id, "Hi, Ana here").await.unwrap();
    assert!(inbox
        .list_open(&ben)
        .await
        .unwrap()
        .iter()
        .all(|c| c.id != id));
    // To another queue: unassigned, waiting there.
    routing
        .transfer(&sue, id, TransferTarget::Queue(vip), &client())
        .await
        .unwrap();
    let row = conversations::get(&w.db.pool, id).await.unwrap().unwrap();
    assert_eq!(
        (row.assigned_user_id, row.queue_id, row.state.as_str()),
        (None, Some(vip), "waiting")
    );
    // The supervisor sees every queue's work; the detail offers the transfer.
    assert!(inbox
        .list_open(&sue)
        .await
        .unwrap()
        .iter()
        .any(|c| c.id == id));
    assert!(inbox.get_for(&sue, id, None).await.unwrap().can_transfer);
    // The agent no longer works on it: it waits in a queue she is not in.
    assert!(matches!(
        inbox.get_for(&ana, id, None).await,
        Err(AppError::Forbidden)
    ));
    let audited = w
        .desk
        .state
        .services
        .audit
        .list(AuditQuery {
            action: Some("conversation.transfer".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert_eq!(audited.len(), 2);
}

fn faq_bot() -> BotConfig {
    BotConfig {
        enabled: true,
        kind: BotKind::Builtin,
        faqs: vec![Faq {
            language: String::new(),
            keywords: vec!["opening hours".into()],
            answer: "We are open 9:00-18:00.".into(),
            quick_replies: vec!["Thanks".into(), "Agent".into()],
        }],
        ..BotConfig::default()
    }
}

async fn bot_texts(w: &World, conversation: i64) -> Vec<String> {
    messages::list(&w.db.pool, conversation)
        .await
        .unwrap()
        .into_iter()
        .filter(|m| m.payload.contains("\"automated\":\"bot\""))
        .filter_map(|m| m.body)
        .collect()
}

async fn the_builtin_bot_answers_faqs_and_hands_off_on_request(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (ws, _) = workstream(&w, "push").await;
    routing
        .save_bot(&admin(), ws, faq_bot(), None, &client())
        .await
        .unwrap();
    let user = line_user(21);
    deliver(
        &w,
        message_from(&user, "b1", "What are your opening hours?"),
    )
    .await;
    let conversation = conversation_of(&w, &user).await;
    assert_eq!(
        (conversation.bot_active, conversation.state.as_str()),
        (1, "open")
    );
    assert_eq!(
        bot_texts(&w, conversation.id).await,
        vec!["We are open 9:00-18:00."]
    );
    // The answer carries the quick replies to LINE.
    let stored = messages::list(&w.db.pool, conversation.id).await.unwrap();
    assert!(stored.iter().any(|m| m.payload.contains("quickReply")));
    // No agent is offered a conversation the bot is answering.
    assert_eq!(distribution::distribute(&w.engine).await.unwrap(), 0);

    deliver(&w, message_from(&user, "b2", "Agent")).await;
    let conversation = conversation_of(&w, &user).await;
    assert_eq!(
        (conversation.bot_active, conversation.state.as_str()),
        (0, "waiting")
    );
    assert_eq!(
        bot_texts(&w, conversation.id).await,
        vec!["We are open 9:00-18:00.", "Connecting you with an agent."]
    );
    let note = messages::list(&w.db.pool, conversation.id)
        .await
        .unwrap()
        .into_iter()
        .find(|m| m.kind == "handoff")
        .unwrap();
    assert!(note.body.unwrap().contains("asked for an agent"));
    // After the hand-off the bot stays quiet.
    deliver(&w, message_from(&user, "b3", "opening hours?")).await;
    assert_eq!(bot_texts(&w, conversation.id).await.len(), 2);

    // Pick workstreams can't have a bot.
    let pick = w
        .desk
        .state
        .services
        .workstreams
        .create(
            &admin(),
            NewWorkstream {
                name: "Pickers".into(),
                mode: "pick".into(),
                fallback_queue_id: None,
                new_queue_name: Some("Pickers".into()),
            },
            &client(),
        )
        .await
        .unwrap();
    let err = routing
        .save_bot(&admin(), pick, faq_bot(), None, &client())
        .await
        .unwrap_err();
    assert!(err.field("enabled").unwrap().contains("push"));
}

/// A bot server for the test: answers per the customer's text, recording the signatures.
async fn external_bot() -> (String, Arc<Mutex<Vec<(String, String)>>>) {
    let seen = Arc::new(Mutex::new(Vec::new()));
    let record = seen.clone();
    let app = axum::Router::new().route(
        "/bot",
        post(move |headers: axum::http::HeaderMap, body: String| {
            let record = record.clone();
            async move {
                let signature = headers
                    .get("x-linedesk-signature")
                    .and_then(|v| v.to_str().ok())
                    .unwrap_or_default()
                    .to_string();
                record.lock().unwrap().push((signature, body.clone()));
                let text = serde_json::from_str::<serde_json::Value>(&body).unwrap()["text"]
                    .as_str()
                    .unwrap_or_default()
                    .to_string();
                if text.contains("crash") {
                    return (axum::http::StatusCode::INTERNAL_SERVER_ERROR, String::new());
                }
                if text.contains("slow") {
                    tokio::time::sleep(std::time::Duration::from_secs(3)).await;
                }
                let answer = if text.contains("person") {
                    json!({ "handoff": true })
                } else {
                    json!({ "text": format!("Bot says: {text}"), "quickReplies": ["Yes", "No"] })
                };
                (axum::http::StatusCode::OK, answer.to_string())
            }
        }),
    );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!("http://{}/bot", listener.local_addr().unwrap());
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    (url, seen)
}

async fn the_external_bot_is_signed_and_hands_off_when_it_fails(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (ws, _) = workstream(&w, "push").await;
    let (url, seen) = external_bot().await;
    let secret = "a-shared-secret-of-32-characters";
    let config = BotConfig {
        enabled: true,
        kind: BotKind::External,
        url,
        timeout_seconds: 1,
        ..BotConfig::default()
    };
    // Enabling an external bot needs its secret.
    let err = routing
        .save_bot(&admin(), ws, config.clone(), None, &client())
        .await
        .unwrap_err();
    assert!(err.field("secret").is_some());
    routing
        .save_bot(&admin(), ws, config, Some(secret.into()), &client())
        .await
        .unwrap();
    let view = routing.bot(ws).await.unwrap();
    assert!(view.has_secret);
    // The secret never reaches the audit log.
    let entries = w
        .desk
        .state
        .services
        .audit
        .list(AuditQuery {
            action: Some("workstream.bot".into()),
            limit: 10,
            ..AuditQuery::default()
        })
        .await
        .unwrap();
    assert!(entries.iter().all(|e| !e.detail.contains(secret)));

    let user = line_user(31);
    deliver(&w, message_from(&user, "e1", "hello bot")).await;
    let conversation = conversation_of(&w, &user).await;
    assert_eq!(
        bot_texts(&w, conversation.id).await,
        vec!["Bot says: hello bot"]
    );
    {
        let seen = seen.lock().unwrap();
        let (signature, body) = &seen[0];
        assert_eq!(
            signature,
            &linedesk::engine::bot::sign(secret.as_bytes(), body.as_bytes())
        );
    }
    deliver(&w, message_from(&user, "e2", "a person please")).await;
    let row = conversation_of(&w, &user).await;
    assert_eq!((row.bot_active, row.state.as_str()), (0, "waiting"));

    // A failing bot and a slow bot hand off instead of leaving the customer waiting.
    for (n, text, why) in [
        (32, "crash now", "HTTP 500"),
        (33, "slow answer", "within 1 s"),
    ] {
        let user = line_user(n);
        deliver(&w, message_from(&user, &format!("f{n}"), text)).await;
        let row = conversation_of(&w, &user).await;
        assert_eq!(
            (row.bot_active, row.state.as_str()),
            (0, "waiting"),
            "{text}"
        );
        let note = messages::list(&w.db.pool, row.id)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.kind == "handoff")
            .unwrap();
        assert!(note.body.unwrap().contains(why), "{text}");
    }
}

/// The external bot's URL may not reach loopback, link-local, private or unspecified addresses
/// unless OUTBOUND_ALLOW_HOSTS lists the host (the suite's desk lists 127.0.0.1 only): saving
/// such a URL is a field error, and a URL stored anyway (or a name that resolves to loopback
/// when the request is made) is refused before anything is posted.
async fn an_external_bot_on_a_non_public_address_is_refused_and_nothing_is_posted(db: Db) {
    let w = world(db).await;
    let routing = w.desk.state.services.routing.clone();
    let (ws, _) = workstream(&w, "push").await;
    let (url, seen) = external_bot().await;
    let port = url
        .trim_start_matches("http://127.0.0.1:")
        .trim_end_matches("/bot");
    let secret = "a-shared-secret-of-32-characters";
    let bot = |url: String| BotConfig {
        enabled: true,
        kind: BotKind::External,
        url,
        timeout_seconds: 1,
        ..BotConfig::default()
    };
    for (url, says) in [
        (format!("http://[::1]:{port}/bot"), "loopback"),
        (
            "http://169.254.169.254/latest/meta-data".into(),
            "link-local",
        ),
        ("http://10.0.0.8/bot".into(), "private"),
        ("http://[fd00::1]/bot".into(), "private"),
        ("http://[::ffff:127.0.0.2]/bot".into(), "loopback"),
        ("http://0.0.0.0/bot".into(), "unspecified"),
        (
            format!("http://0x7f000001:{port}/bot"),
            "four decimal numbers",
        ),
        (
            format!("http://user:pass@127.0.0.1:{port}/bot"),
            "user name and password",
        ),
    ] {
        let err = routing
            .save_bot(
                &admin(),
                ws,
                bot(url.clone()),
                Some(secret.into()),
                &client(),
            )
            .await
            .unwrap_err();
        let message = err.field("url").unwrap_or_default();
        assert!(message.contains(says), "{url}: {err:?}");
    }
    assert!(routing.bot(ws).await.unwrap().config.url.is_empty());

    // Without the allow-list, 127.0.0.1 stored directly (as before this check existed) and a
    // name that resolves to loopback are both refused when the bot is asked.
    let w = World {
        engine: linedesk::engine::Engine {
            outbound: linedesk::net::outbound::Outbound::new(Default::default()),
            ..w.engine
        },
        ..w
    };
    for (n, url) in [
        (41, url.clone()),
        (42, format!("http://localhost:{port}/bot")),
    ] {
        let config = bot(url.clone());
        linedesk::db::bots::save(
            &w.db.pool,
            ws,
            "external",
            true,
            &serde_json::to_string(&config).unwrap(),
            Some(w.engine.key.seal(secret.as_bytes()).as_slice()),
            now(),
        )
        .await
        .unwrap();
        let user = line_user(n);
        deliver(&w, message_from(&user, &format!("r{n}"), "hello bot")).await;
        let row = conversation_of(&w, &user).await;
        assert_eq!(
            (row.bot_active, row.state.as_str()),
            (0, "waiting"),
            "{url}"
        );
        let note = messages::list(&w.db.pool, row.id)
            .await
            .unwrap()
            .into_iter()
            .find(|m| m.kind == "handoff")
            .unwrap()
            .body
            .unwrap();
        assert!(note.contains("loopback address"), "{url}: {note}");
    }
    assert!(seen.lock().unwrap().is_empty(), "nothing reached the bot");
}
