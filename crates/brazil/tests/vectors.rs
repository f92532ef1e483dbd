//! Every published and synthetic vector of `tests/data/br-vectors.json`, valid and invalid.

use brazil::boleto::{date_for_factor, factor_for};
use brazil::{
    Arrecadacao, Boleto, BoletoError, BrCode, Centavos, Cnpj, Cobranca, Cpf, CpfOuCnpj,
    DocumentError, PixError, PixKind, itf, pix,
};
use serde::Deserialize;
use time::Date;

#[derive(Deserialize)]
struct Vectors {
    cpf_valid: Vec<DocValid>,
    cpf_invalid: Vec<Invalid>,
    cnpj_valid: Vec<DocValid>,
    cnpj_alnum_valid: Vec<DocValid>,
    cnpj_alnum_valid_synthetic: Vec<DocValid>,
    cnpj_invalid: Vec<Invalid>,
    linha_digitavel: Vec<Linha>,
    linha_digitavel_invalid: Vec<InvalidLinha>,
    arrecadacao: Vec<ArrecadacaoVector>,
    arrecadacao_invalid: Vec<InvalidLinha>,
    fator_vencimento: Vec<Factor>,
    pix: Vec<Pix>,
    crc16_ccitt_false: Vec<Crc>,
    itf: Vec<Itf>,
}

#[derive(Deserialize)]
struct DocValid {
    input: String,
    normalized: Option<String>,
    formatted: String,
}

#[derive(Deserialize)]
struct Invalid {
    input: String,
}

#[derive(Deserialize)]
struct Linha {
    linha: String,
    linha_formatted: String,
    barcode: String,
    bank: String,
    currency: String,
    general_dv: u8,
    factor: u16,
    amount_cents: i64,
    due_date: Option<String>,
    free_field: String,
}

#[derive(Deserialize)]
struct InvalidLinha {
    linha: String,
}

#[derive(Deserialize)]
struct ArrecadacaoVector {
    linha: String,
    linha_formatted: String,
    barcode: String,
    segment: String,
    value_id: String,
    dv_module: u8,
    general_dv: u8,
    amount_cents: i64,
    value_field: String,
    company_id: String,
}

#[derive(Deserialize)]
struct Factor {
    factor: u16,
    reference_date: String,
    due_date: String,
}

#[derive(Deserialize)]
struct Pix {
    payload: String,
    crc: String,
    valid: bool,
    correct_crc: Option<String>,
    kind: Option<String>,
    gui: Option<String>,
    key: Option<String>,
    url: Option<String>,
    info: Option<String>,
    amount: Option<String>,
    merchant_name: Option<String>,
    merchant_city: Option<String>,
    txid: Option<String>,
    point_of_initiation: Option<String>,
}

#[derive(Deserialize)]
struct Crc {
    input_ascii: String,
    crc: String,
}

#[derive(Deserialize)]
struct Itf {
    digits: String,
    wide_ratio: usize,
    modules: String,
}

fn vectors() -> Vectors {
    let text = include_str!("data/br-vectors.json");
    serde_json::from_str(text).expect("vector file parses")
}

fn date(iso: &str) -> Date {
    let part = |r: core::ops::Range<usize>| iso[r].parse::<i32>().expect("date digits");
    let month = time::Month::try_from(part(5..7) as u8).expect("month");
    Date::from_calendar_date(part(0..4), month, part(8..10) as u8).expect("date")
}

#[test]
fn cpf_vectors() {
    let v = vectors();
    for case in &v.cpf_valid {
        let cpf = Cpf::parse(&case.input).unwrap_or_else(|e| panic!("{}: {e}", case.input));
        assert_eq!(Some(cpf.as_str()), case.normalized.as_deref());
        assert_eq!(cpf.formatted(), case.formatted);
        assert!(matches!(
            CpfOuCnpj::parse(&case.input),
            Ok(CpfOuCnpj::Cpf(_))
        ));
    }
    for case in &v.cpf_invalid {
        assert!(
            Cpf::parse(&case.input).is_err(),
            "{} must be refused",
            case.input
        );
        assert!(CpfOuCnpj::parse(&case.input).is_err());
    }
    for d in 0..=9 {
        let repeated = d.to_string().repeat(11);
        assert_eq!(Cpf::parse(&repeated), Err(DocumentError::RepeatedDigits));
    }
}

#[test]
fn cnpj_vectors() {
    let v = vectors();
    let valid = v
        .cnpj_valid
        .iter()
        .chain(&v.cnpj_alnum_valid)
        .chain(&v.cnpj_alnum_valid_synthetic);
    let mut alphanumeric = 0;
    for case in valid {
        let cnpj = Cnpj::parse(&case.input).unwrap_or_else(|e| panic!("{}: {e}", case.input));
        if let Some(n) = &case.normalized {
            assert_eq!(cnpj.as_str(), n);
        }
        assert_eq!(cnpj.formatted(), case.formatted);
        assert_eq!(Cnpj::parse(&case.input.to_lowercase()).as_ref(), Ok(&cnpj));
        assert!(matches!(
            CpfOuCnpj::parse(&case.input),
            Ok(CpfOuCnpj::Cnpj(_))
        ));
        alphanumeric += usize::from(cnpj.is_alphanumeric());
    }
    assert!(alphanumeric >= 9, "alphanumeric vectors were read");
    for case in &v.cnpj_invalid {
        assert!(
            Cnpj::parse(&case.input).is_err(),
            "{} must be refused",
            case.input
        );
    }
}

