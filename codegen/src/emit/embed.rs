//! Module mode: a client emitted as a module tree inside another crate, at a
//! module path such as `clients::sts`, instead of as a crate of its own. The
//! runtime crate carries its STS, SSO and SSO OIDC clients this way.
//!
//! The emitters write every path from the crate root (`crate::types::Tag`);
//! here those paths are moved under the module (`crate::clients::sts::types::Tag`)
//! on the syntax tree, and the files are placed under the module's folder.
//! Doc comments are dropped: the modules are private to the host crate, and
//! the model's prose stays out of its sources.

use proc_macro2::{Delimiter, Group, Ident, Punct, Spacing, Span, TokenStream, TokenTree};
use syn::visit_mut::VisitMut;

/// Where the client goes inside the host crate: `clients::sts` is the module
/// `crate::clients::sts`, in `src/clients/sts.rs` and `src/clients/sts/`.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ModulePath {
    segments: Vec<String>,
}

impl ModulePath {
    /// Parses `a::b::c`: lowercase ASCII identifiers (letters, digits, `_`,
    /// not starting with a digit) that are not Rust keywords.
    pub fn parse(path: &str) -> Result<ModulePath, String> {
        let segments: Vec<String> = path.split("::").map(str::to_owned).collect();
        for segment in &segments {
            let well_formed = segment.starts_with(|c: char| c.is_ascii_lowercase() || c == '_')
                && segment.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_')
                && segment != "_";
            if !well_formed || crate::names::escape_ident(segment) != *segment {
                return Err(format!(
                    "`{path}` is not a module path: `{segment}` must be a lowercase identifier and not a keyword"
                ));
            }
        }
        Ok(ModulePath { segments })
    }

    /// The segments, outermost first.
    pub fn segments(&self) -> &[String] {
        &self.segments
    }

    /// The module's file relative to the host crate's root, e.g. `src/clients/sts.rs`.
    pub fn module_file(&self) -> String {
        format!("src/{}.rs", self.segments.join("/"))
    }

    /// The folder of its submodules, e.g. `src/clients/sts`.
    pub fn module_dir(&self) -> String {
        format!("src/{}", self.segments.join("/"))
    }

    /// Where a file the crate emitter places at `path` (`src/lib.rs`,
    /// `src/types/_tag.rs`) goes in the host crate.
    pub fn relocate(&self, path: &str) -> String {
        match path.strip_prefix("src/") {
            Some("lib.rs") => self.module_file(),
            Some(rest) => format!("{}/{rest}", self.module_dir()),
            None => format!("{}/{path}", self.module_dir()),
        }
    }
}

impl std::fmt::Display for ModulePath {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(&self.segments.join("::"))
    }
}

/// Removes every `#[doc = …]` and `#![doc = …]` attribute (doc comments),
/// at any depth; `#[doc(hidden)]` and other attributes stay.
pub fn strip_doc_comments(tokens: TokenStream) -> TokenStream {
    let trees: Vec<TokenTree> = tokens.into_iter().collect();
    let mut out = Vec::with_capacity(trees.len());
    let mut i = 0;
    while i < trees.len() {
        if let TokenTree::Punct(p) = &trees[i] {
            if p.as_char() == '#' {
                let bang = matches!(trees.get(i + 1), Some(TokenTree::Punct(b)) if b.as_char() == '!');
                let at = if bang { i + 2 } else { i + 1 };
                if matches!(trees.get(at), Some(TokenTree::Group(g)) if is_doc_comment(g)) {
                    i = at + 1;
                    continue;
                }
            }
        }
        out.push(match &trees[i] {
            TokenTree::Group(g) => regroup(g, strip_doc_comments(g.stream())),
            other => other.clone(),
        });
        i += 1;
    }
    out.into_iter().collect()
}

/// `[doc = …]`.
fn is_doc_comment(group: &Group) -> bool {
    if group.delimiter() != Delimiter::Bracket {
        return false;
    }
    let mut inner = group.stream().into_iter();
    matches!(inner.next(), Some(TokenTree::Ident(i)) if i == "doc")
        && matches!(inner.next(), Some(TokenTree::Punct(p)) if p.as_char() == '=')
}

fn regroup(group: &Group, stream: TokenStream) -> TokenTree {
    let mut new = Group::new(group.delimiter(), stream);
    new.set_span(group.span());
    TokenTree::Group(new)
}

/// Moves every path that starts at `crate::` under `module`: in expressions,
/// types, patterns, `use` trees, `pub(in crate::…)` and macro arguments.
/// `pub(crate)` stays as it is: crate-wide visibility is what it means in
/// the host crate too.
pub fn move_crate_paths(file: &mut syn::File, module: &ModulePath) {
    MoveCratePaths { module }.visit_file_mut(file);
}

struct MoveCratePaths<'a> {
    module: &'a ModulePath,
}

