//! Absolute shape ids: `namespace#Name` and member ids `namespace#Name$member`.

use std::fmt;

/// An absolute Smithy shape id, optionally naming a member.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ShapeId {
    namespace: String,
    name: String,
    member: Option<String>,
}

/// Why a string is not a valid absolute shape id.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("`{input}` is not a valid absolute shape id: {reason}")]
pub struct ShapeIdError {
    input: String,
    reason: &'static str,
}

impl ShapeId {
    /// Parses `namespace#Name` or `namespace#Name$member`.
    pub fn parse(input: &str) -> Result<ShapeId, ShapeIdError> {
        let fail = |reason| ShapeIdError { input: input.to_owned(), reason };
        let (namespace, rest) = input.split_once('#').ok_or_else(|| fail("missing `#`"))?;
        if namespace.is_empty() || !namespace.split('.').all(is_identifier) {
            return Err(fail("the namespace must be dot-separated identifiers"));
        }
        let (name, member) = match rest.split_once('$') {
            Some((name, member)) => (name, Some(member)),
            None => (rest, None),
        };
        if !is_identifier(name) {
            return Err(fail("the shape name must be an identifier"));
        }
        if let Some(member) = member {
            if !is_identifier(member) {
                return Err(fail("the member name must be an identifier"));
            }
        }
        Ok(ShapeId { namespace: namespace.to_owned(), name: name.to_owned(), member: member.map(str::to_owned) })
    }

    /// Builds `namespace#name` from parts the caller knows are valid.
    pub fn new(namespace: &str, name: &str) -> ShapeId {
        ShapeId { namespace: namespace.to_owned(), name: name.to_owned(), member: None }
    }

    /// The namespace, e.g. `smithy.api`.
    pub fn namespace(&self) -> &str {
        &self.namespace
    }

    /// The shape name, e.g. `String`.
    pub fn name(&self) -> &str {
        &self.name
    }

    /// The member name, when this id names a member.
    pub fn member(&self) -> Option<&str> {
        self.member.as_deref()
    }

    /// The id of `member` of this shape.
    pub fn with_member(&self, member: &str) -> ShapeId {
        ShapeId { namespace: self.namespace.clone(), name: self.name.clone(), member: Some(member.to_owned()) }
    }

    /// This id without its member part.
    pub fn root(&self) -> ShapeId {
        ShapeId { namespace: self.namespace.clone(), name: self.name.clone(), member: None }
    }

    /// Whether this shape lives in the Smithy prelude (`smithy.api`).
    pub fn is_prelude(&self) -> bool {
        self.namespace == "smithy.api"
    }
}

/// Smithy identifier: `_*[A-Za-z][A-Za-z0-9_]*`.
pub fn is_identifier(s: &str) -> bool {
    let rest = s.trim_start_matches('_');
    let mut chars = rest.chars();
    matches!(chars.next(), Some(c) if c.is_ascii_alphabetic()) && chars.all(|c| c.is_ascii_alphanumeric() || c == '_')
}

impl fmt::Display for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}#{}", self.namespace, self.name)?;
        if let Some(member) = &self.member {
            write!(f, "${member}")?;
        }
        Ok(())
    }
}

impl fmt::Debug for ShapeId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "ShapeId({self})")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parses_shape_and_member_ids() {
        let id = ShapeId::parse("com.example#Foo$bar").unwrap();
        assert_eq!((id.namespace(), id.name(), id.member()), ("com.example", "Foo", Some("bar")));
        assert_eq!(id.to_string(), "com.example#Foo$bar");
        assert_eq!(id.root().to_string(), "com.example#Foo");
        assert_eq!(ShapeId::parse("smithy.api#String").unwrap().member(), None);
    }

    #[test]
    fn rejects_malformed_ids() {
        for bad in ["Foo", "#Foo", "ns#", "ns#1Foo", "ns..x#Foo", "ns#Foo$", "ns#Foo$1", "ns#Fo-o", "ns#_"] {
            assert!(ShapeId::parse(bad).is_err(), "{bad} should be rejected");
        }
    }

    #[test]
    fn identifiers_follow_the_smithy_grammar() {
        assert!(is_identifier("_Foo_1"));
        assert!(!is_identifier("__"));
        assert!(!is_identifier("9a"));
        assert!(!is_identifier(""));
    }
}
