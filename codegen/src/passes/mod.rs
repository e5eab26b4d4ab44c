//! Model-to-model passes that normalise a loaded model before emission, so
//! emitters never meet special cases: selection of the requested operations,
//! Smithy 1.0 enums as enum shapes, one input and output structure per
//! operation, service-wide errors copied onto operations, recursive members
//! marked for boxing.

mod boxing;
mod io_shapes;
mod legacy_enums;
mod select;
mod service_errors;

pub use boxing::{BOX_TRAIT, mark_recursive_members};
pub use io_shapes::{SYNTHETIC_NAMESPACE, SyntheticIo, original_structure, synthesize_operation_io};
pub use legacy_enums::convert_legacy_enums;
pub use select::{SelectError, resolve_service, select_closure, service_operations};
pub use service_errors::copy_service_errors;

use crate::smithy::{Model, ShapeId};

/// Runs every pass in order: the result holds only the service, the chosen
/// operations (all when `operations` is empty) and what they reach.
pub fn normalize(
    model: &Model,
    service: Option<&ShapeId>,
    operations: &[String],
) -> Result<(Model, ShapeId), SelectError> {
    let service = resolve_service(model, service)?;
    let mut selected = select_closure(model, &service, operations)?;
    convert_legacy_enums(&mut selected);
    copy_service_errors(&mut selected, &service);
    synthesize_operation_io(&mut selected, &service);
    mark_recursive_members(&mut selected);
    Ok((selected, service))
}
