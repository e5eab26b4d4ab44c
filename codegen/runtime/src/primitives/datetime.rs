//! [`DateTime`]: an instant in UTC with nanosecond precision, and the three
//! Smithy timestamp wire formats ([`Format`]).

use std::error::Error;
use std::fmt;
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use crate::rt::time::{self, Civil};

const NANOS_PER_SECOND: u32 = 1_000_000_000;
const NANOS_PER_MILLI: u32 = 1_000_000;
/// Inputs are quoted in error messages up to this many characters, so that a
/// huge garbage value does not produce a huge message.
const MAX_QUOTED_CHARS: usize = 64;

/// An instant in time: whole seconds since 1970-01-01T00:00:00Z (negative
/// before) plus a nanosecond part that always counts forward from them.
///
/// Ordering and equality follow the instant. Every `i64` second count is
/// representable; the wire formats that use calendar dates are limited to
/// the years 0000 to 9999 and report an error outside them.
#[derive(Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct DateTime {
    seconds: i64,
    subsecond_nanos: u32,
}

/// The timestamp formats of the Smithy `timestampFormat` trait.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Format {
    /// RFC 3339 `date-time`, e.g. `1985-04-12T23:20:50.52Z`.
    DateTime,
    /// RFC 9110 IMF-fixdate, e.g. `Tue, 29 Apr 2014 18:30:38 GMT`.
    HttpDate,
    /// Seconds since the Unix epoch as a decimal number, e.g. `1398796238.123`.
    EpochSeconds,
}

impl Format {
    fn describe(self) -> &'static str {
        match self {
            Format::DateTime => "date-time (RFC 3339)",
            Format::HttpDate => "http-date (IMF-fixdate)",
            Format::EpochSeconds => "epoch-seconds",
        }
    }
}

/// A string that is not a timestamp in the expected [`Format`].
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeParseError {
    format: Format,
    input: String,
    reason: String,
}

impl DateTimeParseError {
    fn new(format: Format, input: &str, reason: impl Into<String>) -> Self {
        DateTimeParseError { format, input: quote(input), reason: reason.into() }
    }
}

impl fmt::Display for DateTimeParseError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid {} timestamp {}: {}", self.format.describe(), self.input, self.reason)
    }
}

impl Error for DateTimeParseError {}

/// A [`DateTime`] that the requested [`Format`] cannot express.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DateTimeFormatError {
    format: Format,
    value: DateTime,
    reason: &'static str,
}

impl fmt::Display for DateTimeFormatError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "cannot write {} as {}: {}", self.value, self.format.describe(), self.reason)
    }
}

impl Error for DateTimeFormatError {}

/// A conversion between [`DateTime`] and another representation of time that
/// does not fit the target.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ConversionError {
    message: String,
}

impl ConversionError {
    fn new(message: impl Into<String>) -> Self {
        ConversionError { message: message.into() }
    }
}

impl fmt::Display for ConversionError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl Error for ConversionError {}

/// Debug-quotes `input`, shortened to [`MAX_QUOTED_CHARS`] characters.
fn quote(input: &str) -> String {
    match input.char_indices().nth(MAX_QUOTED_CHARS) {
        Some((cut, _)) => format!("{:?}... ({} bytes)", &input[..cut], input.len()),
        None => format!("{input:?}"),
    }
}

impl DateTime {
    /// The instant `epoch_seconds` whole seconds after the Unix epoch.
    pub const fn from_secs(epoch_seconds: i64) -> Self {
        DateTime { seconds: epoch_seconds, subsecond_nanos: 0 }
    }

    /// The instant `epoch_millis` milliseconds after the Unix epoch.
    pub const fn from_millis(epoch_millis: i64) -> Self {
        DateTime {
            seconds: epoch_millis.div_euclid(1000),
            subsecond_nanos: epoch_millis.rem_euclid(1000) as u32 * NANOS_PER_MILLI,
        }
    }

    /// The instant `epoch_nanos` nanoseconds after the Unix epoch; an error
    /// when the seconds do not fit an `i64`.
    pub fn from_nanos(epoch_nanos: i128) -> Result<Self, ConversionError> {
        Self::from_total_nanos(epoch_nanos)
            .ok_or_else(|| ConversionError::new(format!("{epoch_nanos} nanoseconds since the epoch is out of range")))
    }

    /// `seconds` after the epoch plus `subsecond_nanos` nanoseconds.
    ///
    /// Nanoseconds of a second or more carry into the seconds; at the very
    /// end of the `i64` range the result saturates instead of overflowing.
    pub fn from_secs_and_nanos(seconds: i64, subsecond_nanos: u32) -> Self {
        let total = i128::from(seconds) * i128::from(NANOS_PER_SECOND) + i128::from(subsecond_nanos);
        Self::from_total_nanos_saturating(total)
    }

    /// `epoch_seconds` plus a `fraction` of a second (which may also be
    /// negative or above one), rounded to the nearest nanosecond.
    ///
    /// A NaN fraction counts as zero; infinite or huge fractions saturate.
    pub fn from_fractional_secs(epoch_seconds: i64, fraction: f64) -> Self {
        let fraction = Self::from_secs_f64(fraction);
        Self::from_total_nanos_saturating(
            i128::from(epoch_seconds) * i128::from(NANOS_PER_SECOND) + fraction.as_nanos(),
        )
    }

    /// The instant `epoch_seconds` (with fraction) after the Unix epoch,
    /// rounded to the nearest nanosecond.
    ///
    /// Never panics: NaN gives the epoch, and infinities or values beyond the
    /// `i64` seconds range saturate. Use [`DateTime::try_from_secs_f64`] to
    /// reject them instead.
    pub fn from_secs_f64(epoch_seconds: f64) -> Self {
        if epoch_seconds.is_nan() {
            return Self::from_secs(0);
        }
        match Self::try_from_secs_f64(epoch_seconds) {
            Ok(value) => value,
            Err(_) if epoch_seconds > 0.0 => Self::from_total_nanos_saturating(i128::MAX),
            Err(_) => Self::from_total_nanos_saturating(i128::MIN),
        }
    }

