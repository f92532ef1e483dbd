// The first screen before the app's wasm has arrived: where the app would open on sign-in,
// the page's own HTML field takes the CPF or CNPJ, and the app adopts what was typed (and a
// form already sent); elsewhere, and on a device that was signed in, only the placeholder.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { appStarted, journey, withHeldApp } from './harness.mjs';

const j = journey({ consoleErrors: true });
const browsers = [];
after(async () => Promise.all(browsers.map((b) => b.close())));
/** A browser with the app held back, closed after the file's tests. */
async function held() {
  const h = await withHeldApp();
  browsers.push(h.browser);
  return h;
}

test('the CPF typed before the app arrives is kept, masked and checked, with the caret still in it', async () => {
  const { page, release, errors } = await held();
  await page.goto(j.gateway.base + '/entrar', { waitUntil: 'domcontentloaded' });
  const field = page.getByLabel('CPF ou CNPJ');
  await field.pressSequentially('52998224725');
  assert.equal(await page.locator('#casca').count(), 1, 'typed into the page, before the app');
  release();
  await appStarted(page);
  assert.equal(await field.inputValue(), '529.982.247-25');
  await page.getByText('CPF válido.').waitFor();
  assert.equal(await page.evaluate(() => document.activeElement?.id), 'documento');
  // The app's field goes on taking the keys where the page's left off.
  await field.press('Backspace');
  assert.equal(await field.inputValue(), '529.982.247-2');
  assert.deepEqual(errors, []);
});

test('a form sent before the app arrives goes on to the second factor once it has', async () => {
  const { page, release } = await held();
  await page.goto(j.gateway.base + '/', { waitUntil: 'domcontentloaded' });
  await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await page.getByRole('button', { name: 'Continuar' }).click();
  assert.match(page.url(), /\/$/, 'nothing was sent by the browser itself');
  release();
  await appStarted(page);
  const factor = page.getByLabel('Data de nascimento');
  await factor.waitFor();
  await page.waitForFunction(() => document.activeElement?.id === 'fator');
  await factor.fill('14/03/1985');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
});

test('a deep link, and a device that was signed in, get the placeholder instead of the field', async () => {
  for (const [path, signedInBefore] of [
    ['/faturas', false],
    ['/', true],
  ]) {
    const { page, release } = await held();
    if (signedInBefore) {
      await page.goto(j.gateway.base + '/nada.txt');
      await page.evaluate(() => localStorage.setItem('central.offline', '{}'));
    }
    await page.goto(j.gateway.base + path, { waitUntil: 'domcontentloaded' });
    await page.getByText('Carregando…').waitFor();
    assert.equal(await page.getByRole('textbox', { name: 'CPF ou CNPJ' }).count(), 0, path);
    release();
    await appStarted(page);
  }
});

test('nothing was logged as an error and nothing panicked', () => {
  assert.deepEqual(j.pageErrors, []);
});
