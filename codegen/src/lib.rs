//! Generates Rust client crates from Smithy JSON AST models.

pub mod smithy;
