//! JMESPath expressions checked against the shapes they read, and the
//! *views* that expose those shapes to the runtime's interpreter
//! (`rt::jmespath`).
//!
//! Evaluation happens at run time, in the runtime crate's interpreter over a
//! small dynamic value (see the reasons there). The generator does two
//! things with each expression: it parses it with the runtime's own parser
//! (the same file, compiled here, so the two can never disagree) and walks it
//! against the shapes, which both rejects what the subset cannot serve (a
//! member that does not exist, a whole structure compared or counted, a
//! union, a blob) and finds the members the expression reads. A view is a
//! function from the Rust value to `Value` that converts only those members:
//! for `Stacks[].StackStatus`, one list of one-member objects, whatever else
//! the output holds. So emitted code grows with what expressions read, not
//! with the size of the shapes.

#[path = "../../runtime/src/rt/jmespath/parse.rs"]
#[allow(dead_code)]
mod syntax;

use std::collections::BTreeMap;

use proc_macro2::TokenStream;
use quote::quote;

pub use self::syntax::parse;
use self::syntax::{Expr, Function};
use super::Ctx;
use super::structure::fields;
use super::tokens::ident;
use crate::names::RustType;
use crate::smithy::{Shape, ShapeId, ShapeKind, SimpleType};

/// The members read below one position of a view.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Reads {
    /// Structure members read, by member name.
    members: BTreeMap<String, Reads>,
    /// What is read of each element of a list or each value of a map.
    elements: Option<Box<Reads>>,
}

impl Reads {
    fn at(&mut self, path: &[Step]) -> &mut Reads {
        let mut node = self;
        for step in path {
            node = match step {
                Step::Member(name) => node.members.entry(name.clone()).or_default(),
                Step::Element => node.elements.get_or_insert_with(Default::default),
            };
        }
        node
    }
}

#[derive(Debug, Clone, PartialEq, Eq)]
enum Step {
    Member(String),
    Element,
}

/// A position in a view: which root, which shape, how it was reached.
#[derive(Debug, Clone)]
struct Node {
    root: usize,
    shape: ShapeId,
    path: Vec<Step>,
}

/// What an expression's value is, as far as the shapes tell.
#[derive(Debug, Clone)]
enum Cursor {
    /// A value of the view.
    Node(Node),
    /// `{"input": …, "output": …}` of an `inputOutput` matcher.
    InputOutput,
    /// An array whose elements are the inner cursor's values.
    Array(Box<Cursor>),
    /// One of several values (`a || b`, the items of a multi-select list).
    Many(Vec<Cursor>),
    /// A value computed by the expression (a comparison, a literal, a count).
    Computed,
}

/// The roots an expression can read (views name the runtime's value type
/// `Value`: the caller brings `crate::rt::jmespath::Value` into scope): `[output]`, `[input]` or `[input, output]`.
pub struct Analysis<'c, 'a> {
    ctx: &'c Ctx<'a>,
    roots: Vec<ShapeId>,
    /// What is read below each root.
    pub reads: Vec<Reads>,
}

type Checked<T> = Result<T, String>;

impl<'c, 'a> Analysis<'c, 'a> {
    /// An analysis over these root shapes.
    pub fn new(ctx: &'c Ctx<'a>, roots: Vec<ShapeId>) -> Self {
        let reads = vec![Reads::default(); roots.len()];
        Analysis { ctx, roots, reads }
    }

    /// Checks `text` against root `root` (or, with `None`, against
    /// `{"input": root 0, "output": root 1}`) and records what it reads.
    pub fn check(&mut self, text: &str, root: Option<usize>) -> Checked<()> {
        let expr = parse(text).map_err(|e| e.to_string())?;
        let start = match root {
            Some(root) => Cursor::Node(Node { root, shape: self.roots[root].clone(), path: Vec::new() }),
            None => Cursor::InputOutput,
        };
        let result = self.walk(&expr, start)?;
        self.use_whole(&result)
    }

