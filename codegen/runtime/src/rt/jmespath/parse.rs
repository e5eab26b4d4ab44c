//! The JMESPath subset's syntax: the value type, the expression tree and the
//! parser. Self-contained (it names nothing else of the runtime) because the
//! generator compiles this same file to check every expression a model holds
//! and to find the members it reads, so an expression the runtime would
//! refuse is a generation error, never a surprise at run time.
//!
//! The subset: identifiers (bare or `"quoted"`), sub-expressions `a.b`,
//! indexes `a[0]` and `a[-1]`, list projections `a[*]`, object projections
//! `a.*`, flattening `a[]`, filters `a[?expr]`, multi-select lists
//! `a.[b, c]`, pipes `a | b`, comparisons (`==`, `!=`, `<`, `<=`, `>`,
//! `>=`), `&&`, `||`, `!`, parentheses, `@`, JSON literals `` `...` ``, raw
//! strings `'...'`, and the functions `length`, `contains`, `keys` and
//! `values`. Slices, multi-select hashes and expression references are not
//! part of it and are refused with a message saying so.

use std::fmt;

/// A JMESPath value: JSON's data model. Objects keep their members in
/// insertion order.
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// `null`: also what any path that leads nowhere gives.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number (JMESPath has one number type).
    Number(f64),
    /// A string.
    String(String),
    /// An array.
    Array(Vec<Value>),
    /// An object, members in insertion order.
    Object(Vec<(String, Value)>),
}

impl Value {
    /// Whether JMESPath counts the value as true: anything but `null`,
    /// `false`, `""`, `[]` and `{}`.
    pub fn is_truthy(&self) -> bool {
        match self {
            Value::Null => false,
            Value::Bool(b) => *b,
            Value::Number(_) => true,
            Value::String(s) => !s.is_empty(),
            Value::Array(a) => !a.is_empty(),
            Value::Object(o) => !o.is_empty(),
        }
    }

    /// The member `name` of an object; `null` for anything else.
    pub fn field(&self, name: &str) -> &Value {
        match self {
            Value::Object(members) => members.iter().find(|(k, _)| k == name).map_or(&Value::Null, |(_, v)| v),
            _ => &Value::Null,
        }
    }

    /// Converts parsed JSON (a literal's text).
    pub fn from_json(json: &serde_json::Value) -> Value {
        match json {
            serde_json::Value::Null => Value::Null,
            serde_json::Value::Bool(b) => Value::Bool(*b),
            serde_json::Value::Number(n) => Value::Number(n.as_f64().unwrap_or(f64::NAN)),
            serde_json::Value::String(s) => Value::String(s.clone()),
            serde_json::Value::Array(items) => Value::Array(items.iter().map(Value::from_json).collect()),
            serde_json::Value::Object(members) => {
                Value::Object(members.iter().map(|(k, v)| (k.clone(), Value::from_json(v))).collect())
            }
        }
    }
}

/// A comparison operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Comparator {
    /// `==`
    Eq,
    /// `!=`
    Ne,
    /// `<`
    Lt,
    /// `<=`
    Le,
    /// `>`
    Gt,
    /// `>=`
    Ge,
}

/// A function of the subset.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Function {
    /// `length(string|array|object)`.
    Length,
    /// `contains(array|string, value)`.
    Contains,
    /// `keys(object)`.
    Keys,
    /// `values(object)`.
    Values,
}