#[test]
fn cobranca_vectors() {
    let v = vectors();
    for case in &v.linha_digitavel {
        let reference = case
            .due_date
            .as_deref()
            .map(date)
            .unwrap_or(date("2026-11-28"));
        for input in [&case.linha, &case.linha_formatted, &case.barcode] {
            let boleto = Boleto::parse(input).unwrap_or_else(|e| panic!("{input}: {e}"));
            let Boleto::Cobranca(c) = &boleto else {
                panic!("{input} is cobrança")
            };
            assert_eq!(c.barcode(), case.barcode);
            assert_eq!(c.linha(), case.linha);
            assert_eq!(c.linha_formatted(), case.linha_formatted);
            assert_eq!(c.bank(), case.bank);
            assert_eq!(c.currency().to_string(), case.currency);
            assert_eq!(c.general_dv(), case.general_dv);
            assert_eq!(c.factor(), case.factor);
            assert_eq!(
                c.amount().unwrap_or(Centavos::ZERO),
                Centavos(case.amount_cents)
            );
            assert_eq!(c.free_field(), case.free_field);
            assert_eq!(c.due_date(reference), case.due_date.as_deref().map(date));
        }
        assert_eq!(
            Cobranca::from_linha(&case.linha),
            Cobranca::from_barcode(&case.barcode)
        );
    }
    for case in &v.linha_digitavel_invalid {
        let err = Boleto::parse(&case.linha).expect_err(&case.linha);
        assert!(
            matches!(
                err,
                BoletoError::FieldCheckDigit { .. } | BoletoError::GeneralCheckDigit { .. }
            ),
            "{}: {err:?}",
            case.linha
        );
    }
}

#[test]
fn arrecadacao_vectors() {
    let v = vectors();
    for case in &v.arrecadacao {
        for input in [&case.linha, &case.linha_formatted, &case.barcode] {
            let Ok(Boleto::Arrecadacao(a)) = Boleto::parse(input) else {
                panic!("{input} is a valid arrecadação")
            };
            assert_eq!(a.barcode(), case.barcode);
            assert_eq!(a.linha(), case.linha);
            assert_eq!(a.linha_formatted(), case.linha_formatted);
            assert_eq!(a.segment().to_string(), case.segment);
            assert_eq!(a.value_id().to_string(), case.value_id);
            assert_eq!(a.dv_module(), case.dv_module);
            assert_eq!(a.general_dv(), case.general_dv);
            assert_eq!(a.amount(), Some(Centavos(case.amount_cents)));
            assert_eq!(a.value_field(), case.value_field);
            assert_eq!(a.company_id(), case.company_id);
        }
        assert_eq!(
            Arrecadacao::from_linha(&case.linha),
            Arrecadacao::from_barcode(&case.barcode)
        );
    }
    for case in &v.arrecadacao_invalid {
        assert!(
            matches!(
                Boleto::parse(&case.linha),
                Err(BoletoError::FieldCheckDigit { .. })
            ),
            "{}",
            case.linha
        );
    }
}

#[test]
fn factor_vectors() {
    let v = vectors();
    for case in &v.fator_vencimento {
        let due = date(&case.due_date);
        assert_eq!(
            date_for_factor(case.factor, date(&case.reference_date)),
            Some(due),
            "factor {} at {}",
            case.factor,
            case.reference_date
        );
        assert_eq!(factor_for(due), Some(case.factor));
    }
}

#[test]
fn pix_vectors() {
    let v = vectors();
    for case in &v.pix {
        let parsed = BrCode::parse(&case.payload);
        if !case.valid {
            let expected = case
                .correct_crc
                .clone()
                .expect("invalid vectors say the right CRC");
            assert_eq!(
                parsed,
                Err(PixError::CrcMismatch {
                    expected,
                    found: case.crc.clone()
                })
            );
            continue;
        }
        let code = parsed.unwrap_or_else(|e| panic!("{}: {e}", case.payload));
        assert_eq!(code.crc, case.crc);
        assert_eq!(code.payload, case.payload);
        assert_eq!(Some(code.gui.clone()), case.gui);
        assert_eq!(code.key, case.key);
        assert_eq!(code.url, case.url);
        assert_eq!(code.info, case.info);
        assert_eq!(
            code.amount,
            case.amount
                .as_deref()
                .map(|a| Centavos::parse(a).expect("amount"))
        );
        assert_eq!(Some(code.merchant_name.clone()), case.merchant_name);
        assert_eq!(Some(code.merchant_city.clone()), case.merchant_city);
        assert_eq!(code.txid, case.txid);
        assert_eq!(code.point_of_initiation, case.point_of_initiation);
        let kind = if code.kind() == PixKind::Static {
            "static"
        } else {
            "dynamic"
        };
        assert_eq!(Some(kind), case.kind.as_deref());
    }
    for case in &v.crc16_ccitt_false {
        assert_eq!(pix::crc16(&case.input_ascii), case.crc);
    }
}

#[test]
fn itf_vectors() {
    let v = vectors();
    for case in &v.itf {
        assert_eq!(case.wide_ratio, itf::WIDE_RATIO);
        let modules: String = itf::modules(&case.digits)
            .expect("digits")
            .iter()
            .map(|m| if *m { '1' } else { '0' })
            .collect();
        assert_eq!(modules, case.modules, "{}", case.digits);
    }
}
