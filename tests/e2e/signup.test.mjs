// The public "Assine" flow: a full sign-up with documents, tracking and a status change,
// a lead for a city not served, a reload mid-form, and a double submit.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { JPG, pdf } from './files.mjs';
import { erpFiles, erpProspectStatus, erpRecords, journey, screenshots, seriousA11yViolations, waitForDraft } from './harness.mjs';

const j = journey();
const pageErrors = j.pageErrors;
const PDF = pdf(1_500);

/**
 * Opens the sign-up form at `query` once the page has settled: configuration, session and
 * the ERP's lists answered (the form is drawn again when they arrive), any kept draft put
 * in, and the plans shown.
 */
async function openSignup(query = '') {
  await j.page.goto(`${j.gateway.base}/assine${query}`, { waitUntil: 'networkidle' });
  await j.page.locator('[data-rascunho="pronto"]').waitFor();
  await j.page.getByRole('radio').first().waitFor();
}

async function fill(city, document = '868.263.820-75') {
  await j.page.getByLabel('Nome completo (ou do responsável)').fill('Cliente Novo da Silva');
  await j.page.getByLabel('CPF ou CNPJ').fill(document);
  await j.page.getByLabel('Data de nascimento').fill('10/10/1990');
  await j.page.getByLabel('E-mail').fill('novo@example.com');
  await j.page.getByLabel('Celular').fill('(81) 98765-4321');
  await j.page.getByLabel('CEP', { exact: true }).fill('53020-140');
  await j.page.getByLabel('Rua', { exact: true }).fill('Avenida Olinda');
  await j.page.getByLabel('Número', { exact: true }).fill('10');
  await j.page.getByLabel('Bairro', { exact: true }).fill('Varadouro');
  await j.page.getByLabel('Cidade', { exact: true }).fill(city);
  await j.page.getByLabel('Estado (UF)').fill('PE');
  await j.page.getByLabel('Dia de vencimento').selectOption({ label: 'dia 10' });
}

test('a full sign-up with two documents creates the prospect and its files in the ERP', async () => {
  await openSignup('?plano=P3&origem=O3');
  await j.page.getByRole('heading', { name: 'Assine' }).waitFor();
  assert.ok(await j.page.getByRole('radio', { name: /Fibra 1 Giga/ }).isChecked(), 'the plan comes from the link');
  await fill('Olinda');
  await j.page.getByTestId('documentos').setInputFiles([
    { name: 'rg.jpg', mimeType: 'image/jpeg', buffer: JPG },
    { name: 'comprovante.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await j.page.getByTestId('document').nth(1).waitFor();
  await screenshots(j.page, 'assine');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
  await j.page.getByRole('button', { name: 'Revisar pedido' }).click();
  await j.page.getByRole('heading', { name: 'Confira seu pedido' }).waitFor();
  await j.page.getByRole('button', { name: 'Confirmar pedido' }).click();
  const id = (await j.page.getByTestId('prospect-id').textContent()).trim();
  const record = (await erpRecords(j.gateway.erpBase, 'prospect')).find((p) => p.id_prospecto === id);
  assert.equal(record.id_origem, 'O3');
  assert.equal(record.servicos[0].id_servico, 'P3');
  assert.equal(record.cnpj_cpf, '86826382075');
  const files = await erpFiles(j.gateway.erpBase, 'prospect', id);
  assert.deepEqual(files.map((f) => f.name.replace(/^[0-9a-f]{32}/, '*')), ['*.jpg', '*.pdf', '*.jpg', '*.pdf']);
  assert.ok(files[0].bytes.equals(JPG) && files[1].bytes.equals(PDF));

  // The tracking j.page shows the status, and a change made in the ERP.
  await j.page.getByRole('link', { name: 'acompanhar meu pedido' }).click();
  await j.page.getByTestId('prospect-status').waitFor();
  assert.equal(await j.page.getByTestId('prospect-status').textContent(), 'Inicial');
  await erpProspectStatus(j.gateway.erpBase, id, '3', 'Endereço sem viabilidade técnica');
  await j.page.getByRole('button', { name: 'Atualizar' }).click();
  await j.page.getByText('Reprovado').waitFor();
  assert.match(await j.page.getByTestId('prospect-reason').textContent(), /sem viabilidade/);
  await screenshots(j.page, 'acompanhar');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('a city that is not served creates a lead instead', async () => {
  await openSignup('?plano=P1');
  await fill('Garanhuns', '390.533.447-05');
  await j.page.getByRole('button', { name: 'Revisar pedido' }).click();
  await j.page.getByTestId('not-served').waitFor();
  assert.equal(await j.page.getByRole('button', { name: 'Confirmar pedido' }).count(), 0);
  await j.page.getByRole('button', { name: 'Avise-me' }).click();
  await j.page.getByTestId('lead-created').waitFor();
  const leads = await erpRecords(j.gateway.erpBase, 'lead');
  assert.ok(leads.some((l) => l.cidade === 'Garanhuns' && l.CEP === '53020140'), JSON.stringify(leads));
});

test('a reload in the middle of the form keeps what was typed', async () => {
  await openSignup();
  // An earlier test's draft may fill the form: it is emptied first, so each value below is
  // typed into an empty field.
  for (const label of ['Nome completo (ou do responsável)', 'E-mail']) {
    await j.page.getByLabel(label).fill('');
    await j.page.waitForFunction((l) => [...document.querySelectorAll('label')].find((e) => e.textContent.trim() === l)?.control?.value === '', label);
  }
  await j.page.getByLabel('Nome completo (ou do responsável)').fill('Quem Recarregou');
  await j.page.getByLabel('E-mail').fill('recarga@example.com');
  await j.page.getByRole('radio', { name: /Fibra 300 Mega/ }).check();
  assert.equal(await j.page.getByLabel('Nome completo (ou do responsável)').inputValue(), 'Quem Recarregou');
  // The reload comes once the last change is kept, as a subscriber's would a moment later.
  await waitForDraft(j.page, 'central.cadastro.texto', { includes: ['"Quem Recarregou"', '"recarga@example.com"'] }, 10_000);
  await j.page.reload();
  await j.page.locator('[data-rascunho="pronto"]').waitFor();
  assert.equal(await j.page.getByLabel('Nome completo (ou do responsável)').inputValue(), 'Quem Recarregou');
  assert.equal(await j.page.getByLabel('E-mail').inputValue(), 'recarga@example.com');
  assert.ok(await j.page.getByRole('radio', { name: /Fibra 300 Mega/ }).isChecked());
});

test('submitting twice creates one prospect', async () => {
  await openSignup('?plano=P1');
  await fill('Recife', '287.792.958-27');
  await j.page.getByRole('button', { name: 'Revisar pedido' }).click();
  const before = (await erpRecords(j.gateway.erpBase, 'prospect')).length;
  await j.page.getByRole('button', { name: 'Confirmar pedido' }).dblclick();
  await j.page.getByTestId('prospect-id').waitFor();
  const after = await erpRecords(j.gateway.erpBase, 'prospect');
  assert.equal(after.length, before + 1);
  assert.equal(after.filter((p) => p.cnpj_cpf === '28779295827').length, 1);
});

test('no j.page threw an error', () => {
  assert.deepEqual(pageErrors, []);
});
