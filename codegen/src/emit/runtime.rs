//! The runtime crate (`codegen/runtime/`) as generated crates see it: which of
//! its features a model needs, where the crate depends on it from, and its
//! files, embedded in the generator to bundle it or write it out.

use std::collections::BTreeMap;

use super::Ctx;
use crate::smithy::{Model, Shape, ShapeKind, SimpleType};

include!(concat!(env!("OUT_DIR"), "/runtime_files.rs"));

/// The runtime crate's package name.
pub const RUNTIME_PACKAGE: &str = "smithy-client-runtime";

/// Where a generated crate gets its runtime from.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub enum RuntimeDependency {
    /// A copy of the runtime crate in the generated crate's `runtime/`
    /// folder: the crate builds on its own, without editing.
    #[default]
    Bundled,
    /// The runtime crate at this path (as written into `Cargo.toml`: relative
    /// to the generated crate's folder, or absolute). Crates generated against
    /// one runtime share its types, configuration and connection pool.
    Path(String),
}

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
    /// Streaming blobs: `primitives::ByteStream`.
    pub byte_stream: bool,
    /// Request checksums (`@httpChecksumRequired`, `aws.protocols#httpChecksum`).
    pub checksums: bool,
    /// An XML protocol (awsQuery, ec2Query, restXml): the XML reader and writer.
    pub xml: bool,
    /// `smithy.rules#operationContextParams`: JMESPath searches of the input.
    pub jmespath: bool,
    /// Waiters (`smithy.waiters#waitable`): the polling loop and JMESPath.
    pub waiters: bool,
    /// Protocol compliance tests are emitted.
    pub protocol_tests: bool,
}

impl RuntimeNeeds {
    /// Scans the selected shapes.
    pub(crate) fn of(ctx: &Ctx<'_>) -> RuntimeNeeds {
        RuntimeNeeds::of_model(ctx.model, &ctx.operations())
    }

    /// Scans a normalised model (the selected closure) and its selected
    /// operations; `diff` asks this too, to predict the files a change rewrites.
    pub fn of_model(model: &Model, operations: &[&Shape]) -> RuntimeNeeds {
        let mut needs = RuntimeNeeds {
            compression: operations.iter().any(|op| op.traits.request_compression.is_some()),
            checksums: operations
                .iter()
                .any(|op| op.traits.http_checksum_required || op.traits.http_checksum.is_some())
                || glacier_uploads(model, operations),
            xml: speaks_xml(model),
            jmespath: operations.iter().any(|op| !op.traits.operation_context_params.is_empty()),
            waiters: operations.iter().any(|op| !op.traits.waitable.is_empty()),
            ..RuntimeNeeds::default()
        };
        let targets = model.shapes().flat_map(|s| s.kind.members()).map(|m| &m.target);
        for shape in targets.filter_map(|t| model.shape(t)) {
            match shape.kind {
                ShapeKind::Simple(SimpleType::Timestamp) => needs.datetime = true,
                ShapeKind::Simple(SimpleType::Blob) if shape.traits.streaming => needs.byte_stream = true,
                ShapeKind::Simple(SimpleType::Blob) => needs.blob = true,
                // `@mediaType` strings travel base64-encoded in headers.
                ShapeKind::Simple(SimpleType::String) if shape.traits.media_type.is_some() => needs.blob = true,
                ShapeKind::Simple(SimpleType::Document) => needs.document = true,
                ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => needs.big_numbers = true,
                _ => {}
            }
        }
        needs
    }

    /// The runtime crate's features these needs turn on, in a fixed order.
    pub fn features(&self) -> Vec<&'static str> {
        [
            (self.big_numbers, "big-number"),
            (self.blob, "blob"),
            (self.byte_stream, "byte-stream"),
            (self.checksums, "checksums"),
            (self.compression, "compression"),
            (self.datetime, "datetime"),
            (self.document, "document"),
            // `waiters` turns it on too; named only when it is needed alone.
            (self.jmespath && !self.waiters, "jmespath"),
            (self.waiters, "waiters"),
            (self.xml, "xml"),
        ]
        .into_iter()
        .filter_map(|(on, name)| on.then_some(name))
        .collect()
    }
}

