//! Reading JSON AST files into a [`Model`]: parse, merge files and the prelude,
//! apply `apply` statements, flatten mixins, type the traits, then validate.

use std::collections::{BTreeMap, BTreeSet};
use std::path::{Path, PathBuf};

use serde_json::{Map, Value};

use super::error::{LoadError, Problem};
use super::model::{Member, Model, Operation, Resource, Service, Shape, ShapeKind, SimpleType};
use super::prelude::PRELUDE_JSON;
use super::shape_id::{ShapeId, is_identifier};
use super::traits::Traits;
use super::validate::validate;

/// Loads one model file (the prelude is added).
pub fn load_file(path: &Path) -> Result<Model, LoadError> {
    load_files(&[path.to_path_buf()])
}

/// Loads and merges several model files (the prelude is added).
pub fn load_files(paths: &[PathBuf]) -> Result<Model, LoadError> {
    let mut sources = Vec::with_capacity(paths.len());
    for path in paths {
        let text = std::fs::read_to_string(path).map_err(|source| LoadError::Io { path: path.clone(), source })?;
        sources.push((path.display().to_string(), text));
    }
    let refs: Vec<(&str, &str)> = sources.iter().map(|(n, t)| (n.as_str(), t.as_str())).collect();
    load_sources(&refs)
}

/// Loads a model from JSON text; `name` is used in error messages.
pub fn load_str(name: &str, text: &str) -> Result<Model, LoadError> {
    load_sources(&[(name, text)])
}

fn load_sources(sources: &[(&str, &str)]) -> Result<Model, LoadError> {
    let mut asm = Assembler::default();
    asm.add("<prelude>", PRELUDE_JSON)?;
    for (name, text) in sources {
        asm.add(name, text)?;
    }
    asm.finish()
}

/// A shape as written, before traits are typed.
#[derive(Debug, Clone)]
struct RawShape {
    file: String,
    type_name: String,
    body: Map<String, Value>,
    traits: BTreeMap<String, Value>,
    /// Member name → (target text, traits), in model order.
    members: Vec<(String, Value)>,
}

#[derive(Default)]
struct Assembler {
    shapes: BTreeMap<ShapeId, RawShape>,
    applies: Vec<(String, ShapeId, BTreeMap<String, Value>)>,
    metadata: Map<String, Value>,
    problems: Vec<Problem>,
}

const AGGREGATE_KEYS: &[(&str, &[&str])] = &[
    ("enum", &["members"]),
    ("intEnum", &["members"]),
    ("list", &["member"]),
    ("map", &["key", "value"]),
    ("structure", &["members"]),
    ("union", &["members"]),
    ("operation", &["input", "output", "errors"]),
    ("service", &["version", "operations", "resources", "errors", "rename"]),
    (
        "resource",
        &[
            "identifiers",
            "properties",
            "create",
            "put",
            "read",
            "update",
            "delete",
            "list",
            "operations",
            "collectionOperations",
            "resources",
        ],
    ),
];

impl Assembler {
    fn add(&mut self, file: &str, text: &str) -> Result<(), LoadError> {
        let doc: Value = serde_json::from_str(text).map_err(|e| LoadError::Json {
            path: file.to_owned(),
            line: e.line(),
            column: e.column(),
            message: strip_position(&e.to_string()),
        })?;
        let problem = |message: String| Problem { file: file.to_owned(), shape: None, message };
        let Value::Object(doc) = doc else {
            return Err(LoadError::Invalid(vec![problem("the top level must be a JSON object".into())]));
        };
        match doc.get("smithy").and_then(Value::as_str) {
            Some(v) if v == "2" || v.starts_with("2.") => {}
            Some(v) => {
                let msg = format!("Smithy IDL version `{v}` is not supported (only 2.0 JSON AST models are)");
                return Err(LoadError::Invalid(vec![problem(msg)]));
            }
            None => return Err(LoadError::Invalid(vec![problem("missing the `smithy` version string".into())])),
        }
        if let Some(meta) = doc.get("metadata") {
            match meta.as_object() {
                Some(meta) => self.metadata.extend(meta.clone()),
                None => self.problems.push(problem("`metadata` must be an object".into())),
            }
        }
        let shapes = match doc.get("shapes") {
            None => return Ok(()),
            Some(Value::Object(shapes)) => shapes,
            Some(_) => return Err(LoadError::Invalid(vec![problem("`shapes` must be an object".into())])),
        };
        for (id_text, body) in shapes {
            self.add_shape(file, id_text, body);
        }
        Ok(())
    }

