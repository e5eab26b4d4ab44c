//! The machinery generated code calls: protocol helpers, signing, retries,
//! endpoint rules. Not meant to be called by applications directly; its
//! interface follows what the generator emits.
#![doc(hidden)]
// Each model uses a different part of these helpers.
#![allow(dead_code, missing_docs)]

pub mod aws_json;
pub mod endpoint_lib;
pub mod error_response;
#[cfg(feature = "jmespath")]
pub mod jmespath;
pub mod json;
pub mod orchestrator;
pub mod paginator;
pub mod partitions;
pub mod percent;
pub mod profile;
pub mod rest;
pub mod retry;
pub mod sha256;
pub mod sigv4;
pub mod time;
pub mod trace;
pub mod uuid;
#[cfg(feature = "waiters")]
pub mod waiter;

#[cfg(feature = "checksums")]
pub mod checksum;
#[cfg(feature = "compression")]
pub mod compression;
#[cfg(feature = "checksums")]
pub mod glacier;
#[cfg(feature = "big-number")]
pub mod json_big_number;
#[cfg(feature = "blob")]
pub mod json_blob;
#[cfg(feature = "datetime")]
pub mod json_datetime;
#[cfg(feature = "document")]
pub mod json_document;
#[cfg(feature = "xml")]
pub mod query;
#[cfg(feature = "xml")]
pub mod xml;
#[cfg(feature = "xml")]
pub mod xml_error;
