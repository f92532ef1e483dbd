// Each part of the portal an ISP can switch off disappears from the screens: tickets,
// unlock, quitação and sign-up, with a clear message where a deep link still leads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goTo, journey, mainNav, settled, signIn, signOut } from './harness.mjs';

const j = journey({
  gateway: {
    tables: ['[features]', 'tickets = false', 'unlock = false', 'quitacao = false', 'signup = false'],
  },
});

async function signInAna() {
  await signIn(j.page, j.gateway.base, '123.456.789-09', '25/07/1992');
  await j.page.getByText(/Olá, Ana/).waitFor();
}

test('tickets off: no Atendimento in the navigation, and the page says whom to call', async () => {
  await signInAna();
  const nav = mainNav(j.page);
  await nav.getByRole('link', { name: 'Faturas', exact: true }).waitFor();
  await nav.getByRole('button', { name: 'Mais' }).click();
  await nav.getByRole('link', { name: 'Extrato', exact: true }).waitFor();
  assert.equal(await j.page.getByRole('link', { name: 'Atendimento' }).count(), 0, 'neither a tab nor under Mais');
  await j.page.keyboard.press('Escape');
  await j.page.setViewportSize({ width: 1280, height: 800 });
  await nav.getByRole('link', { name: 'Extrato', exact: true }).waitFor();
  assert.equal(await j.page.getByRole('link', { name: 'Atendimento' }).count(), 0, 'nor in the wide header');
  await j.page.setViewportSize({ width: 360, height: 740 });
  await settled(j.page);
  await j.page.goto(j.gateway.base + '/chamados/novo');
  await j.page.getByTestId('feature-off').waitFor();
  assert.equal(await j.page.getByLabel('Assunto').count(), 0);
});

test('unlock off: the banner and the contracts page offer no unlock', async () => {
  await j.page.goto(j.gateway.base + '/');
  await j.page.getByTestId('suspended').getByRole('heading', { name: 'Serviço suspenso' }).waitFor();
  assert.equal(await j.page.getByRole('link', { name: 'desbloqueio de confiança' }).count(), 0);
  await goTo(j.page, 'Contratos');
  await j.page.getByTestId('contract').first().waitFor();
  await j.page.getByText('Suspenso').first().waitFor();
  assert.equal(await j.page.getByRole('link', { name: 'Desbloqueio de confiança' }).count(), 0);
  await j.page.goto(j.gateway.base + '/servicos/S10031/desbloqueio');
  await j.page.getByTestId('feature-off').waitFor();
});

test('quitação off: the documents page shows the notas fiscais only', async () => {
  await j.page.goto(j.gateway.base + '/documentos');
  await j.page.getByRole('heading', { name: 'Notas fiscais', level: 1 }).waitFor();
  assert.equal(await j.page.getByRole('heading', { name: 'Declaração de quitação' }).count(), 0);
});

test('sign-up off: the sign-in page does not offer it', async () => {
  await signOut(j.page);
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor();
  assert.equal(await j.page.getByRole('link', { name: 'Assine' }).count(), 0);
});

test('no page threw an error', () => {
  assert.deepEqual(j.pageErrors, []);
});