    fn add_shape(&mut self, file: &str, id_text: &str, body: &Value) {
        let mut report = |shape: Option<String>, message: String| {
            self.problems.push(Problem { file: file.to_owned(), shape, message });
        };
        let id = match ShapeId::parse(id_text) {
            Ok(id) => id,
            Err(e) => return report(Some(id_text.to_owned()), e.to_string()),
        };
        let at = Some(id.to_string());
        let Some(body) = body.as_object() else {
            return report(at, "a shape must be a JSON object".into());
        };
        let Some(type_name) = body.get("type").and_then(Value::as_str) else {
            return report(at, "missing the shape `type`".into());
        };
        let traits = match body.get("traits") {
            None => BTreeMap::new(),
            Some(Value::Object(t)) => t.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
            Some(_) => return report(at, "`traits` must be an object".into()),
        };
        for trait_id in traits.keys() {
            if ShapeId::parse(trait_id).is_err() {
                report(at.clone(), format!("trait id `{trait_id}` must be an absolute shape id"));
            }
        }
        if type_name == "apply" {
            self.applies.push((file.to_owned(), id, traits));
            return;
        }
        if id.member().is_some() {
            return report(at, "only `apply` statements may use a member id as their key".into());
        }
        let allowed: &[&str] = if SimpleType::from_name(type_name).is_some() {
            &[]
        } else if let Some((_, keys)) = AGGREGATE_KEYS.iter().find(|(t, _)| *t == type_name) {
            keys
        } else {
            return report(at, format!("unknown shape type `{type_name}`"));
        };
        for key in body.keys() {
            if !matches!(key.as_str(), "type" | "traits" | "mixins") && !allowed.contains(&key.as_str()) {
                let what = if matches!(key.as_str(), "members" | "member" | "key" | "value") {
                    format!("`{key}` is not allowed on a {type_name} shape (only aggregate shapes have members)")
                } else {
                    format!("unknown property `{key}` on a {type_name} shape")
                };
                report(at.clone(), what);
            }
        }
        let mut members = Vec::new();
        match type_name {
            "list" => members.extend(body.get("member").map(|m| ("member".to_owned(), m.clone()))),
            "map" => {
                members.extend(body.get("key").map(|m| ("key".to_owned(), m.clone())));
                members.extend(body.get("value").map(|m| ("value".to_owned(), m.clone())));
            }
            _ => match body.get("members") {
                None => {}
                Some(Value::Object(m)) => members.extend(m.iter().map(|(k, v)| (k.clone(), v.clone()))),
                Some(_) => report(at.clone(), "`members` must be an object".into()),
            },
        }
        let raw =
            RawShape { file: file.to_owned(), type_name: type_name.to_owned(), body: body.clone(), traits, members };
        if let Some(existing) = self.shapes.get(&id) {
            if existing.body != raw.body {
                let msg = format!("defined again with a different definition (first in {})", existing.file);
                report(at, msg);
            }
            return;
        }
        self.shapes.insert(id, raw);
    }

    fn finish(mut self) -> Result<Model, LoadError> {
        self.check_case_conflicts();
        self.apply_traits();
        self.flatten_mixins();
        let mut model = Model { metadata: std::mem::take(&mut self.metadata), shapes: BTreeMap::new() };
        let mut files = BTreeMap::new();
        for (id, raw) in std::mem::take(&mut self.shapes) {
            if let Some(shape) = self.build_shape(&id, &raw) {
                model.shapes.insert(id.clone(), shape);
                files.insert(id, raw.file);
            }
        }
        if self.problems.is_empty() {
            self.problems.extend(validate(&model, &files));
        }
        if self.problems.is_empty() { Ok(model) } else { Err(LoadError::Invalid(self.problems)) }
    }

    /// Smithy forbids ids that differ only in case: they would collide in many languages.
    fn check_case_conflicts(&mut self) {
        let mut seen: BTreeMap<String, &ShapeId> = BTreeMap::new();
        for (id, raw) in &self.shapes {
            if let Some(other) = seen.insert(id.to_string().to_ascii_lowercase(), id) {
                self.problems.push(Problem {
                    file: raw.file.clone(),
                    shape: Some(id.to_string()),
                    message: format!("conflicts with `{other}`: shape ids must differ in more than case"),
                });
            }
        }
    }

