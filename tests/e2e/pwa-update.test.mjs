// A new build deployed under an open, installed portal: the service worker finds it, the
// portal offers "Nova versão disponível — atualizar", and accepting loads the new version.
import assert from 'node:assert/strict';
import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { journey, screenshots } from './harness.mjs';

// A build folder of this journey's own, so that it can "deploy" a new version into it.
const dist = mkdtempSync(join(tmpdir(), 'central-dist-'));
const j = journey({
  consoleErrors: true,
  gateway: () => {
    cpSync(process.env.CENTRAL_DIST ?? join(import.meta.dirname, '..', '..', 'dist'), dist, { recursive: true });
    return { dist };
  },
});

const controlled = (page) => page.waitForFunction(() => navigator.serviceWorker.controller !== null, null, { timeout: 15000 });

test('a new build deployed: the prompt appears, and accepting it loads the new version', async () => {
  const { page } = j;
  await page.goto(j.gateway.base + '/entrar');
  await controlled(page);
  // As an installed portal is opened: loaded through its worker, not claimed by it.
  await page.reload();
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await controlled(page);
  assert.equal(await page.getByText('Nova versão disponível').count(), 0);

  // The deploy: a new index.html (its compressed twins would still be the old one).
  const index = join(dist, 'index.html');
  writeFileSync(index, readFileSync(index, 'utf8').replace('</body>', '<!-- versão 2 --></body>'));
  rmSync(index + '.br', { force: true });
  rmSync(index + '.gz', { force: true });
  const state = () =>
    page.evaluate(async () => {
      const r = await navigator.serviceWorker.getRegistration();
      const served = await (await fetch('/sw.js', { cache: 'no-store' })).text();
      return {
        waiting: r?.waiting?.state ?? null,
        installing: r?.installing?.state ?? null,
        active: r?.active?.state ?? null,
        caches: await caches.keys(),
        served: served.match(/VERSION = '(\w+)'/)?.[1],
      };
    });
  // What the portal does every 15 minutes, done now.
  await page.evaluate(async () => (await navigator.serviceWorker.getRegistration()).update());
  let seen;
  for (let i = 0; i < 40 && !seen?.waiting; i++) {
    if (i) await page.waitForTimeout(250);
    seen = await state();
  }
  assert.ok(seen.waiting, `the browser found no new version: ${JSON.stringify(seen)}`);
  await page
    .getByText('Nova versão disponível')
    .waitFor({ timeout: 10000 })
    .catch(async (e) => {
      const seen = await page.evaluate(() => [location.href, document.body.innerText.slice(0, 200)]);
      throw new Error(`${e.message}\nworker: ${JSON.stringify(await state())}\npage: ${JSON.stringify(seen)}\nerrors: ${JSON.stringify(j.pageErrors)}`);
    });
  await screenshots(page, 'pwa-nova-versao');
  await page.getByRole('button', { name: 'atualizar' }).click();
  await page.waitForFunction(() => document.documentElement.outerHTML.includes('versão 2'), null, { timeout: 15000 });
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  assert.equal(await page.getByText('Nova versão disponível').count(), 0);
  assert.deepEqual(j.pageErrors, []);
});
