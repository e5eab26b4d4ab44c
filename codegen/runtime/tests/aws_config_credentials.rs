//! The official AWS SDK's credentials test cases (`shared/aws-config-tests`
//! beside the workspace), run against the runtime's providers: the default
//! credentials chain, the profile provider, the SSO token provider, and
//! which providers each profile chain resolves to.
//!
//! Each case brings its environment variables, the files the loader sees
//! (rooted at `/`), and the HTTP exchanges it expects; a replaying HTTP client
//! answers each request with the recorded response after checking that the
//! method and URL are the recorded ones. Nothing goes to the network. Each
//! group prints `aws-config cases: N passed, M skipped (<group>)`. Without
//! the data the tests say so and pass.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime};

use serde_json::Value;
use smithy_client_runtime::config::profile_chain::{BaseProvider, NamedSource, ProfileChain, resolve_chain};
use smithy_client_runtime::config::{Credentials, ProvideCredentials, from_env};
use smithy_client_runtime::http::{ConnectorError, HttpClient, HttpFuture, HttpRequest, HttpResponse};
use smithy_client_runtime::rt::profile::{Env, ProfileSet};

fn data_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/aws-config-tests")
}

/// What one case came to. No case of these groups is skipped: each needs
/// only what the runtime has.
enum Outcome {
    Passed,
    Failed(String),
}

/// Counts a group's outcomes, prints the line and fails with every failure.
fn report(group: &str, outcomes: Vec<(String, Outcome)>) {
    let (mut passed, mut failed) = (0, Vec::new());
    for (name, outcome) in outcomes {
        match outcome {
            Outcome::Passed => passed += 1,
            Outcome::Failed(why) => failed.push(format!("- `{name}`: {why}")),
        }
    }
    println!("aws-config cases: {passed} passed, 0 skipped ({group})");
    assert!(failed.is_empty(), "{} {group} cases failed:\n{}", failed.len(), failed.join("\n"));
    assert!(passed > 0, "no {group} case ran");
}

/// One recorded exchange: the request expected and the response to give.
#[derive(Debug, Clone)]
struct Exchange {
    method: String,
    uri: String,
    status: u16,
    headers: Vec<(String, String)>,
    body: Vec<u8>,
}

/// Answers requests with the recorded responses, in order, and notes every
/// request that differs from the recording. A recording that ends in a
/// retryable answer (a 5xx or 429) is one attempt of several: the client's
/// retries of that same request get that same answer again.
#[derive(Debug, Clone, Default)]
struct Replay {
    exchanges: Arc<Mutex<Vec<Exchange>>>,
    last: Arc<Mutex<Option<Exchange>>>,
    problems: Arc<Mutex<Vec<String>>>,
}

/// A URL with its query parameters sorted, so that parameter order (which
/// no service depends on) does not count.
/// An empty path is the same resource as `/` (RFC 3986, 6.2.3).
fn normalise(uri: &str) -> String {
    let (base, query) = match uri.split_once('?') {
        Some((base, query)) => (base, Some(query)),
        None => (uri, None),
    };
    let authority_only = base.split_once("://").is_some_and(|(_, rest)| !rest.contains('/'));
    let base = if authority_only { format!("{base}/") } else { base.to_owned() };
    match query {
        Some(query) => {
            let mut pairs: Vec<&str> = query.split('&').collect();
            pairs.sort_unstable();
            format!("{base}?{}", pairs.join("&"))
        }
        None => base,
    }
}

impl HttpClient for Replay {
    fn call(&self, request: HttpRequest) -> HttpFuture<'_> {
        let next = {
            let mut exchanges = self.exchanges.lock().unwrap();
            let mut last = self.last.lock().unwrap();
            if exchanges.is_empty() {
                last.clone().filter(|retried| {
                    (retried.status >= 500 || retried.status == 429)
                        && retried.method == request.method()
                        && normalise(&retried.uri) == normalise(request.uri())
                })
            } else {
                *last = Some(exchanges[0].clone());
                Some(exchanges.remove(0))
            }
        };
        let outcome = match next {
            None => {
                let problem = format!("unexpected request {} {}", request.method(), request.uri());
                self.problems.lock().unwrap().push(problem.clone());
                Err(ConnectorError::io(problem))
            }
            Some(exchange) => {
                if exchange.method != request.method() || normalise(&exchange.uri) != normalise(request.uri()) {
                    let problem = format!(
                        "sent {} {} where the recording has {} {}",
                        request.method(),
                        request.uri(),
                        exchange.method,
                        exchange.uri
                    );
                    self.problems.lock().unwrap().push(problem);
                }
                Ok(HttpResponse::new(exchange.status, exchange.headers, exchange.body))
            }
        };
        Box::pin(async move { outcome })
    }
}

