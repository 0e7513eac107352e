use crate::api::auth::{get_current_user, CreateFirstAdmin, SignIn, SignOut};
use crate::components::frame::Frame;
use crate::pages::{
    audit::AuditPage, home::HomePage, login::LoginPage, not_found::NotFoundPage, setup::SetupPage,
    users::UsersPage,
};
use domain::user::CurrentUser;
use domain::AppError;
use leptos::prelude::*;
use leptos_meta::{provide_meta_context, Link, MetaTags, Stylesheet, Title};
use leptos_router::components::{Outlet, ParentRoute, Route, Router, Routes};
use leptos_router::{path, SsrMode};

/// The HTML document around the app (rendered on the server only).
pub fn shell(options: LeptosOptions) -> impl IntoView {
    view! {
        <!DOCTYPE html>
        <html lang="en">
            <head>
                <meta charset="utf-8"/>
                <meta name="viewport" content="width=device-width, initial-scale=1"/>
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

/// Who is signed in, and the actions that change it. Signing in or out re-reads the user.
#[derive(Clone, Copy)]
pub struct SessionContext {
    pub me: Resource<Result<Option<CurrentUser>, AppError>>,
    pub sign_in: ServerAction<SignIn>,
    pub sign_out: ServerAction<SignOut>,
    pub setup: ServerAction<CreateFirstAdmin>,
}

#[component]
pub fn App() -> impl IntoView {
    provide_meta_context();
    let sign_in = ServerAction::<SignIn>::new();
    let sign_out = ServerAction::<SignOut>::new();
    let setup = ServerAction::<CreateFirstAdmin>::new();
    let me = Resource::new(
        move || {
            (
                sign_in.version().get(),
                sign_out.version().get(),
                setup.version().get(),
            )
        },
        |_| get_current_user(),
    );
    provide_context(SessionContext {
        me,
        sign_in,
        sign_out,
        setup,
    });

    view! {
        <Stylesheet id="leptos" href="/pkg/linedesk.css"/>
        <Link rel="icon" href="/favicon.ico"/>
        <Title formatter=|text: String| if text.is_empty() { "linedesk".to_string() } else { format!("{text} · linedesk") }/>
        <Router>
            <Routes fallback=|| view! { <NotFoundPage/> }>
                <Route path=path!("/login") view=LoginPage ssr=SsrMode::Async/>
                <Route path=path!("/setup") view=SetupPage ssr=SsrMode::Async/>
                <ParentRoute path=path!("") view=|| view! { <Frame><Outlet/></Frame> } ssr=SsrMode::Async>
                    <Route path=path!("") view=HomePage ssr=SsrMode::Async/>
                    <Route path=path!("users") view=UsersPage ssr=SsrMode::Async/>
                    <Route path=path!("audit") view=AuditPage ssr=SsrMode::Async/>
                </ParentRoute>
            </Routes>
        </Router>
    }
}
