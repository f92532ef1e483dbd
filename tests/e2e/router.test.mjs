// The address bar as a subscriber uses it: the portal's links followed without reloading
// the page, back and forward, a subscriber's page asked for without a session, an address
// the portal does not have, and links the browser keeps (downloads, other sites).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goTo, journey, signIn } from './harness.mjs';

const j = journey({ consoleErrors: true });

const heading = (name) => j.page.getByRole('heading', { name, level: 1 });
/** Marks the loaded page, so a reload (which forgets the mark) shows. */
const mark = () => j.page.evaluate(() => { window.centralMark = true; });
const marked = () => j.page.evaluate(() => window.centralMark === true);

test('the portal\'s links move without reloading, at the top of the new page, and back and forward show each page again', async () => {
  await signIn(j.page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await heading(/Olá, Maria/).waitFor();
  await mark();
  await goTo(j.page, 'Faturas');
  await heading('Faturas em aberto').waitFor();
  await goTo(j.page, 'Contratos');
  await heading('Contratos e serviços').waitFor();
  // Scrolled down, a link leads to the top of the next page.
  await j.page.evaluate(() => window.scrollTo(0, document.body.scrollHeight));
  await goTo(j.page, 'Extrato');
  await heading('Extrato de pagamentos').waitFor();
  assert.equal(await j.page.evaluate(() => window.scrollY), 0);

  await j.page.goBack();
  await heading('Contratos e serviços').waitFor();
  assert.equal(new URL(j.page.url()).pathname, '/contratos');
  await j.page.goBack();
  await heading('Faturas em aberto').waitFor();
  assert.equal(new URL(j.page.url()).pathname, '/faturas');
  await j.page.goForward();
  await heading('Contratos e serviços').waitFor();
  assert.ok(await marked(), 'no page was loaded again');
});

test('a link that downloads or leaves the portal is the browser\'s, not the app\'s', async () => {
  const followed = await j.page.evaluate(() => {
    const seen = [];
    for (const [href, attrs] of [['/api/v1/faturas/x/pdf', { download: '' }], ['https://outro.example/', {}], ['/faturas', { target: '_blank' }], ['/faturas', { rel: 'external' }]]) {
      const a = document.createElement('a');
      a.href = href;
      for (const [k, v] of Object.entries(attrs)) a.setAttribute(k, v);
      document.body.append(a);
      // A listener after the app's sees whether the app took the click.
      let taken = null;
      const look = (e) => { taken = e.defaultPrevented; e.preventDefault(); };
      window.addEventListener('click', look);
      a.click();
      window.removeEventListener('click', look);
      a.remove();
      seen.push([href, taken]);
    }
    return seen;
  });
  for (const [href, taken] of followed) assert.equal(taken, false, href);
  assert.equal(new URL(j.page.url()).pathname, '/contratos');
  assert.ok(await marked());
});

test('a subscriber\'s page without a session goes to sign-in, and back does not return to it', async () => {
  await j.browser.clearCookies();
  await j.page.goto(j.gateway.base + '/assine');
  await heading('Assine').waitFor();
  await j.page.goto(j.gateway.base + '/perfil');
  await heading('Entrar').waitFor();
  assert.equal(new URL(j.page.url()).pathname, '/entrar');
  await j.page.goBack();
  await heading('Assine').waitFor();
  assert.equal(new URL(j.page.url()).pathname, '/assine');
});

test('an address the portal does not have says so, and its link goes home (sign-in, without a session)', async () => {
  for (const path of ['/faturasx', '/faturas/1/2', '/servicos/S1']) {
    await j.page.goto(j.gateway.base + path);
    await heading('Página não encontrada').waitFor();
  }
  await mark();
  await j.page.getByRole('link', { name: 'Voltar ao início' }).click();
  await heading('Entrar').waitFor();
  assert.equal(new URL(j.page.url()).pathname, '/entrar');
  assert.ok(await marked(), 'followed in place');
});

test('nothing was logged as an error and nothing panicked', () => {
  assert.deepEqual(j.pageErrors, []);
});
