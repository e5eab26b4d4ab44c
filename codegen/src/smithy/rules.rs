//! Typed endpoint rule sets (`smithy.rules#endpointRuleSet`) and their test
//! cases (`smithy.rules#endpointTests`).

use serde_json::{Map, Value};

/// A parsed endpoint rule set.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointRuleSet {
    /// The rule-set language version.
    pub version: String,
    /// Parameters in model order.
    pub parameters: Vec<Parameter>,
    /// The top-level rules, tried in order.
    pub rules: Vec<Rule>,
}

/// The type of an endpoint parameter.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ParameterType {
    /// `string`.
    String,
    /// `boolean`.
    Boolean,
    /// `stringArray`.
    StringArray,
}

/// An endpoint parameter.
#[derive(Debug, Clone, PartialEq)]
pub struct Parameter {
    /// Name, e.g. `UseFIPS`.
    pub name: String,
    /// Its type.
    pub kind: ParameterType,
    /// Built-in it is bound to, e.g. `AWS::Region`.
    pub built_in: Option<String>,
    /// Whether resolution needs a value.
    pub required: bool,
    /// Default value.
    pub default: Option<Value>,
    /// Documentation.
    pub documentation: Option<String>,
}

/// One rule: conditions, then an endpoint, an error or nested rules.
#[derive(Debug, Clone, PartialEq)]
pub struct Rule {
    /// Conditions that must all hold (in order; assignments bind names).
    pub conditions: Vec<Condition>,
    /// What the rule yields when its conditions hold.
    pub kind: RuleKind,
}

/// What a rule yields.
#[derive(Debug, Clone, PartialEq)]
pub enum RuleKind {
    /// An endpoint.
    Endpoint(EndpointSpec),
    /// An error with this message (a string template).
    Error(Expr),
    /// Nested rules; when none matches, resolution fails.
    Tree(Vec<Rule>),
}

/// The endpoint a rule yields.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointSpec {
    /// The URL expression.
    pub url: Expr,
    /// Headers, each with its list of values.
    pub headers: Vec<(String, Vec<Expr>)>,
    /// Properties (e.g. `authSchemes`).
    pub properties: Vec<(String, Expr)>,
}

/// A condition: a function call, optionally binding its result.
#[derive(Debug, Clone, PartialEq)]
pub struct Condition {
    /// The call.
    pub call: Call,
    /// Name bound to the result.
    pub assign: Option<String>,
}

/// A function call.
#[derive(Debug, Clone, PartialEq)]
pub struct Call {
    /// Function name, e.g. `aws.partition`.
    pub function: String,
    /// Arguments.
    pub argv: Vec<Expr>,
}

/// An expression in a rule set.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A string literal, which may contain `{Name}` / `{Name#path}` templates.
    String(Template),
    /// A boolean literal.
    Bool(bool),
    /// An integer literal.
    Int(i64),
    /// An array literal.
    Array(Vec<Expr>),
    /// An object literal.
    Object(Vec<(String, Expr)>),
    /// A reference to a parameter or an assigned name.
    Ref(String),
    /// A function call.
    Call(Call),
}

/// A string template split into literal text and references.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Template(pub Vec<TemplatePart>);

/// A piece of a string template.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum TemplatePart {
    /// Literal text.
    Literal(String),
    /// `{Name}`.
    Ref(String),
    /// `{Name#path}`: `getAttr(Name, "path")`.
    Attr(String, String),
}

impl Template {
    /// Parses template syntax; `{{` and `}}` are literal braces.
    pub fn parse(s: &str) -> Result<Template, String> {
        let mut parts = Vec::new();
        let mut literal = String::new();
        let mut chars = s.chars().peekable();
        while let Some(c) = chars.next() {
            match c {
                '{' if chars.peek() == Some(&'{') => {
                    chars.next();
                    literal.push('{');
                }
                '}' if chars.peek() == Some(&'}') => {
                    chars.next();
                    literal.push('}');
                }
                '{' => {
                    let mut inner = String::new();
                    loop {
                        match chars.next() {
                            Some('}') => break,
                            Some(c) => inner.push(c),
                            None => return Err(format!("unclosed `{{` in template `{s}`")),
                        }
                    }
                    if !literal.is_empty() {
                        parts.push(TemplatePart::Literal(std::mem::take(&mut literal)));
                    }
                    parts.push(match inner.split_once('#') {
                        Some((name, path)) => TemplatePart::Attr(name.to_owned(), path.to_owned()),
                        None => TemplatePart::Ref(inner),
                    });
                }
                other => literal.push(other),
            }
        }
        if !literal.is_empty() || parts.is_empty() {
            parts.push(TemplatePart::Literal(literal));
        }
        Ok(Template(parts))
    }

