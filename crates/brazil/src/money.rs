//! Money as integer centavos: parsing the ways people and ERPs write reais, and BRL formatting.

use core::fmt;

/// An amount of Brazilian reais held as whole centavos, so no arithmetic ever rounds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(transparent))]
pub struct Centavos(pub i64);

/// Why a text is not an amount of money.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum MoneyError {
    /// Nothing but blanks or the currency sign.
    Empty,
    /// A character that has no place in an amount.
    InvalidCharacter(char),
    /// Separators that do not form `1.234,56` or `1234.56`.
    BadGrouping,
    /// More than two decimal places that are not zeros: centavos cannot hold them.
    TooManyDecimals,
    /// Larger than the centavos counter can hold.
    TooLarge,
}

impl fmt::Display for MoneyError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("valor vazio"),
            Self::InvalidCharacter(c) => write!(f, "caractere inválido no valor: {c:?}"),
            Self::BadGrouping => f.write_str("separadores de milhar ou decimal fora do lugar"),
            Self::TooManyDecimals => f.write_str("mais de duas casas decimais"),
            Self::TooLarge => f.write_str("valor grande demais"),
        }
    }
}

impl core::error::Error for MoneyError {}

impl Centavos {
    /// Zero reais.
    pub const ZERO: Centavos = Centavos(0);

    /// Whole centavos.
    pub const fn new(centavos: i64) -> Self {
        Self(centavos)
    }

    /// The amount in centavos.
    pub const fn get(self) -> i64 {
        self.0
    }

    /// Reads an amount written as `1.234,56`, `1234.56`, `1234,5`, `R$ 10`, `-3,00` or `10`.
    ///
    /// A comma is always the decimal separator (pt-BR). When a text has both separators, the
    /// last one is the decimal separator. A lone point followed by exactly three digits
    /// (`1.234`) is a thousands separator, as a Brazilian reads it; a point followed by one
    /// or two digits is a decimal point. Decimal places past the second must be zeros
    /// (`10.5000` is accepted, `10.555` is not), so nothing is ever rounded away.
    ///
    /// # Errors
    /// [`MoneyError`] says what is wrong.
    ///
    /// # Examples
    /// ```
    /// use brazil::Centavos;
    /// assert_eq!(Centavos::parse("R$ 1.234,56"), Ok(Centavos(123456)));
    /// assert_eq!(Centavos::parse("1234.5"), Ok(Centavos(123450)));
    /// ```
    pub fn parse(input: &str) -> Result<Self, MoneyError> {
        let mut text = input.trim();
        let mut negative = false;
        if let Some(rest) = text.strip_prefix('-') {
            negative = true;
            text = rest.trim_start();
        }
        if let Some(rest) = text.strip_prefix("R$") {
            text = rest.trim_start_matches(|c: char| c.is_whitespace());
        }
        if !negative && let Some(rest) = text.strip_prefix('-') {
            negative = true;
            text = rest;
        }
        if !text.bytes().any(|b| b.is_ascii_digit()) {
            return match text.chars().find(|c| !matches!(c, '.' | ',')) {
                Some(bad) => Err(MoneyError::InvalidCharacter(bad)),
                None => Err(MoneyError::Empty),
            };
        }
        if let Some(bad) = text
            .chars()
            .find(|c| !(c.is_ascii_digit() || *c == '.' || *c == ','))
        {
            return Err(MoneyError::InvalidCharacter(bad));
        }
        let (integer, fraction) = split_decimal(text)?;
        let whole = ungroup(integer)?;
        let cents = fraction_to_cents(fraction)?;
        let value = whole
            .checked_mul(100)
            .and_then(|v| v.checked_add(cents))
            .ok_or(MoneyError::TooLarge)?;
        Ok(Centavos(if negative { -value } else { value }))
    }

    /// `R$ 1.234,56`, the way Brazilian invoices print amounts (`-R$ 5,00` when negative).
    pub fn to_brl(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        let reais = (abs / 100).to_string();
        let mut grouped = String::with_capacity(reais.len() + reais.len() / 3);
        for (i, c) in reais.chars().enumerate() {
            if i > 0 && (reais.len() - i).is_multiple_of(3) {
                grouped.push('.');
            }
            grouped.push(c);
        }
        format!("{sign}R$ {grouped},{:02}", abs % 100)
    }

    /// `1234.56`, with a decimal point and no grouping, as PIX and JSON expect.
    pub fn to_decimal_string(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// Adds, or `None` past the counter's range.
    pub fn checked_add(self, other: Centavos) -> Option<Centavos> {
        self.0.checked_add(other.0).map(Centavos)
    }

    /// Subtracts, or `None` past the counter's range.
    pub fn checked_sub(self, other: Centavos) -> Option<Centavos> {
        self.0.checked_sub(other.0).map(Centavos)
    }
}

impl fmt::Display for Centavos {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.to_brl())
    }
}

