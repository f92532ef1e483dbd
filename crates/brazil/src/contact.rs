//! Contact data: e-mail addresses and Brazilian phone numbers (DDD + number), checked the
//! same way in the browser and the gateway.

use core::fmt;

/// Why a contact is not acceptable.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ContactError {
    /// Not of the form `nome@dominio.com.br`.
    Email,
    /// Not a DDD plus an 8-digit landline or 9-digit mobile number.
    Phone,
}

impl fmt::Display for ContactError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Email => f.write_str("e-mail inválido; use o formato nome@provedor.com.br"),
            Self::Phone => {
                f.write_str("telefone inválido; informe DDD e número, como (81) 98888-7777")
            }
        }
    }
}

impl core::error::Error for ContactError {}

/// Checks and trims an e-mail address (lower-casing the domain).
///
/// # Errors
/// [`ContactError::Email`].
pub fn email(input: &str) -> Result<String, ContactError> {
    let text = input.trim();
    let (local, domain) = text.rsplit_once('@').ok_or(ContactError::Email)?;
    let labels_ok = domain.split('.').count() >= 2
        && domain.split('.').all(|l| {
            !l.is_empty()
                && !l.starts_with('-')
                && l.chars().all(|c| c.is_ascii_alphanumeric() || c == '-')
        });
    let local_ok = !local.is_empty()
        && local.len() <= 64
        && !local.contains('@')
        && local.chars().all(|c| {
            c.is_ascii_graphic()
                && !matches!(
                    c,
                    '(' | ')' | '<' | '>' | ',' | ';' | ':' | '\\' | '"' | '[' | ']'
                )
        });
    if text.len() > 254 || !labels_ok || !local_ok {
        return Err(ContactError::Email);
    }
    Ok(format!("{local}@{}", domain.to_ascii_lowercase()))
}

/// Checks a phone number and returns its digits with DDD (10 or 11 digits), dropping a
/// leading `+55`.
///
/// # Errors
/// [`ContactError::Phone`].
pub fn phone(input: &str) -> Result<String, ContactError> {
    if input
        .chars()
        .any(|c| !(c.is_ascii_digit() || matches!(c, ' ' | '(' | ')' | '-' | '+' | '.')))
    {
        return Err(ContactError::Phone);
    }
    let mut digits: String = input.chars().filter(char::is_ascii_digit).collect();
    if (digits.len() == 12 || digits.len() == 13) && digits.starts_with("55") {
        digits.drain(..2);
    }
    let ddd_ok = digits.len() >= 2 && digits.as_bytes()[0] != b'0' && digits.as_bytes()[1] != b'0';
    let mobile_ok = digits.len() == 11 && digits.as_bytes()[2] == b'9';
    let landline_ok = digits.len() == 10 && (b'2'..=b'5').contains(&digits.as_bytes()[2]);
    if !(ddd_ok && (mobile_ok || landline_ok)) {
        return Err(ContactError::Phone);
    }
    Ok(digits)
}

/// `(81) 98888-7777` or `(81) 3333-4444`.
pub fn format_phone(digits: &str) -> String {
    match digits.len() {
        11 => format!("({}) {}-{}", &digits[..2], &digits[2..7], &digits[7..]),
        10 => format!("({}) {}-{}", &digits[..2], &digits[2..6], &digits[6..]),
        _ => digits.to_string(),
    }
}

/// An e-mail shown by the first letters of its name and domain: `m***@g***`. That is
/// enough for its owner to recognise and no more than a made-up address shows.
pub fn mask_email(address: &str) -> String {
    match address.trim().split_once('@') {
        Some((name, domain)) => {
            let first = |s: &str| {
                s.chars()
                    .next()
                    .map(|c| c.to_lowercase().to_string())
                    .unwrap_or_default()
            };
            format!("{}***@{}***", first(name), first(domain))
        }
        None => "***".into(),
    }
}

/// A phone number shown by its last two digits only: `(**) *****-**77`.
pub fn mask_phone(digits: &str) -> String {
    let digits: String = digits.chars().filter(char::is_ascii_digit).collect();
    let n = digits.len();
    if n < 10 {
        return "****".into();
    }
    let hidden = "*".repeat(n - 6);
    format!("(**) {hidden}-**{}", &digits[n - 2..])
}

/// Whether checked phone digits (see [`phone`]) are a mobile number, which can receive
/// WhatsApp and SMS.
pub fn is_mobile(digits: &str) -> bool {
    digits.len() == 11 && digits.as_bytes()[2] == b'9'
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn emails() {
        assert_eq!(
            email(" Ana.Souza+fatura@Example.COM.br "),
            Ok("Ana.Souza+fatura@example.com.br".into())
        );
        for bad in [
            "",
            "ana",
            "ana@",
            "@x.com",
            "ana@x",
            "ana@x..com",
            "a b@x.com",
            "ana@-x.com",
            "ana@x.com,",
        ] {
            assert_eq!(email(bad), Err(ContactError::Email), "{bad}");
        }
    }

    #[test]
    fn phones() {
        assert_eq!(phone("(81) 98888-7777"), Ok("81988887777".into()));
        assert_eq!(phone("+55 81 3333-4444"), Ok("8133334444".into()));
        assert_eq!(phone("5581988887777"), Ok("81988887777".into()));
        for bad in [
            "",
            "988887777",
            "(01) 98888-7777",
            "(81) 88888-7777",
            "(81) 1333-4444",
            "81 9888a7777",
            "819888877770",
        ] {
            assert_eq!(phone(bad), Err(ContactError::Phone), "{bad}");
        }
        assert_eq!(format_phone("81988887777"), "(81) 98888-7777");
        assert_eq!(format_phone("8133334444"), "(81) 3333-4444");
    }

    #[test]
    fn masks_keep_only_what_the_owner_needs_to_recognise() {
        assert_eq!(mask_email("Maria.Silva@Example.com"), "m***@e***");
        assert_eq!(mask_email("sem-arroba"), "***");
        assert_eq!(mask_phone("81988887777"), "(**) *****-**77");
        assert_eq!(mask_phone("8133334444"), "(**) ****-**44");
        assert_eq!(mask_phone("123"), "****");
        assert!(is_mobile("81988887777"));
        assert!(!is_mobile("8133334444"));
    }
}