    /// The text when the template has no references.
    pub fn as_literal(&self) -> Option<&str> {
        match self.0.as_slice() {
            [TemplatePart::Literal(s)] => Some(s),
            _ => None,
        }
    }
}

impl EndpointRuleSet {
    /// Parses the trait value.
    pub fn from_json(value: &Value) -> Result<EndpointRuleSet, String> {
        let obj = value.as_object().ok_or("expected an object")?;
        let version = obj.get("version").and_then(Value::as_str).unwrap_or("1.0").to_owned();
        let mut parameters = Vec::new();
        if let Some(params) = obj.get("parameters") {
            let params = params.as_object().ok_or("`parameters` must be an object")?;
            for (name, p) in params {
                parameters.push(parse_parameter(name, p).map_err(|e| format!("parameter `{name}`: {e}"))?);
            }
        }
        let rules = parse_rules(obj.get("rules").ok_or("missing `rules`")?)?;
        Ok(EndpointRuleSet { version, parameters, rules })
    }
}

fn parse_parameter(name: &str, p: &Value) -> Result<Parameter, String> {
    let kind = match p.get("type").and_then(Value::as_str).map(str::to_ascii_lowercase).as_deref() {
        Some("string") => ParameterType::String,
        Some("boolean") => ParameterType::Boolean,
        Some("stringarray") => ParameterType::StringArray,
        _ => return Err("`type` must be string, boolean or stringArray".into()),
    };
    Ok(Parameter {
        name: name.to_owned(),
        kind,
        built_in: p.get("builtIn").and_then(Value::as_str).map(str::to_owned),
        required: p.get("required").and_then(Value::as_bool).unwrap_or(false),
        default: p.get("default").cloned(),
        documentation: p.get("documentation").and_then(Value::as_str).map(str::to_owned),
    })
}

fn parse_rules(value: &Value) -> Result<Vec<Rule>, String> {
    value.as_array().ok_or("`rules` must be a list")?.iter().map(parse_rule).collect()
}

fn parse_rule(value: &Value) -> Result<Rule, String> {
    let obj = value.as_object().ok_or("a rule must be an object")?;
    let conditions = match obj.get("conditions") {
        None => Vec::new(),
        Some(c) => {
            c.as_array().ok_or("`conditions` must be a list")?.iter().map(parse_condition).collect::<Result<_, _>>()?
        }
    };
    let kind = match obj.get("type").and_then(Value::as_str) {
        Some("endpoint") => {
            RuleKind::Endpoint(parse_endpoint(obj.get("endpoint").ok_or("endpoint rule without `endpoint`")?)?)
        }
        Some("error") => RuleKind::Error(parse_expr(obj.get("error").ok_or("error rule without `error`")?)?),
        Some("tree") => RuleKind::Tree(parse_rules(obj.get("rules").ok_or("tree rule without `rules`")?)?),
        _ => return Err("a rule's `type` must be endpoint, error or tree".into()),
    };
    Ok(Rule { conditions, kind })
}

fn parse_condition(value: &Value) -> Result<Condition, String> {
    let call = parse_call(value.as_object().ok_or("a condition must be an object")?)?;
    let assign = value.get("assign").and_then(Value::as_str).map(str::to_owned);
    Ok(Condition { call, assign })
}

fn parse_call(obj: &Map<String, Value>) -> Result<Call, String> {
    let function = obj.get("fn").and_then(Value::as_str).ok_or("a function call needs `fn`")?.to_owned();
    let argv = obj.get("argv").and_then(Value::as_array).ok_or("a function call needs `argv`")?;
    Ok(Call { function, argv: argv.iter().map(parse_expr).collect::<Result<_, _>>()? })
}

fn parse_endpoint(value: &Value) -> Result<EndpointSpec, String> {
    let url = parse_expr(value.get("url").ok_or("endpoint without `url`")?)?;
    let mut headers = Vec::new();
    if let Some(h) = value.get("headers").and_then(Value::as_object) {
        for (name, values) in h {
            let values = values.as_array().ok_or("header values must be a list")?;
            headers.push((name.clone(), values.iter().map(parse_expr).collect::<Result<_, _>>()?));
        }
    }
    let mut properties = Vec::new();
    if let Some(p) = value.get("properties").and_then(Value::as_object) {
        for (name, v) in p {
            properties.push((name.clone(), parse_literal(v)?));
        }
    }
    Ok(EndpointSpec { url, headers, properties })
}

