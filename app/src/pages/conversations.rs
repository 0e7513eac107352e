//! The desk: the conversation list on the left and the open conversation beside it (the
//! conversation page is this route's child, so opening another one keeps the list and only
//! redraws the middle). On phones and tablets one pane shows at a time.

use crate::api::conversations::list_conversations;
use crate::components::assignment_bar::WorkActions;
use crate::components::composer::ComposerDraft;
use crate::components::conversation_list::ConversationList;
use crate::components::form_error::FormError;
use crate::components::guarded::Guarded;
use crate::components::keyboard_shortcuts::KeyboardShortcuts;
use crate::components::live_updates::live_version;
use crate::i18n::*;
use crate::session::SessionContext;
use domain::access::can_open;
use domain::conversation::ConversationSummary;
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Outlet;
use leptos_router::hooks::use_location;

/// Around /conversations and /conversations/:id. The pages inside check who may open them;
/// the list shows only for those with an inbox (auditors, who may read a conversation they
/// were granted, get the conversation alone).
/// (The outlet stays outside any Suspense: a nested route under a suspended view does not
/// hydrate.)
#[component]
pub fn DeskLayout() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let work = WorkActions::new();
    // Kept while conversations open beside the list: a draft outlives moving between them.
    provide_context(ComposerDraft::new());
    let list = Resource::new(
        move || (live_version(), work.version()),
        move |_| async move {
            match session.me.await {
                Ok(Some(user)) if has_inbox(&user) => list_conversations().await,
                _ => Ok(Vec::new()),
            }
        },
    );
    let location = use_location();
    let open = Signal::derive(move || {
        location
            .pathname
            .get()
            .strip_prefix("/conversations/")
            .and_then(|rest| rest.split('/').next()?.parse::<i64>().ok())
    });
    let list_pane = Suspend::new(async move {
        if matches!(session.me.await, Ok(Some(user)) if has_inbox(&user)) {
            Some(list_pane(list, work, open).await)
        } else {
            None
        }
    });
    view! {
        <div class="desk" class:desk--open=move || open.get().is_some()>
            <Suspense fallback=|| ()>{list_pane}</Suspense>
            <div class="desk__main">
                <Outlet/>
            </div>
        </div>
    }
}

/// The list pane, in a wasm part of its own (`#[lazy]`): its list, filter, take buttons and
/// keyboard help are loaded only by the desk's pages, not by every page as part of the main
/// module (session 20 had put them there: 391 KB brotli instead of 248). The server names the
/// part in the page's preloads, and `hydrate` (lib.rs) waits for it when the page has the list,
/// so the Suspend above is ready at once when it hydrates, as before.
#[lazy]
pub fn list_pane(
    list: Resource<Result<Vec<ConversationSummary>, AppError>>,
    work: WorkActions,
    open: Signal<Option<i64>>,
) -> AnyView {
    view! {
        <aside class="desk__list" aria-labelledby="desk-list-title">
            <FormError error=work.error()/>
            <ConversationList list work open/>
            <KeyboardShortcuts/>
        </aside>
    }
    .into_any()
}

/// Whether this page has the desk's list (the server rendered it): the browser then loads the
/// list's part before hydrating.
#[cfg(feature = "hydrate")]
pub fn page_has_list() -> bool {
    document()
        .query_selector("aside.desk__list")
        .ok()
        .flatten()
        .is_some()
}

fn has_inbox(user: &domain::user::CurrentUser) -> bool {
    can_open(user.role, "/conversations")
}

/// /conversations with none open: the list is the page (on wide screens, beside a hint).
#[component]
pub fn ConversationsPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.conversations).to_string()/>
        <Guarded path="/conversations">
            <div class="desk__none">
                <p class="desk__none-title">{t!(i18n, conversations.choose)}</p>
                <p class="muted">{t!(i18n, conversations.hint)}</p>
            </div>
        </Guarded>
    }
}
