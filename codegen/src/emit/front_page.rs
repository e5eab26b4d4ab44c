//! The generated crate's front page (its crate-level docs): what the service
//! is, how to start (a call of one of its operations, compiled as a
//! doctest), the Cargo features, and one line per operation.

use std::fmt::Write as _;

use proc_macro2::TokenStream;

use super::Ctx;
use super::docs::html_to_markdown;
use super::structure::{Field, fields};
use crate::names::{OperationNames, RustType, variant_name};
use crate::smithy::{Shape, ShapeKind};

/// `#![doc = …]` lines of the crate's front page.
pub fn crate_docs(ctx: &Ctx<'_>, package: &str) -> TokenStream {
    super::tokens::inner_doc_lines(&markdown(ctx, package))
}

/// The front page as Markdown.
pub fn markdown(ctx: &Ctx<'_>, package: &str) -> String {
    let title = ctx.service.traits.title.as_deref().unwrap_or(ctx.service.id.name());
    let krate = package.replace('-', "_");
    let operations = ctx.operations();
    let mut page = String::new();
    let about = ctx
        .service
        .traits
        .documentation
        .as_deref()
        .map(html_to_markdown)
        .and_then(|markdown| first_paragraph(&markdown))
        .unwrap_or_else(|| format!("A client for {title}."));
    let _ = writeln!(page, "{about}\n");
    let _ = writeln!(
        page,
        "This crate is a client for {title}, generated from the service's Smithy model; \
         its types have the names and module paths of the official `aws-sdk-*` crate.\n"
    );

    page.push_str("## Getting started\n\n");
    page.push_str("Add the crate and an async runtime to `Cargo.toml`:\n\n```toml\n[dependencies]\n");
    let _ = writeln!(page, "{package} = {{ path = \"path/to/{package}\" }}");
    page.push_str("tokio = { version = \"1\", features = [\"macros\", \"rt-multi-thread\"] }\n```\n\n");
    page.push_str(
        "Load the configuration as the AWS CLI does (region and credentials from the \
         environment and the shared AWS files), make a client, and call an operation:\n\n",
    );
    match operations.iter().copied().filter(|op| op.traits.deprecated.is_none()).min_by_key(|op| example_rank(ctx, op))
    {
        Some(op) => page.push_str(&example(ctx, op, &krate)),
        None => {
            let _ = writeln!(
                page,
                "```no_run\n# async fn example() {{\nlet sdk_config = {krate}::config::load_from_env().await;\n\
                 let client = {krate}::Client::new(&sdk_config);\n# let _ = client;\n# }}\n```\n"
            );
        }
    }
    page.push_str(
        "Every operation's builder also has `customize()`, to change the request \
         (`mutate_request`) or the configuration (`config_override`) of one call; \
         see [`customize`].\n\n",
    );

    page.push_str("## Cargo features\n\n");
    page.push_str("- `default-https-client` (on by default): the built-in HTTPS client (hyper, rustls).\n");
    page.push_str("- `test-util`: canned-response HTTP clients for testing code that uses this crate.\n");
    page.push_str(
        "- `tracing`: a span per operation and per attempt, and debug events, through the `tracing` crate \
         (never bodies, credentials or sensitive values).\n\n",
    );

    page.push_str("## Operations\n\n");
    for op in &operations {
        let names = OperationNames::of(&op.id);
        let method = names.client_method.as_str();
        let bare = method.strip_prefix("r#").unwrap_or(method);
        let summary = op
            .traits
            .documentation
            .as_deref()
            .map(html_to_markdown)
            .and_then(|markdown| first_sentence(&markdown))
            .unwrap_or_else(|| format!("Calls `{}`.", op.id.name()));
        let deprecated = if op.traits.deprecated.is_some() { " (deprecated)" } else { "" };
        let _ = writeln!(page, "- [`{bare}`](crate::Client::{bare}){deprecated}: {summary}");
    }
    page
}

/// Prefers an operation that reads (`List`, `Get`, `Describe`) and whose
/// required input the example can fill entirely, then fewer required members.
fn example_rank(ctx: &Ctx<'_>, op: &Shape) -> (bool, bool, usize, String) {
    let name = op.id.name();
    let reads = ["List", "Get", "Describe"].iter().any(|p| name.starts_with(p));
    let required = input_fields(ctx, op).map(|f| f.into_iter().filter(|f| f.required).collect::<Vec<_>>());
    let (fillable, count) = match &required {
        Some(required) => (required.iter().all(|f| example_value(ctx, f).is_some()), required.len()),
        None => (false, usize::MAX),
    };
    (!fillable, !reads, count, name.to_owned())
}

fn input_fields<'a>(ctx: &Ctx<'a>, op: &'a Shape) -> Option<Vec<Field<'a>>> {
    let ShapeKind::Operation(operation) = &op.kind else { return None };
    let input = ctx.model.shape(&operation.input)?;
    fields(ctx, input).ok()
}

