//! The runtime crate's partition table (`rt/partitions.rs`) must
//! say what the Smithy project's `partitions.json` says: the same partitions in
//! the same order, the same regions, outputs and overrides, and hand-written
//! region matchers that classify region ids as the partitions' regexes do.

use serde_json::{Map, Value};
use smithy_client_runtime::rt::endpoint_lib::{self, Partition};
use smithy_client_runtime::rt::partitions::{Overrides, PARTITIONS, PartitionFacts};

const OUTPUT_KEYS: [&str; 6] =
    ["name", "dnsSuffix", "dualStackDnsSuffix", "supportsFIPS", "supportsDualStack", "implicitGlobalRegion"];

/// Region ids no partition lists, chosen to probe each part of the patterns.
const SYNTHETIC_REGIONS: &[&str] = &[
    "us-foo-1",
    "us-east-10",
    "us-east-1a",
    "us-east-",
    "us--1",
    "us-east-1-",
    "-us-east-1",
    "us-east_2-1",
    "US-EAST-1",
    "us-east-1\n",
    "us-\u{e9}ast-1",
    "us-east-\u{661}",
    "us",
    "",
    "xx-west-1",
    "mars-east-1",
    "mars-global",
    "eu-isoe-west-9",
    "eu-isoe-1",
    "eu-iso-west-1",
    "cn-x-2",
    "cn-north-5",
    "cn-1",
    "us-gov-1",
    "us-gov-west-1a",
    "us-gov-foo-7",
    "us-iso-east-3",
    "us-isob-west-2",
    "us-isof-north-9",
    "us-isoz-east-1",
    "eusc-de-east-2",
    "eusc-fr-east-1",
    "eusc-de-1",
    "eusc-east-1",
];

fn load_partitions() -> Option<Vec<Value>> {
    let dir = tests::shared_dir("partitions.json")?;
    let path = dir.join("endpoints").join("partitions.json");
    let text = std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("reading {}: {e}", path.display()));
    let doc: Value = serde_json::from_str(&text).unwrap_or_else(|e| panic!("parsing {}: {e}", path.display()));
    assert_eq!(doc["version"], "1.1", "partitions.json changed format version");
    Some(doc["partitions"].as_array().expect("`partitions` is an array").clone())
}

fn object<'a>(value: &'a Value, what: &str) -> &'a Map<String, Value> {
    value.as_object().unwrap_or_else(|| panic!("{what} is not an object"))
}

fn table_entry(id: &str) -> &'static PartitionFacts {
    PARTITIONS.iter().find(|p| p.id == id).unwrap_or_else(|| panic!("partition {id} missing from the table"))
}

/// The outputs of a partition or the overrides of a region, keyed as in JSON.
fn as_json(
    name: Option<&str>,
    dns: Option<&str>,
    dual: Option<&str>,
    fips: Option<bool>,
    ds: Option<bool>,
    global: Option<&str>,
) -> Map<String, Value> {
    let fields = [
        ("name", name.map(Value::from)),
        ("dnsSuffix", dns.map(Value::from)),
        ("dualStackDnsSuffix", dual.map(Value::from)),
        ("supportsFIPS", fips.map(Value::from)),
        ("supportsDualStack", ds.map(Value::from)),
        ("implicitGlobalRegion", global.map(Value::from)),
    ];
    fields.into_iter().filter_map(|(k, v)| Some((k.to_string(), v?))).collect()
}

fn outputs_json(p: &Partition) -> Map<String, Value> {
    let (n, d, ds) = (p.name, p.dns_suffix, p.dual_stack_dns_suffix);
    as_json(
        Some(n),
        Some(d),
        Some(ds),
        Some(p.supports_fips),
        Some(p.supports_dual_stack),
        Some(p.implicit_global_region),
    )
}

fn overrides_json(o: &Overrides) -> Map<String, Value> {
    as_json(
        o.name,
        o.dns_suffix,
        o.dual_stack_dns_suffix,
        o.supports_fips,
        o.supports_dual_stack,
        o.implicit_global_region,
    )
}

#[test]
fn table_lists_the_same_partitions_in_the_same_order() {
    let Some(json) = load_partitions() else { return };
    let json_ids: Vec<&str> = json.iter().map(|p| p["id"].as_str().expect("id is a string")).collect();
    let table_ids: Vec<&str> = PARTITIONS.iter().map(|p| p.id).collect();
    assert_eq!(table_ids, json_ids, "order matters: the first matching pattern wins");
}

