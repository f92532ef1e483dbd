//! The contract's endpoints: number, Portuguese title, configuration key, and the method and
//! path an ERP serves each under by default (the contract names no paths; an ISP overrides
//! any of them in the gateway's configuration).

use core::fmt;

/// HTTP methods the contract uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Method {
    Get,
    Post,
    Put,
}

impl Method {
    /// Upper-case name, as in the contract's titles.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Get => "GET",
            Self::Post => "POST",
            Self::Put => "PUT",
        }
    }

    /// Reads `GET`, `POST` or `PUT` in any case.
    pub fn parse(text: &str) -> Option<Self> {
        match text.to_ascii_uppercase().as_str() {
            "GET" => Some(Self::Get),
            "POST" => Some(Self::Post),
            "PUT" => Some(Self::Put),
            _ => None,
        }
    }
}

/// Where an endpoint is served: method and path below the ERP's base URL.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub struct Route {
    pub method: Method,
    pub path: String,
}

/// The 25 endpoints, in the contract's order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Endpoint {
    Customer,
    OpenInvoices,
    Contracts,
    NotasFiscais,
    Statement,
    Quitacao,
    Services,
    Products,
    Resellers,
    Employees,
    Departments,
    DueDays,
    Origins,
    Cities,
    TicketTypes,
    ProspectStatuses,
    CreateProspect,
    CreateLead,
    CreateTicket,
    ProvisionalUnlock,
    UpdateProspect,
    UpdateCustomer,
    UploadFile,
    PaymentNotice,
    ProspectStatus,
}

/// Number, title, configuration key, default method and default path of each endpoint.
const TABLE: [(Endpoint, &str, &str, Method, &str); 25] = [
    (
        Endpoint::Customer,
        "Pegar infos de clientes",
        "clientes",
        Method::Get,
        "/clientes",
    ),
    (
        Endpoint::OpenInvoices,
        "Pegar boletos abertos/faturas",
        "faturas",
        Method::Get,
        "/faturas",
    ),
    (
        Endpoint::Contracts,
        "Pegar Contratos do Cliente",
        "contratos",
        Method::Get,
        "/contratos",
    ),
    (
        Endpoint::NotasFiscais,
        "Pegar notas fiscais",
        "notas_fiscais",
        Method::Get,
        "/notas-fiscais",
    ),
    (
        Endpoint::Statement,
        "Pegar extratos financeiros",
        "extratos",
        Method::Get,
        "/extratos",
    ),
    (
        Endpoint::Quitacao,
        "Pegar declaração de quitação de débitos",
        "quitacoes",
        Method::Get,
        "/quitacoes",
    ),
    (
        Endpoint::Services,
        "Pegar instalações/produtos de um cliente",
        "servicos_cliente",
        Method::Get,
        "/servicos-cliente",
    ),
    (
        Endpoint::Products,
        "Pegar todos os produtos",
        "produtos",
        Method::Get,
        "/produtos",
    ),
    (
        Endpoint::Resellers,
        "Pegar todos os revendedores",
        "revendedores",
        Method::Get,
        "/revendedores",
    ),
    (
        Endpoint::Employees,
        "Pegar todos os funcionários",
        "funcionarios",
        Method::Get,
        "/funcionarios",
    ),
    (
        Endpoint::Departments,
        "Pegar todos os departamentos",
        "departamentos",
        Method::Get,
        "/departamentos",
    ),
    (
        Endpoint::DueDays,
        "Pegar todos os vencimentos",
        "vencimentos",
        Method::Get,
        "/vencimentos",
    ),
    (
        Endpoint::Origins,
        "Pegar as origens comerciais",
        "origens",
        Method::Get,
        "/origens",
    ),
    (
        Endpoint::Cities,
        "Pegar todas as cidades",
        "cidades",
        Method::Get,
        "/cidades",
    ),
    (
        Endpoint::TicketTypes,
        "Pegar todos os tipos de atendimentos",
        "tipos_atendimento",
        Method::Get,
        "/tipos-atendimento",
    ),
    (
        Endpoint::ProspectStatuses,
        "Pegar todos os status de prospectos",
        "status_prospectos",
        Method::Get,
        "/status-prospectos",
    ),
    (
        Endpoint::CreateProspect,
        "Criar prospectos",
        "criar_prospecto",
        Method::Post,
        "/prospectos",
    ),
    (
        Endpoint::CreateLead,
        "Criar lead",
        "criar_lead",
        Method::Post,
        "/leads",
    ),
    (
        Endpoint::CreateTicket,
        "Criar atendimento",
        "criar_atendimento",
        Method::Post,
        "/atendimentos",
    ),
    (
        Endpoint::ProvisionalUnlock,
        "Habilitação provisória",
        "habilitacao_provisoria",
        Method::Post,
        "/habilitacao-provisoria",
    ),
    (
        Endpoint::UpdateProspect,
        "Edição do prospecto",
        "editar_prospecto",
        Method::Put,
        "/prospectos",
    ),
    (
        Endpoint::UpdateCustomer,
        "Edição do cliente",
        "editar_cliente",
        Method::Put,
        "/clientes",
    ),
    (
        Endpoint::UploadFile,
        "Envio de arquivos",
        "envio_arquivos",
        Method::Post,
        "/arquivos",
    ),
    (
        Endpoint::PaymentNotice,
        "Baixa na fatura/Sinalização de pagamento",
        "baixa_fatura",
        Method::Post,
        "/baixa-fatura",
    ),
    (
        Endpoint::ProspectStatus,
        "Status do Prospecto",
        "status_prospecto",
        Method::Get,
        "/prospectos/status",
    ),
];

