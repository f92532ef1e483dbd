//! Requests and responses of the contract's 25 endpoints. Rust names are English; wire names
//! are exactly the contract's, typos and accents included, with the older vocabulary and
//! ASCII spellings accepted after them. Every field is a [`Parsed`] value.

use brazil::{Centavos, Date};
use serde_json::Value;

use crate::lenient::{FieldState, Fields, IdList, Nested, Parsed};

macro_rules! first {
    ($a:literal $(, $rest:literal)*) => {
        $a
    };
}

/// Declares a record: its fields, the wire keys each is read from (the first is the one
/// written), tolerant reading, writing, and the field report.
macro_rules! record {
    ($(#[$meta:meta])* $name:ident { $( $(#[$fmeta:meta])* $field:ident : $ty:ty = [$($key:literal),+] ),* $(,)? }) => {
        $(#[$meta])*
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $( $(#[$fmeta])* pub $field: Parsed<$ty>, )*
        }

        impl<'de> serde::Deserialize<'de> for $name {
            fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
                static KEYS: std::sync::LazyLock<crate::lenient::KeyIndex> =
                    std::sync::LazyLock::new(|| crate::lenient::KeyIndex::new(&[ $( &[$($key),+], )* ]));
                let mut values = d.deserialize_map(crate::lenient::RecordReader(&KEYS))?.into_iter();
                Ok(Self { $( $field: crate::lenient::field_from(values.next().and_then(crate::lenient::Slot::take)), )* })
            }
        }

        impl serde::Serialize for $name {
            fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                let mut map = serde_json::Map::new();
                $( if let Some(v) = self.$field.wire() { map.insert(first!($($key),+).into(), v); } )*
                map.serialize(s)
            }
        }

        impl Fields for $name {
            fn fields(&self) -> Vec<(&'static str, FieldState)> {
                vec![ $( (first!($($key),+), self.$field.state()), )* ]
            }
        }
    };
}

// ---- 1. Pegar infos de clientes -------------------------------------------------------

record! {
    /// Request of the customer lookup.
    CustomerQuery {
        document: String = ["cnpj_cpf"],
    }
}

record! {
    /// The customer record, in the v20/21 vocabulary or the older one (which also carried
    /// contact data).
    Customer {
        name: String = ["nome_completo", "nome"],
        trade_name: String = ["fantasia"],
        birth_date: Date = ["aniversario", "data_nascimento"],
        registered_on: Date = ["data_registro", "data_cadastro"],
        active: bool = ["ativo"],
        id: String = ["id_remoto", "id_cliente"],
        contract_id: String = ["id_contrato"],
        street: String = ["rua_endereco", "endereco"],
        number: String = ["numero_endereco", "numero"],
        cep: String = ["cep_endereco", "cep"],
        city: String = ["cidade_endereco", "cidade"],
        complement: String = ["complemento_endereco", "complemento"],
        district: String = ["bairro_endereco", "bairro"],
        state: String = ["estado_endereco", "uf"],
        person_type: String = ["tipo_pessoa"],
        document: String = ["cnpj_cpf"],
        email: String = ["email"],
        phone: String = ["fone"],
        work_phone: String = ["telefone_comercial"],
        mobile: String = ["telefone_celular"],
        whatsapp: String = ["whatsapp"],
    }
}

// ---- 2. Pegar boletos abertos/faturas ------------------------------------------------

record! {
    /// Request of the open-invoice list; `id_contrato` is an optional filter.
    InvoiceQuery {
        document: String = ["document"],
        contract_id: String = ["id_contrato"],
    }
}

record! {
    /// An open invoice (boleto).
    Invoice {
        id: String = ["id_fatura"],
        code: String = ["code_fatura"],
        customer_name: String = ["nome_cliente"],
        document: String = ["document_number"],
        customer_id: String = ["remote_id"],
        original_amount: Centavos = ["valor_inicial"],
        current_amount: Centavos = ["valor_atual"],
        interest: Centavos = ["juros"],
        fine: Centavos = ["multa"],
        discount: Centavos = ["desconto"],
        issued_on: Date = ["data_emissao"],
        due_on: Date = ["data_vencimento"],
        description: String = ["historico"],
        bank_code: String = ["bank_code"],
        linha_digitavel: String = ["linha_digitavel"],
        integration_id: String = ["integration_id"],
        identifier: String = ["identifier"],
        pix_code: String = ["pix_code"],
        contract_ids: IdList = ["contract_id"],
        bill_receipt: String = ["bill_receipt"],
        bill_pix_receipt: String = ["bill_pix_receipt"],
        /// Dropped from the current contract but still sent by many ERPs.
        boleto_url: String = ["url_boleto"],
    }
}

// ---- 3. Pegar Contratos do Cliente ---------------------------------------------------

record! {
    /// Request of the contract list.
    ContractQuery {
        document: String = ["document"],
    }
}

record! {
    /// A contract. The contract defines only the first two fields; the rest are read when
    /// an ERP sends them (the demo ERP does).
    Contract {
        id: String = ["remote_id"],
        name: String = ["contract_name"],
        status: String = ["situacao", "status"],
        plan: String = ["plano"],
        amount: Centavos = ["valor"],
        address: String = ["endereco"],
    }
}

// ---- 4–7. Per-customer lists ---------------------------------------------------------

record! {
    /// Request shared by notas fiscais, extrato, quitação and services.
    CustomerListQuery {
        document: String = ["document"],
        customer_id: String = ["id_cliente"],
    }
}

record! {
    /// A nota fiscal (current and older fields).
    NotaFiscal {
        id: String = ["id_nota"],
        type_id: String = ["id_tipo_nota"],
        number: String = ["numero_nota"],
        amount: Centavos = ["valor"],
        protocol: String = ["protocolo"],
        posted_on: Date = ["data_lancamento"],
        identification: String = ["identificacao"],
        pdf_url: String = ["url_nota_fiscal"],
        status: String = ["status"],
        amount_paid: Centavos = ["valor_pago"],
        due_on: Date = ["data_vencimento"],
        settled_on: Date = ["data_baixa"],
    }
}

record! {
    /// An entry of the financial statement (extrato). The contract's names and comments
    /// disagree on `valor` and `saldo`; both are kept as sent.
    StatementEntry {
        invoice_id: String = ["id_nota", "id_boleto"],
        entry_id: String = ["id_extrato_financeiro"],
        posted_on: Date = ["data_lancamento"],
        due_on: Date = ["data_vencimento"],
        settled_on: Date = ["data_baixa"],
        description: String = ["historico", "obs"],
        amount: Centavos = ["valor"],
        balance: Centavos = ["saldo"],
        amount_paid: Centavos = ["valor_pago"],
        fine: Centavos = ["multa"],
        interest: Centavos = ["juros"],
        discount: Centavos = ["desconto"],
        charge: String = ["cobranca"],
    }
}

record! {
    /// A yearly declaração de quitação de débitos.
    Quitacao {
        id: String = ["id_quitacao"],
        year: i64 = ["ano"],
        amount: Centavos = ["valor"],
        pdf_url: String = ["url_arquivo"],
    }
}

record! {
    /// A customer's service (current flat list, or one service of an older installation).
    /// `id_contrato`, `pode_habilitar`, `dias_habilitacao`, `motivo` and `habilitado_ate` are
    /// read when an ERP sends them: the contract has no eligibility data.
    Service {
        id: String = ["id_servico"],
        name: String = ["nome"],
        status: String = ["situacao", "status"],
        notes: String = ["obs"],
        amount: Centavos = ["valor"],
        plan_number: String = ["numero_plano"],
        address: String = ["endereco"],
        description: String = ["descricao"],
        contract_id: String = ["id_contrato"],
        unlock_eligible: bool = ["pode_habilitar"],
        unlock_days: i64 = ["dias_habilitacao"],
        unlock_reason: String = ["motivo"],
        unlocked_until: Date = ["habilitado_ate"],
    }
}
impl Nested for Service {}

record! {
    /// An installation of the older vocabulary, with its services nested.
    Installation {
        id: String = ["id_instalacao"],
        cep: String = ["cep"],
        street: String = ["endereco"],
        number: String = ["numero"],
        complement: String = ["complemento"],
        district: String = ["bairro"],
        city: String = ["cidade"],
        state: String = ["uf"],
        notes: String = ["obs"],
        services: Vec<Service> = ["servicos"],
    }
}

impl Installation {
    /// One line for the address of the services it holds.
    pub fn address_line(&self) -> String {
        [
            self.street.text(),
            self.number.text(),
            self.complement.text(),
            self.district.text(),
            self.city.text(),
            self.state.text(),
        ]
        .iter()
        .filter(|p| !p.is_empty())
        .copied()
        .collect::<Vec<_>>()
        .join(", ")
    }
}

// ---- 8–16. Catalogues ------------------------------------------------------------------

record! {
    /// A sellable product or plan.
    Product {
        id: String = ["id_servico"],
        name: String = ["nome"],
        description: String = ["descricao"],
        price: Centavos = ["valor"],
        notes: String = ["obs"],
    }
}

record! {
    /// A reseller.
    Reseller {
        id: String = ["id_revendedor"],
        name: String = ["nome"],
        document: String = ["documento"],
        email: String = ["email"],
        notes: String = ["obs"],
    }
}

record! {
    /// An employee tickets can be assigned to.
    Employee {
        id: String = ["id_funcionario"],
        name: String = ["nome"],
        notes: String = ["obs"],
    }
}

record! {
    /// A department tickets are routed to.
    Department {
        id: String = ["id_departamento"],
        name: String = ["nome"],
        notes: String = ["obs"],
    }
}

record! {
    /// A due day a new contract may choose (`data` is a label such as "dia 5").
    DueDay {
        id: String = ["id_vencimento"],
        label: String = ["data"],
        notes: String = ["obs"],
    }
}

record! {
    /// A commercial origin.
    Origin {
        id: String = ["id_origem"],
        name: String = ["nome"],
        notes: String = ["obs"],
    }
}

record! {
    /// A city in the ERP's own codes. `uf` is read when sent.
    City {
        id: String = ["id_cidade"],
        name: String = ["nome"],
        latitude: String = ["latitude"],
        longitude: String = ["longitude"],
        notes: String = ["obs"],
        state: String = ["uf", "estado"],
    }
}

record! {
    /// A ticket type.
    TicketType {
        id: String = ["id_tipo_de_atendimento"],
        name: String = ["nome"],
        notes: String = ["obs"],
    }
}

record! {
    /// A prospect status of the ERP's list.
    ProspectStatusKind {
        id: String = ["status_prospeccao"],
        name: String = ["nome"],
        notes: String = ["obs"],
    }
}

// ---- 17. Criar prospectos ---------------------------------------------------------------

record! {
    /// One service a prospect orders.
    ProspectService {
        id: String = ["id_servico"],
    }
}
impl Nested for ProspectService {}

record! {
    /// A document attached to a prospect (content in base64).
    ProspectAttachment {
        name: String = ["nome_documento"],
        format: String = ["formato"],
        base64: String = ["base_64"],
    }
}
impl Nested for ProspectAttachment {}

record! {
    /// A new prospect (order).
    NewProspect {
        name: String = ["nome"],
        legal_name: String = ["razão_social", "razao_social"],
        person_type: String = ["tipo_pessoa"],
        document: String = ["cnpj_cpf"],
        state_registration: String = ["ie_identidade"],
        birth_date: Date = ["data_nascimento"],
        reseller_id: String = ["id_revendedor"],
        origin_id: String = ["id_origem"],
        due_day_id: String = ["id_vencimento"],
        cep: String = ["cep"],
        install_street: String = ["endereco_instalação", "endereco_instalacao"],
        install_number: String = ["numero_instalação", "numero_instalacao"],
        install_district: String = ["bairro_instalação", "bairro_instalacao"],
        install_city: String = ["cidade_instalação", "cidade_instalacao"],
        install_complement: String = ["complemento_instalação", "complemento_instalacao"],
        install_reference: String = ["referencia_instalação", "referencia_instalacao"],
        install_state: String = ["uf_instalação", "uf_instalacao"],
        billing_street: String = ["endereco_cobranca"],
        billing_number: String = ["numero_cobranca"],
        billing_district: String = ["bairro_cobranca"],
        billing_city: String = ["cidade_cobranca"],
        billing_complement: String = ["complemento_cobranca"],
        billing_reference: String = ["referencia_cobranca"],
        billing_state: String = ["uf_cobranca"],
        latitude: String = ["latitude"],
        longitude: String = ["longitude"],
        phone: String = ["telefone"],
        mobile: String = ["celular"],
        mobile_extra: String = ["celular_extra"],
        email: String = ["email"],
        notes: String = ["obs"],
        services: Vec<ProspectService> = ["servicos"],
        attachments: Vec<ProspectAttachment> = ["anexos"],
    }
}

record! {
    /// The ERP's answer to a new prospect.
    ProspectCreated {
        id: String = ["id_prospecto"],
        notes: String = ["obs"],
    }
}

// ---- 18. Criar lead ---------------------------------------------------------------------

record! {
    /// A lead: someone interested, or outside coverage.
    NewLead {
        name: String = ["nome"],
        document: String = ["documento"],
        email: String = ["email"],
        phone: String = ["telefone"],
        street: String = ["endereco"],
        number: String = ["numero"],
        district: String = ["bairro"],
        city: String = ["cidade"],
        state: String = ["estado"],
        cep: String = ["CEP", "cep"],
        coverage: Value = ["cobertura"],
        latitude: String = ["latitude"],
        longitude: String = ["longitude"],
        reseller_name: String = ["revendedor"],
        reseller_id: String = ["id_revendedor"],
        extra: Value = ["extra_data"],
    }
}

record! {
    /// The ERP's answer to a new lead.
    LeadCreated {
        id: String = ["id_lead"],
        notes: String = ["obs"],
    }
}

// ---- 19. Criar atendimento --------------------------------------------------------------

record! {
    /// A file attached to a ticket: `anexo` holds the base64 content.
    TicketAttachment {
        base64: String = ["anexo"],
        notes: String = ["obs"],
        name: String = ["nome_anexo"],
    }
}
impl Nested for TicketAttachment {}

record! {
    /// A new support ticket.
    NewTicket {
        customer_id: String = ["id_cliente"],
        service_id: String = ["id_servico"],
        type_id: String = ["id_tipo_de_atendimento"],
        department_id: String = ["id_departamento"],
        employee_id: String = ["id_funcionario"],
        email: String = ["email"],
        phone: String = ["telefone"],
        subject: String = ["assunto"],
        message: String = ["mensagem"],
        attachments: Vec<TicketAttachment> = ["anexo"],
    }
}

record! {
    /// The ERP's answer to a new ticket; the key is misspelled in the contract.
    TicketCreated {
        id: String = ["id_atendiemnto", "id_atendimento"],
        notes: String = ["obs"],
    }
}

// ---- 20. Habilitação provisória ---------------------------------------------------------

record! {
    /// A request to unlock a suspended service on trust.
    UnlockRequest {
        customer_id: String = ["id_cliente"],
        service_id: String = ["id_servico"],
    }
}

record! {
    /// The service status after the unlock request; `obs` and `habilitado_ate` are read when
    /// sent.
    UnlockReply {
        status: String = ["status"],
        notes: String = ["obs"],
        until: Date = ["habilitado_ate"],
    }
}

// ---- 21. Edição do prospecto ------------------------------------------------------------

record! {
    /// A prospect's status change.
    ProspectUpdate {
        id: String = ["id_prospecto"],
        status_id: String = ["status_prospeccao"],
        reseller_id: String = ["id_revendedor"],
        notes: String = ["obs"],
    }
}

// ---- 22. Edição do cliente --------------------------------------------------------------

record! {
    /// A customer update in the older vocabulary; send only what changes.
    CustomerUpdate {
        customer_id: String = ["id_cliente"],
        name: String = ["nome"],
        trade_name: String = ["fantasia"],
        person_type: String = ["tipo_pessoa"],
        document: String = ["cnpj_cpf"],
        state_registration: String = ["ie_identidade"],
        rg_issuer: String = ["rg_orgao_emissor"],
        municipal_registration: String = ["inscricao_municipal"],
        icms_taxpayer: String = ["contribuinte_icms"],
        nationality: String = ["nacionalidade"],
        birth_city: String = ["cidade_naturalidade"],
        birth_state: String = ["estado_nascimento"],
        birth_date: Date = ["data_nascimento"],
        marital_status: String = ["estado_civil"],
        active: bool = ["ativo"],
        sex: String = ["Sexo", "sexo"],
        profession: String = ["profissao"],
        registered_on: Date = ["data_cadastro"],
        cep: String = ["cep"],
        street: String = ["endereco"],
        number: String = ["numero"],
        complement: String = ["complemento"],
        district: String = ["bairro"],
        city: String = ["cidade"],
        state: String = ["uf"],
        latitude: String = ["latitude"],
        longitude: String = ["longitude"],
        phone: String = ["fone"],
        work_phone: String = ["telefone_comercial"],
        mobile: String = ["telefone_celular"],
        whatsapp: String = ["whatsapp"],
        email: String = ["email"],
        notes: String = ["obs"],
        alert: String = ["alerta"],
    }
}

// ---- 23. Envio de arquivos --------------------------------------------------------------

record! {
    /// A file sent for a prospect.
    FileUpload {
        prospect_id: String = ["id_prospecto"],
        file_name: String = ["nome_arquivo"],
        base64: String = ["arquivo"],
        notes: String = ["obs"],
    }
}

// ---- 24. Baixa na fatura ----------------------------------------------------------------

record! {
    /// Tells the ERP that an invoice was paid through the portal.
    PaymentNotice {
        customer_id: String = ["id_cliente"],
        invoice_id: String = ["id_fatura"],
        notes: String = ["obs"],
        alert: String = ["alerta"],
    }
}

// ---- 25. Status do Prospecto ------------------------------------------------------------

record! {
    /// Request of a prospect's status.
    ProspectQuery {
        id: String = ["id_prospecto"],
    }
}

record! {
    /// A prospect's status, with the reason when rejected or cancelled.
    ProspectState {
        status: String = ["status"],
        reason: String = ["motivo"],
    }
}

record! {
    /// The `{status}` answer of the write endpoints (with `obs` when sent).
    StatusReply {
        status: String = ["status"],
        notes: String = ["obs"],
    }
}
