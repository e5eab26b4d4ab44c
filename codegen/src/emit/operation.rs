//! One module per operation: its input and output re-exported, its builders
//! module, its error enum and, when it pages, its paginator module.

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

use super::errors::emit_operation_error;
use super::plan::OperationPlan;
use super::tokens::{ident, inner_docs};
use super::{Ctx, GenerateError};
use crate::names::OperationNames;
use crate::smithy::{Shape, ShapeKind};

/// Files of the operation module: `src/operation/<op>.rs` and its `builders.rs`.
pub fn emit_operation(
    ctx: &Ctx<'_>,
    op: &Shape,
    plan: &OperationPlan<'_>,
) -> Result<Vec<(String, TokenStream)>, GenerateError> {
    let ShapeKind::Operation(operation) = &op.kind else { return Ok(Vec::new()) };
    let names = OperationNames::of(&op.id);
    let input = ctx.symbols.type_symbol(&operation.input);
    let output = ctx.symbols.type_symbol(&operation.output);
    let (Some(input), Some(output)) = (input, output) else {
        return Err(GenerateError::Unsupported {
            shape: op.id.to_string(),
            problem: "operation without input or output structure".into(),
        });
    };
    let (in_mod, out_mod) = (ident(&input.file_module()), ident(&output.file_module()));
    let (in_name, out_name) = (ident(&input.name), ident(&output.name));
    let (in_builder, out_builder) = (format_ident!("{}Builder", input.name), format_ident!("{}Builder", output.name));
    let doc = inner_docs(&op.traits, &format!("The `{}` operation.", op.id.name()));
    let error = emit_operation_error(ctx, op);
    let paginator_mod = plan.pagination.as_ref().map(|_| {
        quote!(
            pub mod paginator;
        )
    });
    let module_file = quote! {
        #doc
        mod #in_mod;
        mod #out_mod;
        pub mod builders;
        #paginator_mod

        pub use self::#in_mod::#in_name;
        pub use self::#out_mod::#out_name;

        #error
    };
    let fluent = super::client::emit_fluent_builder(ctx, op, plan.pagination.as_ref())?;
    let builders_file = quote! {
        //! Builders for the operation's input and output, and its fluent builder.
        pub use super::#in_mod::#in_builder;
        pub use super::#out_mod::#out_builder;

        #fluent
    };
    let mut files = vec![(names.module_file(), module_file), (names.builders_file(), builders_file)];
    if let Some(pagination) = &plan.pagination {
        files.push((names.paginator_file(), super::paginator::emit_paginator(plan, pagination)));
    }
    Ok(files)
}
