//! "Assine": a prospect signs up for a plan without an account — plan, personal data,
//! address (a lead instead when the city is not served), due day, documents, review, and
//! a tracking link. The form is kept on the device while it is filled in; its rules are in
//! `model::signup`.

use api::{Choice, NewLead, NewProspect, Plan, ProspectCreated};
use brazil::{CpfOuCnpj, PersonKind};
use leptos::prelude::*;
use leptos::task::spawn_local;

use crate::browser;
use crate::client::{self, ClientError};
use crate::components::attachments::AttachmentPicker;
use crate::components::feedback::{ErrorView, OfflineWrites, Skeleton, online};
use crate::components::select::Select;
use crate::drafts;
use crate::erased::{Loaded, Sending};
use crate::format::{date, money};
use crate::model::signup::{Form, link_id};
use crate::state::use_auth;
use crate::storage::SIGNUP_DRAFT;

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
        plans: client::plans().await?,
        cities: client::cities().await?,
        due_days: client::due_days().await?,
        origins: if options.choose_origin {
            client::origins().await?
        } else {
            Vec::new()
        },
        resellers: if options.choose_reseller {
            client::resellers().await?
        } else {
            Vec::new()
        },
    })
}

/// The sign-up page.
#[component]
pub fn SignupPage() -> impl IntoView {
    let location = crate::router::use_location();
    // A link's plan, origin and reseller win over the kept draft's.
    let from_link = move |mut f: Form| {
        for (param, field) in [
            ("plano", &mut f.plan_id),
            ("origem", &mut f.origin_id),
            ("revendedor", &mut f.reseller_id),
        ] {
            if let Some(v) = location.query_untracked(param).filter(|v| !v.is_empty()) {
                *field = link_id(&v);
            }
        }
        if f.key.is_empty() {
            f.key = browser::random_key();
        }
        f
    };
    let form = RwSignal::new(from_link(Form::default()));
    let (full, set_full) = signal(false);
    let draft_loaded = drafts::keep(SIGNUP_DRAFT.to_string(), form, from_link, move || {
        set_full.set(true)
    });
    let auth = use_auth();
    let data = Loaded::new(move || lists(auth.config.get().map(|c| c.signup).unwrap_or_default()));
    let reviewing = RwSignal::new(false);
    let (errors, set_errors) = signal(Vec::<String>::new());
    let create = Sending::new(|p: &NewProspect| {
        let p = p.clone();
        async move {
            let created = client::create_prospect(&p).await;
            if created.is_ok() {
                drafts::forget(SIGNUP_DRAFT).await;
            }
            created
        }
    });
    let lead = Sending::new(|l: &NewLead| {
        let l = l.clone();
        async move { client::create_lead(&l).await }
    });
    view! {
        // Marked once the kept draft has been looked for, so a script (or a test) knows the
        // form will not change under it.
        <section class="card" aria-labelledby="assine-titulo"
            data-rascunho=move || if draft_loaded.get() { "pronto" } else { "carregando" }>
            <h1 id="assine-titulo" class="card__title">"Assine"</h1>
            {move || full.get().then(|| view! {
                <p class="notice" role="status">"Os documentos são grandes demais para ficarem salvos no aparelho; o restante continua salvo."</p>
            }.into_any())}
            {move || {
                if let Some(Ok(created)) = create.value() {
                    let link = format!("/assine/acompanhar/{}", created.tracking);
                    return view! {
                        <div role="status" data-testid="prospect-created">
                            <p><strong>"Pedido recebido!"</strong> " Número do pedido: " <strong data-testid="prospect-id">{created.id.clone()}</strong></p>
                            <p>"Guarde o link para acompanhar: " <a href=link.clone()>"acompanhar meu pedido"</a></p>
                        </div>
                    }
                    .into_any();
                }
                if let Some(Ok(done)) = lead.value() {
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
                        let found = form.with_untracked(Form::problems);
                        if found.is_empty() { reviewing.set(true); }
                        set_errors.set(found);
                    }>"Revisar pedido"</button>
                    {move || (!errors.get().is_empty()).then(|| view! {
                        <div class="error-text" role="alert"><ul>{errors.get().into_iter().map(|e| view! { <li>{e}</li> }).collect_view()}</ul></div>
                    }.into_any())} }.into_any(),
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
        <Select id label items empty="Escolha" value=Signal::derive(move || form.with(get))
            on_change=Callback::new(move |v| form.update(|f| set(f, v)))/>
    }
}

#[component]
fn Fields(form: RwSignal<Form>, lists: Lists) -> impl IntoView {
    let company = move || {
        CpfOuCnpj::parse(&form.get().document).is_ok_and(|d| d.kind() == PersonKind::Company)
    };
    let (notice, set_notice) = signal(None::<String>);
    let locate = move |_| {
        spawn_local(async move {
            match browser::position().await {
                Ok((lat, lon)) => form.update(|f| {
                    f.latitude = api::signup::coordinate(lat);
                    f.longitude = api::signup::coordinate(lon);
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
            {input(form, "uf", "Estado (UF)", |f| f.address.state.clone(), |f, v| f.address.state = v.to_ascii_uppercase(), "text", "address-level1")}
            <button type="button" class="button button--secondary" on:click=locate>"Usar minha localização (opcional)"</button>
            {move || (!form.get().latitude.is_empty()).then(|| view! { <p class="muted">"Localização registrada."</p> }.into_any())}
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
                {input(form, "cob-uf", "UF de cobrança", |f| f.billing.state.clone(), |f, v| f.billing.state = v.to_ascii_uppercase(), "text", "off")}
            </fieldset>
        }.into_any())}
        {choice_select(form, "vencimento", "Dia de vencimento", lists.due_days.clone(), |f| f.due_day_id.clone(), |f, v| f.due_day_id = v)}
        {(!lists.origins.is_empty()).then(|| choice_select(form, "origem", "Como conheceu o provedor?", lists.origins.clone(), |f| f.origin_id.clone(), |f, v| f.origin_id = v))}
        {(!lists.resellers.is_empty()).then(|| choice_select(form, "revendedor", "Revendedor", lists.resellers.clone(), |f| f.reseller_id.clone(), |f, v| f.reseller_id = v))}
        <AttachmentPicker legend="Documentos (foto do documento e comprovante de endereço)" input_id="documentos" item_id="document"
            files=Signal::derive(move || form.with(|f| f.documents.clone()))
            on_change=Callback::new(move |list| form.update(|f| f.documents = list))/>
        {move || notice.get().map(|n| view! { <p class="error-text" role="alert">{n}</p> })}
    }
}

#[component]
fn Review(
    form: RwSignal<Form>,
    lists: Lists,
    reviewing: RwSignal<bool>,
    create: Sending<NewProspect, Result<ProspectCreated, ClientError>>,
    lead: Sending<NewLead, Result<Choice, ClientError>>,
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
        if !create.pending_untracked() && !matches!(create.value_untracked(), Some(Ok(_))) {
            create.dispatch(form.with_untracked(Form::prospect));
        }
    };
    let notify = move |_| {
        let f = form.get_untracked();
        lead.dispatch(f.lead());
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
        {move || create.value().and_then(Result::err).map(|e| view! { <p class="error-text" role="alert">{e.message()} " Seus dados continuam salvos."</p> })}
        {move || lead.value().and_then(Result::err).map(|e| view! { <p class="error-text" role="alert">{e.message()}</p> })}
        {if served {
            view! {
                <div class="actions">
                    <OfflineWrites/>
                    <button class="button button--primary" on:click=confirm disabled=move || create.pending() || !online()>
                        {move || if create.pending() { "Enviando…" } else { "Confirmar pedido" }}
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
                    <button class="button button--primary" on:click=notify disabled=move || lead.pending() || !online()>"Avise-me"</button>
                    <button class="button button--secondary" on:click=move |_| reviewing.set(false)>"Corrigir endereço"</button>
                </div>
            }
            .into_any()
        }}
    }
}

/// The tracking page of a prospect.
#[component]
pub fn TrackingPage(token: String) -> impl IntoView {
    let status = Loaded::new(move || {
        let token = token.clone();
        async move { client::prospect_status(&token).await }
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
                    <p class="muted">"Consultado em " {date(Some(browser::today()))} "."</p>
                    <button class="button button--secondary" on:click=move |_| status.refetch()>"Atualizar"</button>
                }
                .into_any(),
            }}
        </section>
    }
}
