//! Waiters of `smithy.waiters#waitable` operations: the `Waiters` trait on
//! `Client` (`client.wait_until_<name>()`), and per waiter a module
//! `waiters::<name>` with a fluent builder holding the operation's input
//! setters and `wait(max_wait)`, the acceptors as a static table and the view
//! of the output their expressions read. The polling loop, the backoff and
//! the matching are the runtime's (`rt::waiter`).

use proc_macro2::TokenStream;
use quote::quote;

use super::client::fluent_setters;
use super::jmespath::Analysis;
use super::structure::fields;
use super::tokens::{doc_lines, ident, path};
use super::verbatim::ImplItems;
use super::{Ctx, GenerateError};
use crate::names::{OperationNames, RustType, WaiterNames};
use crate::smithy::waiters::{AcceptorState, Matcher, PathComparator, Waiter};
use crate::smithy::{Shape, ShapeKind};

/// Every waiter of the selected operations, with its operation, by waiter name.
pub fn waiters<'c>(ctx: &'c Ctx<'_>) -> Vec<(&'c Shape, &'c Waiter)> {
    let mut all: Vec<(&Shape, &Waiter)> =
        ctx.operations().into_iter().flat_map(|op| op.traits.waitable.iter().map(move |w| (op, w))).collect();
    all.sort_by(|a, b| a.1.name.cmp(&b.1.name));
    all
}

