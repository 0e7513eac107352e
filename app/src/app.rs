use crate::components::frame::Frame;
use crate::lazy_pages::*;
use crate::pages::{home::HomePage, login::LoginPage, not_found::NotFoundPage};
use crate::session::SessionContext;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{path, Lazy, SsrMode};

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::set_page_csp();
        provide_context(crate::ssr::PageRender);
    }
    let zone = crate::reader::zone().0.encode();
    view! {
        <!DOCTYPE html>
        <html>
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
                <meta name=crate::reader::ZONE_META content=zone/>
                <AutoReload options=options.clone()/>
                <HydrationScripts options/>
                <MetaTags/>
            </head>
            <body>
                <App/>
            </body>
        </html>
    }
}

/// Where the server finds the reader's languages (the browser reads `<html lang>`).
fn reader_languages() -> leptos_i18n::context::UseLocalesOptions {
    #[cfg(feature = "ssr")]
    {
        leptos_i18n::context::UseLocalesOptions::default()
            .ssr_lang_header_getter(crate::ssr::reader_languages)
    }
    #[cfg(not(feature = "ssr"))]
    {
        Default::default()
    }
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    SessionContext::provide();
    provide_context(crate::components::live_updates::LiveVersion(RwSignal::new(
        0,
    )));

    view! {
        <Stylesheet id="leptos" href="/pkg/linedesk.css"/>
        <Link rel="icon" href="/favicon.ico"/>
        <Title formatter=|text: String| if text.is_empty() { "linedesk".to_string() } else { format!("{text} · linedesk") }/>
        // The reader's language (ssr::reader_languages: their saved choice, this browser's,
        // the browser's languages, the organisation's default, else English) sets <html lang>
        // from the first byte; the browser takes it from there when it hydrates.
        <crate::i18n::I18nContextProvider ssr_lang_header_getter=reader_languages()>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/setup") view={Lazy::<SetupRoute>::new()} ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=|| view! { <Frame><Outlet/></Frame> } ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    // The desk: the list stays while conversations open beside it.
                    // (Not lazy itself: a lazy route inside a lazy parent hydrates before its code arrives.)
                    <ParentRoute path=path!("conversations") view=crate::pages::conversations::DeskLayout ssr=SsrMode::Async>
                        <Route path=path!("") view={Lazy::<ConversationsRoute>::new()} ssr=SsrMode::Async/>
                        <Route path=path!(":id") view={Lazy::<ConversationRoute>::new()} ssr=SsrMode::Async/>
                    </ParentRoute>
                    <Route path=path!("contacts") view={Lazy::<ContactsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("contacts/:id") view={Lazy::<ContactRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("history") view={Lazy::<HistoryRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("channels") view={Lazy::<ChannelsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("channels/accounts") view={Lazy::<AccountsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("channels/accounts/new") view={Lazy::<AccountWizardRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("channels/accounts/:id") view={Lazy::<AccountRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("channels/accounts/:id/events") view={Lazy::<RawEventsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("workstreams") view={Lazy::<WorkstreamsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("workstreams/new") view={Lazy::<NewWorkstreamRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("workstreams/:id") view={Lazy::<WorkstreamRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("workstreams/:id/line") view={Lazy::<LineSetupRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("workstreams/:id/routing") view={Lazy::<RoutingRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("workstreams/:id/bot") view={Lazy::<BotRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("insights/live") view={Lazy::<InsightsLiveRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("insights/reports") view={Lazy::<InsightsReportsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("queues") view={Lazy::<QueuesRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("agents") view={Lazy::<AgentsRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("users") view={Lazy::<UsersRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("privacy") view={Lazy::<PrivacyRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("audit") view={Lazy::<AuditRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("system") view={Lazy::<SystemRoute>::new()} ssr=SsrMode::Async/>
                    <Route path=path!("preferences") view={Lazy::<PreferencesRoute>::new()} ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
        </crate::i18n::I18nContextProvider>
    }
}