/// The exchanges of `http-traffic.json`, and the first `date` header (the
/// time the recording was made).
fn load_traffic(path: &Path) -> (Vec<Exchange>, Option<String>) {
    let traffic: Value = serde_json::from_str(&std::fs::read_to_string(path).expect("readable")).expect("JSON");
    let mut exchanges: BTreeMap<u64, Exchange> = BTreeMap::new();
    let mut order = Vec::new();
    let mut date = None;
    for event in traffic["events"].as_array().into_iter().flatten() {
        let id = event["connection_id"].as_u64().expect("connection id");
        let action = &event["action"];
        let entry = exchanges.entry(id).or_insert_with(|| {
            order.push(id);
            Exchange { method: String::new(), uri: String::new(), status: 0, headers: Vec::new(), body: Vec::new() }
        });
        if let Some(request) = action.get("Request") {
            entry.method = request["request"]["method"].as_str().unwrap_or_default().to_owned();
            entry.uri = request["request"]["uri"].as_str().unwrap_or_default().to_owned();
        } else if let Some(response) = action.get("Response") {
            let ok = &response["response"]["Ok"];
            entry.status = u16::try_from(ok["status"].as_u64().unwrap_or(500)).unwrap_or(500);
            for (name, values) in ok["headers"].as_object().into_iter().flatten() {
                for value in values.as_array().into_iter().flatten() {
                    let value = value.as_str().unwrap_or_default().to_owned();
                    if name.eq_ignore_ascii_case("date") && date.is_none() {
                        date = Some(value.clone());
                    }
                    entry.headers.push((name.clone(), value));
                }
            }
        } else if let Some(data) = action.get("Data") {
            if data["direction"] == "Response" {
                let text = data["data"]["Utf8"].as_str().unwrap_or_default();
                entry.body.extend_from_slice(text.as_bytes());
            }
        }
    }
    let exchanges = order.into_iter().filter_map(|id| exchanges.remove(&id)).collect();
    (exchanges, date)
}

/// `Tue, 21 Sep 2021 17:41:25 GMT` as a time.
fn http_date(text: &str) -> Option<SystemTime> {
    let parts: Vec<&str> = text.split_whitespace().collect();
    let [_, day, month, year, time, "GMT"] = parts.as_slice() else { return None };
    let months = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
    let month = months.iter().position(|m| m == month)? as i64 + 1;
    let (day, year): (i64, i64) = (day.parse().ok()?, year.parse().ok()?);
    let mut hms = time.split(':').map(|part| part.parse::<i64>().ok());
    let (h, m, s) = (hms.next()??, hms.next()??, hms.next()??);
    // Days from the civil date (proleptic Gregorian).
    let (y, mo) = if month <= 2 { (year - 1, month + 9) } else { (year, month - 3) };
    let era = y.div_euclid(400);
    let yoe = y - era * 400;
    let doy = (153 * mo + 2) / 5 + day - 1;
    let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
    let days = era * 146_097 + doe - 719_468;
    let secs = u64::try_from(days * 86_400 + h * 3600 + m * 60 + s).ok()?;
    Some(SystemTime::UNIX_EPOCH + Duration::from_secs(secs))
}

/// Every file under `dir`, as the absolute path the case sees.
fn files_under(dir: &Path, root: &Path, files: &mut Vec<(PathBuf, Vec<u8>)>) {
    let Ok(entries) = std::fs::read_dir(dir) else { return };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            files_under(&path, root, files);
        } else {
            let relative = path.strip_prefix(root).expect("under the root");
            files.push((Path::new("/").join(relative), std::fs::read(&path).expect("readable")));
        }
    }
}

/// A case folder's environment, files, clock and HTTP replay.
struct Case {
    name: String,
    env: Env,
    replay: Replay,
    result: Value,
}

