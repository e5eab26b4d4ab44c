//! Placing items in files: the module index files (`types.rs`, `operation.rs`,
//! `lib.rs`, …), `Cargo.toml`, file headers, and formatting.

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::runtime::{
    PROTOCOL_TEST_SUPPORT, PROTOCOL_TEST_SUPPORT_NO_XML, PROTOCOL_TEST_SUPPORT_XML, RUNTIME_PACKAGE, RuntimeDependency,
    RuntimeNeeds, runtime_files,
};
use super::tokens::ident;
use super::{Ctx, GenerateError, Settings};
use crate::names::{OperationNames, Placement};
use crate::smithy::ShapeKind;

/// A generated crate in memory: package name and files by relative path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedCrate {
    /// The package name, e.g. `partnercentral-selling`.
    pub package: String,
    /// File contents by path relative to the crate root, e.g. `src/lib.rs`.
    pub files: BTreeMap<String, String>,
}

/// `src/types.rs`, `src/types/builders.rs`, `src/types/error.rs`,
/// `src/types/error/builders.rs` and `src/operation.rs`.
pub fn module_indexes(
    ctx: &Ctx<'_>,
    needs: &RuntimeNeeds,
    settings: &Settings,
    package: &str,
) -> Vec<(String, TokenStream)> {
    let mut types = Vec::new();
    let mut errors = Vec::new();
    for (id, symbol) in ctx.symbols.all() {
        let has_builder = matches!(ctx.shape(id).map(|s| &s.kind), Some(ShapeKind::Structure(_)));
        let entry = (
            ident(&symbol.file_module()),
            ident(&symbol.name),
            has_builder.then(|| format_ident!("{}Builder", symbol.name)),
        );
        match symbol.placement {
            Placement::Types => types.push(entry),
            Placement::Errors => errors.push(entry),
            Placement::Operation(_) => {}
        }
    }
    let index = |entries: &[(proc_macro2::Ident, proc_macro2::Ident, Option<proc_macro2::Ident>)],
                 doc: &str,
                 extra: TokenStream| {
        let mods = entries.iter().map(|(m, _, _)| m);
        let names = entries.iter().map(|(m, n, _)| quote!(pub use self::#m::#n;));
        let has_builders = entries.iter().any(|(_, _, b)| b.is_some());
        let builders_mod = if has_builders {
            quote!(
                pub mod builders;
            )
        } else {
            quote!()
        };
        let file = quote! {
            #![doc = #doc]
            #(mod #mods;)*
            #(#names)*
            #builders_mod
            #extra
        };
        let builder_uses = entries.iter().filter_map(|(m, _, b)| b.as_ref().map(|b| quote!(pub use super::#m::#b;)));
        let builders = has_builders.then(|| {
            quote! {
                //! Builders for the types of the parent module.
                #(#builder_uses)*
            }
        });
        (file, builders)
    };
    let mut out = Vec::new();
    let error_mod = if errors.is_empty() {
        quote!()
    } else {
        quote!(
            pub mod error;
        )
    };
    let (types_file, types_builders) = index(&types, " Data types used by the operations.", error_mod);
    out.push(("src/types.rs".to_owned(), types_file));
    out.extend(types_builders.map(|b| ("src/types/builders.rs".to_owned(), b)));
    if !errors.is_empty() {
        let (errors_file, errors_builders) = index(&errors, " Errors the operations can return.", quote!());
        out.push(("src/types/error.rs".to_owned(), errors_file));
        out.extend(errors_builders.map(|b| ("src/types/error/builders.rs".to_owned(), b)));
    }
    let ops = ctx.operations().into_iter().map(|op| ident(OperationNames::of(&op.id).module.as_str()));
    let root = if settings.embed.is_some() { embedded_root(ctx) } else { lib_rs(ctx, needs, package) };
    out.push(("src/lib.rs".to_owned(), root));
    out.push(("src/primitives.rs".to_owned(), primitives_index(needs)));
    out.push(("src/config.rs".to_owned(), config_index()));
    out.push((
        "src/operation.rs".to_owned(),
        quote! {
            //! One module per operation: its input, output, builders and error enum.
            #(pub mod #ops;)*
        },
    ));
    out
}

fn primitives_index(needs: &RuntimeNeeds) -> TokenStream {
    let mut names = vec![quote!(UnknownVariantValue)];
    if needs.datetime {
        names.push(quote!(DateTime, DateTimeFormat, ConversionError, DateTimeFormatError, DateTimeParseError));
    }
    if needs.blob {
        names.push(quote!(Blob));
    }
    if needs.document {
        names.push(quote!(Document, Number));
    }
    if needs.big_numbers {
        names.push(quote!(BigDecimal, BigInteger, BigNumberError));
    }
    if needs.byte_stream {
        names.push(quote!(AggregatedBytes, ByteStream, ByteStreamError));
    }
    quote! {
        //! Primitive types the model's shapes use (the runtime crate's).
        pub use ::smithy_client_runtime::primitives::{#(#names),*};
    }
}

/// `src/config.rs`: the runtime's configuration types and the service's
/// endpoint resolver.
fn config_index() -> TokenStream {
    quote! {
        //! Client configuration: region, credentials, endpoint, retries,
        //! timeouts, HTTP client; [`SdkConfig`] and [`load_from_env`] for
        //! configuration shared with other clients.
        pub use ::smithy_client_runtime::config::*;
        pub mod endpoint;
    }
}

fn lib_rs(ctx: &Ctx<'_>, needs: &RuntimeNeeds, package: &str) -> TokenStream {
    let doc = super::front_page::crate_docs(ctx, package);
    let protocol_tests = if needs.protocol_tests {
        quote! {
            #[cfg(feature = "test-util")]
            #[doc(hidden)]
            pub mod protocol_tests;
            #[cfg(feature = "test-util")]
            mod protocol_test_support;
        }
    } else {
        quote!()
    };
    // With waiters, `client` is public for `client::Waiters`, as in the official crates.
    let (client_mod, waiters_mod) = if super::waiter::waiters(ctx).is_empty() {
        (
            quote!(
                mod client;
            ),
            quote!(),
        )
    } else {
        (
            quote!(
                pub mod client;
            ),
            quote!(
                pub mod waiters;
            ),
        )
    };
    quote! {
        #doc
        #![forbid(unsafe_code)]
        #![warn(missing_docs)]
        // The crate itself must use what the model deprecates; users still get the warnings.
        #![allow(deprecated)]

        pub mod config;
        pub use ::smithy_client_runtime::customize;
        pub use ::smithy_client_runtime::error;
        pub use ::smithy_client_runtime::http;
        pub mod operation;
        pub mod primitives;
        #[cfg(feature = "test-util")]
        pub use ::smithy_client_runtime::test_util;
        pub mod types;
        #waiters_mod

        #client_mod
        mod protocol_serde;
        // The runtime's machinery, as `crate::rt` for the generated code.
        use ::smithy_client_runtime::rt;

        pub use self::client::Client;
        pub use self::config::Config;

        #protocol_tests
    }
}

/// The root of a client embedded as a module (`src/clients/sts.rs`): what
/// `lib.rs` declares for a crate, without the crate-level attributes, and
/// with the lints a private client triggers allowed: the host crate uses a
/// few of its operations' builders, getters and errors, not all of them.
fn embedded_root(ctx: &Ctx<'_>) -> TokenStream {
    let title = ctx.service.traits.title.as_deref().unwrap_or(ctx.service.id.name());
    let doc = format!(" A client for {title}, generated for use inside this crate.");
    let deprecated = ctx
        .model
        .shapes()
        .any(|s| s.traits.deprecated.is_some() || s.kind.members().iter().any(|m| m.traits.deprecated.is_some()));
    let allow_deprecated = if deprecated {
        quote!(
            #![allow(deprecated)]
        )
    } else {
        quote!()
    };
    quote! {
        #![doc = #doc]
        #![allow(dead_code)]
        #allow_deprecated

        pub mod config;
        pub use ::smithy_client_runtime::customize;
        pub use ::smithy_client_runtime::error;
        pub use ::smithy_client_runtime::http;
        pub mod operation;
        // Re-exports kept for the crate's layout, whether or not this crate uses them.
        #[allow(unused_imports)]
        pub mod primitives;
        pub mod types;

        mod client;
        mod protocol_serde;
        // The runtime's machinery, as `rt` under the module for the generated code.
        use ::smithy_client_runtime::rt;

        #[allow(unused_imports)]
        pub use self::client::Client;
        #[allow(unused_imports)]
        pub use self::config::Config;
    }
}

fn cargo_toml(package: &str, settings: &Settings, title: &str, needs: &RuntimeNeeds) -> String {
    let description = format!("Client for {title}, generated from its Smithy model.").replace('"', "'");
    let runtime_path = match &settings.runtime {
        RuntimeDependency::Bundled => "runtime".to_owned(),
        RuntimeDependency::Path(path) => path.clone(),
    };
    let features = needs.features().iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ");
    format!(
        r#"[package]
name = "{package}"
version = "{version}"
edition = "2021"
# The default HTTPS client's pure-Rust TLS crypto needs 1.89.
rust-version = "1.89"
description = "{description}"
publish = false

[features]
default = ["default-https-client", "sts", "sso"]
# The built-in HTTPS client: hyper's HTTP/1.1 connections, rustls with a pure-Rust crypto
# provider, Mozilla's roots.
default-https-client = ["{RUNTIME_PACKAGE}/default-https-client"]
# Assume-role and web identity credentials, through the runtime's STS client.
sts = ["{RUNTIME_PACKAGE}/sts"]
# SSO credentials and SSO token refresh, through the runtime's SSO and SSO OIDC clients.
sso = ["{RUNTIME_PACKAGE}/sso"]
# Canned-response HTTP clients for testing code that uses this crate.
test-util = ["{RUNTIME_PACKAGE}/test-util"]
# Spans and debug events through the `tracing` crate (adds tracing and tracing-core).
tracing = ["{RUNTIME_PACKAGE}/tracing"]

[dependencies]
{RUNTIME_PACKAGE} = {{ path = {runtime_path:?}, default-features = false, features = [{features}] }}
serde_json = "1"
"#,
        version = settings.crate_version,
    )
}

fn header(settings: &Settings, comment: &str) -> String {
    format!(
        "{comment} Code generated by codegen from {}. Do not edit.\n{comment} Regenerate with: {}\n",
        settings.model_label, settings.regenerate_command
    )
}

/// Formats one file and adds its header.
///
/// For a client embedded as a module, the file's paths are moved under the
/// module and its doc comments dropped (the module root keeps its own).
pub fn format_file(path: &str, tokens: TokenStream, settings: &Settings) -> Result<String, GenerateError> {
    let tokens = match &settings.embed {
        Some(_) if path != "src/lib.rs" => super::embed::strip_doc_comments(tokens),
        _ => tokens,
    };
    let mut file: syn::File = syn::parse2(tokens)
        .map_err(|e| GenerateError::InvalidOutput { file: path.to_owned(), message: e.to_string() })?;
    match &settings.embed {
        Some(module) => super::embed::move_crate_paths(&mut file, module),
        // A crate of its own: its functions are compiled where they are used.
        // (A module's are used by its host crate, where they are compiled
        // either way.)
        None => super::inline::mark(&mut file),
    }
    let formatted = prettyplease::unparse(&file);
    let mut text = header(settings, "//");
    text.push('\n');
    super::tokens::deferred_docs::restore_into(&mut text, &formatted);
    Ok(text)
}

/// Adds `Cargo.toml`, the bundled runtime (if so configured) and the
/// carried-in protocol test support to the formatted files.
pub fn assemble(
    mut files: BTreeMap<String, String>,
    package: &str,
    ctx: &Ctx<'_>,
    needs: &RuntimeNeeds,
    settings: &Settings,
) -> GeneratedCrate {
    if let Some(module) = &settings.embed {
        // A module of the runtime crate: its files only, placed under the module.
        let files = files.into_iter().map(|(path, text)| (module.relocate(&path), text)).collect();
        return GeneratedCrate { package: package.to_owned(), files };
    }
    if settings.runtime == RuntimeDependency::Bundled {
        files.extend(runtime_files("runtime/", &settings.regenerate_command));
    }
    if needs.protocol_tests {
        files.insert(
            "src/protocol_test_support.rs".to_owned(),
            format!(
                "{}\n{}{}",
                header(settings, "//"),
                PROTOCOL_TEST_SUPPORT,
                if needs.xml { PROTOCOL_TEST_SUPPORT_XML } else { PROTOCOL_TEST_SUPPORT_NO_XML }
            ),
        );
    }
    let title = ctx.service.traits.title.as_deref().unwrap_or(ctx.service.id.name());
    files.insert(
        "Cargo.toml".into(),
        format!("{}\n{}", header(settings, "#"), cargo_toml(package, settings, title, needs)),
    );
    // The generator formats the crate (prettyplease); rustfmt would only fight it.
    files.insert("rustfmt.toml".into(), format!("{}\ndisable_all_formatting = true\n", header(settings, "#")));
    GeneratedCrate { package: package.to_owned(), files }
}
