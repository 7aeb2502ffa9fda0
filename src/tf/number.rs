//! cty numbers. cty keeps arbitrary precision; the wire carries integers, floats, or a
//! decimal string when neither fits, and all three must survive a round trip unchanged.

use std::fmt;

/// A number in one canonical form per value, so that derived equality is numeric
/// equality: integral floats become `Int`, non-negative integers that fit `i64` are `Int`.
#[derive(Clone, Debug, PartialEq)]
pub enum Number {
    Int(i64),
    /// Only integers above `i64::MAX`.
    UInt(u64),
    /// Only non-integral or out-of-range values.
    Float(f64),
    /// A decimal that no machine number holds exactly, kept as written.
    Decimal(String),
}

/// Significant digits an `f64` holds without changing the decimal it was parsed from.
const F64_EXACT_DIGITS: usize = 15;

impl Number {
    pub fn from_u64(n: u64) -> Number {
        i64::try_from(n).map_or(Number::UInt(n), Number::Int)
    }

    pub fn from_f64(f: f64) -> Number {
        // 2^63 is exactly representable, so the bound check is exact.
        if f.fract() == 0.0 && f >= -(2f64.powi(63)) && f < 2f64.powi(63) {
            Number::Int(f as i64)
        } else {
            Number::Float(f)
        }
    }

    /// Parses a decimal as cty writes it: an optional sign, digits, fraction, exponent.
    pub fn parse(text: &str) -> Option<Number> {
        if !is_decimal(text) {
            return None;
        }
        if let Ok(n) = text.parse::<i64>() {
            return Some(Number::Int(n));
        }
        if let Ok(n) = text.parse::<u64>() {
            return Some(Number::UInt(n));
        }
        let float: f64 = text.parse().ok()?;
        let digits = text
            .split(['e', 'E'])
            .next()
            .unwrap_or("")
            .chars()
            .filter(char::is_ascii_digit)
            .collect::<String>();
        let significant = digits.trim_start_matches('0').trim_end_matches('0').len();
        if float.is_finite() && significant <= F64_EXACT_DIGITS {
            Some(Number::from_f64(float))
        } else {
            Some(Number::Decimal(text.to_owned()))
        }
    }

    pub fn as_i64(&self) -> Option<i64> {
        match self {
            Number::Int(n) => Some(*n),
            _ => None,
        }
    }

    pub fn as_f64(&self) -> f64 {
        match self {
            Number::Int(n) => *n as f64,
            Number::UInt(n) => *n as f64,
            Number::Float(f) => *f,
            Number::Decimal(d) => d.parse().unwrap_or(f64::NAN),
        }
    }
}

/// Accepts `-12.5e3` style numbers and rejects Rust's extras (`inf`, `NaN`, `+1`).
fn is_decimal(text: &str) -> bool {
    let body = text.strip_prefix('-').unwrap_or(text);
    let (mantissa, exponent) = match body.split_once(['e', 'E']) {
        Some((m, e)) => (m, Some(e)),
        None => (body, None),
    };
    let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
    let digits = |s: &str| s.chars().all(|c| c.is_ascii_digit());
    let exponent_ok = exponent.is_none_or(|e| {
        let e = e.strip_prefix(['+', '-']).unwrap_or(e);
        !e.is_empty() && digits(e)
    });
    !int.is_empty() && digits(int) && digits(frac) && exponent_ok
}

impl fmt::Display for Number {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Number::Int(n) => write!(f, "{n}"),
            Number::UInt(n) => write!(f, "{n}"),
            Number::Float(x) => write!(f, "{x}"),
            Number::Decimal(d) => f.write_str(d),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn integral_forms_are_one_number() {
        assert_eq!(Number::from_f64(3.0), Number::Int(3));
        assert_eq!(Number::from_u64(3), Number::Int(3));
        assert_eq!(Number::parse("3"), Some(Number::Int(3)));
        assert_eq!(Number::parse("3.0"), Some(Number::Int(3)));
        assert_eq!(Number::from_u64(u64::MAX), Number::UInt(u64::MAX));
    }

    #[test]
    fn decimals_beyond_f64_stay_exact() {
        let big = "123456789012345678901234567890.5";
        assert_eq!(Number::parse(big), Some(Number::Decimal(big.into())));
        assert_eq!(Number::parse("0.25"), Some(Number::Float(0.25)));
        assert_eq!(Number::parse("1e400"), Some(Number::Decimal("1e400".into())));
    }

    #[test]
    fn non_numbers_are_rejected() {
        for text in ["", "inf", "NaN", "+1", "1.2.3", "1e", "abc"] {
            assert_eq!(Number::parse(text), None, "{text}");
        }
    }
}
