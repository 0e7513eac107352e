//! Adding or editing one routing rule: the rule form posts flat fields (it must work without
//! JavaScript), gathered here in [`RuleForm`] rather than in 27 arguments.

#[cfg(feature = "ssr")]
use super::support::{change_routing, priority, whole};
#[cfg(feature = "ssr")]
use crate::ssr::{require, respond, services};
use domain::AppError;
#[cfg(feature = "ssr")]
use domain::{
    routing::{
        check_rule, parse_skills, Condition, Field, Operator, Output, Rule, Split, RULES_MAX,
    },
    FieldErrors, Role,
};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

/// How many condition and output rows the rule form has.
pub const CONDITION_ROWS: usize = 3;
pub const OUTPUT_ROWS: usize = 5;

/// The rule form's text fields, under the names the form posts. Flattened into
/// `add_routing_rule`'s arguments, so the posted names stay flat (`c1_field`, not
/// `form[c1_field]`). Every field is text: serde_qs cannot read numbers through a flattened
/// struct. Rows left out of the post are empty, as they were when these were `Option`s.
#[derive(Clone, Debug, Serialize, Deserialize)]
pub struct RuleForm {
    pub name: String,
    /// "any" matches any condition; anything else, all of them.
    #[serde(default)]
    pub match_all: String,
    #[serde(default)]
    pub c1_field: String,
    #[serde(default)]
    pub c1_key: String,
    #[serde(default)]
    pub c1_operator: String,
    #[serde(default)]
    pub c1_value: String,
    #[serde(default)]
    pub c2_field: String,
    #[serde(default)]
    pub c2_key: String,
    #[serde(default)]
    pub c2_operator: String,
    #[serde(default)]
    pub c2_value: String,
    #[serde(default)]
    pub c3_field: String,
    #[serde(default)]
    pub c3_key: String,
    #[serde(default)]
    pub c3_operator: String,
    #[serde(default)]
    pub c3_value: String,
    /// Output rows: a queue id and its share in percent.
    #[serde(default)]
    pub q1: String,
    #[serde(default)]
    pub p1: String,
    #[serde(default)]
    pub q2: String,
    #[serde(default)]
    pub p2: String,
    #[serde(default)]
    pub q3: String,
    #[serde(default)]
    pub p3: String,
    #[serde(default)]
    pub q4: String,
    #[serde(default)]
    pub p4: String,
    #[serde(default)]
    pub q5: String,
    #[serde(default)]
    pub p5: String,
    pub priority_typed: String,
    pub skills: String,
}

#[cfg(feature = "ssr")]
impl RuleForm {
    /// Condition rows as typed: [field, key, operator, value].
    fn condition_rows(&self) -> [[&str; 4]; CONDITION_ROWS] {
        [
            [
                &self.c1_field,
                &self.c1_key,
                &self.c1_operator,
                &self.c1_value,
            ],
            [
                &self.c2_field,
                &self.c2_key,
                &self.c2_operator,
                &self.c2_value,
            ],
            [
                &self.c3_field,
                &self.c3_key,
                &self.c3_operator,
                &self.c3_value,
            ],
        ]
        .map(|row| row.map(|typed| typed.as_str()))
    }

    /// Output rows as typed: [queue id, share].
    fn output_rows(&self) -> [[&str; 2]; OUTPUT_ROWS] {
        [
            [&self.q1, &self.p1],
            [&self.q2, &self.p2],
            [&self.q3, &self.p3],
            [&self.q4, &self.p4],
            [&self.q5, &self.p5],
        ]
        .map(|row| row.map(|typed| typed.as_str()))
    }
}

#[cfg(feature = "ssr")]
fn typed_condition(row: usize, typed: [&str; 4]) -> Result<Option<Condition>, AppError> {
    let [field, key, operator, value] = typed;
    let name = format!("condition{row}");
    let field = match field {
        "" => return Ok(None),
        f => {
            Field::parse(f).ok_or_else(|| FieldErrors::single(&name, domain::Problem::PickField))?
        }
    };
    let operator = match field {
        Field::TimeOfDay | Field::Weekday | Field::ContactExists => Operator::Is,
        _ => Operator::parse(operator)
            .ok_or_else(|| FieldErrors::single(&name, domain::Problem::PickOperator))?,
    };
    Ok(Some(Condition {
        field,
        key: key.trim().to_string(),
        operator,
        value: value.trim().to_string(),
    }))
}

