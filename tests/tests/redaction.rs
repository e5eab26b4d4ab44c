//! `@sensitive` values never reach `Debug` or `Display` output.
//!
//! Two kinds of check. Crates generated from `tests/fixtures/sensitive.json`
//! and from one real model are compiled together with a program
//! (`tests/fixtures/redaction/`) that fills every sensitive value with a
//! sentinel and looks for it in the output. And for every shared model with
//! sensitive shapes, the emitted `Debug` and `Display` impls are read: each
//! member whose value is sensitive, directly or through lists and maps, must
//! print the redaction marker and never `self.<field>`. Which members are
//! sensitive is read from the model's JSON here, not asked of the generator.

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};

use codegen::names::{Symbols, member_name, variant_name};
use codegen::smithy::{Member, ShapeKind};
use codegen::{GeneratedCrate, Generator};
use serde_json::Value;

/// The redaction marker as it appears in emitted code, whitespace removed.
const REDACTED: &str = "\"***SensitiveDataRedacted***\"";

fn fixture_model() -> PathBuf {
    tests::workspace_root().join("tests/fixtures/sensitive.json")
}

fn fixture_crate() -> GeneratedCrate {
    Generator::new()
        .model(fixture_model())
        .model_label("tests/fixtures/sensitive.json")
        .crate_name("fixture-sensitive")
        .runtime(tests::scratch_workspace_runtime())
        .generate()
        .unwrap_or_else(|e| panic!("the sensitive fixture fails to generate: {e}"))
}

/// `krate` with `tests/redaction.rs` added, copied from `tests/fixtures/redaction/<program>`.
fn with_redaction_test(mut krate: GeneratedCrate, program: &str) -> GeneratedCrate {
    let path = tests::workspace_root().join("tests/fixtures/redaction").join(program);
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    krate.files.insert("tests/redaction.rs".into(), text);
    krate
}

#[test]
fn compiled_crates_never_print_sensitive_sentinels() {
    let mut crates = vec![("fixture-sensitive".to_owned(), with_redaction_test(fixture_crate(), "sensitive.rs"))];
    // A real model with a map of sensitive values, cut down to the operations that use it.
    if let Some(shared) = tests::shared_dir("the real-model half of the redaction compile test") {
        let krate = Generator::new()
            .model(shared.join("models/aws/cognito-identity-2014-06-30.json"))
            .operation("GetId")
            .operation("GetCredentialsForIdentity")
            .operation("GetOpenIdToken")
            .runtime(tests::scratch_workspace_runtime())
            .generate()
            .unwrap_or_else(|e| panic!("cognito-identity fails to generate: {e}"));
        crates.push(("cognito-identity".to_owned(), with_redaction_test(krate, "cognito_identity.rs")));
    }
    tests::cargo_in_scratch_workspace("redaction", &crates, &["test", "--quiet", "--test", "redaction"])
        .unwrap_or_else(|e| panic!("{e}"));
}

#[test]
fn every_sensitive_member_of_the_shared_models_is_redacted() {
    let Some(shared) = tests::shared_dir("the redaction check of the shared models") else { return };
    let mut models = 0;
    let mut checked = 0;
    let mut problems = Vec::new();
    for path in tests::json_files(&shared.join("models/aws")) {
        let sensitivity = Sensitivity::load(&path);
        if !sensitivity.declared_anywhere() {
            continue;
        }
        models += 1;
        let krate = Generator::new()
            .model(&path)
            .generate()
            .unwrap_or_else(|e| panic!("{} fails to generate: {e}", path.display()));
        let report = check_redaction(&path, &sensitivity, &krate);
        checked += report.checked;
        let name = path.file_name().unwrap_or_default().to_string_lossy().into_owned();
        problems.extend(report.problems.into_iter().map(|p| format!("{name}: {p}")));
    }
    println!("checked {checked} sensitive members and errors in {models} shared models");
    assert!(problems.is_empty(), "{} values print in clear:\n{}", problems.len(), problems.join("\n"));
    assert!(models > 0 && checked > 0, "no shared model has sensitive members; the check checked nothing");
}

