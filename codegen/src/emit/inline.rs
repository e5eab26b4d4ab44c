//! `#[inline]` on the generated crate's non-generic functions, so that each
//! is compiled to machine code in the crates that call it rather than in the
//! generated crate.
//!
//! A whole-service crate holds hundreds of functions (accessors, builders,
//! serializers, error readers, one `send` per operation) of which a program
//! calls a handful. Without the attribute, every one is compiled to machine
//! code when the crate is built; with it, the crate is still parsed, type
//! checked and borrow checked in full, but a function's machine code is made
//! only where it is used, as with generic functions. Whole-service crates
//! build in about two thirds of the time and less memory, and a program pays
//! only for the operations it calls.
//!
//! Generic functions are left alone (they are compiled where used already),
//! as are test modules and functions that already say how to inline.

use syn::{Attribute, FnArg, GenericArgument, Generics, ImplItem, Item, PathArguments, Signature, Type};

/// Adds `#[inline]` to every non-generic function of `file` with a body,
/// outside test code.
pub fn mark(file: &mut syn::File) {
    mark_items(&mut file.items);
}

fn mark_items(items: &mut [Item]) {
    for item in items {
        match item {
            Item::Fn(f) if !is_test_code(&f.attrs) && !is_generic(&f.sig, None) => add_inline(&mut f.attrs),
            Item::Impl(block) if !is_test_code(&block.attrs) => {
                for member in &mut block.items {
                    if let ImplItem::Fn(f) = member {
                        if !is_test_code(&f.attrs) && !is_generic(&f.sig, Some(&block.generics)) {
                            add_inline(&mut f.attrs);
                        }
                    }
                }
            }
            Item::Mod(module) if !is_test_code(&module.attrs) => {
                if let Some((_, items)) = &mut module.content {
                    mark_items(items);
                }
            }
            _ => {}
        }
    }
}

fn add_inline(attrs: &mut Vec<Attribute>) {
    if !attrs.iter().any(|a| a.path().is_ident("inline")) {
        // Built directly: parsing `#[inline]` anew for every function was a
        // measurable share of formatting.
        attrs.push(Attribute {
            pound_token: Default::default(),
            style: syn::AttrStyle::Outer,
            bracket_token: Default::default(),
            meta: syn::Meta::Path(syn::Ident::new("inline", proc_macro2::Span::call_site()).into()),
        });
    }
}

/// `#[test]`, or `#[cfg(test)]` (a test module, impl or function).
fn is_test_code(attrs: &[Attribute]) -> bool {
    attrs.iter().any(|a| {
        a.path().is_ident("test")
            || (a.path().is_ident("cfg") && a.parse_args::<syn::Ident>().is_ok_and(|arg| arg == "test"))
    })
}

/// Whether the function takes type or const parameters, its own or its impl
/// block's, or an argument of an `impl Trait` type. A result of an `impl
/// Trait` type does not make a function generic: it has one body, compiled
/// where it is defined unless marked (an operation's `send` returns the
/// runtime's future that way, and unmarked it would compile that whole
/// future once per operation in the generated crate).
fn is_generic(sig: &Signature, block: Option<&Generics>) -> bool {
    let has_params = |g: &Generics| g.type_params().next().is_some() || g.const_params().next().is_some();
    has_params(&sig.generics)
        || block.is_some_and(has_params)
        || sig.inputs.iter().any(|arg| matches!(arg, FnArg::Typed(t) if has_impl_trait(&t.ty)))
}

fn has_impl_trait(ty: &Type) -> bool {
    match ty {
        Type::ImplTrait(_) => true,
        Type::Reference(r) => has_impl_trait(&r.elem),
        Type::Paren(p) => has_impl_trait(&p.elem),
        Type::Group(g) => has_impl_trait(&g.elem),
        Type::Slice(s) => has_impl_trait(&s.elem),
        Type::Array(a) => has_impl_trait(&a.elem),
        Type::Tuple(t) => t.elems.iter().any(has_impl_trait),
        Type::Path(p) => p.path.segments.iter().any(|segment| match &segment.arguments {
            PathArguments::AngleBracketed(args) => {
                args.args.iter().any(|arg| matches!(arg, GenericArgument::Type(t) if has_impl_trait(t)))
            }
            _ => false,
        }),
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    fn marked(tokens: proc_macro2::TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).expect("parses");
        super::mark(&mut file);
        prettyplease::unparse(&file)
    }

    #[test]
    fn non_generic_functions_with_bodies_are_marked() {
        let text = marked(quote! {
            pub fn free() {}
            impl Thing {
                /// Documented.
                pub fn getter(&self) -> &str { &self.name }
                pub async fn send(self) -> Result<(), Error> { Ok(()) }
                pub fn lifetimes_only<'a>(&'a self) -> &'a str { "" }
                pub fn returns_impl(self) -> impl Future<Output = ()> { ready(()) }
            }
            impl Display for Thing {
                fn fmt(&self, f: &mut Formatter<'_>) -> Result { Ok(()) }
            }
            mod inner {
                fn nested() {}
            }
        });
        assert_eq!(text.matches("#[inline]").count(), 7, "{text}");
        assert!(text.contains("/// Documented.\n    #[inline]\n    pub fn getter"), "{text}");
    }

    #[test]
    fn generic_and_test_code_and_inline_choices_are_left_alone() {
        let text = marked(quote! {
            pub fn generic<T>(t: T) {}
            pub fn takes_impl(name: impl Into<String>) {}
            pub fn takes_option_of_impl(name: Option<impl Into<String>>) {}
            pub fn constant<const N: usize>() {}
            impl<B> Wrapper<B> {
                pub fn method(&self) {}
            }
            #[inline(never)]
            pub fn chosen() {}
            trait Provided {
                fn default_body(&self) {}
            }
            #[cfg(test)]
            mod tests {
                #[test]
                fn case() {}
                fn helper() {}
            }
        });
        assert_eq!(text.matches("#[inline").count(), 1, "only the one already there: {text}");
    }
}
