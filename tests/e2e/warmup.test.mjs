// The home rehearsed off the page while the first sign-in request is out: it makes no call
// of its own, shows nothing, signs nobody in and ends no session, and happens once per page.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journey, signIn } from './harness.mjs';

const j = journey({ consoleErrors: true });

test('the rehearsed home calls nothing, shows nothing and leaves a refused sign-in refused', async () => {
  const page = j.page;
  // The rehearsal's sample customer must never reach the page the subscriber sees.
  await page.addInitScript(() => {
    window.__sample = 0;
    new MutationObserver(() => {
      if (document.body?.textContent.includes('Assinante Exemplo')) window.__sample += 1;
    }).observe(document, { subtree: true, childList: true, characterData: true });
  });
  const calls = [];
  page.on('request', (r) => {
    const url = new URL(r.url());
    if (url.pathname.startsWith('/api/')) calls.push(`${r.method()} ${url.pathname}`);
  });
  const rehearsals = () => page.evaluate(() => performance.getEntriesByName('central:ensaio').length);

  await signIn(page, j.gateway.base, '529.982.247-25', '01/01/2000');
  await page.getByRole('alert').filter({ hasText: 'Não encontramos um cadastro' }).waitFor();
  await page.waitForFunction(() => performance.getEntriesByName('central:ensaio').length > 0);
  assert.equal(await rehearsals(), 1);
  assert.match(page.url(), /\/entrar$/, 'still at sign-in');
  assert.deepEqual(
    calls.filter((c) => c !== 'GET /api/v1/config' && c !== 'GET /api/v1/sessao'),
    ['POST /api/v1/sessao'],
    'the home drawn off the page asked the gateway for nothing',
  );
  assert.equal(await page.getByRole('navigation', { name: 'Principal' }).count(), 0, 'no signed-in frame on the page');

  await page.getByLabel('Data de nascimento').fill('14/03/1985');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  await page.getByTestId('next-amount').waitFor();
  assert.equal(await rehearsals(), 1, 'once per page');
  assert.equal(await page.evaluate(() => window.__sample), 0, 'the sample never shown');
  assert.deepEqual(j.pageErrors, []);
});
