use leptos::prelude::*;

/// Bumped whenever the server says a conversation changed; pages that show conversations read
/// it in their resources' sources, so they re-read without a page reload.
#[derive(Clone, Copy)]
pub struct LiveVersion(pub RwSignal<u64>);

pub fn live_version() -> u64 {
    use_context::<LiveVersion>().map(|v| v.0.get()).unwrap_or(0)
}

/// Listens to /live (Server-Sent Events) while a signed-in page is open. The browser's
/// EventSource reconnects by itself after a network or server restart.
#[component]
pub fn LiveUpdates() -> impl IntoView {
    #[cfg(feature = "hydrate")]
    {
        use wasm_bindgen::prelude::*;
        if let Some(LiveVersion(version)) = use_context::<LiveVersion>() {
            Effect::new(move |_| {
                let Ok(source) = web_sys::EventSource::new("/live") else {
                    return;
                };
                let bump = Closure::<dyn FnMut(web_sys::MessageEvent)>::new(
                    move |_: web_sys::MessageEvent| {
                        version.update(|v| *v += 1);
                    },
                );
                for kind in ["conversation", "resync"] {
                    let _ = source
                        .add_event_listener_with_callback(kind, bump.as_ref().unchecked_ref());
                }
                bump.forget();
                let source = StoredValue::new_local(source);
                on_cleanup(move || source.with_value(|s| s.close()));
            });
        }
    }
}
