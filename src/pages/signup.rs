//! "Assine": a prospect signs up for a plan without an account — plan, personal data,
//! address (a lead instead when the city is not served), due day, documents, review, and
//! a tracking link. The form is kept on the device while it is filled in.

use api::{
    Address, Attachment, Choice, NewLead, NewProspect, Plan, ProspectCreated, ProspectStatus,
};
use base64::Engine as _;
use brazil::{CpfOuCnpj, PersonKind};
use gloo_net::http::Method;
use leptos::prelude::*;
use leptos::task::spawn_local;
use leptos_router::components::A;
use leptos_router::hooks::{use_params_map, use_query_map};
use serde::{Deserialize, Serialize};
use wasm_bindgen::JsCast;

use crate::browser;
use crate::client::{self, ClientError};
use crate::components::feedback::{ErrorView, OfflineWrites, Skeleton, date, money, online};
use crate::pages::ticket::{check_file, image_mime};
use crate::state::use_auth;

const DRAFT_KEY: &str = "central.cadastro";

/// Everything the form holds, kept on the device.
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
struct Form {
    plan_id: String,
    name: String,
    document: String,
    legal_name: String,
    state_registration: String,
    birth_date: String,
    email: String,
    phone: String,
    mobile: String,
    whatsapp: String,
    address: Address,
    billing_same: bool,
    billing: Address,
    latitude: String,
    longitude: String,
    due_day_id: String,
    origin_id: String,
    reseller_id: String,
    documents: Vec<Attachment>,
    key: String,
}

/// What is missing or wrong, in the order of the form.
fn problems(f: &Form) -> Vec<String> {
    let mut out = Vec::new();
    let mut need = |ok: bool, what: &str| {
        if !ok {
            out.push(what.to_string());
        }
    };
    need(!f.plan_id.is_empty(), "Escolha um plano.");
    need(!f.name.trim().is_empty(), "Informe o nome.");
    let doc = CpfOuCnpj::parse(&f.document);
    need(doc.is_ok(), "Informe um CPF ou CNPJ válido.");
    let company = doc.as_ref().is_ok_and(|d| d.kind() == PersonKind::Company);
    if company {
        need(!f.legal_name.trim().is_empty(), "Informe a razão social.");
    } else {
        need(
            erp_date(&f.birth_date).is_some(),
            "Informe a data de nascimento (DD/MM/AAAA).",
        );
    }
    need(
        brazil::contact::email(&f.email).is_ok(),
        "Informe um e-mail válido.",
    );
    need(
        brazil::contact::phone(&f.mobile).is_ok(),
        "Informe um celular com DDD.",
    );
    need(
        f.whatsapp.trim().is_empty() || brazil::contact::phone(&f.whatsapp).is_ok(),
        "Confira o WhatsApp.",
    );
    for (a, label) in [(&f.address, "instalação")]
        .into_iter()
        .chain((!f.billing_same).then_some((&f.billing, "cobrança")))
    {
        need(
            a.cep.chars().filter(char::is_ascii_digit).count() == 8,
            &format!("Informe o CEP do endereço de {label}."),
        );
        need(
            ![&a.street, &a.number, &a.district, &a.city, &a.state]
                .iter()
                .any(|v| v.trim().is_empty()),
            &format!("Complete o endereço de {label}."),
        );
    }
    need(!f.due_day_id.is_empty(), "Escolha o dia de vencimento.");
    out
}

fn erp_date(text: &str) -> Option<String> {
    let d: String = text.chars().filter(char::is_ascii_digit).collect();
    (d.len() == 8).then(|| format!("{}/{}/{}", &d[0..2], &d[2..4], &d[4..8]))
}

fn opt(text: &str) -> Option<String> {
    Some(text.trim().to_string()).filter(|t| !t.is_empty())
}

fn prospect(f: &Form) -> NewProspect {
    NewProspect {
        plan_id: f.plan_id.clone(),
        name: f.name.trim().into(),
        document: f.document.clone(),
        legal_name: opt(&f.legal_name),
        state_registration: opt(&f.state_registration),
        birth_date: erp_date(&f.birth_date),
        email: f.email.trim().into(),
        phone: opt(&f.phone),
        mobile: f.mobile.clone(),
        whatsapp: opt(&f.whatsapp),
        installation: f.address.clone(),
        billing: (!f.billing_same).then(|| f.billing.clone()),
        latitude: opt(&f.latitude),
        longitude: opt(&f.longitude),
        due_day_id: f.due_day_id.clone(),
        origin_id: opt(&f.origin_id),
        reseller_id: opt(&f.reseller_id),
        documents: f.documents.clone(),
        idempotency_key: Some(f.key.clone()),
    }
}

