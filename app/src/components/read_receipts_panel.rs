//! An account's read receipts: what LINE allows (its chat mode, read with "Verify now") and when
//! the desk marks a customer's messages read.

use crate::api::accounts::SetAccountMarkRead;
use crate::components::form_error::{field_error, general_error, FormError};
use crate::i18n::*;
use domain::account::{BotProfile, LineReadMode, MarkRead};
use leptos::prelude::*;

#[component]
pub fn ReadReceiptsPanel(
    account_id: i64,
    mark_read: MarkRead,
    bot: Option<BotProfile>,
    action: ServerAction<SetAccountMarkRead>,
) -> impl IntoView {
    let i18n = use_i18n();
    let line_says = match bot.and_then(|b| b.read_mode) {
        Some(LineReadMode::Manual) => view! {
            <p class="ok-line" data-testid="line-read-mode">{t!(i18n, read_receipts.chat_on)}</p>
        }
        .into_any(),
        // LINE marks everything read itself: say what to switch in LINE's console.
        Some(LineReadMode::Auto) => view! {
            <div class="alert alert--warn" role="status" data-testid="line-read-mode">
                <p>{t!(i18n, read_receipts.chat_off)}</p>
                <p>{t!(i18n, read_receipts.switch_chat)}</p>
            </div>
        }
        .into_any(),
        None => view! {
            <p class="muted" data-testid="line-read-mode">{t!(i18n, read_receipts.unknown)}</p>
        }
        .into_any(),
    };
    let saved = move || {
        action
            .value()
            .get()
            .is_some_and(|result| result.is_ok())
            .then(|| view! { <p class="ok-line" role="status">{t!(i18n, read_receipts.saved)}</p> })
    };
    let error = field_error(action.value(), "mark_read");
    let radio = move |value: MarkRead| {
        view! { <input type="radio" name="mark_read" value=value.as_str() checked=mark_read == value/> }
    };
    view! {
        <section class="panel" data-testid="read-receipts">
            <h2>{t!(i18n, read_receipts.heading)}</h2>
            <p class="muted">{t!(i18n, read_receipts.explained)}</p>
            {line_says}
            <ActionForm action attr:class="form" attr:novalidate=true>
                <input type="hidden" name="id" value=account_id.to_string()/>
                <fieldset class="field">
                    <legend>{t!(i18n, read_receipts.when)}</legend>
                    <label class="checkbox">{radio(MarkRead::OnView)}" "{t!(i18n, read_receipts.on_view)}</label>
                    <label class="checkbox">{radio(MarkRead::OnReply)}" "{t!(i18n, read_receipts.on_reply)}</label>
                    <label class="checkbox">{radio(MarkRead::Never)}" "{t!(i18n, read_receipts.never)}</label>
                    {move || error.get().map(|message| view! { <p class="field__error" role="alert">{message}</p> })}
                </fieldset>
                <button type="submit" class="button button--secondary">{t!(i18n, read_receipts.save)}</button>
            </ActionForm>
            <FormError error=general_error(action.value())/>
            {saved}
        </section>
    }
}
