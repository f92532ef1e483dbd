//! One invoice: amounts with interest, fine and discount, the linha digitável and barcode, the
//! PIX QR code, copy and share, the boleto PDF, and any warning about the codes.

use api::InvoiceDetail;
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::client;
use crate::components::codes::{Barcode, PixQr};
use crate::components::copy_button::CopyButton;
use crate::components::feedback::{ErrorView, Skeleton};
use crate::components::toast::use_toast;
use crate::erased::Loaded;
use crate::format::{date, money};

/// The invoice detail page.
#[component]
pub fn InvoiceDetailPage(id: String) -> impl IntoView {
    let detail = Loaded::new(move || {
        let id = id.clone();
        async move {
            // Checked again here, with the browser's own copy of the rules and its own today.
            match client::invoice(&id).await {
                Ok(d) => Ok(InvoiceDetail::from_invoice(d.invoice, browser::today())),
                // Offline: the device's copy of the list has everything the codes need.
                Err(client::ClientError::Network) => crate::offline::load()
                    .and_then(|s| s.invoices.into_iter().find(|i| i.id == id))
                    .map(|i| InvoiceDetail::from_invoice(i, browser::today()))
                    .ok_or(client::ClientError::Network),
                Err(e) => Err(e),
            }
        }
    });
    view! {
        <a href="/faturas" class="back">"← Faturas"</a>
        {move || match detail.get() {
            None => view! { <section class="card"><Skeleton lines=6/></section> }.into_any(),
            Some(Err(e)) => view! { <section class="card"><ErrorView error=e on_retry=Callback::new(move |()| detail.refetch())/></section> }.into_any(),
            Some(Ok(d)) => view! { <Detail detail=d/> }.into_any(),
        }}
    }
}

#[component]
fn Detail(detail: InvoiceDetail) -> impl IntoView {
    let i = detail.invoice.clone();
    let title = i
        .description
        .clone()
        .unwrap_or_else(|| format!("Fatura {}", i.id));
    let share_text = [
        Some(format!("{title} — {}", money(i.amount_due_cents()))),
        detail
            .boleto
            .as_ref()
            .map(|b| format!("Linha digitável: {}", b.linha_formatted)),
        detail
            .pix
            .as_ref()
            .map(|p| format!("Pix copia e cola: {}", p.payload)),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join("\n");
    let toast = use_toast();
    let share = move |_| {
        let text = share_text.clone();
        spawn_local(async move {
            match browser::share("Fatura", &text).await {
                Ok(()) => toast.say("Fatura compartilhada."),
                Err(()) => toast.say("Compartilhamento cancelado."),
            }
        });
    };
    let pdf = i.has_pdf.then(|| client::boleto_pdf_url(&i.id));
    view! {
        <section class="card" aria-labelledby="fatura-titulo">
            <h1 id="fatura-titulo" class="card__title">{title}</h1>
            {(!detail.warnings.is_empty()).then(|| view! {
                <div class="warning" role="alert">
                    <strong>"Atenção: confira antes de pagar."</strong>
                    <ul>{detail.warnings.iter().map(|w| view! { <li>{w.clone()}</li> }).collect_view()}</ul>
                </div>
            })}
            <dl class="amounts">
                <dt>"Vencimento"</dt><dd>{date(i.due_on)} {i.overdue.then(|| view! { <span class="badge badge--overdue">"Vencida"</span> })}</dd>
                <dt>"Valor original"</dt><dd>{money(i.original_cents)}</dd>
                <dt>"Juros"</dt><dd>{money(i.interest_cents)}</dd>
                <dt>"Multa"</dt><dd>{money(i.fine_cents)}</dd>
                <dt>"Desconto"</dt><dd>{money(i.discount_cents)}</dd>
                <dt>"Valor atualizado"</dt><dd class="amounts__total" data-testid="amount-due">{money(i.amount_due_cents())}</dd>
            </dl>
            <p class="muted">"Valores calculados em " {date(Some(detail.computed_on))} "."</p>
        </section>
        {detail.pix.clone().map(|p| view! {
            <section class="card" aria-labelledby="pix-titulo">
                <h2 id="pix-titulo" class="card__subtitle">"Pagar com Pix"</h2>
                <PixQr payload=p.payload.clone()/>
                <p class="payee">"Recebedor: " <strong>{p.payee.clone()}</strong> " — " {p.city.clone()}</p>
                <p class="payee">"Valor no código: " <strong>{p.amount_cents.map_or_else(|| "a informar no app do banco".to_string(), |c| money(Some(c)))}</strong></p>
                <code class="code" data-testid="pix-code">{p.payload.clone()}</code>
                <CopyButton text=p.payload label="código Pix" primary=true share=true/>
            </section>
        })}
        {detail.boleto.clone().map(|b| {
            let digits: String = b.linha_formatted.chars().filter(char::is_ascii_digit).collect();
            view! {
            <section class="card" aria-labelledby="boleto-titulo">
                <h2 id="boleto-titulo" class="card__subtitle">"Pagar com boleto"</h2>
                <p class="code code--linha" data-testid="linha">{b.linha_formatted.clone()}</p>
                <CopyButton text=digits label="linha digitável" share=true/>
                <Barcode digits=b.barcode.clone()/>
            </section>
        }})}
        <section class="card actions">
            {pdf.map(|href| view! { <a class="button button--secondary" href=href download="">"Baixar boleto (PDF)"</a> })}
            {browser::can_share().then(|| view! { <button class="button button--secondary" on:click=share>"Compartilhar"</button> })}
        </section>
    }
}