fn load_case(folder: &Path) -> Case {
    let read = |name: &str| -> Value {
        serde_json::from_str(&std::fs::read_to_string(folder.join(name)).expect("readable")).expect("JSON")
    };
    let test_case = read("test-case.json");
    let vars: Vec<(String, String)> = read("env.json")
        .as_object()
        .map(|vars| vars.iter().map(|(k, v)| (k.clone(), v.as_str().unwrap_or_default().to_owned())).collect())
        .unwrap_or_default();
    let pairs: Vec<(&str, &str)> = vars.iter().map(|(k, v)| (k.as_str(), v.as_str())).collect();
    let mut files = Vec::new();
    files_under(&folder.join("fs"), &folder.join("fs"), &mut files);
    let (exchanges, date) = load_traffic(&folder.join("http-traffic.json"));
    let mut env = Env::from_vars(&pairs).with_files(files);
    if let Some(now) = date.as_deref().and_then(http_date) {
        env = env.with_time(now);
    }
    let replay = Replay { exchanges: Arc::new(Mutex::new(exchanges)), ..Replay::default() };
    Case {
        name: folder.file_name().and_then(|n| n.to_str()).unwrap_or_default().to_owned(),
        env,
        replay,
        result: test_case["result"].clone(),
    }
}

/// Compares what the provider gave with the case's expected result.
fn judge(case: &Case, outcome: Result<Vec<(String, Option<String>)>, String>) -> Outcome {
    let problems = case.replay.problems.lock().unwrap().clone();
    if !problems.is_empty() {
        return Outcome::Failed(format!("HTTP differs from the recording: {}", problems.join("; ")));
    }
    match (&case.result["Ok"], case.result["ErrorContains"].as_str(), outcome) {
        (expected, None, Ok(fields)) if expected.is_object() => {
            let mut differences = Vec::new();
            for (field, actual) in &fields {
                let wanted = match &expected[field.as_str()] {
                    Value::Null => None,
                    Value::String(text) => Some(text.clone()),
                    other => Some(other.to_string()),
                };
                if &wanted != actual {
                    differences.push(format!("{field}: expected {wanted:?}, got {actual:?}"));
                }
            }
            if differences.is_empty() { Outcome::Passed } else { Outcome::Failed(differences.join("; ")) }
        }
        (_, Some(expected), Err(error)) if error.contains(expected) => Outcome::Passed,
        (_, Some(expected), Err(error)) => Outcome::Failed(format!("error `{error}` lacks `{expected}`")),
        (_, Some(expected), Ok(fields)) => Outcome::Failed(format!("got {fields:?} instead of `{expected}`")),
        (_, None, Err(error)) => Outcome::Failed(format!("failed: {error}")),
        (expected, None, Ok(_)) => Outcome::Failed(format!("unreadable expectation {expected}")),
    }
}

fn epoch(time: Option<SystemTime>) -> Option<String> {
    time.map(|t| t.duration_since(SystemTime::UNIX_EPOCH).expect("after 1970").as_secs().to_string())
}

/// The fields the cases compare; secrets are compared, never printed
/// outside a failure of this test.
fn credential_fields(credentials: &Credentials, expected: &Value) -> Vec<(String, Option<String>)> {
    let mut fields = vec![
        ("access_key_id".to_owned(), Some(credentials.access_key_id().to_owned())),
        ("secret_access_key".to_owned(), Some(credentials.secret_access_key().to_owned())),
        ("session_token".to_owned(), credentials.session_token().map(str::to_owned)),
        ("account_id".to_owned(), credentials.account_id().map(str::to_owned)),
    ];
    // Cases that leave the expiry out do not check it.
    if !expected["expiry"].is_null() {
        fields.push(("expiry".to_owned(), epoch(credentials.expiry())));
    }
    fields
}

fn case_folders(group: &str) -> Option<Vec<PathBuf>> {
    let dir = data_dir().join(group);
    let Ok(entries) = std::fs::read_dir(&dir) else {
        println!("skipped: the test data `{}` is not readable", dir.display());
        return None;
    };
    let mut folders: Vec<PathBuf> = entries.flatten().map(|e| e.path()).filter(|p| p.is_dir()).collect();
    folders.sort();
    Some(folders)
}