/// The rule's output: the queues with their shares, the priority and the skills.
#[cfg(feature = "ssr")]
fn typed_output(form: &RuleForm) -> Result<Output, AppError> {
    let outputs = form.output_rows();
    let single = outputs.iter().filter(|[q, _]| !q.is_empty()).count() == 1;
    let mut splits = Vec::new();
    for [q, typed] in outputs {
        let Ok(queue_id) = q.parse::<i64>() else {
            continue;
        };
        // One queue needs no share: it gets everything.
        let percent = if single && typed.trim().is_empty() {
            100
        } else {
            u32::try_from(whole("output", typed)?)
                .map_err(|_| FieldErrors::single("output", domain::Problem::SharesRange))?
        };
        splits.push(Split { queue_id, percent });
    }
    Ok(Output {
        splits,
        priority: priority(&form.priority_typed)?,
        skills: parse_skills(&form.skills),
    })
}

#[server(endpoint = "add_routing_rule")]
pub async fn add_routing_rule(
    workstream_id: i64,
    ruleset: usize,
    #[server(flatten)] form: RuleForm,
    /// Editing: the rule (its place in the ruleset) this one replaces.
    replace: Option<usize>,
) -> Result<(), AppError> {
    respond(
        async {
            // The role first: nobody else learns anything from validation messages.
            require(&[Role::Admin])?;
            let mut conditions = Vec::new();
            for (row, typed) in form.condition_rows().into_iter().enumerate() {
                if let Some(c) = typed_condition(row + 1, typed)? {
                    conditions.push(c);
                }
            }
            let rule = Rule {
                name: form.name.trim().to_string(),
                match_all: form.match_all != "any",
                conditions,
                output: typed_output(&form)?,
            };
            let queue_ids: Vec<i64> = services()?
                .routing
                .queues()
                .await?
                .iter()
                .map(|q| q.id)
                .collect();
            check_rule(&rule, &queue_ids).into_result()?;
            change_routing(workstream_id, move |doc| {
                if replace.is_none() && doc.rule_count() >= RULES_MAX {
                    return Err(FieldErrors::single(
                        "name",
                        domain::Problem::RulesMax { max: RULES_MAX },
                    ));
                }
                let set = doc
                    .rulesets
                    .get_mut(ruleset)
                    .ok_or(AppError::NotFound(domain::Problem::RulesetNotFound))?;
                if replace.is_some_and(|i| i >= set.rules.len()) {
                    return Err(AppError::NotFound(domain::Problem::RuleNotFound));
                }
                if set
                    .rules
                    .iter()
                    .enumerate()
                    .any(|(i, r)| Some(i) != replace && r.name.eq_ignore_ascii_case(&rule.name))
                {
                    return Err(FieldErrors::single("name", domain::Problem::RuleNameTaken));
                }
                match replace {
                    Some(i) => set.rules[i] = rule,
                    None => set.rules.push(rule),
                }
                Ok(())
            })
            .await?;
            // An edit is done: back to the page without the rule open in the form.
            if replace.is_some() {
                leptos_axum::redirect(&format!("/workstreams/{workstream_id}/routing"));
            }
            Ok(())
        }
        .await,
    )
}

#[cfg(test)]
mod tests {
    use super::AddRoutingRule;
    use crate::api::form_post::{read, sent};

    /// The form's flat names reach the struct (read as server_fn reads a form post), and the
    /// browser sends them back flat, not nested as `form[name]`.
    #[test]
    fn reads_and_writes_the_flat_form_fields() {
        let posted = "workstream_id=3&ruleset=1&name=Big&match_all=any&c1_field=language\
                      &c1_operator=equals&c1_value=ja&c2_field=&q1=7&p1=&priority_typed=2\
                      &skills=vip&replace=";
        let args: AddRoutingRule = read(posted).unwrap();
        assert_eq!((args.workstream_id, args.ruleset), (3, 1));
        assert_eq!(args.replace, None);
        assert_eq!(args.form.c1_value, "ja");
        assert_eq!(args.form.c3_field, "");
        assert_eq!(args.form.q1, "7");
        let sent = sent(&args);
        assert!(
            sent.contains("&name=Big&match_all=any&c1_field=language&"),
            "{sent}"
        );
    }
}