    /// Like [`DateTime::from_secs_f64`], but NaN, infinities and values whose
    /// seconds do not fit an `i64` are errors.
    pub fn try_from_secs_f64(epoch_seconds: f64) -> Result<Self, ConversionError> {
        let out_of_range = || ConversionError::new(format!("{epoch_seconds} seconds since the epoch is out of range"));
        if !epoch_seconds.is_finite() {
            return Err(out_of_range());
        }
        let whole = epoch_seconds.floor();
        // ±2^63 are exactly representable, so this bounds check is exact.
        const TWO_POW_63: f64 = 9_223_372_036_854_775_808.0;
        if !(-TWO_POW_63..TWO_POW_63).contains(&whole) {
            return Err(out_of_range());
        }
        // Only the scaling to nanoseconds rounds: a float minus its floor is
        // exact, and so is converting an in-range integral float.
        let nanos = ((epoch_seconds - whole) * f64::from(NANOS_PER_SECOND)).round();
        let total = (whole as i128) * i128::from(NANOS_PER_SECOND) + nanos as i128;
        Self::from_total_nanos(total).ok_or_else(out_of_range)
    }

    /// Parses `s` as a timestamp in `format`. Surrounding whitespace is not
    /// accepted.
    ///
    /// - `DateTime`: `2014-04-29T18:30:38Z`, lower-case `t`/`z`, offsets such
    ///   as `+01:00`, and any number of fractional digits (digits beyond
    ///   nanoseconds are ignored). A leap second `:60` reads as `:59`, since
    ///   Unix time has no leap seconds.
    /// - `HttpDate`: `Tue, 29 Apr 2014 18:30:38 GMT`, with optional fractional
    ///   seconds; names are matched case-insensitively.
    /// - `EpochSeconds`: an optionally negative decimal number such as
    ///   `1398796238` or `1398796238.123`, with an optional exponent
    ///   (`1.398796238123E9`), read exactly rather than through a float.
    pub fn from_str(s: &str, format: Format) -> Result<Self, DateTimeParseError> {
        match format {
            Format::DateTime => parse_rfc3339(s),
            Format::HttpDate => parse_http_date(s),
            Format::EpochSeconds => parse_epoch_seconds(s),
        }
    }

    /// Reads one timestamp in `format` from the start of `s` (after any
    /// spaces or tabs) up to `delim` or the end, and returns it with the text
    /// after the delimiter. This splits header lists of timestamps, where an
    /// http-date's own comma is not a separator.
    pub fn read(s: &str, format: Format, delim: char) -> Result<(Self, &str), DateTimeParseError> {
        let s = s.trim_start_matches([' ', '\t']);
        let end = match format {
            Format::HttpDate => s
                .as_bytes()
                .windows(3)
                .position(|w| w.eq_ignore_ascii_case(b"GMT"))
                .map(|at| at + 3)
                .ok_or_else(|| DateTimeParseError::new(format, s, "no `GMT` ends the date"))?,
            _ => s.find(delim).unwrap_or(s.len()),
        };
        let (value, rest) = s.split_at(end);
        let value = Self::from_str(value.trim_end_matches([' ', '\t']), format)?;
        let rest = rest.trim_start_matches([' ', '\t']);
        match rest.strip_prefix(delim) {
            Some(rest) => Ok((value, rest)),
            None if rest.is_empty() => Ok((value, rest)),
            None => {
                Err(DateTimeParseError::new(format, s, format!("expected {delim:?} or the end after the timestamp")))
            }
        }
    }

    /// Writes the timestamp in `format`.
    ///
    /// `DateTime` and `HttpDate` need a year from 0000 to 9999. `DateTime`
    /// writes `Z` and fractional seconds only when there are some, without
    /// trailing zeros; `HttpDate` has no fractional seconds (they are dropped);
    /// `EpochSeconds` writes an integer when there is no fraction.
    pub fn fmt(&self, format: Format) -> Result<String, DateTimeFormatError> {
        let civil = time::civil_from_unix(self.seconds);
        let out_of_range =
            || DateTimeFormatError { format, value: *self, reason: "the year must be between 0000 and 9999" };
        match format {
            Format::DateTime if (0..=9999).contains(&civil.year) => Ok(self.rfc3339(&civil)),
            Format::HttpDate if (0..=9999).contains(&civil.year) => Ok(http_date(self.seconds, &civil)),
            Format::DateTime | Format::HttpDate => Err(out_of_range()),
            Format::EpochSeconds => Ok(self.epoch_seconds()),
        }
    }

    /// Whole seconds since the epoch, rounded down (so -0.5 s gives -1).
    pub fn secs(&self) -> i64 {
        self.seconds
    }

    /// Nanoseconds past [`DateTime::secs`], from 0 to 999,999,999.
    pub fn subsec_nanos(&self) -> u32 {
        self.subsecond_nanos
    }

    /// Whether there is a fraction of a second.
    pub fn has_subsec_nanos(&self) -> bool {
        self.subsecond_nanos != 0
    }

    /// Seconds since the epoch as a float (losing precision far from the epoch).
    pub fn as_secs_f64(&self) -> f64 {
        self.seconds as f64 + f64::from(self.subsecond_nanos) / f64::from(NANOS_PER_SECOND)
    }

    /// Nanoseconds since the epoch.
    pub fn as_nanos(&self) -> i128 {
        i128::from(self.seconds) * i128::from(NANOS_PER_SECOND) + i128::from(self.subsecond_nanos)
    }

    /// Milliseconds since the epoch, rounded down; an error when they do not
    /// fit an `i64`.
    pub fn to_millis(&self) -> Result<i64, ConversionError> {
        // Wide arithmetic: near i64::MIN the whole seconds alone overflow
        // although adding the fraction brings the total back in range.
        let millis = i128::from(self.seconds) * 1000 + i128::from(self.subsecond_nanos / NANOS_PER_MILLI);
        i64::try_from(millis)
            .map_err(|_| ConversionError::new(format!("{self} is too far from the epoch to count in milliseconds")))
    }

    fn from_total_nanos(total: i128) -> Option<Self> {
        let per_second = i128::from(NANOS_PER_SECOND);
        let seconds = i64::try_from(total.div_euclid(per_second)).ok()?;
        // rem_euclid with a positive divisor lies in 0..1e9.
        let subsecond_nanos = total.rem_euclid(per_second) as u32;
        Some(DateTime { seconds, subsecond_nanos })
    }

