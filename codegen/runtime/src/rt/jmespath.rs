//! A JMESPath subset for waiters' acceptors and endpoint
//! `operationContextParams`: parsing ([`parse`]) and evaluation
//! ([`search`]) over a small dynamic [`Value`].
//!
//! Why an interpreter rather than expressions compiled to typed Rust: the
//! semantics JMESPath gives these expressions are dynamic (`null` flows
//! through any path, projections drop nulls, comparisons between different
//! types are false, multi-select lists mix types), so typed code would need a
//! type checker in the generator and a lot of emitted code per expression.
//! Here the rules are written and tested once; a generated crate only builds
//! a view of the members an expression reads (nothing else of the structure
//! is converted) and hands it to [`search`] with the expression's text. The
//! generator parses every expression with this module's parser at generation
//! time, so the text a crate holds always parses.
//!
//! Where JMESPath would raise an error (a function given the wrong type), the
//! subset gives `null`, which matches no acceptor and sets no parameter:
//! the outcome the error would have had.

#[path = "jmespath/parse.rs"]
mod syntax;

pub use syntax::{Comparator, Expr, Function, ParseError, Value, parse};

/// Evaluates `expr` against `data`.
pub fn search(expr: &Expr, data: &Value) -> Value {
    match expr {
        Expr::Current => data.clone(),
        Expr::Field(name) => data.field(name).clone(),
        Expr::Sub(left, right) => match search(left, data) {
            Value::Null => Value::Null,
            value => search(right, &value),
        },
        Expr::Index(left, index) => match search(left, data) {
            Value::Array(items) => {
                let at = if *index < 0 { items.len() as i64 + index } else { *index };
                usize::try_from(at).ok().and_then(|i| items.into_iter().nth(i)).unwrap_or(Value::Null)
            }
            _ => Value::Null,
        },
        Expr::ListProjection(left, right) => match search(left, data) {
            Value::Array(items) => project(items, right),
            _ => Value::Null,
        },
        Expr::ObjectProjection(left, right) => match search(left, data) {
            Value::Object(members) => project(members.into_iter().map(|(_, v)| v), right),
            _ => Value::Null,
        },
        Expr::Flatten(left, right) => match search(left, data) {
            Value::Array(items) => {
                let mut flat = Vec::with_capacity(items.len());
                for item in items {
                    match item {
                        Value::Array(inner) => flat.extend(inner),
                        other => flat.push(other),
                    }
                }
                project(flat, right)
            }
            _ => Value::Null,
        },
        Expr::Filter(left, condition, right) => match search(left, data) {
            Value::Array(items) => project(items.into_iter().filter(|item| search(condition, item).is_truthy()), right),
            _ => Value::Null,
        },
        Expr::MultiSelectList(items) => match data {
            Value::Null => Value::Null,
            _ => Value::Array(items.iter().map(|item| search(item, data)).collect()),
        },
        Expr::Pipe(left, right) => search(right, &search(left, data)),
        Expr::Compare(op, left, right) => compare(*op, &search(left, data), &search(right, data)),
        Expr::And(left, right) => {
            let left = search(left, data);
            if left.is_truthy() { search(right, data) } else { left }
        }
        Expr::Or(left, right) => {
            let left = search(left, data);
            if left.is_truthy() { left } else { search(right, data) }
        }
        Expr::Not(inner) => Value::Bool(!search(inner, data).is_truthy()),
        Expr::Literal(value) => value.clone(),
        Expr::Call(function, args) => {
            let args: Vec<Value> = args.iter().map(|arg| search(arg, data)).collect();
            call(*function, &args)
        }
    }
}

/// Applies a projection's right-hand side to each value, dropping nulls.
fn project(values: impl IntoIterator<Item = Value>, right: &Expr) -> Value {
    Value::Array(values.into_iter().map(|value| search(right, &value)).filter(|value| *value != Value::Null).collect())
}

/// `==` and `!=` compare any values (numbers by value, objects regardless of
/// member order); the ordering comparators compare numbers only and give
/// `null` for anything else.
fn compare(op: Comparator, left: &Value, right: &Value) -> Value {
    match op {
        Comparator::Eq => Value::Bool(equal(left, right)),
        Comparator::Ne => Value::Bool(!equal(left, right)),
        _ => match (left, right) {
            (Value::Number(a), Value::Number(b)) => Value::Bool(match op {
                Comparator::Lt => a < b,
                Comparator::Le => a <= b,
                Comparator::Gt => a > b,
                _ => a >= b,
            }),
            _ => Value::Null,
        },
    }
}

