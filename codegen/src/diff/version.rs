//! The next version of a generated crate, from the previous version and the
//! semver verdict of the diff between the previous model and the current one.

use std::path::{Path, PathBuf};

use super::change::Bump;
use super::{DiffError, DiffOptions, DiffReport, compare};
use crate::smithy::{Model, load_files};

/// Why a version could not be computed.
#[derive(Debug, thiserror::Error)]
pub enum VersionError {
    /// The previous version is not `MAJOR.MINOR.PATCH`.
    #[error("`{0}` is not a version this option can bump: use MAJOR.MINOR.PATCH (no pre-release or build suffix)")]
    Malformed(String),
    /// The models could not be compared.
    #[error(transparent)]
    Diff(#[from] DiffError),
}

/// The version after `previous` for a change needing `bump` (on the 1.0+
/// scale; 0.x versions follow cargo's rule that the first non-zero
/// component is the compatibility boundary).
///
/// ```
/// use codegen::diff::{Bump, next_version};
/// assert_eq!(next_version("0.3.1", Bump::Major).unwrap(), "0.4.0");
/// assert_eq!(next_version("0.3.1", Bump::Minor).unwrap(), "0.3.2");
/// assert_eq!(next_version("1.3.1", Bump::Minor).unwrap(), "1.4.0");
/// assert_eq!(next_version("1.3.1", Bump::None).unwrap(), "1.3.1");
/// ```
pub fn next_version(previous: &str, bump: Bump) -> Result<String, VersionError> {
    let parts: Vec<u64> = previous
        .trim()
        .split('.')
        .map(|p| p.parse::<u64>())
        .collect::<Result<_, _>>()
        .map_err(|_| VersionError::Malformed(previous.to_owned()))?;
    let [major, minor, patch] = parts[..] else { return Err(VersionError::Malformed(previous.to_owned())) };
    Ok(match bump.for_version(major, minor) {
        Bump::None => format!("{major}.{minor}.{patch}"),
        Bump::Patch => format!("{major}.{minor}.{}", patch + 1),
        Bump::Minor => format!("{major}.{}.0", minor + 1),
        Bump::Major => format!("{}.0.0", major + 1),
    })
}

/// The version the regenerated crate gets, and the report it follows from.
#[derive(Debug, Clone)]
pub struct NextVersion {
    /// The version to write.
    pub version: String,
    /// The bump applied (already adjusted for 0.x).
    pub applied: Bump,
    /// The diff between the previous model and the current one.
    pub report: DiffReport,
}

/// Compares the previous model files with the current ones (empty: the
/// workspace's `model/` folder, as `cargo run -p codegen` uses) and computes
/// the version after `previous_version`.
pub fn next_crate_version(
    previous_models: &[PathBuf],
    current_models: &[PathBuf],
    options: &DiffOptions,
    previous_version: &str,
) -> Result<NextVersion, VersionError> {
    next_version(previous_version, Bump::None)?;
    let load = |paths: &[PathBuf], which| -> Result<Model, DiffError> {
        load_files(paths).map_err(|source| DiffError::Load { which, source })
    };
    let current = if current_models.is_empty() { workspace_models() } else { current_models.to_vec() };
    let old = load(previous_models, "previous")?;
    let new = load(&current, "current")?;
    let mut report = compare(&old, &new, options)?.into_report();
    report.old_label = labels(previous_models);
    report.new_label = labels(&current);
    let bump = report.bump();
    let version = next_version(previous_version, bump)?;
    let parts: Vec<u64> = previous_version.trim().split('.').filter_map(|p| p.parse().ok()).collect();
    let applied = bump.for_version(parts[0], parts[1]);
    Ok(NextVersion { version, applied, report })
}

/// The version `codegen --previous-version VER --previous-model PATH…`
/// writes: `None` without those flags. `previous` is the two flags,
/// `crate_version` the explicit `--crate-version` (which excludes them), and
/// `selection` the current models (empty: `model/`), operations and service.
/// Prints the bump it applies to stderr.
pub fn from_flags(
    previous: (Option<&str>, &[PathBuf]),
    crate_version: Option<&str>,
    (models, operations, service): (&[PathBuf], &[String], Option<&str>),
) -> Result<Option<String>, crate::Error> {
    let settings = |message: &str| crate::Error::Settings(message.to_owned());
    let (previous_version, previous_models) = match previous {
        (None, []) => return Ok(None),
        (Some(v), models) if !models.is_empty() => (v, models),
        _ => return Err(settings("--previous-version and --previous-model go together")),
    };
    if crate_version.is_some() {
        return Err(settings("--crate-version and --previous-version exclude each other"));
    }
    let mut options = DiffOptions { operations: operations.to_vec(), ..DiffOptions::default() };
    if let Some(id) = service {
        let id = crate::smithy::ShapeId::parse(id).map_err(|e| settings(&format!("--service: {e}")))?;
        options.service = Some(id);
    }
    let next = next_crate_version(previous_models, models, &options, previous_version)
        .map_err(|e| settings(&e.to_string()))?;
    eprintln!(
        "version {previous_version} → {} ({} bump for {} change(s) since {})",
        next.version,
        next.applied,
        next.report.changes.len(),
        next.report.old_label
    );
    Ok(Some(next.version))
}

fn labels(paths: &[PathBuf]) -> String {
    paths.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ")
}

/// The `.json` files of the workspace's `model/` folder, sorted.
fn workspace_models() -> Vec<PathBuf> {
    let dir = crate::workspace_root().join("model");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map(|entries| entries.filter_map(|e| e.ok().map(|e| e.path())).filter(|p| is_json(p)).collect())
        .unwrap_or_default();
    files.sort();
    files
}

fn is_json(path: &Path) -> bool {
    path.extension().is_some_and(|x| x == "json")
}