impl MoveCratePaths<'_> {
    fn segment_idents(&self) -> impl Iterator<Item = Ident> + '_ {
        self.module.segments().iter().map(|s| Ident::new(s, Span::call_site()))
    }

    /// In `<T as crate::a::Trait>::f` the first `position` segments of the
    /// path are the trait's; segments inserted into them count too.
    fn lengthen_qself(&self, qself: &mut Option<syn::QSelf>, path: &syn::Path) {
        if let Some(qself) = qself {
            if qself.position > 0 && starts_at_crate(path) {
                qself.position += self.module.segments().len();
            }
        }
    }
}

/// `crate::x…`: a path from the crate root to an item.
fn starts_at_crate(path: &syn::Path) -> bool {
    path.leading_colon.is_none() && path.segments.len() > 1 && path.segments.first().is_some_and(|s| s.ident == "crate")
}

impl VisitMut for MoveCratePaths<'_> {
    fn visit_path_mut(&mut self, path: &mut syn::Path) {
        if starts_at_crate(path) {
            let mut old = std::mem::take(&mut path.segments).into_iter();
            path.segments.extend(old.next());
            path.segments.extend(self.segment_idents().map(syn::PathSegment::from));
            path.segments.extend(old);
        }
        syn::visit_mut::visit_path_mut(self, path);
    }

    fn visit_type_path_mut(&mut self, node: &mut syn::TypePath) {
        self.lengthen_qself(&mut node.qself, &node.path);
        syn::visit_mut::visit_type_path_mut(self, node);
    }

    fn visit_expr_path_mut(&mut self, node: &mut syn::ExprPath) {
        self.lengthen_qself(&mut node.qself, &node.path);
        syn::visit_mut::visit_expr_path_mut(self, node);
    }

    fn visit_expr_struct_mut(&mut self, node: &mut syn::ExprStruct) {
        self.lengthen_qself(&mut node.qself, &node.path);
        syn::visit_mut::visit_expr_struct_mut(self, node);
    }

    fn visit_pat_struct_mut(&mut self, node: &mut syn::PatStruct) {
        self.lengthen_qself(&mut node.qself, &node.path);
        syn::visit_mut::visit_pat_struct_mut(self, node);
    }

    fn visit_pat_tuple_struct_mut(&mut self, node: &mut syn::PatTupleStruct) {
        self.lengthen_qself(&mut node.qself, &node.path);
        syn::visit_mut::visit_pat_tuple_struct_mut(self, node);
    }

    fn visit_use_tree_mut(&mut self, tree: &mut syn::UseTree) {
        if let syn::UseTree::Path(use_path) = tree {
            if use_path.ident == "crate" {
                let placeholder =
                    syn::UseTree::Name(syn::UseName { ident: Ident::new("placeholder", Span::call_site()) });
                let mut inner = std::mem::replace(&mut *use_path.tree, placeholder);
                for segment in self.segment_idents().collect::<Vec<_>>().into_iter().rev() {
                    inner = syn::UseTree::Path(syn::UsePath {
                        ident: segment,
                        colon2_token: Default::default(),
                        tree: Box::new(inner),
                    });
                }
                *use_path.tree = inner;
                return;
            }
        }
        syn::visit_mut::visit_use_tree_mut(self, tree);
    }

    fn visit_vis_restricted_mut(&mut self, vis: &mut syn::VisRestricted) {
        // `pub(crate)` names no item; `pub(in crate::a)` does.
        if vis.in_token.is_some() {
            self.visit_path_mut(&mut vis.path);
        }
    }

    fn visit_macro_mut(&mut self, mac: &mut syn::Macro) {
        self.visit_path_mut(&mut mac.path);
        mac.tokens = self.move_in_tokens(std::mem::take(&mut mac.tokens));
    }
}

impl MoveCratePaths<'_> {
    /// Macro arguments are tokens, not syntax: `crate` followed by `::` and
    /// not itself after `::` or `$` (so `$crate` and `a::crate` stay) starts
    /// a path to move.
    fn move_in_tokens(&self, tokens: TokenStream) -> TokenStream {
        let trees: Vec<TokenTree> = tokens.into_iter().collect();
        let mut out: Vec<TokenTree> = Vec::with_capacity(trees.len());
        for (i, tree) in trees.iter().enumerate() {
            match tree {
                TokenTree::Group(g) => out.push(regroup(g, self.move_in_tokens(g.stream()))),
                TokenTree::Ident(ident) if ident == "crate" => {
                    out.push(tree.clone());
                    let after_path_or_dollar = match i.checked_sub(1).map(|p| &trees[p]) {
                        Some(TokenTree::Punct(p)) => p.as_char() == '$' || p.as_char() == ':',
                        _ => false,
                    };
                    let before_colons = matches!(trees.get(i + 1), Some(TokenTree::Punct(p)) if p.as_char() == ':')
                        && matches!(trees.get(i + 2), Some(TokenTree::Punct(p)) if p.as_char() == ':');
                    if before_colons && !after_path_or_dollar {
                        for segment in self.segment_idents() {
                            out.push(TokenTree::Punct(Punct::new(':', Spacing::Joint)));
                            out.push(TokenTree::Punct(Punct::new(':', Spacing::Alone)));
                            out.push(TokenTree::Ident(segment));
                        }
                    }
                }
                other => out.push(other.clone()),
            }
        }
        out.into_iter().collect()
    }
}

