use crate::api::conversations::{get_conversation, EndConversation, SendReply};
use crate::components::assignment_bar::{
    AssignmentStatus, TransferForm, TransferTargets, WorkActions,
};
use crate::components::avatar::Avatar;
use crate::components::composer::{Composer, ComposerDraft, Quoting};
use crate::components::conversation_list::state_label;
use crate::components::customer_panel::{CustomerPanel, CustomerPanelData};
use crate::components::form_error::{general_error, FormError};
use crate::components::guarded::Guarded;
use crate::components::live_updates::live_version;
use crate::components::route_id::route_id;
use crate::i18n::*;
use crate::labels::fill;
use domain::conversation::{
    AttachmentState, ConversationDetail, DeliveryState, MessageDirection, MessageView, Quoted,
};
use domain::message::{Rich, TextPart};
use leptos::prelude::*;
use leptos_meta::Title;

/// One conversation: the whole history in order, each outbound message's delivery state, and
/// the composer.
#[component]
pub fn ConversationPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, conversation.title).to_string()/>
        // "/conversations/": one conversation, which auditors may read under a transcript grant.
        <Guarded path="/conversations/"><ConversationContent/></Guarded>
    }
}

#[component]
fn ConversationContent() -> impl IntoView {
    let id = route_id();
    let reply = ServerAction::<SendReply>::new();
    let end = ServerAction::<EndConversation>::new();
    // (Made here, not shared with the list: the server and the browser must create the same
    // actions in the same order, and the list hears of changes through live updates anyway.)
    let work = WorkActions::new();
    // In the desk the draft store outlives moving between conversations; an auditor's page
    // has its own. (Signals only: finding it or not changes nothing the server renders.)
    let draft = use_context::<ComposerDraft>().unwrap_or_default();
    Effect::new(move |_| draft.show(id()));
    let targets = TransferTargets::new();
    let customer = CustomerPanelData::new(id);
    // `?from=N`: the page shows every message from message N on (the "previous messages"
    // link, or scrolling to the top, moves N back a page); without it, the newest page.
    let query = leptos_router::hooks::use_query_map();
    let from = move || query.read().get("from").and_then(|v| v.parse::<i64>().ok());
    let conversation = Resource::new(
        move || {
            (
                id(),
                from(),
                reply.version().get(),
                end.version().get(),
                live_version(),
                work.version(),
                customer.version(),
            )
        },
        |(id, from, ..)| get_conversation(id, from),
    );
    // Read once per conversation (and after it ends): the reply area, the transfer form and
    // the customer panel are drawn from it and are not redrawn by live updates, so what a
    // person types or picks there stays.
    let settled = Resource::new(
        move || (id(), end.version().get()),
        |(id, _)| get_conversation(id, None),
    );
    // The messages follow the newest one, unless the agent scrolled up to read.
    let scroller = NodeRef::<leptos::html::Div>::new();
    let at_bottom = StoredValue::new(true);
    let older = OlderMessages::new();
    Effect::new(move |_| {
        id();
        at_bottom.set_value(true);
    });
    let navigate = leptos_router::hooks::use_navigate();
    // (Replacing the address: scrolling up through a long conversation leaves one entry in the
    // browser's history, not one per page.)
    let show_older = Callback::new(move |href: String| {
        navigate(
            &href,
            leptos_router::NavigateOptions {
                replace: true,
                scroll: false,
                ..Default::default()
            },
        )
    });
    let i18n = use_i18n();
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, conversation.loading)}</p> }>
            {move || Suspend::new(async move {
                match settled.await {
                    Ok(first) => {
                        let open = !first.summary.state.is_closed() && !first.read_only;
                        let conversation_id = first.summary.id;
                        view! {
                            <div class="conversation-pane">
                                // Shows or hides the customer panel, with or without JavaScript
                                // (CSS reads it: beside the messages on wide screens, over them
                                // on narrow ones).
                                {(!first.read_only).then(|| view! {
                                    <input type="checkbox" id="customer-toggle" class="panel-toggle visually-hidden" aria-label=move || t_string!(i18n, conversation.customer_details).to_string()/>
                                })}
                                // The header and the messages follow every change, keeping the
                                // old ones on screen while the new ones load.
                                <Transition fallback=|| ()>
                                    {move || Suspend::new(async move {
                                        conversation.await.ok().map(|detail| view! { <ConversationHead detail end/> })
                                    })}
                                </Transition>
                                {open.then(|| view! {
                                    <div class="assignment" data-testid="assignment">
                                        <Transition fallback=|| ()>
                                            {move || Suspend::new(async move {
                                                conversation.await.ok().map(|detail| view! { <AssignmentStatus summary=detail.summary actions=work/> })
                                            })}
                                        </Transition>
                                        {first.can_transfer.then(|| view! { <TransferForm conversation_id actions=work targets/> })}
                                        <FormError error=work.error()/>
                                    </div>
                                })}
                                <div class="conversation-layout">
                                    <section class="panel conversation">
                                        <div class="transcript-scroll" role="region" aria-label=move || t_string!(i18n, conversation.messages).to_string() tabindex="0" node_ref=scroller on:scroll=move |_| {
                                            if let Some(el) = scroller.get_untracked() {
                                                at_bottom.set_value(el.scroll_height() - el.scroll_top() - el.client_height() < 40);
                                                // Near the top: show the page before, as the link would.
                                                if el.scroll_top() < 80 {
                                                    if let Some(href) = older.request(el.scroll_height() - el.scroll_top()) {
                                                        show_older.run(href);
                                                    }
                                                }
                                            }
                                        }>
                                            <Transition fallback=|| ()>
                                                {move || Suspend::new(async move {
                                                    conversation.await.ok().map(|detail| view! { <Transcript detail scroller at_bottom older draft/> })
                                                })}
                                            </Transition>
                                        </div>
                                        <div class="reply-area">
                                            <ReplyArea detail=first.clone() reply draft/>
                                        </div>
                                    </section>
                                    {(!first.read_only).then(|| view! {
                                        <div class="customer-pane">
                                            <label for="customer-toggle" class="customer-pane__close button button--ghost button--small">{t!(i18n, conversation.close)}</label>
                                            <CustomerPanel data=customer/>
                                        </div>
                                    })}
                                </div>
                            </div>
                        }.into_any()
                    }
                    Err(err) if err.status() == 403 => view! {
                        <crate::components::status_panel::StatusPanel code=403 title=td_string!(i18n.get_locale_untracked(), conversation.not_yours_title) message=td_string!(i18n.get_locale_untracked(), conversation.not_yours_message)/>
                    }.into_any(),
                    Err(err) => view! {
                        <crate::components::status_panel::StatusPanel code=404 title=td_string!(i18n.get_locale_untracked(), conversation.not_found_title) message=crate::components::form_error::error_message(&err)/>
                    }.into_any(),
                }
            })}
        </Suspense>
    }
}

