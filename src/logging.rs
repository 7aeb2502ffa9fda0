//! Log output in hclog's JSON form, which Terraform parses from a plugin's stderr and shows at
//! each line's own level under `TF_LOG`: one object per line with `@level`, `@message`,
//! `@timestamp`, `@module`, and the event's fields as further keys.

use std::io::Write;
use std::sync::{Arc, Mutex};

use serde_json::{Map, Value};
use time::OffsetDateTime;
use time::format_description::BorrowedFormatItem;
use time::macros::format_description;
use tracing::field::{Field, Visit};
use tracing::{Event, Level, Subscriber};
use tracing_subscriber::Layer;
use tracing_subscriber::filter::{LevelFilter, Targets};
use tracing_subscriber::fmt::MakeWriter;
use tracing_subscriber::layer::{Context, SubscriberExt};

/// The `@module` of every line.
pub const MODULE: &str = "provider.camunda";

const TIMESTAMP: &[BorrowedFormatItem<'static>] =
    format_description!("[year]-[month]-[day]T[hour]:[minute]:[second].[subsecond digits:6]Z");

/// Installs the hclog writer on stderr as the global subscriber, at the level named by
/// `TF_LOG_PROVIDER` or else `TF_LOG`, or `default_level` when neither names one. Libraries
/// (HTTP, TLS, gRPC) log at most at info, so that trace output stays about the provider. Does
/// nothing if a global subscriber is already installed.
pub fn init(default_level: LevelFilter) {
    let level = level_from_env(&|name| std::env::var(name).ok(), default_level);
    let filter = Targets::new()
        .with_target(env!("CARGO_CRATE_NAME"), level)
        .with_target("terraform_provider_camunda", level)
        .with_default(level.min(LevelFilter::INFO));
    let subscriber =
        tracing_subscriber::registry().with(layer(std::io::stderr).with_filter(filter));
    // An already installed subscriber (for example a test harness's) stays in charge.
    let _ = tracing::subscriber::set_global_default(subscriber);
}

/// The level Terraform asks for: `TF_LOG_PROVIDER` first, then `TF_LOG`. `JSON` means trace;
/// `OFF`, unset or unknown values fall through to `default_level`.
pub fn level_from_env(
    env: &dyn Fn(&str) -> Option<String>,
    default_level: LevelFilter,
) -> LevelFilter {
    ["TF_LOG_PROVIDER", "TF_LOG"]
        .iter()
        .find_map(|name| env(name).and_then(|value| parse_level(&value)))
        .unwrap_or(default_level)
}

fn parse_level(value: &str) -> Option<LevelFilter> {
    match value.trim().to_ascii_lowercase().as_str() {
        "trace" | "json" => Some(LevelFilter::TRACE),
        "debug" => Some(LevelFilter::DEBUG),
        "info" => Some(LevelFilter::INFO),
        "warn" => Some(LevelFilter::WARN),
        "error" => Some(LevelFilter::ERROR),
        _ => None,
    }
}

/// A layer writing hclog JSON lines to `writer` (stderr in the provider, a buffer in tests).
/// It writes every event it sees: add a level filter with [`Layer::with_filter`].
pub fn layer<W>(writer: W) -> HclogLayer<W>
where
    W: for<'w> MakeWriter<'w> + 'static,
{
    HclogLayer { writer }
}

pub struct HclogLayer<W> {
    writer: W,
}

impl<S, W> Layer<S> for HclogLayer<W>
where
    S: Subscriber,
    W: for<'w> MakeWriter<'w> + 'static,
{
    fn on_event(&self, event: &Event<'_>, _ctx: Context<'_, S>) {
        let mut fields = FieldsVisitor::default();
        event.record(&mut fields);
        let mut fields = fields.0;
        let message = match fields.remove("message") {
            Some(Value::String(text)) => text,
            Some(other) => other.to_string(),
            None => String::new(),
        };
        let mut line = Map::new();
        line.insert("@level".into(), level_name(event.metadata().level()).into());
        line.insert("@message".into(), message.into());
        line.insert("@timestamp".into(), timestamp().into());
        line.insert("@module".into(), MODULE.into());
        for (key, value) in fields {
            // An event field never overrides one of hclog's own keys.
            line.entry(key).or_insert(value);
        }
        let mut text = Value::Object(line).to_string();
        text.push('\n');
        // One write per line, so that lines of concurrent events never interleave.
        let _ = self
            .writer
            .make_writer_for(event.metadata())
            .write_all(text.as_bytes());
    }
}

/// An in-memory log destination, for tests that inspect what was logged.
#[derive(Clone, Default)]
pub struct CaptureBuffer(Arc<Mutex<Vec<u8>>>);

impl CaptureBuffer {
    pub fn new() -> CaptureBuffer {
        CaptureBuffer::default()
    }

    /// Everything written so far.
    pub fn contents(&self) -> String {
        String::from_utf8_lossy(&self.0.lock().unwrap_or_else(|e| e.into_inner())).into_owned()
    }
}

impl Write for CaptureBuffer {
    fn write(&mut self, bytes: &[u8]) -> std::io::Result<usize> {
        self.0
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .extend_from_slice(bytes);
        Ok(bytes.len())
    }

    fn flush(&mut self) -> std::io::Result<()> {
        Ok(())
    }
}

impl<'w> MakeWriter<'w> for CaptureBuffer {
    type Writer = CaptureBuffer;

    fn make_writer(&'w self) -> CaptureBuffer {
        self.clone()
    }
}

fn level_name(level: &Level) -> &'static str {
    match *level {
        Level::TRACE => "trace",
        Level::DEBUG => "debug",
        Level::INFO => "info",
        Level::WARN => "warn",
        Level::ERROR => "error",
    }
}

