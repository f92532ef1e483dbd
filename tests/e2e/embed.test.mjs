// The portal in the ISP's site through embed.js: the frame follows its content's height, the
// portal works inside it (a cross-site frame, so the session rides a Partitioned cookie),
// and a site missing from the allow-list is refused by the browser.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { freePort, journey, screenshots } from './harness.mjs';

// The demo ERP serves the demo host page; seen as http://localhost:<port> it is another site
// than the portal on 127.0.0.1, and that origin is the one allowed to embed it.
let erpPort;
const j = journey({
  consoleErrors: true,
  gateway: async () => {
    erpPort = await freePort();
    return {
      erpPort,
      session: ['same_site = "none-partitioned"'],
      tables: ['[embed]', `origins = ["http://localhost:${erpPort}"]`],
    };
  },
});

const host = (origin, page = '/', theme = '') =>
  `${origin}/_demo/site?portal=${encodeURIComponent(j.gateway.base)}&pagina=${encodeURIComponent(page)}&tema=${theme}`;

async function heights(page) {
  const frame = page.frameLocator('iframe[title="Central do assinante"]');
  const inner = await frame.locator('body').evaluate((b) => Math.ceil(b.getBoundingClientRect().height));
  const outer = await page.locator('iframe').evaluate((f) => f.getBoundingClientRect().height);
  return { inner, outer };
}

/** Waits until the frame is as tall as the portal's content (the frame starts at 640 px). */
async function followed(page) {
  let last;
  for (let i = 0; i < 50; i++) {
    last = await heights(page);
    if (Math.abs(last.inner - last.outer) <= 1) return last;
    await page.waitForTimeout(100);
  }
  assert.fail(`frame ${last.outer}px, content ${last.inner}px`);
}

test('the embed demo page shows the portal in a frame as tall as its content', async () => {
  const { page } = j;
  await page.goto(host(`http://localhost:${erpPort}`));
  const frame = page.frameLocator('iframe[title="Central do assinante"]');
  await frame.getByRole('heading', { name: 'Entrar' }).waitFor({ timeout: 15000 });
  const login = await followed(page);
  assert.ok(login.outer > 200, `${login.outer}`);

  await frame.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await frame.getByLabel('Data de nascimento').fill('14/03/1985');
  await frame.getByRole('button', { name: 'Entrar' }).click();
  await frame.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  await frame.getByTestId('next-invoice').waitFor();
  const home = await followed(page);
  assert.notEqual(home.outer, login.outer, 'the frame resized with its content');
  // The host page's footer sits right under the portal: no inner scrollbar, no gap.
  const gap = await page.evaluate(() => document.querySelector('footer').getBoundingClientRect().top - document.querySelector('iframe').getBoundingClientRect().bottom);
  assert.ok(gap >= 0 && gap < 40, `${gap}`);
  await screenshots(page, 'embutido');
});

test('a deep link opens the invoices in the theme asked for, and the session set inside the frame holds', async () => {
  const { page } = j;
  await page.goto(host(`http://localhost:${erpPort}`, '/faturas', 'escuro'));
  const frame = page.frameLocator('iframe[title="Central do assinante"]');
  await frame.getByTestId('invoice-row').first().waitFor({ timeout: 15000 });
  await followed(page);
  assert.equal(await frame.locator('html').getAttribute('data-tema'), 'escuro');
  const background = await frame.locator('body').evaluate((b) => getComputedStyle(document.documentElement).getPropertyValue('--bg').trim());
  assert.equal(background, '#0f1218');
  // In a phone-wide frame the tab bar sits under the frame's header, the page marked, and
  // "Mais" opens in place.
  const nav = frame.getByRole('navigation', { name: 'Principal' });
  assert.equal(await nav.getByRole('link', { name: 'Faturas' }).getAttribute('aria-current'), 'page');
  const header = await frame.locator('header').boundingBox();
  const bar = await nav.boundingBox();
  assert.ok(Math.abs(bar.y - (header.y + header.height)) < 2, `${JSON.stringify(header)} ${JSON.stringify(bar)}`);
  await nav.getByRole('button', { name: 'Mais' }).click();
  await nav.getByRole('link', { name: 'Extrato' }).click();
  await frame.getByRole('heading', { name: 'Extrato de pagamentos' }).waitFor();
  await page.goto(host(`http://localhost:${erpPort}`, '/faturas', 'escuro'));
  await frame.getByTestId('invoice-row').first().waitFor({ timeout: 15000 });
  await screenshots(page, 'embutido-faturas-escuro');
});

test('a site missing from the allow-list is refused by the browser', async () => {
  const page = await j.browser.newPage();
  const refused = page.waitForEvent('console', { predicate: (m) => /frame-ancestors/.test(m.text()), timeout: 15000 });
  await page.goto(host(`http://127.0.0.1:${erpPort}`));
  await refused;
  const frame = page.frames().find((f) => f !== page.mainFrame());
  assert.ok(frame, 'the frame element exists');
  // Given the time the portal needs to appear when allowed, it must still not be there.
  await page.waitForTimeout(2000);
  assert.equal(await frame.getByRole('heading', { name: 'Entrar' }).count(), 0, 'the portal is not in it');
  assert.equal(await frame.getByLabel('CPF ou CNPJ').count(), 0);
  await page.close();
});
