use crate::api::auth::{get_setup_needed, CreateFirstAdmin};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::hydrated::HydrationMarker;
use crate::i18n::*;
use crate::session::SessionContext;
use leptos::prelude::*;
use leptos_meta::Title;
use leptos_router::hooks::use_query_map;

/// First-run: the one-time link printed at start-up leads here to create the first administrator.
#[component]
pub fn SetupPage() -> impl IntoView {
    let session = expect_context::<SessionContext>();
    let query = use_query_map();
    let token = move || query.read().get("token").unwrap_or_default();
    let setup_needed = Resource::new(|| (), |_| get_setup_needed());
    let setup = ServerAction::<CreateFirstAdmin>::new();
    session.follow(setup);
    let value = setup.value();
    let general = general_error(value);
    let i18n = use_i18n();

    view! {
        <Title text=move || t_string!(i18n, setup.title).to_string()/>
        <div class="auth-page">
            <div class="auth-card auth-card--wide">
                <div class="auth-card__brand">
                    <span class="brand__mark" aria-hidden="true">"L"</span>
                    <span class="brand__name">"linedesk"</span>
                </div>
                <Suspense fallback=move || view! { <p class="loading">{t!(i18n, setup.loading)}</p> }>
                    {move || Suspend::new(async move {
                        match setup_needed.await {
                            Ok(true) => view! {
                                <h1>{t!(i18n, setup.heading)}</h1>
                                <p class="muted">{t!(i18n, setup.intro)}</p>
                                <FormError error=general/>
                                <ActionForm action=setup attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="token" value=token/>
                                    <Field label=move || t_string!(i18n, setup.email) name="email" kind="email" autocomplete="username" required=true error=field_error(value, "email")/>
                                    <Field label=move || t_string!(i18n, setup.display_name) name="display_name" autocomplete="name" hint=move || t_string!(i18n, setup.display_name_hint) error=field_error(value, "display_name")/>
                                    <Field label=move || t_string!(i18n, setup.password) name="password" kind="password" autocomplete="new-password" required=true hint=move || t_string!(i18n, setup.password_hint) error=field_error(value, "password")/>
                                    <Field label=move || t_string!(i18n, setup.confirm_password) name="password_confirm" kind="password" autocomplete="new-password" required=true error=field_error(value, "password_confirm")/>
                                    <button type="submit" class="button button--primary button--wide">{t!(i18n, setup.create)}</button>
                                </ActionForm>
                            }.into_any(),
                            Ok(false) => view! {
                                <h1>{t!(i18n, setup.done_heading)}</h1>
                                <p>{t!(i18n, setup.done_body)}</p>
                                <a class="button button--primary" href="/login">{t!(i18n, setup.sign_in)}</a>
                            }.into_any(),
                            Err(err) => view! { <div class="alert alert--error" role="alert">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                        }
                    })}
                </Suspense>
            </div>
            <HydrationMarker/>
        </div>
    }
}
