//! How the demo ERP speaks. `v21` sends exactly the contract's current fields and nothing
//! else; `v18` speaks the older vocabulary (contact data in the lookup, `url_boleto`, nested
//! installations, no contracts endpoint); `estendido` sends the current fields plus the
//! optional extensions an ERP may offer (the README lists them). Records are stored once,
//! in the extended form, and shaped on the way out.

use std::sync::atomic::{AtomicU8, Ordering};

use erp::Endpoint;
use serde_json::{Map, Value, json};

/// One way of speaking the contract.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Profile {
    V21,
    V18,
    #[default]
    Estendido,
}

impl Profile {
    /// `v21`, `v18` or `estendido`.
    pub fn parse(text: &str) -> Option<Self> {
        match text.trim().to_lowercase().as_str() {
            "v21" => Some(Self::V21),
            "v18" => Some(Self::V18),
            "estendido" => Some(Self::Estendido),
            _ => None,
        }
    }

    pub fn name(self) -> &'static str {
        match self {
            Self::V21 => "v21",
            Self::V18 => "v18",
            Self::Estendido => "estendido",
        }
    }

    /// Whether this version of the contract has `endpoint` (v18 predates the contracts one).
    pub fn serves(self, endpoint: Endpoint) -> bool {
        !(self == Self::V18 && endpoint == Endpoint::Contracts)
    }

    /// The answer body as this version sends it.
    pub fn shape(self, endpoint: Endpoint, body: Value) -> Value {
        match body {
            Value::Array(items) if self == Self::V18 && endpoint == Endpoint::Services => {
                installations(items)
            }
            Value::Array(items) => Value::Array(
                items
                    .into_iter()
                    .map(|item| self.shape_one(endpoint, item))
                    .collect(),
            ),
            one => self.shape_one(endpoint, one),
        }
    }

    fn shape_one(self, endpoint: Endpoint, item: Value) -> Value {
        let Value::Object(map) = item else {
            return item;
        };
        // Error answers (`{status, obs}`) are the same in every version.
        if map.get("status").and_then(Value::as_str) == Some("erro") {
            return Value::Object(map);
        }
        Value::Object(match self {
            Self::Estendido => map,
            Self::V21 => current(endpoint, &map),
            Self::V18 => older(endpoint, &map),
        })
    }
}

/// The lookup's fields, old name → current name.
const CUSTOMER_RENAMES: [(&str, &str); 11] = [
    ("id_cliente", "id_remoto"),
    ("nome", "nome_completo"),
    ("data_nascimento", "aniversario"),
    ("data_cadastro", "data_registro"),
    ("endereco", "rua_endereco"),
    ("numero", "numero_endereco"),
    ("cep", "cep_endereco"),
    ("cidade", "cidade_endereco"),
    ("complemento", "complemento_endereco"),
    ("bairro", "bairro_endereco"),
    ("uf", "estado_endereco"),
];

/// The contact fields the lookup returned up to v18.
const CONTACTS: [&str; 5] = [
    "fone",
    "telefone_comercial",
    "telefone_celular",
    "whatsapp",
    "email",
];

/// The fields of each answer in version 21 (`None`: the answer is passed as it is).
fn v21_fields(endpoint: Endpoint) -> Option<&'static [&'static str]> {
    Some(match endpoint {
        Endpoint::Customer => &[
            "nome_completo",
            "aniversario",
            "data_registro",
            "ativo",
            "id_remoto",
            "id_contrato",
            "rua_endereco",
            "numero_endereco",
            "cep_endereco",
            "cidade_endereco",
            "complemento_endereco",
            "bairro_endereco",
            "estado_endereco",
        ],
        Endpoint::OpenInvoices => &[
            "id_fatura",
            "code_fatura",
            "nome_cliente",
            "document_number",
            "remote_id",
            "valor_inicial",
            "valor_atual",
            "juros",
            "multa",
            "desconto",
            "data_emissao",
            "data_vencimento",
            "historico",
            "bank_code",
            "linha_digitavel",
            "integration_id",
            "identifier",
            "pix_code",
            "contract_id",
            "bill_receipt",
            "bill_pix_receipt",
        ],
        Endpoint::Contracts => &["remote_id", "contract_name"],
        Endpoint::NotasFiscais => &[
            "id_nota",
            "id_tipo_nota",
            "numero_nota",
            "valor",
            "protocolo",
            "data_lancamento",
            "identificacao",
            "url_nota_fiscal",
        ],
        Endpoint::Statement => &[
            "id_nota",
            "data_lancamento",
            "data_vencimento",
            "data_baixa",
            "historico",
            "valor",
            "saldo",
            "cobranca",
        ],
        Endpoint::Quitacao => &["id_quitacao", "ano", "valor", "url_arquivo"],
        Endpoint::Services => &[
            "id_servico",
            "nome",
            "situacao",
            "obs",
            "valor",
            "numero_plano",
            "endereco",
        ],
        Endpoint::ProvisionalUnlock => &["status"],
        Endpoint::CreateTicket => &["id_atendiemnto", "obs"],
        _ => return None,
    })
}

