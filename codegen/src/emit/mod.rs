//! Emission: the normalised model and its symbols to the files of a Rust crate.
//!
//! Each submodule is a pure function from (model, symbols) to token streams;
//! [`generate`] dispatches on shape kind, places each item in its file and
//! formats every file with prettyplease. Nothing here reads model JSON.

mod aws_json;
mod aws_query;
mod client;
mod docs;
mod embed;
mod endpoint;
mod endpoint_tests;
mod enums;
mod errors;
mod files;
mod front_page;
mod http_binding;
mod inline;
mod jmespath;
mod operation;
mod operation_spec;
mod paginator;
mod plan;
mod protocol;
mod protocol_tests;
mod rest_json;
mod rest_xml;
mod runtime;
mod structure;
mod tokens;
mod union;
mod verbatim;
mod waiter;
mod xml;

use std::collections::BTreeMap;

pub use docs::html_to_markdown;
pub use embed::ModulePath;
pub use files::GeneratedCrate;
pub use runtime::{RUNTIME_PACKAGE, RuntimeDependency, RuntimeNeeds, runtime_crate};

use crate::names::{NameClash, OperationNames, Symbols, crate_name};
use crate::passes::{SelectError, normalize};
use crate::smithy::{Model, Shape, ShapeId, ShapeKind};

/// What to generate and how to label it.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The service to generate; `None` picks the model's only service.
    pub service: Option<ShapeId>,
    /// Operation names to generate; empty means every operation of the service.
    pub operations: Vec<String>,
    /// The package name; `None` derives it from the service's `sdkId`.
    pub crate_name: Option<String>,
    /// The package version written to `Cargo.toml`.
    pub crate_version: String,
    /// How the model is named in file headers, e.g. `model/partnercentral-selling.json`.
    pub model_label: String,
    /// The command that regenerates the crate, named in every file header.
    pub regenerate_command: String,
    /// Also emit the model's protocol compliance test cases
    /// (`src/protocol_tests.rs`, a `CASES` table for a test harness).
    pub protocol_tests: bool,
    /// Where the crate gets the runtime crate from.
    pub runtime: RuntimeDependency,
    /// Emit the client as this module of the runtime crate (files under
    /// `src/<path>.rs` and `src/<path>/`, paths moved under the module, no
    /// manifest, no doc comments) instead of as a crate of its own.
    pub embed: Option<ModulePath>,
}

impl Default for Settings {
    fn default() -> Self {
        Settings {
            service: None,
            operations: Vec::new(),
            crate_name: None,
            crate_version: "0.1.0".into(),
            model_label: "the model".into(),
            regenerate_command: "cargo run -p codegen".into(),
            protocol_tests: false,
            runtime: RuntimeDependency::Bundled,
            embed: None,
        }
    }
}

/// Why a crate could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum GenerateError {
    /// The requested service or operations are not in the model.
    #[error(transparent)]
    Select(#[from] SelectError),
    /// Two shapes would get the same Rust name.
    #[error(transparent)]
    Names(#[from] NameClash),
    /// The model uses something the generator cannot express.
    #[error("shape `{shape}`: {problem}")]
    Unsupported {
        /// The shape or member id.
        shape: String,
        /// What is not supported.
        problem: String,
    },
    /// Two items would be written to the same file.
    #[error(
        "internal error: two items would be written to {path}; please report this with the model (renaming a shape in the service's `rename` map avoids it)"
    )]
    PathClash {
        /// The file.
        path: String,
    },
    /// Emitted code did not parse; a generator bug, reported with the file.
    #[error("internal error: generated {file} is not valid Rust ({message}); please report this with the model")]
    InvalidOutput {
        /// The file.
        file: String,
        /// The parser's message.
        message: String,
    },
}

/// Everything emitters read: the normalised model, its symbols and the service.
pub(crate) struct Ctx<'a> {
    pub model: &'a Model,
    pub symbols: &'a Symbols,
    pub service: &'a Shape,
}

impl Ctx<'_> {
    /// The shape with `id`; the normalised model is closed, so it exists.
    pub fn shape(&self, id: &ShapeId) -> Option<&Shape> {
        self.model.shape(id)
    }

    /// The selected operations, in id order.
    pub fn operations(&self) -> Vec<&Shape> {
        let ShapeKind::Service(svc) = &self.service.kind else { return Vec::new() };
        let mut ops: Vec<&Shape> = svc.operations.iter().filter_map(|id| self.model.shape(id)).collect();
        ops.sort_by(|a, b| a.id.name().cmp(b.id.name()));
        ops
    }
}

