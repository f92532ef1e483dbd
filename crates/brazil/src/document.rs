//! CPF and CNPJ (numeric and alphanumeric, IN RFB 2.229/2024): parsing, check digits, masks.
//!
//! One rule for client and server: separators (`.`, `-`, `/`, blanks) are dropped and letters
//! are upper-cased before checking, so `12.abc.345/01de-35` is the CNPJ `12ABC34501DE35`.

use core::fmt;

/// Why a text is not a CPF or CNPJ.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum DocumentError {
    /// Nothing was typed.
    Empty,
    /// Not 11 (CPF) or 14 (CNPJ) characters once separators are removed.
    WrongLength { found: usize },
    /// A character that cannot stand at that position (1-based, after separators are removed).
    InvalidCharacter { character: char, position: usize },
    /// All characters equal: such numbers pass the arithmetic but are never issued.
    RepeatedDigits,
    /// The two check digits do not match the rest.
    CheckDigits,
}

impl fmt::Display for DocumentError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("informe o CPF ou CNPJ"),
            Self::WrongLength { found } => write!(
                f,
                "CPF tem 11 dígitos e CNPJ tem 14 caracteres; foram informados {found}"
            ),
            Self::InvalidCharacter {
                character,
                position,
            } => write!(
                f,
                "caractere {character:?} não é aceito na posição {position}"
            ),
            Self::RepeatedDigits => f.write_str("número com todos os dígitos iguais não é válido"),
            Self::CheckDigits => f.write_str("dígitos verificadores não conferem"),
        }
    }
}

impl core::error::Error for DocumentError {}

/// Removes separators and upper-cases letters; anything else is kept so that it is reported.
pub fn normalize(input: &str) -> String {
    input
        .chars()
        .filter(|c| !matches!(c, '.' | '-' | '/') && !c.is_whitespace())
        .map(|c| c.to_ascii_uppercase())
        .collect()
}

/// A valid CPF, kept as its 11 digits (leading zeros matter).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cpf(String);

/// A valid CNPJ, kept as its 14 upper-case characters.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Cnpj(String);

/// What a subscriber types to sign in: a CPF (person) or a CNPJ (company).
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum CpfOuCnpj {
    Cpf(Cpf),
    Cnpj(Cnpj),
}

/// The two kinds of taxpayer, which decide the sign-in factor and the forms shown.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[cfg_attr(feature = "serde", derive(serde::Serialize, serde::Deserialize))]
#[cfg_attr(feature = "serde", serde(rename_all = "snake_case"))]
pub enum PersonKind {
    /// Pessoa física (CPF).
    Individual,
    /// Pessoa jurídica (CNPJ).
    Company,
}

/// The value a character carries in the check-digit sums: ASCII code − 48, so digits keep
/// their value and `A` is 17 (RFB's rule for alphanumeric CNPJs).
fn value(c: u8) -> u32 {
    u32::from(c - b'0')
}

/// Módulo 11 check digit over `chars` with `weights`: 0 when the remainder is below 2.
fn mod11_digit(chars: &[u8], weights: &[u32]) -> u8 {
    let sum: u32 = chars.iter().zip(weights).map(|(c, w)| value(*c) * w).sum();
    let r = sum % 11;
    if r < 2 { 0 } else { (11 - r) as u8 }
}

fn check_length(normalized: &str, expected: usize) -> Result<(), DocumentError> {
    match normalized.chars().count() {
        0 => Err(DocumentError::Empty),
        n if n != expected => Err(DocumentError::WrongLength { found: n }),
        _ => Ok(()),
    }
}

fn first_invalid(normalized: &str, allowed: impl Fn(usize, char) -> bool) -> Option<DocumentError> {
    normalized
        .chars()
        .enumerate()
        .find(|(i, c)| !allowed(*i, *c))
        .map(|(i, c)| DocumentError::InvalidCharacter {
            character: c,
            position: i + 1,
        })
}

fn all_same(bytes: &[u8]) -> bool {
    bytes.iter().all(|b| *b == bytes[0])
}

