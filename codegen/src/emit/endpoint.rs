//! Endpoint resolution compiled from `smithy.rules#endpointRuleSet` into
//! plain Rust (labelled blocks, one per rule); the model's
//! `smithy.rules#endpointTests` become its tests (`endpoint_tests`).

use proc_macro2::{Ident, Literal, TokenStream};
use quote::{format_ident, quote};
use serde_json::Value as Json;

use super::tokens::{doc_lines, ident};
use super::{Ctx, GenerateError};
use crate::names::{escape_ident, snake};
use crate::smithy::rules::{
    Call, Condition, EndpointSpec, Expr, Parameter, ParameterType, Rule, RuleKind, Template, TemplatePart,
};

/// The type of a compiled expression.
#[derive(Debug, Clone, PartialEq, Eq)]
enum Ty {
    Bool,
    Str,
    StrArray,
    Partition,
    Url,
    Arn,
}

/// A compiled expression: tokens, type, and whether it is an `Option`.
#[derive(Debug, Clone)]
struct Val {
    tokens: TokenStream,
    ty: Ty,
    optional: bool,
}

/// Where a name refers to.
#[derive(Debug, Clone)]
struct Binding {
    name: String,
    val: Val,
}

struct Compiler<'a> {
    params: &'a [Parameter],
    scope: Vec<Binding>,
    labels: usize,
    temps: usize,
    shape: String,
}

/// `src/config/endpoint.rs`: `Params`, `Params::from_config`, the resolver and its tests.
pub fn emit_endpoint_module(ctx: &Ctx<'_>) -> Result<TokenStream, GenerateError> {
    let shape = ctx.service.id.to_string();
    let Some(rules) = &ctx.service.traits.endpoint_rule_set else {
        return Ok(no_rules_module());
    };
    check_built_in_types(&shape, &rules.parameters)?;
    let params_struct = params_struct(&rules.parameters);
    let mut compiler = Compiler { params: &rules.parameters, scope: Vec::new(), labels: 0, temps: 0, shape };
    let body = compiler.rules(&rules.rules)?;
    let tests = match &ctx.service.traits.endpoint_tests {
        Some(tests) => super::endpoint_tests::emit_endpoint_tests(ctx, rules, tests)?,
        None => TokenStream::new(),
    };
    Ok(quote! {
        //! Endpoint resolution, compiled from the service's endpoint rules.

        pub use crate::rt::endpoint_lib::ResolveEndpointError;
        #[allow(unused_imports)]
        use crate::rt::endpoint_lib::{Endpoint, Value};

        #params_struct

        /// Resolves the endpoint for `p` by the service's rules.
        #[allow(
            unreachable_code,
            unused_variables,
            unused_labels,
            clippy::needless_return,
            clippy::bool_comparison,
            clippy::redundant_locals,
            clippy::nonminimal_bool,
            clippy::useless_format,
            clippy::comparison_to_empty,
            clippy::get_first
        )]
        pub(crate) fn resolve_endpoint(p: &Params) -> ::std::result::Result<Endpoint, ResolveEndpointError> {
            #body
            ::std::result::Result::Err(ResolveEndpointError::message("no endpoint rule matched these parameters"))
        }

        #tests
    })
}

fn no_rules_module() -> TokenStream {
    quote! {
        //! Endpoint resolution. The model has no endpoint rules, so requests go to
        //! the configured `endpoint_url`.

        pub use crate::rt::endpoint_lib::ResolveEndpointError;
        use crate::rt::endpoint_lib::Endpoint;

        /// Endpoint parameters.
        #[derive(Clone, Debug, Default, PartialEq)]
        pub(crate) struct Params {
            pub(crate) endpoint: ::std::option::Option<::std::string::String>,
        }

        impl Params {
            pub(crate) fn from_config(config: &crate::config::Config) -> Self {
                Params { endpoint: config.endpoint_url().map(::std::borrow::ToOwned::to_owned) }
            }
        }

        pub(crate) fn resolve_endpoint(p: &Params) -> ::std::result::Result<Endpoint, ResolveEndpointError> {
            match &p.endpoint {
                ::std::option::Option::Some(url) => ::std::result::Result::Ok(Endpoint::from_url(url.clone())),
                ::std::option::Option::None => ::std::result::Result::Err(ResolveEndpointError::message(
                    "the service model has no endpoint rules: set the endpoint with `Config::builder().endpoint_url(...)`",
                )),
            }
        }
    }
}