#[derive(Clone)]
struct Lists {
    plans: Vec<Plan>,
    cities: Vec<Choice>,
    due_days: Vec<Choice>,
    origins: Vec<Choice>,
    resellers: Vec<Choice>,
}

async fn lists(options: api::SignupOptions) -> Result<Lists, ClientError> {
    Ok(Lists {
        plans: client::get("/cadastro/planos").await?,
        cities: client::get("/cadastro/cidades").await?,
        due_days: client::get("/cadastro/vencimentos").await?,
        origins: if options.choose_origin {
            client::get("/cadastro/origens").await?
        } else {
            Vec::new()
        },
        resellers: if options.choose_reseller {
            client::get("/cadastro/revendedores").await?
        } else {
            Vec::new()
        },
    })
}

/// The sign-up page.
#[component]
pub fn SignupPage() -> impl IntoView {
    let query = use_query_map();
    let mut start: Form = browser::load(DRAFT_KEY)
        .and_then(|t| serde_json::from_str(&t).ok())
        .unwrap_or_else(|| Form {
            billing_same: true,
            ..Form::default()
        });
    let q = query.get_untracked();
    for (param, field) in [
        ("plano", &mut start.plan_id),
        ("origem", &mut start.origin_id),
        ("revendedor", &mut start.reseller_id),
    ] {
        if let Some(v) = q.get(param).filter(|v| !v.is_empty()) {
            *field = v
                .chars()
                .filter(|c| c.is_ascii_alphanumeric() || *c == '-')
                .collect();
        }
    }
    if start.key.is_empty() {
        start.key = browser::random_key();
    }
    let form = RwSignal::new(start);
    Effect::new(move |_| {
        if let Ok(text) = serde_json::to_string(&form.get()) {
            let _ = browser::store(DRAFT_KEY, &text);
        }
    });
    let auth = use_auth();
    let data =
        LocalResource::new(move || lists(auth.config.get().map(|c| c.signup).unwrap_or_default()));
    let reviewing = RwSignal::new(false);
    let (errors, set_errors) = signal(Vec::<String>::new());
    let create = Action::new_local(|p: &NewProspect| {
        let p = p.clone();
        async move { client::send::<_, ProspectCreated>(Method::POST, "/cadastro/prospectos", &p).await }
    });
    let lead = Action::new_local(|l: &NewLead| {
        let l = l.clone();
        async move { client::send::<_, Choice>(Method::POST, "/cadastro/leads", &l).await }
    });
    Effect::new(move |_| {
        if let Some(Ok(_)) = create.value().get() {
            browser::forget(DRAFT_KEY);
        }
    });
    view! {
        <section class="card" aria-labelledby="assine-titulo">
            <h1 id="assine-titulo" class="card__title">"Assine"</h1>
            {move || {
                if let Some(Ok(created)) = create.value().get() {
                    let link = format!("/assine/acompanhar/{}", created.tracking);
                    return view! {
                        <div role="status" data-testid="prospect-created">
                            <p><strong>"Pedido recebido!"</strong> " Número do pedido: " <strong data-testid="prospect-id">{created.id.clone()}</strong></p>
                            <p>"Guarde o link para acompanhar: " <A href=link.clone()>"acompanhar meu pedido"</A></p>
                        </div>
                    }
                    .into_any();
                }
                if let Some(Ok(done)) = lead.value().get() {
                    return view! {
                        <div role="status" data-testid="lead-created">
                            <p><strong>"Pronto! Avisaremos quando chegarmos ao seu endereço."</strong></p>
                            <p class="muted">"Protocolo: " {done.id}</p>
                        </div>
                    }
                    .into_any();
                }
                match data.get() {
                    None => view! { <Skeleton lines=6/> }.into_any(),
                    Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| data.refetch())/> }.into_any(),
                    Some(Ok(l)) if reviewing.get() => view! { <Review form=form lists=l reviewing create=create lead=lead/> }.into_any(),
                    Some(Ok(l)) => view! { <Fields form=form lists=l/> <button class="button button--primary" on:click=move |_| {
                        let found = problems(&form.get_untracked());
                        if found.is_empty() { reviewing.set(true); }
                        set_errors.set(found);
                    }>"Revisar pedido"</button>
                    {move || (!errors.get().is_empty()).then(|| view! {
                        <div class="error-text" role="alert"><ul>{errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul></div>
                    })} }.into_any(),
                }
            }}
        </section>
    }
}

