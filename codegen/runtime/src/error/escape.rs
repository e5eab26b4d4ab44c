//! Showing text that came from a server.
//!
//! An error's code, message and request id are whatever the server sent. Shown
//! as they are, a carriage return or line feed could forge a log line, and an
//! escape sequence could rewrite a terminal; so every `Display` of such text
//! escapes control characters first.

use std::fmt::{self, Write as _};

/// Shows `text` with control characters escaped: C0 controls, DEL and C1
/// controls (`\n`, `\r` and `\t` as such, others as `\u{1b}`), plus the Unicode
/// line and paragraph separators and bidirectional formatting characters,
/// which can also disguise what a log line says. Everything else is shown as is.
///
/// For text a server sent, such as an error message:
///
/// ```
/// use smithy_client_runtime::error::display_escaped;
///
/// let message = "denied\r\n[INFO] all good\u{1b}[2J";
/// assert_eq!(display_escaped(message).to_string(), r"denied\r\n[INFO] all good\u{1b}[2J");
/// ```
pub fn display_escaped(text: &str) -> DisplayEscaped<'_> {
    DisplayEscaped(text)
}

/// Text shown by [`display_escaped`].
#[derive(Clone, Copy, Debug)]
pub struct DisplayEscaped<'a>(&'a str);

impl fmt::Display for DisplayEscaped<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        Escaping(f).write_str(self.0)
    }
}

/// Writes `value` as its `Display` shows it, escaped as [`display_escaped`]
/// does: for errors whose text may quote a server (sources, generated errors).
pub(crate) fn write_escaped(f: &mut fmt::Formatter<'_>, value: &dyn fmt::Display) -> fmt::Result {
    write!(Escaping(f), "{value}")
}

/// A writer that escapes what passes through it.
struct Escaping<'a, 'f>(&'a mut fmt::Formatter<'f>);

impl fmt::Write for Escaping<'_, '_> {
    fn write_str(&mut self, s: &str) -> fmt::Result {
        let mut clean_from = 0;
        for (i, c) in s.char_indices().filter(|&(_, c)| needs_escape(c)) {
            self.0.write_str(&s[clean_from..i])?;
            match c {
                '\n' => self.0.write_str(r"\n")?,
                '\r' => self.0.write_str(r"\r")?,
                '\t' => self.0.write_str(r"\t")?,
                _ => write!(self.0, "\\u{{{:x}}}", u32::from(c))?,
            }
            clean_from = i + c.len_utf8();
        }
        self.0.write_str(&s[clean_from..])
    }
}

fn needs_escape(c: char) -> bool {
    c.is_control()
        || matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{2028}' | '\u{2029}')
        || ('\u{202a}'..='\u{202e}').contains(&c)
        || ('\u{2066}'..='\u{2069}').contains(&c)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn control_and_bidi_characters_are_escaped_and_the_rest_kept() {
        let cases = [
            ("plain text, ünïcödé, 🙂", "plain text, ünïcödé, 🙂"),
            ("a\r\nb\tc", r"a\r\nb\tc"),
            ("\u{1b}[31mred\u{1b}[0m", r"\u{1b}[31mred\u{1b}[0m"),
            ("nul\0 del\u{7f} csi\u{9b} nel\u{85}", r"nul\u{0} del\u{7f} csi\u{9b} nel\u{85}"),
            ("line\u{2028}para\u{2029}", r"line\u{2028}para\u{2029}"),
            ("rlo\u{202e}txt.exe", r"rlo\u{202e}txt.exe"),
            ("", ""),
        ];
        for (raw, shown) in cases {
            assert_eq!(display_escaped(raw).to_string(), shown, "{raw:?}");
        }
    }

    #[test]
    fn server_text_in_error_displays_has_control_characters_escaped() {
        use crate::error::{ErrorMetadata, SdkError, Unhandled};
        use crate::http::HttpResponse;

        let hostile = "Bad\r\n[ERROR] forged\u{1b}[2J\u{9b}";
        let shown = r"Bad\r\n[ERROR] forged\u{1b}[2J\u{9b}";
        let meta = ErrorMetadata::builder().code(hostile).message(hostile).request_id(hostile).build();
        let unhandled = || Unhandled::new(hostile.into(), meta.clone());
        let without_code = Unhandled::new(hostile.into(), ErrorMetadata::default());
        let response = || HttpResponse::new(400, Vec::new(), Vec::new());
        let service_error = SdkError::<_>::service_error(unhandled(), response());
        let response_error = SdkError::<Unhandled>::response_error(hostile, response());
        let displays = [
            meta.to_string(),
            unhandled().to_string(),
            without_code.to_string(),
            service_error.to_string(),
            response_error.to_string(),
            SdkError::<Unhandled>::construction_failure(hostile).to_string(),
            SdkError::<Unhandled>::timeout_error(hostile).to_string(),
        ];
        for display in displays {
            assert!(display.contains(shown), "{display}");
            assert!(!display.chars().any(needs_escape), "{display:?}");
        }
        assert_eq!(meta.message(), Some(hostile), "the data itself is kept as sent");
    }

    #[test]
    fn displays_of_other_values_are_escaped_on_the_way_through() {
        struct Shown<'a>(&'a dyn fmt::Display);
        impl fmt::Display for Shown<'_> {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                write_escaped(f, self.0)
            }
        }
        let source = std::io::Error::other("broken\nline");
        assert_eq!(Shown(&source).to_string(), r"broken\nline");
    }
}