    fn from_total_nanos_saturating(total: i128) -> Self {
        let min = DateTime { seconds: i64::MIN, subsecond_nanos: 0 };
        let max = DateTime { seconds: i64::MAX, subsecond_nanos: NANOS_PER_SECOND - 1 };
        Self::from_total_nanos(total).unwrap_or(if total < 0 { min } else { max })
    }

    /// The digits after the decimal point, without trailing zeros.
    fn fraction_digits(&self) -> String {
        let digits = format!("{:09}", self.subsecond_nanos);
        digits.trim_end_matches('0').to_owned()
    }

    fn rfc3339(&self, civil: &Civil) -> String {
        let mut out = String::with_capacity(32);
        // Years beyond four digits only reach here through `Display`, which
        // uses the ISO 8601 expanded form with an explicit sign.
        if (0..=9999).contains(&civil.year) {
            out.push_str(&format!("{:04}", civil.year));
        } else {
            out.push_str(&format!("{:+05}", civil.year));
        }
        out.push_str(&format!(
            "-{:02}-{:02}T{:02}:{:02}:{:02}",
            civil.month, civil.day, civil.hour, civil.minute, civil.second
        ));
        if self.has_subsec_nanos() {
            out.push('.');
            out.push_str(&self.fraction_digits());
        }
        out.push('Z');
        out
    }

    fn epoch_seconds(&self) -> String {
        if !self.has_subsec_nanos() {
            return self.seconds.to_string();
        }
        if self.seconds >= 0 {
            return format!("{}.{}", self.seconds, self.fraction_digits());
        }
        // -1.25 s is stored as -2 s + 0.75 s; print the magnitude instead.
        // `-(seconds + 1)` cannot overflow since seconds < 0.
        let whole = -(self.seconds + 1);
        let negated = DateTime { seconds: whole, subsecond_nanos: NANOS_PER_SECOND - self.subsecond_nanos };
        format!("-{whole}.{}", negated.fraction_digits())
    }
}

fn http_date(seconds: i64, civil: &Civil) -> String {
    let weekday = time::WEEKDAY_ABBREVIATIONS[usize::from(time::weekday_from_unix(seconds))];
    let month = time::MONTH_ABBREVIATIONS[usize::from(civil.month - 1)];
    format!(
        "{weekday}, {:02} {month} {:04} {:02}:{:02}:{:02} GMT",
        civil.day, civil.year, civil.hour, civil.minute, civil.second
    )
}

impl fmt::Display for DateTime {
    /// RFC 3339 in UTC, e.g. `2014-04-29T18:30:38.123Z`; years beyond four
    /// digits use the ISO 8601 expanded form (`+10000-01-01T00:00:00Z`).
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.rfc3339(&time::civil_from_unix(self.seconds)))
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self, f)
    }
}

impl From<SystemTime> for DateTime {
    /// Converts exactly; instants beyond the `i64` seconds range (which no
    /// common platform produces) saturate.
    fn from(time: SystemTime) -> Self {
        let total = match time.duration_since(UNIX_EPOCH) {
            Ok(after) => i128::try_from(after.as_nanos()).unwrap_or(i128::MAX),
            Err(before) => i128::try_from(before.duration().as_nanos()).map_or(i128::MIN, |nanos| -nanos),
        };
        DateTime::from_total_nanos_saturating(total)
    }
}

impl TryFrom<DateTime> for SystemTime {
    type Error = ConversionError;

    fn try_from(value: DateTime) -> Result<Self, Self::Error> {
        let unrepresentable = || ConversionError::new(format!("{value} cannot be represented as a SystemTime"));
        if value.seconds >= 0 {
            let offset = Duration::new(value.seconds.unsigned_abs(), value.subsecond_nanos);
            UNIX_EPOCH.checked_add(offset).ok_or_else(unrepresentable)
        } else {
            // The instant lies before the epoch by |seconds| minus the
            // forward-counting nanoseconds.
            let back = Duration::from_secs(value.seconds.unsigned_abs())
                - Duration::from_nanos(u64::from(value.subsecond_nanos));
            UNIX_EPOCH.checked_sub(back).ok_or_else(unrepresentable)
        }
    }
}

/// A cursor over the bytes of a timestamp being parsed.
struct Reader<'a> {
    input: &'a str,
    format: Format,
    at: usize,
}

impl<'a> Reader<'a> {
    fn new(input: &'a str, format: Format) -> Self {
        Reader { input, format, at: 0 }
    }

    fn error(&self, reason: impl Into<String>) -> DateTimeParseError {
        DateTimeParseError::new(self.format, self.input, reason)
    }

    fn peek(&self) -> Option<u8> {
        self.input.as_bytes().get(self.at).copied()
    }

    fn describe_next(&self) -> String {
        match self.input[self.at..].chars().next() {
            Some(c) => format!("{c:?} at byte {}", self.at),
            None => "the end of the input".to_owned(),
        }
    }

    /// Consumes exactly `count` ASCII digits.
    fn digits(&mut self, count: usize, what: &str) -> Result<u32, DateTimeParseError> {
        let bytes = self.input.as_bytes();
        let mut value = 0u32;
        for i in 0..count {
            match bytes.get(self.at + i) {
                Some(b) if b.is_ascii_digit() => value = value * 10 + u32::from(b - b'0'),
                _ => {
                    self.at += i;
                    return Err(self.error(format!("expected a {count}-digit {what}, found {}", self.describe_next())));
                }
            }
        }
        self.at += count;
        Ok(value)
    }

    fn literal(&mut self, expected: &str) -> Result<(), DateTimeParseError> {
        let rest = &self.input.as_bytes()[self.at..];
        if rest.len() >= expected.len() && rest[..expected.len()].eq_ignore_ascii_case(expected.as_bytes()) {
            self.at += expected.len();
            Ok(())
        } else {
            Err(self.error(format!("expected {expected:?}, found {}", self.describe_next())))
        }
    }

    /// Consumes `.digits` if present: the nanoseconds they denote, ignoring
    /// digits past the ninth.
    fn fraction(&mut self) -> Result<u32, DateTimeParseError> {
        if self.peek() != Some(b'.') {
            return Ok(0);
        }
        self.at += 1;
        let start = self.at;
        let mut nanos = 0u32;
        while let Some(b) = self.peek().filter(u8::is_ascii_digit) {
            if self.at - start < 9 {
                nanos = nanos * 10 + u32::from(b - b'0');
            }
            self.at += 1;
        }
        let count = self.at - start;
        if count == 0 {
            return Err(self.error(format!("expected digits after the decimal point, found {}", self.describe_next())));
        }
        for _ in count..9 {
            nanos *= 10;
        }
        Ok(nanos)
    }

