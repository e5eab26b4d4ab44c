//! Values from element or attribute text: booleans, numbers, timestamps and
//! blobs.
//!
//! Surrounding XML whitespace is ignored (it cannot be part of these values,
//! and pretty-printed bodies have it). Errors say what was expected, never the
//! text itself: it may be long, or a secret.

use std::str::FromStr;

#[cfg(feature = "blob")]
use std::borrow::Cow;

#[cfg(feature = "blob")]
use crate::primitives::Blob;
#[cfg(feature = "datetime")]
use crate::primitives::{DateTime, DateTimeFormat};
use crate::rt::json::DeserializeError;

const XML_WHITESPACE: [char; 4] = [' ', '\t', '\n', '\r'];

fn trim(text: &str) -> &str {
    text.trim_matches(XML_WHITESPACE)
}

fn expected(what: &str) -> DeserializeError {
    DeserializeError::new(format!("expected {what}, found text that is not one"))
}

/// Reads a `boolean`: `true` or `false`.
pub fn read_bool(text: &str) -> Result<bool, DeserializeError> {
    match trim(text) {
        "true" => Ok(true),
        "false" => Ok(false),
        _ => Err(expected("a boolean (`true` or `false`)")),
    }
}

/// Reads an integer of type `T` (`byte` to `long`, or an `intEnum`'s value)
/// in decimal; a value out of `T`'s range is an error.
///
/// ```
/// use smithy_client_runtime::rt::xml::read_int;
///
/// assert_eq!(read_int::<i8>("\n  -12 ").unwrap(), -12);
/// assert!(read_int::<i8>("300").is_err());
/// ```
pub fn read_int<T: FromStr>(text: &str) -> Result<T, DeserializeError> {
    trim(text).parse().map_err(|_| {
        let type_name = std::any::type_name::<T>();
        let short_name = type_name.rsplit("::").next().unwrap_or(type_name);
        expected(&format!("an integer that fits `{short_name}`"))
    })
}

/// Reads a `float`: a decimal number (rounded correctly to `f32`), or `NaN`,
/// `Infinity` or `-Infinity` (Rust's other spellings, such as `inf`, too).
pub fn read_f32(text: &str) -> Result<f32, DeserializeError> {
    trim(text).parse().map_err(|_| expected("a float"))
}

/// Reads a `double`, as [`read_f32`] does.
pub fn read_f64(text: &str) -> Result<f64, DeserializeError> {
    trim(text).parse().map_err(|_| expected("a double"))
}

/// Reads a timestamp in `format` (`DateTime`, RFC 3339, unless the member
/// says otherwise).
#[cfg(feature = "datetime")]
pub fn read_timestamp(text: &str, format: DateTimeFormat) -> Result<DateTime, DeserializeError> {
    let what = match format {
        DateTimeFormat::DateTime => "a date-time (RFC 3339) timestamp",
        DateTimeFormat::HttpDate => "an http-date (IMF-fixdate) timestamp",
        DateTimeFormat::EpochSeconds => "an epoch-seconds timestamp",
    };
    DateTime::from_str(trim(text), format).map_err(|_| expected(what))
}

/// Reads a `blob` from its base64 text. Line breaks and other XML whitespace
/// inside the text are skipped, as XML Schema's `base64Binary` allows.
#[cfg(feature = "blob")]
pub fn read_blob(text: &str) -> Result<Blob, DeserializeError> {
    use base64::Engine as _;

    let text = trim(text);
    let compact = if text.contains(XML_WHITESPACE) {
        Cow::Owned(text.chars().filter(|c| !XML_WHITESPACE.contains(c)).collect())
    } else {
        Cow::Borrowed(text)
    };
    base64::engine::general_purpose::STANDARD
        .decode(compact.as_bytes())
        .map(Blob::new)
        .map_err(|_| expected("base64 text"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn booleans_are_true_or_false_with_whitespace_around() {
        assert!(read_bool("true").unwrap());
        assert!(!read_bool(" false\n").unwrap());
        for bad in ["True", "1", "", "yes", "t rue"] {
            assert!(read_bool(bad).is_err(), "{bad:?}");
        }
        assert_eq!(
            read_bool("no").unwrap_err().to_string(),
            "expected a boolean (`true` or `false`), found text that is not one"
        );
    }

    #[test]
    fn integers_are_trimmed_and_range_checked_by_type() {
        assert_eq!(read_int::<i32>(" 42\r\n").unwrap(), 42);
        assert_eq!(read_int::<i64>("-9223372036854775808").unwrap(), i64::MIN);
        assert_eq!(read_int::<i16>("+7").unwrap(), 7);
        assert!(read_int::<i8>("128").is_err());
        assert!(read_int::<i32>("1.5").is_err());
        assert!(read_int::<i32>("").is_err());
        assert_eq!(
            read_int::<i16>("x").unwrap_err().to_string(),
            "expected an integer that fits `i16`, found text that is not one"
        );
    }

    #[test]
    fn floats_take_decimals_and_the_three_special_values() {
        assert_eq!(read_f64("6.5").unwrap(), 6.5);
        assert_eq!(read_f32(" 5.5 ").unwrap(), 5.5);
        assert_eq!(read_f32("0.1").unwrap(), 0.1f32);
        assert_eq!(read_f64("1e300").unwrap(), 1e300);
        assert!(read_f64("NaN").unwrap().is_nan());
        assert!(read_f32("NaN").unwrap().is_nan());
        assert_eq!(read_f64("Infinity").unwrap(), f64::INFINITY);
        assert_eq!(read_f32("-Infinity").unwrap(), f32::NEG_INFINITY);
        assert!(read_f64("1,5").is_err());
        assert!(read_f32("").is_err());
    }

    #[test]
    fn errors_do_not_repeat_the_text() {
        let secret = "hunter2-very-secret";
        for message in [
            read_bool(secret).unwrap_err().to_string(),
            read_int::<i32>(secret).unwrap_err().to_string(),
            read_f64(secret).unwrap_err().to_string(),
        ] {
            assert!(!message.contains(secret), "{message}");
        }
    }

    #[cfg(feature = "datetime")]
    #[test]
    fn timestamps_are_read_in_the_members_format() {
        let t = DateTime::from_secs(1422172800);
        assert_eq!(read_timestamp(" 2015-01-25T08:00:00Z\n", DateTimeFormat::DateTime).unwrap(), t);
        assert_eq!(read_timestamp("Sun, 25 Jan 2015 08:00:00 GMT", DateTimeFormat::HttpDate).unwrap(), t);
        assert_eq!(read_timestamp("1422172800", DateTimeFormat::EpochSeconds).unwrap(), t);
        assert_eq!(
            read_timestamp("1422172800.5", DateTimeFormat::EpochSeconds).unwrap(),
            DateTime::from_secs_and_nanos(1422172800, 500_000_000)
        );
        let err = read_timestamp("1422172800", DateTimeFormat::DateTime).unwrap_err();
        assert_eq!(err.to_string(), "expected a date-time (RFC 3339) timestamp, found text that is not one");
    }

    #[cfg(feature = "blob")]
    #[test]
    fn blobs_are_base64_and_may_be_wrapped_over_lines() {
        assert_eq!(read_blob("dmFsdWU=").unwrap(), Blob::new(b"value".to_vec()));
        assert_eq!(read_blob("\n  dmFs\r\n  dWU=\n").unwrap(), Blob::new(b"value".to_vec()));
        assert_eq!(read_blob("").unwrap(), Blob::new(Vec::new()));
        assert!(read_blob("dmFsdWU").is_err());
        assert!(read_blob("!!!!").is_err());
    }
}
