//! The official AWS SDK's own configuration test data (`shared/aws-config-tests`
//! beside the workspace), run against the runtime: profile file parsing,
//! where the shared files are, which instance metadata endpoint is used, and
//! which container credentials endpoints are allowed.
//!
//! Each group prints `aws-config cases: N passed, M skipped (<group>)` and
//! fails with the names of the failing cases and what differed. Without the
//! data the tests say so and pass.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::Value;
use smithy_client_runtime::config::{container, imds};
use smithy_client_runtime::rt::profile::{Env, FileKind, Platform, Profile, ProfileSet, selected_profile_name};

/// At most this share of a group's cases may be skipped.
const MAX_SKIPPED_PERCENT: usize = 5;

/// The group's JSON, or `None` (after saying so) when the data is absent.
fn load_group(relative: &str) -> Option<Value> {
    let path = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/aws-config-tests").join(relative);
    let text = match std::fs::read_to_string(&path) {
        Ok(text) => text,
        Err(error) => {
            println!("skipped: the test data `{}` is not readable ({error})", path.display());
            return None;
        }
    };
    Some(serde_json::from_str(&text).unwrap_or_else(|error| panic!("`{}` is not JSON: {error}", path.display())))
}

fn cases(group: &Value) -> &[Value] {
    group["tests"].as_array().map(Vec::as_slice).expect("a `tests` array")
}

/// What one case came to.
enum Outcome {
    Passed,
    Skipped(String),
    Failed(String),
}

/// Counts the outcomes of a group and reports them.
struct Tally {
    group: &'static str,
    passed: usize,
    skipped: Vec<(String, String)>,
    failed: Vec<(String, String)>,
}

impl Tally {
    fn new(group: &'static str) -> Tally {
        Tally { group, passed: 0, skipped: Vec::new(), failed: Vec::new() }
    }

    fn record(&mut self, name: &str, outcome: Outcome) {
        match outcome {
            Outcome::Passed => self.passed += 1,
            Outcome::Skipped(reason) => self.skipped.push((name.to_owned(), reason)),
            Outcome::Failed(difference) => self.failed.push((name.to_owned(), difference)),
        }
    }

    fn finish(self) {
        for (name, reason) in &self.skipped {
            println!("skipped `{name}`: {reason}");
        }
        println!("aws-config cases: {} passed, {} skipped ({})", self.passed, self.skipped.len(), self.group);
        let total = self.passed + self.skipped.len() + self.failed.len();
        let failures: Vec<String> =
            self.failed.iter().map(|(name, difference)| format!("- `{name}`: {difference}")).collect();
        assert!(
            failures.is_empty(),
            "{} of {total} {} cases failed:\n{}",
            failures.len(),
            self.group,
            failures.join("\n")
        );
        assert!(
            self.skipped.len() * 100 < total * MAX_SKIPPED_PERCENT,
            "{} of {total} {} cases were skipped, more than {MAX_SKIPPED_PERCENT}%",
            self.skipped.len(),
            self.group
        );
    }
}

/// A case's environment as `(name, value)` pairs.
fn vars(case: &Value, key: &str) -> Vec<(String, String)> {
    let Some(object) = case[key].as_object() else { return Vec::new() };
    object.iter().map(|(name, value)| (name.clone(), value.as_str().expect("string variables").to_owned())).collect()
}

fn env_of(vars: &[(String, String)]) -> Env {
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(name, value)| (name.as_str(), value.as_str())).collect();
    Env::from_vars(&pairs)
}

type Sections = BTreeMap<String, BTreeMap<String, String>>;

fn sections<'a>(profiles: impl Iterator<Item = &'a Profile>) -> Sections {
    profiles
        .map(|profile| {
            let properties = profile.properties().map(|(key, value)| (key.to_owned(), value.to_owned())).collect();
            (profile.name().to_owned(), properties)
        })
        .collect()
}

fn expected_sections(value: &Value) -> Sections {
    serde_json::from_value(value.clone()).expect("sections of string properties")
}

fn check_profile_parser_case(case: &Value) -> Outcome {
    let input = &case["input"];
    let parsed = ProfileSet::parse(input["configFile"].as_str(), input["credentialsFile"].as_str());
    let output = &case["output"];
    match (parsed, output["errorContaining"].as_str()) {
        (Err(error), Some(expected)) if error.to_string().contains(expected) => Outcome::Passed,
        (Err(error), Some(expected)) => Outcome::Failed(format!("error `{error}` lacks `{expected}`")),
        (Err(error), None) => Outcome::Failed(format!("failed with `{error}`")),
        (Ok(set), Some(expected)) => {
            Outcome::Failed(format!("parsed ({:?}) instead of failing with `{expected}`", sections(set.profiles())))
        }
        (Ok(set), None) => {
            let config = &output["config"];
            let mut differences = Vec::new();
            let kinds: [(&str, Sections); 3] = [
                ("profiles", sections(set.profiles())),
                ("sso_sessions", sections(set.sso_sessions())),
                ("services", sections(set.services_sections())),
            ];
            for (kind, actual) in kinds {
                // A kind the case leaves out must be empty.
                let expected = config.get(kind).map(expected_sections).unwrap_or_default();
                if actual != expected {
                    differences.push(format!("{kind}: expected {expected:?}, got {actual:?}"));
                }
            }
            if differences.is_empty() { Outcome::Passed } else { Outcome::Failed(differences.join("; ")) }
        }
    }
}