    fn end(&self) -> Result<(), DateTimeParseError> {
        if self.at == self.input.len() {
            Ok(())
        } else {
            Err(self.error(format!("unexpected {} after the timestamp", self.describe_next())))
        }
    }

    /// Checks calendar fields and converts them, `second` 60 (a leap second)
    /// reading as 59.
    fn instant(&self, mut civil: Civil, nanos: u32) -> Result<DateTime, DateTimeParseError> {
        if !(1..=12).contains(&civil.month) {
            return Err(self.error(format!("month {} does not exist", civil.month)));
        }
        if civil.day == 0 || civil.day > time::days_in_month(civil.year, civil.month) {
            return Err(self.error(format!("day {} does not exist in {:04}-{:02}", civil.day, civil.year, civil.month)));
        }
        if civil.hour > 23 || civil.minute > 59 || civil.second > 60 {
            return Err(self.error(format!(
                "time of day {:02}:{:02}:{:02} does not exist",
                civil.hour, civil.minute, civil.second
            )));
        }
        civil.second = civil.second.min(59);
        let seconds = time::unix_from_civil(&civil).ok_or_else(|| self.error("the date is out of range"))?;
        Ok(DateTime { seconds, subsecond_nanos: nanos })
    }
}

fn parse_rfc3339(s: &str) -> Result<DateTime, DateTimeParseError> {
    let mut r = Reader::new(s, Format::DateTime);
    let year = r.digits(4, "year")?;
    r.literal("-")?;
    let month = r.digits(2, "month")?;
    r.literal("-")?;
    let day = r.digits(2, "day")?;
    r.literal("T")?;
    let hour = r.digits(2, "hour")?;
    r.literal(":")?;
    let minute = r.digits(2, "minute")?;
    r.literal(":")?;
    let second = r.digits(2, "second")?;
    let nanos = r.fraction()?;
    let offset_seconds = match r.peek() {
        Some(b'Z' | b'z') => {
            r.at += 1;
            0
        }
        Some(sign @ (b'+' | b'-')) => {
            r.at += 1;
            let hours = r.digits(2, "offset hour")?;
            r.literal(":")?;
            let minutes = r.digits(2, "offset minute")?;
            if hours > 23 || minutes > 59 {
                return Err(r.error(format!("UTC offset {hours:02}:{minutes:02} does not exist")));
            }
            let magnitude = i64::from(hours * 3600 + minutes * 60);
            if sign == b'+' { magnitude } else { -magnitude }
        }
        _ => return Err(r.error(format!("expected `Z` or a UTC offset like `+01:00`, found {}", r.describe_next()))),
    };
    r.end()?;
    // Every field fits a u8: the digit counts bound them below 100.
    let civil = Civil {
        year: i64::from(year),
        month: month as u8,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
    };
    let local = r.instant(civil, nanos)?;
    // Four-digit years keep this far from overflowing.
    Ok(DateTime { seconds: local.seconds - offset_seconds, ..local })
}

fn parse_http_date(s: &str) -> Result<DateTime, DateTimeParseError> {
    let mut r = Reader::new(s, Format::HttpDate);
    let weekday = s.get(..3).unwrap_or("");
    if !time::WEEKDAY_ABBREVIATIONS.iter().any(|name| name.eq_ignore_ascii_case(weekday)) {
        return Err(r.error("expected a day name such as `Tue` at the start"));
    }
    r.at = 3;
    r.literal(", ")?;
    let day = r.digits(2, "day")?;
    r.literal(" ")?;
    let month_name = s.get(r.at..r.at + 3).unwrap_or("");
    let month = time::MONTH_ABBREVIATIONS
        .iter()
        .position(|name| name.eq_ignore_ascii_case(month_name))
        .ok_or_else(|| r.error(format!("expected a month name such as `Apr`, found {}", r.describe_next())))?;
    r.at += 3;
    r.literal(" ")?;
    let year = r.digits(4, "year")?;
    r.literal(" ")?;
    let hour = r.digits(2, "hour")?;
    r.literal(":")?;
    let minute = r.digits(2, "minute")?;
    r.literal(":")?;
    let second = r.digits(2, "second")?;
    let nanos = r.fraction()?;
    r.literal(" GMT")?;
    r.end()?;
    let civil = Civil {
        year: i64::from(year),
        month: month as u8 + 1,
        day: day as u8,
        hour: hour as u8,
        minute: minute as u8,
        second: second as u8,
    };
    r.instant(civil, nanos)
}

