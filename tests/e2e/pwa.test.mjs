// The installed portal: a valid manifest with its icons, a service worker that controls the
// page, the last invoices offline after a reload (PIX copy included), and sign-out erasing
// the device's copy.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journey, screenshots, signIn, goTo, signOut } from './harness.mjs';

const j = journey({ clipboard: true, consoleErrors: true });

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });

test('the portal is installable: manifest, icons and a service worker in control', async () => {
  const { page } = j;
  await page.goto(j.gateway.base + '/entrar');
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await controlled(page);

  const cdp = await page.context().newCDPSession(page);
  const { installabilityErrors } = await cdp.send('Page.getInstallabilityErrors');
  assert.deepEqual(installabilityErrors, [], JSON.stringify(installabilityErrors));
  const manifest = await cdp.send('Page.getAppManifest');
  assert.deepEqual(manifest.errors, []);
  await cdp.detach();
  const parsed = JSON.parse(manifest.data);
  assert.equal(parsed.display, 'standalone');
  assert.equal(parsed.start_url, '/');
  assert.equal(parsed.theme_color, '#0b5fff');
  assert.match(parsed.name, /Provedor Demo/);
  for (const icon of parsed.icons) {
    const r = await page.request.get(j.gateway.base + icon.src);
    assert.equal(r.status(), 200, icon.src);
    assert.equal(r.headers()['content-type'], 'image/png');
    const size = Number(icon.sizes.split('x')[0]);
    const png = await r.body();
    assert.equal(png.readUInt32BE(16), size, `${icon.src} is ${icon.sizes}`);
  }
  assert.ok(parsed.icons.some((i) => i.sizes === '192x192'));
  assert.ok(parsed.icons.some((i) => i.sizes === '512x512' && i.purpose === 'maskable'));
});

test('offline after sign-in: a reload shows the last invoices with their date, and PIX copy works', async () => {
  const { page } = j;
  const answered = page.waitForResponse((r) => r.url().endsWith('/api/v1/sessao') && r.request().method() === 'POST');
  await signIn(page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  // The device's copy: the session and its invoices as JSON, never the form token.
  const token = (await (await answered).json()).csrf_token;
  assert.ok(token.length > 10);
  const copy = await page.evaluate(() => localStorage.getItem('central.offline'));
  const kept = JSON.parse(copy);
  assert.match(kept.session.customer.name, /^Maria/);
  assert.equal(kept.session.csrf_token, '');
  assert.ok(kept.invoices.length >= 1 && Number.isInteger(kept.saved_at_ms), copy.slice(0, 200));
  assert.ok(!copy.includes(token), 'the token stays off the device');
  await goTo(page, 'Faturas');
  const rows = page.locator('.invoice-row');
  await rows.first().waitFor();
  const online = await rows.count();
  assert.ok(online >= 1);

  // Losing the connection on a form: the write is disabled and says why.
  await goTo(page, 'Meus dados');
  const save = page.getByRole('button', { name: 'Salvar' });
  await save.waitFor();
  assert.equal(await save.isDisabled(), false);
  await page.context().setOffline(true);
  await page.getByText('Sem conexão: isto poderá ser enviado quando a internet voltar.').waitFor();
  assert.equal(await save.isDisabled(), true);
  await goTo(page, 'Faturas');
  await rows.first().waitFor();

  await page.reload();
  await page.getByText('Sem conexão.').waitFor();
  await page.getByText(/Faturas atualizadas em \d{2}\/\d{2}\/\d{4} às \d{2}:\d{2}\./).waitFor();
  await rows.first().waitFor();
  assert.equal(await rows.count(), online, 'the same invoices as online');
  await screenshots(page, 'pwa-offline-faturas');

  await rows.first().locator('a').first().click();
  await page.getByRole('heading', { name: 'Pagar com Pix' }).waitFor();
  await page.getByRole('button', { name: 'Copiar código Pix' }).click();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  assert.match(copied, /^000201/, 'the BR Code, offline');
  assert.equal(await page.getByTestId('pix-qr').locator('svg').count(), 1, 'QR drawn offline');
  await screenshots(page, 'pwa-offline-pix');

  await page.context().setOffline(false);
  // Requests that failed while offline are what this journey provoked; nothing else was logged.
  const unexpected = j.pageErrors.filter((e) => !/net::ERR_(INTERNET_DISCONNECTED|FAILED)/.test(e));
  assert.deepEqual(unexpected, []);
  j.pageErrors.length = 0;
});

test('sign-out erases what the device kept', async () => {
  const { page } = j;
  await page.goto(j.gateway.base + '/');
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  const kept = () => page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('central.')));
  assert.ok((await kept()).includes('central.offline'));
  await signOut(page);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  assert.deepEqual(await kept(), []);
});