/// The Markdown of a generated crate's front page (the documentation of its
/// `src/lib.rs`), so that `diff` can tell whether regenerating rewrites it.
pub(crate) fn front_page_markdown(
    model: &Model,
    symbols: &Symbols,
    service_id: &ShapeId,
    package: &str,
) -> Option<String> {
    let service = model.shape(service_id)?;
    Some(front_page::markdown(&Ctx { model, symbols, service }, package))
}

/// A unit of emission work.
enum Job<'a> {
    Shape(&'a ShapeId, &'a crate::names::TypeSymbol),
    Operation(&'a Shape),
    Indexes,
    Client,
    Endpoint,
    ProtocolTests,
    Waiters,
}

/// Applies `f` to every item on all available cores, keeping input order.
///
/// Workers take the next unclaimed item as they finish one, so a few large
/// files (endpoint rules, indexes, a big structure) do not leave one core
/// idle while the other works through a fixed share.
fn parallel_map<T: Sync, R: Send>(items: &[T], f: impl Fn(&T) -> R + Sync) -> Vec<R> {
    let threads = std::thread::available_parallelism().map_or(1, |n| n.get()).min(items.len().max(1));
    if threads <= 1 {
        return items.iter().map(f).collect();
    }
    let next = std::sync::atomic::AtomicUsize::new(0);
    let mut slots: Vec<Option<R>> = (0..items.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let (f, next) = (&f, &next);
        let handles: Vec<_> = (0..threads)
            .map(|_| {
                scope.spawn(move || {
                    let mut done = Vec::new();
                    loop {
                        let i = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                        let Some(item) = items.get(i) else { break };
                        done.push((i, f(item)));
                    }
                    done
                })
            })
            .collect();
        for handle in handles {
            // A panicking worker is a generator bug; re-raise it on this thread.
            let done = handle.join().unwrap_or_else(|e| std::panic::resume_unwind(e));
            for (i, r) in done {
                slots[i] = Some(r);
            }
        }
    });
    slots.into_iter().flatten().collect()
}

/// `src/protocol_serde.rs`: the module index and the service's protocol facts.
fn serde_index(
    ctx: &Ctx<'_>,
    protocol: &dyn protocol::Protocol,
    package: &str,
    settings: &Settings,
    modules: &[String],
) -> proc_macro2::TokenStream {
    let doc = format!(" The {} protocol: request and response bodies, and each operation's wiring.", protocol.name());
    let mods = modules.iter().map(|m| tokens::ident(m));
    let signing_name = ctx
        .service
        .traits
        .sigv4
        .clone()
        .or_else(|| ctx.service.traits.aws_service.as_ref().and_then(|s| s.endpoint_prefix.clone()))
        .unwrap_or_else(|| ctx.service.id.name().to_ascii_lowercase());
    let user_agent = format!("{package}/{} lang/rust", settings.crate_version);
    // S3 signs paths as sent (object keys may hold `.` segments and `%`).
    let s3 = ctx.service.traits.aws_service.as_ref().is_some_and(|s| s.sdk_id == "S3");
    let signing = if s3 {
        quote::quote!(crate::rt::sigv4::SigningSettings::s3())
    } else {
        quote::quote!(crate::rt::sigv4::SigningSettings::new())
    };
    quote::quote! {
        #![doc = #doc]
        #(pub(crate) mod #mods;)*

        /// The service's facts every request needs.
        pub(crate) static SERVICE: crate::rt::orchestrator::ServiceInfo = crate::rt::orchestrator::ServiceInfo {
            signing_name: #signing_name,
            user_agent: #user_agent,
            signing: #signing,
        };
    }
}

