//! Recursive structures and unions need indirection: a member whose target
//! can contain, without passing through a list or map, the member's own
//! container is marked to be boxed.

use std::collections::BTreeMap;

use serde_json::json;

use crate::smithy::{Model, ShapeId, ShapeKind};

/// Synthetic member trait: the member's Rust type is boxed.
pub const BOX_TRAIT: &str = "smithy.synthetic#box";

/// Marks every member that closes a cycle of direct containment.
pub fn mark_recursive_members(model: &mut Model) {
    let component = strongly_connected_components(model);
    let mut to_box = Vec::new();
    for shape in model.shapes() {
        let (ShapeKind::Structure(members) | ShapeKind::Union(members)) = &shape.kind else { continue };
        for m in members {
            let same = component.get(&shape.id).is_some_and(|c| component.get(&m.target) == Some(c));
            let cyclic = same
                && (m.target == shape.id || component.values().filter(|c| **c == component[&shape.id]).count() > 1);
            if cyclic {
                to_box.push(m.id.clone());
            }
        }
    }
    for member_id in to_box {
        let Some(shape) = model.shape_mut(&member_id.root()) else { continue };
        if let ShapeKind::Structure(members) | ShapeKind::Union(members) = &mut shape.kind {
            if let Some(m) = members.iter_mut().find(|m| Some(m.name.as_str()) == member_id.member()) {
                let _ = m.traits.set(BOX_TRAIT, json!({}));
            }
        }
    }
}

/// Tarjan's algorithm over "structure/union directly contains structure/union".
fn strongly_connected_components(model: &Model) -> BTreeMap<ShapeId, usize> {
    let edges: BTreeMap<&ShapeId, Vec<&ShapeId>> = model
        .shapes()
        .filter_map(|s| match &s.kind {
            ShapeKind::Structure(members) | ShapeKind::Union(members) => Some((
                &s.id,
                members
                    .iter()
                    .map(|m| &m.target)
                    .filter(|t| {
                        matches!(model.shape(t).map(|s| &s.kind), Some(ShapeKind::Structure(_) | ShapeKind::Union(_)))
                    })
                    .collect(),
            )),
            _ => None,
        })
        .collect();
    let mut state = Tarjan {
        edges: &edges,
        index: BTreeMap::new(),
        low: BTreeMap::new(),
        stack: Vec::new(),
        on_stack: Default::default(),
        next: 0,
        component: BTreeMap::new(),
        components: 0,
    };
    for node in edges.keys() {
        if !state.index.contains_key(*node) {
            state.visit(node);
        }
    }
    state.component
}

struct Tarjan<'a> {
    edges: &'a BTreeMap<&'a ShapeId, Vec<&'a ShapeId>>,
    index: BTreeMap<&'a ShapeId, usize>,
    low: BTreeMap<&'a ShapeId, usize>,
    stack: Vec<&'a ShapeId>,
    on_stack: std::collections::BTreeSet<&'a ShapeId>,
    next: usize,
    component: BTreeMap<ShapeId, usize>,
    components: usize,
}

impl<'a> Tarjan<'a> {
    fn visit(&mut self, node: &'a ShapeId) {
        self.index.insert(node, self.next);
        self.low.insert(node, self.next);
        self.next += 1;
        self.stack.push(node);
        self.on_stack.insert(node);
        for &next in self.edges.get(node).map(Vec::as_slice).unwrap_or_default() {
            if !self.index.contains_key(next) {
                self.visit(next);
                let low = self.low[node].min(self.low[next]);
                self.low.insert(node, low);
            } else if self.on_stack.contains(next) {
                let low = self.low[node].min(self.index[next]);
                self.low.insert(node, low);
            }
        }
        if self.low[node] == self.index[node] {
            while let Some(top) = self.stack.pop() {
                self.on_stack.remove(top);
                self.component.insert(top.clone(), self.components);
                if top == node {
                    break;
                }
            }
            self.components += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::load_str;

    fn boxed(model: &Model, member: &str) -> bool {
        model.member(&ShapeId::parse(member).unwrap()).unwrap().traits.has(BOX_TRAIT)
    }

    #[test]
    fn direct_cycles_are_boxed_and_cycles_through_lists_are_not() {
        let mut model = load_str(
            "m.json",
            r#"{"smithy": "2.0", "shapes": {
                "ex#Node": {"type": "structure", "members": {"next": {"target": "ex#Node"}, "kids": {"target": "ex#Nodes"}, "v": {"target": "ex#Val"}}},
                "ex#Nodes": {"type": "list", "member": {"target": "ex#Node"}},
                "ex#Val": {"type": "union", "members": {"s": {"target": "smithy.api#String"}, "pair": {"target": "ex#Pair"}}},
                "ex#Pair": {"type": "structure", "members": {"left": {"target": "ex#Val"}, "name": {"target": "smithy.api#String"}}}}}"#,
        )
        .unwrap();
        mark_recursive_members(&mut model);
        assert!(boxed(&model, "ex#Node$next"));
        assert!(!boxed(&model, "ex#Node$kids"));
        assert!(!boxed(&model, "ex#Node$v"), "Val does not contain Node");
        assert!(boxed(&model, "ex#Val$pair"));
        assert!(boxed(&model, "ex#Pair$left"));
        assert!(!boxed(&model, "ex#Val$s"));
    }
}