fn parse_expr(value: &Value) -> Result<Expr, String> {
    match value {
        Value::Object(obj) if obj.contains_key("ref") => {
            Ok(Expr::Ref(obj["ref"].as_str().ok_or("`ref` must be a string")?.to_owned()))
        }
        Value::Object(obj) if obj.contains_key("fn") => Ok(Expr::Call(parse_call(obj)?)),
        other => parse_literal(other),
    }
}

fn parse_literal(value: &Value) -> Result<Expr, String> {
    match value {
        Value::String(s) => Ok(Expr::String(Template::parse(s)?)),
        Value::Bool(b) => Ok(Expr::Bool(*b)),
        Value::Number(n) => Ok(Expr::Int(n.as_i64().ok_or("numbers in rules must be integers")?)),
        Value::Array(items) => Ok(Expr::Array(items.iter().map(parse_expr).collect::<Result<_, _>>()?)),
        Value::Object(obj) if obj.contains_key("ref") || obj.contains_key("fn") => parse_expr(value),
        Value::Object(obj) => {
            Ok(Expr::Object(obj.iter().map(|(k, v)| Ok((k.clone(), parse_expr(v)?))).collect::<Result<_, String>>()?))
        }
        Value::Null => Err("null is not a rule-set value".into()),
    }
}

/// `smithy.rules#endpointTests`.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTests {
    /// The cases, in model order.
    pub cases: Vec<EndpointTestCase>,
}

/// One endpoint test case.
#[derive(Debug, Clone, PartialEq)]
pub struct EndpointTestCase {
    /// What the case covers.
    pub documentation: Option<String>,
    /// Parameter values by name.
    pub params: Map<String, Value>,
    /// The expected outcome.
    pub expect: EndpointExpectation,
    /// Operation calls that must bind these parameters and so resolve the
    /// same outcome.
    pub operation_inputs: Vec<OperationInput>,
}

/// One `operationInputs` entry of an endpoint test case: a call whose
/// endpoint parameters are bound the way a request binds them.
#[derive(Debug, Clone, PartialEq)]
pub struct OperationInput {
    /// The operation's name (the name part of its shape id).
    pub operation_name: String,
    /// The input's members, as JSON.
    pub operation_params: Map<String, Value>,
    /// Built-in values by built-in name (`AWS::Region`, `SDK::Endpoint`...).
    pub built_in_params: Map<String, Value>,
    /// Client context parameter values by parameter name.
    pub client_params: Map<String, Value>,
}

/// What resolving a test case's parameters must give.
#[derive(Debug, Clone, PartialEq)]
pub enum EndpointExpectation {
    /// An endpoint with this URL, headers and properties.
    Endpoint {
        /// The URL.
        url: String,
        /// Expected headers.
        headers: Map<String, Value>,
        /// Expected properties.
        properties: Map<String, Value>,
    },
    /// An error with this message.
    Error(String),
}

impl EndpointTests {
    /// Parses the trait value.
    pub fn from_json(value: &Value) -> Result<EndpointTests, String> {
        let cases = value.get("testCases").and_then(Value::as_array).ok_or("`testCases` must be a list")?;
        let cases =
            cases.iter().enumerate().map(|(i, case)| parse_case(case).map_err(|e| format!("test case {i}: {e}")));
        Ok(EndpointTests { cases: cases.collect::<Result<_, _>>()? })
    }
}

fn parse_case(case: &Value) -> Result<EndpointTestCase, String> {
    let expect = case.get("expect").ok_or("missing `expect`")?;
    let expect = if let Some(error) = expect.get("error") {
        EndpointExpectation::Error(error.as_str().ok_or("`error` must be a string")?.to_owned())
    } else {
        let endpoint = expect.get("endpoint").ok_or("`expect` needs `endpoint` or `error`")?;
        let object = |key| endpoint.get(key).and_then(Value::as_object).cloned().unwrap_or_default();
        EndpointExpectation::Endpoint {
            url: endpoint.get("url").and_then(Value::as_str).ok_or("endpoint without `url`")?.to_owned(),
            headers: object("headers"),
            properties: object("properties"),
        }
    };
    let operation_inputs = match case.get("operationInputs") {
        None => Vec::new(),
        Some(inputs) => inputs
            .as_array()
            .ok_or("`operationInputs` must be a list")?
            .iter()
            .enumerate()
            .map(|(i, input)| parse_operation_input(input).map_err(|e| format!("operation input {i}: {e}")))
            .collect::<Result<_, _>>()?,
    };
    Ok(EndpointTestCase {
        documentation: case.get("documentation").and_then(Value::as_str).map(str::to_owned),
        params: case.get("params").and_then(Value::as_object).cloned().unwrap_or_default(),
        expect,
        operation_inputs,
    })
}

