// The portal against an ERP that sends exactly the contract's current fields (v21): services
// show on their contract, the unlock is offered without eligibility data and the ERP's reply
// decides, and an inactive customer is told so.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { existsSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { artifacts, download, erpSwitches, journey, signIn, goTo } from './harness.mjs';

const j = journey();

test('v21: services show on the contract and a suspended one is unlocked', async () => {
  await erpSwitches(j.gateway.erpBase, { perfil: 'v21' });
  await signIn(j.page, j.gateway.base, '123.456.789-09', '25/07/1992');
  await j.page.getByText(/Olá, Ana/).waitFor();
  await goTo(j.page, 'Contratos');
  const contract = j.page.getByTestId('contract').first();
  await contract.getByText('Suspenso').waitFor();
  await contract.getByRole('link', { name: 'Desbloqueio de confiança' }).click();
  await j.page.getByRole('button', { name: 'Desbloquear agora' }).click();
  await j.page.getByTestId('unlock-result').getByText('Serviço desbloqueado.').waitFor();
});

test('v21: the invoices, statement and notas fiscais read', async () => {
  await j.page.goto(j.gateway.base + '/faturas');
  await j.page.getByTestId('invoice-row').first().waitFor();
  await j.page.goto(j.gateway.base + '/extrato');
  await j.page.getByTestId('statement-row').first().waitFor();
  await j.page.goto(j.gateway.base + '/documentos');
  await j.page.getByRole('heading', { name: 'Notas fiscais' }).waitFor();
});

test('v21: the invoice offers a boleto PDF the portal drew, rendered to PNG for the artifacts', async () => {
  await j.page.goto(j.gateway.base + '/faturas');
  await j.page.getByTestId('invoice-row').first().click();
  const { bytes } = await download(j.page, j.page.getByRole('link', { name: 'Baixar boleto (PDF)' }));
  assert.equal(bytes.subarray(0, 5).toString(), '%PDF-');
  const pdf = join(artifacts, 'boleto-v21.pdf');
  writeFileSync(pdf, bytes);
  execFileSync('pdftoppm', ['-png', '-r', '80', '-singlefile', pdf, join(artifacts, 'boleto-v21')]);
  assert.ok(existsSync(join(artifacts, 'boleto-v21.png')));
});

test('an inactive customer signs in and is told so at home', async () => {
  await signIn(j.page, j.gateway.base, '36.002.518/0001-01', '54310-010');
  await j.page.getByTestId('inactive-notice').waitFor();
  assert.match(await j.page.getByTestId('inactive-notice').textContent(), /inativo/);
});

test('no page threw an error', () => {
  assert.deepEqual(j.pageErrors, []);
});
