//! Every operation gets its own input and output structure (`<Op>Input`,
//! `<Op>Output`), as the generated crate places them in the operation's module.
//! Operations without input or output get empty ones.

use serde_json::{Value, json};

use crate::smithy::{Member, Model, Shape, ShapeId, ShapeKind, Traits};

/// Namespace of shapes the passes create.
pub const SYNTHETIC_NAMESPACE: &str = "smithy.synthetic";

/// Trait on synthetic input/output structures naming their operation.
const OPERATION_TRAIT: &str = "smithy.synthetic#operation";

/// Trait on synthetic input/output structures naming the structure they copy.
const ORIGINAL_TRAIT: &str = "smithy.synthetic#original";

/// The structure a synthetic input or output copies, if it copies one.
pub fn original_structure(shape: &Shape) -> Option<ShapeId> {
    ShapeId::parse(shape.traits.get(ORIGINAL_TRAIT)?.as_str()?).ok()
}

/// Whether a synthetic structure is an operation's input or output.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SyntheticIo {
    /// The input of this operation.
    Input(ShapeId),
    /// The output of this operation.
    Output(ShapeId),
}

impl SyntheticIo {
    /// For a shape made by [`synthesize_operation_io`], what it is.
    pub fn of(shape: &Shape) -> Option<SyntheticIo> {
        let op = ShapeId::parse(shape.traits.get(OPERATION_TRAIT)?.as_str()?).ok()?;
        if shape.traits.input { Some(SyntheticIo::Input(op)) } else { Some(SyntheticIo::Output(op)) }
    }
}

/// Replaces each operation's input and output with a copy of its own; the
/// originals stay only where other shapes still refer to them.
pub fn synthesize_operation_io(model: &mut Model, service: &ShapeId) {
    let Some(ShapeKind::Service(svc)) = model.shape(service).map(|s| &s.kind) else { return };
    let mut replaced = Vec::new();
    for op_id in svc.operations.clone() {
        let Some(ShapeKind::Operation(op)) = model.shape(&op_id).map(|s| s.kind.clone()) else { continue };
        let input = synthetic(model, &op_id, &op.input, "Input");
        let output = synthetic(model, &op_id, &op.output, "Output");
        replaced.extend([op.input.clone(), op.output.clone()]);
        if let Some(ShapeKind::Operation(op)) = model.shape_mut(&op_id).map(|s| &mut s.kind) {
            op.input = input.id.clone();
            op.output = output.id.clone();
        }
        model.insert(input);
        model.insert(output);
    }
    let mut referenced = std::collections::BTreeSet::new();
    for shape in model.shapes() {
        match &shape.kind {
            ShapeKind::Operation(op) => referenced.extend([op.input.clone(), op.output.clone()]),
            kind => referenced.extend(kind.members().into_iter().map(|m| m.target.clone())),
        }
    }
    for id in replaced {
        if !referenced.contains(&id) && !id.is_prelude() {
            model.remove(&id);
        }
    }
}

fn synthetic(model: &Model, op: &ShapeId, original: &ShapeId, suffix: &str) -> Shape {
    let id = ShapeId::new(SYNTHETIC_NAMESPACE, &format!("{}{suffix}", op.name()));
    let source = model.shape(original);
    let members: Vec<Member> = match source.map(|s| &s.kind) {
        Some(ShapeKind::Structure(members)) => {
            members.iter().map(|m| Member { id: id.with_member(&m.name), ..m.clone() }).collect()
        }
        _ => Vec::new(),
    };
    let mut traits = Traits::default();
    if let Some(doc) = source.filter(|s| !s.id.is_prelude()).and_then(|s| s.traits.documentation.clone()) {
        let _ = traits.set("smithy.api#documentation", Value::String(doc));
    }
    // A sensitive input or output stays sensitive, or its copy would print in clear.
    if source.is_some_and(|s| s.traits.sensitive) {
        let _ = traits.set("smithy.api#sensitive", json!({}));
    }
    // The XML protocols name a body's root element after the original structure.
    if let Some(source) = source.filter(|s| !s.id.is_prelude()) {
        for xml_trait in ["smithy.api#xmlName", "smithy.api#xmlNamespace"] {
            if let Some(value) = source.traits.get(xml_trait) {
                let _ = traits.set(xml_trait, value.clone());
            }
        }
        let _ = traits.set(ORIGINAL_TRAIT, Value::String(source.id.to_string()));
    }
    let marker = if suffix == "Input" { "smithy.api#input" } else { "smithy.api#output" };
    let _ = traits.set(marker, json!({}));
    let _ = traits.set(OPERATION_TRAIT, Value::String(op.to_string()));
    Shape { id, kind: ShapeKind::Structure(members), traits }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::load_str;

    #[test]
    fn operations_get_their_own_input_and_output() {
        let mut model = load_str(
            "m.json",
            r#"{"smithy": "2.0", "shapes": {
                "ex#S": {"type": "service", "operations": [{"target": "ex#Get"}]},
                "ex#Get": {"type": "operation", "input": {"target": "ex#GetRequest"}},
                "ex#GetRequest": {"type": "structure", "members": {"Id": {"target": "smithy.api#String"}},
                                  "traits": {"smithy.api#documentation": "In."}}}}"#,
        )
        .unwrap();
        synthesize_operation_io(&mut model, &ShapeId::new("ex", "S"));
        let input = model.shape(&ShapeId::new(SYNTHETIC_NAMESPACE, "GetInput")).unwrap();
        assert_eq!(input.kind.members()[0].id.to_string(), "smithy.synthetic#GetInput$Id");
        assert_eq!(input.traits.documentation.as_deref(), Some("In."));
        assert_eq!(SyntheticIo::of(input), Some(SyntheticIo::Input(ShapeId::new("ex", "Get"))));
        let output = model.shape(&ShapeId::new(SYNTHETIC_NAMESPACE, "GetOutput")).unwrap();
        assert!(output.kind.members().is_empty());
        assert!(model.shape(&ShapeId::new("ex", "GetRequest")).is_none(), "the original is no longer used");
    }
}
