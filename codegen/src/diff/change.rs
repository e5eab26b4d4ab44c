//! The typed result of comparing two models: each change with where it is,
//! what it is, and what it means on the wire and for the Rust API.

use std::fmt;

use crate::smithy::ShapeId;

/// How serious a change is, on one axis (wire or Rust API).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Level {
    /// Nothing that worked before stops working.
    Compatible,
    /// Still compiles (or is still accepted), but behaviour can change for
    /// some callers or values; read the reason.
    Dangerous,
    /// Code that compiled no longer compiles, or requests that old clients
    /// send as their model demands are rejected.
    Breaking,
}

impl Level {
    /// The level's name: `compatible`, `dangerous` or `breaking`.
    pub fn as_str(self) -> &'static str {
        match self {
            Level::Compatible => "compatible",
            Level::Dangerous => "dangerous",
            Level::Breaking => "breaking",
        }
    }

    /// Parses a level name.
    pub fn from_name(name: &str) -> Option<Level> {
        Some(match name {
            "compatible" => Level::Compatible,
            "dangerous" => Level::Dangerous,
            "breaking" => Level::Breaking,
            _ => return None,
        })
    }
}

impl fmt::Display for Level {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A level with the one-line reason for it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Impact {
    /// How serious.
    pub level: Level,
    /// Why, in one line.
    pub reason: String,
}

impl Impact {
    /// A compatible impact.
    pub fn compatible(reason: impl Into<String>) -> Impact {
        Impact { level: Level::Compatible, reason: reason.into() }
    }

    /// A dangerous impact.
    pub fn dangerous(reason: impl Into<String>) -> Impact {
        Impact { level: Level::Dangerous, reason: reason.into() }
    }

    /// A breaking impact.
    pub fn breaking(reason: impl Into<String>) -> Impact {
        Impact { level: Level::Breaking, reason: reason.into() }
    }
}

/// The release a change needs, on cargo's semver scale for a crate at 1.0
/// or later (see [`Bump::for_version`] for 0.x crates).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Bump {
    /// Nothing in the generated crate changes.
    None,
    /// The crate changes without any change to its public API (documentation,
    /// internal code, behaviour that keeps every signature).
    Patch,
    /// Public API is added (types, fields, methods, variants, deprecations)
    /// and nothing is removed or changed incompatibly.
    Minor,
    /// User code may no longer compile.
    Major,
}

impl Bump {
    /// The bump's name: `none`, `patch`, `minor` or `major`.
    pub fn as_str(self) -> &'static str {
        match self {
            Bump::None => "none",
            Bump::Patch => "patch",
            Bump::Minor => "minor",
            Bump::Major => "major",
        }
    }

    /// The bump a crate at `major.minor` needs. Cargo treats the first
    /// non-zero component as the compatibility boundary: for `0.y.z` a
    /// breaking change bumps `y` and everything else bumps `z`; for `0.0.z`
    /// every release is a new `z`, which cargo already treats as breaking.
    pub fn for_version(self, major: u64, minor: u64) -> Bump {
        match (self, major, minor) {
            (Bump::None, _, _) => Bump::None,
            (_, 0, 0) => Bump::Patch,
            (Bump::Major, 0, _) => Bump::Minor,
            (_, 0, _) => Bump::Patch,
            (bump, _, _) => bump,
        }
    }
}

