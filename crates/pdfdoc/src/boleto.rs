//! The boleto as Brazilians know it: the payer's receipt with the PIX QR and its copia e cola
//! on top, then, past the cut, the ficha de compensação — local de pagamento, vencimento,
//! beneficiário, valor, instruções, pagador — with the linha digitável above its boxes and
//! the ITF barcode below them (FEBRABAN: 13 mm tall, bars of 0.254 mm).

use core::fmt;

use brazil::runs::runs;

use crate::page::{A4_HEIGHT, A4_WIDTH, Page};

const MARGIN: f32 = 36.0;
/// 0.254 mm, the narrow ITF bar, in points.
pub const BAR_MODULE: f32 = 0.72;
/// 13 mm in points.
pub const BAR_HEIGHT: f32 = 36.85;
/// The PIX QR's module, in points (a 57×57 code is 2.8 cm wide).
pub const QR_MODULE: f32 = 1.4;

/// What a boleto shows, already formatted for people (dates `dd/mm/aaaa`, `R$` amounts).
pub struct BoletoPdf<'a> {
    /// The ISP.
    pub beneficiary: &'a str,
    /// The ISP's CNPJ, formatted; empty when not configured.
    pub beneficiary_document: &'a str,
    pub payer: &'a str,
    pub payer_document: &'a str,
    pub due_on: &'a str,
    /// The boleto's own amount.
    pub amount: &'a str,
    /// The amount due today, when it differs (interest, fine, discount).
    pub amount_due: Option<&'a str>,
    pub description: &'a str,
    pub document_number: &'a str,
    /// The bank, as `001-9`; `None` for an arrecadação.
    pub bank: Option<&'a str>,
    pub linha_formatted: &'a str,
    /// The 44 digits of the barcode.
    pub barcode: &'a str,
    /// The PIX copia e cola, when the invoice has one.
    pub pix: Option<&'a str>,
}

/// Why a boleto cannot be drawn.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum BoletoPdfError {
    Barcode(String),
    Pix(String),
}

impl fmt::Display for BoletoPdfError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Barcode(e) => write!(f, "código de barras: {e}"),
            Self::Pix(e) => write!(f, "QR do Pix: {e}"),
        }
    }
}

/// A box of the ficha: where it stands (`x`, `top`, `w`, `h`), its label and its value.
struct Field<'a> {
    at: [f32; 4],
    label: &'a str,
    value: &'a str,
    bold: bool,
}

impl Field<'_> {
    /// The label small on top, the value below.
    fn draw(&self, page: &mut Page) {
        let [x, top, w, h] = self.at;
        page.frame(x, top - h, w, h);
        page.text(x + 3.0, top - 8.0, 6.5, false, self.label);
        if !self.value.is_empty() {
            page.text(x + 3.0, top - h + 5.0, 9.5, self.bold, self.value);
        }
    }
}

/// `text` cut into lines of at most `width` characters.
fn wrap(text: &str, width: usize) -> Vec<String> {
    text.chars()
        .collect::<Vec<_>>()
        .chunks(width)
        .map(|c| c.iter().collect())
        .collect()
}

