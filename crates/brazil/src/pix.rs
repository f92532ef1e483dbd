//! PIX BR Code ("Pix Copia e Cola"): the EMV TLV payload, its CRC16, reading and building.

use core::fmt;

use crc::{CRC_16_IBM_3740, Crc};

use crate::Centavos;

/// CRC-16/CCITT-FALSE (poly 0x1021, init 0xFFFF), which the `crc` crate calls IBM-3740.
const CRC16: Crc<u16> = Crc::<u16>::new(&CRC_16_IBM_3740);
/// The GUI that marks the Merchant Account template as Pix (compared without case).
pub const PIX_GUI: &str = "br.gov.bcb.pix";
/// Limits of the BCB manual for the fields a static code carries.
pub const MAX_NAME: usize = 25;
pub const MAX_CITY: usize = 15;
pub const MAX_KEY: usize = 77;
pub const MAX_TXID: usize = 25;

/// Why a text is not a valid BR Code, or parts cannot make one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PixError {
    /// Nothing was pasted.
    Empty,
    /// A data object is cut short or its length is not two digits (offset in characters).
    Malformed { offset: usize },
    /// The code does not start with `000201`.
    NotBrCode,
    /// A mandatory data object is missing (its EMV id).
    MissingField(&'static str),
    /// The CRC (object 63) is not the last object or not 4 hex digits.
    CrcNotLast,
    /// The CRC does not match the payload: the code was mistyped or cut.
    CrcMismatch { expected: String, found: String },
    /// The Merchant Account template is not Pix's.
    NotPix,
    /// The code names no Pix key and no location URL.
    NoKeyOrUrl,
    /// Object 54 is not an amount like `10.00`.
    BadAmount(String),
    /// Object 53 is not 986 (real).
    NotReal(String),
    /// A part given to build a code is not acceptable (which one and why).
    InvalidPart(&'static str),
}

impl fmt::Display for PixError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Empty => f.write_str("código Pix vazio"),
            Self::Malformed { offset } => write!(f, "código Pix malformado na posição {offset}"),
            Self::NotBrCode => f.write_str("não é um código Pix Copia e Cola"),
            Self::MissingField(id) => write!(f, "código Pix sem o campo obrigatório {id}"),
            Self::CrcNotLast => f.write_str("código Pix sem o CRC no final"),
            Self::CrcMismatch { expected, found } => write!(
                f,
                "código Pix com CRC {found}, mas o conteúdo pede {expected}: copiado incompleto ou alterado"
            ),
            Self::NotPix => f.write_str("o código não é de Pix"),
            Self::NoKeyOrUrl => f.write_str("código Pix sem chave nem URL"),
            Self::BadAmount(v) => write!(f, "valor {v:?} inválido no código Pix"),
            Self::NotReal(v) => write!(f, "moeda {v} não é o real"),
            Self::InvalidPart(what) => write!(f, "não é possível montar o código Pix: {what}"),
        }
    }
}

impl core::error::Error for PixError {}

/// Static codes name a key; dynamic ones a URL where the payer's bank fetches the charge.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PixKind {
    Static,
    Dynamic,
}

/// A parsed and CRC-checked BR Code.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrCode {
    /// The code as pasted, trimmed: what goes on the clipboard and into the QR.
    pub payload: String,
    /// Object 01: `12` single use, `11` reusable.
    pub point_of_initiation: Option<String>,
    /// Object 26.00 as written (either case).
    pub gui: String,
    /// Object 26.01: the Pix key of a static code.
    pub key: Option<String>,
    /// Object 26.02: free text of a static code.
    pub info: Option<String>,
    /// Object 26.25: the location of a dynamic code, without `https://`.
    pub url: Option<String>,
    /// Object 54: the amount, absent when the payer types it.
    pub amount: Option<Centavos>,
    /// Object 59: payee name.
    pub merchant_name: String,
    /// Object 60: payee city.
    pub merchant_city: String,
    /// Object 61: postal code.
    pub postal_code: Option<String>,
    /// Object 62.05: the transaction id (`***` when none).
    pub txid: Option<String>,
    /// Object 63: four upper-case hex digits.
    pub crc: String,
}

/// One data object: id, value, and where its value starts (in characters) for error offsets.
struct Tlv<'a> {
    id: &'a str,
    value: &'a str,
    value_offset: usize,
}

