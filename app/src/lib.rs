// Leptos view types nest deeply on the larger pages (the account page).
#![recursion_limit = "256"]

//! The linedesk portal: Leptos components rendered on the server and hydrated in the browser,
//! and the server functions they call (grouped by area under `api`).

// The translation catalogues (locales/*.json), compiled by build.rs: `Locale`, `use_i18n`, `t!`.
include!(concat!(env!("OUT_DIR"), "/i18n/mod.rs"));

pub mod api;
pub mod app;
pub mod chart_geometry;
pub mod chart_words;
pub mod components;
pub mod counts;
pub mod error_text;
pub mod exports;
pub mod labels;
pub mod lazy_pages;
pub mod pages;
pub mod reader;
pub mod session;
#[cfg(feature = "ssr")]
pub mod ssr;

pub use app::{shell, App};

#[cfg(feature = "hydrate")]
#[wasm_bindgen::prelude::wasm_bindgen]
pub fn hydrate() {
    console_error_panic_hook::set_once();
    // Some routes are split into their own wasm files (lazy_pages): hydration waits for them.
    // So does the desk's list (pages::conversations::list_pane), when the page has it: the
    // router does not know of it, so its part is loaded here first.
    if pages::conversations::page_has_list() {
        wasm_bindgen_futures::spawn_local(async {
            pages::conversations::__preload_list_pane().await;
            leptos::mount::hydrate_lazy(App);
        });
    } else {
        leptos::mount::hydrate_lazy(App);
    }
}