impl Function {
    fn named(name: &str) -> Option<(Function, usize)> {
        Some(match name {
            "length" => (Function::Length, 1),
            "contains" => (Function::Contains, 2),
            "keys" => (Function::Keys, 1),
            "values" => (Function::Values, 1),
            _ => return None,
        })
    }
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// `@`: the current value.
    Current,
    /// A member name.
    Field(String),
    /// `left.right`: `right` evaluated on `left`'s value.
    Sub(Box<Expr>, Box<Expr>),
    /// `left[n]`.
    Index(Box<Expr>, i64),
    /// `left[*]` then `right` on each element, nulls dropped.
    ListProjection(Box<Expr>, Box<Expr>),
    /// `left.*` then `right` on each member value, nulls dropped.
    ObjectProjection(Box<Expr>, Box<Expr>),
    /// `left[]` then `right` on each element of the flattened array.
    Flatten(Box<Expr>, Box<Expr>),
    /// `left[?condition]` then `right` on each element kept.
    Filter(Box<Expr>, Box<Expr>, Box<Expr>),
    /// `[a, b]`: evaluated against the current value.
    MultiSelectList(Vec<Expr>),
    /// `left | right`.
    Pipe(Box<Expr>, Box<Expr>),
    /// A comparison.
    Compare(Comparator, Box<Expr>, Box<Expr>),
    /// `left && right`.
    And(Box<Expr>, Box<Expr>),
    /// `left || right`.
    Or(Box<Expr>, Box<Expr>),
    /// `!expr`.
    Not(Box<Expr>),
    /// A literal value.
    Literal(Value),
    /// A function call.
    Call(Function, Vec<Expr>),
}

/// Why an expression was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ParseError {
    /// The byte offset the problem was found at.
    pub offset: usize,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for ParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} (at offset {})", self.message, self.offset)
    }
}

impl std::error::Error for ParseError {}

#[derive(Debug, Clone, PartialEq)]
enum Token {
    Ident(String),
    QuotedIdent(String),
    Number(i64),
    Literal(Value),
    Dot,
    Star,
    Flatten,
    Filter,
    LBracket,
    RBracket,
    LBrace,
    RBrace,
    LParen,
    RParen,
    Comma,
    Colon,
    At,
    Pipe,
    Or,
    And,
    Ampersand,
    Not,
    Cmp(Comparator),
    End,
}

impl Token {
    /// Left binding power, as the JMESPath grammar orders its operators.
    fn lbp(&self) -> u8 {
        match self {
            Token::Pipe => 1,
            Token::Or => 2,
            Token::And => 3,
            Token::Cmp(_) => 5,
            Token::Flatten => 9,
            Token::Star => 20,
            Token::Filter => 21,
            Token::Dot => 40,
            Token::Not => 45,
            Token::LBrace => 50,
            Token::LBracket => 55,
            Token::LParen => 60,
            _ => 0,
        }
    }
}

fn error<T>(offset: usize, message: impl Into<String>) -> Result<T, ParseError> {
    Err(ParseError { offset, message: message.into() })
}