impl Endpoint {
    /// Every endpoint, in the contract's order.
    pub const ALL: [Endpoint; 25] = {
        let mut all = [Endpoint::Customer; 25];
        let mut i = 0;
        while i < 25 {
            all[i] = TABLE[i].0;
            i += 1;
        }
        all
    };

    fn row(self) -> &'static (Endpoint, &'static str, &'static str, Method, &'static str) {
        &TABLE[self as usize]
    }

    /// The contract's number for the endpoint (1–25).
    pub fn number(self) -> u8 {
        self as u8 + 1
    }

    /// The contract's Portuguese title.
    pub fn title(self) -> &'static str {
        self.row().1
    }

    /// The key that names the endpoint in configuration (`[erp.rotas]`).
    pub fn key(self) -> &'static str {
        self.row().2
    }

    /// The endpoint whose configuration key is `key`.
    pub fn from_key(key: &str) -> Option<Self> {
        TABLE.iter().find(|row| row.2 == key).map(|row| row.0)
    }

    /// The method and path used when configuration names none.
    pub fn default_route(self) -> Route {
        Route {
            method: self.row().3,
            path: self.row().4.to_string(),
        }
    }

    /// Whether repeating the call is harmless (reads), so it may be retried.
    pub fn is_read(self) -> bool {
        self.row().3 == Method::Get
    }
}

impl fmt::Display for Endpoint {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}. {}", self.number(), self.title())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn table_is_in_contract_order_with_unique_keys_and_routes() {
        for (i, e) in Endpoint::ALL.iter().enumerate() {
            assert_eq!(usize::from(e.number()), i + 1);
            assert_eq!(Endpoint::from_key(e.key()), Some(*e));
        }
        let mut routes: Vec<_> = Endpoint::ALL.iter().map(|e| e.default_route()).collect();
        routes.sort_by(|a, b| (a.method.as_str(), &a.path).cmp(&(b.method.as_str(), &b.path)));
        routes.dedup();
        assert_eq!(routes.len(), 25, "two endpoints share a method and path");
        assert_eq!(Endpoint::CreateTicket.title(), "Criar atendimento");
    }
}
