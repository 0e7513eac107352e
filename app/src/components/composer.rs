//! The reply box. A reply is sent exactly once from the person's side: every send carries an id
//! the server de-duplicates (`{send_seed}-{n}`, the page's seed and this browser's count), the
//! box empties as soon as a send leaves, and Enter or Send do nothing while one is in flight.
//! What is typed lives in `ComposerDraft`, outside the conversation view, so the view redrawing
//! for a live update (or after a send) keeps the text and the focus. Without JavaScript the form
//! posts `{send_seed}-0`: submitting the same page twice sends once.

use crate::api::conversations::SendReply;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::i18n::*;
use domain::message::TEXT_MAX;
use leptos::prelude::*;
use server_fn::ServerFn;

/// The composer's state, made by the page once and kept across redraws of the conversation.
#[derive(Clone, Copy)]
pub struct ComposerDraft {
    pub text: RwSignal<String>,
    focused: RwSignal<bool>,
    /// Replies this page has sent (the `n` of their send ids).
    sent: StoredValue<u64>,
    /// The last reply sent, put back when the server refuses it.
    last: StoredValue<String>,
    /// The conversation the box is for, and what was left unsent in the others.
    showing: StoredValue<i64>,
    kept: StoredValue<std::collections::HashMap<i64, String>>,
    /// The customer message the next reply quotes.
    pub quoting: RwSignal<Option<Quoting>>,
    /// The quote the last reply carried, put back with its text when the server refuses it.
    last_quote: StoredValue<Option<Quoting>>,
}

/// A customer message a reply is about to quote, as the composer names it.
#[derive(Clone, Debug, PartialEq)]
pub struct Quoting {
    pub message_id: i64,
    pub excerpt: String,
}

impl ComposerDraft {
    pub fn new() -> Self {
        ComposerDraft {
            text: RwSignal::new(String::new()),
            focused: RwSignal::new(false),
            sent: StoredValue::new(0),
            last: StoredValue::new(String::new()),
            showing: StoredValue::new(0),
            kept: StoredValue::new(Default::default()),
            quoting: RwSignal::new(None),
            last_quote: StoredValue::new(None),
        }
    }

    /// The agent moved to `conversation`: what they typed for the one before waits for their
    /// return, and this one's unsent text (if any) comes back.
    pub fn show(&self, conversation: i64) {
        let before = self.showing.get_value();
        if before == conversation {
            return;
        }
        self.showing.set_value(conversation);
        if before == 0 {
            return;
        }
        // A quote belongs to its conversation's messages.
        self.quoting.set(None);
        let text = self.text.get_untracked();
        self.kept.update_value(|kept| {
            if text.is_empty() {
                kept.remove(&before);
            } else {
                kept.insert(before, text);
            }
        });
        let back = self
            .kept
            .with_value(|kept| kept.get(&conversation).cloned());
        self.text.set(back.unwrap_or_default());
        self.focused.set(false);
    }
}

impl Default for ComposerDraft {
    fn default() -> Self {
        Self::new()
    }
}