/// Parses a decimal number of seconds exactly: sign, digits, optional
/// fraction and optional exponent.
fn parse_epoch_seconds(s: &str) -> Result<DateTime, DateTimeParseError> {
    let r = Reader::new(s, Format::EpochSeconds);
    let (negative, unsigned) = match s.strip_prefix('-') {
        Some(rest) => (true, rest),
        None => (false, s),
    };
    let (mantissa, exponent) = match unsigned.find(['e', 'E']) {
        Some(at) => (&unsigned[..at], Some(&unsigned[at + 1..])),
        None => (unsigned, None),
    };
    let (int_digits, frac_digits) = match mantissa.split_once('.') {
        Some((int_digits, frac_digits)) => (int_digits, Some(frac_digits)),
        None => (mantissa, None),
    };
    let all_digits = |text: &str| !text.is_empty() && text.bytes().all(|b| b.is_ascii_digit());
    if !all_digits(int_digits) || frac_digits.is_some_and(|f| !all_digits(f)) {
        return Err(r.error("expected a decimal number of seconds such as `1398796238` or `1398796238.123`"));
    }
    let exponent: i64 = match exponent {
        None => 0,
        Some(text) => {
            let digits = text.strip_prefix(['+', '-']).unwrap_or(text);
            if !all_digits(digits) {
                return Err(r.error("expected digits after the exponent marker"));
            }
            // Anything longer is out of range (or zero) anyway; capping keeps
            // the arithmetic below small.
            let significant = digits.trim_start_matches('0');
            let magnitude: i64 =
                if significant.is_empty() { 0 } else { significant.parse().unwrap_or(i64::MAX).min(1_000) };
            if text.starts_with('-') { -magnitude } else { magnitude }
        }
    };
    // The value is 0.DIGITS * 10^point, with DIGITS stripped of leading zeros.
    let digits: String = [int_digits, frac_digits.unwrap_or("")].concat();
    let leading_zeros = digits.len() - digits.trim_start_matches('0').len();
    let digits = &digits[leading_zeros..];
    if digits.is_empty() {
        return Ok(DateTime::from_secs(0));
    }
    let point = int_digits.len() as i64 - leading_zeros as i64 + exponent;
    // More than 19 integer digits exceeds i64 seconds.
    if point > 19 {
        return Err(r.error("the number of seconds is out of range"));
    }
    let mut total_nanos: i128 = 0;
    // Digits at positions point..point+9 are the nanoseconds; later ones are
    // below the precision and ignored (rounding towards zero).
    for position in 0..(point + 9).max(0) {
        let digit = usize::try_from(position)
            .ok()
            .and_then(|index| digits.as_bytes().get(index))
            .map_or(0, |b| i128::from(b - b'0'));
        total_nanos = total_nanos * 10 + digit;
    }
    let total_nanos = if negative { -total_nanos } else { total_nanos };
    DateTime::from_total_nanos(total_nanos).ok_or_else(|| r.error("the number of seconds is out of range"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn parse(s: &str, format: Format) -> DateTime {
        DateTime::from_str(s, format).unwrap_or_else(|e| panic!("{s:?} should parse: {e}"))
    }

    fn nanos(seconds: i64, subsecond_nanos: u32) -> DateTime {
        DateTime::from_secs_and_nanos(seconds, subsecond_nanos)
    }

    #[test]
    fn constructors_and_accessors() {
        let t = DateTime::from_secs(1_398_796_238);
        assert_eq!((t.secs(), t.subsec_nanos(), t.has_subsec_nanos()), (1_398_796_238, 0, false));
        let t = DateTime::from_millis(1_398_796_238_123);
        assert_eq!((t.secs(), t.subsec_nanos(), t.has_subsec_nanos()), (1_398_796_238, 123_000_000, true));
        let t = DateTime::from_millis(-1);
        assert_eq!((t.secs(), t.subsec_nanos()), (-1, 999_000_000));
        assert_eq!(t.to_millis(), Ok(-1));
        assert_eq!(DateTime::from_millis(i64::MIN).to_millis(), Ok(i64::MIN));
        assert_eq!(DateTime::from_millis(i64::MAX).to_millis(), Ok(i64::MAX));
        assert!(DateTime::from_secs(i64::MAX).to_millis().is_err());
        assert!(DateTime::from_secs(i64::MIN).to_millis().is_err());
        assert_eq!(nanos(5, 1_500_000_000), nanos(6, 500_000_000));
        assert_eq!(nanos(i64::MAX, u32::MAX), nanos(i64::MAX, 999_999_999));
        assert_eq!(DateTime::from_nanos(-1), Ok(nanos(-1, 999_999_999)));
        assert_eq!(DateTime::from_nanos(-1).map(|t| t.as_nanos()), Ok(-1));
        assert!(DateTime::from_nanos(i128::MAX).is_err());
        assert!(DateTime::from_nanos(i128::MIN).is_err());
        assert_eq!(DateTime::from_secs(-3).as_secs_f64(), -3.0);
        assert_eq!(nanos(-2, 500_000_000).as_secs_f64(), -1.5);
    }

    #[test]
    fn floats() {
        assert_eq!(DateTime::from_secs_f64(1.5), nanos(1, 500_000_000));
        assert_eq!(DateTime::from_secs_f64(-1.5), nanos(-2, 500_000_000));
        // The float nearest to 1398796238.123 is 1398796238.12299990654...
        assert_eq!(DateTime::from_secs_f64(1_398_796_238.123), nanos(1_398_796_238, 122_999_907));
        assert_eq!(DateTime::from_secs_f64(0.1), nanos(0, 100_000_000));
        assert_eq!(DateTime::from_secs_f64(f64::NAN), DateTime::from_secs(0));
        assert_eq!(DateTime::from_secs_f64(f64::INFINITY), nanos(i64::MAX, 999_999_999));
        assert_eq!(DateTime::from_secs_f64(f64::NEG_INFINITY), DateTime::from_secs(i64::MIN));
        assert_eq!(DateTime::from_secs_f64(1e300), nanos(i64::MAX, 999_999_999));
        assert_eq!(DateTime::from_secs_f64(-1e300), DateTime::from_secs(i64::MIN));
        for bad in [f64::NAN, f64::INFINITY, f64::NEG_INFINITY, 1e19, -1e19, f64::MAX, f64::MIN] {
            assert!(DateTime::try_from_secs_f64(bad).is_err(), "{bad}");
        }
        assert_eq!(DateTime::try_from_secs_f64(-9_223_372_036_854_775_808.0), Ok(DateTime::from_secs(i64::MIN)));
        assert_eq!(DateTime::try_from_secs_f64(f64::MIN_POSITIVE), Ok(DateTime::from_secs(0)));
        assert_eq!(DateTime::try_from_secs_f64(-f64::MIN_POSITIVE), Ok(DateTime::from_secs(0)));
        assert_eq!(DateTime::from_fractional_secs(10, 0.25), nanos(10, 250_000_000));
        assert_eq!(DateTime::from_fractional_secs(10, -0.25), nanos(9, 750_000_000));
        assert_eq!(DateTime::from_fractional_secs(10, 2.5), nanos(12, 500_000_000));
        assert_eq!(DateTime::from_fractional_secs(10, 0.999_999_999_9), DateTime::from_secs(11));
        assert_eq!(DateTime::from_fractional_secs(10, f64::NAN), DateTime::from_secs(10));
        assert_eq!(DateTime::from_fractional_secs(i64::MAX, 1.0), nanos(i64::MAX, 999_999_999));
        assert_eq!(DateTime::from_fractional_secs(i64::MIN, -1.0), DateTime::from_secs(i64::MIN));
        assert_eq!(DateTime::from_fractional_secs(0, f64::INFINITY), nanos(i64::MAX, 999_999_999));
    }

    #[test]
    fn ordering_follows_the_instant() {
        let mut values = vec![nanos(1, 0), nanos(-1, 999_999_999), nanos(0, 1), nanos(-1, 0), nanos(0, 0)];
        values.sort();
        assert_eq!(values, [nanos(-1, 0), nanos(-1, 999_999_999), nanos(0, 0), nanos(0, 1), nanos(1, 0)]);
    }

    #[test]
    fn rfc3339_examples() {
        let cases = [
            ("1985-04-12T23:20:50.52Z", nanos(482_196_050, 520_000_000)),
            ("1985-04-12t23:20:50.52z", nanos(482_196_050, 520_000_000)),
            ("1996-12-19T16:39:57-08:00", DateTime::from_secs(851_042_397)),
            ("1996-12-20T01:39:57+01:00", DateTime::from_secs(851_042_397)),
            ("1996-12-20T00:39:57-00:00", DateTime::from_secs(851_042_397)),
            ("1990-12-31T23:59:60Z", DateTime::from_secs(662_687_999)),
            ("2014-04-29T18:30:38Z", DateTime::from_secs(1_398_796_238)),
            ("2014-04-29T18:30:38.123456789Z", nanos(1_398_796_238, 123_456_789)),
            ("2014-04-29T18:30:38.1234567891234Z", nanos(1_398_796_238, 123_456_789)),
            ("2014-04-29T18:30:38.000Z", DateTime::from_secs(1_398_796_238)),
            ("2000-02-29T00:00:00Z", DateTime::from_secs(951_782_400)),
            ("1969-12-31T23:59:59.5Z", nanos(-1, 500_000_000)),
            ("0000-01-01T00:00:00Z", DateTime::from_secs(-62_167_219_200)),
            ("9999-12-31T23:59:59.999999999Z", nanos(253_402_300_799, 999_999_999)),
            ("0000-01-01T00:00:00+23:59", DateTime::from_secs(-62_167_219_200 - 86_340)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, Format::DateTime), expected, "{text}");
        }
    }

    #[test]
    fn rfc3339_output() {
        let cases = [
            (nanos(482_196_050, 520_000_000), "1985-04-12T23:20:50.52Z"),
            (DateTime::from_secs(1_398_796_238), "2014-04-29T18:30:38Z"),
            (nanos(1_398_796_238, 1), "2014-04-29T18:30:38.000000001Z"),
            (nanos(1_398_796_238, 123_000_000), "2014-04-29T18:30:38.123Z"),
            (nanos(-1, 500_000_000), "1969-12-31T23:59:59.5Z"),
            (DateTime::from_secs(-62_167_219_200), "0000-01-01T00:00:00Z"),
        ];
        for (value, text) in cases {
            assert_eq!(value.fmt(Format::DateTime).as_deref(), Ok(text));
            assert_eq!(value.to_string(), text);
            assert_eq!(format!("{value:?}"), text);
        }
    }

    #[test]
    fn http_dates() {
        let t = parse("Tue, 29 Apr 2014 18:30:38 GMT", Format::HttpDate);
        assert_eq!(t, DateTime::from_secs(1_398_796_238));
        assert_eq!(parse("tue, 29 apr 2014 18:30:38 gmt", Format::HttpDate), t);
        assert_eq!(parse("Tue, 29 Apr 2014 18:30:38.123 GMT", Format::HttpDate), nanos(1_398_796_238, 123_000_000));
        assert_eq!(t.fmt(Format::HttpDate).as_deref(), Ok("Tue, 29 Apr 2014 18:30:38 GMT"));
        // HTTP dates carry no fraction; it is dropped rather than rounded.
        assert_eq!(
            nanos(1_398_796_238, 999_000_000).fmt(Format::HttpDate).as_deref(),
            Ok("Tue, 29 Apr 2014 18:30:38 GMT")
        );
        assert_eq!(DateTime::from_secs(0).fmt(Format::HttpDate).as_deref(), Ok("Thu, 01 Jan 1970 00:00:00 GMT"));
        assert_eq!(DateTime::from_secs(-1).fmt(Format::HttpDate).as_deref(), Ok("Wed, 31 Dec 1969 23:59:59 GMT"));
        assert_eq!(
            DateTime::from_secs(951_782_400).fmt(Format::HttpDate).as_deref(),
            Ok("Tue, 29 Feb 2000 00:00:00 GMT")
        );
        assert_eq!(
            DateTime::from_secs(-62_167_219_200).fmt(Format::HttpDate).as_deref(),
            Ok("Sat, 01 Jan 0000 00:00:00 GMT")
        );
    }

    #[test]
    fn epoch_seconds() {
        let cases = [
            ("1398796238", DateTime::from_secs(1_398_796_238)),
            ("1398796238.123", nanos(1_398_796_238, 123_000_000)),
            ("1398796238.000000001", nanos(1_398_796_238, 1)),
            ("1398796238.0000000019", nanos(1_398_796_238, 1)),
            ("0", DateTime::from_secs(0)),
            ("-0", DateTime::from_secs(0)),
            ("-0.5", nanos(-1, 500_000_000)),
            ("-1.25", nanos(-2, 750_000_000)),
            ("1.398796238123E9", nanos(1_398_796_238, 123_000_000)),
            ("1398796238123e-3", nanos(1_398_796_238, 123_000_000)),
            ("5e+0", DateTime::from_secs(5)),
            ("0.0e99999999999999999999", DateTime::from_secs(0)),
            ("1e-99999999999999999999", DateTime::from_secs(0)),
            ("007", DateTime::from_secs(7)),
            ("9223372036854775807", DateTime::from_secs(i64::MAX)),
            ("9223372036854775807.999999999", nanos(i64::MAX, 999_999_999)),
            ("-9223372036854775808", DateTime::from_secs(i64::MIN)),
        ];
        for (text, expected) in cases {
            assert_eq!(parse(text, Format::EpochSeconds), expected, "{text}");
        }
        let outputs = [
            (DateTime::from_secs(1_398_796_238), "1398796238"),
            (nanos(1_398_796_238, 123_000_000), "1398796238.123"),
            (nanos(1_398_796_238, 100), "1398796238.0000001"),
            (nanos(-1, 500_000_000), "-0.5"),
            (nanos(-2, 750_000_000), "-1.25"),
            (DateTime::from_secs(-7), "-7"),
            (DateTime::from_secs(i64::MIN), "-9223372036854775808"),
            (nanos(i64::MIN, 1), "-9223372036854775807.999999999"),
            (nanos(i64::MAX, 999_999_999), "9223372036854775807.999999999"),
        ];
        for (value, text) in outputs {
            assert_eq!(value.fmt(Format::EpochSeconds).as_deref(), Ok(text));
            assert_eq!(parse(text, Format::EpochSeconds), value, "{text} reads back");
        }
    }

    #[test]
    fn garbage_is_rejected_with_a_useful_message() {
        let cases = [
            (Format::DateTime, ""),
            (Format::DateTime, "2014-04-29"),
            (Format::DateTime, "2014-04-29T18:30:38"),
            (Format::DateTime, "2014-04-29 18:30:38Z"),
            (Format::DateTime, " 2014-04-29T18:30:38Z"),
            (Format::DateTime, "2014-04-29T18:30:38Z "),
            (Format::DateTime, "2014-4-29T18:30:38Z"),
            (Format::DateTime, "14-04-29T18:30:38Z"),
            (Format::DateTime, "+2014-04-29T18:30:38Z"),
            (Format::DateTime, "2014-13-29T18:30:38Z"),
            (Format::DateTime, "2014-00-29T18:30:38Z"),
            (Format::DateTime, "2014-02-29T18:30:38Z"),
            (Format::DateTime, "1900-02-29T00:00:00Z"),
            (Format::DateTime, "2014-04-31T18:30:38Z"),
            (Format::DateTime, "2014-04-00T18:30:38Z"),
            (Format::DateTime, "2014-04-29T24:00:00Z"),
            (Format::DateTime, "2014-04-29T18:60:38Z"),
            (Format::DateTime, "2014-04-29T18:30:61Z"),
            (Format::DateTime, "2014-04-29T18:30:38.Z"),
            (Format::DateTime, "2014-04-29T18:30:38,5Z"),
            (Format::DateTime, "2014-04-29T18:30:38+0100"),
            (Format::DateTime, "2014-04-29T18:30:38+24:00"),
            (Format::DateTime, "2014-04-29T18:30:38+01:60"),
            (Format::DateTime, "2014-04-29T18:30:38UTC"),
            (Format::DateTime, "2014-04-29T18:30:38ZZ"),
            (Format::DateTime, "２０１４-04-29T18:30:38Z"),
            (Format::HttpDate, ""),
            (Format::HttpDate, "Tue, 29 Apr 2014 18:30:38"),
            (Format::HttpDate, "Tue, 29 Apr 2014 18:30:38 UTC"),
            (Format::HttpDate, "Tue, 29 Apr 2014 18:30:38 GMT "),
            (Format::HttpDate, "Tue 29 Apr 2014 18:30:38 GMT"),
            (Format::HttpDate, "Tuesday, 29 Apr 2014 18:30:38 GMT"),
            (Format::HttpDate, "Xyz, 29 Apr 2014 18:30:38 GMT"),
            (Format::HttpDate, "Tue, 29 Foo 2014 18:30:38 GMT"),
            (Format::HttpDate, "Tue, 9 Apr 2014 18:30:38 GMT"),
            (Format::HttpDate, "Tue, 31 Apr 2014 18:30:38 GMT"),
            (Format::HttpDate, "Tue, 29 Apr 14 18:30:38 GMT"),
            (Format::HttpDate, "Tue, 29 Apr 2014 25:30:38 GMT"),
            (Format::HttpDate, "Sunday, 06-Nov-94 08:49:37 GMT"),
            (Format::HttpDate, "Sun Nov  6 08:49:37 1994"),
            (Format::HttpDate, "ሴሴሴ, 29 Apr 2014 18:30:38 GMT"),
            (Format::HttpDate, "Tue, 29 ሴ 2014 18:30:38 GMT"),
            (Format::EpochSeconds, ""),
            (Format::EpochSeconds, "-"),
            (Format::EpochSeconds, "+1"),
            (Format::EpochSeconds, " 1"),
            (Format::EpochSeconds, "1 "),
            (Format::EpochSeconds, "."),
            (Format::EpochSeconds, "1."),
            (Format::EpochSeconds, ".5"),
            (Format::EpochSeconds, "1.2.3"),
            (Format::EpochSeconds, "1e"),
            (Format::EpochSeconds, "1e+"),
            (Format::EpochSeconds, "e5"),
            (Format::EpochSeconds, "--1"),
            (Format::EpochSeconds, "0x10"),
            (Format::EpochSeconds, "NaN"),
            (Format::EpochSeconds, "inf"),
            (Format::EpochSeconds, "-Infinity"),
            (Format::EpochSeconds, "9223372036854775808"),
            (Format::EpochSeconds, "-9223372036854775808.5"),
            (Format::EpochSeconds, "1e19"),
            (Format::EpochSeconds, "1e99999999999999999999"),
            (Format::EpochSeconds, "١٢٣"),
        ];
        for (format, text) in cases {
            let err = DateTime::from_str(text, format).expect_err(text);
            let message = err.to_string();
            assert!(message.contains(&format!("{text:?}")), "{message}");
            assert!(message.contains(format.describe()), "{message}");
        }
        let long = "x".repeat(10_000);
        let message = DateTime::from_str(&long, Format::DateTime).expect_err("garbage").to_string();
        assert!(message.len() < 300, "{message}");
        assert!(message.contains("10000 bytes"), "{message}");
    }

    #[test]
    fn messages_say_what_is_wrong() {
        let message = |text: &str, format| DateTime::from_str(text, format).expect_err(text).to_string();
        assert!(message("2014-02-30T00:00:00Z", Format::DateTime).contains("day 30 does not exist in 2014-02"));
        assert!(message("2014-04-29T18:30:38", Format::DateTime).contains("expected `Z` or a UTC offset"));
        assert!(message("2014-04-29T18:30:38Zx", Format::DateTime).contains("unexpected 'x' at byte 20"));
        assert!(message("Tue, 29 Apr 2014 18:30:38 UTC", Format::HttpDate).contains("expected \" GMT\""));
        assert!(message("99999999999999999999", Format::EpochSeconds).contains("out of range"));
    }

    #[test]
    fn formats_round_trip() {
        let mut state = 0x2545_f491_4f6c_dd1d_u64;
        let mut next = || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        let lowest = -62_167_219_200_i64; // 0000-01-01
        let span = 253_402_300_800_i64 - lowest; // up to 9999-12-31
        for _ in 0..20_000 {
            let seconds = lowest + (next() % span as u64) as i64;
            let subsecond_nanos = match next() % 3 {
                0 => 0,
                1 => (next() % 1000) as u32 * NANOS_PER_MILLI,
                _ => (next() % u64::from(NANOS_PER_SECOND)) as u32,
            };
            let value = nanos(seconds, subsecond_nanos);
            for format in [Format::DateTime, Format::EpochSeconds] {
                let text = value.fmt(format).expect("in range");
                assert_eq!(DateTime::from_str(&text, format), Ok(value), "{text}");
            }
            let text = value.fmt(Format::HttpDate).expect("in range");
            assert_eq!(DateTime::from_str(&text, Format::HttpDate), Ok(DateTime::from_secs(seconds)), "{text}");
            assert_eq!(DateTime::from(SystemTime::try_from(value).expect("fits")), value);
            let millis = DateTime::from_millis(value.to_millis().expect("fits"));
            assert_eq!(
                (millis.secs(), millis.subsec_nanos() / NANOS_PER_MILLI),
                (seconds, subsecond_nanos / NANOS_PER_MILLI)
            );
        }
    }

    #[test]
    fn years_outside_four_digits() {
        let cases = [
            DateTime::from_secs(253_402_300_800),
            DateTime::from_secs(-62_167_219_201),
            DateTime::from_secs(i64::MAX),
            DateTime::from_secs(i64::MIN),
        ];
        for value in cases {
            for format in [Format::DateTime, Format::HttpDate] {
                let err = value.fmt(format).expect_err("out of range");
                assert!(err.to_string().contains("0000 and 9999"), "{err}");
            }
            assert!(value.fmt(Format::EpochSeconds).is_ok());
        }
        assert_eq!(DateTime::from_secs(253_402_300_800).to_string(), "+10000-01-01T00:00:00Z");
        assert_eq!(DateTime::from_secs(-62_167_219_201).to_string(), "-0001-12-31T23:59:59Z");
        assert_eq!(DateTime::from_secs(i64::MAX).to_string(), "+292277026596-12-04T15:30:07Z");
        assert_eq!(nanos(i64::MIN, 5).to_string(), "-292277022657-01-27T08:29:52.000000005Z");
    }

    #[test]
    fn system_time_conversions() {
        let t = SystemTime::UNIX_EPOCH + Duration::new(1_398_796_238, 123);
        assert_eq!(DateTime::from(t), nanos(1_398_796_238, 123));
        let t = SystemTime::UNIX_EPOCH - Duration::new(1, 250_000_000);
        assert_eq!(DateTime::from(t), nanos(-2, 750_000_000));
        assert_eq!(SystemTime::try_from(nanos(-2, 750_000_000)), Ok(t));
        assert_eq!(SystemTime::try_from(DateTime::from_secs(0)), Ok(SystemTime::UNIX_EPOCH));
        // Whether the extremes fit depends on the platform; it must not panic.
        let _ = SystemTime::try_from(nanos(i64::MAX, 999_999_999));
        let _ = SystemTime::try_from(DateTime::from_secs(i64::MIN));
        let now = SystemTime::now();
        assert_eq!(SystemTime::try_from(DateTime::from(now)), Ok(now));
    }

    #[test]
    fn read_splits_lists() {
        let list = "Tue, 29 Apr 2014 18:30:38 GMT, Wed, 30 Apr 2014 18:30:38 GMT";
        let (first, rest) = DateTime::read(list, Format::HttpDate, ',').expect("first");
        assert_eq!(first, DateTime::from_secs(1_398_796_238));
        let (second, rest) = DateTime::read(rest, Format::HttpDate, ',').expect("second");
        assert_eq!(second, DateTime::from_secs(1_398_796_238 + 86_400));
        assert_eq!(rest, "");

        let (first, rest) = DateTime::read("1.5,2014-04-29T18:30:38Z", Format::EpochSeconds, ',').expect("epoch");
        assert_eq!((first, rest), (nanos(1, 500_000_000), "2014-04-29T18:30:38Z"));
        let (value, rest) = DateTime::read(rest, Format::DateTime, ',').expect("date-time");
        assert_eq!((value, rest), (DateTime::from_secs(1_398_796_238), ""));

        assert!(DateTime::read("Tue, 29 Apr 2014 18:30:38 GMTx", Format::HttpDate, ',').is_err());
        assert!(DateTime::read("Tue, 29 Apr 2014", Format::HttpDate, ',').is_err());
        assert!(DateTime::read("", Format::EpochSeconds, ',').is_err());
    }

    #[test]
    fn arbitrary_input_never_panics() {
        let seeds = [
            "1985-04-12T23:20:50.52Z",
            "1996-12-19T16:39:57-08:00",
            "Tue, 29 Apr 2014 18:30:38.123 GMT",
            "-1398796238.123e-2",
        ];
        let alphabet: Vec<char> = "0123456789-+:.,TZtz eE GMTMonApr\u{0}ሴ".chars().collect();
        let mut state = 0x9e37_79b9_7f4a_7c15_u64;
        let mut next = move || {
            state ^= state << 13;
            state ^= state >> 7;
            state ^= state << 17;
            state
        };
        for round in 0..50_000 {
            let mut chars: Vec<char> = seeds[round % seeds.len()].chars().collect();
            for _ in 0..(next() % 4 + 1) {
                let at = (next() % (chars.len() as u64 + 1)) as usize;
                let c = alphabet[(next() % alphabet.len() as u64) as usize];
                match next() % 3 {
                    0 if at < chars.len() => chars[at] = c,
                    1 if at < chars.len() => {
                        chars.remove(at);
                    }
                    _ => chars.insert(at, c),
                }
            }
            let text: String = chars.into_iter().collect();
            for format in [Format::DateTime, Format::HttpDate, Format::EpochSeconds] {
                if let Ok(value) = DateTime::from_str(&text, format) {
                    // Whatever parses must also write back out.
                    assert!(value.fmt(Format::EpochSeconds).is_ok());
                }
                let _ = DateTime::read(&text, format, ',');
            }
        }
    }
}
