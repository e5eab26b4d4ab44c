//! Changing one call: every operation's fluent builder has `customize()`,
//! which returns a [`CustomizableOperation`] to change the outgoing request
//! ([`mutate_request`](CustomizableOperation::mutate_request)) or the
//! configuration ([`config_override`](CustomizableOperation::config_override))
//! of that call alone, before `send()`.
//!
//! ```text
//! let out = client
//!     .create_resource_snapshot_job()
//!     .catalog("AWS")
//!     // ...
//!     .customize()
//!     .mutate_request(|request| {
//!         request.headers_mut().insert("x-trace-tag", "nightly-import");
//!     })
//!     .config_override(Config::builder().retry_config(RetryConfig::disabled()))
//!     .send()
//!     .await?;
//! ```

use std::fmt;
use std::future::Future;
use std::sync::Arc;

use crate::config::Builder as ConfigBuilder;
use crate::error::SdkError;
use crate::http::HttpRequest;

type RequestMutator = Arc<dyn Fn(&mut HttpRequest) + Send + Sync>;

/// What a call changes: functions applied to each attempt's request, and
/// configuration settings that replace the client's.
#[derive(Clone, Default)]
pub struct Customization {
    mutators: Vec<RequestMutator>,
    config_override: Option<ConfigBuilder>,
}

impl Customization {
    /// The configuration override, if one was given.
    pub fn config_override(&self) -> Option<&ConfigBuilder> {
        self.config_override.as_ref()
    }

    /// Takes the configuration override out.
    pub fn take_config_override(&mut self) -> Option<ConfigBuilder> {
        self.config_override.take()
    }

    /// Applies the request mutators, in the order they were added.
    pub fn mutate_request(&self, request: &mut HttpRequest) {
        for mutate in &self.mutators {
            mutate(request);
        }
    }

    /// Whether there is any request mutator.
    pub fn mutates_requests(&self) -> bool {
        !self.mutators.is_empty()
    }
}

impl fmt::Debug for Customization {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("Customization")
            .field("mutate_request", &self.mutators.len())
            .field("config_override", &self.config_override)
            .finish()
    }
}

/// Sends an operation's request with a [`Customization`]: implemented by every
/// generated fluent builder.
pub trait CustomizableSend: Sized {
    /// The operation's output.
    type Output;
    /// The operation's error.
    type Error;

    /// Builds the input and sends it, changed as `customization` says.
    fn send_customized(
        self,
        customization: Customization,
    ) -> impl Future<Output = Result<Self::Output, SdkError<Self::Error>>> + Send;
}

/// One call, to change before sending it: what an operation's fluent
/// builder's `customize()` returns.
pub struct CustomizableOperation<B> {
    builder: B,
    customization: Customization,
}

impl<B: CustomizableSend> CustomizableOperation<B> {
    /// Wraps a fluent builder (generated code calls this from `customize()`).
    pub fn new(builder: B) -> Self {
        CustomizableOperation { builder, customization: Customization::default() }
    }

    /// Changes each attempt's request after it is complete and before it is
    /// signed, so headers added here are signed too. `f` may read the body
    /// and add, replace or remove headers; a header value with a control
    /// character (such as a line break) fails the call before anything is
    /// sent. Several functions apply in the order they were given.
    pub fn mutate_request<F>(mut self, f: F) -> Self
    where
        F: Fn(&mut HttpRequest) + Send + Sync + 'static,
    {
        self.customization.mutators.push(Arc::new(f));
        self
    }

    /// Replaces, for this call only, the client's settings that `config`
    /// sets (timeouts, retries, endpoint, region, credentials, HTTP
    /// client, …); what it leaves unset stays as the client has it. A second
    /// call replaces the first override.
    pub fn config_override(mut self, config: impl Into<ConfigBuilder>) -> Self {
        self.customization.config_override = Some(config.into());
        self
    }

    /// Sends the request, as the fluent builder's `send()` does.
    pub fn send(self) -> impl Future<Output = Result<B::Output, SdkError<B::Error>>> + Send {
        self.builder.send_customized(self.customization)
    }

    /// The fluent builder, to read the input set so far.
    pub fn as_builder(&self) -> &B {
        &self.builder
    }
}

impl<B: fmt::Debug> fmt::Debug for CustomizableOperation<B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("CustomizableOperation")
            .field("builder", &self.builder)
            .field("customization", &self.customization)
            .finish()
    }
}

impl<B: Clone> Clone for CustomizableOperation<B> {
    fn clone(&self) -> Self {
        CustomizableOperation { builder: self.builder.clone(), customization: self.customization.clone() }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mutators_apply_in_order_and_headers_mut_edits_headers() {
        let mut customization = Customization::default();
        assert!(!customization.mutates_requests());
        customization.mutators.push(Arc::new(|request: &mut HttpRequest| {
            request.headers_mut().insert("X-Tag", "one");
            request.headers_mut().append("x-list", "a");
        }));
        customization.mutators.push(Arc::new(|request: &mut HttpRequest| {
            let previous = request.headers_mut().insert("x-tag", "two");
            assert_eq!(previous.as_deref(), Some("one"));
            request.headers_mut().append("x-list", "b");
        }));
        let mut request = HttpRequest::new("POST", "https://example.com/", b"{}".to_vec());
        request.push_header("x-gone", "1");
        customization.mutate_request(&mut request);
        assert!(customization.mutates_requests());
        assert_eq!(request.header("x-tag"), Some("two"));
        let list: Vec<&str> =
            request.headers().iter().filter(|(n, _)| n == "x-list").map(|(_, v)| v.as_str()).collect();
        assert_eq!(list, ["a", "b"]);
        assert_eq!(request.headers_mut().remove("X-GONE").as_deref(), Some("1"));
        assert_eq!(request.header("x-gone"), None);
        assert_eq!(request.headers_mut().get("X-TAG"), Some("two"));
    }

    #[test]
    fn debug_counts_mutators_without_calling_them() {
        let mut customization = Customization::default();
        customization.mutators.push(Arc::new(|_: &mut HttpRequest| panic!("not called by Debug")));
        let shown = format!("{customization:?}");
        assert!(shown.contains("mutate_request: 1"), "{shown}");
    }
}
