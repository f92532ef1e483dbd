//! Round trips that must hold for every input, and no parser panicking on any string.

use brazil::{
    Boleto, BrCode, Centavos, Cnpj, Cobranca, Cpf, CpfOuCnpj, StaticBrCode, document, itf,
};
use proptest::prelude::*;
use time::{Date, Duration};

fn day_in_cycle_two() -> impl Strategy<Value = Date> {
    // 2025-02-22 (factor 1000) up to 2049-10-13 (factor 9999).
    (0i64..9000).prop_map(|d| {
        Date::from_calendar_date(2025, time::Month::February, 22).unwrap() + Duration::days(d)
    })
}

proptest! {
    #![proptest_config(ProptestConfig::with_cases(512))]

    #[test]
    fn barcode_and_linha_convert_both_ways(
        bank in "[0-9]{3}",
        due in proptest::option::of(day_in_cycle_two()),
        amount in 0i64..=brazil::boleto::MAX_AMOUNT.get(),
        free in "[0-9]{25}",
    ) {
        let built = Cobranca::build(&bank, due, Centavos(amount), &free).unwrap();
        let from_linha = Cobranca::from_linha(&built.linha()).unwrap();
        prop_assert_eq!(&from_linha, &built);
        let from_printed = Boleto::parse(&built.linha_formatted()).unwrap();
        prop_assert_eq!(from_printed.barcode(), built.barcode());
        prop_assert_eq!(built.amount().unwrap_or(Centavos::ZERO), Centavos(amount));
        if let Some(due) = due {
            // Read back from any day within the payable window around it.
            prop_assert_eq!(built.due_date(due - Duration::days(5000)), Some(due));
            prop_assert_eq!(built.due_date(due + Duration::days(2900)), Some(due));
        }
    }

    #[test]
    fn one_changed_digit_is_always_caught(
        free in "[0-9]{25}",
        amount in 1i64..=brazil::boleto::MAX_AMOUNT.get(),
        position in 0usize..47,
        bump in 1u8..10,
    ) {
        let built = Cobranca::build("341", None, Centavos(amount), &free).unwrap();
        let mut linha = built.linha().into_bytes();
        linha[position] = b'0' + (linha[position] - b'0' + bump) % 10;
        let changed = String::from_utf8(linha).unwrap();
        // Every single-digit change is caught, except a change to the factor or amount that
        // happens to keep the módulo 11 sum: then the barcode must at least differ.
        match Boleto::parse(&changed) {
            Err(_) => {}
            Ok(_) if position < 32 => prop_assert!(false, "a changed field digit passed: {}", changed),
            Ok(other) => prop_assert_ne!(other.barcode(), built.barcode()),
        }
    }

    #[test]
    fn br_code_build_then_parse_is_identical(
        key in "[a-z0-9.@+-]{1,60}",
        name in "[A-Za-z ]{0,20}[A-Za-z]",
        city in "[A-Za-z ]{0,10}[A-Za-z]",
        amount in proptest::option::of(1i64..=9_999_999_999),
        txid in proptest::option::of("[A-Za-z0-9]{1,25}"),
        info in proptest::option::of("[A-Za-z0-9 ]{1,10}"),
    ) {
        let parts = StaticBrCode {
            key: key.clone(),
            info: info.clone(),
            amount: amount.map(Centavos),
            merchant_name: name.clone(),
            merchant_city: city.clone(),
            txid: txid.clone(),
        };
        let Ok(payload) = parts.to_payload() else {
            // Only an over-long Merchant Account template may be refused.
            prop_assert!(key.len() + info.as_ref().map_or(0, |i| i.len() + 4) + 22 > 99);
            return Ok(());
        };
        let code = BrCode::parse(&payload).unwrap();
        prop_assert_eq!(code.key.as_deref(), Some(key.trim()));
        prop_assert_eq!(code.merchant_name, name.trim());
        prop_assert_eq!(code.merchant_city, city.trim());
        prop_assert_eq!(code.amount, amount.map(Centavos));
        prop_assert_eq!(code.txid, Some(txid.unwrap_or_else(|| "***".into())));
        prop_assert_eq!(code.info, info.filter(|i| !i.is_empty()));
        prop_assert_eq!(&code.payload, &payload);
        prop_assert_eq!(parts.to_payload().unwrap(), payload);
    }

    #[test]
    fn money_format_then_parse_is_identical(cents in -9_999_999_999_999i64..=9_999_999_999_999) {
        let c = Centavos(cents);
        prop_assert_eq!(Centavos::parse(&c.to_brl()), Ok(c));
        prop_assert_eq!(Centavos::parse(&c.to_decimal_string()), Ok(c));
    }

    #[test]
    fn masked_input_parses_to_the_same_document(base in "[0-9]{9}") {
        // Complete the base with its check digits by trying all 100 endings.
        let valid = (0..100).map(|dv| format!("{base}{dv:02}")).find_map(|s| Cpf::parse(&s).ok());
        if let Some(cpf) = valid {
            prop_assert_eq!(CpfOuCnpj::parse(&document::mask_as_typed(cpf.as_str())), Ok(CpfOuCnpj::Cpf(cpf.clone())));
            prop_assert_eq!(Cpf::parse(&cpf.formatted()), Ok(cpf));
        }
    }

    #[test]
    fn no_parser_panics_on_any_string(input in any::<String>()) {
        let _ = Cpf::parse(&input);
        let _ = Cnpj::parse(&input);
        let _ = CpfOuCnpj::parse(&input);
        let _ = document::mask_as_typed(&input);
        let _ = Boleto::parse(&input);
        let _ = BrCode::parse(&input);
        let _ = Centavos::parse(&input);
        let _ = itf::svg(&input);
        let _ = brazil::contact::email(&input);
        let _ = brazil::contact::phone(&input);
    }

    #[test]
    fn no_parser_panics_on_code_like_strings(input in "[0-9A-Za-z .,/\\-*R$]{0,60}") {
        let _ = CpfOuCnpj::parse(&input);
        let _ = Boleto::parse(&input);
        let _ = Centavos::parse(&input);
        let _ = itf::svg(&input);
    }

    #[test]
    fn no_parser_panics_on_almost_valid_codes(
        cut in 0usize..140,
        position in 0usize..140,
        replacement in any::<char>(),
    ) {
        let samples = [
            "00020101021226720014br.gov.bcb.pix2550bx.com.br/pix/8b3da2f3-9a41-40d1-a91a-bd93113bd4415204000053039865406123.455802BR5913Fulano de Tal6008BRASILIA62190515RP12345678-2019630445C8",
            "00190500954014481606906809350314337370000000100",
            "838600000050096000190009000801782309000343062712",
            "12.ABC.345/01DE-35",
        ];
        for sample in samples {
            let mut chars: Vec<char> = sample.chars().collect();
            if position < chars.len() {
                chars[position] = replacement;
            }
            chars.truncate(cut.max(1));
            let text: String = chars.into_iter().collect();
            let _ = BrCode::parse(&text);
            let _ = Boleto::parse(&text);
            let _ = CpfOuCnpj::parse(&text);
            let _ = Centavos::parse(&text);
        }
    }
}