/// Runs each case of a credentials group through `provider`.
async fn run_credentials_group(
    group: &str,
    provider: fn(&Case) -> Box<dyn ProvideCredentials>,
) -> Vec<(String, Outcome)> {
    let Some(folders) = case_folders(group) else { return Vec::new() };
    let mut outcomes = Vec::new();
    for folder in folders {
        let case = load_case(&folder);
        let result = tokio::time::timeout(Duration::from_secs(30), provider(&case).provide_credentials()).await;
        let outcome = match result {
            Err(_) => Err("did not finish within 30 s".to_owned()),
            Ok(Ok(credentials)) => Ok(credential_fields(&credentials, &case.result["Ok"])),
            Ok(Err(error)) => Err(error.to_string()),
        };
        outcomes.push((case.name.clone(), judge(&case, outcome)));
    }
    outcomes
}

#[tokio::test]
async fn default_credential_provider_chain() {
    let outcomes = run_credentials_group("default-credential-provider-chain", |case| {
        Box::new(from_env().env(case.env.clone()).http_client(case.replay.clone()).credentials_chain())
    })
    .await;
    if !outcomes.is_empty() {
        report("default-credential-provider-chain", outcomes);
    }
}

#[tokio::test]
async fn profile_provider() {
    let outcomes = run_credentials_group("profile-provider", |case| {
        Box::new(from_env().env(case.env.clone()).http_client(case.replay.clone()).profile_credentials_provider())
    })
    .await;
    if !outcomes.is_empty() {
        report("profile-provider", outcomes);
    }
}

#[tokio::test]
async fn default_token_provider_chain() {
    let Some(folders) = case_folders("default-token-provider-chain") else { return };
    let mut outcomes = Vec::new();
    for folder in folders {
        let case = load_case(&folder);
        let provider = from_env().env(case.env.clone()).http_client(case.replay.clone()).sso_token_provider();
        let outcome = match provider.token().await {
            Ok(token) => {
                let expiry = token.expiry().map(|t| {
                    let secs = t.duration_since(SystemTime::UNIX_EPOCH).expect("after 1970").as_secs();
                    rfc3339(secs)
                });
                Ok(vec![("token".to_owned(), Some(token.token().to_owned())), ("expiration".to_owned(), expiry)])
            }
            Err(error) => Err(error.to_string()),
        };
        outcomes.push((case.name.clone(), judge(&case, outcome)));
    }
    report("default-token-provider-chain", outcomes);
}

/// `2080-10-16T03:56:45Z`.
fn rfc3339(secs: u64) -> String {
    let days = i64::try_from(secs / 86_400).expect("in range");
    let rem = secs % 86_400;
    // Civil date from days (proleptic Gregorian).
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let doe = z - era * 146_097;
    let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
    let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    let mp = (5 * doy + 2) / 153;
    let day = doy - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = yoe + era * 400 + i64::from(month <= 2);
    format!("{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z", rem / 3600, rem / 60 % 60, rem % 60)
}

/// The profiles of an assume-role case as config file text.
fn config_text(input: &Value) -> String {
    let mut text = String::new();
    let sections = [("profiles", "profile "), ("sso_sessions", "sso-session ")];
    for (key, prefix) in sections {
        for (name, properties) in input[key].as_object().into_iter().flatten() {
            text.push_str(&format!("[{prefix}{name}]\n"));
            for (property, value) in properties.as_object().into_iter().flatten() {
                text.push_str(&format!("{property} = {}\n", value.as_str().unwrap_or_default()));
            }
        }
    }
    text
}