impl Cpf {
    /// Reads a CPF typed with or without its mask.
    ///
    /// # Errors
    /// [`DocumentError`] names the problem: length, a non-digit, repeated digits or the check digits.
    ///
    /// # Examples
    /// ```
    /// let cpf = brazil::Cpf::parse("529.982.247-25").unwrap();
    /// assert_eq!(cpf.formatted(), "529.982.247-25");
    /// assert_eq!(cpf.masked(), "***.982.247-**");
    /// ```
    pub fn parse(input: &str) -> Result<Self, DocumentError> {
        let n = normalize(input);
        check_length(&n, 11)?;
        if let Some(e) = first_invalid(&n, |_, c| c.is_ascii_digit()) {
            return Err(e);
        }
        let b = n.as_bytes();
        if all_same(b) {
            return Err(DocumentError::RepeatedDigits);
        }
        let dv1 = mod11_digit(&b[..9], &[10, 9, 8, 7, 6, 5, 4, 3, 2]);
        let dv2 = mod11_digit(&b[..10], &[11, 10, 9, 8, 7, 6, 5, 4, 3, 2]);
        if value(b[9]) != u32::from(dv1) || value(b[10]) != u32::from(dv2) {
            return Err(DocumentError::CheckDigits);
        }
        Ok(Self(n))
    }

    /// The 11 digits, no mask.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `000.000.000-00`.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!("{}.{}.{}-{}", &s[0..3], &s[3..6], &s[6..9], &s[9..11])
    }

    /// For the customer's own screens, which must not show the whole number:
    /// `***.982.247-**`.
    pub fn masked(&self) -> String {
        let s = &self.0;
        format!("***.{}.{}-**", &s[3..6], &s[6..9])
    }

    /// For logs, read by people who are not the customer: three digits, `***.***.247-**`.
    pub fn for_log(&self) -> String {
        format!("***.***.{}-**", &self.0[6..9])
    }
}

