//! Boletos: cobrança (44-digit barcode, 47-digit linha) and arrecadação (48-digit linha),
//! their check digits, conversions, and the due-date factor with the 2025 restart at 1000.

use core::fmt;

use time::{Date, Duration, macros::date};

use crate::Centavos;

/// Day zero of the fator de vencimento (FEBRABAN).
pub const FACTOR_BASE: Date = date!(1997 - 10 - 07);
/// FEBRABAN's payable window: a boleto is at most this many days past due…
pub const WINDOW_PAST_DAYS: i64 = 3000;
/// …and at most this many days ahead of the reference date.
pub const WINDOW_FUTURE_DAYS: i64 = 5500;
/// The largest amount ten barcode digits hold: R$ 99.999.999,99.
pub const MAX_AMOUNT: Centavos = Centavos(9_999_999_999);
/// The factor cycle: after 9999 it restarts at 1000, 9000 days later.
const CYCLE_DAYS: i64 = 9000;

/// Why a text is not a valid boleto.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoletoError {
    /// Nothing was typed.
    Empty,
    /// Not 44 (barcode), 47 (cobrança linha) or 48 (arrecadação linha) digits.
    WrongLength { found: usize },
    /// A character other than a digit or a separator (1-based, after separators are removed).
    NotDigit { character: char, position: usize },
    /// A 48-digit linha must start with 8 (arrecadação).
    NotArrecadacao,
    /// A field (cobrança: 1–3) or block (arrecadação: 1–4) check digit is wrong.
    FieldCheckDigit { field: u8, expected: u8, found: u8 },
    /// The general check digit of the barcode is wrong.
    GeneralCheckDigit { expected: u8, found: u8 },
    /// Factors 0001–0999 are never issued.
    InvalidFactor(u16),
    /// Arrecadação position 3 must be 6, 7, 8 or 9.
    UnknownValueId(char),
    /// A part given to build a barcode has the wrong size or characters.
    InvalidPart(&'static str),
}

impl fmt::Display for BoletoError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("informe a linha digitável ou o código de barras"),
            Self::WrongLength { found } => write!(
                f,
                "a linha digitável tem 47 ou 48 dígitos e o código de barras 44; foram informados {found}"
            ),
            Self::NotDigit {
                character,
                position,
            } => write!(
                f,
                "caractere {character:?} na posição {position} não é dígito"
            ),
            Self::NotArrecadacao => {
                f.write_str("linha de 48 dígitos deve começar com 8 (arrecadação)")
            }
            Self::FieldCheckDigit {
                field,
                expected,
                found,
            } => write!(
                f,
                "dígito verificador do campo {field} não confere (esperado {expected}, informado {found})"
            ),
            Self::GeneralCheckDigit { expected, found } => write!(
                f,
                "dígito verificador geral não confere (esperado {expected}, informado {found})"
            ),
            Self::InvalidFactor(n) => write!(f, "fator de vencimento {n:04} não existe"),
            Self::UnknownValueId(c) => write!(f, "identificador de valor {c:?} desconhecido"),
            Self::InvalidPart(what) => write!(f, "parte inválida para o código de barras: {what}"),
        }
    }
}

impl core::error::Error for BoletoError {}

/// A validated boleto of either kind.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Boleto {
    Cobranca(Cobranca),
    Arrecadacao(Arrecadacao),
}

/// A bank boleto (cobrança), kept as its 44-digit barcode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cobranca(String);

/// A collection boleto (arrecadação: utilities, taxes, carnês), kept as its 44-digit barcode.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Arrecadacao(String);

/// Drops the separators people paste (`.`, `-`, blanks) and checks that only digits remain.
fn digits_only(input: &str) -> Result<String, BoletoError> {
    let cleaned: String = input
        .chars()
        .filter(|c| !matches!(c, '.' | '-') && !c.is_whitespace())
        .collect();
    if let Some((i, c)) = cleaned
        .chars()
        .enumerate()
        .find(|(_, c)| !c.is_ascii_digit())
    {
        return Err(BoletoError::NotDigit {
            character: c,
            position: i + 1,
        });
    }
    Ok(cleaned)
}

fn digit(b: u8) -> u32 {
    u32::from(b - b'0')
}

/// Módulo 10, weights 2,1,2,1… from the right, two-digit products summed digit by digit.
pub fn mod10(digits: &str) -> u8 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let p = digit(b) * if i % 2 == 0 { 2 } else { 1 };
            p / 10 + p % 10
        })
        .sum();
    ((10 - sum % 10) % 10) as u8
}