/// What a message of this kind is, when it has no text of its own.
fn kind_label(locale: Locale, kind: &str) -> &'static str {
    match kind {
        "image" => td_string!(locale, conversation.kind.image),
        "video" => td_string!(locale, conversation.kind.video),
        "audio" => td_string!(locale, conversation.kind.audio),
        "file" => td_string!(locale, conversation.kind.file),
        "sticker" => td_string!(locale, conversation.kind.sticker),
        "location" => td_string!(locale, conversation.kind.location),
        "postback" => td_string!(locale, conversation.kind.postback),
        "join" => td_string!(locale, conversation.kind.join),
        "leave" => td_string!(locale, conversation.kind.leave),
        "memberJoined" => td_string!(locale, conversation.kind.member_joined),
        "memberLeft" => td_string!(locale, conversation.kind.member_left),
        "withheld" => td_string!(locale, conversation.kind.withheld),
        "handoff" => td_string!(locale, conversation.kind.handoff),
        _ => td_string!(locale, conversation.kind.message),
    }
}

/// A few words of a message, for a quote.
fn excerpt(locale: Locale, kind: &str, body: Option<&str>) -> String {
    match body.map(str::trim).filter(|b| !b.is_empty()) {
        Some(body) if body.chars().count() > 80 => {
            format!("{}…", body.chars().take(80).collect::<String>())
        }
        Some(body) => body.to_string(),
        None => kind_label(locale, kind).to_string(),
    }
}