fn equal(left: &Value, right: &Value) -> bool {
    match (left, right) {
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len() && a.iter().all(|(k, v)| b.iter().any(|(k2, v2)| k == k2 && equal(v, v2)))
        }
        (Value::Array(a), Value::Array(b)) => a.len() == b.len() && a.iter().zip(b).all(|(x, y)| equal(x, y)),
        _ => left == right,
    }
}

fn call(function: Function, args: &[Value]) -> Value {
    match (function, args) {
        (Function::Length, [Value::String(s)]) => Value::Number(s.chars().count() as f64),
        (Function::Length, [Value::Array(items)]) => Value::Number(items.len() as f64),
        (Function::Length, [Value::Object(members)]) => Value::Number(members.len() as f64),
        (Function::Contains, [Value::Array(items), needle]) => Value::Bool(items.iter().any(|i| equal(i, needle))),
        (Function::Contains, [Value::String(s), Value::String(needle)]) => Value::Bool(s.contains(needle.as_str())),
        (Function::Contains, [Value::String(_), _]) => Value::Bool(false),
        (Function::Keys, [Value::Object(members)]) => {
            Value::Array(members.iter().map(|(k, _)| Value::String(k.clone())).collect())
        }
        (Function::Values, [Value::Object(members)]) => Value::Array(members.iter().map(|(_, v)| v.clone()).collect()),
        _ => Value::Null,
    }
}

/// Builders the generated views call: each turns one member's Rust value
/// into a [`Value`].
impl Value {
    /// A string.
    pub fn str(s: &str) -> Value {
        Value::String(s.to_owned())
    }

    /// A number from any of the model's numeric types.
    pub fn number(n: impl Into<f64>) -> Value {
        Value::Number(n.into())
    }

    /// A 64-bit integer, as JMESPath's numbers hold it (exact up to 2^53).
    pub fn long(n: i64) -> Value {
        Value::Number(n as f64)
    }

    /// An optional value: `null` when absent.
    pub fn opt<T>(value: Option<&T>, convert: impl Fn(&T) -> Value) -> Value {
        value.map_or(Value::Null, convert)
    }

    /// A list, each element converted.
    pub fn list<T>(items: &[T], convert: impl Fn(&T) -> Value) -> Value {
        Value::Array(items.iter().map(convert).collect())
    }

    /// A map, each value converted; keys sorted, as maps have no order.
    pub fn map<K: AsRef<str>, V>(entries: &std::collections::HashMap<K, V>, convert: impl Fn(&V) -> Value) -> Value {
        let mut members: Vec<(String, Value)> =
            entries.iter().map(|(k, v)| (k.as_ref().to_owned(), convert(v))).collect();
        members.sort_by(|a, b| a.0.cmp(&b.0));
        Value::Object(members)
    }

    /// A structure or union: only the members an expression reads.
    pub fn object<const N: usize>(members: [(&str, Value); N]) -> Value {
        Value::Object(members.into_iter().map(|(k, v)| (k.to_owned(), v)).collect())
    }

    /// The strings of an array result, for endpoint parameters of type
    /// `stringArray`: `None` unless the value is an array of strings only.
    pub fn into_string_array(self) -> Option<Vec<String>> {
        match self {
            Value::Array(items) => items
                .into_iter()
                .map(|item| match item {
                    Value::String(s) => Some(s),
                    _ => None,
                })
                .collect(),
            _ => None,
        }
    }

    /// The string of a string result, for endpoint parameters of type `string`.
    pub fn into_string(self) -> Option<String> {
        match self {
            Value::String(s) => Some(s),
            _ => None,
        }
    }

    /// The boolean of a boolean result, for endpoint parameters of type `boolean`.
    pub fn as_bool(&self) -> Option<bool> {
        match self {
            Value::Bool(b) => Some(*b),
            _ => None,
        }
    }
}

/// Parses `expr` and evaluates it against `data`; `null` if it does not
/// parse (the generator checked it, so it always does).
pub fn search_text(expr: &str, data: &Value) -> Value {
    match parse(expr) {
        Ok(expr) => search(&expr, data),
        Err(_) => Value::Null,
    }
}

#[cfg(test)]
mod tests;