fn parse_operation_input(input: &Value) -> Result<OperationInput, String> {
    let object = |key: &str| -> Result<Map<String, Value>, String> {
        match input.get(key) {
            None => Ok(Map::new()),
            Some(Value::Object(map)) => Ok(map.clone()),
            Some(_) => Err(format!("`{key}` must be an object")),
        }
    };
    Ok(OperationInput {
        operation_name: input
            .get("operationName")
            .and_then(Value::as_str)
            .filter(|n| !n.is_empty())
            .ok_or("`operationName` must be a string")?
            .to_owned(),
        operation_params: object("operationParams")?,
        built_in_params: object("builtInParams")?,
        client_params: object("clientParams")?,
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn templates_split_references_and_escapes() {
        let t = Template::parse("https://{Region}.{P#dnsSuffix}/{{x}}").unwrap();
        assert_eq!(
            t.0,
            vec![
                TemplatePart::Literal("https://".into()),
                TemplatePart::Ref("Region".into()),
                TemplatePart::Literal(".".into()),
                TemplatePart::Attr("P".into(), "dnsSuffix".into()),
                TemplatePart::Literal("/{x}".into()),
            ]
        );
        assert!(Template::parse("{oops").is_err());
        assert_eq!(Template::parse("").unwrap().as_literal(), Some(""));
    }

    #[test]
    fn rule_sets_parse_conditions_trees_and_errors() {
        let rs = EndpointRuleSet::from_json(&json!({
            "version": "1.0",
            "parameters": {"Region": {"type": "String", "builtIn": "AWS::Region", "required": false}},
            "rules": [
                {"conditions": [{"fn": "isSet", "argv": [{"ref": "Region"}]}],
                 "type": "tree",
                 "rules": [{"conditions": [], "endpoint": {"url": "https://{Region}.example.com"}, "type": "endpoint"}]},
                {"conditions": [], "error": "Missing Region", "type": "error"}
            ]
        }))
        .unwrap();
        assert_eq!(rs.parameters[0].kind, ParameterType::String);
        assert!(matches!(&rs.rules[0].kind, RuleKind::Tree(rules) if rules.len() == 1));
        assert!(
            matches!(&rs.rules[1].kind, RuleKind::Error(Expr::String(t)) if t.as_literal() == Some("Missing Region"))
        );
    }

    #[test]
    fn malformed_rules_are_errors_not_panics() {
        assert!(EndpointRuleSet::from_json(&json!({"rules": [{"type": "nope"}]})).is_err());
        assert!(
            EndpointRuleSet::from_json(
                &json!({"rules": [{"conditions": [{"argv": []}], "type": "error", "error": "x"}]})
            )
            .is_err()
        );
        assert!(EndpointTests::from_json(&json!({"testCases": [{"params": {}}]})).is_err());
        let bad_input =
            json!({"testCases": [{"expect": {"error": "x"}, "operationInputs": [{"operationParams": {}}]}]});
        assert!(EndpointTests::from_json(&bad_input).unwrap_err().contains("operationName"));
    }

    #[test]
    fn operation_inputs_keep_their_params_built_ins_and_client_params() {
        let tests = EndpointTests::from_json(&json!({"testCases": [{
            "expect": {"endpoint": {"url": "https://example.com"}},
            "params": {"Region": "us-east-1"},
            "operationInputs": [
                {"operationName": "GetThing", "operationParams": {"Name": "n"},
                 "builtInParams": {"AWS::Region": "us-east-1"}, "clientParams": {"Flag": true}},
                {"operationName": "ListThings"}
            ]
        }]}))
        .unwrap();
        let inputs = &tests.cases[0].operation_inputs;
        assert_eq!(inputs.len(), 2);
        assert_eq!(inputs[0].operation_name, "GetThing");
        assert_eq!(inputs[0].operation_params["Name"], json!("n"));
        assert_eq!(inputs[0].built_in_params["AWS::Region"], json!("us-east-1"));
        assert_eq!(inputs[0].client_params["Flag"], json!(true));
        assert!(inputs[1].operation_params.is_empty() && inputs[1].built_in_params.is_empty());
    }
}