/// A text input bound to one field of the form.
fn input(
    form: RwSignal<Form>,
    id: &'static str,
    label: &'static str,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
    kind: &'static str,
    auto: &'static str,
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <input id=id class="field__input" type=kind autocomplete=auto prop:value=move || get(&form.get())
                on:input:target=move |ev| { let v = ev.target().value(); form.update(|f| set(f, v)); }/>
        </div>
    }
}

/// A select of one of the ERP's lists, bound to a field of the form.
fn choice_select(
    form: RwSignal<Form>,
    id: &'static str,
    label: &'static str,
    items: Vec<Choice>,
    get: fn(&Form) -> String,
    set: fn(&mut Form, String),
) -> impl IntoView {
    view! {
        <div class="field">
            <label class="field__label" for=id>{label}</label>
            <select id=id class="field__input" on:change:target=move |ev| { let v = ev.target().value(); form.update(|f| set(f, v)); }>
                <option value="" selected=move || get(&form.get()).is_empty()>"Escolha"</option>
                {items.into_iter().map(|c| { let me = c.id.clone(); view! { <option value=c.id selected=move || get(&form.get()) == me>{c.name}</option> } }).collect_view()}
            </select>
        </div>
    }
}

#[component]
fn Fields(form: RwSignal<Form>, lists: Lists) -> impl IntoView {
    let company = move || {
        CpfOuCnpj::parse(&form.get().document).is_ok_and(|d| d.kind() == PersonKind::Company)
    };
    let (notice, set_notice) = signal(None::<String>);
    let add_files = move |ev: leptos::ev::Event| {
        let Some(target) = ev
            .target()
            .and_then(|t| t.dyn_into::<web_sys::HtmlInputElement>().ok())
        else {
            return;
        };
        let auth = use_auth();
        let (max_bytes, max_count) = auth.config.get_untracked().map_or((5 * 1_048_576, 5), |c| {
            (c.max_attachment_bytes, c.max_attachments)
        });
        spawn_local(async move {
            for (name, bytes) in browser::read_files(&target).await {
                match check_file(
                    &name,
                    &bytes,
                    max_bytes,
                    form.get_untracked().documents.len(),
                    max_count,
                ) {
                    Ok(()) => {
                        let content = base64::engine::general_purpose::STANDARD.encode(&bytes);
                        form.update(|f| {
                            f.documents.push(Attachment {
                                name,
                                content_base64: content,
                            })
                        });
                        set_notice.set(None);
                    }
                    Err(m) => set_notice.set(Some(m)),
                }
            }
            target.set_value("");
        });
    };
    let locate = move |_| {
        spawn_local(async move {
            match browser::position().await {
                Ok((lat, lon)) => form.update(|f| {
                    f.latitude = format!("{lat:.6}");
                    f.longitude = format!("{lon:.6}");
                }),
                Err(()) => set_notice.set(Some(
                    "Não foi possível obter a localização; ela é opcional.".into(),
                )),
            }
        });
    };
    let cities = lists.cities.clone();
    view! {
        <fieldset class="field">
            <legend class="field__label">"Plano"</legend>
            {lists.plans.into_iter().map(|p| {
                let id = p.id.clone();
                let checked = { let id = id.clone(); move || form.get().plan_id == id };
                view! {
                    <label class="plan">
                        <input type="radio" name="plano" value=id.clone() prop:checked=checked on:change=move |_| form.update(|f| f.plan_id = id.clone())/>
                        <span><strong>{p.name.clone()}</strong> " — " {money(p.price_cents)} <br/><span class="muted">{p.description.clone().unwrap_or_default()}</span></span>
                    </label>
                }
            }).collect_view()}
        </fieldset>
        {input(form, "nome", "Nome completo (ou do responsável)", |f| f.name.clone(), |f, v| f.name = v, "text", "name")}
        {input(form, "documento", "CPF ou CNPJ", |f| f.document.clone(), |f, v| f.document = brazil::document::mask_as_typed(&v), "text", "off")}
        {move || if company() {
            view! {
                {input(form, "razao", "Razão social", |f| f.legal_name.clone(), |f, v| f.legal_name = v, "text", "organization")}
                {input(form, "ie", "Inscrição estadual (se houver)", |f| f.state_registration.clone(), |f, v| f.state_registration = v, "text", "off")}
            }.into_any()
        } else {
            input(form, "nascimento", "Data de nascimento", |f| f.birth_date.clone(), |f, v| f.birth_date = v, "text", "bday").into_any()
        }}
        {input(form, "email", "E-mail", |f| f.email.clone(), |f, v| f.email = v, "email", "email")}
        {input(form, "celular", "Celular", |f| f.mobile.clone(), |f, v| f.mobile = v, "tel", "tel")}
        {input(form, "whatsapp", "WhatsApp (se for outro número)", |f| f.whatsapp.clone(), |f, v| f.whatsapp = v, "tel", "tel")}
        {input(form, "telefone", "Telefone fixo (opcional)", |f| f.phone.clone(), |f, v| f.phone = v, "tel", "tel")}
        <fieldset class="field">
            <legend class="field__label">"Endereço de instalação"</legend>
            {input(form, "cep", "CEP", |f| f.address.cep.clone(), |f, v| f.address.cep = v, "text", "postal-code")}
            {input(form, "rua", "Rua", |f| f.address.street.clone(), |f, v| f.address.street = v, "text", "address-line1")}
            {input(form, "numero", "Número", |f| f.address.number.clone(), |f, v| f.address.number = v, "text", "off")}
            {input(form, "complemento", "Complemento", |f| f.address.complement.clone().unwrap_or_default(), |f, v| f.address.complement = Some(v), "text", "address-line2")}
            {input(form, "referencia", "Ponto de referência", |f| f.address.reference.clone().unwrap_or_default(), |f, v| f.address.reference = Some(v), "text", "off")}
            {input(form, "bairro", "Bairro", |f| f.address.district.clone(), |f, v| f.address.district = v, "text", "off")}
            <div class="field">
                <label class="field__label" for="cidade">"Cidade"</label>
                <input id="cidade" class="field__input" list="cidades" autocomplete="address-level2" prop:value=move || form.get().address.city
                    on:input:target=move |ev| { let v = ev.target().value(); form.update(|f| f.address.city = v); }/>
                <datalist id="cidades">{cities.into_iter().map(|c| view! { <option value=c.name/> }).collect_view()}</datalist>
            </div>
            {input(form, "uf", "Estado (UF)", |f| f.address.state.clone(), |f, v| f.address.state = v.to_uppercase(), "text", "address-level1")}
            <button type="button" class="button button--secondary" on:click=locate>"Usar minha localização (opcional)"</button>
            {move || (!form.get().latitude.is_empty()).then(|| view! { <p class="muted">"Localização registrada."</p> })}
        </fieldset>
        <div class="field">
            <label class="plan">
                <input type="checkbox" prop:checked=move || form.get().billing_same on:change:target=move |ev| { let v = ev.target().checked(); form.update(|f| f.billing_same = v); }/>
                "O endereço de cobrança é o mesmo"
            </label>
        </div>
        {move || (!form.get().billing_same).then(|| view! {
            <fieldset class="field">
                <legend class="field__label">"Endereço de cobrança"</legend>
                {input(form, "cob-cep", "CEP de cobrança", |f| f.billing.cep.clone(), |f, v| f.billing.cep = v, "text", "off")}
                {input(form, "cob-rua", "Rua de cobrança", |f| f.billing.street.clone(), |f, v| f.billing.street = v, "text", "off")}
                {input(form, "cob-numero", "Número de cobrança", |f| f.billing.number.clone(), |f, v| f.billing.number = v, "text", "off")}
                {input(form, "cob-bairro", "Bairro de cobrança", |f| f.billing.district.clone(), |f, v| f.billing.district = v, "text", "off")}
                {input(form, "cob-cidade", "Cidade de cobrança", |f| f.billing.city.clone(), |f, v| f.billing.city = v, "text", "off")}
                {input(form, "cob-uf", "UF de cobrança", |f| f.billing.state.clone(), |f, v| f.billing.state = v.to_uppercase(), "text", "off")}
            </fieldset>
        })}
        <div class="field">
            <label class="field__label" for="vencimento">"Dia de vencimento"</label>
            <select id="vencimento" class="field__input" on:change:target=move |ev| { let v = ev.target().value(); form.update(|f| f.due_day_id = v); }>
                <option value="" selected=move || form.get().due_day_id.is_empty()>"Escolha"</option>
                {lists.due_days.into_iter().map(|d| { let id = d.id.clone(); view! { <option value=d.id selected=move || form.get().due_day_id == id>{d.name}</option> } }).collect_view()}
            </select>
        </div>
        {(!lists.origins.is_empty()).then(|| choice_select(form, "origem", "Como conheceu o provedor?", lists.origins.clone(), |f| f.origin_id.clone(), |f, v| f.origin_id = v))}
        {(!lists.resellers.is_empty()).then(|| choice_select(form, "revendedor", "Revendedor", lists.resellers.clone(), |f| f.reseller_id.clone(), |f, v| f.reseller_id = v))}
        <fieldset class="field">
            <legend class="field__label">"Documentos (foto do documento e comprovante de endereço)"</legend>
            <label class="button button--secondary file-button">"Tirar foto"<input class="sr-only" type="file" accept="image/*" capture="environment" on:change=add_files/></label>
            <label class="button button--secondary file-button">"Escolher arquivos"<input class="sr-only" data-testid="documentos" type="file" multiple=true accept="image/jpeg,image/png,image/gif,image/webp,application/pdf" on:change=add_files/></label>
            <ul class="attachments">
                {move || form.get().documents.into_iter().enumerate().map(|(i, a)| view! {
                    <li class="attachment" data-testid="document">
                        {image_mime(&a.content_base64).map(|mime| view! { <img class="attachment__preview" src=format!("data:{mime};base64,{}", a.content_base64) alt=""/> })}
                        <span>{a.name.clone()}</span>
                        <button type="button" class="button button--secondary" on:click=move |_| form.update(|f| { f.documents.remove(i); })>{format!("Remover {}", a.name)}</button>
                    </li>
                }).collect_view()}
            </ul>
            {move || notice.get().map(|n| view! { <p class="error-text" role="alert">{n}</p> })}
        </fieldset>
    }
}

