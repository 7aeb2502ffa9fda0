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

impl Number {
    pub fn from_u64(n: u64) -> Number {
        i64::try_from(n).map_or(Number::UInt(n), Number::Int)
    }

    pub fn from_f64(f: f64) -> Number {
        // Powers of two are exact in f64, so the bound checks are exact.
        if f.fract() != 0.0 || f < -(2f64.powi(63)) || f >= 2f64.powi(64) {
            Number::Float(f)
        } else if f < 2f64.powi(63) {
            Number::Int(f as i64)
        } else {
            Number::UInt(f as u64)
        }
    }

    /// Parses a decimal as cty writes it: an optional sign, digits, fraction, exponent.
    /// Every spelling of one number gives the same `Number` (`"5"`, `"5.0"`, `"5e0"`),
    /// except that decimals no machine number holds are kept as written.
    pub fn parse(text: &str) -> Option<Number> {
        if !is_decimal(text) {
            return None;
        }
        let decimal = Normalized::of(text);
        if let Some(n) = decimal.integer() {
            return Some(n);
        }
        // An f64 stands for the decimal exactly when its shortest spelling is that decimal.
        let float: f64 = text.parse().ok()?;
        if float.is_finite() && Normalized::of(&format!("{float:e}")) == decimal {
            Some(Number::Float(float))
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

/// A decimal as `±0.DIGITS × 10^point`, with no leading or trailing zero digits, so
/// that two spellings of one number compare equal.
#[derive(PartialEq)]
struct Normalized {
    negative: bool,
    digits: String,
    point: i64,
}

impl Normalized {
    /// For text that `is_decimal` accepted.
    fn of(text: &str) -> Normalized {
        let (negative, body) = match text.strip_prefix('-') {
            Some(body) => (true, body),
            None => (false, text),
        };
        let (mantissa, exponent) = body.split_once(['e', 'E']).unwrap_or((body, "0"));
        // Exponents beyond i64 lie far outside anything an integer or f64 holds.
        let exponent: i64 = exponent.parse().unwrap_or(if exponent.starts_with('-') {
            i64::MIN / 2
        } else {
            i64::MAX / 2
        });
        let (int, frac) = mantissa.split_once('.').unwrap_or((mantissa, ""));
        let all = format!("{int}{frac}");
        let significant = all.trim_start_matches('0');
        let point = (significant.len() as i64 - frac.len() as i64).saturating_add(exponent);
        let digits = significant.trim_end_matches('0').to_owned();
        // Zero has one spelling: no digits, no sign.
        let negative = negative && !digits.is_empty();
        let point = if digits.is_empty() { 0 } else { point };
        Normalized {
            negative,
            digits,
            point,
        }
    }

    /// The number as an `Int` or `UInt`, if it is an integer that one of them holds.
    fn integer(&self) -> Option<Number> {
        if self.digits.is_empty() {
            return Some(Number::Int(0));
        }
        let len = self.digits.len() as i64;
        if self.point < len || self.point > 20 {
            return None;
        }
        let magnitude = format!("{}{}", self.digits, "0".repeat((self.point - len) as usize));
        if self.negative {
            format!("-{magnitude}").parse().ok().map(Number::Int)
        } else {
            magnitude.parse().ok().map(Number::from_u64)
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
        assert_eq!(Number::from_f64(2f64.powi(63)), Number::UInt(1 << 63));
        assert_eq!(
            Number::parse("1e19"),
            Some(Number::UInt(10_000_000_000_000_000_000))
        );
        assert_eq!(
            Number::from_f64(2f64.powi(64)),
            Number::Float(2f64.powi(64))
        );
        assert_eq!(
            Number::parse("-1008865901306331.0"),
            Some(Number::Int(-1008865901306331))
        );
        assert_eq!(Number::parse("-0.0e5"), Some(Number::Int(0)));
        assert_eq!(Number::parse("12.5e1"), Some(Number::Int(125)));
    }

    #[test]
    fn floats_parse_from_their_shortest_spelling() {
        for f in [0.1 + 0.2, 1.0354064238995483e144, -2.5e-300, 1e300] {
            assert_eq!(Number::parse(&format!("{f:e}")), Some(Number::Float(f)));
            assert_eq!(
                Number::parse(&Number::Float(f).to_string()),
                Some(Number::Float(f))
            );
        }
        assert_eq!(
            Number::parse("0.30000000000000004"),
            Some(Number::Float(0.1 + 0.2))
        );
        let longer = "0.300000000000000041";
        assert_eq!(Number::parse(longer), Some(Number::Decimal(longer.into())));
    }

    #[test]
    fn decimals_beyond_f64_stay_exact() {
        let big = "123456789012345678901234567890.5";
        assert_eq!(Number::parse(big), Some(Number::Decimal(big.into())));
        assert_eq!(Number::parse("0.25"), Some(Number::Float(0.25)));
        assert_eq!(
            Number::parse("1e400"),
            Some(Number::Decimal("1e400".into()))
        );
    }

    #[test]
    fn non_numbers_are_rejected() {
        for text in ["", "inf", "NaN", "+1", "1.2.3", "1e", "abc"] {
            assert_eq!(Number::parse(text), None, "{text}");
        }
    }
}
