use crate::i18n::*;
use leptos::prelude::*;

/// The wizard's progress: every step by name (fixed texts or ones that follow the reader's
/// language), the current one marked.
#[component]
pub fn WizardSteps(steps: Vec<TextProp>, current: usize) -> impl IntoView {
    let i18n = use_i18n();
    view! {
        <ol class="steps" aria-label=move || t_string!(i18n, wizard_steps.progress)>
            {steps.into_iter().enumerate().map(|(i, step)| {
                let state = if i < current { "done" } else if i == current { "current" } else { "todo" };
                view! {
                    <li class=format!("steps__item steps__item--{state}") aria-current=(i == current).then_some("step")>
                        <span class="steps__dot" aria-hidden="true">{if i < current { "✓".to_string() } else { (i + 1).to_string() }}</span>
                        <span class="steps__label">{move || step.get()}</span>
                    </li>
                }
            }).collect_view()}
        </ol>
    }
}
