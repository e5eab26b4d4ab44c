//! Comparing two versions of a model: what changed, shape by shape and
//! member by member, and what each change means on the wire (for clients
//! built from the old model) and for the Rust API of the regenerated crate,
//! ending with the semver bump the crate needs.
//!
//! Both models are normalised exactly as the generator normalises them
//! (closure of the selected operations, Smithy 1.0 enums, per-operation
//! inputs and outputs, service errors copied onto operations, recursion
//! boxing) and named with the same [`Symbols`](crate::names::Symbols), so the
//! Rust-API verdicts follow from how the crate is really shaped: structures
//! and builders are `#[non_exhaustive]`, enums, unions and operation error
//! enums are `#[non_exhaustive]` with a catch-all variant, input members are
//! always `Option`, and `build()` is fallible only when a member is checked.
//!
//! ```no_run
//! use codegen::diff::{DiffOptions, compare};
//! use codegen::smithy::load_file;
//!
//! let old = load_file("old.json".as_ref())?;
//! let new = load_file("new.json".as_ref())?;
//! let options = DiffOptions { operations: vec!["CreateResourceSnapshotJob".into()], ..Default::default() };
//! let report = compare(&old, &new, &options)?.into_report();
//! println!("{}", report.to_text());
//! println!("bump for 0.x: {}", report.bump().for_version(0, 1));
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

mod change;
pub mod cli;
mod enums;
mod files;
mod json;
mod members;
mod record;
mod service;
mod shapes;
mod side;
mod text;
mod traits;
pub mod version;

use std::collections::BTreeSet;
use std::path::Path;

pub use change::{Bump, Change, ChangeKind, Impact, Level, QuietChanges};
pub use version::{VersionError, next_version};

use crate::names::NameClash;
use crate::passes::{SelectError, resolve_service, service_operations};
use crate::smithy::{LoadError, Model, ShapeId, ShapeKind, load_file};
use record::Recorder;
use side::Side;

/// What to compare: the service, and the operations whose closure matters
/// (none means the whole service).
#[derive(Debug, Clone, Default)]
pub struct DiffOptions {
    /// The service shape, when a model defines several.
    pub service: Option<ShapeId>,
    /// Operation names; empty compares the whole service.
    pub operations: Vec<String>,
}

/// Why two models could not be compared.
#[derive(Debug, thiserror::Error)]
pub enum DiffError {
    /// A model could not be loaded.
    #[error("{which} model: {source}")]
    Load {
        /// `old` or `new`.
        which: &'static str,
        /// What went wrong.
        source: LoadError,
    },
    /// The service or operations could not be selected in a model.
    #[error("{which} model: {source}")]
    Select {
        /// `old` or `new`.
        which: &'static str,
        /// What went wrong.
        source: SelectError,
    },
    /// Two shapes of a model get the same Rust name.
    #[error("{which} model: {source}")]
    Names {
        /// `old` or `new`.
        which: &'static str,
        /// The clash.
        source: NameClash,
    },
    /// A requested operation is in neither model.
    #[error("operation `{name}` is in neither model; they have: {}", available.join(", "))]
    UnknownOperation {
        /// What was asked for.
        name: String,
        /// The operations the two models have.
        available: Vec<String>,
    },
}

/// The result of comparing two models.
#[derive(Debug, Clone, PartialEq)]
pub struct DiffReport {
    /// How the old model is named in the report (e.g. its path).
    pub old_label: String,
    /// How the new model is named in the report.
    pub new_label: String,
    /// The old model's service shape id.
    pub old_service: String,
    /// The new model's service shape id.
    pub new_service: String,
    /// The operations compared; empty for the whole service.
    pub operations: Vec<String>,
    /// Every change, grouped by shape: the service first, then operations,
    /// then data shapes by id.
    pub changes: Vec<Change>,
    /// Shapes and members whose documentation changed.
    pub documentation: QuietChanges,
    /// Shapes and members whose traits changed in ways that cannot affect
    /// the client (IAM condition keys, examples, tags, …).
    pub no_client_effect: QuietChanges,
}

