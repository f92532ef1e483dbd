//! The boleto barcode (ITF, drawn by `brazil`) and the PIX QR code (drawn by `qrcode`), both
//! as SVG made in the browser from the validated digits.

use leptos::prelude::*;
use qrcode::{EcLevel, QrCode, render::svg};

/// The boleto's barcode; nothing when the digits cannot be drawn.
#[component]
pub fn Barcode(#[prop(into)] digits: String) -> impl IntoView {
    let svg = brazil::itf::svg(&digits).ok();
    svg.map(|svg| view! { <div class="barcode" data-testid="barcode" inner_html=svg></div> })
}

/// The QR code of a BR Code payload.
#[component]
pub fn PixQr(#[prop(into)] payload: String) -> impl IntoView {
    let svg = QrCode::with_error_correction_level(payload.as_bytes(), EcLevel::M)
        .ok()
        .map(|code| {
            code.render::<svg::Color<'_>>()
                .min_dimensions(232, 232)
                .quiet_zone(true)
                .dark_color(svg::Color("#000000"))
                .light_color(svg::Color("#ffffff"))
                .build()
        });
    svg.map(|svg| {
        view! { <div class="qr" data-testid="pix-qr" role="img" aria-label="QR Code do Pix" inner_html=svg></div> }
    })
}
