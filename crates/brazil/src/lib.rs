//! Brazilian documents and payment codes, pure and exact: CPF, CNPJ, boleto (cobrança and
//! arrecadação), the ITF barcode, the PIX BR Code and its QR symbol (feature `qr`, for the
//! browser and the PDFs), and money in centavos. No I/O, so the browser and the gateway run
//! the same rules.

pub mod boleto;
pub mod contact;
pub mod document;
pub mod itf;
pub mod money;
pub mod pix;
#[cfg(feature = "qr")]
pub mod qr;
pub mod runs;

pub use boleto::{Arrecadacao, Boleto, BoletoError, Cobranca};
pub use contact::ContactError;
pub use document::{Cnpj, Cpf, CpfOuCnpj, DocumentError, PersonKind};
pub use money::{Centavos, MoneyError};
pub use pix::{BrCode, PixError, PixKind, StaticBrCode};
pub use time::Date;
/// Calendar types, so users of `Date` need no `time` dependency of their own.
pub mod date {
    pub use time::{Date, Month};
}
