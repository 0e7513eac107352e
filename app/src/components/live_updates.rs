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
            let source = StoredValue::new_local(None::<web_sys::EventSource>);
            on_cleanup(move || {
                source.with_value(|s| {
                    if let Some(s) = s {
                        s.close()
                    }
                })
            });
            Effect::new(move |_| {
                // Connect a moment after hydration: a change arriving while suspended parts of
                // the page are still hydrating would re-render them mid-way. The "open" bump
                // below reads again whatever changed in between.
                set_timeout(
                    move || {
                        let Ok(stream) = web_sys::EventSource::new("/live") else {
                            return;
                        };
                        let bump =
                            Closure::<dyn FnMut(web_sys::Event)>::new(move |_: web_sys::Event| {
                                version.update(|v| *v += 1);
                            });
                        // "open" too: whatever changed between rendering the page and the
                        // stream connecting (or reconnecting) is read again once connected.
                        // "staffing" (presence, capacity) reaches supervisors and administrators only.
                        for kind in ["conversation", "staffing", "resync", "open"] {
                            let _ = stream.add_event_listener_with_callback(
                                kind,
                                bump.as_ref().unchecked_ref(),
                            );
                        }
                        bump.forget();
                        source.set_value(Some(stream));
                    },
                    std::time::Duration::from_millis(300),
                );
            });
        }
    }
}
