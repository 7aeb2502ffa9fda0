//! Removal of secret values from bodies before they reach a log line or an error message.

use serde_json::Value;

use crate::secret::REDACTED;

/// Longest body text kept in logs and errors; longer ones are cut.
const MAX_BODY_CHARS: usize = 2000;

/// Whether a JSON key names a secret, whatever its spelling (`client_secret`, `clientSecret`,
/// `access_token`, `Authorization`, ...).
pub fn is_secret_key(key: &str) -> bool {
    let normalized: String = key
        .chars()
        .filter(|c| *c != '_' && *c != '-')
        .map(|c| c.to_ascii_lowercase())
        .collect();
    matches!(
        normalized.as_str(),
        "clientsecret"
            | "secret"
            | "secretvalue"
            | "accesstoken"
            | "refreshtoken"
            | "idtoken"
            | "token"
            | "password"
            | "authorization"
    )
}

/// Replaces the values of secret-named keys, at any depth.
pub fn redact_json(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                if is_secret_key(key) {
                    *inner = Value::String(REDACTED.to_owned());
                } else {
                    redact_json(inner);
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(redact_json),
        _ => {}
    }
}

/// A body as loggable text: JSON with its secrets redacted, other text as is; both cut to a
/// bounded length.
pub fn redact_body(body: &[u8]) -> String {
    let text = match serde_json::from_slice::<Value>(body) {
        Ok(mut json) => {
            redact_json(&mut json);
            json.to_string()
        }
        Err(_) => String::from_utf8_lossy(body).trim().to_owned(),
    };
    truncate(text)
}

/// A body whose every value is secret (such as a list of secrets by name), as loggable text:
/// the keys of a JSON object with their values redacted; anything else redacted whole.
pub fn redact_values(body: &[u8]) -> String {
    match serde_json::from_slice::<Value>(body) {
        Ok(Value::Object(mut map)) => {
            for inner in map.values_mut() {
                *inner = Value::String(REDACTED.to_owned());
            }
            truncate(Value::Object(map).to_string())
        }
        _ => REDACTED.to_owned(),
    }
}

fn truncate(mut text: String) -> String {
    if let Some((cut, _)) = text.char_indices().nth(MAX_BODY_CHARS) {
        text.truncate(cut);
        text.push_str("…(truncated)");
    }
    text
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn secrets_are_redacted_at_any_depth() {
        let body = json!({
            "name": "c1",
            "clientSecret": "s1",
            "nested": [{"client_secret": "s2", "keep": "v"}, {"access_token": "t"}],
        });
        let text = redact_body(body.to_string().as_bytes());
        assert!(
            !text.contains("s1") && !text.contains("s2") && !text.contains("\"t\""),
            "{text}"
        );
        assert!(
            text.contains("\"keep\":\"v\"") && text.contains("\"name\":\"c1\""),
            "{text}"
        );
    }

    #[test]
    fn secret_maps_keep_their_keys_only() {
        let text = redact_values(br#"{"API_KEY": "k-1", "TOKEN": "t-2"}"#);
        assert!(text.contains("API_KEY") && text.contains("TOKEN"), "{text}");
        assert!(!text.contains("k-1") && !text.contains("t-2"), "{text}");
        assert_eq!(redact_values(b"[\"k-1\"]"), REDACTED);
    }

    #[test]
    fn long_bodies_are_cut() {
        let text = redact_body("x".repeat(5000).as_bytes());
        assert!(text.len() < 2100 && text.ends_with("(truncated)"));
    }
}
