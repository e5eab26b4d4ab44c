//! Clients for the services of the Smithy awsJson1_0 and awsJson1_1 protocol
//! test models, generated at build time (see `build.rs`), each with the
//! model's compliance test cases. `tests/protocol.rs` runs them.

/// The compliance cases of one generated service.
pub struct Suite {
    /// `awsJson1_0` or `awsJson1_1`.
    pub protocol: &'static str,
    /// The service shape id.
    pub service: &'static str,
    /// Its test cases: id, `request` or `response`, and the test.
    pub cases: &'static [Case],
}

/// A test case as every generated client declares it: its id, `request` or
/// `response`, and its test, which panics when the case fails.
pub type Case = (&'static str, &'static str, fn() -> std::pin::Pin<Box<dyn std::future::Future<Output = ()> + Send>>);

include!(concat!(env!("OUT_DIR"), "/services.rs"));