/// Refuses a parameter bound to a built-in the client fills (`from_config`,
/// and the account id from the call's credentials) whose declared type is
/// not the built-in's: the values filled in would not fit its field.
fn check_built_in_types(shape: &str, params: &[Parameter]) -> Result<(), GenerateError> {
    for p in params {
        let expected = match p.built_in.as_deref() {
            Some("AWS::Region" | "SDK::Endpoint" | "AWS::Auth::AccountId" | "AWS::Auth::AccountIdEndpointMode") => {
                ParameterType::String
            }
            Some("AWS::UseFIPS" | "AWS::UseDualStack") => ParameterType::Boolean,
            _ => continue,
        };
        if p.kind != expected {
            return Err(GenerateError::Unsupported {
                shape: shape.to_owned(),
                problem: format!(
                    "endpoint rules: the parameter `{}` is bound to the built-in `{}`, which is a {expected:?}, but is declared a {:?}",
                    p.name,
                    p.built_in.as_deref().unwrap_or_default(),
                    p.kind
                ),
            });
        }
    }
    Ok(())
}

/// The field of `Params` holding `p`.
pub(super) fn param_field(p: &Parameter) -> Ident {
    ident(&escape_ident(&snake(&p.name)))
}

/// Whether the field is a plain value (required with a default) or an `Option`.
pub(super) fn param_is_plain(p: &Parameter) -> bool {
    p.required && p.default.is_some()
}

