//! Generates Rust client crates from Smithy JSON AST models.
//!
//! The pipeline is: [`smithy`] loads and validates the model, [`passes`]
//! normalise it for the chosen operations, [`names`] decides every Rust name,
//! [`emit`] produces the crate's files in memory and [`output`] writes them
//! (atomically) or checks a folder against them.
//!
//! ```no_run
//! // In a build script or a tool: generate one operation's client into a folder.
//! let krate = codegen::Generator::new()
//!     .model("model/partnercentral-selling.json")
//!     .operation("CreateResourceSnapshotJob")
//!     .generate()?;
//! codegen::output::write_crate(std::path::Path::new("generated"), &krate)?;
//! # Ok::<(), codegen::Error>(())
//! ```

pub mod diff;
pub mod emit;
pub mod names;
pub mod output;
pub mod passes;
pub mod runtime_clients;
pub mod smithy;

use std::path::{Path, PathBuf};

pub use emit::{GenerateError, GeneratedCrate, ModulePath, RuntimeDependency, Settings};

/// Any failure of the generator.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// The model could not be loaded.
    #[error(transparent)]
    Load(#[from] smithy::LoadError),
    /// The crate could not be generated from the model.
    #[error(transparent)]
    Generate(#[from] GenerateError),
    /// The crate could not be written or checked.
    #[error(transparent)]
    Output(#[from] output::OutputError),
    /// A setting is invalid.
    #[error("{0}")]
    Settings(String),
}

/// Generation settings as a small builder: models in, crate out.
#[derive(Debug, Clone, Default)]
pub struct Generator {
    models: Vec<PathBuf>,
    settings: Settings,
}

impl Generator {
    /// A generator with default settings and no model yet.
    pub fn new() -> Self {
        Generator::default()
    }

    /// Adds a model file (several files are merged).
    pub fn model(mut self, path: impl Into<PathBuf>) -> Self {
        self.models.push(path.into());
        self
    }

    /// Restricts generation to this operation (repeatable); none means all.
    pub fn operation(mut self, name: impl Into<String>) -> Self {
        self.settings.operations.push(name.into());
        self
    }

    /// Chooses the service when the model has several.
    pub fn service(mut self, id: &str) -> Result<Self, Error> {
        let id = smithy::ShapeId::parse(id).map_err(|e| Error::Settings(format!("--service: {e}")))?;
        self.settings.service = Some(id);
        Ok(self)
    }

    /// Overrides the package name (default: from the service's `sdkId`).
    pub fn crate_name(mut self, name: impl Into<String>) -> Self {
        self.settings.crate_name = Some(name.into());
        self
    }

    /// Sets the package version (default `0.1.0`).
    pub fn crate_version(mut self, version: impl Into<String>) -> Self {
        self.settings.crate_version = version.into();
        self
    }

    /// How file headers name the model (default: the model paths as given).
    pub fn model_label(mut self, label: impl Into<String>) -> Self {
        self.settings.model_label = label.into();
        self
    }

    /// The command file headers give for regenerating.
    pub fn regenerate_command(mut self, command: impl Into<String>) -> Self {
        self.settings.regenerate_command = command.into();
        self
    }

    /// Also emits the model's protocol compliance tests (`src/protocol_tests.rs`).
    pub fn protocol_tests(mut self, enabled: bool) -> Self {
        self.settings.protocol_tests = enabled;
        self
    }

    /// Where the generated crate gets the runtime crate from (default: a
    /// copy bundled in the crate's `runtime/` folder).
    pub fn runtime(mut self, runtime: emit::RuntimeDependency) -> Self {
        self.settings.runtime = runtime;
        self
    }

    /// Emits the client as the module `path` (e.g. `clients::sts`) of the
    /// runtime crate rather than as a crate: the files are
    /// `src/clients/sts.rs` and `src/clients/sts/**` relative to the runtime
    /// crate's root, every `crate::` path is moved under the module, and no
    /// manifest, bundled runtime or doc comment is written. The runtime
    /// declares `extern crate self as smithy_client_runtime;` so that the
    /// code's paths to the runtime resolve inside it.
    pub fn embed_as_module(mut self, path: &str) -> Result<Self, Error> {
        self.settings.embed = Some(ModulePath::parse(path).map_err(Error::Settings)?);
        Ok(self)
    }

    /// The settings as they stand.
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// Loads the models and generates the crate in memory.
    pub fn generate(&self) -> Result<GeneratedCrate, Error> {
        if self.models.is_empty() {
            return Err(Error::Settings("no model given".into()));
        }
        if let Some(name) = &self.settings.crate_name {
            validate_crate_name(name)?;
        }
        if self.settings.embed.is_some() && self.settings.protocol_tests {
            return Err(Error::Settings("protocol tests are emitted only for crates, not for embedded modules".into()));
        }
        let model = smithy::load_files(&self.models)?;
        let mut settings = self.settings.clone();
        if settings.model_label == Settings::default().model_label {
            settings.model_label = self.models.iter().map(|p| p.display().to_string()).collect::<Vec<_>>().join(", ");
        }
        Ok(emit::generate(&model, &settings)?)
    }

    /// Generates and writes the crate to `dir` (atomically).
    pub fn write_to(&self, dir: &Path) -> Result<output::WriteOutcome, Error> {
        let krate = self.generate()?;
        Ok(output::write_crate(dir, &krate)?)
    }
}

/// Package names: ASCII letters, digits, `-` and `_`, starting with a letter.
fn validate_crate_name(name: &str) -> Result<(), Error> {
    let ok = name.starts_with(|c: char| c.is_ascii_alphabetic())
        && name.chars().all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_')
        && name.len() <= 64;
    if ok {
        Ok(())
    } else {
        Err(Error::Settings(format!(
            "`{name}` is not a valid crate name (use ASCII letters, digits, `-` or `_`, starting with a letter)"
        )))
    }
}

/// `path` made absolute against the current directory, with `.` and `..`
/// resolved lexically (the folder may not exist yet).
pub fn absolute_path(path: &Path) -> PathBuf {
    let path =
        if path.is_absolute() { path.to_path_buf() } else { std::env::current_dir().unwrap_or_default().join(path) };
    let mut out = PathBuf::new();
    for c in path.components() {
        match c {
            std::path::Component::CurDir => {}
            std::path::Component::ParentDir => {
                out.pop();
            }
            other => out.push(other),
        }
    }
    out
}

/// The relative path from the folder `from` to the folder `to` (both made
/// absolute with [`absolute_path`] first), as written into a `Cargo.toml`
/// path dependency.
pub fn relative_path(from: &Path, to: &Path) -> PathBuf {
    let (from, to) = (absolute_path(from), absolute_path(to));
    let common = from.components().zip(to.components()).take_while(|(a, b)| a == b).count();
    let mut rel = PathBuf::new();
    for _ in from.components().skip(common) {
        rel.push("..");
    }
    for c in to.components().skip(common) {
        rel.push(c);
    }
    if rel.as_os_str().is_empty() { PathBuf::from(".") } else { rel }
}

/// The workspace this generator was built in: the root of `model/` and `generated/`.
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).parent().map(Path::to_path_buf).unwrap_or_else(|| PathBuf::from("."))
}

/// The generator configured as `cargo run -p codegen` with no arguments:
/// every `.json` file in the workspace's `model/` folder, labelled by its
/// workspace-relative path.
pub fn default_generator() -> Result<Generator, Error> {
    let root = workspace_root();
    let dir = root.join("model");
    let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
        .map_err(|e| Error::Settings(format!("cannot read {}: {e}", dir.display())))?
        .filter_map(|e| e.ok().map(|e| e.path()))
        .filter(|p| p.extension().is_some_and(|x| x == "json"))
        .collect();
    files.sort();
    if files.is_empty() {
        return Err(Error::Settings(format!("no .json model in {}", dir.display())));
    }
    let label = files
        .iter()
        .map(|p| format!("model/{}", p.file_name().map(|n| n.to_string_lossy()).unwrap_or_default()))
        .collect::<Vec<_>>()
        .join(", ");
    let runtime = emit::RuntimeDependency::Path("../codegen/runtime".into());
    let mut generator = Generator::new().model_label(label).runtime(runtime);
    for f in files {
        generator = generator.model(f);
    }
    Ok(generator)
}