/// Splits a TLV string, counting lengths in characters as the BCB manual does.
fn read_tlvs(text: &str, base_offset: usize) -> Result<Vec<Tlv<'_>>, PixError> {
    let mut out = Vec::new();
    let mut chars = text.char_indices().peekable();
    let mut pos = 0usize; // characters consumed
    while chars.peek().is_some() {
        let malformed = PixError::Malformed {
            offset: base_offset + pos,
        };
        let mut header = String::with_capacity(4);
        let mut header_start = None;
        for _ in 0..4 {
            let (i, c) = chars.next().ok_or(malformed.clone())?;
            header_start.get_or_insert(i);
            if !c.is_ascii_digit() {
                return Err(malformed);
            }
            header.push(c);
        }
        let start_byte = header_start.unwrap_or(0);
        let len: usize = header[2..].parse().map_err(|_| malformed.clone())?;
        let value_start = start_byte + 4;
        let mut value_end = value_start;
        for _ in 0..len {
            let (i, c) = chars.next().ok_or(malformed.clone())?;
            value_end = i + c.len_utf8();
        }
        out.push(Tlv {
            id: &text[start_byte..start_byte + 2],
            value: &text[value_start..value_end],
            value_offset: base_offset + pos + 4,
        });
        pos += 4 + len;
    }
    Ok(out)
}

fn find<'a>(tlvs: &'a [Tlv<'a>], id: &str) -> Option<&'a Tlv<'a>> {
    tlvs.iter().find(|t| t.id == id)
}

fn non_empty(value: Option<&str>) -> Option<String> {
    value.filter(|v| !v.is_empty()).map(str::to_string)
}

/// The CRC of `text`, as four upper-case hex digits.
pub fn crc16(text: &str) -> String {
    format!("{:04X}", CRC16.checksum(text.as_bytes()))
}

/// Reads a Pix amount: digits with an optional point and one or two decimals.
fn parse_amount(value: &str) -> Result<Centavos, PixError> {
    let bad = || PixError::BadAmount(value.to_string());
    let (whole, frac) = value.split_once('.').unwrap_or((value, ""));
    let digits_ok = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty()
        || !digits_ok(whole)
        || !digits_ok(frac)
        || frac.len() > 2
        || value.len() > 13
    {
        return Err(bad());
    }
    if value.contains('.') && frac.is_empty() {
        return Err(bad());
    }
    let reais: i64 = whole.parse().map_err(|_| bad())?;
    let cents: i64 = format!("{frac:0<2}").parse().map_err(|_| bad())?;
    Ok(Centavos(reais * 100 + cents))
}

impl BrCode {
    /// Reads a pasted BR Code: the TLV layout, the CRC over everything up to `6304`, and the
    /// objects a payment needs. Objects may come in any order between `00` and `63`.
    ///
    /// # Errors
    /// [`PixError`] says what is wrong.
    pub fn parse(input: &str) -> Result<Self, PixError> {
        let payload = input.trim();
        if payload.is_empty() {
            return Err(PixError::Empty);
        }
        let tlvs = read_tlvs(payload, 0)?;
        match tlvs.first() {
            Some(t) if t.id == "00" && t.value == "01" => {}
            _ => return Err(PixError::NotBrCode),
        }
        let crc_tlv = match tlvs.last() {
            Some(t) if t.id == "63" && t.value.len() == 4 => t,
            _ => return Err(PixError::CrcNotLast),
        };
        let found = crc_tlv.value.to_ascii_uppercase();
        let covered = &payload[..payload.len() - 4];
        let expected = crc16(covered);
        if expected != found {
            return Err(PixError::CrcMismatch { expected, found });
        }

        let account = find(&tlvs, "26").ok_or(PixError::MissingField("26"))?;
        let inner = read_tlvs(account.value, account.value_offset)?;
        let gui = find(&inner, "00").ok_or(PixError::MissingField("26.00"))?;
        if !gui.value.eq_ignore_ascii_case(PIX_GUI) {
            return Err(PixError::NotPix);
        }
        let key = non_empty(find(&inner, "01").map(|t| t.value));
        let url = non_empty(find(&inner, "25").map(|t| t.value));
        if key.is_none() && url.is_none() {
            return Err(PixError::NoKeyOrUrl);
        }
        let currency = find(&tlvs, "53").ok_or(PixError::MissingField("53"))?;
        if currency.value != "986" {
            return Err(PixError::NotReal(currency.value.to_string()));
        }
        let required = |id: &'static str| {
            find(&tlvs, id)
                .map(|t| t.value.to_string())
                .ok_or(PixError::MissingField(id))
        };
        let txid = match find(&tlvs, "62") {
            Some(t) => non_empty(find(&read_tlvs(t.value, t.value_offset)?, "05").map(|t| t.value)),
            None => None,
        };
        Ok(Self {
            payload: payload.to_string(),
            point_of_initiation: non_empty(find(&tlvs, "01").map(|t| t.value)),
            gui: gui.value.to_string(),
            key,
            info: non_empty(find(&inner, "02").map(|t| t.value)),
            url,
            amount: find(&tlvs, "54")
                .map(|t| parse_amount(t.value))
                .transpose()?,
            merchant_name: required("59")?,
            merchant_city: required("60")?,
            postal_code: non_empty(find(&tlvs, "61").map(|t| t.value)),
            txid,
            crc: found,
        })
    }

    /// Static when it names a key, dynamic when it names a URL.
    pub fn kind(&self) -> PixKind {
        if self.url.is_some() {
            PixKind::Dynamic
        } else {
            PixKind::Static
        }
    }
}

