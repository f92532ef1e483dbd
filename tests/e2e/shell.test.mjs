// The SPA shell: served by the j.gateway, mounted by the wasm, and its sign-in field masking
// and checking what a subscriber types.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journey, screenshots, seriousA11yViolations } from './harness.mjs';

const j = journey({ consoleErrors: true });
const pageErrors = j.pageErrors;

test('the wasm app mounts and shows the sign-in card', async () => {
  await j.page.goto(j.gateway.base + '/');
  // index.html paints only a placeholder: this heading exists once the wasm has run, and
  // the placeholder is gone by then.
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  assert.equal(await j.page.locator('#casca').count(), 0);
  assert.match(await j.page.title(), /Central do assinante$/);
  assert.equal(await j.page.locator('html').getAttribute('lang'), 'pt-BR');
});

test('a CPF is masked as typed and its check digits confirmed', async () => {
  const field = j.page.getByLabel('CPF ou CNPJ');
  await field.fill('');
  await field.pressSequentially('52998224725');
  assert.equal(await field.inputValue(), '529.982.247-25');
  await j.page.getByText('CPF válido.').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'false');
});

test('an alphanumeric CNPJ typed in lower case is accepted in upper case', async () => {
  const field = j.page.getByLabel('CPF ou CNPJ');
  await field.fill('');
  await field.pressSequentially('12abc34501de35');
  assert.equal(await field.inputValue(), '12.ABC.345/01DE-35');
  await j.page.getByText('CNPJ válido.').waitFor();
});

test('wrong check digits are flagged before anything is sent', async () => {
  const field = j.page.getByLabel('CPF ou CNPJ');
  await field.fill('');
  await field.pressSequentially('52998224724');
  await j.page.getByText(/Confira o número: dígitos verificadores não conferem/).waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await screenshots(j.page, 'entrar-cpf-invalido');
});

test('a deep link to a client route loads the app, and unknown API paths are JSON 404', async () => {
  const response = await j.page.goto(j.gateway.base + '/faturas/123');
  assert.equal(response.status(), 200);
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  const api = await fetch(j.gateway.base + '/api/v1/nao-existe');
  assert.equal(api.status, 404);
  assert.equal((await api.json()).code, 'nao_encontrado');
});

test('the sign-in j.page has no serious accessibility violations', async () => {
  await j.page.goto(j.gateway.base + '/');
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  await screenshots(j.page, 'entrar');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('nothing was refused by the Content-Security-Policy and nothing panicked', () => {
  assert.deepEqual(pageErrors, []);
});