/// What a message quotes, above it.
fn quote_view(locale: Locale, quoted: Quoted) -> impl IntoView {
    match quoted {
        Quoted::Message {
            direction,
            author,
            kind,
            body,
            ..
        } => {
            let who = match direction {
                MessageDirection::In => td_string!(locale, conversation.quote_customer).to_string(),
                _ => {
                    author.unwrap_or_else(|| td_string!(locale, conversation.automated).to_string())
                }
            };
            view! {
                <blockquote class="bubble__quote" data-testid="quoted">
                    <span class="bubble__quote-who">{who}</span>
                    <span class="bubble__quote-text">{excerpt(locale, &kind, body.as_deref())}</span>
                </blockquote>
            }
            .into_any()
        }
        Quoted::Missing => view! {
            <blockquote class="bubble__quote bubble__quote--missing" data-testid="quoted">
                {td_string!(locale, conversation.quote_missing)}
            </blockquote>
        }
        .into_any(),
    }
}

/// "Reply to this" on a customer message: a link to the page with the quote chosen (without
/// JavaScript), or the quote put in the composer at once (with).
fn reply_to_view(
    locale: Locale,
    message: &MessageView,
    conversation_id: i64,
    draft: ComposerDraft,
) -> impl IntoView {
    let quoting = Quoting {
        message_id: message.id,
        excerpt: excerpt(locale, &message.kind, message.body.as_deref()),
    };
    let href = format!(
        "/conversations/{conversation_id}?quote={}#composer-text",
        message.id
    );
    view! {
        <a class="bubble__reply" href=href data-testid="reply-to" on:click=move |ev| {
            ev.prevent_default();
            draft.quoting.set(Some(quoting.clone()));
            #[cfg(feature = "hydrate")]
            if let Some(area) = document().get_element_by_id("composer-text") {
                use wasm_bindgen::JsCast;
                if let Ok(area) = area.dyn_into::<web_sys::HtmlElement>() {
                    let _ = area.focus();
                }
            }
        }>{td_string!(locale, conversation.reply_to)}</a>
    }
}