fn tokenize(text: &str) -> Result<Vec<(usize, Token)>, ParseError> {
    let bytes = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < bytes.len() {
        let start = i;
        let c = bytes[i];
        let next = bytes.get(i + 1).copied();
        let token = match c {
            b' ' | b'\t' | b'\n' | b'\r' => {
                i += 1;
                continue;
            }
            b'a'..=b'z' | b'A'..=b'Z' | b'_' => {
                while i < bytes.len() && (bytes[i].is_ascii_alphanumeric() || bytes[i] == b'_') {
                    i += 1;
                }
                out.push((start, Token::Ident(text[start..i].to_owned())));
                continue;
            }
            b'0'..=b'9' | b'-' => {
                i += 1;
                while i < bytes.len() && bytes[i].is_ascii_digit() {
                    i += 1;
                }
                match text[start..i].parse() {
                    Ok(n) => out.push((start, Token::Number(n))),
                    Err(_) => return error(start, "expected a number"),
                }
                continue;
            }
            b'"' => {
                let end = closing(bytes, i + 1, b'"')
                    .ok_or(ParseError { offset: start, message: "unterminated quoted identifier".into() })?;
                match serde_json::from_str::<String>(&text[start..=end]) {
                    Ok(name) => out.push((start, Token::QuotedIdent(name))),
                    Err(_) => return error(start, "invalid quoted identifier"),
                }
                i = end + 1;
                continue;
            }
            b'\'' => {
                let end = closing(bytes, i + 1, b'\'')
                    .ok_or(ParseError { offset: start, message: "unterminated raw string".into() })?;
                let raw = text[start + 1..end].replace("\\'", "'");
                out.push((start, Token::Literal(Value::String(raw))));
                i = end + 1;
                continue;
            }
            b'`' => {
                let end = closing(bytes, i + 1, b'`')
                    .ok_or(ParseError { offset: start, message: "unterminated literal".into() })?;
                let json = text[start + 1..end].replace("\\`", "`");
                match serde_json::from_str::<serde_json::Value>(json.trim()) {
                    Ok(value) => out.push((start, Token::Literal(Value::from_json(&value)))),
                    Err(_) => return error(start, "a literal must be JSON"),
                }
                i = end + 1;
                continue;
            }
            b'.' => Token::Dot,
            b'*' => Token::Star,
            b'[' if next == Some(b']') => {
                i += 1;
                Token::Flatten
            }
            b'[' if next == Some(b'?') => {
                i += 1;
                Token::Filter
            }
            b'[' => Token::LBracket,
            b']' => Token::RBracket,
            b'{' => Token::LBrace,
            b'}' => Token::RBrace,
            b'(' => Token::LParen,
            b')' => Token::RParen,
            b',' => Token::Comma,
            b':' => Token::Colon,
            b'@' => Token::At,
            b'|' if next == Some(b'|') => {
                i += 1;
                Token::Or
            }
            b'|' => Token::Pipe,
            b'&' if next == Some(b'&') => {
                i += 1;
                Token::And
            }
            b'&' => Token::Ampersand,
            b'!' if next == Some(b'=') => {
                i += 1;
                Token::Cmp(Comparator::Ne)
            }
            b'!' => Token::Not,
            b'=' if next == Some(b'=') => {
                i += 1;
                Token::Cmp(Comparator::Eq)
            }
            b'<' if next == Some(b'=') => {
                i += 1;
                Token::Cmp(Comparator::Le)
            }
            b'<' => Token::Cmp(Comparator::Lt),
            b'>' if next == Some(b'=') => {
                i += 1;
                Token::Cmp(Comparator::Ge)
            }
            b'>' => Token::Cmp(Comparator::Gt),
            _ => {
                let shown = text[start..].chars().next().unwrap_or(' ');
                return error(start, format!("unexpected character `{shown}`"));
            }
        };
        i += 1;
        out.push((start, token));
    }
    out.push((text.len(), Token::End));
    Ok(out)
}

/// The index of the unescaped `quote` closing a token that starts before `from`.
fn closing(bytes: &[u8], from: usize, quote: u8) -> Option<usize> {
    let mut i = from;
    while i < bytes.len() {
        match bytes[i] {
            b'\\' => i += 2,
            b if b == quote => return Some(i),
            _ => i += 1,
        }
    }
    None
}

/// Parses an expression of the subset.
pub fn parse(text: &str) -> Result<Expr, ParseError> {
    let tokens = tokenize(text)?;
    let mut parser = Parser { tokens, pos: 0, depth: 0 };
    let expr = parser.expr(0)?;
    match parser.peek() {
        Token::End => Ok(expr),
        other => error(parser.offset(), format!("unexpected {} after the expression", describe(other))),
    }
}

fn describe(token: &Token) -> String {
    match token {
        Token::Ident(name) | Token::QuotedIdent(name) => format!("identifier `{name}`"),
        Token::Number(n) => format!("number `{n}`"),
        Token::Literal(_) => "literal".into(),
        Token::End => "end of expression".into(),
        other => format!("`{}`", symbol(other)),
    }
}

fn symbol(token: &Token) -> &'static str {
    match token {
        Token::Dot => ".",
        Token::Star => "*",
        Token::Flatten => "[]",
        Token::Filter => "[?",
        Token::LBracket => "[",
        Token::RBracket => "]",
        Token::LBrace => "{",
        Token::RBrace => "}",
        Token::LParen => "(",
        Token::RParen => ")",
        Token::Comma => ",",
        Token::Colon => ":",
        Token::At => "@",
        Token::Pipe => "|",
        Token::Or => "||",
        Token::And => "&&",
        Token::Ampersand => "&",
        Token::Not => "!",
        Token::Cmp(Comparator::Eq) => "==",
        Token::Cmp(Comparator::Ne) => "!=",
        Token::Cmp(Comparator::Lt) => "<",
        Token::Cmp(Comparator::Le) => "<=",
        Token::Cmp(Comparator::Gt) => ">",
        Token::Cmp(Comparator::Ge) => ">=",
        _ => "?",
    }
}