#[test]
fn the_source_check_catches_values_printed_in_clear() {
    let sensitivity = Sensitivity::load(&fixture_model());
    let mut krate = fixture_crate();
    let clean = check_redaction(&fixture_model(), &sensitivity, &krate);
    assert!(clean.problems.is_empty(), "the fixture is redacted: {:#?}", clean.problems);
    assert!(clean.checked >= 20, "the fixture has many sensitive members, checked only {}", clean.checked);

    // The whole `Hidden` arm, however it is wrapped, printing its value instead.
    let choice = krate.files.get_mut("src/types/_choice.rs").expect("the Choice union is generated");
    let arm = choice.find("Choice::Hidden(_) =>").expect("the Hidden arm is redacted");
    let next = arm + choice[arm..].find("Choice::Many").expect("an arm follows");
    choice.replace_range(arm..next, "Choice::Hidden(val) => f.debug_tuple(\"Hidden\").field(val).finish(),\n");
    let mut tamper = |file: &str, from: &str, to: &str| {
        let text = krate.files.get_mut(file).unwrap_or_else(|| panic!("{file} is generated"));
        assert!(text.contains(from), "{file} contains {from}");
        *text = text.replacen(from, to, 1);
    };
    tamper(
        "src/operation/put_secrets/_put_secrets_input.rs",
        "formatter.field(\"by_name\", &\"*** Sensitive Data Redacted ***\");",
        "formatter.field(\"by_name\", &self.by_name);",
    );
    tamper("src/types/_secret_choice.rs", "impl ::std::fmt::Debug for SecretChoice", "impl SecretChoice");
    tamper(
        "src/types/error/_secret_message_error.rs",
        "f.write_str(\"SecretMessageError\")",
        "::std::write!(f, \"SecretMessageError: {:?}\", self.message)",
    );
    let problems = check_redaction(&fixture_model(), &sensitivity, &krate).problems;
    for expected in
        ["PutSecretsInput.by_name", "Choice::Hidden", "SecretChoice has no Debug impl", "SecretMessageError's Display"]
    {
        assert!(problems.iter().any(|p| p.contains(expected)), "{expected} is reported: {problems:#?}");
    }
}

/// What a model's JSON says is sensitive, read without the generator.
struct Sensitivity {
    shapes: serde_json::Map<String, Value>,
    /// The generator's per-operation input and output copies, by the id of the shape they copy.
    originals: BTreeMap<String, String>,
}

impl Sensitivity {
    fn load(path: &Path) -> Sensitivity {
        let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
        let json: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
        let shapes = json["shapes"].as_object().cloned().unwrap_or_default();
        let mut originals = BTreeMap::new();
        for (id, shape) in shapes.iter().filter(|(_, s)| s["type"] == "operation") {
            let name = id.rsplit('#').next().unwrap_or(id);
            for (key, suffix) in [("input", "Input"), ("output", "Output")] {
                if let Some(target) = shape[key]["target"].as_str() {
                    originals.insert(format!("smithy.synthetic#{name}{suffix}"), target.to_owned());
                }
            }
        }
        Sensitivity { shapes, originals }
    }

    fn has_trait(value: &Value) -> bool {
        value["traits"].get("smithy.api#sensitive").is_some()
    }

    /// The model's shape for a generated shape id (operation copies map back to their original).
    fn shape(&self, id: &str) -> Option<&Value> {
        self.shapes.get(self.originals.get(id).map_or(id, String::as_str))
    }

    fn declared_anywhere(&self) -> bool {
        self.shapes.values().any(|s| {
            Self::has_trait(s)
                || s["members"].as_object().is_some_and(|m| m.values().any(Self::has_trait))
                || ["member", "key", "value"].iter().any(|k| Self::has_trait(&s[*k]))
        })
    }

    /// The shape itself is `@sensitive`.
    fn is_sensitive(&self, id: &str) -> bool {
        self.shape(id).is_some_and(Self::has_trait)
    }

    /// Values of the shape must not print: it is sensitive, or a list or map
    /// with sensitive members, keys or values at any depth.
    fn holds_sensitive(&self, id: &str, depth: usize) -> bool {
        let Some(shape) = self.shape(id) else { return false };
        if Self::has_trait(shape) {
            return true;
        }
        depth < 16
            && match shape["type"].as_str() {
                Some("list" | "set") => self.member_holds_sensitive(&shape["member"], depth + 1),
                Some("map") => {
                    self.member_holds_sensitive(&shape["key"], depth + 1)
                        || self.member_holds_sensitive(&shape["value"], depth + 1)
                }
                _ => false,
            }
    }

    fn member_holds_sensitive(&self, member: &Value, depth: usize) -> bool {
        Self::has_trait(member) || member["target"].as_str().is_some_and(|t| self.holds_sensitive(t, depth))
    }

    /// Whether the member `name` of the container `id` must print redacted.
    fn is_member_sensitive(&self, id: &str, name: &str) -> bool {
        self.is_sensitive(id) || self.shape(id).is_some_and(|s| self.member_holds_sensitive(&s["members"][name], 0))
    }

    fn is_error(&self, id: &str) -> bool {
        self.shape(id).is_some_and(|s| s["traits"].get("smithy.api#error").is_some())
    }
}

#[derive(Default)]
struct RedactionReport {
    /// Sensitive members (and error messages) whose emitted code was checked.
    checked: usize,
    /// What prints in clear.
    problems: Vec<String>,
}