/// The `Waiters` trait and its implementation for `Client`, for `src/client.rs`.
pub fn emit_waiters_trait(ctx: &Ctx<'_>) -> TokenStream {
    let all = waiters(ctx);
    if all.is_empty() {
        return TokenStream::new();
    }
    let (decls, impls): (Vec<_>, Vec<_>) = all
        .iter()
        .map(|(op, waiter)| {
            let names = WaiterNames::of(&waiter.name);
            let method = ident(names.method.as_str());
            let builder = path(&names.fluent_builder_path());
            let doc = format!(
                " Waits for `{}` by polling `{}`: see [`wait`]({}::wait).",
                waiter.name,
                op.id.name(),
                names.fluent_builder_path()
            );
            let dep = if waiter.deprecated { quote!(#[deprecated]) } else { quote!() };
            (
                quote! {
                    #[doc = #doc]
                    #dep
                    fn #method(&self) -> #builder;
                },
                quote! {
                    fn #method(&self) -> #builder {
                        #builder::new(::std::sync::Arc::clone(&self.runtime))
                    }
                },
            )
        })
        .unzip();
    quote! {
        /// Waiters: poll an operation until the resource reaches the state
        /// the model describes. Bring the trait into scope to call them:
        ///
        /// ```text
        /// use my_service::client::Waiters;
        /// client.wait_until_thing_exists().name("x").wait(Duration::from_secs(300)).await?;
        /// ```
        pub trait Waiters {
            #(#decls)*
        }

        impl Waiters for Client {
            #(#impls)*
        }
    }
}

/// `src/waiters.rs`: the waiters' modules and the runtime's result types.
pub fn emit_waiters_index(ctx: &Ctx<'_>) -> TokenStream {
    let modules = waiters(ctx).into_iter().map(|(_, w)| ident(WaiterNames::of(&w.name).module.as_str()));
    quote! {
        //! Waiters (see [`Waiters`](crate::client::Waiters)): one module per
        //! waiter, with its fluent builder, and the types waiting returns.
        pub use ::smithy_client_runtime::waiters::{error, FinalPoll};
        #(pub mod #modules;)*
    }
}

fn unsupported(op: &Shape, waiter: &Waiter, problem: impl std::fmt::Display) -> GenerateError {
    GenerateError::Unsupported { shape: op.id.to_string(), problem: format!("waiter `{}`: {problem}", waiter.name) }
}

/// `src/waiters/<waiter>.rs`.
pub fn emit_waiter(ctx: &Ctx<'_>, op: &Shape, waiter: &Waiter) -> Result<(String, TokenStream), GenerateError> {
    let ShapeKind::Operation(operation) = &op.kind else { return Err(unsupported(op, waiter, "not an operation")) };
    let missing = || unsupported(op, waiter, "the operation's input or output has no Rust type");
    let input_shape = ctx.shape(&operation.input).ok_or_else(missing)?;
    let input_symbol = ctx.symbols.type_symbol(&operation.input).ok_or_else(missing)?;
    let output_symbol = ctx.symbols.type_symbol(&operation.output).ok_or_else(missing)?;
    let input_fields = fields(ctx, input_shape)?;
    if input_fields.iter().any(|f| f.ty == RustType::ByteStream) {
        return Err(unsupported(op, waiter, "the input holds a stream, which cannot be sent again"));
    }
    let names = WaiterNames::of(&waiter.name);
    let op_names = OperationNames::of(&op.id);
    let (input_ty, output_ty) = (path(&input_symbol.path()), path(&output_symbol.path()));
    let input_builder = path(&input_symbol.builder_path());
    let error_ty = path(&op_names.error_path());
    let spec = path(&op_names.spec_path());
    let builder = ident(&names.fluent_builder);
    let final_poll = ident(&names.final_poll);
    let error_alias = ident(&names.error);

    let mut analysis = Analysis::new(ctx, vec![operation.input.clone(), operation.output.clone()]);
    let mut acceptors = Vec::new();
    let (mut reads_output, mut reads_input_output) = (false, false);
    for acceptor in &waiter.acceptors {
        let state = match acceptor.state {
            AcceptorState::Success => quote!(Success),
            AcceptorState::Failure => quote!(Failure),
            AcceptorState::Retry => quote!(Retry),
        };
        let acceptor = match &acceptor.matcher {
            Matcher::Success(b) => quote!(Acceptor::success(#state, #b)),
            Matcher::ErrorType(code) => quote!(Acceptor::error_type(#state, #code)),
            Matcher::Output(m) | Matcher::InputOutput(m) => {
                let input_output = matches!(acceptor.matcher, Matcher::InputOutput(_));
                let root = if input_output { None } else { Some(1) };
                analysis
                    .check(&m.path, root)
                    .map_err(|e| unsupported(op, waiter, format!("the expression `{}` {e}", m.path)))?;
                reads_output |= !input_output;
                reads_input_output |= input_output;
                let comparator = match m.comparator {
                    PathComparator::StringEquals => quote!(crate::rt::waiter::Comparator::StringEquals),
                    PathComparator::BooleanEquals => quote!(crate::rt::waiter::Comparator::BooleanEquals),
                    PathComparator::AllStringEquals => quote!(crate::rt::waiter::Comparator::AllStringEquals),
                    PathComparator::AnyStringEquals => quote!(crate::rt::waiter::Comparator::AnyStringEquals),
                };
                let (path, expected) = (&m.path, &m.expected);
                let constructor = if input_output { quote!(input_output) } else { quote!(output) };
                quote!(Acceptor::#constructor(#state, #path, #comparator, #expected))
            }
        };
        acceptors.push(acceptor);
    }
    let view_error = |e: String| unsupported(op, waiter, e);
    let output_view = if reads_output {
        let body = analysis.view(1, quote!(output)).map_err(view_error)?;
        quote!(output_view: |output: &#output_ty| #body,)
    } else {
        quote!(output_view: |_| Value::Null,)
    };
    let input_output_view = if reads_input_output {
        let input = analysis.view(0, quote!(input)).map_err(view_error)?;
        let output = analysis.view(1, quote!(output)).map_err(view_error)?;
        quote!(input_output_view: |input: &#input_ty, output: &#output_ty| {
            Value::object([("input", #input), ("output", #output)])
        },)
    } else {
        quote!(input_output_view: |_, _| Value::Null,)
    };

    let build = if input_fields.iter().any(|f| f.required) {
        quote!(self.inner.build().map_err(crate::waiters::error::WaiterError::construction_failure)?)
    } else {
        quote!(self.inner.build())
    };
    let mut setters = ImplItems::default();
    fluent_setters(&mut setters, &input_fields)?;
    let setters = setters.into_tokens();
    let (name, op_name) = (&waiter.name, op.id.name());
    let (min_delay, max_delay) = (waiter.min_delay, waiter.max_delay);
    let intro = waiter.documentation.as_deref().map(|d| {
        let lines = doc_lines(d);
        quote!(#lines #[doc = ""])
    });
    let doc = format!(" Waits for `{name}` by polling `{op_name}`: set the input, then call [`wait`](Self::wait).");
    let module_doc = format!(" The `{name}` waiter of `{op_name}`.");
    let wait_doc = format!(
        " Polls `{op_name}` until the resource reaches the waiter's success state, \
         waiting between polls from {min_delay} s up to {max_delay} s (doubling, with jitter), \
         and at most `max_wait` in all."
    );
    let dep = if waiter.deprecated { quote!(#[deprecated]) } else { quote!() };
    let tokens = quote! {
        #![doc = #module_doc]

        use crate::rt::jmespath::Value;
        use crate::rt::waiter::State::*;
        use crate::rt::waiter::{Acceptor, Waiter};

        /// The last poll of a waiter that reached its success state.
        pub type #final_poll = crate::waiters::FinalPoll<#output_ty, crate::error::SdkError<#error_ty>>;

        /// Why the waiter stopped without reaching its success state.
        pub type #error_alias = crate::waiters::error::WaiterError<#output_ty, #error_ty>;

        #intro
        #[doc = #doc]
        #[derive(::std::clone::Clone, ::std::fmt::Debug)]
        #dep
        pub struct #builder {
            runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>,
            inner: #input_builder,
        }

        #[allow(clippy::should_implement_trait)]
        impl #builder {
            pub(crate) fn new(runtime: ::std::sync::Arc<crate::rt::orchestrator::Runtime>) -> Self {
                #builder { runtime, inner: ::std::default::Default::default() }
            }

            /// The input as set so far.
            pub fn as_input(&self) -> &#input_builder {
                &self.inner
            }

            #[doc = #wait_doc]
            ///
            /// Returns the final poll when an acceptor reaches the success
            /// state; fails when one reaches a failure state (the error names
            /// it), when a poll fails with an error no acceptor expects, or
            /// when `max_wait` elapses.
            pub async fn wait(self, max_wait: ::std::time::Duration) -> ::std::result::Result<#final_poll, #error_alias> {
                let input = #build;
                let runtime = self.runtime;
                let poll = |input: #input_ty| -> crate::rt::waiter::PollFuture<#output_ty, #error_ty> {
                    let runtime = ::std::sync::Arc::clone(&runtime);
                    ::std::boxed::Box::pin(async move {
                        crate::rt::orchestrator::invoke::<#spec>(&runtime, &crate::protocol_serde::SERVICE, input).await
                    })
                };
                crate::rt::waiter::wait(&WAITER, runtime.config(), max_wait, input, poll).await
            }

            #setters
        }

        /// The waiter as the model defines it.
        static WAITER: Waiter<#input_ty, #output_ty> = Waiter {
            name: #name,
            min_delay: #min_delay,
            max_delay: #max_delay,
            acceptors: &[#(#acceptors),*],
            #output_view
            #input_output_view
        };
    };
    Ok((names.file(), tokens))
}
