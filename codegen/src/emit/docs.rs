//! Model documentation (HTML, as AWS models carry it, or plain CommonMark) to
//! rustdoc Markdown that renders cleanly and triggers no rustdoc lint: code as
//! code, links as links, lists as lists, and everything rustdoc would read as
//! an intra-doc link, an HTML tag or a doctest escaped.

/// Converts documentation to rustdoc Markdown lines (no leading `///`).
pub fn html_to_markdown(html: &str) -> String {
    let mut w = Writer::default();
    let mut rest = html;
    while !rest.is_empty() {
        if let Some(after) = rest.strip_prefix('<') {
            if let Some((tag, tail)) = parse_tag(after) {
                w.tag(&tag);
                rest = tail;
                continue;
            }
            w.text("<");
            rest = after;
            continue;
        }
        let end = rest.find('<').unwrap_or(rest.len());
        w.text(&decode_entities(&rest[..end]));
        rest = &rest[end..];
    }
    w.finish()
}

#[derive(Debug, PartialEq)]
struct Tag {
    name: String,
    closing: bool,
    href: Option<String>,
}

/// Parses `name attr="v">` (after the `<`); `None` when it is not a tag.
fn parse_tag(s: &str) -> Option<(Tag, &str)> {
    let end = s.find('>')?;
    let inner = s[..end].trim().trim_end_matches('/').trim();
    let (closing, inner) = match inner.strip_prefix('/') {
        Some(i) => (true, i.trim()),
        None => (false, inner),
    };
    let name_end = inner.find(|c: char| c.is_whitespace()).unwrap_or(inner.len());
    let name = &inner[..name_end];
    if name.is_empty()
        || !name.chars().all(|c| c.is_ascii_alphanumeric())
        || !name.starts_with(|c: char| c.is_ascii_alphabetic())
    {
        return None;
    }
    let href = attribute(&inner[name_end..], "href");
    Some((Tag { name: name.to_ascii_lowercase(), closing, href }, &s[end + 1..]))
}

fn attribute(attrs: &str, wanted: &str) -> Option<String> {
    let pos = attrs.find(&format!("{wanted}="))?;
    let value = &attrs[pos + wanted.len() + 1..];
    let quote = value.chars().next().filter(|c| *c == '"' || *c == '\'')?;
    let value = &value[1..];
    Some(decode_entities(&value[..value.find(quote)?]).into_owned())
}