#[component]
fn Review(
    form: RwSignal<Form>,
    lists: Lists,
    reviewing: RwSignal<bool>,
    create: Action<NewProspect, Result<ProspectCreated, ClientError>>,
    lead: Action<NewLead, Result<Choice, ClientError>>,
) -> impl IntoView {
    let f = form.get_untracked();
    let options = use_auth()
        .config
        .get_untracked()
        .map(|c| c.signup)
        .unwrap_or_default();
    let served = options.serves(&f.address.city, &lists.cities);
    let plan = lists.plans.iter().find(|p| p.id == f.plan_id).cloned();
    let due = lists
        .due_days
        .iter()
        .find(|d| d.id == f.due_day_id)
        .map(|d| d.name.clone())
        .unwrap_or_default();
    let confirm = move |_| {
        // One submission per form: a second tap while sending does nothing.
        if !create.pending().get_untracked()
            && !matches!(create.value().get_untracked(), Some(Ok(_)))
        {
            create.dispatch(prospect(&form.get_untracked()));
        }
    };
    let notify = move |_| {
        let f = form.get_untracked();
        lead.dispatch(NewLead {
            name: f.name.trim().into(),
            document: opt(&f.document),
            email: opt(&f.email),
            phone: opt(&f.mobile),
            address: f.address.clone(),
            reseller_id: opt(&f.reseller_id),
        });
    };
    let a = f.address.clone();
    view! {
        <h2 class="card__subtitle">"Confira seu pedido"</h2>
        <dl class="amounts">
            <dt>"Plano"</dt><dd>{plan.as_ref().map(|p| format!("{} — {}", p.name, money(p.price_cents))).unwrap_or_default()}</dd>
            <dt>"Nome"</dt><dd>{f.name.clone()}</dd>
            <dt>"Documento"</dt><dd>{f.document.clone()}</dd>
            <dt>"E-mail"</dt><dd>{f.email.clone()}</dd>
            <dt>"Celular"</dt><dd>{f.mobile.clone()}</dd>
            <dt>"Endereço"</dt><dd>{format!("{}, {} — {}, {}/{} — CEP {}", a.street, a.number, a.district, a.city, a.state, a.cep)}</dd>
            <dt>"Vencimento"</dt><dd>{due}</dd>
            <dt>"Documentos"</dt><dd>{f.documents.len()}</dd>
        </dl>
        {move || create.value().get().and_then(Result::err).map(|e| view! { <p class="error-text" role="alert">{e.message()} " Seus dados continuam salvos."</p> })}
        {move || lead.value().get().and_then(Result::err).map(|e| view! { <p class="error-text" role="alert">{e.message()}</p> })}
        {if served {
            view! {
                <div class="actions">
                    <OfflineWrites/>
                    <button class="button button--primary" on:click=confirm disabled=move || create.pending().get() || !online()>
                        {move || if create.pending().get() { "Enviando…" } else { "Confirmar pedido" }}
                    </button>
                    <button class="button button--secondary" on:click=move |_| reviewing.set(false)>"Corrigir dados"</button>
                </div>
            }
            .into_any()
        } else {
            view! {
                <div class="warning" role="alert" data-testid="not-served">
                    <p>{format!("Ainda não atendemos {}.", a.city)} " Quer ser avisado quando chegarmos?"</p>
                </div>
                <div class="actions">
                    <button class="button button--primary" on:click=notify disabled=move || lead.pending().get() || !online()>"Avise-me"</button>
                    <button class="button button--secondary" on:click=move |_| reviewing.set(false)>"Corrigir endereço"</button>
                </div>
            }
            .into_any()
        }}
    }
}