    fn apply_traits(&mut self) {
        for (file, target, traits) in std::mem::take(&mut self.applies) {
            let report = |message: String| Problem { file: file.clone(), shape: Some(target.to_string()), message };
            let Some(shape) = self.shapes.get_mut(&target.root()) else {
                self.problems.push(report("`apply` targets a shape that does not exist".into()));
                continue;
            };
            let dest = match target.member() {
                None => &mut shape.traits,
                Some(member) => match shape.members.iter_mut().find(|(n, _)| n == member) {
                    Some((_, body)) => {
                        if !body.get("traits").is_some_and(Value::is_object) {
                            if let Some(obj) = body.as_object_mut() {
                                obj.insert("traits".into(), Value::Object(Map::new()));
                            }
                        }
                        match body.get_mut("traits").and_then(Value::as_object_mut) {
                            Some(t) => {
                                for (k, v) in traits {
                                    merge_trait_map(t, k, v).unwrap_or_else(|m| self.problems.push(report(m)));
                                }
                                continue;
                            }
                            None => {
                                self.problems.push(report("the member is not an object".into()));
                                continue;
                            }
                        }
                    }
                    None => {
                        self.problems.push(report("`apply` targets a member that does not exist".into()));
                        continue;
                    }
                },
            };
            for (k, v) in traits {
                match dest.get_mut(&k) {
                    None => {
                        dest.insert(k, v);
                    }
                    Some(existing) => {
                        if let Err(m) = merge_value(existing, v, &k) {
                            self.problems.push(report(m));
                        }
                    }
                }
            }
        }
    }

    /// Copies members and traits of mixins into the shapes that use them, so
    /// the rest of the generator never sees mixins.
    fn flatten_mixins(&mut self) {
        let ids: Vec<ShapeId> = self.shapes.keys().cloned().collect();
        let mut done = BTreeSet::new();
        for id in ids {
            let mut stack = Vec::new();
            self.flatten_one(&id, &mut done, &mut stack);
        }
    }

    fn flatten_one(&mut self, id: &ShapeId, done: &mut BTreeSet<ShapeId>, stack: &mut Vec<ShapeId>) {
        if done.contains(id) {
            return;
        }
        let Some(raw) = self.shapes.get(id) else { return };
        let file = raw.file.clone();
        let report = |message: String| Problem { file: file.clone(), shape: Some(id.to_string()), message };
        let mixins = match raw.body.get("mixins") {
            None => Vec::new(),
            Some(Value::Array(list)) => list.clone(),
            Some(_) => {
                self.problems.push(report("`mixins` must be a list".into()));
                done.insert(id.clone());
                return;
            }
        };
        if stack.contains(id) {
            self.problems.push(report("mixins form a cycle".into()));
            return;
        }
        stack.push(id.clone());
        let mut members = Vec::new();
        let mut traits = BTreeMap::new();
        for entry in mixins {
            let Some(mixin_id) = target_of(&entry).and_then(|t| ShapeId::parse(t).ok()) else {
                self.problems.push(report("a mixin reference must be {\"target\": \"ns#Name\"}".into()));
                continue;
            };
            self.flatten_one(&mixin_id, done, stack);
            let Some(mixin) = self.shapes.get(&mixin_id) else {
                self.problems.push(report(format!("mixin `{mixin_id}` does not exist")));
                continue;
            };
            if !mixin.traits.contains_key("smithy.api#mixin") {
                self.problems.push(report(format!("`{mixin_id}` is used as a mixin but lacks the @mixin trait")));
                continue;
            }
            let local: Vec<String> = mixin.traits["smithy.api#mixin"]
                .get("localTraits")
                .and_then(Value::as_array)
                .map(|l| l.iter().filter_map(Value::as_str).map(str::to_owned).collect())
                .unwrap_or_default();
            for (k, v) in &mixin.traits {
                if k != "smithy.api#mixin" && !local.contains(k) {
                    traits.insert(k.clone(), v.clone());
                }
            }
            for (name, body) in &mixin.members {
                if !members.iter().any(|(n, _)| n == name) {
                    members.push((name.clone(), body.clone()));
                }
            }
        }
        stack.pop();
        done.insert(id.clone());
        if members.is_empty() && traits.is_empty() {
            return;
        }
        let Some(raw) = self.shapes.get_mut(id) else { return };
        for (k, v) in std::mem::take(&mut raw.traits) {
            traits.insert(k, v);
        }
        raw.traits = traits;
        for (name, body) in std::mem::take(&mut raw.members) {
            match members.iter_mut().find(|(n, _)| *n == name) {
                // A member redeclared locally keeps the mixin's traits it does not override.
                Some((_, inherited)) => {
                    let mut merged = inherited.clone();
                    if let (Some(dst), Some(src)) = (merged.as_object_mut(), body.as_object()) {
                        for (k, v) in src {
                            if k == "traits" {
                                let t = dst.entry("traits").or_insert_with(|| Value::Object(Map::new()));
                                if let (Some(t), Some(src_t)) = (t.as_object_mut(), v.as_object()) {
                                    t.extend(src_t.clone());
                                }
                            } else {
                                dst.insert(k.clone(), v.clone());
                            }
                        }
                    }
                    *inherited = merged;
                }
                None => members.push((name, body)),
            }
        }
        raw.members = members;
    }