#[test]
fn table_outputs_match_partitions_json() {
    let Some(json) = load_partitions() else { return };
    for p in &json {
        let id = p["id"].as_str().expect("id");
        let outputs = object(&p["outputs"], "outputs");
        for key in outputs.keys() {
            assert!(OUTPUT_KEYS.contains(&key.as_str()), "{id}: unknown output {key}; teach the table about it");
        }
        assert_eq!(&outputs_json(&table_entry(id).outputs), outputs, "outputs of {id}");
    }
}

#[test]
fn table_regions_and_overrides_match_partitions_json() {
    let Some(json) = load_partitions() else { return };
    for p in &json {
        let id = p["id"].as_str().expect("id");
        let regions = object(&p["regions"], "regions");
        let entry = table_entry(id);
        let json_ids: Vec<&str> = regions.keys().map(String::as_str).collect();
        let mut table_ids: Vec<&str> = entry.regions.iter().map(|r| r.id).collect();
        let mut sorted_json = json_ids.clone();
        sorted_json.sort_unstable();
        table_ids.sort_unstable();
        assert_eq!(table_ids, sorted_json, "regions of {id}");
        for region in entry.regions {
            let facts = object(&regions[region.id], region.id);
            let mut expected = Map::new();
            for (key, value) in facts {
                if OUTPUT_KEYS.contains(&key.as_str()) {
                    expected.insert(key.clone(), value.clone());
                } else {
                    assert_eq!(key, "description", "{id}/{}: unknown region key {key}", region.id);
                }
            }
            assert_eq!(overrides_json(&region.overrides), expected, "overrides of {id}/{}", region.id);
        }
    }
}

/// Every listed region plus the synthetic ones, and variants of each.
fn sample_regions(json: &[Value]) -> Vec<String> {
    let mut samples: Vec<String> = SYNTHETIC_REGIONS.iter().map(|s| s.to_string()).collect();
    for p in json {
        for region in object(&p["regions"], "regions").keys() {
            samples.push(region.clone());
            samples.push(format!("{region}0"));
            samples.push(format!("{region}x"));
            samples.push(format!("x{region}"));
            samples.push(region.replacen('-', "_", 1));
            samples.push(region.to_uppercase());
        }
        if let Some(global) = p["outputs"]["implicitGlobalRegion"].as_str() {
            samples.push(global.to_string());
        }
    }
    samples
}

#[test]
fn region_matchers_agree_with_the_partition_regexes() {
    let Some(json) = load_partitions() else { return };
    let samples = sample_regions(&json);
    for p in &json {
        let id = p["id"].as_str().expect("id");
        let pattern = p["regionRegex"].as_str().expect("regionRegex");
        let regex = Regex::parse(pattern);
        let matcher = &table_entry(id).region_pattern;
        let mut matched = 0;
        for sample in &samples {
            let expected = regex.is_match(sample);
            matched += usize::from(expected);
            assert_eq!(matcher.matches(sample), expected, "{id} ({pattern}) on {sample:?}");
        }
        assert!(matched > 0, "no sample exercises the {id} pattern");
    }
}

#[test]
fn partition_function_follows_the_lookup_order() {
    let Some(json) = load_partitions() else { return };
    for sample in sample_regions(&json) {
        let listed = json.iter().find(|p| object(&p["regions"], "regions").contains_key(&sample));
        let by_regex =
            || json.iter().find(|p| Regex::parse(p["regionRegex"].as_str().expect("regex")).is_match(&sample));
        let fallback = || json.iter().find(|p| p["id"] == "aws");
        let expected = listed.or_else(by_regex).or_else(fallback).expect("aws partition present");
        let mut outputs = object(&expected["outputs"], "outputs").clone();
        if listed.is_some() {
            for (key, value) in object(&expected["regions"][sample.as_str()], "region") {
                if OUTPUT_KEYS.contains(&key.as_str()) {
                    outputs.insert(key.clone(), value.clone());
                }
            }
        }
        let got = endpoint_lib::partition(&sample).expect("always resolves");
        assert_eq!(outputs_json(&got), outputs, "partition({sample:?})");
    }
}

