//! The runtime shared by the clients `codegen` generates from Smithy models.
//!
//! A generated crate holds what is particular to its service (shapes,
//! operations, serialisers, endpoint rules) and depends on this crate for the
//! rest: configuration and credentials ([`config`]), errors ([`error`]), the
//! HTTP transport ([`http`]), primitive types ([`primitives`]), per-call
//! changes ([`customize`]) and, under `rt`, the signing, retry, endpoint and
//! protocol machinery the generated code calls. Applications mostly meet
//! these types through a generated crate, which re-exports them
//! (`partnercentral_selling::config::Credentials` is
//! [`config::Credentials`]).
//!
//! ## Getting started
//!
//! Every crate generated against the same copy of this runtime shares its
//! types, so one application loads its configuration once and hands the same
//! [`config::SdkConfig`] to every client:
//!
//! ```no_run
//! # async fn example() {
//! let sdk_config = smithy_client_runtime::config::load_from_env().await;
//! // let selling = partnercentral_selling::Client::new(&sdk_config);
//! // let queues = sqs::Client::new(&sdk_config);
//! # let _ = sdk_config;
//! # }
//! ```
//!
//! Or configure one client by hand; every setting has a default, and a
//! call's `customize().config_override(...)` can replace any of them for
//! that call alone:
//!
//! ```
//! use std::time::Duration;
//! use smithy_client_runtime::config::retry::RetryConfig;
//! use smithy_client_runtime::config::timeout::TimeoutConfig;
//! use smithy_client_runtime::config::{Config, Credentials};
//!
//! let config = Config::builder()
//!     .region("eu-west-1")
//!     .credentials_provider(Credentials::new("AKIDEXAMPLE", "secret", None))
//!     .retry_config(RetryConfig::standard().with_max_attempts(5))
//!     .timeout_config(TimeoutConfig::builder().operation_timeout(Duration::from_secs(30)).build())
//!     .build();
//! assert_eq!(config.retry_config().max_attempts(), 5);
//! // let client = partnercentral_selling::Client::from_conf(config);
//! ```
//!
//! ## Cargo features
//!
//! Features keep a generated crate's build to what its model needs; the
//! generator turns on the ones a model uses.
//!
//! - `default-https-client` (default): the built-in HTTPS client (hyper's HTTP/1.1, rustls with a pure-Rust crypto provider).
//! - `test-util`: canned HTTP clients for tests (the `test_util` module).
//! - `tracing`: a span per operation and per attempt and debug events for credentials and endpoint resolution, through the `tracing` crate; never bodies, credentials, secret headers or input values.
//! - `datetime`, `blob`, `document`, `big-number`: the primitive types of models with timestamps, blobs, documents, big numbers.
//! - `byte-stream`: `ByteStream`, for streaming request and response bodies.
//! - `compression`: gzip request bodies (`@requestCompression`).
//! - `checksums`: request checksums (`Content-MD5`, CRC32, CRC32C, CRC64/NVME, SHA-1, SHA-256).
//! - `xml`: the XML reader and writer and the form encoding of the XML protocols.
//! - `jmespath`: JMESPath searches, for `operationContextParams` endpoint parameters.
//! - `waiters` (turns on `jmespath`): waiters and the `waiters` module.
//! - `sts` (default): the STS client that assume-role and web identity credentials call.
//! - `sso` (default): the SSO and SSO OIDC clients that SSO credentials and token refresh call.
//! - `aws-config`: `SdkConfig` from the official `aws-config` loader's (adds aws-types and aws-credential-types).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

// The clients under `clients` are generated code, which names this crate by
// its package name as any generated crate does.
extern crate self as smithy_client_runtime;

#[cfg(any(feature = "sts", feature = "sso"))]
mod clients;
pub mod config;
pub mod customize;
pub mod error;
pub mod http;
pub mod primitives;
pub mod rt;
#[cfg(feature = "test-util")]
pub mod test_util;
#[cfg(feature = "waiters")]
pub mod waiters;