impl BoletoPdf<'_> {
    /// The PDF bytes.
    ///
    /// # Errors
    /// A barcode that is not an even number of digits, or a PIX code too long for a QR.
    pub fn render(&self) -> Result<Vec<u8>, BoletoPdfError> {
        let bars = brazil::itf::modules(self.barcode)
            .map_err(|e| BoletoPdfError::Barcode(e.to_string()))?;
        let mut page = Page::new();
        let right = A4_WIDTH - MARGIN;
        let width = right - MARGIN;

        // The payer's receipt.
        let mut y = A4_HEIGHT - MARGIN - 14.0;
        page.text(
            MARGIN,
            y,
            14.0,
            true,
            &format!("{} — boleto de pagamento", self.beneficiary),
        );
        y -= 22.0;
        let beneficiary = if self.beneficiary_document.is_empty() {
            self.beneficiary.to_string()
        } else {
            format!("{} — CNPJ {}", self.beneficiary, self.beneficiary_document)
        };
        for (label, value) in [
            ("Beneficiário", beneficiary.as_str()),
            (
                "Pagador",
                &format!("{} — {}", self.payer, self.payer_document),
            ),
            ("Referência", self.description),
            ("Vencimento", self.due_on),
            ("Valor", self.amount),
        ] {
            page.text(MARGIN, y, 9.0, true, &format!("{label}:"));
            page.text(MARGIN + 70.0, y, 9.0, false, value);
            y -= 14.0;
        }
        if let Some(due) = self.amount_due {
            page.text(MARGIN, y, 9.0, true, "Valor a pagar hoje:");
            page.text(MARGIN + 110.0, y, 9.0, false, due);
            y -= 14.0;
        }
        if let Some(pix) = self.pix {
            let (side, dark) = brazil::qr::modules(pix)
                .ok_or_else(|| BoletoPdfError::Pix("longo demais para um QR Code".into()))?;
            let size = side as f32 * QR_MODULE;
            let (qx, qtop) = (right - size, A4_HEIGHT - MARGIN - 24.0);
            page.text(qx, qtop + 6.0, 8.0, true, "Pague com Pix");
            let mut rects = Vec::new();
            for row in 0..side {
                for (start, len) in runs(&dark[row * side..(row + 1) * side]) {
                    rects.push([
                        qx + start as f32 * QR_MODULE,
                        qtop - (row + 1) as f32 * QR_MODULE,
                        len as f32 * QR_MODULE,
                        QR_MODULE,
                    ]);
                }
            }
            page.fill(&rects);
            y = y.min(qtop - size - 12.0);
            page.text(MARGIN, y, 8.0, true, "Pix copia e cola:");
            y -= 10.0;
            for line in wrap(pix, 110) {
                page.text(MARGIN, y, 6.5, false, &line);
                y -= 8.0;
            }
        }

        // The cut.
        y -= 10.0;
        page.text_right(
            right,
            y + 3.0,
            6.5,
            false,
            "Recibo do pagador — corte na linha pontilhada",
        );
        page.rule(MARGIN, y, width, true);
        y -= 28.0;

        // The ficha de compensação.
        page.text(MARGIN, y, 14.0, true, self.bank.unwrap_or("Arrecadação"));
        page.text_right(right, y, 11.0, true, self.linha_formatted);
        y -= 6.0;
        let side = 140.0;
        let main = width - side;
        let rows: [(&str, String, &str, String, f32); 4] = [
            (
                "Local de pagamento",
                "Pagável em qualquer banco, lotérica ou aplicativo até o vencimento".into(),
                "Vencimento",
                self.due_on.into(),
                26.0,
            ),
            (
                "Beneficiário",
                beneficiary.clone(),
                "Nº do documento",
                self.document_number.into(),
                26.0,
            ),
            (
                "Pagador",
                format!("{} — {}", self.payer, self.payer_document),
                "(=) Valor do documento",
                self.amount.into(),
                26.0,
            ),
            (
                "Instruções (texto de responsabilidade do beneficiário)",
                self.description.into(),
                "(=) Valor cobrado",
                self.amount_due.unwrap_or("").into(),
                40.0,
            ),
        ];
        for (label, value, side_label, side_value, h) in rows {
            Field {
                at: [MARGIN, y, main, h],
                label,
                value: &value,
                bold: false,
            }
            .draw(&mut page);
            Field {
                at: [MARGIN + main, y, side, h],
                label: side_label,
                value: &side_value,
                bold: true,
            }
            .draw(&mut page);
            y -= h;
        }

        // The barcode, left-aligned below the boxes with its quiet zone.
        y -= 10.0 + BAR_HEIGHT;
        let x0 = MARGIN + 10.0;
        let rects: Vec<[f32; 4]> = runs(&bars)
            .into_iter()
            .map(|(start, len)| {
                [
                    x0 + start as f32 * BAR_MODULE,
                    y,
                    len as f32 * BAR_MODULE,
                    BAR_HEIGHT,
                ]
            })
            .collect();
        page.fill(&rects);
        page.text_right(
            right,
            y - 10.0,
            6.5,
            false,
            "Ficha de compensação — autenticação mecânica",
        );
        Ok(page.finish())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::read;

    const LINHA: &str = "10492006506100010004200997263900989810000021403";

    fn sample() -> BoletoPdf<'static> {
        BoletoPdf {
            beneficiary: "Provedor Demo",
            beneficiary_document: "",
            payer: "Ana",
            payer_document: "",
            due_on: "10/05/2022",
            amount: "R$ 214,03",
            amount_due: None,
            description: "",
            document_number: "1",
            bank: None,
            linha_formatted: "",
            barcode: "",
            pix: None,
        }
    }

    fn boleto(pix: Option<&str>) -> (String, Vec<u8>) {
        let parsed = brazil::Boleto::parse(LINHA).unwrap();
        let barcode = parsed.barcode().to_string();
        let bytes = BoletoPdf {
            beneficiary: "Provedor Demo",
            beneficiary_document: "11.222.333/0001-81",
            payer: "João da Silva",
            payer_document: "***.982.247-**",
            due_on: "10/12/2026",
            amount: "R$ 99,90",
            amount_due: Some("R$ 101,90"),
            description: "Mensalidade Fibra 500 Mega — 12/2026",
            document_number: "1001",
            bank: Some("001-9"),
            linha_formatted: &parsed.linha_formatted(),
            barcode: &barcode,
            pix,
        }
        .render()
        .unwrap();
        (barcode, bytes)
    }

    #[test]
    fn the_barcode_drawn_is_the_boletos() {
        let (barcode, bytes) = boleto(None);
        assert!(bytes.starts_with(b"%PDF-"));
        assert_eq!(
            read::barcode_modules(&bytes),
            brazil::itf::modules(&barcode).unwrap()
        );
    }

    #[test]
    fn the_qr_drawn_reads_back_as_the_pix_code() {
        let pix = "00020126580014br.gov.bcb.pix0136123e4567-e12b-12d1-a456-4266554400005204000053039865802BR5913Fulano de Tal6008BRASILIA62070503***63041D3D";
        assert!(brazil::BrCode::parse(pix).is_ok(), "a real BR Code");
        let (_, bytes) = boleto(Some(pix));
        let (side, pixels) = read::qr_greyscale(&bytes, 4);
        let mut image =
            rqrr::PreparedImage::prepare_from_greyscale(side, side, |x, y| pixels[y * side + x]);
        let grids = image.detect_grids();
        assert_eq!(grids.len(), 1);
        assert_eq!(grids[0].decode().unwrap().1, pix);
    }

    #[test]
    fn an_invalid_barcode_is_refused() {
        let b = BoletoPdf {
            barcode: "123",
            ..sample()
        };
        assert!(matches!(b.render(), Err(BoletoPdfError::Barcode(_))));
    }
}
