//! The Set up LINE wizard's pages, for the pages that link to them and the functions that
//! move between them.

/// The wizard's pages, in order: (step key, the product's label).
pub const LINE_STEPS: &[(&str, &str)] = &[
    ("account", "LINE"),
    ("language", "Language"),
    ("behaviors", "Behaviors"),
    ("features", "User features"),
    ("summary", "Summary"),
];

pub fn line_setup_url(workstream: i64, step: &str) -> String {
    format!("/workstreams/{workstream}/line?step={step}")
}