    fn build_shape(&mut self, id: &ShapeId, raw: &RawShape) -> Option<Shape> {
        let at = Some(id.to_string());
        let mut problems = Vec::new();
        let (traits, trait_problems) = Traits::parse(raw.traits.clone());
        problems.extend(trait_problems);
        let members = self.build_members(id, raw);
        let refs = |key: &str, problems: &mut Vec<String>| -> Vec<ShapeId> {
            match raw.body.get(key) {
                None => Vec::new(),
                Some(Value::Array(items)) => items
                    .iter()
                    .filter_map(|item| match target_of(item).map(ShapeId::parse) {
                        Some(Ok(t)) => Some(t),
                        _ => {
                            problems.push(format!("every entry of `{key}` must be {{\"target\": \"ns#Name\"}}"));
                            None
                        }
                    })
                    .collect(),
                Some(_) => {
                    problems.push(format!("`{key}` must be a list"));
                    Vec::new()
                }
            }
        };
        let one_ref = |key: &str, problems: &mut Vec<String>| -> Option<ShapeId> {
            let value = raw.body.get(key)?;
            match target_of(value).map(ShapeId::parse) {
                Some(Ok(t)) => Some(t),
                _ => {
                    problems.push(format!("`{key}` must be {{\"target\": \"ns#Name\"}}"));
                    None
                }
            }
        };
        let kind = match raw.type_name.as_str() {
            "enum" => ShapeKind::Enum(members),
            "intEnum" => ShapeKind::IntEnum(members),
            "structure" => ShapeKind::Structure(members),
            "union" => ShapeKind::Union(members),
            "list" => match members.into_iter().next() {
                Some(m) => ShapeKind::List(m),
                None => {
                    problems.push("a list needs a `member`".into());
                    ShapeKind::List(placeholder_member(id, "member"))
                }
            },
            "map" => {
                let mut it = members.into_iter();
                match (it.next(), it.next()) {
                    (Some(key), Some(value)) if key.name == "key" && value.name == "value" => {
                        ShapeKind::Map { key, value }
                    }
                    _ => {
                        problems.push("a map needs both `key` and `value`".into());
                        ShapeKind::Map { key: placeholder_member(id, "key"), value: placeholder_member(id, "value") }
                    }
                }
            }
            "operation" => {
                let unit = || ShapeId::new("smithy.api", "Unit");
                ShapeKind::Operation(Operation {
                    input: one_ref("input", &mut problems).unwrap_or_else(unit),
                    output: one_ref("output", &mut problems).unwrap_or_else(unit),
                    errors: refs("errors", &mut problems),
                })
            }
            "service" => {
                let version = match raw.body.get("version") {
                    None => String::new(),
                    Some(Value::String(v)) => v.clone(),
                    Some(_) => {
                        problems.push("`version` must be a string".into());
                        String::new()
                    }
                };
                let mut rename = BTreeMap::new();
                if let Some(map) = raw.body.get("rename") {
                    match map.as_object() {
                        Some(map) => {
                            for (from, to) in map {
                                match (ShapeId::parse(from), to.as_str()) {
                                    (Ok(from), Some(to)) if is_identifier(to) => {
                                        rename.insert(from, to.to_owned());
                                    }
                                    _ => problems
                                        .push(format!("`rename` of `{from}` must map a shape id to an identifier")),
                                }
                            }
                        }
                        None => problems.push("`rename` must be an object".into()),
                    }
                }
                ShapeKind::Service(Service {
                    version,
                    operations: refs("operations", &mut problems),
                    resources: refs("resources", &mut problems),
                    errors: refs("errors", &mut problems),
                    rename,
                })
            }
            "resource" => {
                let mut identifiers = Vec::new();
                for key in ["identifiers", "properties"] {
                    match raw.body.get(key) {
                        None => {}
                        Some(Value::Object(ids)) => {
                            for (name, target) in ids {
                                match target_of(target).map(ShapeId::parse) {
                                    Some(Ok(t)) if key == "identifiers" => identifiers.push((name.clone(), t)),
                                    Some(Ok(_)) => {}
                                    _ => problems
                                        .push(format!("`{key}` entry `{name}` must be {{\"target\": \"ns#Name\"}}")),
                                }
                            }
                        }
                        Some(_) => problems.push(format!("`{key}` must be an object")),
                    }
                }
                let mut lifecycle = Vec::new();
                for key in ["create", "put", "read", "update", "delete", "list"] {
                    if let Some(t) = one_ref(key, &mut problems) {
                        lifecycle.push((key, t));
                    }
                }
                ShapeKind::Resource(Resource {
                    identifiers,
                    lifecycle,
                    operations: refs("operations", &mut problems),
                    collection_operations: refs("collectionOperations", &mut problems),
                    resources: refs("resources", &mut problems),
                })
            }
            simple => ShapeKind::Simple(SimpleType::from_name(simple)?),
        };
        for message in problems {
            self.problems.push(Problem { file: raw.file.clone(), shape: at.clone(), message });
        }
        Some(Shape { id: id.clone(), kind, traits })
    }