fn bubble(
    locale: Locale,
    message: MessageView,
    reply_to: Option<(i64, ComposerDraft)>,
) -> impl IntoView {
    let class = format!("bubble bubble--{}", message.direction.as_str());
    let quoted = message.quoted.clone().map(|q| quote_view(locale, q));
    let reply_action = reply_to
        .filter(|_| message.quotable)
        .map(|(conversation_id, draft)| reply_to_view(locale, &message, conversation_id, draft));
    let text = if message.unsent {
        td_string!(locale, conversation.unsent).to_string()
    } else {
        match (message.kind.as_str(), message.body.clone()) {
            ("text" | "handoff", Some(body)) => body,
            (kind, Some(body)) if kind == "location" || kind == "file" || kind == "postback" => {
                format!("{}: {body}", kind_label(locale, kind))
            }
            (kind, _) => kind_label(locale, kind).to_string(),
        }
    };
    let refused = (message.direction == domain::conversation::MessageDirection::In)
        .then(|| message.failure.clone())
        .flatten()
        .map(|reason| view! { <span class="bubble__media-state bubble__media-state--failed" data-testid="file-refused">{reason}</span> });
    let delivery = message.delivery.map(|state| {
        let label = match state {
            DeliveryState::Sent => td_string!(locale, conversation.delivery.sent).into_any(),
            DeliveryState::Failed => td!(
                locale,
                conversation.delivery.failed,
                reason = message.failure.clone().unwrap_or_default()
            )
            .into_any(),
            DeliveryState::Queued => td_string!(locale, conversation.delivery.sending).into_any(),
        };
        view! { <span class=format!("bubble__delivery bubble__delivery--{state}")>{label}</span> }
    });
    // A photo, video or voice message speaks for itself; files keep their caption line.
    let show_text = !(matches!(message.kind.as_str(), "image" | "video" | "audio")
        && message
            .attachment
            .as_ref()
            .is_some_and(|a| a.state.is_ready())
        && !message.unsent);
    let media = message.attachment.clone().filter(|_| !message.unsent).map(|a| {
        let ready = a.state.is_ready();
        // Shown in place only when linedesk found a picture, video or sound in the bytes; an
        // "image" that is really something else is offered as the file it is.
        let playable = a.state == AttachmentState::External
            || a.content_type.as_deref().is_some_and(|t| domain::file_type::INLINE_TYPES.contains(&t));
        let kind = if playable { message.kind.as_str() } else { "file" };
        match (kind, ready) {
            ("image", true) => {
                let src = a.url.clone();
                view! { <a href=a.url target="_blank" rel="noopener noreferrer"><img class="bubble__image" src=src alt=td_string!(locale, conversation.image_alt)/></a> }.into_any()
            }
            ("video", true) => view! { <video class="bubble__video" controls=true src=a.url></video> }.into_any(),
            ("audio", true) => view! { <audio controls=true src=a.url></audio> }.into_any(),
            (_, true) => {
                let name = a.file_name.clone().unwrap_or_else(|| td_string!(locale, conversation.download_file).into());
                let size = a.size.map(|s| if s < 1024 { format!(" ({s} {})", td_string!(locale, conversation.bytes)) } else if s < 1024 * 1024 { format!(" ({:.1} KB)", s as f64 / 1024.0) } else { format!(" ({:.1} MB)", s as f64 / 1048576.0) }).unwrap_or_default();
                view! { <a class="bubble__file" href=a.url download=name.clone()>{format!("{name}{size}")}</a> }.into_any()
            }
            _ if a.state == AttachmentState::Failed => view! {
                <span class="bubble__media-state bubble__media-state--failed">{td!(locale, conversation.could_not_download, error = a.error.clone().unwrap_or_default())}</span>
            }.into_any(),
            _ => view! { <span class="bubble__media-state">{td_string!(locale, conversation.downloading)}</span> }.into_any(),
        }
    });
    // Stickers, places and LINE emojis draw themselves instead of the plain text line.
    let rich = message.rich.clone().map(|rich| match rich {
        Rich::Sticker { image_url, sticker_id, caption, .. } => view! {
            <div class="bubble__sticker" data-testid="sticker">
                <img src=image_url alt=format!("{} {sticker_id}", td_string!(locale, conversation.kind.sticker)) width="120" height="120" loading="lazy"/>
                {caption.map(|c| view! { <div class="bubble__caption">{c}</div> })}
            </div>
        }.into_any(),
        Rich::Place { title, address, map_url } => view! {
            <div class="bubble__place" data-testid="location">
                <strong>{title.unwrap_or_else(|| td_string!(locale, conversation.kind.location).into())}</strong>
                {address.map(|a| view! { <div>{a}</div> })}
                <a href=map_url target="_blank" rel="noopener noreferrer">{td_string!(locale, conversation.open_map)}</a>
            </div>
        }.into_any(),
        Rich::Text(parts) => view! {
            <div class="bubble__text" data-testid="emoji-text">
                {parts.into_iter().map(|part| match part {
                    TextPart::Text(t) => view! { <span>{t}</span> }.into_any(),
                    TextPart::Emoji { image_url, alt } => view! { <img class="bubble__emoji" src=image_url alt=format!("{} {alt}", td_string!(locale, conversation.emoji)) width="20" height="20"/> }.into_any(),
                    // A mention of the account (the desk) stands out; other members' are marked lightly.
                    TextPart::Mention { text, is_self } => view! { <mark class="mention" class:mention--self=is_self data-testid="mention">{text}</mark> }.into_any(),
                }).collect_view()}
            </div>
        }.into_any(),
    });
    let show_text = show_text && rich.is_none();
    view! {
        <li class=class data-direction=message.direction.as_str() data-kind=message.kind.clone() class:bubble--automated=message.automated>
            {message.sender.clone().map(|name| view! { <span class="bubble__sender" data-testid="sender">{name}</span> })}
            {quoted}
            {media}
            {refused}
            {rich}
            {show_text.then(|| view! { <div class="bubble__text" class:bubble__text--muted=message.unsent>{text}</div> })}
            <div class="bubble__meta">
                {if message.bot { Some(format!("{} · ", td_string!(locale, conversation.bot))) } else if message.automated { Some(format!("{} · ", td_string!(locale, conversation.automated))) } else { message.author.clone().map(|a| format!("{a} · ")) }}
                {crate::reader::datetime(message.sent_at)}
                {message.edited.then(|| format!(" · {}", td_string!(locale, conversation.edited)))}
                " "{delivery}
            </div>
            {reply_action}
        </li>
    }
}

