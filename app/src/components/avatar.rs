use leptos::prelude::*;

/// A customer's LINE picture, or their initial in a circle when there is none.
#[component]
pub fn Avatar(#[prop(into)] name: String, picture: Option<String>) -> impl IntoView {
    let initial = name
        .chars()
        .next()
        .unwrap_or('?')
        .to_uppercase()
        .to_string();
    // LINE's picture URL goes into <img src>: https only.
    match picture.filter(|url| domain::validation::is_https_url(url)) {
        Some(url) => view! { <img class="avatar avatar--picture" src=url alt=""/> }.into_any(),
        None => view! { <span class="avatar" aria-hidden="true">{initial}</span> }.into_any(),
    }
}