/// The parts of a static BR Code, as an ERP or the demo ERP issues one per invoice.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StaticBrCode {
    pub key: String,
    pub info: Option<String>,
    pub amount: Option<Centavos>,
    pub merchant_name: String,
    pub merchant_city: String,
    /// Up to 25 letters and digits; `None` writes `***`.
    pub txid: Option<String>,
}

/// Strips accents and drops anything else outside printable ASCII, since BR Code lengths
/// and banks' readers expect ASCII.
pub fn to_ascii(text: &str) -> String {
    text.chars()
        .filter_map(|c| {
            let folded = match c {
                'á' | 'à' | 'â' | 'ã' | 'ä' => 'a',
                'Á' | 'À' | 'Â' | 'Ã' | 'Ä' => 'A',
                'é' | 'è' | 'ê' | 'ë' => 'e',
                'É' | 'È' | 'Ê' | 'Ë' => 'E',
                'í' | 'ì' | 'î' | 'ï' => 'i',
                'Í' | 'Ì' | 'Î' | 'Ï' => 'I',
                'ó' | 'ò' | 'ô' | 'õ' | 'ö' => 'o',
                'Ó' | 'Ò' | 'Ô' | 'Õ' | 'Ö' => 'O',
                'ú' | 'ù' | 'û' | 'ü' => 'u',
                'Ú' | 'Ù' | 'Û' | 'Ü' => 'U',
                'ç' => 'c',
                'Ç' => 'C',
                'ñ' => 'n',
                'Ñ' => 'N',
                c if c.is_ascii_graphic() || c == ' ' => c,
                _ => return None,
            };
            Some(folded)
        })
        .collect()
}

fn tlv(id: &str, value: &str) -> String {
    format!("{id}{:02}{value}", value.len())
}

