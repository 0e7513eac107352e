//! The desk's keyboard: move between conversations, reply, accept or decline an offer, and a
//! "?" overlay listing it all. Shortcuts act on what is on screen (the list's rows, the
//! buttons that carry `data-shortcut`), so a key does exactly what a click would.

use crate::i18n::*;
use leptos::prelude::*;

/// The shortcuts, as the overlay lists them (keys, and what they do: `describe`).
const SHORTCUTS: [(&[&str], &str); 7] = [
    (&["j", "Alt+↓"], "next"),
    (&["k", "Alt+↑"], "previous"),
    (&["r"], "reply"),
    (&["a"], "accept"),
    (&["d"], "decline"),
    (&["Esc"], "escape"),
    (&["?"], "help"),
];

/// What a shortcut of `SHORTCUTS` does, in the reader's language.
fn describe(locale: Locale, what: &str) -> &'static str {
    match what {
        "next" => td_string!(locale, keyboard_shortcuts.next),
        "previous" => td_string!(locale, keyboard_shortcuts.previous),
        "reply" => td_string!(locale, keyboard_shortcuts.reply),
        "accept" => td_string!(locale, keyboard_shortcuts.accept),
        "decline" => td_string!(locale, keyboard_shortcuts.decline),
        "escape" => td_string!(locale, keyboard_shortcuts.escape),
        _ => td_string!(locale, keyboard_shortcuts.help),
    }
}

// Read only by the browser's listener (and the tests).
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Shortcut {
    Next,
    Previous,
    Reply,
    Accept,
    Decline,
    Help,
}

/// Which shortcut a key press is, if any. In a text field only Alt+arrows count: letters are
/// typing there.
#[cfg_attr(not(feature = "hydrate"), allow(dead_code))]
fn shortcut_for(key: &str, alt: bool, in_field: bool) -> Option<Shortcut> {
    match (key, alt) {
        ("ArrowDown", true) => Some(Shortcut::Next),
        ("ArrowUp", true) => Some(Shortcut::Previous),
        _ if in_field || alt => None,
        ("j", _) => Some(Shortcut::Next),
        ("k", _) => Some(Shortcut::Previous),
        ("r", _) => Some(Shortcut::Reply),
        ("a", _) => Some(Shortcut::Accept),
        ("d", _) => Some(Shortcut::Decline),
        ("?", _) => Some(Shortcut::Help),
        _ => None,
    }
}

#[component]
pub fn KeyboardShortcuts() -> impl IntoView {
    let help = RwSignal::new(false);
    // The button is useless before the page's code runs: it shows once it does.
    let hydrated = RwSignal::new(false);
    Effect::new(move |_| hydrated.set(true));
    let close = NodeRef::<leptos::html::Button>::new();
    close.on_load(move |button| {
        request_animation_frame(move || {
            let _ = button.focus();
        });
    });
    #[cfg(feature = "hydrate")]
    listen(help);
    let i18n = use_i18n();

    view! {
        <button type="button" class="button button--ghost button--small desk__help" aria-keyshortcuts="?"
            hidden=move || !hydrated.get() on:click=move |_| help.set(true)>{t!(i18n, keyboard_shortcuts.title)}</button>
        {move || help.get().then(|| view! {
            <div class="shortcuts-backdrop" on:click=move |_| help.set(false)>
                <div class="shortcuts" role="dialog" aria-modal="true" aria-labelledby="shortcuts-title"
                    data-testid="shortcuts" on:click=|ev| ev.stop_propagation()>
                    <h2 id="shortcuts-title">{t!(i18n, keyboard_shortcuts.title)}</h2>
                    <dl class="shortcuts__list">
                        {SHORTCUTS.iter().map(|(keys, what)| view! {
                            <dt>{keys.iter().enumerate().map(|(i, k)| view! {
                                {(i > 0).then(|| format!(" {} ", t_string!(i18n, keyboard_shortcuts.or)))}<kbd>{*k}</kbd>
                            }).collect_view()}</dt>
                            <dd>{describe(i18n.get_locale_untracked(), what)}</dd>
                        }).collect_view()}
                    </dl>
                    <button type="button" class="button" node_ref=close on:click=move |_| help.set(false)>{t!(i18n, keyboard_shortcuts.close)}</button>
                </div>
            </div>
        })}
    }
}

