//! The gateway's own JSON API under `/api/v1`: one definition that the SPA and the gateway
//! both compile against, so a field cannot drift between them.

use serde::{Deserialize, Serialize};

/// Where every API route lives; the SPA's client and the gateway's router both use it.
pub const API_PREFIX: &str = "/api/v1";

/// Every error the API answers with: a stable code for programs and a pt-BR sentence that
/// the SPA shows as is.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ErrorBody {
    pub code: String,
    pub message: String,
}

impl ErrorBody {
    /// An error with its code and user-facing message.
    pub fn new(code: impl Into<String>, message: impl Into<String>) -> Self {
        Self {
            code: code.into(),
            message: message.into(),
        }
    }
}

/// The answer of `/healthz`: the process is up and serving.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Health {
    pub status: String,
    pub version: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn error_body_has_the_documented_shape() {
        let body = ErrorBody::new("nao_encontrado", "Página não encontrada.");
        let json = serde_json::to_value(&body).unwrap();
        assert_eq!(
            json,
            serde_json::json!({"code": "nao_encontrado", "message": "Página não encontrada."})
        );
    }
}
