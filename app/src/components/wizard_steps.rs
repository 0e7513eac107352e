use leptos::prelude::*;

/// The wizard's progress: every step by name, the current one marked.
#[component]
pub fn WizardSteps(steps: &'static [&'static str], current: usize) -> impl IntoView {
    view! {
        <ol class="steps" aria-label="Progress">
            {steps.iter().enumerate().map(|(i, step)| {
                let state = if i < current { "done" } else if i == current { "current" } else { "todo" };
                view! {
                    <li class=format!("steps__item steps__item--{state}") aria-current=(i == current).then_some("step")>
                        <span class="steps__dot" aria-hidden="true">{if i < current { "✓".to_string() } else { (i + 1).to_string() }}</span>
                        <span class="steps__label">{*step}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
