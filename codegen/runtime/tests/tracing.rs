//! With the `tracing` feature, a call reports one span for the operation,
//! one per attempt with its outcome, and events for credentials and endpoint
//! resolution, and none of it shows a credential, a body or a sensitive value.
//!
//! Run with `cargo test -p smithy-client-runtime --features tracing --test tracing`
//! (`.ci/run` does); without the feature the file is empty.
#![cfg(feature = "tracing")]

mod support;

use std::collections::BTreeMap;
use std::fmt;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Duration;

use smithy_client_runtime::config::retry::RetryConfig;
use smithy_client_runtime::config::{
    Config, Credentials, CredentialsError, ProvideCredentials, ProvideCredentialsFuture,
};
use smithy_client_runtime::rt::orchestrator::{Runtime, invoke};
use support::{ACCESS_KEY, Input, Op, SECRET, SERVICE, SESSION_TOKEN, Scripted, throttled, tokio_runtime};
use tracing::field::{Field, Visit};
use tracing::span::{Attributes, Id, Record};
use tracing::{Event, Metadata, Subscriber};

const SENSITIVE_NOTE: &str = "customer-phone-555-0100";

#[derive(Debug, Clone)]
struct SpanRecord {
    name: &'static str,
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Debug, Clone)]
struct EventRecord {
    parent: Option<u64>,
    fields: BTreeMap<String, String>,
}

#[derive(Debug, Default)]
struct Recorded {
    spans: BTreeMap<u64, SpanRecord>,
    events: Vec<EventRecord>,
    // The spans entered, innermost last (one thread runs the call).
    entered: Vec<u64>,
}

/// A subscriber that keeps every span, field and event it is given.
#[derive(Clone, Default)]
struct Recorder {
    recorded: Arc<Mutex<Recorded>>,
    next_id: Arc<AtomicU64>,
}

impl Recorder {
    fn lock(&self) -> std::sync::MutexGuard<'_, Recorded> {
        self.recorded.lock().unwrap_or_else(|p| p.into_inner())
    }
}

struct Fields<'a>(&'a mut BTreeMap<String, String>);

impl Visit for Fields<'_> {
    fn record_str(&mut self, field: &Field, value: &str) {
        self.0.insert(field.name().to_owned(), value.to_owned());
    }

    fn record_debug(&mut self, field: &Field, value: &dyn fmt::Debug) {
        self.0.insert(field.name().to_owned(), format!("{value:?}"));
    }
}

impl Subscriber for Recorder {
    fn enabled(&self, _metadata: &Metadata<'_>) -> bool {
        true
    }

    fn new_span(&self, attributes: &Attributes<'_>) -> Id {
        let id = self.next_id.fetch_add(1, Ordering::Relaxed) + 1;
        let mut recorded = self.lock();
        let parent = match attributes.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if attributes.is_contextual() => recorded.entered.last().copied(),
            None => None,
        };
        let mut fields = BTreeMap::new();
        attributes.record(&mut Fields(&mut fields));
        recorded.spans.insert(id, SpanRecord { name: attributes.metadata().name(), parent, fields });
        Id::from_u64(id)
    }

    fn record(&self, span: &Id, values: &Record<'_>) {
        let mut recorded = self.lock();
        if let Some(record) = recorded.spans.get_mut(&span.into_u64()) {
            values.record(&mut Fields(&mut record.fields));
        }
    }

    fn record_follows_from(&self, _span: &Id, _follows: &Id) {}

    fn event(&self, event: &Event<'_>) {
        let mut recorded = self.lock();
        let parent = match event.parent() {
            Some(parent) => Some(parent.into_u64()),
            None if event.is_contextual() => recorded.entered.last().copied(),
            None => None,
        };
        let mut fields = BTreeMap::new();
        event.record(&mut Fields(&mut fields));
        recorded.events.push(EventRecord { parent, fields });
    }

    fn enter(&self, span: &Id) {
        self.lock().entered.push(span.into_u64());
    }

    fn exit(&self, span: &Id) {
        let mut recorded = self.lock();
        if let Some(at) = recorded.entered.iter().rposition(|&id| id == span.into_u64()) {
            recorded.entered.remove(at);
        }
    }
}