/// The getting-started doctest: a call of `op` with its required members set,
/// and a `match` on its error.
fn example(ctx: &Ctx<'_>, op: &Shape, krate: &str) -> String {
    let names = OperationNames::of(&op.id);
    let method = names.client_method.as_str();
    let module = names.module.as_str();
    let mut setters = String::new();
    for field in input_fields(ctx, op).unwrap_or_default().iter().filter(|f| f.required) {
        if let Some(value) = example_value(ctx, field) {
            let value = value.replace("crate::", &format!("{krate}::"));
            let _ = write!(setters, "\n    .{}({value})", field.name);
        }
    }
    // An error a caller would handle: a missing resource or bad input, else the first.
    let errors: Vec<_> = match &op.kind {
        ShapeKind::Operation(operation) => {
            operation.errors.iter().filter_map(|id| ctx.symbols.type_symbol(id)).collect()
        }
        _ => Vec::new(),
    };
    let first_error = ["NotFound", "Validation"]
        .iter()
        .find_map(|want| errors.iter().find(|symbol| symbol.name.contains(want)))
        .or(errors.first())
        .copied();
    let error_type = &names.error;
    let (import, handling) = match first_error {
        Some(symbol) => {
            let variant = variant_name(&symbol.name);
            (
                format!("use {krate}::operation::{module}::{error_type};\n"),
                format!(
                    "    Err(err) => match err.into_service_error() {{\n        \
                     {error_type}::{variant}(e) => eprintln!(\"{variant}: {{e}}\"),\n        \
                     other => eprintln!(\"the call failed: {{other}}\"),\n    }},\n"
                ),
            )
        }
        None => (
            String::new(),
            "    Err(err) => eprintln!(\"the call failed: {}\", err.into_service_error()),\n".to_owned(),
        ),
    };
    format!(
        "```no_run\n{import}\n# async fn example() {{\n\
         let sdk_config = {krate}::config::load_from_env().await;\n\
         let client = {krate}::Client::new(&sdk_config);\n\
         let result = client\n    .{method}(){setters}\n    .send()\n    .await;\n\
         match result {{\n    Ok(output) => println!(\"{{output:?}}\"),\n{handling}}}\n# }}\n```\n\n"
    )
}

/// A plausible value for a member the example sets, as Rust source with
/// `crate::` paths; `None` for kinds it does not make up (structures, lists,
/// timestamps, blobs, …).
fn example_value(ctx: &Ctx<'_>, field: &Field<'_>) -> Option<String> {
    if field.member.traits.deprecated.is_some() {
        return None;
    }
    let bare = field.name.strip_prefix("r#").unwrap_or(&field.name);
    Some(match &field.ty {
        RustType::String => format!("\"my-{}\"", bare.replace('_', "-")),
        RustType::Bool => "true".to_owned(),
        RustType::I8 => "1i8".to_owned(),
        RustType::I16 => "10i16".to_owned(),
        RustType::I32 => "10".to_owned(),
        RustType::I64 => "10i64".to_owned(),
        RustType::F32 => "1.0f32".to_owned(),
        RustType::F64 => "1.0f64".to_owned(),
        RustType::Named(path) => {
            let ShapeKind::Enum(values) = &ctx.model.shape(&field.member.target)?.kind else { return None };
            let value = values.iter().find(|v| v.traits.deprecated.is_none())?;
            format!("{path}::{}", variant_name(&value.name))
        }
        _ => return None,
    })
}

/// The first paragraph of Markdown text, when it is plain prose (not a
/// heading, list, table, quote or code block).
fn first_paragraph(markdown: &str) -> Option<String> {
    let lines: Vec<&str> =
        markdown.lines().map(str::trim).skip_while(|l| l.is_empty()).take_while(|l| !l.is_empty()).collect();
    let first = lines.first()?;
    if ["#", "-", "*", "|", ">", "```", "<", "1."].iter().any(|p| first.starts_with(p)) {
        return None;
    }
    let paragraph = lines.join(" ");
    balanced(&paragraph).then_some(paragraph)
}

/// The first sentence of the first paragraph, for a one-line summary.
fn first_sentence(markdown: &str) -> Option<String> {
    let paragraph = first_paragraph(markdown)?;
    let (mut in_code, mut depth) = (false, 0i32);
    let bytes = paragraph.as_bytes();
    for (i, &b) in bytes.iter().enumerate() {
        match b {
            b'`' => in_code = !in_code,
            b'[' | b'(' if !in_code => depth += 1,
            b']' | b')' if !in_code => depth -= 1,
            b'.' if !in_code && depth == 0 && bytes.get(i + 1).is_none_or(|&n| n == b' ') => {
                return Some(paragraph[..=i].to_owned());
            }
            _ => {}
        }
    }
    Some(paragraph)
}

/// Whether code quotes and brackets pair up, so a cut text stays valid Markdown.
fn balanced(text: &str) -> bool {
    let (mut in_code, mut depth) = (false, 0i32);
    for b in text.bytes() {
        match b {
            b'`' => in_code = !in_code,
            b'[' | b'(' if !in_code => depth += 1,
            b']' | b')' if !in_code => depth -= 1,
            _ => {}
        }
        if depth < 0 {
            return false;
        }
    }
    !in_code && depth == 0
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn summaries_end_at_the_first_full_stop_outside_code_and_links() {
        assert_eq!(first_sentence("Lists things. Then more.").as_deref(), Some("Lists things."));
        assert_eq!(first_sentence("Uses `a. b` here. Next.").as_deref(), Some("Uses `a. b` here."));
        assert_eq!(
            first_sentence("See [the guide. v2](https://x.example/a.b). Next.").as_deref(),
            Some("See [the guide. v2](https://x.example/a.b).")
        );
        assert_eq!(first_sentence("No full stop").as_deref(), Some("No full stop"));
        assert_eq!(first_sentence("Version 1.2 is out. Yes.").as_deref(), Some("Version 1.2 is out."));
    }

    #[test]
    fn only_plain_first_paragraphs_are_taken() {
        assert_eq!(first_paragraph("\nFirst line\nsecond line.\n\nNext.").as_deref(), Some("First line second line."));
        assert_eq!(first_paragraph("# Heading\n\nText."), None);
        assert_eq!(first_paragraph("- a list"), None);
        assert_eq!(first_paragraph("Unclosed `code"), None);
        assert_eq!(first_paragraph(""), None);
    }
}