#[test]
fn test_regex_matcher_handles_the_syntax_it_claims() {
    let regex = Regex::parse(r"^(ab|a)\-\w+\-\d+$");
    for yes in ["ab-x_1-0", "a-b-12", "ab-ab-1"] {
        assert!(regex.is_match(yes), "{yes}");
    }
    for no in ["ab-x-", "b-x-1", "ab-x-1a", "ab--1", "abx-1", "ab-x-1\n"] {
        assert!(!regex.is_match(no), "{no}");
    }
    // Alternation must backtrack into the group once the longer branch fails.
    assert!(Regex::parse(r"^(a|ab)b$").is_match("ab"));
    assert!(Regex::parse(r"^(eusc\-(de))$").is_match("eusc-de"));
}

/// A backtracking matcher for the regex subset the partition patterns use:
/// `^`, `$`, groups with `|`, `\w`, `\d`, escaped literals such as `\-`, `+`
/// and plain characters. Anything else panics, so a pattern using more syntax
/// fails this test instead of being misread. Like Java's `matches()`, it
/// matches the whole input, and `\w`/`\d` are ASCII-only.
enum Regex {
    Start,
    End,
    Char(char),
    Word,
    Digit,
    Group(Vec<Vec<Regex>>),
    OneOrMore(Box<Regex>),
}

impl Regex {
    fn parse(pattern: &str) -> Regex {
        let mut chars = pattern.chars().peekable();
        let alternatives = Self::parse_alternatives(&mut chars);
        assert!(chars.next().is_none(), "unbalanced `)` in {pattern}");
        Regex::Group(alternatives)
    }

    /// Whether the whole of `input` matches.
    fn is_match(&self, input: &str) -> bool {
        let chars: Vec<char> = input.chars().collect();
        match_node(self, &chars, 0, &|end| end == chars.len())
    }

    fn parse_alternatives(chars: &mut std::iter::Peekable<std::str::Chars<'_>>) -> Vec<Vec<Regex>> {
        let mut alternatives = vec![Vec::new()];
        while let Some(&c) = chars.peek() {
            if c == ')' {
                break;
            }
            chars.next();
            let node = match c {
                '|' => {
                    alternatives.push(Vec::new());
                    continue;
                }
                '^' => Regex::Start,
                '$' => Regex::End,
                '(' => {
                    let inner = Self::parse_alternatives(chars);
                    assert_eq!(chars.next(), Some(')'), "unclosed group");
                    Regex::Group(inner)
                }
                '\\' => match chars.next() {
                    Some('w') => Regex::Word,
                    Some('d') => Regex::Digit,
                    Some(escaped) if !escaped.is_ascii_alphanumeric() => Regex::Char(escaped),
                    other => panic!("unsupported escape {other:?}"),
                },
                '+' => {
                    let sequence = alternatives.last_mut().expect("a sequence");
                    let last = sequence.pop().expect("`+` after an atom");
                    Regex::OneOrMore(Box::new(last))
                }
                '*' | '?' | '.' | '[' | ']' | '{' | '}' => panic!("unsupported regex syntax {c:?}"),
                literal => Regex::Char(literal),
            };
            alternatives.last_mut().expect("a sequence").push(node);
        }
        alternatives
    }
}

/// Matches `nodes` at `pos`, then asks `rest` whether the remainder fits;
/// trying every way to continue is what makes it backtrack.
fn match_sequence(nodes: &[Regex], input: &[char], pos: usize, rest: &dyn Fn(usize) -> bool) -> bool {
    match nodes.split_first() {
        None => rest(pos),
        Some((first, others)) => match_node(first, input, pos, &|next| match_sequence(others, input, next, rest)),
    }
}

fn match_node(node: &Regex, input: &[char], pos: usize, rest: &dyn Fn(usize) -> bool) -> bool {
    let here = input.get(pos).copied();
    match node {
        Regex::Start => pos == 0 && rest(pos),
        Regex::End => pos == input.len() && rest(pos),
        Regex::Char(c) => here == Some(*c) && rest(pos + 1),
        Regex::Word => here.is_some_and(|c| c.is_ascii_alphanumeric() || c == '_') && rest(pos + 1),
        Regex::Digit => here.is_some_and(|c| c.is_ascii_digit()) && rest(pos + 1),
        Regex::Group(alternatives) => alternatives.iter().any(|seq| match_sequence(seq, input, pos, rest)),
        Regex::OneOrMore(inner) => {
            match_node(inner, input, pos, &|next| rest(next) || (next > pos && match_node(node, input, next, rest)))
        }
    }
}
