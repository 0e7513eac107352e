use crate::api::users::{
    list_users, ChangeUserRole, CreateUser, ResetUserPassword, SetUserDisabled,
};
use crate::components::field::Field;
use crate::components::form_error::{
    field_error, general_error, last_error, reset_after_success, FormError,
};
use crate::components::guarded::Guarded;
use domain::time::format_utc;
use domain::user::UserView;
use domain::Role;
use leptos::prelude::*;
use leptos_meta::Title;

/// Users: create people, change roles, disable, reset passwords (administrators only).
#[component]
pub fn UsersPage() -> impl IntoView {
    view! {
        <Title text="Users"/>
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
    let created = move || {
        create_value.get().and_then(|r| r.ok()).map(|user| {
        view! { <div class="alert alert--success" role="status">{format!("Created {} as {}.", user.email, user.role.label())}</div> }
    })
    };

    view! {
            <div class="page-header">
                <p class="breadcrumb">"Customer support"</p>
                <h1>"Users"</h1>
                <p class="muted">"People who work in this desk and what their role lets them do."</p>
            </div>
            <div class="layout-two">
                <section class="panel" aria-labelledby="users-heading">
                    <h2 id="users-heading">"People"</h2>
                    <FormError error=row_error/>
                    <Suspense fallback=|| view! { <p class="loading">"Loading…"</p> }>
                        {move || Suspend::new(async move {
                            match users.await {
                                Ok(list) => view! { <UserTable users=list change_role set_disabled reset_password/> }.into_any(),
                                Err(err) => view! { <div class="alert alert--error">{crate::components::form_error::error_message(&err)}</div> }.into_any(),
                            }
                        })}
                    </Suspense>
                </section>
                <section class="panel" aria-labelledby="new-user-heading">
                    <h2 id="new-user-heading">"New user"</h2>
                    {created}
                    <FormError error=create_general/>
                    <ActionForm action=create node_ref=create_form attr:class="form" attr:novalidate=true>
                        <Field label="Email" name="email" kind="email" required=true error=field_error(create_value, "email")/>
                        <Field label="Display name" name="display_name" error=field_error(create_value, "display_name")/>
                        <div class="field">
                            <label for="field-role">"Role"</label>
                            <select id="field-role" name="role">
                                {Role::ALL.into_iter().map(|role| view! {
                                    <option value=role.as_str() selected=role == Role::Agent>{role.label()}</option>
                                }).collect_view()}
                            </select>
                        </div>
                        <Field label="Initial password" name="password" kind="password" autocomplete="new-password" required=true hint="At least 10 characters. Share it with the person privately." error=field_error(create_value, "password")/>
                        <button type="submit" class="button button--primary">"Create user"</button>
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
    let rows = users.into_iter().map(|user| {
        let id = user.id.to_string();
        let email = user.email.clone();
        let (id1, id2, id3) = (id.clone(), id.clone(), id.clone());
        let (role_id, pw_id) = (format!("role-{id}"), format!("pw-{id}"));
        let (role_for, pw_for) = (role_id.clone(), pw_id.clone());
        let role_label = format!("Role of {email}");
        let pw_label = format!("New password for {email}");
        let status = if user.disabled { "Disabled" } else { "Active" };
        let toggle_label = if user.disabled { "Enable" } else { "Disable" };
        view! {
            <tr data-email=email>
                <td>
                    <div class="cell-primary">{user.display_name.clone()}</div>
                    <div class="cell-secondary">{user.email.clone()}</div>
                </td>
                <td>
                    <ActionForm action=change_role attr:class="inline-form">
                        <input type="hidden" name="user_id" value=id1/>
                        <label class="visually-hidden" for=role_for>{role_label}</label>
                        <select id=role_id name="role">
                            {Role::ALL.into_iter().map(|role| view! {
                                <option value=role.as_str() selected=role == user.role>{role.label()}</option>
                            }).collect_view()}
                        </select>
                        <button type="submit" class="button button--small">"Save"</button>
                    </ActionForm>
                </td>
                <td><span class=if user.disabled { "badge badge--muted" } else { "badge badge--ok" }>{status}</span></td>
                <td class="cell-secondary">{user.last_login_at.map(format_utc).unwrap_or_else(|| "Never".into())}</td>
                <td class="cell-actions">
                    <ActionForm action=set_disabled attr:class="inline-form">
                        <input type="hidden" name="user_id" value=id2/>
                        <input type="hidden" name="disabled" value=(!user.disabled).to_string()/>
                        <button type="submit" class="button button--small button--secondary">{toggle_label}</button>
                    </ActionForm>
                    <details class="reset">
                        <summary class="button button--small button--secondary">"Reset password"</summary>
                        <ActionForm action=reset_password attr:class="inline-form">
                            <input type="hidden" name="user_id" value=id3/>
                            <label class="visually-hidden" for=pw_for>{pw_label}</label>
                            <input id=pw_id type="password" name="password" placeholder="New password" autocomplete="new-password"/>
                            <button type="submit" class="button button--small">"Set"</button>
                        </ActionForm>
                    </details>
                </td>
            </tr>
        }
    }).collect_view();
    view! {
        <table class="table">
            <thead>
                <tr><th>"Name"</th><th>"Role"</th><th>"Status"</th><th>"Last sign-in"</th><th><span class="visually-hidden">"Actions"</span></th></tr>
            </thead>
            <tbody>{rows}</tbody>
        </table>
    }
}