/// The remainder of módulo 11 with weights 2–9 cycling from the right.
fn mod11_remainder(digits: &str) -> u32 {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| digit(b) * (2 + (i as u32 % 8)))
        .sum();
    sum % 11
}

/// General check digit of a cobrança barcode: 11 − r, and 1 where that would be 0, 10 or 11.
fn cobranca_dv(without_dv: &str) -> u8 {
    match 11 - mod11_remainder(without_dv) {
        0 | 10 | 11 => 1,
        dv => dv as u8,
    }
}

/// Arrecadação módulo 11: 0 when the remainder is 0 or 1, otherwise 11 − r.
fn arrecadacao_mod11(digits: &str) -> u8 {
    match mod11_remainder(digits) {
        0 | 1 => 0,
        r => (11 - r) as u8,
    }
}

fn check(field: u8, expected: u8, found: u8) -> Result<(), BoletoError> {
    if expected == found {
        Ok(())
    } else {
        Err(BoletoError::FieldCheckDigit {
            field,
            expected,
            found,
        })
    }
}

impl Boleto {
    /// Reads a linha digitável (47 or 48 digits) or a barcode (44 digits), with or without
    /// the dots and blanks of its printed form, and validates every check digit.
    ///
    /// # Errors
    /// [`BoletoError`] says which field is wrong.
    pub fn parse(input: &str) -> Result<Self, BoletoError> {
        let d = digits_only(input)?;
        match d.len() {
            0 => Err(BoletoError::Empty),
            44 if d.starts_with('8') => Arrecadacao::from_barcode(&d).map(Self::Arrecadacao),
            44 => Cobranca::from_barcode(&d).map(Self::Cobranca),
            47 => Cobranca::from_linha(&d).map(Self::Cobranca),
            48 => Arrecadacao::from_linha(&d).map(Self::Arrecadacao),
            found => Err(BoletoError::WrongLength { found }),
        }
    }

    /// The 44-digit barcode.
    pub fn barcode(&self) -> &str {
        match self {
            Self::Cobranca(c) => c.barcode(),
            Self::Arrecadacao(a) => a.barcode(),
        }
    }

    /// The linha digitável without separators.
    pub fn linha(&self) -> String {
        match self {
            Self::Cobranca(c) => c.linha(),
            Self::Arrecadacao(a) => a.linha(),
        }
    }

    /// The linha digitável in its printed groups.
    pub fn linha_formatted(&self) -> String {
        match self {
            Self::Cobranca(c) => c.linha_formatted(),
            Self::Arrecadacao(a) => a.linha_formatted(),
        }
    }

    /// The amount the barcode carries, when it carries one.
    pub fn amount(&self) -> Option<Centavos> {
        match self {
            Self::Cobranca(c) => c.amount(),
            Self::Arrecadacao(a) => a.amount(),
        }
    }

    /// The due date the barcode carries (cobrança only), read against `reference`.
    pub fn due_date(&self, reference: Date) -> Option<Date> {
        match self {
            Self::Cobranca(c) => c.due_date(reference),
            Self::Arrecadacao(_) => None,
        }
    }
}

impl Cobranca {
    /// Validates a 44-digit cobrança barcode.
    ///
    /// # Errors
    /// Length, digits, the general check digit, or a factor in 0001–0999.
    pub fn from_barcode(barcode: &str) -> Result<Self, BoletoError> {
        let b = digits_only(barcode)?;
        if b.len() != 44 {
            return Err(BoletoError::WrongLength { found: b.len() });
        }
        let expected = cobranca_dv(&format!("{}{}", &b[..4], &b[5..]));
        let found = b.as_bytes()[4] - b'0';
        if expected != found {
            return Err(BoletoError::GeneralCheckDigit { expected, found });
        }
        let this = Self(b);
        let factor = this.factor();
        if (1..1000).contains(&factor) {
            return Err(BoletoError::InvalidFactor(factor));
        }
        Ok(this)
    }

