//! ERP records (and the store's rows) turned into the API's types: text kept as the ERP
//! sent it, amounts in centavos, dates as dates, and unreadable fields named instead of
//! guessed.

use api::date::Date;
use brazil::Centavos;
use erp::Parsed;

pub fn date(d: &Parsed<Date>) -> Option<Date> {
    d.ok().copied()
}

pub fn cents(c: &Parsed<Centavos>) -> Option<i64> {
    c.ok().map(|c| c.get())
}

pub fn opt(s: &Parsed<String>) -> Option<String> {
    s.ok().cloned()
}

/// Today in Brazil (UTC−3), the day interest and due dates are read against.
pub fn today() -> Date {
    time::OffsetDateTime::now_utc()
        .to_offset(time::UtcOffset::from_hms(-3, 0, 0).unwrap_or(time::UtcOffset::UTC))
        .date()
}

pub fn contract(c: &erp::types::Contract) -> api::Contract {
    api::Contract {
        id: c.id.text().to_string(),
        name: c.name.text().to_string(),
        status: opt(&c.status),
        plan: opt(&c.plan),
        amount_cents: cents(&c.amount),
        address: opt(&c.address),
    }
}

pub fn invoice(i: &erp::types::Invoice, today: Date) -> api::Invoice {
    let unreadable = [
        (
            "valor original",
            matches!(i.original_amount, Parsed::Invalid { .. }),
        ),
        (
            "valor atualizado",
            matches!(i.current_amount, Parsed::Invalid { .. }),
        ),
        ("vencimento", matches!(i.due_on, Parsed::Invalid { .. })),
    ]
    .iter()
    .filter(|(_, bad)| *bad)
    .map(|(name, _)| (*name).to_string())
    .collect();
    api::Invoice {
        id: i.id.text().to_string(),
        contract_ids: i.contract_ids.ok().map(|l| l.0.clone()).unwrap_or_default(),
        description: opt(&i.description),
        due_on: date(&i.due_on),
        overdue: i.due_on.ok().is_some_and(|d| *d < today),
        original_cents: cents(&i.original_amount),
        current_cents: cents(&i.current_amount),
        interest_cents: cents(&i.interest),
        fine_cents: cents(&i.fine),
        discount_cents: cents(&i.discount),
        linha_digitavel: opt(&i.linha_digitavel),
        pix_code: opt(&i.pix_code),
        // Without the ERP's PDF the portal draws the boleto from its linha digitável.
        has_pdf: i.boleto_url.ok().is_some()
            || i.linha_digitavel
                .ok()
                .is_some_and(|l| brazil::Boleto::parse(l).is_ok()),
        unreadable,
    }
}

/// The invoice with its codes decoded and checked (the rule lives in `api`, shared with
/// the SPA).
pub fn invoice_detail(i: &erp::types::Invoice, today: Date) -> api::InvoiceDetail {
    api::InvoiceDetail::from_invoice(invoice(i, today), today)
}

/// An id and a name from an ERP list; `None` without an id.
pub fn choice(id: &Parsed<String>, name: &Parsed<String>) -> Option<api::Choice> {
    let id = id.text();
    (!id.is_empty()).then(|| api::Choice {
        id: id.to_string(),
        name: name.text().to_string(),
    })
}

/// The items of an ERP list that have an id, as choices.
pub fn choices<T>(
    items: &[T],
    fields: impl Fn(&T) -> (&Parsed<String>, &Parsed<String>),
) -> Vec<api::Choice> {
    items
        .iter()
        .filter_map(|item| {
            let (id, name) = fields(item);
            choice(id, name)
        })
        .collect()
}

fn seconds(t: i64) -> u64 {
    u64::try_from(t).unwrap_or(0)
}

/// A stored session as "Meus acessos" shows it; `current` is the asking session's public id.
pub fn access(r: store::SessionRow, current: &str) -> api::Access {
    api::Access {
        current: r.public_id == current,
        id: r.public_id,
        device: r.device,
        place: r.place,
        signed_in_at: seconds(r.created_at),
        last_seen_at: seconds(r.seen_at),
    }
}

/// A recorded ticket as "Meus chamados" lists it. The contract has no ticket status yet.
pub fn ticket(r: store::TicketRecord) -> api::TicketSummary {
    api::TicketSummary {
        protocol: r.protocol,
        opened_at: seconds(r.created_at),
        subject: r.subject,
        kind: r.kind,
        service: Some(r.service).filter(|s| !s.is_empty()),
        attachments: r
            .attachments
            .into_iter()
            .map(|(name, bytes)| api::FileSummary {
                name,
                bytes: seconds(bytes),
            })
            .collect(),
        status: None,
    }
}

/// The channel a stored contact names, if it is one a contact can be verified on.
pub fn channel(key: &str) -> Option<api::Channel> {
    api::CONTACT_CHANNELS.into_iter().find(|c| c.key() == key)
}

/// A verified contact as the profile shows it: masked, so a borrowed session cannot read it.
pub fn contact(r: &store::ContactRow) -> Option<api::VerifiedContact> {
    let channel = channel(&r.channel)?;
    Some(api::VerifiedContact {
        channel,
        masked: api::masked_contact(channel, &r.address),
        verified_at: seconds(r.verified_at),
    })
}

/// A registered passkey as the profile lists it.
pub fn passkey(r: store::PasskeyRow) -> api::PasskeySummary {
    api::PasskeySummary {
        id: r.credential_id,
        name: r.name,
        created_at: seconds(r.created_at),
        used_at: seconds(r.used_at),
    }
}