    fn build_members(&mut self, id: &ShapeId, raw: &RawShape) -> Vec<Member> {
        let mut members = Vec::new();
        for (name, body) in &raw.members {
            let member_id = id.with_member(if is_identifier(name) { name } else { "invalid" });
            let mut report = |message: String| {
                self.problems.push(Problem { file: raw.file.clone(), shape: Some(format!("{id}${name}")), message });
            };
            if !is_identifier(name) {
                report("member names must be identifiers".into());
                continue;
            }
            let Some(body) = body.as_object() else {
                report("a member must be a JSON object".into());
                continue;
            };
            let target = match body.get("target").and_then(Value::as_str).map(ShapeId::parse) {
                Some(Ok(t)) if t.member().is_none() => t,
                Some(Ok(_)) => {
                    report("a member cannot target another member".into());
                    continue;
                }
                Some(Err(e)) => {
                    report(format!("bad target: {e}"));
                    continue;
                }
                None => {
                    report("missing the member `target`".into());
                    continue;
                }
            };
            for key in body.keys() {
                if key != "target" && key != "traits" {
                    report(format!("unknown property `{key}` on a member"));
                }
            }
            let raw_traits: BTreeMap<String, Value> = match body.get("traits") {
                None => BTreeMap::new(),
                Some(Value::Object(t)) => t.iter().map(|(k, v)| (k.clone(), v.clone())).collect(),
                Some(_) => {
                    report("`traits` must be an object".into());
                    BTreeMap::new()
                }
            };
            let (traits, trait_problems) = Traits::parse(raw_traits);
            for p in trait_problems {
                report(p);
            }
            members.push(Member { id: member_id, name: name.clone(), target, traits });
        }
        members
    }
}

fn target_of(value: &Value) -> Option<&str> {
    value.get("target").and_then(Value::as_str)
}

fn placeholder_member(id: &ShapeId, name: &str) -> Member {
    Member {
        id: id.with_member(name),
        name: name.into(),
        target: ShapeId::new("smithy.api", "Unit"),
        traits: Traits::default(),
    }
}

/// Merging rules for traits applied twice: equal values are fine, lists concatenate.
fn merge_value(existing: &mut Value, new: Value, id: &str) -> Result<(), String> {
    match (existing, new) {
        (e, n) if *e == n => Ok(()),
        (Value::Array(e), Value::Array(n)) => {
            e.extend(n);
            Ok(())
        }
        _ => Err(format!("trait `{id}` is applied twice with different values")),
    }
}

fn merge_trait_map(map: &mut Map<String, Value>, id: String, value: Value) -> Result<(), String> {
    match map.get_mut(&id) {
        None => {
            map.insert(id, value);
            Ok(())
        }
        Some(existing) => merge_value(existing, value, &id),
    }
}

/// serde_json appends " at line L column C"; the position is reported separately.
fn strip_position(message: &str) -> String {
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_owned(),
        None => message.to_owned(),
    }
}