/// The conversation's header: who, where, its state, and what may be done with it.
#[component]
fn ConversationHead(
    detail: ConversationDetail,
    end: ServerAction<EndConversation>,
) -> impl IntoView {
    let summary = detail.summary.clone();
    let conversation_id = summary.id;
    let hidden = move || view! { <input type="hidden" name="conversation_id" value=conversation_id.to_string()/> };
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    view! {
        <div class="page-header page-header--actions conversation-header">
            <div class="conversation-head">
                <Avatar name=summary.customer_name.clone() picture=summary.picture_url.clone()/>
                <div>
                    <p class="breadcrumb"><a href="/conversations">{t!(i18n, page.conversations)}</a></p>
                    <h1>{summary.customer_name.clone()}" "
                        {summary.account_deleted.then(|| view! { <span class="badge badge--muted" data-testid="account-deleted">{t!(i18n, conversation.account_deleted)}</span> })}</h1>
                    <p class="muted">{format!("{} · {} · {} {}", summary.account_name, state_label(locale, summary.state), td_string!(locale, conversation.opened), crate::reader::datetime(summary.opened_at))}
                        {summary.workstream.clone().map(|w| format!(" · {} {w}", td_string!(locale, conversation.workstream)))}
                        {detail.language.as_deref().map(|l| format!(" · {} {}", td_string!(locale, conversation.language), crate::components::channel_summary::describe_language(locale, l)))}</p>
                </div>
            </div>
            <div class="page-header__buttons">
                {(!detail.read_only).then(|| view! {
                    <label for="customer-toggle" class="button button--ghost button--small customer-toggle">{t!(i18n, conversation.customer_details)}</label>
                })}
                <a class="button button--ghost button--small" href=format!("/conversations/{conversation_id}/transcript.txt") rel="external" download="">{t!(i18n, conversation.export)}</a>
                {(!summary.state.is_closed() && !detail.read_only).then(|| view! {
                    <ActionForm action=end>{hidden()}<button type="submit" class="button button--secondary button--small">{t!(i18n, conversation.end)}</button></ActionForm>
                })}
                // Ending a colleague's conversation is refused: say so next to the button.
                <FormError error=general_error(end.value())/>
            </div>
        </div>
    }
}

/// Showing the page of messages before the ones on screen, and keeping the agent's place when
/// it arrives above them.
#[derive(Clone, Copy)]
struct OlderMessages {
    /// Where the "previous messages" link leads, while there is one.
    href: StoredValue<Option<(i64, String)>>,
    /// Asked for and not yet drawn: the message the window will start at, and how far the
    /// agent was from the bottom, so the messages they read stay where they were.
    pending: StoredValue<Option<(i64, i32)>>,
}

impl OlderMessages {
    fn new() -> Self {
        Self {
            href: StoredValue::new(None),
            pending: StoredValue::new(None),
        }
    }

