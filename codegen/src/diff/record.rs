//! The recorder the comparison steps write to: both sides, and the changes
//! found so far.

use std::collections::{BTreeMap, BTreeSet};

use super::change::{Bump, Change, ChangeKind, Impact, QuietChanges};
use super::side::{Direction, Side};
use crate::smithy::ShapeId;

/// Where a change is: the shape (normalised id and as the models name it),
/// the member, value or error concerned, and the Rust item.
#[derive(Debug, Clone)]
pub(crate) struct At {
    pub origin: ShapeId,
    pub shape: String,
    pub member: Option<String>,
    pub rust_item: Option<String>,
}

impl At {
    /// The same place, narrowed to a member and its Rust item.
    pub fn member(&self, name: &str, rust_item: Option<String>) -> At {
        At { member: Some(name.to_owned()), rust_item, ..self.clone() }
    }

    /// How the change's subject reads in text: `Shape$member` or `Shape`.
    pub fn subject(&self) -> String {
        match &self.member {
            Some(m) => format!("{}${m}", self.shape),
            None => self.shape.clone(),
        }
    }
}

/// Collects changes while the comparison walks both models.
pub(crate) struct Recorder<'a> {
    pub old: &'a Side,
    pub new: &'a Side,
    pub changes: Vec<Change>,
    docs: BTreeMap<String, ShapeId>,
    metadata: BTreeMap<String, (ShapeId, BTreeSet<String>)>,
}

impl<'a> Recorder<'a> {
    /// A recorder for comparing `old` with `new`.
    pub fn new(old: &'a Side, new: &'a Side) -> Recorder<'a> {
        Recorder { old, new, changes: Vec::new(), docs: BTreeMap::new(), metadata: BTreeMap::new() }
    }

    /// The place of a shape (normalised id), named as the newer side names it.
    pub fn at(&self, id: &ShapeId) -> At {
        let root = id.root();
        let side = if self.new.shape(&root).is_some() { self.new } else { self.old };
        At {
            origin: root.clone(),
            shape: side.display(&root),
            member: None,
            rust_item: self.new.rust_path(&root).or_else(|| self.old.rust_path(&root)),
        }
    }

    /// Which way the shape travels, on either side; both when unknown.
    pub fn direction(&self, id: &ShapeId) -> Direction {
        self.old.direction(id).or(self.new.direction(id)).or_both()
    }

    /// Records one change.
    pub fn record(&mut self, kind: ChangeKind, at: &At, detail: String, wire: Impact, rust_api: Impact, semver: Bump) {
        self.changes.push(Change {
            kind,
            shape: at.shape.clone(),
            member: at.member.clone(),
            rust_item: at.rust_item.clone(),
            detail,
            wire,
            rust_api,
            semver,
            origin: at.origin.clone(),
        });
    }

    /// Notes a documentation change on a shape or member.
    pub fn documentation(&mut self, at: &At) {
        self.docs.insert(at.subject(), at.origin.clone());
    }

    /// Notes a change of a trait that cannot affect the client.
    pub fn metadata(&mut self, at: &At, trait_id: &str) {
        let entry = self.metadata.entry(at.subject()).or_insert_with(|| (at.origin.clone(), BTreeSet::new()));
        entry.1.insert(trait_id.to_owned());
    }

    /// The documentation and metadata notes, sorted.
    pub fn quiet(&self) -> (QuietChanges, QuietChanges) {
        let docs = QuietChanges {
            ids: self.docs.keys().cloned().collect(),
            traits: Vec::new(),
            origins: self.docs.values().cloned().collect(),
        };
        let traits: BTreeSet<String> = self.metadata.values().flat_map(|(_, t)| t.iter().cloned()).collect();
        let metadata = QuietChanges {
            ids: self.metadata.keys().cloned().collect(),
            traits: traits.into_iter().collect(),
            origins: self.metadata.values().map(|(o, _)| o.clone()).collect(),
        };
        (docs, metadata)
    }
}
