use crate::api::conversations::{get_conversation, EndConversation, SendReply};
use crate::components::assignment_bar::{AssignmentBar, TransferTargets, WorkActions};
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::live_updates::live_version;
use crate::components::route_id::route_id;
use crate::pages::conversations::avatar;
use domain::conversation::{ConversationDetail, MessageView};
use domain::time::format_utc;
use leptos::prelude::*;
use leptos_meta::Title;

/// One conversation: the whole history in order, each outbound message's delivery state, and
/// the composer.
#[component]
pub fn ConversationPage() -> impl IntoView {
    view! {
        <Title text="Conversation"/>
        <Guarded path="/conversations"><ConversationContent/></Guarded>
    }
}

#[component]
fn ConversationContent() -> impl IntoView {
    let id = route_id();
    let reply = ServerAction::<SendReply>::new();
    let end = ServerAction::<EndConversation>::new();
    let work = WorkActions::new();
    let targets = TransferTargets::new();
    let conversation = Resource::new(
        move || {
            (
                id(),
                reply.version().get(),
                end.version().get(),
                live_version(),
                work.version(),
            )
        },
        |(id, ..)| get_conversation(id),
    );
    view! {
        <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
            {move || Suspend::new(async move {
                match conversation.await {
                    Ok(detail) => view! { <ConversationView detail reply end work targets/> }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title="Conversation not found" message=err.to_string()/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

fn kind_label(kind: &str) -> &'static str {
    match kind {
        "image" => "Image",
        "video" => "Video",
        "audio" => "Audio message",
        "file" => "File",
        "sticker" => "Sticker",
        "location" => "Location",
        "postback" => "Postback",
        "join" => "The account joined the chat",
        "leave" => "The account left the chat",
        "memberJoined" => "Someone joined the chat",
        "memberLeft" => "Someone left the chat",
        "withheld" => "Hidden until the customer consents",
        "handoff" => "The bot handed off",
        _ => "Message",
    }
}

fn bubble(message: MessageView) -> impl IntoView {
    let class = format!("bubble bubble--{}", message.direction);
    let text = if message.unsent {
        "The customer unsent this message.".to_string()
    } else {
        match (message.kind.as_str(), message.body.clone()) {
            ("text" | "handoff", Some(body)) => body,
            (kind, Some(body)) if kind == "location" || kind == "file" || kind == "postback" => {
                format!("{}: {body}", kind_label(kind))
            }
            (kind, _) => kind_label(kind).to_string(),
        }
    };
    let refused = (message.direction == "in")
        .then(|| message.failure.clone())
        .flatten()
        .map(|reason| view! { <span class="bubble__media-state bubble__media-state--failed" data-testid="file-refused">{reason}</span> });
    let delivery = message.delivery.clone().map(|state| {
        let label = match state.as_str() {
            "sent" => "Sent".to_string(),
            "failed" => format!("Failed: {}", message.failure.clone().unwrap_or_default()),
            _ => "Sending…".to_string(),
        };
        view! { <span class=format!("bubble__delivery bubble__delivery--{state}")>{label}</span> }
    });
    // A photo, video or voice message speaks for itself; files keep their caption line.
    let show_text = !(matches!(message.kind.as_str(), "image" | "video" | "audio")
        && message
            .attachment
            .as_ref()
            .is_some_and(|a| a.state == "stored" || a.state == "external")
        && !message.unsent);
    let media = message.attachment.clone().filter(|_| !message.unsent).map(|a| {
        let ready = a.state == "stored" || a.state == "external";
        match (message.kind.as_str(), ready) {
            ("image", true) => {
                let src = a.url.clone();
                view! { <a href=a.url target="_blank"><img class="bubble__image" src=src alt="Image from the customer"/></a> }.into_any()
            }
            ("video", true) => view! { <video class="bubble__video" controls=true src=a.url></video> }.into_any(),
            ("audio", true) => view! { <audio controls=true src=a.url></audio> }.into_any(),
            (_, true) => {
                let name = a.file_name.clone().unwrap_or_else(|| "Download".into());
                let size = a.size.map(|s| format!(" ({:.1} KB)", s as f64 / 1024.0)).unwrap_or_default();
                view! { <a class="bubble__file" href=a.url download=name.clone()>{format!("{name}{size}")}</a> }.into_any()
            }
            _ if a.state == "failed" => view! {
                <span class="bubble__media-state bubble__media-state--failed">{format!("Could not download: {}", a.error.clone().unwrap_or_default())}</span>
            }.into_any(),
            _ => view! { <span class="bubble__media-state">"Downloading…"</span> }.into_any(),
        }
    });
    view! {
        <li class=class data-direction=message.direction.clone() class:bubble--automated=message.automated>
            {media}
            {refused}
            {show_text.then(|| view! { <div class="bubble__text" class:bubble__text--muted=message.unsent>{text}</div> })}
            <div class="bubble__meta">
                {if message.bot { Some("Bot · ") } else { message.automated.then_some("Automated · ") }}
                {format_utc(message.sent_at)}
                {message.edited.then_some(" · edited")}
                " "{delivery}
            </div>
        </li>
    }
}

#[component]
fn ConversationView(
    detail: ConversationDetail,
    reply: ServerAction<SendReply>,
    end: ServerAction<EndConversation>,
    work: WorkActions,
    targets: TransferTargets,
) -> impl IntoView {
    let summary = detail.summary.clone();
    let conversation_id = summary.id;
    let hidden = move || view! { <input type="hidden" name="conversation_id" value=conversation_id.to_string()/> };
    let value = reply.value();
    let query = leptos_router::hooks::use_query_map();
    let file_error = move || {
        query.read().get("file_error").map(|message| view! {
            <div class="alert alert--error" role="alert" data-testid="file-error">{message}</div>
        })
    };
    // Tell LINE the agent is typing, at most every 10 s (the server throttles too).
    let last_typing = StoredValue::new(f64::NEG_INFINITY);
    let typing = move |_| {
        #[cfg(feature = "hydrate")]
        {
            let now = js_sys_now();
            if now - last_typing.get_value() > 10_000.0 {
                last_typing.set_value(now);
                leptos::task::spawn_local(async move {
                    let _ = crate::api::conversations::show_typing(conversation_id).await;
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = last_typing;
    };
    view! {
        <div class="page-header page-header--actions">
            <div class="conversation-head">
                {avatar(&summary.customer_name, summary.picture_url.clone())}
                <div>
                    <p class="breadcrumb"><a href="/conversations">"Conversations"</a></p>
                    <h1>{summary.customer_name.clone()}" "
                        {summary.account_deleted.then(|| view! { <span class="badge badge--muted" data-testid="account-deleted">"Account deleted"</span> })}</h1>
                    <p class="muted">{format!("{} · {} · opened {}", summary.account_name, summary.state, format_utc(summary.opened_at))}
                        {summary.workstream.clone().map(|w| format!(" · workstream {w}"))}
                        {detail.language.clone().map(|l| format!(" · language {l}"))}</p>
                </div>
            </div>
            {(summary.state != "closed").then(|| view! {
                <ActionForm action=end>{hidden()}<button type="submit" class="button button--secondary">"End conversation"</button></ActionForm>
            })}
        </div>
        {(summary.state != "closed").then(|| view! { <AssignmentBar summary=summary.clone() can_transfer=detail.can_transfer actions=work targets/> })}
        <section class="panel conversation">
            <ol class="transcript" aria-label="Messages">
                {detail.messages.into_iter().map(bubble).collect_view()}
            </ol>
            {detail.survey.clone().map(|survey| view! {
                <div class="survey" data-testid="survey">
                    <strong>"Post-conversation survey: "</strong>
                    {match survey.rating {
                        Some(r) => format!("rated {r} of 5 {}", "★".repeat(r.clamp(0, 5) as usize)),
                        None => "sent, no answer yet".to_string(),
                    }}
                    {survey.comment.clone().map(|c| view! { <blockquote class="survey__comment">{c}</blockquote> })}
                </div>
            })}
            {file_error}
            {match detail.replies_disabled.clone() {
                Some(reason) => view! { <div class="alert alert--info" role="status" data-testid="replies-disabled">{reason}</div> }.into_any(),
                None => view! {
                    <FormError error=general_error(value)/>
                    <ActionForm action=reply attr:class="composer">
                        {hidden()}
                        <label for="composer-text" class="visually-hidden">"Reply"</label>
                        <textarea id="composer-text" name="text" rows="3" placeholder="Write a reply…" on:input=typing></textarea>
                        <p class="field__error" role="alert">{move || field_error(value, "text").get()}</p>
                        <button type="submit" class="button button--primary">"Send"</button>
                    </ActionForm>
                    // A plain multipart form: files go up the same way with or without JavaScript.
                    {detail.agents_can_attach.then(|| view! {
                        <form class="attach" method="post" enctype="multipart/form-data" action=format!("/conversations/{conversation_id}/attachments")>
                            <label for="attach-file">"Attach a file"</label>
                            <input id="attach-file" type="file" name="file" required=true/>
                            <button type="submit" class="button button--secondary">"Send file"</button>
                        </form>
                    })}
                }.into_any(),
            }}
        </section>
    }
}

#[cfg(feature = "hydrate")]
fn js_sys_now() -> f64 {
    web_sys::window()
        .and_then(|w| w.performance())
        .map(|p| p.now())
        .unwrap_or(0.0)
}