impl DiffReport {
    /// The worst wire level, if anything changed.
    pub fn wire_level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.wire.level).max()
    }

    /// The worst Rust-API level, if anything changed.
    pub fn rust_level(&self) -> Option<Level> {
        self.changes.iter().map(|c| c.rust_api.level).max()
    }

    /// The worst level on either axis.
    pub fn worst_level(&self) -> Option<Level> {
        self.wire_level().max(self.rust_level())
    }

    /// The release the regenerated crate needs, for a crate at 1.0 or later
    /// (use [`Bump::for_version`] for 0.x crates).
    pub fn bump(&self) -> Bump {
        let docs = if self.documentation.is_empty() { Bump::None } else { Bump::Patch };
        self.changes.iter().map(|c| c.semver).fold(docs, Bump::max)
    }

    /// The report as text for a terminal or a pull request.
    pub fn to_text(&self) -> String {
        text::render(self)
    }

    /// The report as JSON (schema in the README, `format` = `codegen-diff/1`).
    pub fn to_json(&self) -> serde_json::Value {
        json::render(self)
    }
}

/// Two prepared models and their report; also predicts which files of the
/// generated crate change.
pub struct Comparison {
    old: Side,
    new: Side,
    report: DiffReport,
}

impl Comparison {
    /// The report.
    pub fn report(&self) -> &DiffReport {
        &self.report
    }

    /// The report, consuming the comparison.
    pub fn into_report(self) -> DiffReport {
        self.report
    }

    /// The files of the generated crate (paths relative to the crate root)
    /// that regenerating from the new model adds, removes or rewrites.
    pub fn changed_files(&self) -> BTreeSet<String> {
        files::changed_files(&self.old, &self.new, &self.report)
    }
}

/// Loads two model files and compares them, labelled by their paths as given.
pub fn compare_files(old: &Path, new: &Path, options: &DiffOptions) -> Result<Comparison, DiffError> {
    let old_model = load_file(old).map_err(|source| DiffError::Load { which: "old", source })?;
    let new_model = load_file(new).map_err(|source| DiffError::Load { which: "new", source })?;
    let mut comparison = compare(&old_model, &new_model, options)?;
    comparison.report.old_label = old.display().to_string();
    comparison.report.new_label = new.display().to_string();
    Ok(comparison)
}

/// Compares two loaded models (labelled `old` and `new`).
pub fn compare(old: &Model, new: &Model, options: &DiffOptions) -> Result<Comparison, DiffError> {
    check_operations(old, new, options)?;
    let old_side = Side::prepare(old, "old", options.service.as_ref(), &options.operations)?;
    let new_side = Side::prepare(new, "new", options.service.as_ref(), &options.operations)?;
    let mut recorder = Recorder::new(&old_side, &new_side);
    service::compare_service(&mut recorder);
    service::compare_operations(&mut recorder);
    shapes::compare_shapes(&mut recorder);
    let (documentation, no_client_effect) = recorder.quiet();
    let mut changes = std::mem::take(&mut recorder.changes);
    let group = |c: &Change| {
        let kind = new_side.shape(&c.origin).or_else(|| old_side.shape(&c.origin)).map(|s| &s.kind);
        match kind {
            Some(ShapeKind::Service(_)) => 0,
            Some(ShapeKind::Operation(_)) => 1,
            _ => 2,
        }
    };
    changes.sort_by(|a, b| {
        (group(a), &a.shape, &a.member, a.kind, &a.detail).cmp(&(group(b), &b.shape, &b.member, b.kind, &b.detail))
    });
    let mut operations = options.operations.clone();
    operations.sort();
    operations.dedup();
    let report = DiffReport {
        old_label: "old".into(),
        new_label: "new".into(),
        old_service: old_side.service_id.to_string(),
        new_service: new_side.service_id.to_string(),
        operations,
        changes,
        documentation,
        no_client_effect,
    };
    Ok(Comparison { old: old_side, new: new_side, report })
}

/// Every requested operation must exist in at least one of the models.
fn check_operations(old: &Model, new: &Model, options: &DiffOptions) -> Result<(), DiffError> {
    let names = |m: &Model, which| -> Result<BTreeSet<String>, DiffError> {
        let service =
            resolve_service(m, options.service.as_ref()).map_err(|source| DiffError::Select { which, source })?;
        Ok(service_operations(m, &service).into_keys().collect())
    };
    let known: BTreeSet<String> = names(old, "old")?.into_iter().chain(names(new, "new")?).collect();
    match options.operations.iter().find(|o| !known.contains(*o)) {
        Some(name) => Err(DiffError::UnknownOperation { name: name.clone(), available: known.into_iter().collect() }),
        None => Ok(()),
    }
}
