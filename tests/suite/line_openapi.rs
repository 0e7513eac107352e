//! Request bodies linedesk sends to LINE, checked against LINE's official OpenAPI document
//! (fixtures/line-openapi/messaging-api.yml, copied unchanged from line/line-openapi): the
//! document's own schemas, read by a JSON Schema validator, never a hand-written copy.

use serde_json::Value;
use std::sync::OnceLock;

/// LINE's messaging-api.yml as JSON.
fn spec() -> &'static Value {
    static SPEC: OnceLock<Value> = OnceLock::new();
    SPEC.get_or_init(|| {
        let path = concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/fixtures/line-openapi/messaging-api.yml"
        );
        let text = std::fs::read_to_string(path).expect("LINE's OpenAPI document is in fixtures");
        serde_yaml_ng::from_str(&text).expect("LINE's OpenAPI document is YAML")
    })
}

/// Panics with every way `body` breaks the request schema LINE documents for `POST path`.
pub fn check_request(path: &str, body: &Value) {
    let problems = request_problems(path, body);
    assert!(
        problems.is_empty(),
        "POST {path} does not match LINE's OpenAPI document:\n{}\nbody: {body}",
        problems.join("\n")
    );
}

/// What is wrong with `body` as the JSON body of `POST path` (empty when nothing is).
pub fn request_problems(path: &str, body: &Value) -> Vec<String> {
    let doc = spec();
    let reference = doc["paths"][path]["post"]["requestBody"]["content"]["application/json"]
        ["schema"]["$ref"]
        .as_str()
        .unwrap_or_else(|| panic!("LINE documents no JSON body for POST {path}"));
    let mut problems = problems_against(reference, body);
    // LINE's message objects are told apart by `type` (an OpenAPI discriminator, which JSON
    // Schema does not follow): each message is checked against its own type's schema too.
    for (i, message) in body["messages"]
        .as_array()
        .into_iter()
        .flatten()
        .enumerate()
    {
        let kind = message["type"].as_str().unwrap_or_default();
        match doc["components"]["schemas"]["Message"]["discriminator"]["mapping"][kind].as_str() {
            Some(reference) => problems.extend(
                problems_against(reference, message)
                    .into_iter()
                    .map(|p| format!("messages[{i}]: {p}")),
            ),
            None => problems.push(format!("messages[{i}]: LINE has no message type {kind:?}")),
        }
    }
    problems
}

/// The schema at `reference` ("#/components/schemas/…") applied to `instance`, plus any
/// property the schema does not define (LINE ignores or refuses those; either way a typo).
fn problems_against(reference: &str, instance: &Value) -> Vec<String> {
    let mut root = spec().clone();
    root["$ref"] = Value::String(reference.to_string());
    // OpenAPI 3.0's schema objects are JSON Schema draft 4 with extra keywords (nullable,
    // discriminator) that a validator skips.
    let validator = jsonschema::draft4::new(&root).expect("LINE's schemas compile");
    let mut problems: Vec<String> = validator
        .iter_errors(instance)
        .map(|e| format!("{} at {}", e, e.instance_path()))
        .collect();
    if let Some(object) = instance.as_object() {
        let known = properties(reference);
        for key in object.keys() {
            if !known.iter().any(|k| k == key) {
                problems.push(format!("{key:?} is not a property of {reference}"));
            }
        }
    }
    problems
}

/// Every property a schema defines, through `allOf` and `$ref`.
fn properties(reference: &str) -> Vec<String> {
    let pointer = reference.trim_start_matches('#');
    let schema = spec().pointer(pointer).unwrap_or(&Value::Null);
    let mut names: Vec<String> = schema["properties"]
        .as_object()
        .map(|p| p.keys().cloned().collect())
        .unwrap_or_default();
    for part in schema["allOf"].as_array().into_iter().flatten() {
        match part["$ref"].as_str() {
            Some(inner) => names.extend(properties(inner)),
            None => names.extend(
                part["properties"]
                    .as_object()
                    .map(|p| p.keys().cloned().collect::<Vec<_>>())
                    .unwrap_or_default(),
            ),
        }
    }
    names
}

#[test]
fn the_check_catches_what_line_would_refuse() {
    // A body as linedesk sends it passes; a misspelt, missing or mistyped field does not.
    assert!(request_problems(
        "/v2/bot/chat/markAsRead",
        &serde_json::json!({ "markAsReadToken": "t" })
    )
    .is_empty());
    assert!(!request_problems(
        "/v2/bot/chat/markAsRead",
        &serde_json::json!({ "markAsReadtoken": "t" })
    )
    .is_empty());
    let push = |message: Value| serde_json::json!({ "to": "U1", "messages": [message] });
    assert!(request_problems(
        "/v2/bot/message/push",
        &push(serde_json::json!({ "type": "text", "text": "hi" }))
    )
    .is_empty());
    assert!(!request_problems(
        "/v2/bot/message/push",
        &push(serde_json::json!({ "type": "text", "text": 5 }))
    )
    .is_empty());
    assert!(!request_problems(
        "/v2/bot/message/push",
        &push(serde_json::json!({ "type": "txet", "text": "hi" }))
    )
    .is_empty());
    assert!(!request_problems(
        "/v2/bot/message/push",
        &push(serde_json::json!({ "type": "sticker", "packageId": "446" }))
    )
    .is_empty());
}
