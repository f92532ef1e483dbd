//! The API's errors: one status, code and pt-BR message per kind, and the detail in the log.

use api::ErrorBody;
use axum::{
    Json,
    http::{HeaderValue, StatusCode, header},
    response::{IntoResponse, Response},
};
use erp::ErpError;

/// What went wrong, as the subscriber is told.
#[derive(Debug)]
pub enum ApiError {
    /// No session, or it expired.
    SignedOut,
    /// Unknown document or wrong second factor: one answer for both.
    SignInFailed,
    /// A sign-in code that is wrong, expired, used or never sent: one answer for all.
    CodeRefused,
    /// A new code was asked for before the cool-down ended; seconds left.
    ResendTooSoon(u64),
    /// The code could not be delivered on this channel.
    DeliveryFailed(api::Channel),
    /// Too many failed sign-ins; try again after this many seconds.
    TooManyAttempts(u64),
    /// Too many wrong factors for this document; a code still gets in.
    FactorLocked(u64),
    /// A change to contacts or passkeys asked of a session that has not proved itself
    /// lately (a code to a verified contact, a passkey).
    ProofNeeded,
    /// A passkey that is not registered, not the document's, or a ceremony that expired.
    PasskeyRefused,
    /// Missing or wrong CSRF token or origin on a write.
    Forbidden,
    /// The customer proved who they are, but the ERP marks them inactive and the portal is
    /// set to refuse them.
    Inactive,
    /// Not there, or not the signed-in customer's.
    NotFound,
    /// The input is wrong; the message says what.
    Invalid(String),
    /// The ERP failed or sent something unusable.
    Erp(ErpError),
    /// An attachment was refused; the status (413/415/422) and a message naming the file.
    Attachment(StatusCode, String),
    /// The portal's own database did not answer.
    Store(store::StoreError),
    /// Something on our side.
    Internal(String),
}

impl ApiError {
    fn parts(&self) -> (StatusCode, &'static str, String) {
        match self {
            Self::SignedOut => (StatusCode::UNAUTHORIZED, "sessao_expirada", "Sua sessão terminou. Entre novamente.".into()),
            Self::SignInFailed => (
                StatusCode::UNAUTHORIZED,
                "credenciais_invalidas",
                "Não encontramos um cadastro com esses dados. Confira o documento e a informação pedida.".into(),
            ),
            Self::CodeRefused => (
                StatusCode::UNAUTHORIZED,
                "codigo_invalido",
                "Código inválido ou expirado. Confira os números ou peça um novo código.".into(),
            ),
            Self::ResendTooSoon(s) => (
                StatusCode::TOO_MANY_REQUESTS,
                "aguarde_reenvio",
                format!("Aguarde {s} segundo(s) para pedir um novo código."),
            ),
            Self::DeliveryFailed(channel) => (
                StatusCode::BAD_GATEWAY,
                "envio_falhou",
                format!(
                    "Não conseguimos enviar o código por {} agora. Tente outro meio ou tente de novo em instantes.",
                    channel.label()
                ),
            ),
            Self::FactorLocked(s) => (
                StatusCode::TOO_MANY_REQUESTS,
                "fator_bloqueado",
                format!(
                    "Muitas tentativas com este documento. Entre com um código enviado ao seu e-mail ou celular, ou tente de novo em {} minuto(s).",
                    s.div_ceil(60)
                ),
            ),
            Self::TooManyAttempts(s) => (
                StatusCode::TOO_MANY_REQUESTS,
                "muitas_tentativas",
                format!("Muitas tentativas. Tente novamente em {} minuto(s).", s.div_ceil(60)),
            ),
            Self::ProofNeeded => (
                StatusCode::FORBIDDEN,
                "confirmacao_necessaria",
                "Para alterar seus contatos ou chaves de acesso, confirme antes que é você em \"Contatos confirmados\": com o código enviado a um contato já confirmado, ou com a digital ou o rosto.".into(),
            ),
            Self::PasskeyRefused => (
                StatusCode::UNAUTHORIZED,
                "chave_recusada",
                "Não reconhecemos esta chave de acesso. Tente de novo ou entre de outra forma.".into(),
            ),
            Self::Forbidden => (StatusCode::FORBIDDEN, "requisicao_recusada", "Requisição recusada. Recarregue a página e tente de novo.".into()),
            Self::Inactive => (
                StatusCode::FORBIDDEN,
                "cadastro_inativo",
                "Seu cadastro está inativo no provedor. Fale com o atendimento para reativá-lo.".into(),
            ),
            Self::NotFound => (StatusCode::NOT_FOUND, "nao_encontrado", "Não encontramos este item na sua conta.".into()),
            Self::Invalid(message) => (StatusCode::UNPROCESSABLE_ENTITY, "dados_invalidos", message.clone()),
            Self::Erp(ErpError::Timeout) => (
                StatusCode::GATEWAY_TIMEOUT,
                "erp_lento",
                "O sistema do provedor está demorando para responder. Tente novamente em instantes.".into(),
            ),
            Self::Erp(ErpError::Status { status: 404, .. }) => (StatusCode::NOT_FOUND, "nao_encontrado", "Não encontramos este item na sua conta.".into()),
            Self::Erp(ErpError::Status { status, reason, .. }) if *status < 500 => (
                StatusCode::UNPROCESSABLE_ENTITY,
                "erp_recusou",
                match reason {
                    // The ERP's own words say why; the portal adds only who is speaking.
                    Some(why) => format!("O sistema do provedor recusou o pedido: {why}"),
                    None => "O sistema do provedor recusou o pedido. Confira os dados e tente de novo.".into(),
                },
            ),
            Self::Erp(ErpError::Unavailable) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "erp_fora_do_ar",
                "O sistema do provedor está fora do ar no momento. Tente novamente em alguns minutos.".into(),
            ),
            Self::Erp(_) => (
                StatusCode::BAD_GATEWAY,
                "erp_indisponivel",
                "O sistema do provedor está indisponível no momento. Tente novamente em instantes.".into(),
            ),
            Self::Attachment(status, message) => (*status, "anexo_recusado", message.clone()),
            Self::Store(_) => (
                StatusCode::SERVICE_UNAVAILABLE,
                "portal_indisponivel",
                "O portal está com uma falha momentânea. Tente novamente em instantes.".into(),
            ),
            Self::Internal(_) => (StatusCode::INTERNAL_SERVER_ERROR, "erro_interno", "Algo deu errado do nosso lado. Tente novamente.".into()),
        }
    }
}