/// Runs `call` on a current-thread runtime with `recorder` as the subscriber.
fn recorded<T>(recorder: &Recorder, call: impl std::future::Future<Output = T>) -> T {
    let dispatch = tracing::Dispatch::new(recorder.clone());
    tracing::dispatcher::with_default(&dispatch, || tokio_runtime().block_on(call))
}

fn field<'a>(fields: &'a BTreeMap<String, String>, name: &str) -> Option<&'a str> {
    fields.get(name).map(String::as_str)
}

/// Every value any span or event holds, to search for what must not be there.
fn everything(recorded: &Recorded) -> String {
    let spans = recorded.spans.values().flat_map(|s| s.fields.iter());
    let events = recorded.events.iter().flat_map(|e| e.fields.iter());
    spans.chain(events).map(|(name, value)| format!("{name}={value}\n")).collect()
}

fn assert_nothing_secret(all: &str) {
    for secret in [SECRET, SESSION_TOKEN, SENSITIVE_NOTE, "Credential=", "Signature=", "Note"] {
        assert!(!all.contains(secret), "{secret:?} was reported:\n{all}");
    }
}

#[test]
fn a_retried_call_reports_its_operation_its_attempts_and_no_secret() {
    let http = Scripted::new(vec![throttled(7)]);
    let config = Config::builder()
        .region("us-east-1")
        .credentials_provider(Credentials::new(ACCESS_KEY, SECRET, Some(SESSION_TOKEN.to_owned())))
        .http_client(http.clone())
        .retry_config(RetryConfig::standard().with_initial_backoff(Duration::from_millis(1)))
        .build();
    let runtime = Runtime::new(config);
    let recorder = Recorder::default();
    let input = Input { note: SENSITIVE_NOTE.to_owned() };
    let output = recorded(&recorder, invoke::<Op>(&runtime, &SERVICE, input)).expect("the second attempt succeeds");
    assert_eq!(output, serde_json::json!({}));
    assert_eq!(http.requests().len(), 2, "one retry");
    // The secrets did go out, so their absence below means something.
    let sent = &http.requests()[0];
    assert!(sent.header("x-amz-security-token") == Some(SESSION_TOKEN));
    assert!(sent.header("x-amz-sso_bearer_token") == Some(SENSITIVE_NOTE));

    let recorded = recorder.lock();
    let operations: Vec<(&u64, &SpanRecord)> = recorded.spans.iter().filter(|(_, s)| s.name == "operation").collect();
    assert_eq!(operations.len(), 1, "{:#?}", recorded.spans);
    let (&operation_id, operation) = operations[0];
    assert_eq!(field(&operation.fields, "service"), Some("svc"));
    assert_eq!(field(&operation.fields, "operation"), Some("Op"));
    assert_eq!(field(&operation.fields, "region"), Some("us-east-1"));

    let attempts: Vec<&SpanRecord> = recorded.spans.values().filter(|s| s.name == "attempt").collect();
    assert_eq!(attempts.len(), 2, "{:#?}", recorded.spans);
    for attempt in &attempts {
        assert_eq!(attempt.parent, Some(operation_id), "attempts sit in the operation's span");
    }
    let (first, second) = (&attempts[0].fields, &attempts[1].fields);
    assert_eq!(field(first, "attempt"), Some("1"));
    assert_eq!(field(first, "status"), Some("500"));
    assert_eq!(field(first, "error"), Some("service error"));
    assert_eq!(field(first, "error_code"), Some("ThrottlingException"));
    assert_eq!(field(first, "retry"), Some("true"));
    assert_eq!(field(first, "retry_delay_ms"), Some("7"), "the server's x-amz-retry-after");
    assert_eq!(field(second, "attempt"), Some("2"));
    assert_eq!(field(second, "status"), Some("200"));
    assert_eq!(field(second, "retry"), Some("false"));
    assert_eq!(field(second, "error"), None);
    assert_eq!(field(second, "retry_delay_ms"), None);

    let message = |e: &EventRecord| field(&e.fields, "message").map(str::to_owned);
    let credentials: Vec<&EventRecord> =
        recorded.events.iter().filter(|e| message(e).as_deref() == Some("credentials resolved")).collect();
    assert_eq!(credentials.len(), 1, "{:#?}", recorded.events);
    assert_eq!(field(&credentials[0].fields, "provider"), Some("static"));
    assert_eq!(credentials[0].parent, Some(operation_id));
    let endpoint =
        recorded.events.iter().find(|e| message(e).as_deref() == Some("endpoint resolved")).expect("an endpoint event");
    assert_eq!(field(&endpoint.fields, "scheme"), Some("https"));
    assert_eq!(field(&endpoint.fields, "host"), Some("svc.us-east-1.amazonaws.com"));

    assert_nothing_secret(&everything(&recorded));
}