impl core::str::FromStr for Centavos {
    type Err = MoneyError;
    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::parse(s)
    }
}

/// Splits `text` into the integer part (which may still hold thousands separators) and the
/// decimal digits, following the rules in [`Centavos::parse`].
fn split_decimal(text: &str) -> Result<(&str, &str), MoneyError> {
    let last_comma = text.rfind(',');
    let last_point = text.rfind('.');
    let decimal_at = match (last_comma, last_point) {
        (Some(c), Some(p)) => Some(c.max(p)),
        (Some(c), None) => Some(c),
        (None, Some(p)) => {
            let points = text.matches('.').count();
            let tail = text.len() - p - 1;
            if points == 1 && tail != 3 {
                Some(p)
            } else {
                None
            }
        }
        (None, None) => None,
    };
    match decimal_at {
        Some(at) => {
            let (integer, fraction) = (&text[..at], &text[at + 1..]);
            if fraction.contains(['.', ',']) {
                return Err(MoneyError::BadGrouping);
            }
            if integer.contains(text.as_bytes()[at] as char) {
                return Err(MoneyError::BadGrouping);
            }
            Ok((integer, fraction))
        }
        None => Ok((text, "")),
    }
}

/// Reads the integer part, checking that any thousands separators stand every three digits.
fn ungroup(integer: &str) -> Result<i64, MoneyError> {
    if integer.is_empty() {
        return Ok(0);
    }
    let separator = integer.chars().find(|c| *c == '.' || *c == ',');
    let digits: String = match separator {
        None => integer.to_string(),
        Some(sep) => {
            if integer.contains(if sep == '.' { ',' } else { '.' }) {
                return Err(MoneyError::BadGrouping);
            }
            let groups: Vec<&str> = integer.split(sep).collect();
            let first_ok = groups.first().is_some_and(|g| (1..=3).contains(&g.len()));
            if !first_ok || groups[1..].iter().any(|g| g.len() != 3) {
                return Err(MoneyError::BadGrouping);
            }
            groups.concat()
        }
    };
    let mut value: i64 = 0;
    for d in digits.bytes() {
        value = value
            .checked_mul(10)
            .and_then(|v| v.checked_add(i64::from(d - b'0')))
            .ok_or(MoneyError::TooLarge)?;
    }
    Ok(value)
}

fn fraction_to_cents(fraction: &str) -> Result<i64, MoneyError> {
    let bytes = fraction.as_bytes();
    if bytes.len() > 2 && bytes[2..].iter().any(|b| *b != b'0') {
        return Err(MoneyError::TooManyDecimals);
    }
    let digit = |i: usize| bytes.get(i).map_or(0, |b| i64::from(b - b'0'));
    Ok(digit(0) * 10 + digit(1))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_the_ways_reais_are_written() {
        let cases = [
            ("1.234,56", 123_456),
            ("1234.56", 123_456),
            ("1234,5", 123_450),
            ("R$ 10", 1_000),
            ("R$10,00", 1_000),
            ("R$\u{a0}1.000.000,01", 100_000_001),
            ("10", 1_000),
            ("0,01", 1),
            (",5", 50),
            ("1.234", 123_400),
            ("1.000.000", 100_000_000),
            ("1,234.56", 123_456),
            ("10.5000", 1_050),
            ("10.555", 1_055_500),
            ("-3,00", -300),
            ("R$ -3,00", -300),
            ("-R$ 3,00", -300),
            (" 7.5 ", 750),
            ("214.03", 21_403),
        ];
        for (text, cents) in cases {
            assert_eq!(Centavos::parse(text), Ok(Centavos(cents)), "{text}");
        }
    }

    #[test]
    fn refuses_what_is_not_an_amount() {
        let cases = [
            ("", MoneyError::Empty),
            ("R$ ", MoneyError::Empty),
            ("12a", MoneyError::InvalidCharacter('a')),
            ("1.23.45", MoneyError::BadGrouping),
            ("1,234,56", MoneyError::BadGrouping),
            ("12.34,56", MoneyError::BadGrouping),
            (".", MoneyError::Empty),
            ("R$ x", MoneyError::InvalidCharacter('x')),
            ("10,555", MoneyError::TooManyDecimals),
            ("99999999999999999999", MoneyError::TooLarge),
        ];
        for (text, err) in cases {
            assert_eq!(Centavos::parse(text), Err(err), "{text}");
        }
    }

    #[test]
    fn formats_like_an_invoice() {
        assert_eq!(Centavos(123_456).to_brl(), "R$ 1.234,56");
        assert_eq!(Centavos(5).to_brl(), "R$ 0,05");
        assert_eq!(Centavos(100_000_000).to_brl(), "R$ 1.000.000,00");
        assert_eq!(Centavos(-500).to_brl(), "-R$ 5,00");
        assert_eq!(Centavos(12_345).to_decimal_string(), "123.45");
        assert_eq!(Centavos(-1).to_decimal_string(), "-0.01");
    }
}