/// Nesting deeper than this is refused rather than risking the stack.
const MAX_DEPTH: usize = 64;

struct Parser {
    tokens: Vec<(usize, Token)>,
    pos: usize,
    depth: usize,
}

impl Parser {
    fn peek(&self) -> &Token {
        self.tokens.get(self.pos).map_or(&Token::End, |(_, t)| t)
    }

    fn peek_at(&self, ahead: usize) -> &Token {
        self.tokens.get(self.pos + ahead).map_or(&Token::End, |(_, t)| t)
    }

    fn offset(&self) -> usize {
        self.tokens.get(self.pos).map_or(0, |(o, _)| *o)
    }

    fn advance(&mut self) -> Token {
        let token = self.peek().clone();
        self.pos += 1;
        token
    }

    fn expect(&mut self, token: Token) -> Result<(), ParseError> {
        if *self.peek() == token {
            self.pos += 1;
            Ok(())
        } else {
            error(self.offset(), format!("expected `{}`, found {}", symbol(&token), describe(self.peek())))
        }
    }

    fn expr(&mut self, rbp: u8) -> Result<Expr, ParseError> {
        self.depth += 1;
        if self.depth > MAX_DEPTH {
            return error(self.offset(), "the expression nests too deeply");
        }
        let mut left = self.nud()?;
        while rbp < self.peek().lbp() {
            left = self.led(left)?;
        }
        self.depth -= 1;
        Ok(left)
    }