    fn shape(&self, id: &ShapeId) -> Checked<&'a Shape> {
        self.ctx.model.shape(id).ok_or_else(|| format!("shape `{id}` is missing"))
    }

    fn record(&mut self, node: &Node) {
        self.reads[node.root].at(&node.path);
    }

    fn child(node: &Node, step: Step, shape: ShapeId) -> Node {
        let mut path = node.path.clone();
        path.push(step);
        Node { root: node.root, shape, path }
    }

    fn walk(&mut self, expr: &Expr, cursor: Cursor) -> Checked<Cursor> {
        Ok(match expr {
            Expr::Current => cursor,
            Expr::Field(name) => self.field(cursor, name)?,
            Expr::Sub(left, right) => {
                let left = self.walk(left, cursor)?;
                self.walk(right, left)?
            }
            Expr::Pipe(left, right) => {
                let left = self.walk(left, cursor)?;
                self.walk(right, left)?
            }
            Expr::Index(left, _) => {
                let left = self.walk(left, cursor)?;
                self.elements(left, false)?
            }
            Expr::ListProjection(left, right) => {
                let left = self.walk(left, cursor)?;
                let element = self.elements(left, false)?;
                Cursor::Array(Box::new(self.walk(right, element)?))
            }
            Expr::ObjectProjection(left, right) => {
                let left = self.walk(left, cursor)?;
                let value = self.elements(left, true)?;
                Cursor::Array(Box::new(self.walk(right, value)?))
            }
            Expr::Flatten(left, right) => {
                let left = self.walk(left, cursor)?;
                let element = self.flatten(left)?;
                Cursor::Array(Box::new(self.walk(right, element)?))
            }
            Expr::Filter(left, condition, right) => {
                let left = self.walk(left, cursor)?;
                let element = self.elements(left, false)?;
                let kept = self.walk(condition, element.clone())?;
                self.use_truthy(&kept)?;
                Cursor::Array(Box::new(self.walk(right, element)?))
            }
            Expr::MultiSelectList(items) => {
                let items = items.iter().map(|item| self.walk(item, cursor.clone())).collect::<Checked<Vec<_>>>()?;
                Cursor::Array(Box::new(Cursor::Many(items)))
            }
            Expr::Compare(_, left, right) => {
                let left = self.walk(left, cursor.clone())?;
                let right = self.walk(right, cursor)?;
                self.use_whole(&left)?;
                self.use_whole(&right)?;
                Cursor::Computed
            }
            Expr::And(left, right) | Expr::Or(left, right) => {
                let left = self.walk(left, cursor.clone())?;
                self.use_truthy(&left)?;
                let right = self.walk(right, cursor)?;
                Cursor::Many(vec![left, right])
            }
            Expr::Not(inner) => {
                let inner = self.walk(inner, cursor)?;
                self.use_truthy(&inner)?;
                Cursor::Computed
            }
            Expr::Literal(_) => Cursor::Computed,
            Expr::Call(function, args) => {
                let args = args.iter().map(|arg| self.walk(arg, cursor.clone())).collect::<Checked<Vec<_>>>()?;
                self.call(*function, &args)?
            }
        })
    }

    fn field(&mut self, cursor: Cursor, name: &str) -> Checked<Cursor> {
        match cursor {
            Cursor::InputOutput => match name {
                "input" => Ok(Cursor::Node(Node { root: 0, shape: self.roots[0].clone(), path: Vec::new() })),
                "output" => Ok(Cursor::Node(Node { root: 1, shape: self.roots[1].clone(), path: Vec::new() })),
                other => Err(format!("`{other}` is neither `input` nor `output`")),
            },
            Cursor::Node(node) => {
                let shape = self.shape(&node.shape)?;
                match &shape.kind {
                    ShapeKind::Structure(_) => {
                        let member = shape.kind.members().into_iter().find(|m| m.name == name);
                        let member = member.ok_or_else(|| format!("`{}` has no member `{name}`", shape.id.name()))?;
                        Ok(Cursor::Node(Self::child(&node, Step::Member(name.to_owned()), member.target.clone())))
                    }
                    ShapeKind::Union(_) => Err(format!("reads `{name}` of the union `{}`", shape.id.name())),
                    _ => Err(format!("reads `{name}` of `{}`, which is not a structure", shape.id.name())),
                }
            }
            Cursor::Many(items) => {
                Ok(Cursor::Many(items.into_iter().map(|item| self.field(item, name)).collect::<Checked<Vec<_>>>()?))
            }
            Cursor::Array(_) | Cursor::Computed => Err(format!("reads `{name}` of a value that is not an object")),
        }
    }

    /// The elements of a list (or, for `*`, the values of a map).
    fn elements(&mut self, cursor: Cursor, values: bool) -> Checked<Cursor> {
        match cursor {
            Cursor::Node(node) => {
                let shape = self.shape(&node.shape)?;
                match &shape.kind {
                    ShapeKind::List(member) if !values => {
                        Ok(Cursor::Node(Self::child(&node, Step::Element, member.target.clone())))
                    }
                    ShapeKind::Map { value, .. } if values => {
                        Ok(Cursor::Node(Self::child(&node, Step::Element, value.target.clone())))
                    }
                    _ if values => Err(format!("projects `*` over `{}`, which is not a map", shape.id.name())),
                    _ => Err(format!("indexes or projects `{}`, which is not a list", shape.id.name())),
                }
            }
            Cursor::Array(inner) if !values => Ok(*inner),
            Cursor::Many(items) => Ok(Cursor::Many(
                items.into_iter().map(|item| self.elements(item, values)).collect::<Checked<Vec<_>>>()?,
            )),
            _ => Err("projects over a value that is not a list".into()),
        }
    }

    fn flatten(&mut self, cursor: Cursor) -> Checked<Cursor> {
        let element = self.elements(cursor, false)?;
        self.flatten_item(element)
    }

    /// An element after flattening: a list's elements, anything else itself.
    fn flatten_item(&mut self, cursor: Cursor) -> Checked<Cursor> {
        match cursor {
            Cursor::Node(node) => {
                let shape = self.shape(&node.shape)?;
                match &shape.kind {
                    ShapeKind::List(member) => {
                        Ok(Cursor::Node(Self::child(&node, Step::Element, member.target.clone())))
                    }
                    _ => Ok(Cursor::Node(node)),
                }
            }
            Cursor::Array(inner) => Ok(*inner),
            Cursor::Many(items) => {
                Ok(Cursor::Many(items.into_iter().map(|item| self.flatten_item(item)).collect::<Checked<Vec<_>>>()?))
            }
            other => Ok(other),
        }
    }

    fn call(&mut self, function: Function, args: &[Cursor]) -> Checked<Cursor> {
        match (function, args) {
            (Function::Length, [arg]) => {
                if let Cursor::Node(node) = arg {
                    let kind = &self.shape(&node.shape)?.kind;
                    if matches!(kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) {
                        return Err("counts the members of a structure".into());
                    }
                }
                self.use_count(arg)?;
                Ok(Cursor::Computed)
            }
            (Function::Contains, [haystack, needle]) => {
                self.use_whole(haystack)?;
                self.use_whole(needle)?;
                Ok(Cursor::Computed)
            }
            (Function::Keys, [arg]) => {
                self.map_node(arg, "keys")?;
                Ok(Cursor::Array(Box::new(Cursor::Computed)))
            }
            (Function::Values, [arg]) => {
                let node = self.map_node(arg, "values")?;
                self.elements(Cursor::Node(node), true).map(|values| Cursor::Array(Box::new(values)))
            }
            _ => Err("a function has the wrong number of arguments".into()),
        }
    }

    fn map_node(&mut self, arg: &Cursor, function: &str) -> Checked<Node> {
        match arg {
            Cursor::Node(node) if matches!(self.shape(&node.shape)?.kind, ShapeKind::Map { .. }) => {
                self.record(node);
                Ok(node.clone())
            }
            _ => Err(format!("`{function}` of something that is not a map")),
        }
    }

    /// The value's presence (and, for a list or map, its size) is observed.
    fn use_count(&mut self, cursor: &Cursor) -> Checked<()> {
        match cursor {
            Cursor::Node(node) => {
                self.record(node);
                let kind = &self.shape(&node.shape)?.kind;
                if matches!(kind, ShapeKind::List(_) | ShapeKind::Map { .. }) {
                    let mut element = node.path.clone();
                    element.push(Step::Element);
                    self.reads[node.root].at(&element);
                }
                Ok(())
            }
            Cursor::Array(inner) => self.use_present(inner),
            Cursor::Many(items) => items.iter().try_for_each(|item| self.use_count(item)),
            Cursor::InputOutput | Cursor::Computed => Ok(()),
        }
    }

    /// Whether the value is null is observed (projections drop nulls).
    fn use_present(&mut self, cursor: &Cursor) -> Checked<()> {
        match cursor {
            Cursor::Node(node) => {
                self.record(node);
                Ok(())
            }
            Cursor::Array(_) | Cursor::InputOutput | Cursor::Computed => Ok(()),
            Cursor::Many(items) => items.iter().try_for_each(|item| self.use_present(item)),
        }
    }

    /// Whether the value is true is observed.
    fn use_truthy(&mut self, cursor: &Cursor) -> Checked<()> {
        if let Cursor::Node(node) = cursor {
            let shape = self.shape(&node.shape)?;
            if matches!(shape.kind, ShapeKind::Structure(_) | ShapeKind::Union(_)) {
                return Err(format!("tests whether the structure `{}` is empty", shape.id.name()));
            }
        }
        self.use_count(cursor)
    }

    /// The whole value is observed: scalars, and lists and maps of them.
    fn use_whole(&mut self, cursor: &Cursor) -> Checked<()> {
        match cursor {
            Cursor::Node(node) => {
                self.record(node);
                let shape = self.shape(&node.shape)?;
                match &shape.kind {
                    ShapeKind::List(member) => {
                        let element = Self::child(node, Step::Element, member.target.clone());
                        self.use_whole(&Cursor::Node(element))
                    }
                    ShapeKind::Map { value, .. } => {
                        let element = Self::child(node, Step::Element, value.target.clone());
                        self.use_whole(&Cursor::Node(element))
                    }
                    ShapeKind::Structure(_) | ShapeKind::Union(_) => {
                        Err(format!("uses the whole structure `{}` as a value", shape.id.name()))
                    }
                    _ => Ok(()),
                }
            }
            Cursor::Array(inner) => self.use_whole(inner),
            Cursor::Many(items) => items.iter().try_for_each(|item| self.use_whole(item)),
            Cursor::InputOutput => Err("uses the whole input and output as a value".into()),
            Cursor::Computed => Ok(()),
        }
    }

    /// The view function's body for root `root`, reading from `value` (a
    /// reference to the root's Rust value).
    pub fn view(&self, root: usize, value: TokenStream) -> Checked<TokenStream> {
        let shape = self.shape(&self.roots[root])?;
        let body = self.convert_structure(shape, &self.reads[root], &quote!(v))?;
        Ok(quote!({ let v = #value; #body }))
    }

    fn convert_structure(&self, shape: &Shape, reads: &Reads, value: &TokenStream) -> Checked<TokenStream> {
        let fields = fields(self.ctx, shape).map_err(|e| e.to_string())?;
        let mut members = Vec::new();
        for (name, child) in &reads.members {
            let Some(field) = fields.iter().find(|f| f.member.name == *name) else {
                return Err(format!("`{}` has no member `{name}`", shape.id.name()));
            };
            let fname = ident(&field.name);
            let target = self.shape(&field.member.target)?;
            let convert = self.convert(target, &field.ty, child)?;
            let member = if field.optional {
                quote!(Value::opt(#value.#fname.as_ref(), |v| #convert))
            } else {
                quote!({ let v = &#value.#fname; #convert })
            };
            members.push(quote!((#name, #member)));
        }
        if members.is_empty() {
            // Only the element's presence is read (`length(Items[])`): the
            // value is not looked into, and saying so keeps the closure's
            // parameter from being unused.
            return Ok(quote!({ let _ = #value; Value::object([]) }));
        }
        Ok(quote!(Value::object([#(#members),*])))
    }

    /// Converts `v` (a reference to a value of `ty`, the Rust type of `shape`).
    fn convert(&self, shape: &Shape, ty: &RustType, reads: &Reads) -> Checked<TokenStream> {
        let value = quote!(Value);
        Ok(match ty {
            RustType::Box(inner) => self.convert(shape, inner, reads)?,
            RustType::String => quote!(#value::str(v.as_str())),
            RustType::Bool => quote!(#value::Bool(*v)),
            RustType::I8 | RustType::I16 | RustType::I32 | RustType::F32 | RustType::F64 => quote!(#value::number(*v)),
            RustType::I64 => quote!(#value::long(*v)),
            RustType::DateTime => quote!(#value::Number(v.as_secs_f64())),
            RustType::Named(_) => match &shape.kind {
                ShapeKind::Enum(_) => quote!(#value::str(v.as_str())),
                ShapeKind::Structure(_) => self.convert_structure(shape, reads, &quote!(v))?,
                _ => return Err(format!("reads the union `{}`", shape.id.name())),
            },
            RustType::Vec(element) => {
                let ShapeKind::List(member) = &shape.kind else { return Err("a list that is not a list".into()) };
                let each = self.convert_element(&member.target, element, reads.elements.as_deref())?;
                quote!(#value::list(v, #each))
            }
            RustType::Map(_, element) => {
                let ShapeKind::Map { value: member, .. } = &shape.kind else {
                    return Err("a map that is not a map".into());
                };
                let each = self.convert_element(&member.target, element, reads.elements.as_deref())?;
                quote!(#value::map(v, #each))
            }
            _ => {
                let kind = match &shape.kind {
                    ShapeKind::Simple(SimpleType::Blob) => "a blob",
                    ShapeKind::Simple(SimpleType::Document) => "a document",
                    ShapeKind::Simple(SimpleType::BigInteger | SimpleType::BigDecimal) => "a big number",
                    _ => "a value of a type the subset does not convert",
                };
                return Err(format!("reads {kind} (`{}`)", shape.id.name()));
            }
        })
    }

    /// The closure converting each element (`Value::Null` when no element is read).
    fn convert_element(&self, target: &ShapeId, ty: &RustType, reads: Option<&Reads>) -> Checked<TokenStream> {
        let Some(reads) = reads else { return Ok(quote!(|_| Value::Null)) };
        let shape = self.shape(target)?;
        Ok(match ty {
            RustType::Option(inner) => {
                let convert = self.convert(shape, inner, reads)?;
                quote!(|v| Value::opt(v.as_ref(), |v| #convert))
            }
            ty => {
                let convert = self.convert(shape, ty, reads)?;
                quote!(|v| #convert)
            }
        })
    }
}