    /// The address of the page before, once per page (scrolling asks many times a second).
    fn request(self, from_bottom: i32) -> Option<String> {
        let (start, href) = self.href.get_value()?;
        if self
            .pending
            .get_value()
            .is_some_and(|(asked, _)| asked == start)
        {
            return None;
        }
        self.pending.set_value(Some((start, from_bottom)));
        Some(href)
    }

    /// Drawn with the window starting at `first`: how far from the bottom to put the agent,
    /// when this is the page they asked for.
    fn arrived(self, first: Option<i64>) -> Option<i32> {
        match self.pending.get_value() {
            Some((start, from_bottom)) if Some(start) == first => {
                self.pending.set_value(None);
                Some(from_bottom)
            }
            _ => None,
        }
    }
}

/// The messages in order, and the survey once it was sent.
#[component]
fn Transcript(
    detail: ConversationDetail,
    scroller: NodeRef<leptos::html::Div>,
    at_bottom: StoredValue<bool>,
    older: OlderMessages,
    draft: ComposerDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let conversation_id = detail.summary.id;
    // Customer messages can be quoted while the agent can answer here.
    let reply_to = (detail.replies_disabled.is_none() && !detail.read_only)
        .then_some((conversation_id, draft));
    let earlier = detail.earlier.map(|start| {
        (
            start,
            format!("/conversations/{conversation_id}?from={start}"),
        )
    });
    older.href.set_value(earlier.clone());
    let first = detail.messages.first().map(|m| m.id);
    // Drawn anew for every change: keep the agent's place when older messages arrived above,
    // else bring the newest message into view if the agent was there.
    Effect::new(move |_| {
        let keep = older.arrived(first);
        if keep.is_some() || at_bottom.get_value() {
            request_animation_frame(move || {
                if let Some(el) = scroller.get_untracked() {
                    el.set_scroll_top(el.scroll_height() - keep.unwrap_or(0));
                }
            });
        }
    });
    view! {
        // A link, so it works before JavaScript and without it; with it, scrolling to the top
        // follows it too.
        {earlier.map(|(_, href)| view! {
            <p class="transcript__earlier">
                <a href=href data-noscroll="" data-testid="earlier-messages" on:click=move |_| {
                    if let Some(el) = scroller.get_untracked() {
                        let _ = older.request(el.scroll_height() - el.scroll_top());
                    }
                }>{t!(i18n, conversation.earlier)}</a>
            </p>
        })}
        <ol class="transcript">
                {detail.messages.into_iter().map(|m| bubble(locale, m, reply_to)).collect_view()}
            </ol>
            {detail.survey.clone().map(|survey| view! {
                <div class="survey" data-testid="survey">
                    <strong>{t!(i18n, conversation.survey)}</strong>
                    {match survey.rating {
                        Some(r) => format!("{} {}", fill(td_string!(locale, conversation.rated), &[("rating", &r.to_string())]), "★".repeat(r.clamp(0, 5) as usize)),
                        None => td_string!(locale, conversation.no_answer).to_string(),
                    }}
                    {survey.comment.clone().map(|c| view! { <blockquote class="survey__comment">{c}</blockquote> })}
                </div>
            })}
    }
}

