//! What the API clients' settings share: blank values that count as unset, and the check
//! of a configured URL.

/// A setting's value trimmed; `None` when it is unset or blank.
pub fn non_blank(value: Option<String>) -> Option<String> {
    value.map(|v| v.trim().to_owned()).filter(|v| !v.is_empty())
}

/// The explicit value, else the environment variable `var`; blank ones count as unset.
pub fn explicit_or_env(
    value: Option<String>,
    env: &dyn Fn(&str) -> Option<String>,
    var: &str,
) -> Option<String> {
    non_blank(value).or_else(|| non_blank(env(var)))
}

/// `value` as the URL of an API or a token service: http or https, with no credentials in
/// it. Otherwise, why not.
pub fn parse_url(value: &str) -> Result<reqwest::Url, String> {
    let url = reqwest::Url::parse(value).map_err(|e| format!("not a URL ({e})"))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err("the scheme must be http or https".to_owned());
    }
    if !url.username().is_empty() || url.password().is_some() {
        return Err("credentials in the URL are not supported".to_owned());
    }
    Ok(url)
}

/// An environment of these variables, for tests of settings.
#[cfg(test)]
pub fn env_of(pairs: &[(&str, &str)]) -> impl Fn(&str) -> Option<String> + use<> {
    let map: std::collections::HashMap<String, String> = pairs
        .iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    move |name| map.get(name).cloned()
}
