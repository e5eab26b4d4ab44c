//! Selection: the service's operations (through its resources too) and the
//! closure of shapes the chosen ones reach.

use std::collections::{BTreeMap, BTreeSet, VecDeque};

use crate::smithy::{Model, Service, ShapeId, ShapeKind};

/// Why a selection could not be made.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum SelectError {
    /// The model defines no service.
    #[error("the model defines no service shape")]
    NoService,
    /// The model defines several services and none was chosen.
    #[error("the model defines {} services ({}); choose one with --service", .0.len(), .0.join(", "))]
    SeveralServices(Vec<String>),
    /// The chosen service does not exist.
    #[error("service `{0}` is not in the model")]
    UnknownService(String),
    /// A requested operation is not part of the service.
    #[error("operation `{name}` is not an operation of {service}; it has: {}", available.join(", "))]
    UnknownOperation {
        /// What was asked for.
        name: String,
        /// The service.
        service: String,
        /// Operation names the service does have.
        available: Vec<String>,
    },
}

/// The service to generate: the one asked for, else the model's only service.
pub fn resolve_service(model: &Model, wanted: Option<&ShapeId>) -> Result<ShapeId, SelectError> {
    if let Some(id) = wanted {
        return match model.shape(id) {
            Some(s) if matches!(s.kind, ShapeKind::Service(_)) => Ok(id.clone()),
            _ => Err(SelectError::UnknownService(id.to_string())),
        };
    }
    let services: Vec<&ShapeId> = model.services().map(|s| &s.id).collect();
    match services.as_slice() {
        [] => Err(SelectError::NoService),
        [one] => Ok((*one).clone()),
        many => Err(SelectError::SeveralServices(many.iter().map(ToString::to_string).collect())),
    }
}

/// Every operation bound to the service, directly or through its resources,
/// by operation name.
pub fn service_operations(model: &Model, service: &ShapeId) -> BTreeMap<String, ShapeId> {
    let mut found = BTreeMap::new();
    let Some(ShapeKind::Service(svc)) = model.shape(service).map(|s| &s.kind) else { return found };
    let mut resources: VecDeque<ShapeId> = svc.resources.iter().cloned().collect();
    for op in &svc.operations {
        found.insert(op.name().to_owned(), op.clone());
    }
    let mut seen = BTreeSet::new();
    while let Some(r) = resources.pop_front() {
        if !seen.insert(r.clone()) {
            continue;
        }
        if let Some(ShapeKind::Resource(res)) = model.shape(&r).map(|s| &s.kind) {
            for op in res.all_operations() {
                found.insert(op.name().to_owned(), op.clone());
            }
            resources.extend(res.resources.iter().cloned());
        }
    }
    found
}

/// A model holding the service (its operations flattened, resources dropped),
/// the chosen operations and every shape they reach.
pub fn select_closure(model: &Model, service: &ShapeId, operations: &[String]) -> Result<Model, SelectError> {
    let all = service_operations(model, service);
    let chosen: Vec<ShapeId> = if operations.is_empty() {
        all.values().cloned().collect()
    } else {
        let mut chosen = Vec::new();
        for name in operations {
            match all.get(name) {
                Some(id) => chosen.push(id.clone()),
                None => {
                    return Err(SelectError::UnknownOperation {
                        name: name.clone(),
                        service: service.to_string(),
                        available: all.keys().cloned().collect(),
                    });
                }
            }
        }
        chosen.sort();
        chosen.dedup();
        chosen
    };
    let Some(service_shape) = model.shape(service) else {
        return Err(SelectError::UnknownService(service.to_string()));
    };
    let ShapeKind::Service(svc) = &service_shape.kind else {
        return Err(SelectError::UnknownService(service.to_string()));
    };

    let mut keep = BTreeSet::new();
    let mut queue: VecDeque<ShapeId> = chosen.iter().chain(&svc.errors).cloned().collect();
    while let Some(id) = queue.pop_front() {
        if !keep.insert(id.clone()) {
            continue;
        }
        let Some(shape) = model.shape(&id) else { continue };
        match &shape.kind {
            ShapeKind::Operation(op) => {
                queue.push_back(op.input.clone());
                queue.push_back(op.output.clone());
                queue.extend(op.errors.iter().cloned());
            }
            kind => queue.extend(kind.members().into_iter().map(|m| m.target.clone())),
        }
    }

    let mut selected = Model { metadata: model.metadata.clone(), shapes: BTreeMap::new() };
    for id in keep {
        if let Some(shape) = model.shape(&id) {
            selected.insert(shape.clone());
        }
    }
    let mut service_shape = service_shape.clone();
    service_shape.kind = ShapeKind::Service(Service {
        version: svc.version.clone(),
        operations: chosen,
        resources: Vec::new(),
        errors: svc.errors.clone(),
        rename: svc.rename.clone(),
    });
    selected.insert(service_shape);
    Ok(selected)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::smithy::load_str;

    const MODEL: &str = r#"{"smithy": "2.0", "shapes": {
        "ex#Svc": {"type": "service", "version": "1", "operations": [{"target": "ex#A"}],
                    "resources": [{"target": "ex#R"}], "errors": [{"target": "ex#Oops"}]},
        "ex#R": {"type": "resource", "read": {"target": "ex#B"}},
        "ex#A": {"type": "operation", "input": {"target": "ex#AIn"}},
        "ex#B": {"type": "operation", "output": {"target": "ex#BOut"}},
        "ex#AIn": {"type": "structure", "members": {"n": {"target": "ex#Nested"}}},
        "ex#Nested": {"type": "list", "member": {"target": "smithy.api#String"}},
        "ex#BOut": {"type": "structure", "members": {}},
        "ex#Oops": {"type": "structure", "members": {}, "traits": {"smithy.api#error": "client"}},
        "ex#Unused": {"type": "string"}
    }}"#;

    #[test]
    fn whole_service_includes_resource_operations() {
        let model = load_str("m.json", MODEL).unwrap();
        let ops = service_operations(&model, &ShapeId::new("ex", "Svc"));
        assert_eq!(ops.keys().collect::<Vec<_>>(), ["A", "B"]);
    }

    #[test]
    fn closure_of_one_operation_keeps_only_what_it_reaches() {
        let model = load_str("m.json", MODEL).unwrap();
        let sel = select_closure(&model, &ShapeId::new("ex", "Svc"), &["A".into()]).unwrap();
        let ids: Vec<String> = sel.shapes().map(|s| s.id.to_string()).collect();
        assert_eq!(ids, ["ex#A", "ex#AIn", "ex#Nested", "ex#Oops", "ex#Svc", "smithy.api#String", "smithy.api#Unit"]);
    }

    #[test]
    fn unknown_operation_lists_the_available_ones() {
        let model = load_str("m.json", MODEL).unwrap();
        let err = select_closure(&model, &ShapeId::new("ex", "Svc"), &["Nope".into()]).unwrap_err();
        assert_eq!(err.to_string(), "operation `Nope` is not an operation of ex#Svc; it has: A, B");
    }

    #[test]
    fn several_services_must_be_chosen_between() {
        let two = r#"{"smithy": "2.0", "shapes": {"a#S": {"type": "service"}, "b#S": {"type": "service"}}}"#;
        let model = load_str("m.json", two).unwrap();
        assert!(matches!(resolve_service(&model, None), Err(SelectError::SeveralServices(s)) if s.len() == 2));
        assert_eq!(resolve_service(&model, Some(&ShapeId::new("b", "S"))).unwrap(), ShapeId::new("b", "S"));
    }
}