/// A resolved chain in the cases' notation.
fn chain_as_json(chain: &ProfileChain) -> Value {
    let mut steps = Vec::new();
    let insert = |object: &mut serde_json::Map<String, Value>, key: &str, value: Option<&str>| {
        if let Some(value) = value {
            object.insert(key.to_owned(), Value::String(value.to_owned()));
        }
    };
    let mut base = serde_json::Map::new();
    match &chain.base {
        BaseProvider::AccessKey(credentials) => {
            let mut keys = serde_json::Map::new();
            insert(&mut keys, "access_key_id", Some(credentials.access_key_id()));
            insert(&mut keys, "secret_access_key", Some(credentials.secret_access_key()));
            insert(&mut keys, "session_token", credentials.session_token());
            insert(&mut keys, "account_id", credentials.account_id());
            base.insert("AccessKey".to_owned(), Value::Object(keys));
        }
        BaseProvider::NamedSource(source) => {
            let name = match source {
                NamedSource::Environment => "Environment",
                NamedSource::Ec2InstanceMetadata => "Ec2InstanceMetadata",
                NamedSource::EcsContainer => "EcsContainer",
            };
            base.insert("NamedSource".to_owned(), Value::String(name.to_owned()));
        }
        BaseProvider::WebIdentityToken { role_arn, token_file, session_name } => {
            let mut fields = serde_json::Map::new();
            insert(&mut fields, "role_arn", Some(role_arn));
            insert(&mut fields, "web_identity_token_file", Some(token_file));
            insert(&mut fields, "role_session_name", session_name.as_deref());
            base.insert("WebIdentityToken".to_owned(), Value::Object(fields));
        }
        BaseProvider::Sso(settings) => {
            let mut fields = serde_json::Map::new();
            insert(&mut fields, "sso_session", settings.session_name.as_deref());
            insert(&mut fields, "sso_start_url", Some(&settings.start_url));
            insert(&mut fields, "sso_region", Some(&settings.region));
            insert(&mut fields, "sso_account_id", settings.account_id.as_deref());
            insert(&mut fields, "sso_role_name", settings.role_name.as_deref());
            base.insert("Sso".to_owned(), Value::Object(fields));
        }
        BaseProvider::CredentialProcess { .. } => {
            base.insert("CredentialProcess".to_owned(), Value::Null);
        }
    }
    steps.push(Value::Object(base));
    for role in &chain.roles {
        let mut fields = serde_json::Map::new();
        insert(&mut fields, "role_arn", Some(&role.role_arn));
        insert(&mut fields, "external_id", role.external_id.as_deref());
        insert(&mut fields, "role_session_name", role.session_name.as_deref());
        let mut step = serde_json::Map::new();
        step.insert("AssumeRole".to_owned(), Value::Object(fields));
        steps.push(Value::Object(step));
    }
    Value::Array(steps)
}

#[test]
fn assume_role_tests() {
    let path = data_dir().join("assume-role-tests.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: the test data `{}` is not readable", path.display());
        return;
    };
    let cases: Value = serde_json::from_str(&text).expect("JSON");
    let mut outcomes = Vec::new();
    for case in cases.as_array().expect("a list of cases") {
        let name = case["docs"].as_str().unwrap_or("(unnamed)").to_owned();
        let input = &case["input"];
        let set = ProfileSet::parse(Some(&config_text(input)), None).expect("the case's profiles parse");
        let resolved = resolve_chain(&set, input["selected_profile"].as_str().expect("a selected profile"));
        let output = &case["output"];
        let outcome = match (resolved, output.get("ProfileChain"), output["Error"].as_str()) {
            (Ok(chain), Some(expected), _) if &chain_as_json(&chain) == expected => Outcome::Passed,
            (Ok(chain), Some(expected), _) => {
                Outcome::Failed(format!("expected {expected}, got {}", chain_as_json(&chain)))
            }
            (Err(error), _, Some(expected)) if error.to_string().contains(expected) => Outcome::Passed,
            (Err(error), _, Some(expected)) => Outcome::Failed(format!("error `{error}` lacks `{expected}`")),
            (Err(error), _, None) => Outcome::Failed(format!("failed: {error}")),
            (Ok(chain), None, _) => Outcome::Failed(format!("resolved {} instead of failing", chain_as_json(&chain))),
        };
        outcomes.push((name, outcome));
    }
    report("assume-role-tests", outcomes);
}

/// The console sign-in (`login_session`) provider's cases: that provider is
/// not built, so each is counted as skipped, with the reason, rather than
/// left out silently.
#[test]
fn login_provider_cases_are_skipped_with_their_reason() {
    let path = data_dir().join("login-provider-test-cases.json");
    let Ok(text) = std::fs::read_to_string(&path) else {
        println!("skipped: the test data `{}` is not readable", path.display());
        return;
    };
    let cases: Value = serde_json::from_str(&text).expect("JSON");
    let count = cases.as_array().map_or(0, Vec::len);
    assert!(count > 0, "no login provider case found");
    println!(
        "aws-config cases: 0 passed, {count} skipped (login-provider-test-cases): \
         the console sign-in (login_session) provider is not built"
    );
}