    /// Validates a 47-digit linha digitável: the three field digits, then the general one.
    ///
    /// # Errors
    /// The first field whose check digit is wrong, then as [`Cobranca::from_barcode`].
    pub fn from_linha(linha: &str) -> Result<Self, BoletoError> {
        let l = digits_only(linha)?;
        if l.len() != 47 {
            return Err(BoletoError::WrongLength { found: l.len() });
        }
        let found = |i: usize| l.as_bytes()[i] - b'0';
        check(1, mod10(&l[0..9]), found(9))?;
        check(2, mod10(&l[10..20]), found(20))?;
        check(3, mod10(&l[21..31]), found(31))?;
        let barcode = format!(
            "{}{}{}{}{}{}",
            &l[0..4],
            &l[32..33],
            &l[33..47],
            &l[4..9],
            &l[10..20],
            &l[21..31]
        );
        Self::from_barcode(&barcode)
    }

    /// Builds the barcode of a new boleto, computing its general check digit.
    ///
    /// `due` is `None` for a boleto without due date (factor 0000); `free_field` is the
    /// bank's 25-digit campo livre.
    ///
    /// # Errors
    /// [`BoletoError::InvalidPart`] for a bank that is not 3 digits, a free field that is not
    /// 25 digits, an amount outside 0–99.999.999,99, or a due date outside the factor range.
    pub fn build(
        bank: &str,
        due: Option<Date>,
        amount: Centavos,
        free_field: &str,
    ) -> Result<Self, BoletoError> {
        let is_digits = |s: &str, n: usize| s.len() == n && s.bytes().all(|b| b.is_ascii_digit());
        if !is_digits(bank, 3) {
            return Err(BoletoError::InvalidPart("banco deve ter 3 dígitos"));
        }
        if !is_digits(free_field, 25) {
            return Err(BoletoError::InvalidPart("campo livre deve ter 25 dígitos"));
        }
        if !(0..=MAX_AMOUNT.get()).contains(&amount.get()) {
            return Err(BoletoError::InvalidPart(
                "valor fora do limite de 10 dígitos",
            ));
        }
        let factor = match due {
            None => 0,
            Some(d) => factor_for(d).ok_or(BoletoError::InvalidPart("vencimento fora do fator"))?,
        };
        let without_dv = format!("{bank}9{factor:04}{:010}{free_field}", amount.get());
        let dv = cobranca_dv(&without_dv);
        Self::from_barcode(&format!("{}{dv}{}", &without_dv[..4], &without_dv[4..]))
    }

    /// The 44-digit barcode.
    pub fn barcode(&self) -> &str {
        &self.0
    }

    /// The issuing bank's COMPE code, e.g. `001`.
    pub fn bank(&self) -> &str {
        &self.0[0..3]
    }

    /// The currency code: `9` is the real.
    pub fn currency(&self) -> char {
        char::from(self.0.as_bytes()[3])
    }

    /// The general check digit (barcode position 5).
    pub fn general_dv(&self) -> u8 {
        self.0.as_bytes()[4] - b'0'
    }

    /// The fator de vencimento; 0 when the boleto has no due date.
    pub fn factor(&self) -> u16 {
        self.0[5..9].parse().unwrap_or(0)
    }

    /// The amount, or `None` when it is set at payment (all zeros).
    pub fn amount(&self) -> Option<Centavos> {
        match self.0[9..19].parse::<i64>() {
            Ok(0) | Err(_) => None,
            Ok(c) => Some(Centavos(c)),
        }
    }

    /// The bank's 25-digit free field.
    pub fn free_field(&self) -> &str {
        &self.0[19..44]
    }

    /// The due date, read against `reference` (today, or the issue date for old boletos).
    pub fn due_date(&self, reference: Date) -> Option<Date> {
        date_for_factor(self.factor(), reference)
    }

    /// The 47-digit linha digitável.
    pub fn linha(&self) -> String {
        let b = &self.0;
        let f1 = format!("{}{}", &b[0..4], &b[19..24]);
        let f2 = &b[24..34];
        let f3 = &b[34..44];
        format!(
            "{f1}{}{f2}{}{f3}{}{}",
            mod10(&f1),
            mod10(f2),
            mod10(f3),
            &b[4..19]
        )
    }

    /// `AAABC.CCCCX DDDDD.DDDDDY EEEEE.EEEEEZ K UUUUVVVVVVVVVV`.
    pub fn linha_formatted(&self) -> String {
        let l = self.linha();
        format!(
            "{}.{} {}.{} {}.{} {} {}",
            &l[0..5],
            &l[5..10],
            &l[10..15],
            &l[15..21],
            &l[21..26],
            &l[26..32],
            &l[32..33],
            &l[33..47]
        )
    }
}