fn timestamp() -> String {
    OffsetDateTime::now_utc()
        .format(TIMESTAMP)
        .unwrap_or_default()
}

/// Collects an event's fields as JSON values.
#[derive(Default)]
struct FieldsVisitor(Map<String, Value>);

impl Visit for FieldsVisitor {
    fn record_f64(&mut self, field: &Field, value: f64) {
        self.0.insert(field.name().into(), value.into());
    }

    fn record_i64(&mut self, field: &Field, value: i64) {
        self.0.insert(field.name().into(), value.into());
    }

    fn record_u64(&mut self, field: &Field, value: u64) {
        self.0.insert(field.name().into(), value.into());
    }

    fn record_bool(&mut self, field: &Field, value: bool) {
        self.0.insert(field.name().into(), value.into());
    }

    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().into(), value.into());
    }

    fn record_error(&mut self, field: &Field, value: &(dyn std::error::Error + 'static)) {
        self.0.insert(field.name().into(), value.to_string().into());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn std::fmt::Debug) {
        self.0
            .insert(field.name().into(), format!("{value:?}").into());
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn capture(level: LevelFilter, emit: impl FnOnce()) -> Vec<Value> {
        let buffer = CaptureBuffer::new();
        let subscriber =
            tracing_subscriber::registry().with(layer(buffer.clone()).with_filter(level));
        tracing::subscriber::with_default(subscriber, emit);
        buffer
            .contents()
            .lines()
            .map(|line| serde_json::from_str(line).unwrap())
            .collect()
    }

    #[test]
    fn events_become_hclog_json_lines() {
        let lines = capture(LevelFilter::TRACE, || {
            tracing::debug!(
                path = "/clusters",
                status = 200u64,
                ok = true,
                "Console API answer"
            );
        });
        assert_eq!(lines.len(), 1);
        let line = &lines[0];
        assert_eq!(line["@level"], "debug");
        assert_eq!(line["@message"], "Console API answer");
        assert_eq!(line["@module"], MODULE);
        assert_eq!(line["path"], "/clusters");
        assert_eq!(line["status"], 200);
        assert_eq!(line["ok"], true);
        let stamp = line["@timestamp"].as_str().unwrap();
        let parsed =
            OffsetDateTime::parse(stamp, &time::format_description::well_known::Rfc3339).unwrap();
        assert!(parsed.year() >= 2024);
        assert_eq!(stamp.len(), "2026-11-27T20:48:32.123456Z".len(), "{stamp}");
    }

    #[test]
    fn the_level_filter_applies() {
        let lines = capture(LevelFilter::INFO, || {
            tracing::debug!("hidden");
            tracing::warn!("shown");
        });
        assert_eq!(lines.len(), 1);
        assert_eq!(lines[0]["@level"], "warn");
    }

    #[test]
    fn level_comes_from_tf_log_provider_then_tf_log() {
        let env = |pairs: &'static [(&'static str, &'static str)]| {
            move |name: &str| {
                pairs
                    .iter()
                    .find(|(k, _)| *k == name)
                    .map(|(_, v)| v.to_string())
            }
        };
        let default = LevelFilter::INFO;
        assert_eq!(level_from_env(&env(&[]), default), LevelFilter::INFO);
        assert_eq!(
            level_from_env(&env(&[("TF_LOG", "DEBUG")]), default),
            LevelFilter::DEBUG
        );
        assert_eq!(
            level_from_env(&env(&[("TF_LOG", "json")]), default),
            LevelFilter::TRACE
        );
        assert_eq!(
            level_from_env(&env(&[("TF_LOG", "off")]), default),
            LevelFilter::INFO
        );
        let both = env(&[("TF_LOG", "debug"), ("TF_LOG_PROVIDER", "error")]);
        assert_eq!(level_from_env(&both, default), LevelFilter::ERROR);
    }
}
