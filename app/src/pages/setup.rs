use crate::api::auth::{get_setup_needed, CreateFirstAdmin};
use crate::components::field::Field;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::components::hydrated::HydrationMarker;
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

    view! {
        <Title text="Set up linedesk"/>
        <div class="auth-page">
            <div class="auth-card auth-card--wide">
                <div class="auth-card__brand">
                    <span class="brand__mark" aria-hidden="true">"L"</span>
                    <span class="brand__name">"linedesk"</span>
                </div>
                <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                    {move || Suspend::new(async move {
                        match setup_needed.await {
                            Ok(true) => view! {
                                <h1>"Create the first administrator"</h1>
                                <p class="muted">"This account manages messaging accounts, workstreams and users. You can add more people after signing in."</p>
                                <FormError error=general/>
                                <ActionForm action=setup attr:class="form" attr:novalidate=true>
                                    <input type="hidden" name="token" value=token/>
                                    <Field label="Email" name="email" kind="email" autocomplete="username" required=true error=field_error(value, "email")/>
                                    <Field label="Display name" name="display_name" autocomplete="name" hint="Shown to other people in the desk." error=field_error(value, "display_name")/>
                                    <Field label="Password" name="password" kind="password" autocomplete="new-password" required=true hint="At least 10 characters." error=field_error(value, "password")/>
                                    <Field label="Confirm password" name="password_confirm" kind="password" autocomplete="new-password" required=true error=field_error(value, "password_confirm")/>
                                    <button type="submit" class="button button--primary button--wide">"Create administrator"</button>
                                </ActionForm>
                            }.into_any(),
                            Ok(false) => view! {
                                <h1>"linedesk is set up"</h1>
                                <p>"An administrator already exists, so this setup link no longer works."</p>
                                <a class="button button--primary" href="/login">"Sign in"</a>
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
