//! Arbitrary-precision numbers (`bigInteger`, `bigDecimal` shapes), kept as
//! their exact decimal text.

use std::fmt;
use std::str::FromStr;

/// Why text is not a valid big number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BigNumberError {
    input: String,
}

impl fmt::Display for BigNumberError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "`{}` is not a valid number", self.input)
    }
}

impl std::error::Error for BigNumberError {}

fn is_integer(s: &str) -> bool {
    let digits = s.strip_prefix('-').unwrap_or(s);
    !digits.is_empty() && digits.bytes().all(|b| b.is_ascii_digit())
}

fn is_decimal(s: &str) -> bool {
    let (mantissa, exponent) = match s.find(['e', 'E']) {
        Some(i) => (&s[..i], Some(&s[i + 1..])),
        None => (s, None),
    };
    let mantissa = mantissa.strip_prefix('-').unwrap_or(mantissa);
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits_ok = |d: &str| d.bytes().all(|b| b.is_ascii_digit());
    let mantissa_ok = !(int.is_empty() && frac.is_empty()) && digits_ok(int) && digits_ok(frac);
    let exponent_ok = exponent.is_none_or(|e| is_integer(e.strip_prefix('+').unwrap_or(e)));
    mantissa_ok && exponent_ok
}

/// An integer of any size, as decimal text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BigInteger(String);

impl BigInteger {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        if self.0.is_empty() { "0" } else { &self.0 }
    }
}

impl FromStr for BigInteger {
    type Err = BigNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_integer(s) { Ok(BigInteger(s.to_owned())) } else { Err(BigNumberError { input: s.to_owned() }) }
    }
}

impl fmt::Display for BigInteger {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A decimal number of any size and precision, as text.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct BigDecimal(String);

impl BigDecimal {
    /// The decimal text.
    pub fn as_str(&self) -> &str {
        if self.0.is_empty() { "0" } else { &self.0 }
    }
}

impl FromStr for BigDecimal {
    type Err = BigNumberError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        if is_decimal(s) { Ok(BigDecimal(s.to_owned())) } else { Err(BigNumberError { input: s.to_owned() }) }
    }
}

impl fmt::Display for BigDecimal {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn big_numbers_accept_only_numbers() {
        assert_eq!("-123".parse::<BigInteger>().unwrap().as_str(), "-123");
        assert!("1.5".parse::<BigInteger>().is_err());
        assert!("".parse::<BigInteger>().is_err());
        for ok in ["1.5", "-0.25e-3", "10", ".5", "5.", "1E+9"] {
            assert!(ok.parse::<BigDecimal>().is_ok(), "{ok}");
        }
        for bad in ["", ".", "-", "1e", "1.2.3", "abc", "1e1.5"] {
            assert!(bad.parse::<BigDecimal>().is_err(), "{bad}");
        }
    }
}
