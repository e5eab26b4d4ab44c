//! Generates Rust client crates from Smithy JSON AST models.

pub mod emit;
pub mod names;
pub mod passes;
pub mod smithy;
