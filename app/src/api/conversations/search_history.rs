//! Conversation history: past and present conversations the user may read, filtered and paged.

#[cfg(feature = "ssr")]
use super::support::READERS;
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::conversation::HistoryPage;
#[cfg(feature = "ssr")]
use domain::conversation::HistoryQuery;
use domain::AppError;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The filters of a `HistoryQuery` under the names the History page's form gives them,
/// flattened into the function's arguments so a post names them flat. All are required, as
/// they were as arguments of their own; the page number stays an argument of its own because
/// serde_qs cannot read a number through a flattened struct.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct HistoryFilters {
    pub customer: String,
    pub contact: String,
    pub agent: String,
    pub text: String,
    pub state: String,
    pub from: String,
    pub to: String,
}

#[cfg(feature = "ssr")]
impl HistoryFilters {
    fn with_page(self, page: u32) -> HistoryQuery {
        HistoryQuery {
            customer: self.customer,
            contact: self.contact,
            agent: self.agent,
            text: self.text,
            state: self.state,
            from: self.from,
            to: self.to,
            page,
        }
    }
}

#[server(endpoint = "search_history")]
pub async fn search_history(
    #[server(flatten)] filters: HistoryFilters,
    page: u32,
) -> Result<HistoryPage, AppError> {
    respond(
        async {
            let actor = require(READERS)?;
            let query = filters.with_page(page);
            services()?.conversations.history(&actor, query).await
        }
        .await,
    )
}