fn pick(map: &Map<String, Value>, fields: &[&str]) -> Map<String, Value> {
    fields
        .iter()
        .filter_map(|f| map.get(*f).map(|v| ((*f).to_string(), v.clone())))
        .collect()
}

fn current(endpoint: Endpoint, map: &Map<String, Value>) -> Map<String, Value> {
    let Some(fields) = v21_fields(endpoint) else {
        return map.clone();
    };
    let mut map = map.clone();
    if endpoint == Endpoint::Customer {
        // A record kept in the old vocabulary is answered in the current one.
        for (old, new) in CUSTOMER_RENAMES {
            if let Some(v) = map.remove(old) {
                map.entry(new).or_insert(v);
            }
        }
    }
    pick(&map, fields)
}

fn older(endpoint: Endpoint, map: &Map<String, Value>) -> Map<String, Value> {
    match endpoint {
        Endpoint::Customer => {
            let mut out = Map::new();
            for (old, new) in CUSTOMER_RENAMES {
                if let Some(v) = map.get(new).or_else(|| map.get(old)) {
                    out.insert(old.into(), v.clone());
                }
            }
            for key in CONTACTS.iter().chain(&["ativo", "cnpj_cpf", "tipo_pessoa"]) {
                if let Some(v) = map.get(*key) {
                    out.insert((*key).into(), v.clone());
                }
            }
            out
        }
        Endpoint::OpenInvoices => pick(
            map,
            &[
                "id_fatura",
                "nome_cliente",
                "valor_inicial",
                "valor_atual",
                "data_emissao",
                "data_vencimento",
                "linha_digitavel",
                "url_boleto",
            ],
        ),
        Endpoint::NotasFiscais => {
            let mut out = pick(
                map,
                &["id_nota", "valor", "data_lancamento", "url_nota_fiscal"],
            );
            out.insert("status".into(), json!("Emitida"));
            out
        }
        Endpoint::Statement => {
            let mut out = pick(
                map,
                &[
                    "id_nota",
                    "data_lancamento",
                    "data_vencimento",
                    "data_baixa",
                    "valor",
                ],
            );
            if let Some(v) = map.get("valor") {
                out.insert("valor_pago".into(), v.clone());
            }
            if let Some(v) = map.get("historico") {
                out.insert("obs".into(), v.clone());
            }
            out
        }
        Endpoint::ProvisionalUnlock => pick(map, &["status"]),
        _ => current(endpoint, map),
    }
}

/// v18's services: installations by address, each with its services.
fn installations(services: Vec<Value>) -> Value {
    let mut out: Vec<Map<String, Value>> = Vec::new();
    for service in services {
        let Value::Object(s) = service else { continue };
        let address = s.get("endereco").cloned().unwrap_or(Value::Null);
        let item = json!({
            "id_servico": s.get("id_servico"), "nome": s.get("nome"), "descricao": s.get("nome"),
            "valor": s.get("valor"), "status": s.get("situacao"), "obs": s.get("obs"),
        });
        match out.iter_mut().find(|i| i.get("endereco") == Some(&address)) {
            Some(installation) => {
                if let Some(Value::Array(list)) = installation.get_mut("servicos") {
                    list.push(item);
                }
            }
            None => {
                let id = format!("I{}", out.len() + 1);
                let mut installation = Map::new();
                installation.insert("id_instalacao".into(), json!(id));
                installation.insert("endereco".into(), address);
                installation.insert("servicos".into(), json!([item]));
                out.push(installation);
            }
        }
    }
    Value::Array(out.into_iter().map(Value::Object).collect())
}

