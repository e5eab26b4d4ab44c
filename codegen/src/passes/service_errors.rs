//! Errors declared on the service apply to every operation: copy them onto
//! each operation so the operation error enums list them.

use crate::smithy::{Model, ShapeId, ShapeKind};

/// Appends the service's errors to each operation that does not list them.
pub fn copy_service_errors(model: &mut Model, service: &ShapeId) {
    let Some(ShapeKind::Service(svc)) = model.shape(service).map(|s| &s.kind) else { return };
    let (errors, operations) = (svc.errors.clone(), svc.operations.clone());
    for op in operations {
        if let Some(ShapeKind::Operation(op)) = model.shape_mut(&op).map(|s| &mut s.kind) {
            for e in &errors {
                if !op.errors.contains(e) {
                    op.errors.push(e.clone());
                }
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::load_str;

    #[test]
    fn service_errors_are_added_once() {
        let mut model = load_str(
            "m.json",
            r#"{"smithy": "2.0", "shapes": {
                "ex#S": {"type": "service", "operations": [{"target": "ex#Op"}], "errors": [{"target": "ex#E"}, {"target": "ex#F"}]},
                "ex#Op": {"type": "operation", "errors": [{"target": "ex#F"}]},
                "ex#E": {"type": "structure", "traits": {"smithy.api#error": "server"}},
                "ex#F": {"type": "structure", "traits": {"smithy.api#error": "client"}}}}"#,
        )
        .unwrap();
        copy_service_errors(&mut model, &ShapeId::new("ex", "S"));
        let ShapeKind::Operation(op) = &model.shape(&ShapeId::new("ex", "Op")).unwrap().kind else { panic!() };
        assert_eq!(op.errors, [ShapeId::new("ex", "F"), ShapeId::new("ex", "E")]);
    }
}
