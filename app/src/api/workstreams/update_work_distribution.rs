//! The work distribution form: auto-close, capacity, wrap-up, presences and skill matching.

#[cfg(feature = "ssr")]
use super::support::{change_settings, number};
#[cfg(feature = "ssr")]
use crate::ssr::respond;
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    workstream::{SkillMatching, WrapUpBlock, PRESENCES},
    FieldErrors,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// The form's fields, under the names it posts (flattened into the function's arguments so
/// they stay flat). Checkboxes are empty when unticked; the wrap-up seconds are empty unless
/// the block is "for" some seconds.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct DistributionForm {
    pub auto_close_minutes: String,
    pub capacity: String,
    /// "always", "never", or anything else for `wrap_up_seconds`.
    pub wrap_up: String,
    #[serde(default)]
    pub wrap_up_seconds: String,
    #[serde(default)]
    pub presence_available: String,
    #[serde(default)]
    pub presence_busy: String,
    #[serde(default)]
    pub presence_do_not_disturb: String,
    #[serde(default)]
    pub presence_away: String,
    pub skill_matching: String,
    #[serde(default)]
    pub keep_same_agent: String,
}

#[server(endpoint = "update_work_distribution")]
pub async fn update_work_distribution(
    id: i64,
    #[server(flatten)] form: DistributionForm,
) -> Result<(), AppError> {
    respond(
        change_settings(id, |settings| {
            let d = &mut settings.distribution;
            d.auto_close_minutes = number("auto_close_minutes", &form.auto_close_minutes)?;
            d.capacity_per_conversation = number("capacity", &form.capacity)?;
            d.wrap_up_block = match form.wrap_up.as_str() {
                "always" => WrapUpBlock::Always,
                "never" => WrapUpBlock::Never,
                _ => WrapUpBlock::For(number("wrap_up_seconds", &form.wrap_up_seconds)?),
            };
            // In `PRESENCES` order.
            let checked = [
                &form.presence_available,
                &form.presence_busy,
                &form.presence_do_not_disturb,
                &form.presence_away,
            ]
            .map(|on| !on.is_empty());
            d.allowed_presences = PRESENCES
                .iter()
                .zip(checked)
                .filter(|(_, on)| *on)
                .map(|((key, _), _)| key.to_string())
                .collect();
            d.skill_matching = SkillMatching::parse(&form.skill_matching).ok_or_else(|| {
                FieldErrors::single("skill_matching", domain::Problem::ChooseSkillMatching)
            })?;
            d.keep_same_agent = !form.keep_same_agent.is_empty();
            Ok(())
        })
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::UpdateWorkDistribution;
    use crate::api::form_post::{read, sent};

    /// What the form posts reaches the struct (an unticked checkbox is absent), and the
    /// browser sends the names back flat.
    #[test]
    fn reads_and_writes_the_flat_form_fields() {
        let posted = "id=4&auto_close_minutes=60&capacity=1&wrap_up=for&wrap_up_seconds=30\
                      &presence_available=on&presence_away=on&skill_matching=exact";
        let args: UpdateWorkDistribution = read(posted).unwrap();
        assert_eq!(args.id, 4);
        assert_eq!(args.form.wrap_up_seconds, "30");
        assert_eq!(args.form.presence_available, "on");
        assert_eq!(args.form.presence_busy, "");
        assert_eq!(args.form.keep_same_agent, "");
        let sent = sent(&args);
        assert!(sent.starts_with("id=4&auto_close_minutes=60&"), "{sent}");
        // A missing text field is the caller's mistake, as before.
        let short = "id=4&auto_close_minutes=60&capacity=1&wrap_up=never";
        assert!(read::<UpdateWorkDistribution>(short).is_err());
    }
}
