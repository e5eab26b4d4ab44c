//! The Smithy model layer: typed loading of JSON AST models, with validation.
//!
//! Knows nothing of Rust: it turns model files into a [`Model`] of typed
//! shapes and traits, or a [`LoadError`] listing every problem by file and
//! shape id.

mod error;
mod load;
mod model;
mod prelude;
pub mod protocol_tests;
pub mod rules;
mod shape_id;
pub mod traits;
mod validate;
pub mod waiters;

pub use error::{LoadError, Problem};
pub use load::{load_file, load_files, load_str};
pub use model::{Member, Model, Operation, Resource, Service, Shape, ShapeKind, SimpleType};
pub use prelude::UNIT;
pub use shape_id::{ShapeId, ShapeIdError, is_identifier};
pub use traits::Traits;
