//! `@sensitive` redaction: which values `Debug` and `Display` must hide, and
//! the `Debug` impls that hide them.
//!
//! The rules follow smithy-rs (`shouldRedact`): a member is redacted when it
//! or its target is `@sensitive`, looking through lists and maps to their
//! members, keys and values at any depth. Structures and unions are not
//! looked into: their own `Debug` redacts their sensitive members, so a
//! struct holding a secret prints its other members and hides the secret.

use std::collections::BTreeSet;

use proc_macro2::{Ident, TokenStream};
use quote::quote;

use super::Field;
use crate::emit::tokens::ident;
use crate::smithy::{Member, Model, Shape, ShapeId, ShapeKind};

/// What `Debug` prints in place of a sensitive value.
pub(crate) const REDACTED: &str = "*** Sensitive Data Redacted ***";

/// Whether values of shape `id` must never be printed: the shape is
/// `@sensitive`, or it is a list or map whose member, key or value is
/// sensitive (recursively, through nested lists and maps).
pub(crate) fn is_sensitive_deep(model: &Model, id: &ShapeId) -> bool {
    sensitive_within(model, id, &mut BTreeSet::new())
}

/// Whether a member's value must be redacted: the member is `@sensitive` or
/// its target is, deeply (see [`is_sensitive_deep`]).
pub(crate) fn is_member_sensitive(model: &Model, member: &Member) -> bool {
    member.traits.sensitive || is_sensitive_deep(model, &member.target)
}

/// Whether an error structure's message must not be printed: the structure
/// is `@sensitive`, or its `message` member (any spelling) is.
pub(crate) fn is_error_message_sensitive(model: &Model, error: &Shape) -> bool {
    error.traits.sensitive
        || error
            .kind
            .members()
            .into_iter()
            .any(|m| m.name.eq_ignore_ascii_case("message") && is_member_sensitive(model, m))
}

fn member_sensitive_within(model: &Model, member: &Member, seen: &mut BTreeSet<ShapeId>) -> bool {
    member.traits.sensitive || sensitive_within(model, &member.target, seen)
}

// `seen` holds the lists and maps on the current path: valid models cannot
// nest a list or map in itself without a structure between, but a model that
// does must not overflow the stack.
fn sensitive_within(model: &Model, id: &ShapeId, seen: &mut BTreeSet<ShapeId>) -> bool {
    let Some(shape) = model.shape(id) else { return false };
    if shape.traits.sensitive {
        return true;
    }
    if !seen.insert(id.clone()) {
        return false;
    }
    let sensitive = match &shape.kind {
        ShapeKind::List(member) => member_sensitive_within(model, member, seen),
        ShapeKind::Map { key, value } => {
            member_sensitive_within(model, key, seen) || member_sensitive_within(model, value, seen)
        }
        _ => false,
    };
    seen.remove(id);
    sensitive
}

/// How an error's `meta` field appears in `Debug`.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(crate) enum MetaDebug {
    /// Not an error: there is no `meta` field.
    Absent,
    /// Printed as it is.
    Plain,
    /// Only its code and request id are printed: its message repeats a
    /// sensitive `message`.
    MessageRedacted,
}

