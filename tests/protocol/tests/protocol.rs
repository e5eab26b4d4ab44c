//! Runs every client protocol compliance case of the awsJson1_0,
//! awsJson1_1, restJson1, awsQuery, ec2Query and restXml test models, except those in `skip-list.txt`, and prints the
//! counts per protocol. Arguments that do not start with `-` filter cases by
//! id.

use std::collections::BTreeMap;
use std::process::ExitCode;

use protocol_tests::{SKIPPED, SUITES};

/// `id reason…` per line; `#` starts a comment.
const SKIP_LIST: &str = include_str!("../skip-list.txt");

fn skip_list() -> BTreeMap<&'static str, &'static str> {
    SKIP_LIST
        .lines()
        .map(str::trim)
        .filter(|l| !l.is_empty() && !l.starts_with('#'))
        .map(|l| l.split_once(char::is_whitespace).map_or((l, ""), |(id, reason)| (id, reason.trim())))
        .collect()
}

fn main() -> ExitCode {
    if let Some(reason) = SKIPPED {
        println!("protocol tests skipped: {reason}");
        return ExitCode::SUCCESS;
    }
    let filters: Vec<String> = std::env::args().skip(1).filter(|a| !a.starts_with('-')).collect();
    let skips = skip_list();
    for (id, reason) in &skips {
        if reason.is_empty() {
            eprintln!("skip-list.txt: `{id}` has no reason");
            return ExitCode::FAILURE;
        }
    }
    let runtime = tokio::runtime::Builder::new_multi_thread().enable_all().build().expect("a Tokio runtime");
    let mut used_skips = Vec::new();
    let mut failures = Vec::new();
    for protocol in ["awsJson1_0", "awsJson1_1", "restJson1", "awsQuery", "ec2Query", "restXml"] {
        let (mut passed, mut skipped) = (0, 0);
        for suite in SUITES.iter().filter(|s| s.protocol == protocol) {
            for (id, kind, run) in suite.cases {
                if !filters.is_empty() && !filters.iter().any(|f| id.contains(f.as_str())) {
                    continue;
                }
                let name = format!("{protocol} {kind} {id}");
                if let Some(reason) = skips.get(id) {
                    println!("test {name} ... skipped: {reason}");
                    used_skips.push(*id);
                    skipped += 1;
                    continue;
                }
                match runtime.block_on(runtime.spawn(run())) {
                    Ok(()) => {
                        println!("test {name} ... ok");
                        passed += 1;
                    }
                    Err(_) => {
                        println!("test {name} ... FAILED");
                        failures.push(name);
                    }
                }
            }
        }
        println!("protocol tests: {passed} passed, {skipped} skipped ({protocol})");
    }
    let stale: Vec<&&str> = skips.keys().filter(|id| !used_skips.contains(id)).collect();
    if filters.is_empty() && !stale.is_empty() {
        eprintln!("skip-list.txt names cases that do not exist: {stale:?}");
        return ExitCode::FAILURE;
    }
    if failures.is_empty() {
        ExitCode::SUCCESS
    } else {
        eprintln!("{} protocol test case(s) failed:", failures.len());
        for f in &failures {
            eprintln!("  {f}");
        }
        ExitCode::FAILURE
    }
}