/// A provider that always fails.
#[derive(Debug)]
struct Broken;

impl ProvideCredentials for Broken {
    fn provide_credentials(&self) -> ProvideCredentialsFuture<'_> {
        Box::pin(std::future::ready(Err(CredentialsError::new("the vault is sealed"))))
    }

    fn provider_name(&self) -> &'static str {
        "vault"
    }
}

/// A client of `http` behind an endpoint with a port and a path, signing with
/// `credentials`.
fn behind_proxy(http: &Scripted, credentials: impl ProvideCredentials) -> Runtime {
    Runtime::new(
        Config::builder()
            .region("eu-west-1")
            .credentials_provider(credentials)
            .endpoint_url("https://proxy.example:8443/base")
            .http_client(http.clone())
            .build(),
    )
}

#[test]
fn failed_credentials_are_reported_by_provider_kind_and_nothing_is_sent() {
    let http = Scripted::new(Vec::new());
    let runtime = behind_proxy(&http, Broken);
    let recorder = Recorder::default();
    let input = Input { note: SENSITIVE_NOTE.to_owned() };
    let result = recorded(&recorder, invoke::<Op>(&runtime, &SERVICE, input));
    assert!(result.is_err());
    assert!(http.requests().is_empty());

    let recorded = recorder.lock();
    let failed = recorded
        .events
        .iter()
        .find(|e| field(&e.fields, "message") == Some("credentials could not be resolved"))
        .expect("a credentials event");
    assert_eq!(field(&failed.fields, "provider"), Some("vault"));
    // Credentials come first (the endpoint may take their account id), so
    // nothing else was resolved.
    assert!(recorded.events.iter().all(|e| field(&e.fields, "message") != Some("endpoint resolved")));
    assert_eq!(recorded.spans.values().filter(|s| s.name == "attempt").count(), 0);
    assert_nothing_secret(&everything(&recorded));
}

#[test]
fn the_endpoint_event_names_the_host_without_the_path() {
    let http = Scripted::new(Vec::new());
    let runtime = behind_proxy(&http, Credentials::new(ACCESS_KEY, SECRET, Some(SESSION_TOKEN.to_owned())));
    let recorder = Recorder::default();
    let input = Input { note: SENSITIVE_NOTE.to_owned() };
    recorded(&recorder, invoke::<Op>(&runtime, &SERVICE, input)).expect("the call succeeds");
    assert_eq!(http.requests()[0].uri(), "https://proxy.example:8443/base/", "the path was sent");

    let recorded = recorder.lock();
    let endpoint =
        recorded.events.iter().find(|e| field(&e.fields, "message") == Some("endpoint resolved")).expect("endpoint");
    assert_eq!(field(&endpoint.fields, "host"), Some("proxy.example:8443"), "the host without the path");
    assert_nothing_secret(&everything(&recorded));
}
