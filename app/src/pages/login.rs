use crate::api::auth::{get_setup_needed, SignIn};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::hydrated::HydrationMarker;
use crate::components::language_menu::LanguageMenu;
use crate::i18n::*;
use crate::session::SessionContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::components::Redirect;
use leptos_router::hooks::use_query_map;

#[component]
pub fn LoginPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let query = use_query_map();
    // Checked here too: a signed-in visitor is sent on at once, before any server sees `next`.
    let next = move || {
        domain::redirect::local_path_or_home(&query.read().get("next").unwrap_or_default(), None)
    };
    let setup_needed = Resource::new(|| (), |_| get_setup_needed());
    let sign_in = ServerAction::<SignIn>::new();
    session.follow(sign_in);
    let value = sign_in.value();
    // Field messages go under their field; anything else (throttling, outages) above the form.
    let general = general_error(value);
    let i18n = use_i18n();

    view! {
        <Title text=move || t_string!(i18n, login.title).to_string()/>
        <div class="auth-page">
            <div class="auth-card">
                <div class="auth-card__brand">
                    <span class="brand__mark" aria-hidden="true">"L"</span>
                    <span class="brand__name">"linedesk"</span>
                </div>
                <LanguageMenu/>
                <h1>{t!(i18n, login.title)}</h1>
                <p class="muted">{t!(i18n, login.tagline)}</p>
                <Suspense fallback=|| ()>
                    {move || Suspend::new(async move {
                        let signed_in = session.me.await.ok().flatten().is_some();
                        let needs_setup = setup_needed.await.unwrap_or(false);
                        view! {
                            {signed_in.then(|| view! { <Redirect path=next()/> })}
                            {needs_setup.then(|| view! {
                                <div class="alert alert--info" role="status">
                                    {t!(i18n, login.no_users)}
                                </div>
                            })}
                        }
                    })}
                </Suspense>
                <FormError error=general/>
                <ActionForm action=sign_in attr:class="form" attr:novalidate=true>
                    <input type="hidden" name="next" value=next/>
                    <Field label=move || t_string!(i18n, login.email).to_string() name="email" kind="email" autocomplete="username" required=true error=field_error(value, "email")/>
                    <Field label=move || t_string!(i18n, login.password).to_string() name="password" kind="password" autocomplete="current-password" required=true error=field_error(value, "password")/>
                    <button type="submit" class="button button--primary button--wide">{t!(i18n, login.submit)}</button>
                </ActionForm>
            </div>
            <HydrationMarker/>
        </div>
    }
}
