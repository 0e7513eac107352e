use crate::api::auth::SignOut;
use crate::components::hydrated::HydrationMarker;
use crate::components::language_menu::LanguageMenu;
use crate::components::live_updates::LiveUpdates;
use crate::components::offer_notifier::OfferNotifier;
use crate::components::presence_menu::{PresenceMenu, PresenceState};
use crate::i18n::*;
use crate::session::SessionContext;
use domain::access::navigation;
use domain::user::CurrentUser;
use leptos::prelude::*;
use leptos_router::hooks::use_location;

/// The portal around every signed-in page: top bar (brand, user, role, sign out) and the
/// navigation, which lists only the pages the user's role may open.
#[component]
pub fn Frame(children: Children) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let user = move || async move { session.me.await.ok().flatten() };
    let presence = PresenceState::new();
    let i18n = use_i18n();
    view! {
        <div class="app">
            <a class="skip-link" href="#main">{t!(i18n, topbar.skip)}</a>
            <header class="topbar">
                <a class="brand" href="/">
                    <span class="brand__mark" aria-hidden="true">"L"</span>
                    <span class="brand__name">"linedesk"</span>
                </a>
                <span class="topbar__divider" aria-hidden="true"></span>
                <span class="topbar__app">{t!(i18n, topbar.app)}</span>
                <div class="topbar__spacer"></div>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let current = presence.presence.await.unwrap_or_default();
                        user().await.map(|user| view! {
                            {(user.role != domain::Role::Auditor).then(|| view! { <PresenceMenu state=presence current/> })}
                            <LanguageMenu/>
                            <UserMenu user/>
                        })
                    })}
                </Suspense>
            </header>
            // On phones the navigation folds away behind "Menu": a checkbox and its label, so it
            // opens and closes with or without JavaScript (CSS shows the nav when it is ticked).
            <input type="checkbox" id="nav-toggle" class="nav-toggle visually-hidden" aria-controls="main-nav" aria-label=move || t_string!(i18n, topbar.menu).to_string()/>
            <label for="nav-toggle" class="nav-toggle__label button button--ghost">{t!(i18n, topbar.menu)}</label>
            <div class="app__body">
                <nav class="sidenav" id="main-nav" aria-label="Main">
                    <Suspense fallback=|| ()>
                        {move || Suspend::new(async move { user().await.map(|user| view! { <Navigation user/> }) })}
                    </Suspense>
                </nav>
                <main class="content" id="main" tabindex="-1">
                    {children()}
                </main>
            </div>
            <HydrationMarker/>
            <LiveUpdates/>
            <OfferNotifier/>
        </div>
    }
}

#[component]
fn UserMenu(user: CurrentUser) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let i18n = use_i18n();
    let sign_out = ServerAction::<SignOut>::new();
    session.follow(sign_out);
    let initial = user
        .display_name
        .chars()
        .next()
        .unwrap_or('?')
        .to_uppercase()
        .to_string();
    view! {
        <div class="usermenu">
            <span class="avatar" aria-hidden="true">{initial}</span>
            <span class="usermenu__who">
                <span class="usermenu__name" data-testid="current-user">{user.display_name.clone()}</span>
                <span class="usermenu__role" data-testid="current-role">{move || crate::labels::role(i18n.get_locale(), user.role)}</span>
            </span>
            <ActionForm action=sign_out>
                <button type="submit" class="button button--ghost">{t!(i18n, topbar.sign_out)}</button>
            </ActionForm>
        </div>
    }
}

#[component]
fn Navigation(user: CurrentUser) -> impl IntoView {
    let location = use_location();
    let i18n = use_i18n();
    let mut sections: Vec<(&'static str, Vec<&'static domain::access::Page>)> = Vec::new();
    for page in navigation(user.role) {
        match sections.iter_mut().find(|(name, _)| *name == page.section) {
            Some((_, pages)) => pages.push(page),
            None => sections.push((page.section, vec![page])),
        }
    }
    sections
        .into_iter()
        .map(|(section, pages)| {
            view! {
                <div class="sidenav__section">
                    {(!section.is_empty()).then(|| view! { <p class="sidenav__heading">{move || crate::labels::section(i18n.get_locale(), section)}</p> })}
                    <ul>
                        {pages.into_iter().map(|page| {
                            let current = move || {
                                let here = location.pathname.get();
                                let on = here == page.path || (page.path != "/" && here.starts_with(&format!("{}/", page.path)));
                                on.then_some("page")
                            };
                            view! { <li><a href=page.path aria-current=current>{move || crate::labels::page(i18n.get_locale(), page.path)}</a></li> }
                        }).collect_view()}
                    </ul>
                </div>
            }
        })
        .collect_view()
}