/// Replying: the composer, quick replies and the file form, or why replies are impossible.
#[component]
fn ReplyArea(
    detail: ConversationDetail,
    reply: ServerAction<SendReply>,
    draft: ComposerDraft,
) -> impl IntoView {
    let conversation_id = detail.summary.id;
    let query = leptos_router::hooks::use_query_map();
    let file_error = move || {
        query.read().get("file_error").map(|code| view! {
            <div class="alert alert--error" role="alert" data-testid="file-error">{crate::components::form_error::query_problem_message(&code)}</div>
        })
    };
    let (reply_filter, set_reply_filter) = signal(String::new());
    let quick_replies = detail.quick_replies.clone();
    // The channel's size and type rules, checked before the upload (the server checks again).
    let (file_refusal, set_file_refusal) = signal(None::<String>);
    let rules = detail.file_rules.clone();
    let check_file = move |ev: leptos::ev::Event| {
        #[cfg(feature = "hydrate")]
        {
            let input: web_sys::HtmlInputElement = event_target(&ev);
            let refusal = input
                .files()
                .and_then(|files| files.get(0))
                .and_then(|file| {
                    rules
                        .as_ref()
                        .and_then(|r| r.refusal(Some(&file.name()), Some(file.size() as i64)))
                });
            set_file_refusal.set(refusal);
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (&ev, &rules, set_file_refusal);
    };
    let insert_reply = move |text: String| draft.text.set(text);
    // "Reply to this" without JavaScript: the page's address names the quoted message. Once a
    // reply quoting it was sent, the same address no longer chooses it again.
    let asked = query
        .read_untracked()
        .get("quote")
        .and_then(|q| q.parse::<i64>().ok());
    let already_quoted = |id: i64| {
        detail.messages.iter().any(|m| {
            matches!(m.quoted, Some(Quoted::Message { id: quoted, .. }) if quoted == id)
                && m.direction == MessageDirection::Out
        })
    };
    if let Some(message) = asked
        .filter(|id| !already_quoted(*id))
        .and_then(|id| detail.messages.iter().find(|m| m.id == id && m.quotable))
    {
        let locale = use_i18n().get_locale_untracked();
        draft.quoting.set(Some(Quoting {
            message_id: message.id,
            excerpt: excerpt(locale, &message.kind, message.body.as_deref()),
        }));
    }
    let i18n = use_i18n();
    view! {
            {file_error}
            {match detail.replies_disabled.clone() {
                Some(reason) => view! { <div class="alert alert--info" role="status" data-testid="replies-disabled">{move || crate::error_text::problem_text(i18n.get_locale(), &reason)}</div> }.into_any(),
                None => view! {
                    <Composer conversation_id send_seed=detail.send_seed.clone() reply draft/>
                    {(!quick_replies.is_empty()).then(|| view! {
                        <details class="quick-replies" data-testid="quick-replies">
                            <summary>{t!(i18n, conversation.quick_replies)}</summary>
                            <div class="field">
                                <label for="quick-reply-search">{t!(i18n, conversation.search_replies)}</label>
                                <input id="quick-reply-search" type="search" on:input=move |ev| set_reply_filter.set(event_target_value(&ev).to_lowercase())/>
                            </div>
                            <ul class="quick-replies__list">
                                {quick_replies.clone().into_iter().map(|r| {
                                    let haystack = format!("{} {}", r.title, r.tags.join(" ")).to_lowercase();
                                    let text = r.text.clone();
                                    view! {
                                        <li class:hidden=move || { let f = reply_filter.get(); !f.is_empty() && !haystack.contains(f.trim()) }>
                                            <button type="button" class="button button--small button--secondary" on:click=move |_| insert_reply(text.clone())>{r.title.clone()}</button>
                                            <span class="cell-secondary">{r.text.chars().take(80).collect::<String>()}</span>
                                            {(!r.tags.is_empty()).then(|| view! { <span class="cell-secondary">{format!(" · {}", r.tags.join(", "))}</span> })}
                                        </li>
                                    }
                                }).collect_view()}
                            </ul>
                        </details>
                    })}
                    // A plain multipart form: files go up the same way with or without JavaScript.
                    {detail.agents_can_attach.then(|| view! {
                        <form class="attach" method="post" enctype="multipart/form-data" action=format!("/conversations/{conversation_id}/attachments")>
                            <label for="attach-file">{t!(i18n, conversation.attach)}</label>
                            <input id="attach-file" type="file" name="file" required=true aria-describedby="attach-check" on:change=check_file/>
                            <button type="submit" class="button button--secondary" disabled=move || file_refusal.get().is_some()>{t!(i18n, conversation.send_file)}</button>
                            <p id="attach-check" class="field__error" role="alert" data-testid="file-precheck">{move || file_refusal.get()}</p>
                        </form>
                    })}
                }.into_any(),
            }}
    }
}
