use crate::api::users::{
    list_users, ChangeUserRole, CreateUser, ResetUserPassword, SetUserDisabled,
};
use crate::components::field::Field;
use crate::components::form_error::{
    field_error, general_error, last_error, reset_after_success, FormError,
};
use crate::components::guarded::Guarded;
use crate::i18n::*;
use domain::user::UserView;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// Users: create people, change roles, disable, reset passwords (administrators only).
#[component]
pub fn UsersPage() -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <Title text=move || t_string!(i18n, page.users).to_string()/>
        <Guarded path="/users"><UsersContent/></Guarded>
    }
}

/// Created only once the guard let the user in, so nothing is fetched for anyone else.
#[component]
fn UsersContent() -> impl IntoView {
    let create = ServerAction::<CreateUser>::new();
    let change_role = ServerAction::<ChangeUserRole>::new();
    let set_disabled = ServerAction::<SetUserDisabled>::new();
    let reset_password = ServerAction::<ResetUserPassword>::new();
    let users = Resource::new(
        move || {
            (
                create.version().get(),
                change_role.version().get(),
                set_disabled.version().get(),
                reset_password.version().get(),
            )
        },
        |_| list_users(),
    );
    let create_value = create.value();
    let create_general = general_error(create_value);
    let create_form = NodeRef::new();
    reset_after_success(create, create_form);
    // One place for the row actions' outcome: the last one that failed says why.
    let row_error = Signal::derive(move || {
        last_error(change_role.value())
            .get()
            .or_else(|| last_error(set_disabled.value()).get())
            .or_else(|| last_error(reset_password.value()).get())
    });
    let i18n = use_i18n();
    let created = move || {
        create_value.get().and_then(|r| r.ok()).map(|user| {
        view! { <div class="alert alert--success" role="status">{t!(i18n, users.created, email = user.email.clone(), role = move || crate::labels::role(i18n.get_locale(), user.role))}</div> }
    })
    };

    view! {
            <div class="page-header">
                <p class="breadcrumb">{move || crate::labels::section(i18n.get_locale(), "Customer support")}</p>
                <h1>{t!(i18n, page.users)}</h1>
                <p class="muted">{t!(i18n, users.intro)}</p>
            </div>
            <div class="layout-two">
                <section class="panel" aria-labelledby="users-heading">
                    <h2 id="users-heading">{t!(i18n, users.people)}</h2>
                    <FormError error=row_error/>
                    <Suspense fallback=move || view! { <p class="loading">{t!(i18n, users.loading)}</p> }>
                        {move || Suspend::new(async move {
                            match users.await {
                                Ok(list) => view! { <UserTable users=list change_role set_disabled reset_password/> }.into_any(),
                                Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                            }
                        })}
                    </Suspense>
                </section>
                <section class="panel" aria-labelledby="new-user-heading">
                    <h2 id="new-user-heading">{t!(i18n, users.new_user)}</h2>
                    {created}
                    <FormError error=create_general/>
                    <ActionForm action=create node_ref=create_form attr:class="form" attr:novalidate=true>
                        <Field label=move || t_string!(i18n, users.email).to_string() name="email" kind="email" required=true error=field_error(create_value, "email")/>
                        <Field label=move || t_string!(i18n, users.display_name).to_string() name="display_name" error=field_error(create_value, "display_name")/>
                        <div class="field">
                            <label for="field-role">{t!(i18n, users.role)}</label>
                            <select id="field-role" name="role">
                                {Role::ALL.into_iter().map(|role| view! {
                                    <option value=role.as_str() selected=role == Role::Agent>{move || crate::labels::role(i18n.get_locale(), role)}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <Field label=move || t_string!(i18n, users.initial_password).to_string() name="password" kind="password" autocomplete="new-password" required=true hint=move || t_string!(i18n, users.password_hint).to_string() error=field_error(create_value, "password")/>
                        <button type="submit" class="button button--primary">{t!(i18n, users.create)}</button>
                    </ActionForm>
                </section>
            </div>
    }
}

#[component]
fn UserTable(
    users: Vec<UserView>,
    change_role: ServerAction<ChangeUserRole>,
    set_disabled: ServerAction<SetUserDisabled>,
    reset_password: ServerAction<ResetUserPassword>,
) -> impl IntoView {
    let i18n = use_i18n();
    let locale = i18n.get_locale_untracked();
    let rows = users.into_iter().map(|user| {
        let id = user.id.to_string();
        let email = user.email.clone();
        let (id1, id2, id3) = (id.clone(), id.clone(), id.clone());
        let (role_id, pw_id) = (format!("role-{id}"), format!("pw-{id}"));
        let (role_for, pw_for) = (role_id.clone(), pw_id.clone());
        let (role_email, pw_email) = (email.clone(), email.clone());
        let status = if user.disabled { td_string!(locale, users.disabled) } else { td_string!(locale, users.active) };
        let toggle_label = if user.disabled { td_string!(locale, users.enable) } else { td_string!(locale, users.disable) };
        view! {
            <tr data-email=email>
                <td>
                    <div class="cell-primary">{user.display_name.clone()}</div>
                    <div class="cell-secondary">{user.email.clone()}</div>
                </td>
                <td>
                    <ActionForm action=change_role attr:class="inline-form">
                        <input type="hidden" name="user_id" value=id1/>
                        <label class="visually-hidden" for=role_for>{t!(i18n, users.role_of, email = role_email)}</label>
                        <select id=role_id name="role">
                            {Role::ALL.into_iter().map(|role| view! {
                                <option value=role.as_str() selected=role == user.role>{move || crate::labels::role(i18n.get_locale(), role)}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button button--small">{t!(i18n, users.save)}</button>
                    </ActionForm>
                </td>
                <td><span class=if user.disabled { "badge badge--muted" } else { "badge badge--ok" }>{status}</span></td>
                <td class="cell-secondary">{user.last_login_at.map(crate::reader::datetime).unwrap_or_else(|| td_string!(locale, users.never).into())}</td>
                <td class="cell-actions">
                    <ActionForm action=set_disabled attr:class="inline-form">
                        <input type="hidden" name="user_id" value=id2/>
                        <input type="hidden" name="disabled" value=(!user.disabled).to_string()/>
                        <button type="submit" class="button button--small button--secondary">{toggle_label}</button>
                    </ActionForm>
                    <details class="reset">
                        <summary class="button button--small button--secondary">{t!(i18n, users.reset_password)}</summary>
                        <ActionForm action=reset_password attr:class="inline-form">
                            <input type="hidden" name="user_id" value=id3/>
                            <label class="visually-hidden" for=pw_for>{t!(i18n, users.password_for, email = pw_email)}</label>
                            <input id=pw_id type="password" name="password" placeholder=move || t_string!(i18n, users.new_password).to_string() autocomplete="new-password"/>
                            <button type="submit" class="button button--small">{t!(i18n, users.set)}</button>
                        </ActionForm>
                    </details>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="table">
            <thead>
                <tr><th>{t!(i18n, users.name)}</th><th>{t!(i18n, users.role)}</th><th>{t!(i18n, users.status)}</th><th>{t!(i18n, users.last_sign_in)}</th><th><span class="visually-hidden">{t!(i18n, users.actions)}</span></th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
