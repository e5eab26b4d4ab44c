//! Paginators of a whole generated service: the Partner Central Selling
//! client, generated at test time, has a paginator for each of its eleven
//! `@paginated` operations, and `ListOpportunities` pages against a server
//! on 127.0.0.1 (tokens carried, items flattened, a repeated token ending
//! the stream with an error).
//!
//! The scratch test lives in `paginators/` and compiles in a scratch
//! workspace next to the generated crate, with the workspace's wire-test
//! helpers compiled in by path (`tests::wire_scratch`).

use tests::wire_scratch::{generate, run_scratch_tests};

#[test]
fn partnercentral_paginators_page_on_the_wire() {
    let Some(shared) = tests::shared_dir("the paginator wire tests") else { return };
    let service = generate(&shared.join("models/aws/partnercentral-selling-2022-07-26.json"), &[]);
    let paginators: Vec<&String> = service.files.keys().filter(|p| p.ends_with("/paginator.rs")).collect();
    assert_eq!(paginators.len(), 11, "one paginator per @paginated operation: {paginators:#?}");
    assert!(service.files.contains_key("src/operation/list_opportunities/paginator.rs"));
    run_scratch_tests(
        "paginators",
        service,
        &[("list_opportunities", include_str!("paginators/list_opportunities.rs"))],
    );
}
