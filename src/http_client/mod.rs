//! What the API clients (the Console's and the Orchestration Cluster's) share below their
//! endpoints: the HTTP client with its TLS setup, a client's handle and the URLs of its
//! calls, the pipeline of one call, one attempt on the wire with its retries and time
//! limits, what a failed call says and whether it is repeated, whether a configured URL
//! answers at all, the settings read from configuration or environment, multipart bodies,
//! and the removal of secrets from what is logged.

pub mod api_error;
pub mod call;
pub mod call_error;
pub mod endpoint;
pub mod exchange;
pub mod handle;
pub mod multipart;
pub mod pipeline;
pub mod redact;
pub mod retry;
pub mod setting;

use std::sync::Arc;
use std::time::Duration;

/// An HTTP client for the APIs: the system's trust store, ring for the cryptography, and
/// no overall timeout (each attempt is timed on its own, by `retry::Attempt`, so that a
/// missing answer is told apart from other failures). ring seeds its randomness from the
/// OS at once, where aws-lc's first use costs tens of milliseconds in every provider process.
pub fn build(connect_timeout: Duration) -> Result<reqwest::Client, String> {
    use rustls_platform_verifier::BuilderVerifierExt;
    let provider = Arc::new(rustls::crypto::ring::default_provider());
    let mut tls = rustls::ClientConfig::builder_with_provider(provider)
        .with_safe_default_protocol_versions()
        .and_then(|builder| builder.with_platform_verifier())
        .map_err(|e| format!("TLS setup: {e}"))?
        .with_no_client_auth();
    tls.alpn_protocols = vec![b"h2".to_vec(), b"http/1.1".to_vec()];
    reqwest::Client::builder()
        .use_preconfigured_tls(tls)
        .user_agent(concat!(
            "terraform-provider-camunda/",
            env!("CARGO_PKG_VERSION")
        ))
        .connect_timeout(connect_timeout)
        .build()
        .map_err(|e| describe(&e))
}

/// `base` with `segments` appended, each one percent-encoded.
pub fn url_of(base: &reqwest::Url, segments: &[&str]) -> reqwest::Url {
    let mut url = base.clone();
    if let Ok(mut path) = url.path_segments_mut() {
        path.pop_if_empty().extend(segments);
    }
    url
}

/// An error with its chain of causes, for messages (transport errors hide the useful part,
/// such as "connection refused", in their sources).
pub fn describe(error: &dyn std::error::Error) -> String {
    let mut text = error.to_string();
    let mut source = error.source();
    while let Some(cause) = source {
        let cause_text = cause.to_string();
        if !text.contains(&cause_text) {
            text.push_str(": ");
            text.push_str(&cause_text);
        }
        source = cause.source();
    }
    text
}

/// Asserts that the message `text` names each of `needles`.
#[cfg(test)]
#[track_caller]
pub fn assert_mentions(text: &str, needles: &[&str]) {
    for needle in needles {
        assert!(text.contains(needle), "{needle}: {text}");
    }
}