    fn nud(&mut self) -> Result<Expr, ParseError> {
        let offset = self.offset();
        match self.advance() {
            Token::Ident(name) if *self.peek() == Token::LParen => self.call(offset, &name),
            Token::Ident(name) | Token::QuotedIdent(name) => Ok(Expr::Field(name)),
            Token::Literal(value) => Ok(Expr::Literal(value)),
            Token::At => Ok(Expr::Current),
            Token::Star => {
                let rhs = self.projection_rhs(Token::Star.lbp())?;
                Ok(Expr::ObjectProjection(Box::new(Expr::Current), Box::new(rhs)))
            }
            Token::Not => Ok(Expr::Not(Box::new(self.expr(Token::Not.lbp())?))),
            Token::LParen => {
                let inner = self.expr(0)?;
                self.expect(Token::RParen)?;
                Ok(inner)
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(Token::Flatten.lbp())?;
                Ok(Expr::Flatten(Box::new(Expr::Current), Box::new(rhs)))
            }
            Token::Filter => self.filter(Expr::Current),
            Token::LBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index(Expr::Current),
                Token::Star if *self.peek_at(1) == Token::RBracket => {
                    self.pos += 2;
                    let rhs = self.projection_rhs(Token::Star.lbp())?;
                    Ok(Expr::ListProjection(Box::new(Expr::Current), Box::new(rhs)))
                }
                _ => self.multi_select_list(),
            },
            Token::LBrace => error(offset, "multi-select hashes (`{...}`) are not supported"),
            Token::Ampersand => error(offset, "expression references (`&`) are not supported"),
            other => error(offset, format!("unexpected {}", describe(&other))),
        }
    }

    fn led(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let offset = self.offset();
        let token = self.advance();
        let boxed = Box::new(left);
        match token {
            Token::Dot => {
                if *self.peek() == Token::Star {
                    self.pos += 1;
                    let rhs = self.projection_rhs(Token::Star.lbp())?;
                    return Ok(Expr::ObjectProjection(boxed, Box::new(rhs)));
                }
                let rhs = self.dot_rhs(Token::Dot.lbp())?;
                Ok(Expr::Sub(boxed, Box::new(rhs)))
            }
            Token::Flatten => {
                let rhs = self.projection_rhs(Token::Flatten.lbp())?;
                Ok(Expr::Flatten(boxed, Box::new(rhs)))
            }
            Token::Filter => self.filter(*boxed),
            Token::LBracket => match self.peek() {
                Token::Number(_) | Token::Colon => self.index(*boxed),
                Token::Star if *self.peek_at(1) == Token::RBracket => {
                    self.pos += 2;
                    let rhs = self.projection_rhs(Token::Star.lbp())?;
                    Ok(Expr::ListProjection(boxed, Box::new(rhs)))
                }
                other => error(self.offset(), format!("expected an index or `*`, found {}", describe(other))),
            },
            Token::Pipe => Ok(Expr::Pipe(boxed, Box::new(self.expr(Token::Pipe.lbp())?))),
            Token::Or => Ok(Expr::Or(boxed, Box::new(self.expr(Token::Or.lbp())?))),
            Token::And => Ok(Expr::And(boxed, Box::new(self.expr(Token::And.lbp())?))),
            Token::Cmp(op) => Ok(Expr::Compare(op, boxed, Box::new(self.expr(Token::Cmp(op).lbp())?))),
            Token::LBrace => error(offset, "multi-select hashes (`{...}`) are not supported"),
            other => error(offset, format!("unexpected {}", describe(&other))),
        }
    }

    fn call(&mut self, offset: usize, name: &str) -> Result<Expr, ParseError> {
        let Some((function, arity)) = Function::named(name) else {
            return error(offset, format!("the function `{name}` is not supported"));
        };
        self.expect(Token::LParen)?;
        let mut args = Vec::new();
        if *self.peek() != Token::RParen {
            loop {
                args.push(self.expr(0)?);
                if *self.peek() == Token::Comma {
                    self.pos += 1;
                } else {
                    break;
                }
            }
        }
        self.expect(Token::RParen)?;
        if args.len() != arity {
            return error(offset, format!("`{name}` takes {arity} argument(s), not {}", args.len()));
        }
        Ok(Expr::Call(function, args))
    }

    fn index(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let offset = self.offset();
        match self.advance() {
            Token::Number(n) if *self.peek() == Token::RBracket => {
                self.pos += 1;
                Ok(Expr::Index(Box::new(left), n))
            }
            _ => error(offset, "slices (`[a:b]`) are not supported"),
        }
    }

    fn filter(&mut self, left: Expr) -> Result<Expr, ParseError> {
        let condition = self.expr(0)?;
        self.expect(Token::RBracket)?;
        let rhs = self.projection_rhs(Token::Filter.lbp())?;
        Ok(Expr::Filter(Box::new(left), Box::new(condition), Box::new(rhs)))
    }

    fn multi_select_list(&mut self) -> Result<Expr, ParseError> {
        let mut items = Vec::new();
        loop {
            items.push(self.expr(0)?);
            match self.advance() {
                Token::Comma => {}
                Token::RBracket => return Ok(Expr::MultiSelectList(items)),
                other => {
                    return error(self.offset(), format!("expected `,` or `]`, found {}", describe(&other)));
                }
            }
        }
    }

    /// What follows a `.`: an identifier, a function call, or a multi-select list.
    fn dot_rhs(&mut self, rbp: u8) -> Result<Expr, ParseError> {
        match self.peek() {
            Token::Ident(_) | Token::QuotedIdent(_) | Token::Star => self.expr(rbp),
            Token::LBracket => {
                self.pos += 1;
                let mut left = self.multi_select_list()?;
                while rbp < self.peek().lbp() {
                    left = self.led(left)?;
                }
                Ok(left)
            }
            Token::LBrace => error(self.offset(), "multi-select hashes (`{...}`) are not supported"),
            other => error(self.offset(), format!("expected an identifier after `.`, found {}", describe(other))),
        }
    }

    /// What a projection applies to each element: nothing (the element
    /// itself), or the rest of the path up to an operator that binds less.
    fn projection_rhs(&mut self, rbp: u8) -> Result<Expr, ParseError> {
        let next = self.peek();
        if next.lbp() < 10 {
            return Ok(Expr::Current);
        }
        match next {
            Token::Dot => {
                self.pos += 1;
                self.dot_rhs(rbp)
            }
            Token::LBracket | Token::Filter | Token::Flatten | Token::Star => self.expr(rbp),
            other => error(self.offset(), format!("unexpected {} after a projection", describe(other))),
        }
    }
}
