//! The boleto barcode (ITF) and the PIX QR code, both drawn by `brazil` as SVG in the
//! browser from the validated digits.

use leptos::prelude::*;

/// The boleto's barcode; nothing when the digits cannot be drawn.
#[component]
pub fn Barcode(#[prop(into)] digits: String) -> impl IntoView {
    let svg = brazil::itf::svg(&digits).ok();
    svg.map(|svg| view! { <div class="barcode" data-testid="barcode" inner_html=svg></div> })
}

/// The QR code of a BR Code payload.
#[component]
pub fn PixQr(#[prop(into)] payload: String) -> impl IntoView {
    brazil::qr::svg(&payload).map(|svg| {
        view! { <div class="qr" data-testid="pix-qr" role="img" aria-label="QR Code do Pix" inner_html=svg></div> }
    })
}