impl Arrecadacao {
    /// Validates a 44-digit arrecadação barcode (first digit 8).
    ///
    /// # Errors
    /// Length, digits, the value identifier, or the general check digit.
    pub fn from_barcode(barcode: &str) -> Result<Self, BoletoError> {
        let b = digits_only(barcode)?;
        if b.len() != 44 {
            return Err(BoletoError::WrongLength { found: b.len() });
        }
        if !b.starts_with('8') {
            return Err(BoletoError::NotArrecadacao);
        }
        let module = module_for(b.as_bytes()[2])?;
        let rest = format!("{}{}", &b[..3], &b[4..]);
        let expected = dv_for(module, &rest);
        let found = b.as_bytes()[3] - b'0';
        if expected != found {
            return Err(BoletoError::GeneralCheckDigit { expected, found });
        }
        Ok(Self(b))
    }

    /// Validates a 48-digit linha: each block's check digit, then the general one.
    ///
    /// # Errors
    /// The first block whose check digit is wrong, then as [`Arrecadacao::from_barcode`].
    pub fn from_linha(linha: &str) -> Result<Self, BoletoError> {
        let l = digits_only(linha)?;
        if l.len() != 48 {
            return Err(BoletoError::WrongLength { found: l.len() });
        }
        if !l.starts_with('8') {
            return Err(BoletoError::NotArrecadacao);
        }
        let module = module_for(l.as_bytes()[2])?;
        let mut barcode = String::with_capacity(44);
        for block in 0..4u8 {
            let start = usize::from(block) * 12;
            let body = &l[start..start + 11];
            check(
                block + 1,
                dv_for(module, body),
                l.as_bytes()[start + 11] - b'0',
            )?;
            barcode.push_str(body);
        }
        Self::from_barcode(&barcode)
    }

    /// The 44-digit barcode.
    pub fn barcode(&self) -> &str {
        &self.0
    }

    /// The segment (position 2): 1 prefeituras, 2 saneamento, 3 energia e gás, 4 telecomunicações…
    pub fn segment(&self) -> char {
        char::from(self.0.as_bytes()[1])
    }

    /// The value identifier (position 3): 6/8 carry an amount in reais, 7/9 a reference.
    pub fn value_id(&self) -> char {
        char::from(self.0.as_bytes()[2])
    }

    /// 10 or 11: the módulo that the check digits use.
    pub fn dv_module(&self) -> u8 {
        module_for(self.0.as_bytes()[2]).unwrap_or(10)
    }

    /// The general check digit (position 4).
    pub fn general_dv(&self) -> u8 {
        self.0.as_bytes()[3] - b'0'
    }

    /// The 11-digit value field as printed.
    pub fn value_field(&self) -> &str {
        &self.0[4..15]
    }

    /// The amount, when the value identifier says the field is in reais.
    pub fn amount(&self) -> Option<Centavos> {
        matches!(self.value_id(), '6' | '8')
            .then(|| self.value_field().parse().ok().map(Centavos))
            .flatten()
    }

    /// The company or organ id (positions 16–19).
    pub fn company_id(&self) -> &str {
        &self.0[15..19]
    }

    /// The 48-digit linha digitável.
    pub fn linha(&self) -> String {
        let module = self.dv_module();
        let mut out = String::with_capacity(48);
        for block in 0..4 {
            let body = &self.0[block * 11..block * 11 + 11];
            out.push_str(body);
            out.push(char::from(b'0' + dv_for(module, body)));
        }
        out
    }

    /// `NNNNNNNNNNN-D NNNNNNNNNNN-D NNNNNNNNNNN-D NNNNNNNNNNN-D`.
    pub fn linha_formatted(&self) -> String {
        let l = self.linha();
        (0..4)
            .map(|b| {
                format!(
                    "{}-{}",
                    &l[b * 12..b * 12 + 11],
                    &l[b * 12 + 11..b * 12 + 12]
                )
            })
            .collect::<Vec<_>>()
            .join(" ")
    }
}

fn module_for(value_id: u8) -> Result<u8, BoletoError> {
    match value_id {
        b'6' | b'7' => Ok(10),
        b'8' | b'9' => Ok(11),
        other => Err(BoletoError::UnknownValueId(char::from(other))),
    }
}

fn dv_for(module: u8, digits: &str) -> u8 {
    if module == 10 {
        mod10(digits)
    } else {
        arrecadacao_mod11(digits)
    }
}