fn params_struct(params: &[Parameter]) -> TokenStream {
    let fields = params.iter().map(|p| {
        let name = param_field(p);
        let ty = match p.kind {
            ParameterType::Boolean => quote!(bool),
            ParameterType::String => quote!(::std::string::String),
            ParameterType::StringArray => quote!(::std::vec::Vec<::std::string::String>),
        };
        let ty = if param_is_plain(p) { ty } else { quote!(::std::option::Option<#ty>) };
        let doc = doc_lines(&format!(
            "`{}`{}",
            p.name,
            p.built_in.as_deref().map(|b| format!(" (built-in `{b}`)")).unwrap_or_default()
        ));
        quote!(#doc pub(crate) #name: #ty,)
    });
    let from_config = params.iter().map(|p| {
        let name = param_field(p);
        // Built-ins with a value in every configuration, then optional ones.
        let definite = match p.built_in.as_deref() {
            Some("AWS::UseFIPS") => Some(quote!(config.use_fips())),
            Some("AWS::UseDualStack") => Some(quote!(config.use_dual_stack())),
            Some("AWS::Auth::AccountIdEndpointMode") => {
                Some(quote!(::std::borrow::ToOwned::to_owned(config.account_id_endpoint_mode().as_str())))
            }
            _ => None,
        };
        let value = match (definite, param_is_plain(p)) {
            (Some(v), true) => v,
            (Some(v), false) => quote!(::std::option::Option::Some(#v)),
            (None, _) => {
                let optional = match p.built_in.as_deref() {
                    Some("AWS::Region") => Some(quote!(config.region().map(|r| r.as_str().to_owned()))),
                    Some("SDK::Endpoint") => Some(quote!(config.endpoint_url().map(::std::borrow::ToOwned::to_owned))),
                    _ => None,
                };
                with_default(p, optional)
            }
        };
        quote!(#name: #value,)
    });
    quote! {
        /// The endpoint rules' parameters.
        #[derive(Clone, Debug, PartialEq)]
        pub(crate) struct Params {
            #(#fields)*
        }

        impl Params {
            /// Parameters bound to built-ins, from the client configuration.
            pub(crate) fn from_config(config: &crate::config::Config) -> Self {
                Params { #(#from_config)* }
            }
        }
    }
}

/// A parameter's value from an `Option` expression (`None` when known to be
/// absent), with the parameter's default applied.
pub(super) fn with_default(p: &Parameter, value: Option<TokenStream>) -> TokenStream {
    let default = match &p.default {
        Some(Json::Bool(b)) => Some(quote!(#b)),
        Some(Json::String(s)) => Some(quote!(::std::string::String::from(#s))),
        _ => None,
    };
    match (value, default, param_is_plain(p)) {
        (Some(v), None, _) => v,
        (None, None, _) => quote!(::std::option::Option::None),
        (None, Some(d), true) => d,
        (None, Some(d), false) => quote!(::std::option::Option::Some(#d)),
        (Some(v), Some(d), true) => quote!(#v.unwrap_or_else(|| #d)),
        (Some(v), Some(d), false) => quote!(#v.or_else(|| ::std::option::Option::Some(#d))),
    }
}

impl Compiler<'_> {
    fn unsupported(&self, what: String) -> GenerateError {
        GenerateError::Unsupported { shape: self.shape.clone(), problem: format!("endpoint rules: {what}") }
    }

    fn rules(&mut self, rules: &[Rule]) -> Result<TokenStream, GenerateError> {
        let mut out = TokenStream::new();
        for rule in rules {
            out.extend(self.rule(rule)?);
        }
        Ok(out)
    }

    fn rule(&mut self, rule: &Rule) -> Result<TokenStream, GenerateError> {
        let label = syn_label(self.labels);
        self.labels += 1;
        let saved = self.scope.len();
        let mut body = TokenStream::new();
        for condition in &rule.conditions {
            body.extend(self.condition(condition, &label)?);
        }
        body.extend(match &rule.kind {
            RuleKind::Endpoint(spec) => self.endpoint(spec, &label)?,
            RuleKind::Error(message) => {
                let (stmts, text) = self.string(message, &label)?;
                quote!(#stmts return ::std::result::Result::Err(ResolveEndpointError::message(#text));)
            }
            RuleKind::Tree(rules) => {
                let nested = self.rules(rules)?;
                quote! {
                    #nested
                    return ::std::result::Result::Err(ResolveEndpointError::message("no endpoint rule matched these parameters"));
                }
            }
        });
        self.scope.truncate(saved);
        Ok(quote!(#label: { #body }))
    }

    fn temp(&mut self) -> Ident {
        self.temps += 1;
        format_ident!("v{}", self.temps)
    }

    /// Binds `val` to a fresh local (unwrapping an `Option`, breaking when absent).
    fn bind(&mut self, val: Val, label: &syn_lifetime::Label) -> (TokenStream, Val) {
        let var = self.temp();
        let tokens = &val.tokens;
        let stmt = if val.optional {
            quote!(let ::std::option::Option::Some(#var) = #tokens else { break #label; };)
        } else {
            quote!(let #var = #tokens;)
        };
        (stmt, Val { tokens: quote!(#var), ty: val.ty, optional: false })
    }

    fn condition(&mut self, c: &Condition, label: &syn_lifetime::Label) -> Result<TokenStream, GenerateError> {
        // isSet(Ref) narrows the reference for the rest of the rule.
        if c.call.function == "isSet" {
            if let [Expr::Ref(name)] = c.call.argv.as_slice() {
                let val = self.reference(name)?;
                if !val.optional {
                    return Ok(TokenStream::new());
                }
                let (stmt, bound) = self.bind(val, label);
                self.scope.push(Binding { name: name.clone(), val: bound.clone() });
                if let Some(assign) = &c.assign {
                    self.scope.push(Binding {
                        name: assign.clone(),
                        val: Val { tokens: quote!(true), ty: Ty::Bool, optional: false },
                    });
                }
                return Ok(stmt);
            }
        }
        let (mut stmts, val) = self.call(&c.call, label)?;
        match (val.optional, val.ty == Ty::Bool) {
            (true, _) => {
                let (stmt, bound) = self.bind(val, label);
                stmts.extend(stmt);
                if bound.ty == Ty::Bool {
                    let t = &bound.tokens;
                    stmts.extend(quote!(if !#t { break #label; }));
                }
                if let Some(assign) = &c.assign {
                    self.scope.push(Binding { name: assign.clone(), val: bound });
                }
            }
            (false, true) => {
                let (stmt, bound) = self.bind(val, label);
                stmts.extend(stmt);
                let t = &bound.tokens;
                stmts.extend(quote!(if !#t { break #label; }));
                if let Some(assign) = &c.assign {
                    self.scope.push(Binding { name: assign.clone(), val: bound });
                }
            }
            (false, false) => {
                let (stmt, bound) = self.bind(val, label);
                stmts.extend(stmt);
                if let Some(assign) = &c.assign {
                    self.scope.push(Binding { name: assign.clone(), val: bound });
                }
            }
        }
        Ok(stmts)
    }

    fn reference(&self, name: &str) -> Result<Val, GenerateError> {
        if let Some(b) = self.scope.iter().rev().find(|b| b.name == name) {
            return Ok(b.val.clone());
        }
        let p = self
            .params
            .iter()
            .find(|p| p.name == name)
            .ok_or_else(|| self.unsupported(format!("unknown reference `{name}`")))?;
        let field = param_field(p);
        let plain = param_is_plain(p);
        Ok(match p.kind {
            ParameterType::Boolean => Val { tokens: quote!(p.#field), ty: Ty::Bool, optional: !plain },
            ParameterType::String if plain => Val { tokens: quote!(p.#field.as_str()), ty: Ty::Str, optional: false },
            ParameterType::String => Val { tokens: quote!(p.#field.as_deref()), ty: Ty::Str, optional: true },
            ParameterType::StringArray if plain => Val { tokens: quote!(&p.#field), ty: Ty::StrArray, optional: false },
            ParameterType::StringArray => Val { tokens: quote!(p.#field.as_ref()), ty: Ty::StrArray, optional: true },
        })
    }

    /// Compiles an argument; optional values are unwrapped (breaking when absent).
    fn arg(&mut self, e: &Expr, label: &syn_lifetime::Label) -> Result<(TokenStream, Val), GenerateError> {
        let (mut stmts, val) = self.expr(e, label)?;
        if val.optional {
            let (stmt, bound) = self.bind(val, label);
            stmts.extend(stmt);
            return Ok((stmts, bound));
        }
        Ok((stmts, val))
    }

    fn expr(&mut self, e: &Expr, label: &syn_lifetime::Label) -> Result<(TokenStream, Val), GenerateError> {
        match e {
            Expr::Ref(name) => Ok((TokenStream::new(), self.reference(name)?)),
            Expr::Bool(b) => Ok((TokenStream::new(), Val { tokens: quote!(#b), ty: Ty::Bool, optional: false })),
            Expr::String(t) => {
                let (stmts, text) = self.string_expr(t, label)?;
                Ok((stmts, Val { tokens: text, ty: Ty::Str, optional: false }))
            }
            Expr::Call(call) => self.call(call, label),
            Expr::Int(_) | Expr::Array(_) | Expr::Object(_) => {
                Err(self.unsupported(format!("unexpected literal {e:?} as an argument")))
            }
        }
    }

    /// A string template as a `&str` expression.
    fn string_expr(
        &mut self,
        t: &Template,
        label: &syn_lifetime::Label,
    ) -> Result<(TokenStream, TokenStream), GenerateError> {
        if let Some(lit) = t.as_literal() {
            return Ok((TokenStream::new(), quote!(#lit)));
        }
        let (stmts, owned) = self.string(&Expr::String(t.clone()), label)?;
        let var = self.temp();
        Ok((quote!(#stmts let #var = #owned;), quote!(#var.as_str())))
    }

    /// A string-valued expression as an owned `String` expression.
    fn string(&mut self, e: &Expr, label: &syn_lifetime::Label) -> Result<(TokenStream, TokenStream), GenerateError> {
        let Expr::String(t) = e else {
            let (stmts, val) = self.arg(e, label)?;
            let t = &val.tokens;
            return Ok((stmts, quote!(::std::string::ToString::to_string(#t))));
        };
        let mut stmts = TokenStream::new();
        let mut fmt = String::new();
        let mut args = Vec::new();
        for part in &t.0 {
            match part {
                TemplatePart::Literal(s) => fmt.push_str(&s.replace('{', "{{").replace('}', "}}")),
                TemplatePart::Ref(name) => {
                    let (s, val) = self.arg(&Expr::Ref(name.clone()), label)?;
                    stmts.extend(s);
                    fmt.push_str("{}");
                    args.push(val.tokens);
                }
                TemplatePart::Attr(name, path) => {
                    let call = Call {
                        function: "getAttr".into(),
                        argv: vec![
                            Expr::Ref(name.clone()),
                            Expr::String(Template(vec![TemplatePart::Literal(path.clone())])),
                        ],
                    };
                    let (s, val) = self.arg(&Expr::Call(call), label)?;
                    stmts.extend(s);
                    fmt.push_str("{}");
                    args.push(val.tokens);
                }
            }
        }
        if args.is_empty() {
            return Ok((stmts, quote!(::std::string::String::from(#fmt))));
        }
        Ok((stmts, quote!(::std::format!(#fmt, #(#args),*))))
    }

    fn call(&mut self, call: &Call, label: &syn_lifetime::Label) -> Result<(TokenStream, Val), GenerateError> {
        let argv = &call.argv;
        let lib = quote!(crate::rt::endpoint_lib);
        let arity = |n: usize| -> Result<(), GenerateError> {
            if argv.len() == n {
                Ok(())
            } else {
                Err(self.unsupported(format!("`{}` takes {n} arguments, got {}", call.function, argv.len())))
            }
        };
        let plain = |tokens: TokenStream, ty: Ty| Val { tokens, ty, optional: false };
        let opt = |tokens: TokenStream, ty: Ty| Val { tokens, ty, optional: true };
        match call.function.as_str() {
            "isSet" => {
                arity(1)?;
                let (stmts, val) = self.expr(&argv[0], label)?;
                let t = &val.tokens;
                let tokens = if val.optional { quote!(#t.is_some()) } else { quote!(true) };
                Ok((stmts, plain(tokens, Ty::Bool)))
            }
            "not" => {
                arity(1)?;
                let (stmts, val) = self.arg(&argv[0], label)?;
                let t = &val.tokens;
                Ok((stmts, plain(quote!(!(#t)), Ty::Bool)))
            }
            "booleanEquals" | "stringEquals" => {
                arity(2)?;
                let (mut stmts, a) = self.arg(&argv[0], label)?;
                let (s2, b) = self.arg(&argv[1], label)?;
                stmts.extend(s2);
                let (a, b) = (&a.tokens, &b.tokens);
                Ok((stmts, plain(quote!(#a == #b), Ty::Bool)))
            }
            "getAttr" => {
                arity(2)?;
                let Expr::String(path) = &argv[1] else {
                    return Err(self.unsupported("getAttr path must be a string".into()));
                };
                let path = path
                    .as_literal()
                    .ok_or_else(|| self.unsupported("getAttr path must be literal".into()))?
                    .to_owned();
                let (stmts, obj) = self.arg(&argv[0], label)?;
                Ok((stmts, self.attr(obj, &path)?))
            }
            "substring" => {
                arity(4)?;
                let (mut stmts, s) = self.arg(&argv[0], label)?;
                let ints: Vec<i64> = argv[1..3].iter().map(|e| if let Expr::Int(i) = e { *i } else { -1 }).collect();
                if ints.iter().any(|i| *i < 0) {
                    return Err(self.unsupported("substring bounds must be integer literals".into()));
                }
                let (s3, rev) = self.arg(&argv[3], label)?;
                stmts.extend(s3);
                let (s, rev) = (&s.tokens, &rev.tokens);
                let (start, stop) =
                    (Literal::usize_unsuffixed(ints[0] as usize), Literal::usize_unsuffixed(ints[1] as usize));
                let var = self.temp();
                stmts.extend(quote!(let #var = #lib::substring(#s, #start, #stop, #rev);));
                Ok((stmts, opt(quote!(#var.as_deref()), Ty::Str)))
            }
            "uriEncode" => {
                arity(1)?;
                let (mut stmts, s) = self.arg(&argv[0], label)?;
                let var = self.temp();
                let s = &s.tokens;
                stmts.extend(quote!(let #var = #lib::uri_encode(#s);));
                Ok((stmts, plain(quote!(#var.as_str()), Ty::Str)))
            }
            "isValidHostLabel" | "aws.isVirtualHostableS3Bucket" => {
                arity(2)?;
                let (mut stmts, s) = self.arg(&argv[0], label)?;
                let (s2, b) = self.arg(&argv[1], label)?;
                stmts.extend(s2);
                let (s, b) = (&s.tokens, &b.tokens);
                let f = if call.function == "isValidHostLabel" {
                    quote!(is_valid_host_label)
                } else {
                    quote!(is_virtual_hostable_s3_bucket)
                };
                Ok((stmts, plain(quote!(#lib::#f(#s, #b)), Ty::Bool)))
            }
            "parseURL" | "aws.partition" | "aws.parseArn" => {
                arity(1)?;
                let (stmts, s) = self.arg(&argv[0], label)?;
                let s = &s.tokens;
                let (f, ty) = match call.function.as_str() {
                    "parseURL" => (quote!(parse_url), Ty::Url),
                    "aws.partition" => (quote!(partition), Ty::Partition),
                    _ => (quote!(parse_arn), Ty::Arn),
                };
                Ok((stmts, opt(quote!(#lib::#f(#s)), ty)))
            }
            other => Err(self.unsupported(format!("function `{other}` is not supported"))),
        }
    }

    /// `getAttr(obj, path)`.
    fn attr(&self, obj: Val, path: &str) -> Result<Val, GenerateError> {
        let o = &obj.tokens;
        let (field, index) = match path.split_once('[') {
            Some((field, rest)) => (field, rest.trim_end_matches(']').parse::<usize>().ok()),
            None => (path, None),
        };
        let plain = |tokens: TokenStream, ty: Ty| Ok(Val { tokens, ty, optional: false });
        let base = match (&obj.ty, field) {
            (Ty::Partition, "name") => return plain(quote!(#o.name), Ty::Str),
            (Ty::Partition, "dnsSuffix") => return plain(quote!(#o.dns_suffix), Ty::Str),
            (Ty::Partition, "dualStackDnsSuffix") => return plain(quote!(#o.dual_stack_dns_suffix), Ty::Str),
            (Ty::Partition, "supportsFIPS") => return plain(quote!(#o.supports_fips), Ty::Bool),
            (Ty::Partition, "supportsDualStack") => return plain(quote!(#o.supports_dual_stack), Ty::Bool),
            (Ty::Partition, "implicitGlobalRegion") => return plain(quote!(#o.implicit_global_region), Ty::Str),
            (Ty::Url, "scheme") => return plain(quote!(#o.scheme.as_str()), Ty::Str),
            (Ty::Url, "authority") => return plain(quote!(#o.authority.as_str()), Ty::Str),
            (Ty::Url, "path") => return plain(quote!(#o.path.as_str()), Ty::Str),
            (Ty::Url, "normalizedPath") => return plain(quote!(#o.normalized_path.as_str()), Ty::Str),
            (Ty::Url, "isIp") => return plain(quote!(#o.is_ip), Ty::Bool),
            (Ty::Arn, "partition") => return plain(quote!(#o.partition.as_str()), Ty::Str),
            (Ty::Arn, "service") => return plain(quote!(#o.service.as_str()), Ty::Str),
            (Ty::Arn, "region") => return plain(quote!(#o.region.as_str()), Ty::Str),
            (Ty::Arn, "accountId") => return plain(quote!(#o.account_id.as_str()), Ty::Str),
            (Ty::Arn, "resourceId") if index.is_some() => quote!(#o.resource_id),
            (Ty::StrArray, "") if index.is_some() => quote!(#o),
            (ty, _) => return Err(self.unsupported(format!("getAttr `{path}` on a {ty:?}"))),
        };
        let index = index.unwrap_or(0);
        Ok(Val { tokens: quote!(#base.get(#index).map(::std::string::String::as_str)), ty: Ty::Str, optional: true })
    }

    fn endpoint(&mut self, spec: &EndpointSpec, label: &syn_lifetime::Label) -> Result<TokenStream, GenerateError> {
        let (mut stmts, url) = self.string(&spec.url, label)?;
        let mut headers = Vec::new();
        for (name, values) in &spec.headers {
            let mut vals = Vec::new();
            for v in values {
                let (s, t) = self.string(v, label)?;
                stmts.extend(s);
                vals.push(t);
            }
            headers.push(quote!((::std::string::String::from(#name), ::std::vec![#(#vals),*])));
        }
        let mut properties = Vec::new();
        for (name, value) in &spec.properties {
            let (s, v) = self.property(value, label)?;
            stmts.extend(s);
            properties.push(quote!((::std::string::String::from(#name), #v)));
        }
        Ok(quote! {
            #stmts
            return ::std::result::Result::Ok(Endpoint {
                url: #url,
                headers: ::std::vec![#(#headers),*],
                properties: ::std::vec![#(#properties),*],
            });
        })
    }

    fn property(&mut self, e: &Expr, label: &syn_lifetime::Label) -> Result<(TokenStream, TokenStream), GenerateError> {
        match e {
            Expr::Bool(b) => Ok((TokenStream::new(), quote!(Value::Bool(#b)))),
            Expr::Int(i) => Ok((TokenStream::new(), quote!(Value::Int(#i)))),
            Expr::Array(items) => {
                let mut stmts = TokenStream::new();
                let mut vals = Vec::new();
                for item in items {
                    let (s, v) = self.property(item, label)?;
                    stmts.extend(s);
                    vals.push(v);
                }
                Ok((stmts, quote!(Value::Array(::std::vec![#(#vals),*]))))
            }
            Expr::Object(members) => {
                let mut stmts = TokenStream::new();
                let mut vals = Vec::new();
                for (k, v) in members {
                    let (s, v) = self.property(v, label)?;
                    stmts.extend(s);
                    vals.push(quote!((::std::string::String::from(#k), #v)));
                }
                Ok((stmts, quote!(Value::Object(::std::vec![#(#vals),*]))))
            }
            other => {
                let (stmts, val) = self.arg(other, label)?;
                let t = &val.tokens;
                Ok(match val.ty {
                    Ty::Bool => (stmts, quote!(Value::Bool(#t))),
                    _ => (stmts, quote!(Value::String(::std::string::ToString::to_string(#t)))),
                })
            }
        }
    }
}

/// Labels need a `'` prefix; syn models them as lifetimes.
mod syn_lifetime {
    pub type Label = syn::Lifetime;
}

fn syn_label(n: usize) -> syn::Lifetime {
    syn::Lifetime::new(&format!("'rule{n}"), proc_macro2::Span::call_site())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn param(name: &str, kind: ParameterType, built_in: Option<&str>) -> Parameter {
        Parameter {
            name: name.to_owned(),
            kind,
            built_in: built_in.map(str::to_owned),
            required: false,
            default: None,
            documentation: None,
        }
    }

    #[test]
    fn built_ins_the_client_fills_must_have_their_types() {
        let good = [
            param("Region", ParameterType::String, Some("AWS::Region")),
            param("UseFIPS", ParameterType::Boolean, Some("AWS::UseFIPS")),
            param("AccountId", ParameterType::String, Some("AWS::Auth::AccountId")),
            param("Other", ParameterType::Boolean, Some("AWS::S3::Accelerate")),
            param("Plain", ParameterType::StringArray, None),
        ];
        assert!(check_built_in_types("ex#Service", &good).is_ok());
        for bad in [
            param("AccountId", ParameterType::Boolean, Some("AWS::Auth::AccountId")),
            param("Region", ParameterType::StringArray, Some("AWS::Region")),
            param("UseDualStack", ParameterType::String, Some("AWS::UseDualStack")),
        ] {
            let err = check_built_in_types("ex#Service", std::slice::from_ref(&bad)).expect_err(&bad.name).to_string();
            assert!(err.contains(&format!("`{}`", bad.name)) && err.contains("declared a"), "{err}");
        }
    }
}