/// Generates the crate for `settings` from a loaded model, in memory.
pub fn generate(model: &Model, settings: &Settings) -> Result<GeneratedCrate, GenerateError> {
    let (normalized, service_id) = normalize(model, settings.service.as_ref(), &settings.operations)?;
    let symbols = Symbols::build(&normalized, &service_id)?;
    let service = normalized.shape(&service_id).ok_or_else(|| SelectError::UnknownService(service_id.to_string()))?;
    let ctx = Ctx { model: &normalized, symbols: &symbols, service };
    let package = match &settings.crate_name {
        Some(name) => name.clone(),
        None => match &service.traits.aws_service {
            Some(aws) => crate_name(&aws.sdk_id),
            None => crate_name(service_id.name()),
        },
    };

    // Emitting and formatting dominate generation time and every file is
    // independent, so files are produced in parallel. Token streams cannot
    // cross threads; each worker emits and formats its own files.
    let protocol = protocol::protocol_of(&ctx)?;
    let protocol = protocol.as_ref();
    let serde = protocol::serde_needs(&ctx);
    let mut uses = runtime::RuntimeNeeds::of(&ctx);
    uses.protocol_tests = settings.protocol_tests;
    // The few large jobs go first: taken last, one of them would keep a
    // core busy alone after the other has run out of work.
    let mut jobs: Vec<Job<'_>> = vec![Job::Endpoint, Job::Client, Job::Indexes];
    if settings.protocol_tests {
        jobs.push(Job::ProtocolTests);
    }
    // The same answer that turns on the runtime's `waiters` feature.
    if uses.waiters {
        jobs.push(Job::Waiters);
    }
    jobs.extend(ctx.operations().into_iter().map(Job::Operation));
    jobs.extend(symbols.all().map(|(id, symbol)| Job::Shape(id, symbol)));
    let serde_files: Vec<String> = {
        let mut files: Vec<String> = symbols
            .all()
            .filter(|(id, _)| serde.get(*id).is_some_and(|n| n.serialize || n.deserialize))
            .filter(|(id, _)| normalized.shape(id).is_some_and(|s| !matches!(s.kind, ShapeKind::Simple(_))))
            .map(|(_, symbol)| symbol.serde_module())
            .collect();
        files.extend(ctx.operations().into_iter().map(|op| OperationNames::of(&op.id).spec_module()));
        files.sort();
        files.dedup();
        files
    };
    let formatted = parallel_map(&jobs, |job| -> Result<Vec<(String, String)>, GenerateError> {
        tokens::start_unit();
        // Text bypasses the syntax tree, which embedding rewrites.
        verbatim::enable(settings.embed.is_none());
        let items = match job {
            Job::Shape(id, symbol) => {
                let Some(shape) = normalized.shape(id) else { return Ok(Vec::new()) };
                let tokens = match &shape.kind {
                    ShapeKind::Structure(_) => structure::emit_structure(&ctx, shape, symbol)?,
                    ShapeKind::Union(_) => union::emit_union(&ctx, shape, symbol)?,
                    ShapeKind::Enum(_) => enums::emit_enum(shape, symbol),
                    _ => return Ok(Vec::new()),
                };
                let mut items = vec![(symbol.file(), tokens)];
                if let Some(needs) = serde.get(*id).filter(|n| n.serialize || n.deserialize) {
                    let serde_tokens = protocol.shape_serde(&ctx, shape, symbol, *needs)?;
                    items.push((symbol.serde_file(), serde_tokens));
                }
                items
            }
            Job::Operation(op) => {
                let plan = plan::OperationPlan::of(&ctx, op)?;
                let mut items = operation::emit_operation(&ctx, op, &plan)?;
                items.push((plan.names.spec_file(), operation_spec::emit_operation_spec(&ctx, protocol, &plan)?));
                items
            }
            Job::Indexes => {
                let mut items = files::module_indexes(&ctx, &uses, settings, &package);
                items.push((
                    "src/protocol_serde.rs".to_owned(),
                    serde_index(&ctx, protocol, &package, settings, &serde_files),
                ));
                items
            }
            Job::Client => vec![("src/client.rs".to_owned(), client::emit_client(&ctx))],
            Job::Endpoint => vec![("src/config/endpoint.rs".to_owned(), endpoint::emit_endpoint_module(&ctx)?)],
            Job::ProtocolTests => {
                vec![("src/protocol_tests.rs".to_owned(), protocol_tests::emit_protocol_tests(&ctx)?)]
            }
            Job::Waiters => {
                let mut items = vec![("src/waiters.rs".to_owned(), waiter::emit_waiters_index(&ctx))];
                for (op, w) in waiter::waiters(&ctx) {
                    items.push(waiter::emit_waiter(&ctx, op, w)?);
                }
                items
            }
        };
        items
            .into_iter()
            .map(|(path, tokens)| Ok((path.clone(), files::format_file(&path, tokens, settings)?)))
            .collect()
    });
    let mut formatted_files = BTreeMap::new();
    for result in formatted {
        for (path, text) in result? {
            // Names make every path unique; a clash is a generator bug, never an overwrite.
            if formatted_files.insert(path.clone(), text).is_some() {
                return Err(GenerateError::PathClash { path });
            }
        }
    }
    Ok(files::assemble(formatted_files, &package, &ctx, &uses, settings))
}