/// The fator de vencimento for a due date: days since 1997-10-07, restarted at 1000 after
/// each 9999. `None` before 2000-07-03 (factor 1000 of the first cycle).
pub fn factor_for(due: Date) -> Option<u16> {
    let mut f = (due - FACTOR_BASE).whole_days();
    if f < 1000 {
        return None;
    }
    while f > 9999 {
        f -= CYCLE_DAYS;
    }
    u16::try_from(f).ok()
}

/// The due date a factor stands for, read against `reference`: of the dates that share the
/// factor (one per 9000-day cycle), the one inside FEBRABAN's window of 3000 days before to
/// 5500 days after `reference`. `None` for factor 0 (no due date) or 1–999.
pub fn date_for_factor(factor: u16, reference: Date) -> Option<Date> {
    if factor < 1000 {
        return None;
    }
    let earliest = reference.checked_sub(Duration::days(WINDOW_PAST_DAYS))?;
    let latest = reference.checked_add(Duration::days(WINDOW_FUTURE_DAYS))?;
    let mut days = i64::from(factor);
    loop {
        let candidate = FACTOR_BASE.checked_add(Duration::days(days))?;
        if candidate > latest {
            return None;
        }
        if candidate >= earliest {
            return Some(candidate);
        }
        days += CYCLE_DAYS;
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builds_a_boleto_that_reads_back() {
        let due = date!(2026 - 12 - 10);
        let free = "0500940144816060680935031";
        let c = Cobranca::build("001", Some(due), Centavos(9_990), free).unwrap();
        let back = Boleto::parse(&c.linha_formatted()).unwrap();
        assert_eq!(back.amount(), Some(Centavos(9_990)));
        assert_eq!(back.due_date(date!(2026 - 11 - 28)), Some(due));
        assert_eq!(back.barcode(), c.barcode());
    }

    #[test]
    fn build_rejects_bad_parts() {
        let free = "0500940144816060680935031";
        assert!(Cobranca::build("01", None, Centavos(1), free).is_err());
        assert!(Cobranca::build("001", None, Centavos(1), "123").is_err());
        assert!(Cobranca::build("001", None, Centavos(-1), free).is_err());
        assert!(Cobranca::build("001", Some(date!(1999 - 01 - 01)), Centavos(1), free).is_err());
    }

    #[test]
    fn names_the_wrong_field() {
        let good = "00190500954014481606906809350314337370000000100";
        let mut bad = good.as_bytes().to_vec();
        bad[20] = b'0'; // field 2's check digit was 9
        let bad = String::from_utf8(bad).unwrap();
        assert_eq!(
            Boleto::parse(&bad),
            Err(BoletoError::FieldCheckDigit {
                field: 2,
                expected: 9,
                found: 0
            })
        );
        assert_eq!(
            Boleto::parse("1234"),
            Err(BoletoError::WrongLength { found: 4 })
        );
        assert_eq!(
            Boleto::parse("00190.5009x"),
            Err(BoletoError::NotDigit {
                character: 'x',
                position: 10
            })
        );
        assert_eq!(
            Boleto::parse(&format!("7{}", &good[1..])).map(|_| ()),
            Err(BoletoError::FieldCheckDigit {
                field: 1,
                expected: 0,
                found: 5
            })
        );
        assert_eq!(
            Boleto::parse(&"1".repeat(48)),
            Err(BoletoError::NotArrecadacao)
        );
    }

    #[test]
    fn factors_below_1000_are_refused() {
        // A barcode with factor 0999 and a correct general digit.
        let without_dv = format!("0019{:04}{:010}{}", 999, 100, "0500940144816060680935031");
        let dv = cobranca_dv(&without_dv);
        let barcode = format!("{}{dv}{}", &without_dv[..4], &without_dv[4..]);
        assert_eq!(
            Cobranca::from_barcode(&barcode),
            Err(BoletoError::InvalidFactor(999))
        );
    }

    #[test]
    fn factor_encoding_follows_the_2025_restart() {
        assert_eq!(factor_for(date!(2025 - 02 - 21)), Some(9999));
        assert_eq!(factor_for(date!(2025 - 02 - 22)), Some(1000));
        assert_eq!(factor_for(date!(2026 - 11 - 28)), Some(1644));
        assert_eq!(factor_for(date!(2049 - 10 - 13)), Some(9999));
        assert_eq!(factor_for(date!(2049 - 10 - 14)), Some(1000));
        assert_eq!(factor_for(date!(2000 - 07 - 02)), None);
    }
}