#[cfg(feature = "hydrate")]
fn listen(help: RwSignal<bool>) {
    use wasm_bindgen::JsCast;
    let navigate = leptos_router::hooks::use_navigate();
    let handle = window_event_listener(leptos::ev::keydown, move |ev| {
        if ev.default_prevented() || ev.is_composing() || ev.ctrl_key() || ev.meta_key() {
            return;
        }
        let target = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlElement>().ok());
        let in_field = target.as_ref().is_some_and(|el| {
            matches!(el.tag_name().as_str(), "INPUT" | "TEXTAREA" | "SELECT")
                || el.is_content_editable()
        });
        if ev.key() == "Escape" {
            if help.get_untracked() {
                help.set(false);
            } else if let Some(field) = target.filter(|_| in_field) {
                let _ = field.blur();
            }
            return;
        }
        let Some(shortcut) = shortcut_for(&ev.key(), ev.alt_key(), in_field) else {
            return;
        };
        ev.prevent_default();
        match shortcut {
            Shortcut::Next => step(&navigate, 1),
            Shortcut::Previous => step(&navigate, -1),
            Shortcut::Reply => {
                if let Some(el) = element("#composer-text") {
                    let _ = el.focus();
                }
            }
            // The open conversation's offer first, then the newest toast, then the list's first.
            Shortcut::Accept | Shortcut::Decline => {
                let which = if shortcut == Shortcut::Accept {
                    "accept"
                } else {
                    "decline"
                };
                let button = [".desk__main", ".toast", ".desk__list"]
                    .iter()
                    .find_map(|area| element(&format!("{area} [data-shortcut=\"{which}\"]")));
                if let Some(button) = button {
                    button.click();
                }
            }
            Shortcut::Help => help.set(true),
        }
    });
    on_cleanup(move || handle.remove());
}

#[cfg(feature = "hydrate")]
fn element(selector: &str) -> Option<web_sys::HtmlElement> {
    use wasm_bindgen::JsCast;
    document()
        .query_selector(selector)
        .ok()
        .flatten()
        .and_then(|el| el.dyn_into::<web_sys::HtmlElement>().ok())
}

/// Opens the conversation `by` rows below (or above) the open one, and puts the focus on its
/// row so the next key carries on from there.
#[cfg(feature = "hydrate")]
fn step(navigate: &impl Fn(&str, leptos_router::NavigateOptions), by: i32) {
    use wasm_bindgen::JsCast;
    let Ok(rows) =
        document().query_selector_all(".desk__list .inbox__item:not(.hidden) a[data-conversation]")
    else {
        return;
    };
    let rows: Vec<web_sys::HtmlElement> = (0..rows.length())
        .filter_map(|i| rows.item(i))
        .filter_map(|node| node.dyn_into::<web_sys::HtmlElement>().ok())
        .collect();
    if rows.is_empty() {
        return;
    }
    let current = rows
        .iter()
        .position(|row| row.get_attribute("aria-current").as_deref() == Some("page"));
    let next = match current {
        Some(i) => (i as i32 + by).clamp(0, rows.len() as i32 - 1) as usize,
        None if by > 0 => 0,
        None => rows.len() - 1,
    };
    let row = &rows[next];
    if let Some(href) = row.get_attribute("href") {
        navigate(&href, Default::default());
    }
    let _ = row.focus();
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn letters_are_shortcuts_only_outside_text_fields() {
        assert_eq!(shortcut_for("j", false, false), Some(Shortcut::Next));
        assert_eq!(shortcut_for("j", false, true), None);
        assert_eq!(shortcut_for("a", true, false), None);
        assert_eq!(shortcut_for("ArrowDown", true, true), Some(Shortcut::Next));
        assert_eq!(shortcut_for("ArrowUp", false, false), None);
        assert_eq!(shortcut_for("?", false, false), Some(Shortcut::Help));
    }
}