fn decode_entities(s: &str) -> std::borrow::Cow<'_, str> {
    if !s.contains('&') {
        return std::borrow::Cow::Borrowed(s);
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(i) = rest.find('&') {
        out.push_str(&rest[..i]);
        rest = &rest[i..];
        let decoded = rest.find(';').filter(|&e| e <= 10).and_then(|e| {
            let entity = &rest[1..e];
            let c = match entity {
                "lt" => Some('<'),
                "gt" => Some('>'),
                "amp" => Some('&'),
                "quot" => Some('"'),
                "apos" => Some('\''),
                "nbsp" => Some(' '),
                _ if entity.starts_with("#x") || entity.starts_with("#X") => {
                    u32::from_str_radix(&entity[2..], 16).ok().and_then(char::from_u32)
                }
                _ if entity.starts_with('#') => entity[1..].parse().ok().and_then(char::from_u32),
                _ => None,
            };
            c.map(|c| (c, e))
        });
        match decoded {
            Some((c, e)) => {
                out.push(c);
                rest = &rest[e + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    std::borrow::Cow::Owned(out)
}

/// A break owed before the next content.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord)]
enum Break {
    #[default]
    None,
    Line,
    Paragraph,
}

#[derive(Default)]
struct Writer {
    out: String,
    /// Open lists: `None` for bullets, `Some(n)` for the next ordered number.
    lists: Vec<Option<usize>>,
    /// The width of each open list's current item marker (`- ` is 2, `10. `
    /// is 4): nested content is indented by the markers around it.
    marker_widths: Vec<usize>,
    /// A list item marker not written yet (it waits for the item's content).
    marker: Option<String>,
    /// The break owed before the next content.
    pending: Break,
    /// Nothing has been written on the current line yet (after indentation).
    line_start: bool,
    /// Text of the `<code>` span being collected.
    code: Option<String>,
    /// Inside `<pre>`: text kept verbatim.
    pre: Option<String>,
    /// Open `<a>` links: the href and where the link text starts in `out`.
    links: Vec<(Option<String>, usize)>,
    /// Open emphasis: the marker and where the text starts in `out`.
    emphasis: Vec<(&'static str, usize)>,
    /// A space is owed before the next word on this line.
    space: bool,
}

impl Writer {
    fn tag(&mut self, tag: &Tag) {
        if let Some(pre) = &mut self.pre {
            if tag.name == "pre" && tag.closing {
                let block = std::mem::take(pre);
                self.pre = None;
                self.owe(Break::Paragraph);
                self.start_content();
                let indent = self.indent();
                self.out.push_str("```text");
                for line in block.trim_matches('\n').lines() {
                    self.out.push('\n');
                    self.out.push_str(&indent);
                    self.out.push_str(line.replace("```", "` ` `").trim_end());
                }
                self.out.push('\n');
                self.out.push_str(&indent);
                self.out.push_str("```");
                self.owe(Break::Paragraph);
            }
            return;
        }
        if self.code.is_some() && !(tag.name == "code" && tag.closing) {
            return;
        }
        match (tag.name.as_str(), tag.closing) {
            (
                "p" | "div" | "note" | "important" | "fullname" | "dl" | "dd" | "dt" | "h1" | "h2" | "h3" | "h4" | "h5"
                | "h6" | "table" | "tr",
                _,
            ) if self.marker.is_none() => self.owe(Break::Paragraph),
            // A paragraph opening a list item belongs on the marker's line.
            ("p" | "div", _) => {}
            ("br", _) => self.owe(Break::Line),
            ("ul" | "ol", false) => {
                self.owe(if self.lists.is_empty() { Break::Paragraph } else { Break::Line });
                self.lists.push(if tag.name == "ol" { Some(1) } else { None });
                self.marker_widths.push(if tag.name == "ol" { 3 } else { 2 });
            }
            ("ul" | "ol", true) => {
                self.lists.pop();
                self.marker_widths.pop();
                self.marker = None;
                self.owe(Break::Paragraph);
            }
            ("li", false) => {
                let marker = match self.lists.last_mut() {
                    Some(Some(n)) => {
                        let m = format!("{n}. ");
                        *n += 1;
                        m
                    }
                    _ => "- ".to_owned(),
                };
                if let Some(width) = self.marker_widths.last_mut() {
                    *width = marker.len();
                }
                // Items of one list stay together (a tight list).
                self.pending = Break::Line;
                self.marker = Some(marker);
            }
            ("li", true) => {}
            ("code" | "tt" | "kbd" | "samp", false) => self.code = Some(String::new()),
            ("code" | "tt" | "kbd" | "samp", true) => self.close_code(),
            ("pre", false) => self.pre = Some(String::new()),
            ("a", false) => {
                self.start_content();
                self.flush_space();
                self.links.push((tag.href.clone(), self.out.len()));
            }
            ("a", true) => self.close_link(),
            ("i" | "em" | "b" | "strong", false) => {
                self.start_content();
                self.flush_space();
                let marker = if matches!(tag.name.as_str(), "b" | "strong") { "**" } else { "*" };
                self.emphasis.push((marker, self.out.len()));
            }
            ("i" | "em" | "b" | "strong", true) => self.close_emphasis(),
            _ => {}
        }
    }

    /// Records a break owed before the next content (the larger one wins).
    fn owe(&mut self, brk: Break) {
        if !self.out.is_empty() || self.marker.is_some() {
            self.pending = self.pending.max(brk);
        }
        self.space = false;
    }

    /// Writes the owed break, indentation and list marker before content.
    fn start_content(&mut self) {
        if self.pending != Break::None && !self.out.is_empty() {
            self.out.push_str(if self.pending == Break::Paragraph { "\n\n" } else { "\n" });
            self.space = false;
            self.line_start = true;
            match self.marker.take() {
                Some(marker) => {
                    let outer = self.outer_indent();
                    self.out.push_str(&outer);
                    self.out.push_str(&marker);
                }
                None => {
                    let indent = self.indent();
                    self.out.push_str(&indent);
                }
            }
        } else if let Some(marker) = self.marker.take() {
            let outer = self.outer_indent();
            self.out.push_str(&outer);
            self.out.push_str(&marker);
            self.line_start = true;
            self.space = false;
        } else if self.out.is_empty() {
            self.line_start = true;
        }
        self.pending = Break::None;
    }

    fn text(&mut self, text: &str) {
        if let Some(pre) = &mut self.pre {
            pre.push_str(text);
            return;
        }
        if let Some(code) = &mut self.code {
            code.push_str(text);
            return;
        }
        if text.trim().is_empty() {
            if !text.is_empty() && !self.line_start {
                self.space = true;
            }
            return;
        }
        if text.starts_with(char::is_whitespace) {
            self.space = true;
        }
        let mut words = text.split_whitespace().peekable();
        // A backtick span in plain CommonMark docs is already code: keep it.
        let mut in_backticks: Option<String> = None;
        while let Some(word) = words.next() {
            if let Some(span) = &mut in_backticks {
                span.push(' ');
                span.push_str(word);
                if word.ends_with('`') {
                    let span = in_backticks.take().unwrap_or_default();
                    self.raw_word(&span);
                }
            } else if word.starts_with('`') && word.len() > 1 && word.ends_with('`') && word.matches('`').count() == 2 {
                self.raw_word(word);
            } else if word.starts_with('`') && word.matches('`').count() == 1 && text.matches('`').count() % 2 == 0 {
                in_backticks = Some(word.to_owned());
            } else {
                self.word(word);
            }
            if words.peek().is_some() {
                self.space = true;
            }
        }
        if let Some(span) = in_backticks {
            self.word(&span);
        }
        if text.ends_with(char::is_whitespace) {
            self.space = true;
        }
    }

    fn raw_word(&mut self, word: &str) {
        self.start_content();
        self.flush_space();
        self.out.push_str(word);
        self.line_start = false;
    }

    fn word(&mut self, word: &str) {
        self.start_content();
        self.flush_space();
        let line_start = self.line_start;
        self.line_start = false;
        // A URL glued to other text (`Code:http://…`) still trips rustdoc's
        // bare-URL lint: write the text, then the URL on its own. (Every URL
        // has a colon; most words have none.)
        if word.contains(':') {
            if let Some(at) = ["https://", "http://"].iter().filter_map(|p| word.find(p)).min().filter(|at| *at > 0) {
                escape_into(&mut self.out, &word[..at], line_start);
                self.word_url(&word[at..]);
                return;
            }
            if is_url(word) {
                self.word_url(word);
                return;
            }
        }
        escape_into(&mut self.out, word, line_start);
    }

    fn word_url(&mut self, word: &str) {
        if is_url(word) {
            let url_end = word.trim_end_matches(['.', ',', ';', ':', ')', '"', '\'']).len();
            if self.links.is_empty() {
                self.out.push('<');
                self.out.push_str(&word[..url_end]);
                self.out.push('>');
            } else {
                escape_into(&mut self.out, &word[..url_end], false);
            }
            escape_into(&mut self.out, &word[url_end..], false);
            return;
        }
        escape_into(&mut self.out, word, false);
    }

    fn flush_space(&mut self) {
        if self.space && !self.line_start {
            self.out.push(' ');
        }
        self.space = false;
    }

    fn close_code(&mut self) {
        let code = self.code.take().unwrap_or_default();
        let code = code.split_whitespace().collect::<Vec<_>>().join(" ");
        if code.is_empty() {
            return;
        }
        self.start_content();
        self.flush_space();
        self.line_start = false;
        if code.contains('`') {
            self.out.push_str("`` ");
            self.out.push_str(&code);
            self.out.push_str(" ``");
        } else {
            self.out.push('`');
            self.out.push_str(&code);
            self.out.push('`');
        }
    }

    fn close_link(&mut self) {
        let Some((href, start)) = self.links.pop() else { return };
        let text = self.out[start..].trim().to_owned();
        let href = href.filter(|h| h.starts_with("http://") || h.starts_with("https://"));
        match href {
            Some(href) if !text.is_empty() && !text.contains('\n') => {
                self.out.truncate(start);
                self.out.push('[');
                self.out.push_str(&text);
                self.out.push_str("](");
                self.out.push_str(&href.replace(' ', "%20").replace(')', "%29").replace('(', "%28"));
                self.out.push(')');
                self.line_start = false;
            }
            Some(href) if text.is_empty() => {
                self.out.truncate(start);
                self.out.push('<');
                self.out.push_str(&href.replace(' ', "%20"));
                self.out.push('>');
                self.line_start = false;
            }
            _ => {}
        }
    }

    fn close_emphasis(&mut self) {
        let Some((marker, start)) = self.emphasis.pop() else { return };
        let text = self.out[start..].to_owned();
        let trimmed = text.trim();
        // Emphasis across lines, around nothing, or touching spaces would not render.
        if trimmed.is_empty() || trimmed.contains('\n') || trimmed.contains('*') {
            return;
        }
        self.out.truncate(start);
        self.out.push_str(marker);
        self.out.push_str(trimmed);
        self.out.push_str(marker);
        self.line_start = false;
        if text.ends_with(' ') {
            self.space = true;
        }
    }

    /// Continuation lines of a list item are indented under its text.
    fn indent(&self) -> String {
        " ".repeat(self.marker_widths.iter().sum())
    }

    /// The indentation of the innermost list's markers: its enclosing items' text.
    fn outer_indent(&self) -> String {
        let outer = self.marker_widths.len().saturating_sub(1);
        " ".repeat(self.marker_widths[..outer].iter().sum())
    }

    fn finish(mut self) -> String {
        if self.code.is_some() {
            self.close_code();
        }
        if let Some(pre) = self.pre.take() {
            self.text(&pre);
        }
        let mut lines: Vec<&str> = Vec::new();
        for line in self.out.lines() {
            let line = line.trim_end();
            let blank = line.trim().is_empty();
            if blank && lines.last().is_none_or(|l| l.is_empty()) {
                continue;
            }
            lines.push(if blank { "" } else { line });
        }
        while lines.last() == Some(&"") {
            lines.pop();
        }
        lines.join("\n")
    }
}

fn is_url(word: &str) -> bool {
    let w = word.trim_start_matches(['(', '"', '\'']);
    (w.starts_with("https://") || w.starts_with("http://")) && w.len() > 8 && w == word
}

/// Writes `text` to `out`, escaping what CommonMark or rustdoc would
/// otherwise interpret.
fn escape_into(out: &mut String, text: &str, line_start: bool) {
    // Most words need nothing: only these characters are ever escaped away
    // from the start of a line.
    let special = |b: &u8| matches!(b, b'\\' | b'`' | b'*' | b'[' | b']' | b'<' | b'>' | b'|' | b'_');
    if !line_start && !text.as_bytes().iter().any(special) {
        out.push_str(text);
        return;
    }
    let chars: Vec<char> = text.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        let prev = if i == 0 { None } else { Some(chars[i - 1]) };
        let next = chars.get(i + 1).copied();
        let escape = match c {
            '\\' | '`' | '*' | '[' | ']' | '<' | '>' | '|' => true,
            '_' => prev.is_none_or(|p| !p.is_alphanumeric()) || next.is_none_or(|n| !n.is_alphanumeric()),
            '#' | '-' | '+' | '=' if line_start && i == 0 => true,
            '.' | ')' if line_start && i > 0 && chars[..i].iter().all(char::is_ascii_digit) => true,
            _ => false,
        };
        if escape {
            out.push('\\');
        }
        out.push(c);
    }
}

#[cfg(test)]
mod tests {
    use super::html_to_markdown as md;

    #[test]
    fn paragraphs_and_inline_code() {
        assert_eq!(
            md("<p>Valid values are <code>AWS</code> and <code> Sandbox</code>.</p> <p>Second.</p>"),
            "Valid values are `AWS` and `Sandbox`.\n\nSecond."
        );
    }

    #[test]
    fn lists_with_emphasis_and_nested_paragraphs() {
        let html = "<ul> <li> <p> <i>REQUEST_VALIDATION_FAILED:</i> The request format is not valid.</p> <p>Fix: Verify.</p> </li> <li><p>Two</p></li> </ul>";
        assert_eq!(
            md(html),
            "- *REQUEST_VALIDATION_FAILED:* The request format is not valid.\n\n  Fix: Verify.\n- Two"
        );
    }

    #[test]
    fn nested_lists_and_continuations_are_indented() {
        let html = "<ul><li><p>Outer</p><ul><li><p>a</p></li><li><p>b</p></li></ul><p>After.</p></li><li>Next</li></ul><p>End.</p>";
        assert_eq!(md(html), "- Outer\n  - a\n  - b\n\n  After.\n- Next\n\nEnd.");
        assert_eq!(md("<ol><li>one</li><li>two</li></ol>"), "1. one\n2. two");
        // Nested under a numbered item, content lines up with the item's text.
        assert_eq!(md("<ol><li><p>Merge:</p><ol><li>a</li><li>b</li></ol></li></ol>"), "1. Merge:\n   1. a\n   2. b");
    }

    #[test]
    fn links_become_markdown_links_and_relative_ones_text() {
        assert_eq!(
            md("Review the <a href=\"https://docs.aws.amazon.com/q.html\">Quotas</a>."),
            "Review the [Quotas](https://docs.aws.amazon.com/q.html)."
        );
        assert_eq!(md("See <a href=\"page.html\">the page</a>."), "See the page.");
        assert_eq!(md("Go to https://example.com/x."), "Go to <https://example.com/x>.");
        assert_eq!(md("'Code:http://internal.example/x/' means"), "'Code:<http://internal.example/x/>' means");
    }

    #[test]
    fn brackets_angles_and_stars_are_escaped() {
        assert_eq!(
            md("arn:aws:[region] a*b &lt;T&gt; Vec&lt;u8&gt;"),
            "arn:aws:\\[region\\] a\\*b \\<T\\> Vec\\<u8\\>"
        );
        assert_eq!(md("snake_case and _lead"), "snake_case and \\_lead");
    }

    #[test]
    fn preformatted_text_becomes_a_text_block() {
        assert_eq!(
            md("<p>Example:</p><pre><code>fn main() {}\n  x</code></pre>"),
            "Example:\n\n```text\nfn main() {}\n  x\n```"
        );
    }

    #[test]
    fn lines_starting_with_markdown_markers_are_escaped() {
        assert_eq!(
            md("<p># not a heading</p><p>- not a list</p><p>1. not ordered</p>"),
            "\\# not a heading\n\n\\- not a list\n\n1\\. not ordered"
        );
    }

    #[test]
    fn backtick_spans_in_plain_markdown_are_kept() {
        assert_eq!(md("Use `foo_bar` here, [x]."), "Use `foo_bar` here, \\[x\\].");
    }

    #[test]
    fn malformed_html_does_not_panic() {
        for input in [
            "<",
            "<p",
            "a < b > c",
            "<a href=\"x",
            "&#xZZ; &#99999999; &",
            "<code>unclosed",
            "<pre>unclosed",
            "</li></ul>",
        ] {
            let _ = md(input);
        }
        assert_eq!(md("a < b"), "a \\< b");
        assert_eq!(md("&amp;&#65;&#x42;&bogus;"), "&AB&bogus;");
    }
}
