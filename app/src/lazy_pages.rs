//! Pages whose browser code is loaded only when they are visited: every page but sign-in, home
//! and "not found", so an agent's browser never downloads the administrators' and auditors'
//! screens, and an administrator's page does not carry the agents' conversation screens.
//! Each is a `LazyRoute`: the server renders it like any page; in the browser its view is a
//! separate wasm part (`xtask build` splits the bundle at these points), and a page's parts come
//! in one file fetched before the page hydrates or is navigated to.

use crate::pages;
use leptos::prelude::*;
use leptos_router::{lazy_route, LazyRoute};

/// A route type for a page component that takes no properties.
macro_rules! lazy_page {
    ($route:ident => $page:path) => {
        pub struct $route;

        #[lazy_route]
        impl LazyRoute for $route {
            fn data() -> Self {
                $route
            }

            fn view(_this: Self) -> AnyView {
                $page().into_any()
            }
        }
    };
}

lazy_page!(ChannelsRoute => pages::channels::ChannelsPage);
lazy_page!(PreferencesRoute => pages::preferences::PreferencesPage);
lazy_page!(AccountsRoute => pages::accounts::AccountsPage);
lazy_page!(AccountWizardRoute => pages::account_wizard::AccountWizardPage);
lazy_page!(AccountRoute => pages::account::AccountPage);
lazy_page!(RawEventsRoute => pages::raw_events::RawEventsPage);
lazy_page!(WorkstreamsRoute => pages::workstreams::WorkstreamsPage);
lazy_page!(NewWorkstreamRoute => pages::workstream_new::NewWorkstreamPage);
lazy_page!(WorkstreamRoute => pages::workstream::WorkstreamPage);
lazy_page!(LineSetupRoute => pages::line_setup::LineSetupPage);
lazy_page!(RoutingRoute => pages::routing::RoutingPage);
lazy_page!(BotRoute => pages::bot::BotPage);
lazy_page!(QueuesRoute => pages::queues::QueuesPage);
lazy_page!(InsightsLiveRoute => pages::insights_live::InsightsLivePage);
lazy_page!(InsightsReportsRoute => pages::insights_reports::InsightsReportsPage);
lazy_page!(AgentsRoute => pages::agents::AgentsPage);
lazy_page!(UsersRoute => pages::users::UsersPage);
lazy_page!(PrivacyRoute => pages::privacy::PrivacyPage);
lazy_page!(AuditRoute => pages::audit::AuditPage);
lazy_page!(SystemRoute => pages::system::SystemPage);
lazy_page!(SetupRoute => pages::setup::SetupPage);
lazy_page!(ConversationsRoute => pages::conversations::ConversationsPage);
lazy_page!(ConversationRoute => pages::conversation::ConversationPage);
lazy_page!(ContactsRoute => pages::contacts::ContactsPage);
lazy_page!(ContactRoute => pages::contact::ContactPage);
lazy_page!(HistoryRoute => pages::history::HistoryPage);