/// `Debug` that prints [`REDACTED`] for sensitive members. `meta_is_option`
/// says whether `meta` is an `Option` (in builders).
pub(crate) fn debug_impl(name: &Ident, fields: &[Field<'_>], meta: MetaDebug, meta_is_option: bool) -> TokenStream {
    let type_name = name.to_string();
    let entries = fields.iter().map(|f| {
        let fname = ident(&f.name);
        let label = crate::names::bare(&f.name);
        if f.sensitive {
            quote!(formatter.field(#label, &#REDACTED);)
        } else {
            quote!(formatter.field(#label, &self.#fname);)
        }
    });
    // The metadata's message repeats the error's message, so only its code
    // and request id are printed when the message is sensitive.
    let meta = match (meta, meta_is_option) {
        (MetaDebug::Absent, _) => quote!(),
        (MetaDebug::Plain, _) => quote!(formatter.field("meta", &self.meta);),
        (MetaDebug::MessageRedacted, false) => quote! {
            formatter.field("meta.code", &self.meta.code());
            formatter.field("meta.request_id", &self.meta.request_id());
        },
        (MetaDebug::MessageRedacted, true) => quote! {
            formatter.field("meta.code", &self.meta.as_ref().and_then(|meta| meta.code()));
            formatter.field("meta.request_id", &self.meta.as_ref().and_then(|meta| meta.request_id()));
        },
    };
    quote! {
        impl ::std::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                let mut formatter = f.debug_struct(#type_name);
                #(#entries)*
                #meta
                formatter.finish()
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::load_str;

    fn model() -> Model {
        load_str(
            "sensitive.json",
            r#"{"smithy": "2.0", "shapes": {
                "ex#Secret": {"type": "string", "traits": {"smithy.api#sensitive": {}}},
                "ex#Plain": {"type": "string"},
                "ex#Secrets": {"type": "list", "member": {"target": "ex#Secret"}},
                "ex#SecretLists": {"type": "list", "member": {"target": "ex#Secrets"}},
                "ex#Plains": {"type": "list", "member": {"target": "ex#Plain"}},
                "ex#SecretValues": {"type": "map", "key": {"target": "ex#Plain"}, "value": {"target": "ex#Secret"}},
                "ex#SecretKeys": {"type": "map", "key": {"target": "ex#Secret"}, "value": {"target": "ex#Plain"}},
                "ex#ListsOfSecretValues": {"type": "map", "key": {"target": "ex#Plain"}, "value": {"target": "ex#Secrets"}},
                "ex#SparseSecretValues": {"type": "map", "key": {"target": "ex#Plain"}, "value": {"target": "ex#Secret"},
                    "traits": {"smithy.api#sparse": {}}},
                "ex#Vault": {"type": "structure", "members": {"key": {"target": "ex#Plain"}}, "traits": {"smithy.api#sensitive": {}}},
                "ex#Vaults": {"type": "list", "member": {"target": "ex#Vault"}},
                "ex#Holder": {"type": "structure", "members": {
                    "secret": {"target": "ex#Secret"},
                    "plain": {"target": "ex#Plain"},
                    "flagged": {"target": "ex#Plain", "traits": {"smithy.api#sensitive": {}}}}},
                "ex#Holders": {"type": "list", "member": {"target": "ex#Holder"}},
                "ex#Choice": {"type": "union", "members": {"a": {"target": "ex#Plain"}}, "traits": {"smithy.api#sensitive": {}}},
                "ex#Choices": {"type": "map", "key": {"target": "ex#Plain"}, "value": {"target": "ex#Choice"}},
                "ex#Oops": {"type": "structure", "members": {"Message": {"target": "ex#Secret"}},
                    "traits": {"smithy.api#error": "client"}},
                "ex#PlainOops": {"type": "structure", "members": {"message": {"target": "ex#Plain"}},
                    "traits": {"smithy.api#error": "client"}},
                "ex#SecretOops": {"type": "structure", "members": {"message": {"target": "ex#Plain"}},
                    "traits": {"smithy.api#error": "client", "smithy.api#sensitive": {}}}}}"#,
        )
        .unwrap()
    }

    fn deep(model: &Model, id: &str) -> bool {
        is_sensitive_deep(model, &ShapeId::parse(id).unwrap())
    }

    #[test]
    fn sensitivity_is_found_through_lists_and_maps_at_any_depth() {
        let model = model();
        for id in [
            "ex#Secret",
            "ex#Secrets",
            "ex#SecretLists",
            "ex#SecretValues",
            "ex#SecretKeys",
            "ex#ListsOfSecretValues",
            "ex#SparseSecretValues",
            "ex#Vault",
            "ex#Vaults",
            "ex#Choice",
            "ex#Choices",
        ] {
            assert!(deep(&model, id), "{id} holds sensitive values");
        }
        for id in ["ex#Plain", "ex#Plains", "ex#Holder", "ex#Holders", "smithy.api#String", "ex#Missing"] {
            assert!(!deep(&model, id), "{id} prints in clear (a structure redacts its own members)");
        }
    }

    #[test]
    fn members_are_sensitive_by_their_own_trait_or_their_target() {
        let model = model();
        let member = |id: &str| is_member_sensitive(&model, model.member(&ShapeId::parse(id).unwrap()).unwrap());
        assert!(member("ex#Holder$secret"));
        assert!(member("ex#Holder$flagged"));
        assert!(!member("ex#Holder$plain"));
    }

    #[test]
    fn error_messages_are_sensitive_when_the_message_or_the_error_is() {
        let model = model();
        let error = |id: &str| is_error_message_sensitive(&model, model.shape(&ShapeId::parse(id).unwrap()).unwrap());
        assert!(error("ex#Oops"), "the message targets a sensitive string");
        assert!(error("ex#SecretOops"), "the whole error is sensitive");
        assert!(!error("ex#PlainOops"));
    }

    #[test]
    fn a_list_nested_in_itself_ends() {
        let model = load_str(
            "loop.json",
            r#"{"smithy": "2.0", "shapes": {"ex#Loop": {"type": "list", "member": {"target": "ex#Loop"}}}}"#,
        );
        // The loader may reject the loop; when it does not, the check must still end.
        if let Ok(model) = model {
            assert!(!deep(&model, "ex#Loop"));
        }
    }
}