impl fmt::Display for Bump {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// What changed. The snake-case names ([`ChangeKind::as_str`]) are the
/// `kind` values of the JSON report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum ChangeKind {
    /// The two models describe different services.
    ServiceChanged,
    /// The service's protocol traits changed.
    ProtocolChanged,
    /// The service's authentication traits changed.
    AuthChanged,
    /// The endpoint rule set changed.
    EndpointRulesChanged,
    /// The endpoint test cases changed.
    EndpointTestsChanged,
    /// `aws.api#service` (SDK id, endpoint prefix) changed.
    ServiceIdentityChanged,
    /// The service's API version changed.
    ServiceVersionChanged,
    /// An operation was added.
    OperationAdded,
    /// An operation was removed.
    OperationRemoved,
    /// An operation gained an error.
    ErrorAdded,
    /// An operation lost an error.
    ErrorRemoved,
    /// A shape was added.
    ShapeAdded,
    /// A shape was removed.
    ShapeRemoved,
    /// A shape changed type (e.g. `string` to `enum`).
    ShapeTypeChanged,
    /// A shape's Rust type moved or was renamed (service `rename`, `@error`).
    RustPathChanged,
    /// A member was added.
    MemberAdded,
    /// A member was removed.
    MemberRemoved,
    /// A member targets another shape.
    TargetChanged,
    /// A member's Rust type changed although its target did not.
    MemberTypeChanged,
    /// `@required` added.
    RequiredAdded,
    /// `@required` removed.
    RequiredRemoved,
    /// `@default` added.
    DefaultAdded,
    /// `@default` removed.
    DefaultRemoved,
    /// `@default` value changed.
    DefaultChanged,
    /// `@clientOptional` added.
    ClientOptionalAdded,
    /// `@clientOptional` removed.
    ClientOptionalRemoved,
    /// An enum or intEnum value was added.
    EnumValueAdded,
    /// An enum or intEnum value was removed.
    EnumValueRemoved,
    /// An enum value keeps its wire value under another name.
    EnumValueRenamed,
    /// An enum member keeps its name but has another wire value.
    EnumValueChanged,
    /// Enum values kept appear in another order.
    EnumValuesReordered,
    /// `@length` narrowed.
    LengthTightened,
    /// `@length` widened.
    LengthRelaxed,
    /// `@range` narrowed.
    RangeTightened,
    /// `@range` widened.
    RangeRelaxed,
    /// `@pattern` added.
    PatternAdded,
    /// `@pattern` removed.
    PatternRemoved,
    /// `@pattern` changed.
    PatternChanged,
    /// `@sensitive` added.
    SensitiveAdded,
    /// `@sensitive` removed.
    SensitiveRemoved,
    /// `@idempotencyToken` added.
    IdempotencyTokenAdded,
    /// `@idempotencyToken` removed.
    IdempotencyTokenRemoved,
    /// `@deprecated` added.
    DeprecatedAdded,
    /// `@deprecated` removed.
    DeprecatedRemoved,
    /// `@sparse` added or removed.
    SparseChanged,
    /// `@timestampFormat` changed.
    TimestampFormatChanged,
    /// `@error` fault (client/server) changed.
    ErrorFaultChanged,
    /// `@retryable` added, removed or changed.
    RetryableChanged,
    /// Another trait the client may depend on changed.
    TraitChanged,
}