/// Whether the service speaks an XML protocol: it has one and no JSON
/// protocol, which the generator prefers.
fn speaks_xml(model: &Model) -> bool {
    use crate::smithy::traits::Protocol;
    model.shapes().filter(|s| matches!(s.kind, ShapeKind::Service(_))).any(|s| {
        let protocols = &s.traits.protocols;
        let json =
            protocols.iter().any(|p| matches!(p, Protocol::AwsJson1_0 | Protocol::AwsJson1_1 | Protocol::RestJson1));
        let xml = protocols.iter().any(|p| matches!(p, Protocol::AwsQuery | Protocol::Ec2Query | Protocol::RestXml));
        xml && !json
    })
}

/// Whether the model is Amazon Glacier's with an upload operation, whose
/// tree-hash checksums need the `checksums` feature.
fn glacier_uploads(model: &Model, operations: &[&Shape]) -> bool {
    let glacier = model.shapes().any(|s| {
        matches!(s.kind, ShapeKind::Service(_)) && s.traits.aws_service.as_ref().is_some_and(|a| a.sdk_id == "Glacier")
    });
    glacier
        && operations.iter().any(|op| {
            let ShapeKind::Operation(o) = &op.kind else { return false };
            model.shape(&o.input).is_some_and(|input| {
                input
                    .kind
                    .members()
                    .iter()
                    .any(|m| m.traits.http_payload && model.shape(&m.target).is_some_and(|t| t.traits.streaming))
            })
        })
}

/// The header of every file written from the runtime crate.
fn header(path: &str, comment: &str, regenerate: &str) -> String {
    format!(
        "{comment} Code generated by codegen: the runtime crate's {path}, copied from codegen/runtime/. Do not edit.\n\
         {comment} Regenerate with: {regenerate}\n\n"
    )
}

/// The runtime crate's files, each with a header naming where it comes from,
/// under `prefix` (e.g. `runtime/` for a bundled copy, empty for the crate on
/// its own).
pub fn runtime_files(prefix: &str, regenerate: &str) -> BTreeMap<String, String> {
    RUNTIME_FILES
        .iter()
        .map(|(path, text)| {
            let comment = if path.ends_with(".toml") { "#" } else { "//" };
            (format!("{prefix}{path}"), header(path, comment, regenerate) + text)
        })
        .collect()
}

/// The runtime crate on its own, as `codegen runtime --out DIR` writes it.
pub fn runtime_crate() -> super::GeneratedCrate {
    super::GeneratedCrate { package: RUNTIME_PACKAGE.to_owned(), files: runtime_files("", "codegen runtime --out DIR") }
}

/// The file carried into crates generated with protocol compliance tests.
pub const PROTOCOL_TEST_SUPPORT: &str = include_str!("../../templates/protocol_test_support.rs");

/// Its XML body comparison, for clients of the XML protocols.
pub const PROTOCOL_TEST_SUPPORT_XML: &str = include_str!("../../templates/protocol_test_support_xml.rs");

/// Its stand-in for clients of the JSON protocols.
pub const PROTOCOL_TEST_SUPPORT_NO_XML: &str = include_str!("../../templates/protocol_test_support_no_xml.rs");

#[cfg(test)]
mod tests {
    use super::RuntimeNeeds;

    #[test]
    fn jmespath_is_named_only_without_waiters_which_turn_it_on() {
        let context_params = RuntimeNeeds { jmespath: true, ..RuntimeNeeds::default() };
        assert_eq!(context_params.features(), ["jmespath"]);
        let both = RuntimeNeeds { jmespath: true, waiters: true, xml: true, ..RuntimeNeeds::default() };
        assert_eq!(both.features(), ["waiters", "xml"]);
        let waiters = RuntimeNeeds { waiters: true, ..RuntimeNeeds::default() };
        assert_eq!(waiters.features(), ["waiters"]);
        assert!(RuntimeNeeds::default().features().is_empty());
    }
}
