#[cfg(feature = "ssr")]
use crate::ssr::{client_info, require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    bot::{check_faq, parse_keywords, Faq},
    Role,
};
use leptos::prelude::*;

#[server(endpoint = "add_bot_answer")]
pub async fn add_bot_answer(
    workstream_id: i64,
    language: String,
    keywords: String,
    answer: String,
    quick_replies: String,
) -> Result<(), AppError> {
    respond(
        async {
            let actor = require(&[Role::Admin])?;
            let routing = services()?.routing;
            let mut config = routing.bot(workstream_id).await?.config;
            let faq = Faq {
                language: language.trim().to_string(),
                keywords: parse_keywords(&keywords),
                answer: answer.trim().to_string(),
                quick_replies: quick_replies
                    .split(',')
                    .map(|q| q.trim().to_string())
                    .filter(|q| !q.is_empty())
                    .collect(),
            };
            check_faq(&faq).into_result()?;
            config.faqs.push(faq);
            routing
                .save_bot(&actor, workstream_id, config, None, &client_info())
                .await
        }
        .await,
    )
}
