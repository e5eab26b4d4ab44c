//! The runtime shared by the clients `codegen` generates from Smithy models.
//!
//! A generated crate holds what is particular to its service (shapes,
//! operations, serialisers, endpoint rules) and depends on this crate for the
//! rest: configuration and credentials ([`config`]), errors ([`error`]), the
//! HTTP transport ([`http`]), primitive types ([`primitives`]) and, under
//! [`rt`], the signing, retry, endpoint and protocol machinery the generated
//! code calls. Every crate generated against the same copy of this runtime
//! shares its types, so one application loads its configuration once
//! ([`config::load_from_env`]) and hands the same [`config::SdkConfig`] to
//! every client:
//!
//! ```no_run
//! # async fn example() {
//! let sdk_config = smithy_client_runtime::config::load_from_env().await;
//! // partnercentral_selling::Client::new(&sdk_config);
//! // another_service::Client::new(&sdk_config);
//! # let _ = sdk_config;
//! # }
//! ```
//!
//! Cargo features keep a generated crate's build to what its model needs:
//! `default-https-client` (the built-in HTTPS client), `test-util` (canned
//! HTTP clients for tests), `datetime`, `blob`, `document`, `big-number`
//! (primitive types), `byte-stream` (`ByteStream`, for streaming bodies),
//! `compression` (gzip request bodies), `checksums` (request checksums:
//! `Content-MD5`, CRC32, CRC32C, CRC64/NVME, SHA-1, SHA-256) and `xml` (the XML
//! reader and writer and the form encoding of the XML protocols).
#![forbid(unsafe_code)]
#![warn(missing_docs)]

pub mod config;
pub mod error;
pub mod http;
pub mod primitives;
pub mod rt;
#[cfg(feature = "test-util")]
pub mod test_util;
pub mod waiters;