#[test]
fn profile_parser_tests() {
    let Some(group) = load_group("profile-parser-tests.json") else { return };
    let mut tally = Tally::new("profile-parser-tests");
    for case in cases(&group) {
        tally.record(case["name"].as_str().unwrap_or("(unnamed)"), check_profile_parser_case(case));
    }
    tally.finish();
}

fn check_file_location_case(case: &Value) -> Outcome {
    let platform = match case["platform"].as_str() {
        Some("windows") => Platform::Windows,
        Some("linux" | "macos") => Platform::Unix,
        other => return Outcome::Skipped(format!("the platform {other:?} is not one this test can emulate")),
    };
    let env = env_of(&vars(case, "environment"));
    let mut differences = Vec::new();
    if let Some(expected) = case["profile"].as_str() {
        let actual = selected_profile_name(&env);
        if actual != expected {
            differences.push(format!("profile: expected `{expected}`, got `{actual}`"));
        }
    }
    for (key, kind) in [("configLocation", FileKind::Config), ("credentialsLocation", FileKind::Credentials)] {
        let expected = case[key].as_str();
        let location = kind.location(&env, platform);
        let actual = location.as_ref().and_then(|path| path.to_str());
        if actual != expected {
            differences.push(format!("{key}: expected {expected:?}, got {actual:?}"));
        }
    }
    if differences.is_empty() { Outcome::Passed } else { Outcome::Failed(differences.join("; ")) }
}

#[test]
fn file_location_tests() {
    let Some(group) = load_group("file-location-tests.json") else { return };
    let mut tally = Tally::new("file-location-tests");
    for case in cases(&group) {
        tally.record(case["name"].as_str().unwrap_or("(unnamed)"), check_file_location_case(case));
    }
    tally.finish();
}

fn check_imds_endpoint_case(case: &Value) -> Outcome {
    let vars = vars(case, "env");
    let env = env_of(&vars);
    // The case's files are read from memory: `AWS_CONFIG_FILE` names one of them.
    let files = case["fs"].as_object();
    let config = env.get("AWS_CONFIG_FILE").and_then(|name| files?.get(&name)?.as_str().map(str::to_owned));
    let set = match ProfileSet::parse(config.as_deref(), None) {
        Ok(set) => set,
        Err(error) => return Outcome::Failed(format!("the case's config file did not parse: {error}")),
    };
    let profile = set.profile(&selected_profile_name(&env));
    let mode_override = match case["mode_override"].as_str().map(str::parse::<imds::EndpointMode>) {
        None => None,
        Some(Ok(mode)) => Some(mode),
        Some(Err(error)) => return Outcome::Failed(format!("the case's mode override is refused: {error}")),
    };
    let resolved = imds::resolve_endpoint(&env, profile, case["endpoint_override"].as_str(), mode_override);
    let result = &case["result"];
    match (resolved, result["Ok"].as_str(), result["Err"].as_str()) {
        (Ok(endpoint), Some(expected), _) => {
            let actual = endpoint.url_for("/latest/api/token");
            if actual == expected {
                Outcome::Passed
            } else {
                Outcome::Failed(format!("expected `{expected}`, got `{actual}`"))
            }
        }
        (Err(error), _, Some(expected)) if error.to_string().contains(expected) => Outcome::Passed,
        (Err(error), _, Some(expected)) => Outcome::Failed(format!("error `{error}` lacks `{expected}`")),
        (Err(error), _, None) => Outcome::Failed(format!("failed with `{error}`")),
        (Ok(endpoint), None, _) => Outcome::Failed(format!("resolved `{endpoint}` instead of failing: {result}")),
    }
}

#[test]
fn imds_endpoint_tests() {
    let Some(group) = load_group("imds-config/imds-endpoint-tests.json") else { return };
    let mut tally = Tally::new("imds-endpoint-tests");
    for case in cases(&group) {
        tally.record(case["docs"].as_str().unwrap_or("(unnamed)"), check_imds_endpoint_case(case));
    }
    tally.finish();
}

fn check_ecs_case(case: &Value) -> Outcome {
    let resolved = container::resolve_endpoint(&env_of(&vars(case, "env")));
    let result = &case["result"];
    match (resolved, result["Ok"].as_str(), result["ErrorContains"].as_str()) {
        (Ok(endpoint), Some(expected), _) if endpoint.as_str() == expected => Outcome::Passed,
        (Ok(endpoint), Some(expected), _) => {
            Outcome::Failed(format!("expected `{expected}`, got `{}`", endpoint.as_str()))
        }
        (Err(error), Some(_), _) if error.unresolved_host().is_some() => {
            Outcome::Skipped(format!("needs a DNS lookup, which the test does not make: {error}"))
        }
        (Err(error), _, Some(expected)) if error.to_string().contains(expected) => Outcome::Passed,
        (Err(error), _, Some(expected)) => Outcome::Failed(format!("error `{error}` lacks `{expected}`")),
        (Err(error), _, None) => Outcome::Failed(format!("failed with `{error}`")),
        (Ok(endpoint), None, _) => {
            Outcome::Failed(format!("resolved `{}` instead of failing: {result}", endpoint.as_str()))
        }
    }
}

#[test]
fn ecs_tests() {
    let Some(group) = load_group("ecs-tests.json") else { return };
    let mut tally = Tally::new("ecs-tests");
    for case in cases(&group) {
        tally.record(case["docs"].as_str().unwrap_or("(unnamed)"), check_ecs_case(case));
    }
    tally.finish();
}