/// The profile switch, flipped at start-up (`--perfil`) or at run time (`/_demo/chaves`).
#[derive(Debug, Default)]
pub struct ProfileSwitch(AtomicU8);

impl ProfileSwitch {
    pub fn get(&self) -> Profile {
        match self.0.load(Ordering::Relaxed) {
            1 => Profile::V21,
            2 => Profile::V18,
            _ => Profile::Estendido,
        }
    }

    pub fn set(&self, profile: Profile) {
        let n = match profile {
            Profile::Estendido => 0,
            Profile::V21 => 1,
            Profile::V18 => 2,
        };
        self.0.store(n, Ordering::Relaxed);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn v21_keeps_exactly_the_contracts_fields() {
        let customer = json!({
            "nome_completo": "Ana", "id_remoto": "1", "email": "a@x.com", "whatsapp": "81",
            "ativo": "S", "id_contrato": "11",
        });
        let shaped = Profile::V21.shape(Endpoint::Customer, customer.clone());
        assert_eq!(
            shaped,
            json!({"nome_completo": "Ana", "id_remoto": "1", "ativo": "S", "id_contrato": "11"})
        );
        assert_eq!(
            Profile::Estendido.shape(Endpoint::Customer, customer.clone()),
            customer
        );
        let service = json!([{"id_servico": "S1", "nome": "Fibra", "situacao": "Ativo", "id_contrato": "11", "pode_habilitar": "S"}]);
        assert_eq!(
            Profile::V21.shape(Endpoint::Services, service),
            json!([{"id_servico": "S1", "nome": "Fibra", "situacao": "Ativo"}])
        );
        let old = json!({"id_cliente": "7", "nome": "Pedro", "email": "p@x.com"});
        assert_eq!(
            Profile::V21.shape(Endpoint::Customer, old),
            json!({"id_remoto": "7", "nome_completo": "Pedro"})
        );
    }

    #[test]
    fn v18_speaks_the_older_vocabulary() {
        let customer = json!({"nome_completo": "Ana", "id_remoto": "1", "email": "a@x.com", "id_contrato": "11"});
        assert_eq!(
            Profile::V18.shape(Endpoint::Customer, customer),
            json!({"id_cliente": "1", "nome": "Ana", "email": "a@x.com"})
        );
        let invoice = json!([{"id_fatura": "9", "pix_code": "000201", "url_boleto": "/b.pdf", "contract_id": "11"}]);
        assert_eq!(
            Profile::V18.shape(Endpoint::OpenInvoices, invoice),
            json!([{"id_fatura": "9", "url_boleto": "/b.pdf"}])
        );
        assert!(!Profile::V18.serves(Endpoint::Contracts));
        let services = json!([
            {"id_servico": "S1", "nome": "Fibra", "situacao": "Ativo", "endereco": "Rua A"},
            {"id_servico": "S2", "nome": "TV", "situacao": "Ativo", "endereco": "Rua A"},
        ]);
        let nested = Profile::V18.shape(Endpoint::Services, services);
        assert_eq!(nested[0]["servicos"].as_array().unwrap().len(), 2);
        assert_eq!(nested[0]["servicos"][1]["status"], "Ativo");
    }

    #[test]
    fn errors_pass_unchanged_and_names_parse() {
        let error = json!({"status": "erro", "obs": "cliente não encontrado"});
        assert_eq!(Profile::V21.shape(Endpoint::Customer, error.clone()), error);
        assert_eq!(Profile::parse(" V21 "), Some(Profile::V21));
        assert_eq!(Profile::parse("v19"), None);
        let switch = ProfileSwitch::default();
        assert_eq!(switch.get(), Profile::Estendido);
        switch.set(Profile::V18);
        assert_eq!(switch.get().name(), "v18");
    }
}