impl StaticBrCode {
    /// The payload, objects in ascending order and the CRC last. The name and city are
    /// folded to ASCII and cut to 25 and 15 characters, as banks print them.
    ///
    /// # Errors
    /// [`PixError::InvalidPart`] for an empty or over-long key, an empty name or city, a
    /// txid that is not 1–25 letters and digits, a non-positive amount, or a template over
    /// 99 characters.
    pub fn to_payload(&self) -> Result<String, PixError> {
        let key = self.key.trim();
        if key.is_empty() || key.len() > MAX_KEY || !key.is_ascii() {
            return Err(PixError::InvalidPart(
                "chave Pix vazia, longa ou com acentos",
            ));
        }
        let name: String = to_ascii(self.merchant_name.trim())
            .chars()
            .take(MAX_NAME)
            .collect();
        let city: String = to_ascii(self.merchant_city.trim())
            .chars()
            .take(MAX_CITY)
            .collect();
        if name.trim().is_empty() || city.trim().is_empty() {
            return Err(PixError::InvalidPart(
                "nome e cidade do recebedor são obrigatórios",
            ));
        }
        let txid = match &self.txid {
            None => "***".to_string(),
            Some(t)
                if !t.is_empty()
                    && t.len() <= MAX_TXID
                    && t.bytes().all(|b| b.is_ascii_alphanumeric()) =>
            {
                t.clone()
            }
            Some(_) => {
                return Err(PixError::InvalidPart(
                    "txid deve ter de 1 a 25 letras ou dígitos",
                ));
            }
        };
        let mut account = tlv("00", PIX_GUI) + &tlv("01", key);
        if let Some(info) = self.info.as_deref().map(to_ascii).filter(|i| !i.is_empty()) {
            account += &tlv("02", &info);
        }
        if account.len() > 99 {
            return Err(PixError::InvalidPart(
                "chave e informação somam mais de 99 caracteres",
            ));
        }
        let mut out =
            tlv("00", "01") + &tlv("26", &account) + &tlv("52", "0000") + &tlv("53", "986");
        if let Some(amount) = self.amount {
            if amount.get() <= 0 {
                return Err(PixError::InvalidPart("valor deve ser positivo"));
            }
            let text = amount.to_decimal_string();
            if text.len() > 13 {
                return Err(PixError::InvalidPart("valor grande demais"));
            }
            out += &tlv("54", &text);
        }
        out += &tlv("58", "BR");
        out += &tlv("59", &name);
        out += &tlv("60", &city);
        out += &tlv("62", &tlv("05", &txid));
        out += "6304";
        let crc = crc16(&out);
        out += &crc;
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const BCB_STATIC: &str = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";

    #[test]
    fn crc_check_value() {
        assert_eq!(crc16("123456789"), "29B1");
    }

    #[test]
    fn accepts_pasted_whitespace_and_lower_case_crc() {
        let lower = format!("  {}1d3d\n", &BCB_STATIC[..BCB_STATIC.len() - 4]);
        let code = BrCode::parse(&lower).unwrap();
        assert_eq!(code.crc, "1D3D");
        assert_eq!(code.kind(), PixKind::Static);
    }

    #[test]
    fn names_what_is_wrong() {
        assert_eq!(BrCode::parse("   "), Err(PixError::Empty));
        assert_eq!(
            BrCode::parse("0002"),
            Err(PixError::Malformed { offset: 0 })
        );
        assert_eq!(BrCode::parse("000202"), Err(PixError::NotBrCode));
        assert_eq!(BrCode::parse("000201"), Err(PixError::CrcNotLast));
        let cut = &BCB_STATIC[..40];
        assert!(matches!(
            BrCode::parse(cut),
            Err(PixError::Malformed { .. })
        ));
        let no_account = {
            let body = "0002015204000053039865802BR5903ABC6003XYZ6304";
            format!("{body}{}", crc16(body))
        };
        assert_eq!(
            BrCode::parse(&no_account),
            Err(PixError::MissingField("26"))
        );
        let dollars = {
            let body = "00020126180014br.gov.bcb.pix5204000053038405802BR5903ABC6003XYZ6304";
            format!("{body}{}", crc16(body))
        };
        assert_eq!(BrCode::parse(&dollars), Err(PixError::NoKeyOrUrl));
    }

    #[test]
    fn builds_with_accents_folded_and_names_cut() {
        let code = StaticBrCode {
            key: "financeiro@provedor.com.br".into(),
            info: Some("Fatura 123".into()),
            amount: Some(Centavos(9_990)),
            merchant_name: "Provedor Conexão Rápida do Sertão Ltda".into(),
            merchant_city: "São José dos Campos".into(),
            txid: Some("FAT123".into()),
        };
        let parsed = BrCode::parse(&code.to_payload().unwrap()).unwrap();
        assert_eq!(parsed.merchant_name, "Provedor Conexao Rapida d");
        assert_eq!(parsed.merchant_city, "Sao Jose dos Ca");
        assert_eq!(parsed.amount, Some(Centavos(9_990)));
        assert_eq!(parsed.info.as_deref(), Some("Fatura 123"));
        assert_eq!(parsed.txid.as_deref(), Some("FAT123"));
    }

    #[test]
    fn build_refuses_bad_parts() {
        let good = StaticBrCode {
            key: "+5511999998888".into(),
            info: None,
            amount: None,
            merchant_name: "ISP".into(),
            merchant_city: "Recife".into(),
            txid: None,
        };
        assert!(good.to_payload().is_ok());
        for bad in [
            StaticBrCode {
                key: String::new(),
                ..good.clone()
            },
            StaticBrCode {
                merchant_name: " ".into(),
                ..good.clone()
            },
            StaticBrCode {
                txid: Some("com espaço".into()),
                ..good.clone()
            },
            StaticBrCode {
                amount: Some(Centavos(0)),
                ..good.clone()
            },
            StaticBrCode {
                key: "x".repeat(78),
                ..good.clone()
            },
        ] {
            assert!(
                matches!(bad.to_payload(), Err(PixError::InvalidPart(_))),
                "{bad:?}"
            );
        }
    }
}
