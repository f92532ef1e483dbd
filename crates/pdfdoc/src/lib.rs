//! Central's PDFs, written with the standard Helvetica fonts so nothing is embedded: the
//! boleto as Brazilians know it (receipt, PIX QR, ficha de compensação, ITF barcode) and
//! one-page documents (notas fiscais, quitação declarations). Text is selectable.

mod boleto;
mod document;
mod page;
pub mod read;

pub use boleto::{BAR_HEIGHT, BAR_MODULE, BoletoPdf, BoletoPdfError, QR_MODULE};
pub use document::Document;
pub use page::{A4_HEIGHT, A4_WIDTH, win_ansi};
