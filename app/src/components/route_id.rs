use leptos::prelude::*;
use leptos_router::hooks::use_params_map;

/// The `:id` of the current route as a number (0 when it is missing or not a number, which the
/// server then answers with "not found").
pub fn route_id() -> impl Fn() -> i64 + Copy + Send + Sync + 'static {
    let params = use_params_map();
    move || {
        params
            .read()
            .get("id")
            .and_then(|v| v.parse::<i64>().ok())
            .unwrap_or(0)
    }
}