#[cfg(test)]
mod tests {
    use quote::quote;

    use super::*;

    fn moved(tokens: TokenStream) -> String {
        let mut file: syn::File = syn::parse2(tokens).expect("test input parses");
        move_crate_paths(&mut file, &ModulePath::parse("clients::sts").expect("valid path"));
        prettyplease::unparse(&file)
    }

    #[test]
    fn crate_paths_move_under_the_module() {
        let text = moved(quote! {
            use crate::rt::xml::{XmlDocument, XmlNode};
            use crate::types;
            pub(crate) struct S(crate::types::Tag, ::smithy_client_runtime::rt::X, other::crate_like::Y);
            pub(in crate::operation) fn f() -> crate::Config {
                let v: ::std::vec::Vec<crate::types::Tag> = <crate::types::Tag>::new();
                let s = <::std::string::String as crate::rt::json::DeserializeJson>::read_json(v);
                let t: <X as crate::rt::Tr>::Assoc = crate::types::Tag { key: 1 };
                assert_eq!(crate::a::b(), $crate::c::d());
                crate::error::BuildError::missing_field("a", "b")
            }
        });
        // Compared without white space: prettyplease chooses the line breaks.
        let compact: String = text.split_whitespace().collect();
        assert!(compact.contains("usecrate::clients::sts::rt::xml::{XmlDocument,XmlNode};"), "{text}");
        assert!(compact.contains("usecrate::clients::sts::types;"), "{text}");
        assert!(compact.contains("pub(crate)structS(crate::clients::sts::types::Tag"), "{text}");
        assert!(compact.contains("::smithy_client_runtime::rt::X"), "{text}");
        assert!(compact.contains("other::crate_like::Y"), "{text}");
        assert!(compact.contains("pub(incrate::clients::sts::operation)fnf()->crate::clients::sts::Config"), "{text}");
        assert!(compact.contains("::std::vec::Vec<crate::clients::sts::types::Tag>"), "{text}");
        assert!(compact.contains("<crate::clients::sts::types::Tag>::new()"), "{text}");
        assert!(
            compact.contains("<::std::string::Stringascrate::clients::sts::rt::json::DeserializeJson>::read_json("),
            "{text}"
        );
        assert!(compact.contains("<Xascrate::clients::sts::rt::Tr>::Assoc=crate::clients::sts::types::Tag{"), "{text}");
        assert!(compact.contains("assert_eq!(crate::clients::sts::a::b(),$crate::c::d())"), "{text}");
        assert!(compact.contains("crate::clients::sts::error::BuildError::missing_field"), "{text}");
        assert!(!compact.contains("crate::types") && !compact.contains("crate::rt"), "{text}");
    }

    #[test]
    fn doc_comments_are_stripped_and_other_attributes_kept() {
        let tokens = strip_doc_comments(quote! {
            #![doc = "file"]
            #![allow(dead_code)]
            /// outer
            #[doc(hidden)]
            #[derive(Debug)]
            struct S {
                /// field
                a: u8,
            }
            impl S {
                /// method
                fn f() {}
            }
        });
        let text = prettyplease::unparse(&syn::parse2(tokens).expect("parses"));
        assert!(!text.contains("file") && !text.contains("outer") && !text.contains("field"), "{text}");
        assert!(!text.contains("method"), "{text}");
        assert!(text.contains("#![allow(dead_code)]") && text.contains("#[doc(hidden)]"), "{text}");
        assert!(text.contains("#[derive(Debug)]"), "{text}");
    }

    #[test]
    fn module_paths_are_checked_and_place_files() {
        let path = ModulePath::parse("clients::sso_oidc").expect("valid");
        assert_eq!(path.module_file(), "src/clients/sso_oidc.rs");
        assert_eq!(path.relocate("src/lib.rs"), "src/clients/sso_oidc.rs");
        assert_eq!(path.relocate("src/types/_tag.rs"), "src/clients/sso_oidc/types/_tag.rs");
        for bad in ["", "clients::", "Clients::sts", "clients::type", "a-b", "clients::self", "1x", "_"] {
            assert!(ModulePath::parse(bad).is_err(), "{bad:?} should be refused");
        }
    }
}