impl Cnpj {
    /// Reads a numeric or alphanumeric CNPJ, with or without its mask, in any letter case.
    ///
    /// # Errors
    /// [`DocumentError`] names the problem; letters in the last two positions are reported as
    /// an invalid character there.
    ///
    /// # Examples
    /// ```
    /// let cnpj = brazil::Cnpj::parse("12.abc.345/01de-35").unwrap();
    /// assert_eq!(cnpj.as_str(), "12ABC34501DE35");
    /// assert!(cnpj.is_alphanumeric());
    /// ```
    pub fn parse(input: &str) -> Result<Self, DocumentError> {
        let n = normalize(input);
        check_length(&n, 14)?;
        let allowed = |i: usize, c: char| {
            if i < 12 {
                c.is_ascii_digit() || c.is_ascii_uppercase()
            } else {
                c.is_ascii_digit()
            }
        };
        if let Some(e) = first_invalid(&n, allowed) {
            return Err(e);
        }
        let b = n.as_bytes();
        if all_same(b) {
            return Err(DocumentError::RepeatedDigits);
        }
        let dv1 = mod11_digit(&b[..12], &[5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        let dv2 = mod11_digit(&b[..13], &[6, 5, 4, 3, 2, 9, 8, 7, 6, 5, 4, 3, 2]);
        if value(b[12]) != u32::from(dv1) || value(b[13]) != u32::from(dv2) {
            return Err(DocumentError::CheckDigits);
        }
        Ok(Self(n))
    }

    /// The 14 characters, no mask.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether the raiz or ordem has letters (issued from July 2026 on).
    pub fn is_alphanumeric(&self) -> bool {
        self.0.bytes().any(|b| b.is_ascii_uppercase())
    }

    /// `00.000.000/0000-00`, letters kept.
    pub fn formatted(&self) -> String {
        let s = &self.0;
        format!(
            "{}.{}.{}/{}-{}",
            &s[0..2],
            &s[2..5],
            &s[5..8],
            &s[8..12],
            &s[12..14]
        )
    }

    /// For the company's own screens: `**.ABC.345/01DE-**`.
    pub fn masked(&self) -> String {
        let s = &self.0;
        format!("**.{}.{}/{}-**", &s[2..5], &s[5..8], &s[8..12])
    }

    /// For logs: three characters, `**.***.***/*1DE-**`.
    pub fn for_log(&self) -> String {
        format!("**.***.***/*{}-**", &self.0[9..12])
    }
}

impl CpfOuCnpj {
    /// Reads sign-in input: 11 characters after normalising is a CPF, 14 a CNPJ.
    ///
    /// # Errors
    /// As [`Cpf::parse`] and [`Cnpj::parse`]; any other length is [`DocumentError::WrongLength`].
    pub fn parse(input: &str) -> Result<Self, DocumentError> {
        let n = normalize(input);
        match n.chars().count() {
            0 => Err(DocumentError::Empty),
            11 => Cpf::parse(&n).map(Self::Cpf),
            14 => Cnpj::parse(&n).map(Self::Cnpj),
            found => Err(DocumentError::WrongLength { found }),
        }
    }

    /// The bare characters, as the ERP is asked for them.
    pub fn as_str(&self) -> &str {
        match self {
            Self::Cpf(c) => c.as_str(),
            Self::Cnpj(c) => c.as_str(),
        }
    }

    /// With the mask of its kind.
    pub fn formatted(&self) -> String {
        match self {
            Self::Cpf(c) => c.formatted(),
            Self::Cnpj(c) => c.formatted(),
        }
    }

    /// Masked for the customer's own screens.
    pub fn masked(&self) -> String {
        match self {
            Self::Cpf(c) => c.masked(),
            Self::Cnpj(c) => c.masked(),
        }
    }

    /// Masked for logs: at most three characters of the number.
    pub fn for_log(&self) -> String {
        match self {
            Self::Cpf(c) => c.for_log(),
            Self::Cnpj(c) => c.for_log(),
        }
    }

    /// Person or company.
    pub fn kind(&self) -> PersonKind {
        match self {
            Self::Cpf(_) => PersonKind::Individual,
            Self::Cnpj(_) => PersonKind::Company,
        }
    }
}

impl fmt::Display for Cpf {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl fmt::Display for Cnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

impl fmt::Display for CpfOuCnpj {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.formatted())
    }
}

/// Masks partial input as it is typed: the CPF mask up to 11 digits, the CNPJ mask once a
/// 12th character or any letter appears. Characters that can never belong are dropped, and
/// the input is cut at 14 characters.
///
/// # Examples
/// ```
/// assert_eq!(brazil::document::mask_as_typed("5299822"), "529.982.2");
/// assert_eq!(brazil::document::mask_as_typed("12abc345"), "12.ABC.345");
/// ```
pub fn mask_as_typed(input: &str) -> String {
    let raw: Vec<char> = normalize(input)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .take(14)
        .collect();
    let company = raw.len() > 11 || raw.iter().any(char::is_ascii_alphabetic);
    let marks: &[(usize, char)] = if company {
        &[(2, '.'), (5, '.'), (8, '/'), (12, '-')]
    } else {
        &[(3, '.'), (6, '.'), (9, '-')]
    };
    let mut out = String::with_capacity(18);
    for (i, c) in raw.iter().enumerate() {
        if let Some((_, m)) = marks.iter().find(|(at, _)| *at == i) {
            out.push(*m);
        }
        out.push(*c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn either_type_picks_by_length() {
        assert!(matches!(
            CpfOuCnpj::parse("529.982.247-25"),
            Ok(CpfOuCnpj::Cpf(_))
        ));
        assert!(matches!(
            CpfOuCnpj::parse("11.222.333/0001-81"),
            Ok(CpfOuCnpj::Cnpj(_))
        ));
        assert_eq!(
            CpfOuCnpj::parse("1234"),
            Err(DocumentError::WrongLength { found: 4 })
        );
        assert_eq!(CpfOuCnpj::parse(" ./- "), Err(DocumentError::Empty));
        assert_eq!(
            CpfOuCnpj::parse("5299822472A"),
            Err(DocumentError::InvalidCharacter {
                character: 'A',
                position: 11
            })
        );
    }

    #[test]
    fn lower_case_cnpj_is_the_same_cnpj() {
        let lower = Cnpj::parse("12abc34501de35").unwrap();
        let upper = Cnpj::parse("12.ABC.345/01DE-35").unwrap();
        assert_eq!(lower, upper);
    }

    #[test]
    fn masks_for_logs_hide_the_ends() {
        let cnpj = Cnpj::parse("12ABC34501DE35").unwrap();
        assert_eq!(cnpj.masked(), "**.ABC.345/01DE-**");
        assert_eq!(cnpj.for_log(), "**.***.***/*1DE-**");
        let cpf = CpfOuCnpj::parse("00000000191").unwrap();
        assert_eq!(cpf.masked(), "***.000.001-**");
        assert!(!cpf.masked().contains("91"));
        assert_eq!(cpf.for_log(), "***.***.001-**");
    }

    #[test]
    fn mask_follows_typing() {
        let cases = [
            ("", ""),
            ("529", "529"),
            ("5299", "529.9"),
            ("52998224725", "529.982.247-25"),
            ("112223330001", "11.222.333/0001"),
            ("11222333000181", "11.222.333/0001-81"),
            ("112223330001819", "11.222.333/0001-81"),
            ("12a", "12.A"),
            ("529.982.247-25", "529.982.247-25"),
            ("5x2", "5X.2"),
        ];
        for (typed, shown) in cases {
            assert_eq!(mask_as_typed(typed), shown, "{typed}");
        }
    }
}