/// Reads the `Debug` and `Display` impls `krate` emits for every structure and
/// union of the model at `path` against what `sensitivity` says must be hidden.
fn check_redaction(path: &Path, sensitivity: &Sensitivity, krate: &GeneratedCrate) -> RedactionReport {
    let model = codegen::smithy::load_file(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let (normalized, service) = codegen::passes::normalize(&model, None, &[]).expect("the model has one service");
    let symbols = Symbols::build(&normalized, &service).expect("names do not clash");
    let mut report = RedactionReport::default();
    for (id, symbol) in symbols.all() {
        let Some(shape) = normalized.shape(id) else { continue };
        let (members, is_union) = match &shape.kind {
            ShapeKind::Structure(members) => (members, false),
            ShapeKind::Union(members) => (members, true),
            _ => continue,
        };
        let id = id.to_string();
        let sensitive: Vec<&Member> =
            members.iter().filter(|m| sensitivity.is_member_sensitive(&id, &m.name)).collect();
        let message_sensitive = sensitivity.is_error(&id)
            && (sensitivity.is_sensitive(&id) || sensitive.iter().any(|m| m.name.eq_ignore_ascii_case("message")));
        if sensitive.is_empty() && !message_sensitive && !(is_union && sensitivity.is_sensitive(&id)) {
            continue;
        }
        let Some(text) = krate.files.get(&symbol.file()) else {
            report.problems.push(format!("{} is not emitted at {}", symbol.name, symbol.file()));
            continue;
        };
        let name = &symbol.name;
        if is_union {
            check_union(text, name, &sensitive, sensitivity.is_sensitive(&id), &mut report);
        } else {
            check_struct(text, name, &sensitive, &mut report);
            check_struct(text, &format!("{name}Builder"), &sensitive, &mut report);
        }
        if message_sensitive {
            report.checked += 1;
            match impl_block(text, "Display", name) {
                Some(display) if display.contains("self.") => {
                    report.problems.push(format!("{name}'s Display prints its sensitive message: {display}"))
                }
                Some(_) => {}
                None => report.problems.push(format!("{name} has no Display impl")),
            }
        }
    }
    report
}

fn check_struct(text: &str, name: &str, sensitive: &[&Member], report: &mut RedactionReport) {
    if sensitive.is_empty() {
        return;
    }
    let Some(debug) = impl_block(text, "Debug", name) else {
        report.problems.push(format!("{name} has no Debug impl (a derived Debug prints every member)"));
        return;
    };
    for member in sensitive {
        report.checked += 1;
        let label = member_name(member).trim_start_matches("r#").to_owned();
        let redacted = format!("formatter.field(\"{label}\",&{REDACTED});");
        let clear = format!("formatter.field(\"{label}\",&self.");
        if debug.contains(&clear) || !debug.contains(&redacted) {
            report.problems.push(format!("{name}.{label} prints in clear: {debug}"));
        }
    }
}

fn check_union(text: &str, name: &str, sensitive: &[&Member], whole: bool, report: &mut RedactionReport) {
    let Some(debug) = impl_block(text, "Debug", name) else {
        report.problems.push(format!("{name} has no Debug impl"));
        return;
    };
    if whole {
        report.checked += 1;
        if debug.contains("(val)") || !debug.contains(&format!("f.write_str({REDACTED})")) {
            report.problems.push(format!("the sensitive union {name} shows its value or variant: {debug}"));
        }
        return;
    }
    for member in sensitive {
        report.checked += 1;
        let variant = variant_name(&member.name);
        // The match arm, up to the next arm (all arms start with the type name).
        let start = format!("{name}::{variant}(");
        let arm = debug.find(&start).map(|i| {
            let rest = &debug[i + start.len()..];
            &rest[..rest.find(&format!("{name}::")).unwrap_or(rest.len())]
        });
        let redacted = arm.is_some_and(|arm| {
            arm.starts_with("_)=>") && arm.contains(&format!("f.debug_tuple(\"{variant}\").field(&{REDACTED})"))
        });
        if !redacted {
            report.problems.push(format!("{name}::{variant} prints in clear: {debug}"));
        }
    }
}

/// The body of `impl ::std::fmt::<fmt_trait> for <name>` in `text`, with all
/// whitespace and trailing commas removed so that line wrapping never hides a match.
fn impl_block(text: &str, fmt_trait: &str, name: &str) -> Option<String> {
    let start = text.find(&format!("impl ::std::fmt::{fmt_trait} for {name} {{"))?;
    let rest = &text[start..];
    let end = rest.find("\n}").map_or(rest.len(), |i| i + 2);
    let squashed: String = rest[..end].split_whitespace().collect();
    // A wrapped call gets a trailing comma.
    Some(squashed.replace(",)", ")"))
}