impl ChangeKind {
    /// Every kind, in declaration order.
    pub const ALL: &'static [ChangeKind] = &[
        ChangeKind::ServiceChanged,
        ChangeKind::ProtocolChanged,
        ChangeKind::AuthChanged,
        ChangeKind::EndpointRulesChanged,
        ChangeKind::EndpointTestsChanged,
        ChangeKind::ServiceIdentityChanged,
        ChangeKind::ServiceVersionChanged,
        ChangeKind::OperationAdded,
        ChangeKind::OperationRemoved,
        ChangeKind::ErrorAdded,
        ChangeKind::ErrorRemoved,
        ChangeKind::ShapeAdded,
        ChangeKind::ShapeRemoved,
        ChangeKind::ShapeTypeChanged,
        ChangeKind::RustPathChanged,
        ChangeKind::MemberAdded,
        ChangeKind::MemberRemoved,
        ChangeKind::TargetChanged,
        ChangeKind::MemberTypeChanged,
        ChangeKind::RequiredAdded,
        ChangeKind::RequiredRemoved,
        ChangeKind::DefaultAdded,
        ChangeKind::DefaultRemoved,
        ChangeKind::DefaultChanged,
        ChangeKind::ClientOptionalAdded,
        ChangeKind::ClientOptionalRemoved,
        ChangeKind::EnumValueAdded,
        ChangeKind::EnumValueRemoved,
        ChangeKind::EnumValueRenamed,
        ChangeKind::EnumValueChanged,
        ChangeKind::EnumValuesReordered,
        ChangeKind::LengthTightened,
        ChangeKind::LengthRelaxed,
        ChangeKind::RangeTightened,
        ChangeKind::RangeRelaxed,
        ChangeKind::PatternAdded,
        ChangeKind::PatternRemoved,
        ChangeKind::PatternChanged,
        ChangeKind::SensitiveAdded,
        ChangeKind::SensitiveRemoved,
        ChangeKind::IdempotencyTokenAdded,
        ChangeKind::IdempotencyTokenRemoved,
        ChangeKind::DeprecatedAdded,
        ChangeKind::DeprecatedRemoved,
        ChangeKind::SparseChanged,
        ChangeKind::TimestampFormatChanged,
        ChangeKind::ErrorFaultChanged,
        ChangeKind::RetryableChanged,
        ChangeKind::TraitChanged,
    ];

    /// The kind's snake-case name, e.g. `error_added`.
    pub fn as_str(self) -> &'static str {
        use ChangeKind::*;
        match self {
            ServiceChanged => "service_changed",
            ProtocolChanged => "protocol_changed",
            AuthChanged => "auth_changed",
            EndpointRulesChanged => "endpoint_rules_changed",
            EndpointTestsChanged => "endpoint_tests_changed",
            ServiceIdentityChanged => "service_identity_changed",
            ServiceVersionChanged => "service_version_changed",
            OperationAdded => "operation_added",
            OperationRemoved => "operation_removed",
            ErrorAdded => "error_added",
            ErrorRemoved => "error_removed",
            ShapeAdded => "shape_added",
            ShapeRemoved => "shape_removed",
            ShapeTypeChanged => "shape_type_changed",
            RustPathChanged => "rust_path_changed",
            MemberAdded => "member_added",
            MemberRemoved => "member_removed",
            TargetChanged => "target_changed",
            MemberTypeChanged => "member_type_changed",
            RequiredAdded => "required_added",
            RequiredRemoved => "required_removed",
            DefaultAdded => "default_added",
            DefaultRemoved => "default_removed",
            DefaultChanged => "default_changed",
            ClientOptionalAdded => "client_optional_added",
            ClientOptionalRemoved => "client_optional_removed",
            EnumValueAdded => "enum_value_added",
            EnumValueRemoved => "enum_value_removed",
            EnumValueRenamed => "enum_value_renamed",
            EnumValueChanged => "enum_value_changed",
            EnumValuesReordered => "enum_values_reordered",
            LengthTightened => "length_tightened",
            LengthRelaxed => "length_relaxed",
            RangeTightened => "range_tightened",
            RangeRelaxed => "range_relaxed",
            PatternAdded => "pattern_added",
            PatternRemoved => "pattern_removed",
            PatternChanged => "pattern_changed",
            SensitiveAdded => "sensitive_added",
            SensitiveRemoved => "sensitive_removed",
            IdempotencyTokenAdded => "idempotency_token_added",
            IdempotencyTokenRemoved => "idempotency_token_removed",
            DeprecatedAdded => "deprecated_added",
            DeprecatedRemoved => "deprecated_removed",
            SparseChanged => "sparse_changed",
            TimestampFormatChanged => "timestamp_format_changed",
            ErrorFaultChanged => "error_fault_changed",
            RetryableChanged => "retryable_changed",
            TraitChanged => "trait_changed",
        }
    }

    /// The kind in words, for the text report: `error added`.
    pub fn title(self) -> String {
        self.as_str().replace('_', " ")
    }
}

impl fmt::Display for ChangeKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// One change between the two models.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Change {
    /// What changed.
    pub kind: ChangeKind,
    /// The shape it belongs to, as the models name it (operation inputs and
    /// outputs by their original structure id).
    pub shape: String,
    /// The member, value or error concerned, when there is one.
    pub member: Option<String>,
    /// The Rust item concerned, relative to the crate root (e.g.
    /// `types::Tag::key`), when there is one.
    pub rust_item: Option<String>,
    /// What changed, in one line.
    pub detail: String,
    /// What it means for requests and responses of clients built from the old model.
    pub wire: Impact,
    /// What it means for code written against the crate generated from the old model.
    pub rust_api: Impact,
    /// The release it needs for a crate at 1.0 or later.
    pub semver: Bump,
    /// The normalised shape the change belongs to (for file prediction).
    pub(crate) origin: ShapeId,
}

/// Shapes whose documentation changed, or whose traits changed in ways that
/// cannot affect the client (IAM condition keys, examples, tags, …).
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct QuietChanges {
    /// Shape and member ids, sorted.
    pub ids: Vec<String>,
    /// Trait ids involved, sorted (empty for documentation).
    pub traits: Vec<String>,
    /// Normalised shapes concerned (for file prediction).
    pub(crate) origins: Vec<ShapeId>,
}

impl QuietChanges {
    /// Whether nothing was recorded.
    pub fn is_empty(&self) -> bool {
        self.ids.is_empty()
    }
}
