//! The hand-written runtime carried into generated crates: real Rust files
//! under `codegen/runtime/`, compiled and tested as part of the generated crate.

use super::Ctx;
use crate::smithy::{ShapeKind, SimpleType};

/// Which optional runtime pieces the selected shapes need.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct RuntimeNeeds {
    /// Timestamps: `primitives::DateTime`.
    pub datetime: bool,
    /// Blobs: `primitives::Blob`.
    pub blob: bool,
    /// Documents: `primitives::Document`.
    pub document: bool,
    /// Big numbers: `primitives::{BigInteger, BigDecimal}`.
    pub big_numbers: bool,
    /// Operations with `@requestCompression`: gzip.
    pub compression: bool,
    /// Protocol compliance tests are emitted.
    pub protocol_tests: bool,
}

impl RuntimeNeeds {
    /// Scans the selected shapes.
    pub fn of(ctx: &Ctx<'_>) -> RuntimeNeeds {
        let mut needs = RuntimeNeeds {
            compression: ctx.operations().iter().any(|op| op.traits.has("smithy.api#requestCompression")),
            ..RuntimeNeeds::default()
        };
        let targets = ctx.model.shapes().flat_map(|s| s.kind.members()).map(|m| &m.target);
        for shape in targets.filter_map(|t| ctx.model.shape(t)) {
            match shape.kind {
                ShapeKind::Simple(SimpleType::Timestamp) => needs.datetime = true,
                ShapeKind::Simple(SimpleType::Blob) => needs.blob = true,
                ShapeKind::Simple(SimpleType::Document) => needs.document = true,
                ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => needs.big_numbers = true,
                _ => {}
            }
        }
        needs
    }
}

/// A runtime file: where it goes in the crate, where it comes from, its text.
pub struct RuntimeFile {
    /// Path in the generated crate, e.g. `src/error.rs`.
    pub dest: &'static str,
    /// Path under `codegen/runtime/`, named in the file header.
    pub source: &'static str,
    /// The file's contents.
    pub text: &'static str,
}

macro_rules! runtime_file {
    ($dest:literal, $source:literal) => {
        RuntimeFile { dest: $dest, source: $source, text: include_str!(concat!("../../runtime/", $source)) }
    };
}

/// The runtime files the crate needs, in a fixed order.
pub fn files(needs: &RuntimeNeeds) -> Vec<RuntimeFile> {
    let mut files = vec![
        runtime_file!("src/config.rs", "config.rs"),
        runtime_file!("src/config/credentials.rs", "config/credentials.rs"),
        runtime_file!("src/config/retry.rs", "config/retry.rs"),
        runtime_file!("src/config/timeout.rs", "config/timeout.rs"),
        runtime_file!("src/error.rs", "error.rs"),
        runtime_file!("src/http.rs", "http.rs"),
        runtime_file!("src/http/default_client.rs", "http/default_client.rs"),
        runtime_file!("src/test_util.rs", "test_util.rs"),
        runtime_file!("src/primitives/unknown.rs", "primitives/unknown.rs"),
        runtime_file!("src/rt/endpoint_lib.rs", "rt/endpoint_lib.rs"),
        runtime_file!("src/rt/json.rs", "rt/json.rs"),
        runtime_file!("src/rt/orchestrator.rs", "rt/orchestrator.rs"),
        runtime_file!("src/rt/partitions.rs", "rt/partitions.rs"),
        runtime_file!("src/rt/percent.rs", "rt/percent.rs"),
        runtime_file!("src/rt/profile.rs", "rt/profile.rs"),
        runtime_file!("src/rt/retry.rs", "rt/retry.rs"),
        runtime_file!("src/rt/sha256.rs", "rt/sha256.rs"),
        runtime_file!("src/rt/sigv4.rs", "rt/sigv4.rs"),
        runtime_file!("src/rt/time.rs", "rt/time.rs"),
        runtime_file!("src/rt/uuid.rs", "rt/uuid.rs"),
    ];
    if needs.datetime {
        files.push(runtime_file!("src/primitives/datetime.rs", "primitives/datetime.rs"));
        files.push(runtime_file!("src/rt/json_datetime.rs", "rt/json_datetime.rs"));
    }
    if needs.blob {
        files.push(runtime_file!("src/primitives/blob.rs", "primitives/blob.rs"));
        files.push(runtime_file!("src/rt/json_blob.rs", "rt/json_blob.rs"));
    }
    if needs.document {
        files.push(runtime_file!("src/primitives/document.rs", "primitives/document.rs"));
        files.push(runtime_file!("src/rt/json_document.rs", "rt/json_document.rs"));
    }
    if needs.big_numbers {
        files.push(runtime_file!("src/primitives/big_number.rs", "primitives/big_number.rs"));
        files.push(runtime_file!("src/rt/json_big_number.rs", "rt/json_big_number.rs"));
    }
    if needs.compression {
        files.push(runtime_file!("src/rt/compression.rs", "rt/compression.rs"));
    }
    if needs.protocol_tests {
        files.push(runtime_file!("src/protocol_test_support.rs", "protocol_test_support.rs"));
    }
    files
}