impl From<store::StoreError> for ApiError {
    fn from(e: store::StoreError) -> Self {
        Self::Store(e)
    }
}

impl From<crate::codes::IssueError> for ApiError {
    fn from(e: crate::codes::IssueError) -> Self {
        use crate::codes::IssueError;
        match e {
            IssueError::TooSoon(wait) => Self::ResendTooSoon(wait),
            IssueError::NoRandomness => Self::Internal("sem aleatoriedade para o código".into()),
            IssueError::Store(e) => Self::Store(e),
        }
    }
}

impl From<ErpError> for ApiError {
    fn from(e: ErpError) -> Self {
        Self::Erp(e)
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = self.parts();
        match &self {
            Self::Erp(e) => tracing::warn!(code, error = %e, "ERP call failed"),
            Self::Internal(e) => tracing::error!(code, error = %e, "internal error"),
            Self::Store(e) => tracing::error!(code, error = %e, "store failed"),
            _ => tracing::info!(code, "request refused"),
        }
        let mut response = (status, Json(ErrorBody::new(code, message))).into_response();
        if let Self::TooManyAttempts(seconds)
        | Self::FactorLocked(seconds)
        | Self::ResendTooSoon(seconds) = self
            && let Ok(value) = HeaderValue::from_str(&seconds.to_string())
        {
            response.headers_mut().insert(header::RETRY_AFTER, value);
        }
        response
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_erp_refusal_carries_its_own_reason_or_a_generic_one() {
        let refused = |reason: Option<&str>| {
            ApiError::Erp(ErpError::Status {
                status: 422,
                bytes: 0,
                reason: reason.map(str::to_string),
            })
            .parts()
        };
        let (status, code, message) = refused(Some("Serviço já habilitado este mês"));
        assert_eq!(status, StatusCode::UNPROCESSABLE_ENTITY);
        assert_eq!(code, "erp_recusou");
        assert!(
            message.ends_with("Serviço já habilitado este mês"),
            "{message}"
        );
        assert!(refused(None).2.contains("Confira os dados"));
    }
}
