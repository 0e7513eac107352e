use crate::components::status_panel::StatusPanel;
use crate::i18n::*;
use crate::labels::fill;
use crate::session::SessionContext;
use domain::access::can_open;
use leptos::prelude::*;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_location;

/// Renders `children` only for a signed-in user whose role may open `path` (from the page table
/// in `domain::access`). Strangers go to the sign-in page; other roles get a 403 page. This runs
/// on the server for every page request, so the HTTP status is right too.
#[component]
pub fn Guarded(path: &'static str, children: Children) -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let location = use_location();
    let here = location.pathname.get_untracked();
    let i18n = use_i18n();
    // A Suspend, not a `move || Suspend` closure: rendering on the server walks the view tree
    // several times (Suspense's dry runs), re-running every closure in it, and each run of a
    // closure here would build the page again (its resources and their server calls: three
    // times per request). The check runs once per page view; a later change of the signed-in
    // user (sign-out) navigates away.
    let content = Suspend::new(async move {
        let locale = i18n.get_locale_untracked();
        match session.me.await {
            Ok(Some(user)) if can_open(user.role, path) => children().into_any(),
            Ok(Some(user)) => view! {
                <StatusPanel
                    code=403
                    title=td_string!(locale, guarded.forbidden_title)
                    message=fill(td_string!(locale, guarded.forbidden), &[("role", &crate::labels::role(locale, user.role))])
                />
            }.into_any(),
            Ok(None) => {
                // 302 for every client: leptos_axum's `redirect` gives it only to those that
                // accept HTML (others get 200 and a header only its own client reads).
                #[cfg(feature = "ssr")]
                crate::ssr::set_page_status(302);
                view! { <Redirect path=format!("/login?next={}", encode(&here))/> }.into_any()
            }
            Err(err) => view! {
                <StatusPanel code=500 title=td_string!(locale, guarded.error_title) message=crate::components::form_error::error_message(&err)/>
            }.into_any(),
        }
    });
    view! {
        <Suspense fallback=move || view! { <p class="loading">{t!(i18n, guarded.loading)}</p> }>
            {content}
        </Suspense>
    }
}

/// Percent-encodes a path for use as a query value.
fn encode(value: &str) -> String {
    value
        .bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => {
                (b as char).to_string()
            }
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use crate::i18n::*;
    use crate::labels::fill;

    #[test]
    fn fill_puts_values_in_single_brace_markers() {
        assert_eq!(
            fill(
                td_string!(Locale::en, guarded.forbidden),
                &[("role", "Agent")]
            ),
            "Your role (Agent) does not include this page. Ask an administrator if you need it."
        );
    }
}
