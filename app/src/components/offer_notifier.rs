use crate::i18n::*;
use leptos::prelude::*;

/// A new offer for the signed-in agent: a toast with the customer and queue, a short sound, and
/// the tab title counting open offers, on every page. Client-side only: it starts from "no
/// offer" on both server and browser, so hydration agrees, and updates on live changes.
#[component]
pub fn OfferNotifier() -> impl IntoView {
    let i18n = use_i18n();
    let toast = RwSignal::new(None::<Offer>);
    let accept = ServerAction::<crate::api::routing::AcceptOffer>::new();
    let decline = ServerAction::<crate::api::routing::DeclineOffer>::new();
    // Whatever the agent chose, the toast has done its job.
    Effect::new(move |_| {
        if accept.version().get() + decline.version().get() > 0 {
            toast.set(None);
        }
    });
    #[cfg(feature = "hydrate")]
    {
        let known = StoredValue::new(Vec::<i64>::new());
        // Offers already there when a page loads only count in the title: no toast, no sound.
        let primed = StoredValue::new(false);
        Effect::new(move |_| {
            let _ = crate::components::live_updates::live_version();
            leptos::task::spawn_local(async move {
                let Ok(list) = crate::api::conversations::list_conversations().await else {
                    return;
                };
                let offers: Vec<_> = list
                    .into_iter()
                    .filter(|c| c.offer_expires_at.is_some())
                    .collect();
                let fresh = offers
                    .iter()
                    .find(|c| !known.with_value(|k| k.contains(&c.id)))
                    .cloned();
                known.set_value(offers.iter().map(|c| c.id).collect());
                show_count_in_title(offers.len());
                let fresh = fresh.filter(|_| primed.get_value());
                primed.set_value(true);
                if let Some(c) = fresh {
                    let notice = c.notice.clone();
                    toast.set(Some(Offer {
                        id: c.id,
                        customer: notice
                            .as_ref()
                            .and_then(|n| n.customer_name.clone())
                            .unwrap_or_else(|| {
                                td_string!(i18n.get_locale_untracked(), offer_notifier.a_customer)
                                    .into()
                            }),
                        picture: notice
                            .as_ref()
                            .and_then(|n| n.picture_url.clone())
                            .filter(|url| domain::validation::is_https_url(url)),
                        queue: notice.as_ref().and_then(|n| n.queue.clone()),
                        preview: notice.as_ref().and_then(|n| n.first_message.clone()),
                        contact: notice.as_ref().and_then(|n| n.contact_name.clone()),
                        waiting_since: notice.as_ref().and_then(|n| n.waiting_since),
                        mentioned: c.mentioned,
                    }));
                    play_sound();
                } else if toast.with_untracked(|t| {
                    t.as_ref()
                        .is_some_and(|t| !offers.iter().any(|c| c.id == t.id))
                }) {
                    // Accepted, declined or timed out elsewhere.
                    toast.set(None);
                }
            });
        });
    }
    move || {
        toast.get().map(|offer| {
            view! {
                <div class="toast" role="alert" data-testid="offer-toast">
                    <crate::components::avatar::Avatar name=offer.customer.clone() picture=offer.picture.clone()/>
                    <div class="toast__body">
                        <strong>{t!(i18n, offer_notifier.title)}</strong>
                        <p>{offer.customer.clone()}{offer.contact.clone().map(|c| format!(" ({c})"))}{offer.queue.clone().map(|q| format!(" · {q}"))}</p>
                        {offer.mentioned.then(|| view! { <p><span class="badge badge--mention" data-testid="offer-mention">{t!(i18n, offer_notifier.mentioned)}</span></p> })}
                        {offer.preview.clone().map(|p| view! { <p class="cell-secondary">{p}</p> })}
                        {offer.waiting_since.map(|at| view! { <p class="cell-secondary">{t!(i18n, offer_notifier.waiting_since, time = crate::reader::datetime(at))}</p> })}
                        <div class="button-row">
                            <ActionForm action=accept>
                                <input type="hidden" name="conversation_id" value=offer.id.to_string()/>
                                <button type="submit" class="button button--small button--primary" data-shortcut="accept" aria-keyshortcuts="a">{t!(i18n, offer_notifier.accept)}</button>
                            </ActionForm>
                            <ActionForm action=decline>
                                <input type="hidden" name="conversation_id" value=offer.id.to_string()/>
                                <button type="submit" class="button button--small button--secondary" data-shortcut="decline" aria-keyshortcuts="d">{t!(i18n, offer_notifier.decline)}</button>
                            </ActionForm>
                            <a class="button button--small button--ghost" href=format!("/conversations/{}", offer.id)>{t!(i18n, offer_notifier.open)}</a>
                        </div>
                    </div>
                </div>
            }
        })
    }
}

#[derive(Clone, Debug)]
struct Offer {
    id: i64,
    customer: String,
    picture: Option<String>,
    queue: Option<String>,
    preview: Option<String>,
    contact: Option<String>,
    waiting_since: Option<i64>,
    /// A group chat mentioned the account.
    mentioned: bool,
}

/// "(2) Conversations" while two offers wait; the page's own title otherwise.
#[cfg(feature = "hydrate")]
fn show_count_in_title(offers: usize) {
    let Some(document) = web_sys::window().and_then(|w| w.document()) else {
        return;
    };
    let title = document.title();
    let bare = match title.strip_prefix('(').and_then(|t| t.split_once(") ")) {
        Some((n, rest)) if n.chars().all(|c| c.is_ascii_digit()) => rest.to_string(),
        _ => title,
    };
    document.set_title(&if offers > 0 {
        format!("({offers}) {bare}")
    } else {
        bare
    });
}

#[cfg(feature = "hydrate")]
fn play_sound() {
    // Browsers may refuse sound before the user interacted with the page; the toast still shows.
    if let Ok(audio) = web_sys::HtmlAudioElement::new_with_src("/offer.wav") {
        let _ = audio.play();
    }
}
