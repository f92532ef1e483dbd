// The SPA shell: served by the gateway, mounted by the wasm, and its sign-in field masking
// and checking what a subscriber types.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { seriousA11yViolations, screenshots, startBrowser, startGateway } from './harness.mjs';

let gateway;
let browser;
let page;
const pageErrors = [];

before(async () => {
  gateway = await startGateway();
  browser = await startBrowser();
  page = await browser.newPage();
  // A CSP violation or a panic in the wasm shows up here.
  page.on('pageerror', (e) => pageErrors.push(e.message));
  page.on('console', (m) => {
    // The start-up session check answers 401 when nobody is signed in; the browser logs that.
    if (m.type() === 'error' && !/status of 401/.test(m.text())) pageErrors.push(m.text());
  });
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

test('the wasm app mounts and shows the sign-in card', async () => {
  await page.goto(gateway.base + '/');
  // index.html has an empty body: this heading exists only once the wasm has run.
  await page.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  assert.match(await page.title(), /Central do assinante$/);
  assert.equal(await page.locator('html').getAttribute('lang'), 'pt-BR');
});

test('a CPF is masked as typed and its check digits confirmed', async () => {
  const field = page.getByLabel('CPF ou CNPJ');
  await field.fill('');
  await field.pressSequentially('52998224725');
  assert.equal(await field.inputValue(), '529.982.247-25');
  await page.getByText('CPF válido.').waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'false');
});

test('an alphanumeric CNPJ typed in lower case is accepted in upper case', async () => {
  const field = page.getByLabel('CPF ou CNPJ');
  await field.fill('');
  await field.pressSequentially('12abc34501de35');
  assert.equal(await field.inputValue(), '12.ABC.345/01DE-35');
  await page.getByText('CNPJ válido.').waitFor();
});

test('wrong check digits are flagged before anything is sent', async () => {
  const field = page.getByLabel('CPF ou CNPJ');
  await field.fill('');
  await field.pressSequentially('52998224724');
  await page.getByText(/Confira o número: dígitos verificadores não conferem/).waitFor();
  assert.equal(await field.getAttribute('aria-invalid'), 'true');
  await screenshots(page, 'entrar-cpf-invalido');
});

test('a deep link to a client route loads the app, and unknown API paths are JSON 404', async () => {
  const response = await page.goto(gateway.base + '/faturas/123');
  assert.equal(response.status(), 200);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  const api = await fetch(gateway.base + '/api/v1/nao-existe');
  assert.equal(api.status, 404);
  assert.equal((await api.json()).code, 'nao_encontrado');
});

test('the sign-in page has no serious accessibility violations', async () => {
  await page.goto(gateway.base + '/');
  await page.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  await screenshots(page, 'entrar');
  assert.deepEqual(await seriousA11yViolations(page), []);
});

test('nothing was refused by the Content-Security-Policy and nothing panicked', () => {
  assert.deepEqual(pageErrors, []);
});
