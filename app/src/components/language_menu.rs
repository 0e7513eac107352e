use crate::api::preferences::SetLanguage;
use crate::i18n::*;
use crate::labels::LANGUAGES;
use leptos::prelude::*;
use leptos_router::hooks::use_location;
use server_fn::ServerFn;

/// The portal's language, each choice named in itself. A plain form: the page comes back in
/// the chosen language, from the first byte, with or without JavaScript.
#[component]
pub fn LanguageMenu() -> impl IntoView {
    let i18n = use_i18n();
    let location = use_location();
    let here = move || {
        let search = location.search.get();
        let search = search.trim_start_matches('?');
        if search.is_empty() {
            location.pathname.get()
        } else {
            format!("{}?{search}", location.pathname.get())
        }
    };
    view! {
        <form class="language-menu" method="post" action=SetLanguage::url()>
            <input type="hidden" name="next" value=here/>
            <label class="visually-hidden" for="language">{t!(i18n, topbar.language)}</label>
            <select id="language" name="language" data-testid="language">
                {LANGUAGES.iter().map(|(locale, name)| {
                    let locale = *locale;
                    view! { <option value=locale.as_str() lang=locale.as_str() selected=move || i18n.get_locale() == locale>{*name}</option> }
                }).collect_view()}
            </select>
            <button type="submit" class="button button--small button--ghost">{t!(i18n, topbar.change)}</button>
        </form>
    }
}