#[component]
pub fn Composer(
    conversation_id: i64,
    send_seed: String,
    reply: ServerAction<SendReply>,
    draft: ComposerDraft,
) -> impl IntoView {
    let area = NodeRef::<leptos::html::Textarea>::new();
    let value = reply.value();
    let pending = reply.pending();
    let length = move || draft.text.with(|t| t.chars().count());
    let first_send_id = format!("{send_seed}-0");
    // An empty box says so at once; an Enter while a reply is on its way says nothing.
    let empty = RwSignal::new(false);

    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        let text = draft.text.get_untracked();
        if pending.get_untracked() {
            return;
        }
        if text.trim().is_empty() {
            empty.set(true);
            return;
        }
        let n = draft.sent.get_value() + 1;
        draft.sent.set_value(n);
        draft.last.set_value(text.clone());
        let quoting = draft.quoting.get_untracked();
        draft.last_quote.set_value(quoting.clone());
        reply.dispatch(SendReply {
            conversation_id,
            text,
            send_id: format!("{send_seed}-{n}"),
            quote: quoting.map(|q| q.message_id),
        });
        draft.text.set(String::new());
        draft.quoting.set(None);
    };
    // A refused reply comes back into the box, unless something new was typed meanwhile.
    let handled = StoredValue::new(reply.version().get_untracked());
    Effect::new(move |_| {
        let version = reply.version().get();
        if version == handled.get_value() {
            return;
        }
        handled.set_value(version);
        let refused = value.with_untracked(|v| matches!(v, Some(Err(_))));
        if refused && draft.text.with_untracked(String::is_empty) {
            draft.text.set(draft.last.get_value());
            draft.quoting.set(draft.last_quote.get_value());
        }
    });
    // Enter sends (Shift+Enter is a new line; an IME composing Japanese text keeps its Enter).
    let send_on_enter = move |ev: leptos::ev::KeyboardEvent| {
        if ev.key() == "Enter" && !ev.shift_key() && !ev.is_composing() {
            ev.prevent_default();
            if let Some(form) = area.get().and_then(|area| area.form()) {
                let _ = form.request_submit();
            }
        }
    };
    // Redrawn while the person was typing: the new box takes the focus back, caret at the end.
    // (On the next frame: when the box is made it is not in the page yet.)
    area.on_load(move |element| {
        if draft.focused.get_untracked() {
            request_animation_frame(move || {
                let _ = element.focus();
                let end = element.value().encode_utf16().count() as u32;
                let _ = element.set_selection_range(end, end);
            });
        }
    });
    let typing = typing_notifier(conversation_id);
    let i18n = use_i18n();

    view! {
        <FormError error=general_error(value)/>
        <form class="composer" method="post" action=SendReply::url() on:submit=submit>
            <input type="hidden" name="conversation_id" value=conversation_id.to_string()/>
            <input type="hidden" name="send_id" value=first_send_id/>
            {move || draft.quoting.get().map(|quoting| view! {
                <div class="composer__quote" data-testid="quoting">
                    <input type="hidden" name="quote" value=quoting.message_id.to_string()/>
                    <span class="composer__quote-label">{t!(i18n, composer.replying_to)}</span>
                    <q class="composer__quote-text">{quoting.excerpt}</q>
                    // Without JavaScript: the page without the quote in its address.
                    <a class="button button--ghost button--small" href=format!("/conversations/{conversation_id}")
                        on:click=move |ev| { ev.prevent_default(); draft.quoting.set(None); }>{t!(i18n, composer.cancel_quote)}</a>
                </div>
            })}
            <label for="composer-text" class="visually-hidden">{t!(i18n, composer.label)}</label>
            <textarea id="composer-text" name="text" rows="3" node_ref=area
                placeholder=move || t_string!(i18n, composer.placeholder).to_string()
                aria-describedby="composer-count"
                prop:value=move || draft.text.get()
                on:input=move |ev| { typing(); empty.set(false); draft.text.set(event_target_value(&ev)); }
                on:focus=move |_| draft.focused.set(true)
                // Removing the box for a redraw is not the person leaving it: the browser blurs
                // it while it is still in the page, so look again once the redraw is done.
                on:blur=move |_| {
                    if let Some(element) = area.get_untracked() {
                        request_animation_frame(move || {
                            if element.is_connected() {
                                draft.focused.set(false);
                            }
                        });
                    }
                }
                on:keydown=send_on_enter></textarea>
            <p class="field__error" role="alert">
                {move || if empty.get() { Some(t_string!(i18n, composer.empty).to_string()) } else { field_error(value, "text").get() }}
            </p>
            <div class="composer__bar">
                <span id="composer-count" class="composer__count" class:composer__count--over=move || { length() > TEXT_MAX }>
                    {move || {
                        let n = length();
                        if n > TEXT_MAX {
                            t!(i18n, composer.count_split, count = n, max = TEXT_MAX, parts = n.div_ceil(TEXT_MAX)).into_any()
                        } else {
                            t!(i18n, composer.count, count = n, max = TEXT_MAX).into_any()
                        }
                    }}
                </span>
                <button type="submit" class="button button--primary" data-testid="send" disabled=move || pending.get() aria-busy=move || pending.get().to_string()>
                    {move || if pending.get() { t_string!(i18n, composer.sending) } else { t_string!(i18n, composer.send) }}
                </button>
            </div>
        </form>
    }
}

/// Tells LINE the agent is typing, at most every 10 s (the server throttles too).
fn typing_notifier(conversation_id: i64) -> impl Fn() + Copy + 'static {
    let last_typing = StoredValue::new(f64::NEG_INFINITY);
    move || {
        #[cfg(feature = "hydrate")]
        {
            let now = web_sys::window()
                .and_then(|w| w.performance())
                .map(|p| p.now())
                .unwrap_or(0.0);
            if now - last_typing.get_value() > 10_000.0 {
                last_typing.set_value(now);
                leptos::task::spawn_local(async move {
                    let _ = crate::api::conversations::show_typing(conversation_id).await;
                });
            }
        }
        #[cfg(not(feature = "hydrate"))]
        let _ = (last_typing, conversation_id);
    }
}