/// The tracking page of a prospect.
#[component]
pub fn TrackingPage() -> impl IntoView {
    let params = use_params_map();
    let status = LocalResource::new(move || {
        let token: String = params
            .get()
            .get("token")
            .unwrap_or_default()
            .chars()
            .filter(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
            .collect();
        async move { client::get::<ProspectStatus>(&format!("/cadastro/acompanhamento/{token}")).await }
    });
    view! {
        <section class="card" aria-labelledby="acompanhar-titulo">
            <h1 id="acompanhar-titulo" class="card__title">"Acompanhe seu pedido"</h1>
            {move || match status.get() {
                None => view! { <Skeleton lines=2/> }.into_any(),
                Some(Err(e)) => view! { <ErrorView error=e on_retry=Callback::new(move |()| status.refetch())/> }.into_any(),
                Some(Ok(s)) => view! {
                    <p>"Pedido " <strong>{s.id.clone()}</strong></p>
                    <p>"Situação: " <strong data-testid="prospect-status">{s.status.clone().unwrap_or_else(|| "em análise".into())}</strong></p>
                    {s.reason.clone().filter(|r| !r.is_empty()).map(|r| view! { <p data-testid="prospect-reason">"Motivo: " {r}</p> })}
                    <p class="muted">"Consultado em " {date(Some(&browser::today().to_string()))} "."</p>
                    <button class="button button--secondary" on:click=move |_| status.refetch()>"Atualizar"</button>
                }
                .into_any(),
            }}
        </section>
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn complete() -> Form {
        let address = Address {
            cep: "53020-140".into(),
            street: "Av. Olinda".into(),
            number: "1".into(),
            district: "Varadouro".into(),
            city: "Olinda".into(),
            state: "PE".into(),
            ..Address::default()
        };
        Form {
            plan_id: "P2".into(),
            name: "Ana".into(),
            document: "529.982.247-25".into(),
            birth_date: "14/03/1985".into(),
            email: "ana@example.com".into(),
            mobile: "(81) 98888-7777".into(),
            address,
            billing_same: true,
            due_day_id: "V10".into(),
            ..Form::default()
        }
    }

    #[test]
    fn a_complete_form_has_no_problems_and_each_gap_is_named() {
        assert_eq!(problems(&complete()), Vec::<String>::new());
        let company = Form {
            document: "11.222.333/0001-81".into(),
            ..complete()
        };
        assert_eq!(problems(&company), ["Informe a razão social."]);
        let other_billing = Form {
            billing_same: false,
            ..complete()
        };
        assert!(
            problems(&other_billing)
                .iter()
                .any(|p| p.contains("cobrança"))
        );
        let bad = Form {
            email: "x".into(),
            mobile: "1".into(),
            plan_id: String::new(),
            ..complete()
        };
        assert_eq!(problems(&bad).len(), 3);
    }
}
