// Starts what a journey needs on free loopback ports (the gateway serving the built SPA)
// and a headless Chromium, and stops them again. Every journey file uses it.
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { after, before } from 'node:test';
import { chromium } from 'playwright-core';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
export const artifacts = join(here, 'artifacts');
mkdirSync(artifacts, { recursive: true });

/** A loopback port nobody is listening on right now. */
export function freePort() {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address();
      server.close(() => resolve(port));
    });
  });
}

async function waitFor(url, child, seconds = 30) {
  const deadline = Date.now() + seconds * 1000;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) throw new Error(`${url}: process exited with ${child.exitCode}`);
    try {
      const response = await fetch(url);
      if (response.ok) return;
    } catch {
      // not listening yet
    }
    await new Promise((r) => setTimeout(r, 100));
  }
  throw new Error(`${url} did not answer within ${seconds} s`);
}

function spawnService(bin, args) {
  const child = spawn(bin, args, { stdio: ['ignore', 'inherit', 'inherit'] });
  const stop = () =>
    new Promise((resolve) => {
      if (child.exitCode !== null) return resolve();
      child.once('exit', resolve);
      child.kill('SIGTERM');
    });
  return { child, stop };
}

export const ERP_TOKEN = 'token-dos-testes';

/**
 * Starts the demo ERP (fresh database) and the gateway pointed at it, each on a free port.
 * `login` and `session` lines go under [login] and [session]; `tables` are appended (with
 * `{work}` replaced by the run's temporary folder); `dist` serves another build folder;
 * `erpPort` fixes the demo ERP's port; `store` is the portal's database URL (an SQLite file in
 * the folder by default). Returns the portal's base URL, the demo ERP's, the folder, and a
 * stop function.
 */
export async function startGateway({ login = [], tables = [], session = [], dist: distDir, erpPort: wantedErpPort, store } = {}) {
  const work = mkdtempSync(join(tmpdir(), 'central-e2e-'));
  const erpBin = process.env.CENTRAL_DEMO_ERP_BIN ?? join(root, 'target', 'release', 'demo-erp');
  const erpPort = wantedErpPort ?? (await freePort());
  const erp = spawnService(erpBin, [
    '--listen', `127.0.0.1:${erpPort}`,
    '--token', ERP_TOKEN,
    '--database', join(work, 'erp.sqlite'),
  ]);
  const erpBase = `http://127.0.0.1:${erpPort}`;
  await waitFor(`${erpBase}/healthz`, erp.child);

  const bin = process.env.CENTRAL_GATEWAY_BIN ?? join(root, 'target', 'release', 'gateway');
  const dist = distDir ?? process.env.CENTRAL_DIST ?? join(root, 'dist');
  const port = await freePort();
  const config = join(work, 'central.toml');
  writeFileSync(
    config,
    [
      `listen = "127.0.0.1:${port}"`,
      `dist = ${JSON.stringify(dist)}`,
      '[erp]',
      `base_url = "${erpBase}"`,
      `token = "${ERP_TOKEN}"`,
      '[session]',
      `secret = "${randomBytes(32).toString('base64url')}"`,
      ...session,
      '[store]',
      `url = ${JSON.stringify(store ?? `sqlite://${join(work, 'central.db')}`)}`,
      '[login]',
      'failure_floor_ms = 300',
      ...login,
      ...tables.map((line) => line.replaceAll('{work}', work)),
    ].join('\n'),
  );
  // --dist: the gateway would otherwise take CENTRAL_DIST from this environment over the file.
  const gateway = spawnService(bin, ['--config', config, '--dist', dist]);
  const base = `http://127.0.0.1:${port}`;
  await waitFor(`${base}/healthz`, gateway.child);
  return {
    base,
    erpBase,
    work,
    pids: { gateway: gateway.child.pid, erp: erp.child.pid },
    stop: async () => {
      await gateway.stop();
      await erp.stop();
    },
  };
}

/** A headless Chromium with the flags this machine needs, and a fresh profile. */
export async function startBrowser() {
  const profile = mkdtempSync(join(tmpdir(), 'central-chromium-'));
  return chromium.launchPersistentContext(profile, {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 360, height: 740 },
    locale: 'pt-BR',
  });
}

/** Runs axe-core in the page; returns the violations rated serious or critical. */
export async function seriousA11yViolations(page) {
  const source = readFileSync(join(here, 'node_modules', 'axe-core', 'axe.min.js'), 'utf8');
  // Evaluated through the DevTools protocol: an inline script tag would (rightly) be
  // blocked by the portal's Content-Security-Policy.
  await page.evaluate(source);
  const result = await page.evaluate(async () => window.axe.run(document));
  return result.violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
}

/**
 * Waits until a resize has been laid out and painted: the app swaps the tab bar and the
 * header's row when the width crosses its breakpoint, in the frame after the resize.
 */
export async function settled(page) {
  await page.evaluate(() => new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r))));
}

/** The labels of the main navigation's entries that are drawn past the window's sides. */
export async function navigationCut(page) {
  const nav = mainNav(page);
  if (!(await nav.count())) return [];
  return nav.evaluate((element) =>
    [...element.querySelectorAll('a, button')]
      .filter((e) => {
        const r = e.getBoundingClientRect();
        return r.width > 0 && (r.left < 0 || r.right > window.innerWidth);
      })
      .map((e) => e.textContent.trim()),
  );
}

/**
 * Saves the page at phone and desktop sizes under artifacts/ (the window, and the whole
 * page), after checking at each size
 * that the navigation (when signed in) is drawn whole.
 */
export async function screenshots(page, name) {
  for (const [label, width, height] of [
    ['360x740', 360, 740],
    ['1280x800', 1280, 800],
  ]) {
    await page.setViewportSize({ width, height });
    await settled(page);
    const cut = await navigationCut(page);
    if (cut.length) throw new Error(`${name} at ${label}: navigation cut off: ${cut.join(', ')}`);
    // The window as the subscriber sees it (a phone's tab bar at its foot), then the whole
    // page, where a fixed bar would be drawn mid-page.
    await page.screenshot({ path: join(artifacts, `${name}-${label}.png`) });
    await page.screenshot({ path: join(artifacts, `${name}-${label}-inteira.png`), fullPage: true });
  }
  await page.setViewportSize({ width: 360, height: 740 });
  await settled(page);
}

/** Clicks `link` and returns the file the browser downloads: its suggested name and bytes. */
export async function download(page, link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

/** `GET /api/v1{path}` with the page's cookies, as JSON; throws unless it answers 200. */
export async function apiJson(page, base, path) {
  const response = await page.request.get(base + '/api/v1' + path);
  if (response.status() !== 200) throw new Error(`${path}: HTTP ${response.status()}`);
  return response.json();
}

/** Flips the demo ERP's test switches (latency, failure rate, malformed bodies). */
export async function erpSwitches(erpBase, switches) {
  const response = await fetch(`${erpBase}/_demo/chaves`, {
    method: 'POST',
    headers: { authorization: `Bearer ${ERP_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify(switches),
  });
  if (!response.ok) throw new Error(`switches: ${response.status}`);
}

/** The files the demo ERP stored for a ticket or prospect, decoded. */
export async function erpFiles(erpBase, kind, id) {
  const response = await fetch(`${erpBase}/_demo/arquivos/${kind}/${id}`, { headers: { authorization: `Bearer ${ERP_TOKEN}` } });
  const list = await response.json();
  return list.map((f) => ({ name: f.nome, bytes: Buffer.from(f.base64, 'base64') }));
}

/** Every record of a kind in the demo ERP (`prospect`, `lead`…). */
export async function erpRecords(erpBase, kind) {
  const response = await fetch(`${erpBase}/_demo/registros/${kind}`, { headers: { authorization: `Bearer ${ERP_TOKEN}` } });
  return response.json();
}

/** Changes a prospect's status in the demo ERP, as its staff would. */
export async function erpProspectStatus(erpBase, id, status, reason) {
  const response = await fetch(`${erpBase}/prospectos`, {
    method: 'PUT',
    headers: { authorization: `Bearer ${ERP_TOKEN}`, 'content-type': 'application/json' },
    body: JSON.stringify({ id_prospecto: id, status_prospeccao: status, motivo: reason }),
  });
  if (!response.ok) throw new Error(`status: ${response.status}`);
}

/**
 * Sets up one journey file: the services and a browser page before its tests, torn down
 * after them. The returned object is filled in by the time the tests run; `pageErrors`
 * collects what the page threw.
 */
export function journey({ clipboard = false, consoleErrors = false, gateway = {} } = {}) {
  const j = { pageErrors: [] };
  before(async () => {
    j.gateway = await startGateway(typeof gateway === 'function' ? await gateway() : gateway);
    j.browser = await startBrowser();
    if (clipboard) await j.browser.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: j.gateway.base });
    j.page = await j.browser.newPage();
    j.page.on('pageerror', (e) => j.pageErrors.push(e.message));
    if (consoleErrors) {
      // Only a refused sign-in attempt (a wrong factor, code or passkey, or a code asked for
      // within its cool-down, which the subscriber must be told) may log a 401 or 429; asking
      // for the session on a first visit answers 204.
      j.page.on('console', (m) => {
        const refusedSignIn = /status of (401|429)/.test(m.text()) && /\/api\/v1\/sessao(\/codigo(\/envio)?|\/chave)?$/.test(m.location().url ?? '');
        if (m.type() === 'error' && !refusedSignIn) j.pageErrors.push(m.text());
      });
    }
  });
  after(async () => {
    await j.browser?.close();
    await j.gateway?.stop();
  });
  return j;
}

/** The main navigation as shown at the page's width: the header's row, or the tab bar. */
export function mainNav(page) {
  return page.getByRole('navigation', { name: 'Principal' });
}

/**
 * Follows the main navigation to `name` ("Faturas", "Extrato"…) as a subscriber would: on a
 * phone, a page that is not a tab is under "Mais".
 */
export async function goTo(page, name) {
  const link = mainNav(page).getByRole('link', { name, exact: true });
  if (!(await link.count())) await mainNav(page).getByRole('button', { name: 'Mais' }).click();
  await link.click();
}

/** Whether someone is signed in on the page (the navigation is there). */
export async function signedIn(page) {
  return (await mainNav(page).count()) > 0;
}

/** Signs out through the navigation ("Sair" is under "Mais" on a phone). */
export async function signOut(page) {
  const exit = mainNav(page).getByRole('button', { name: 'Sair' });
  if (!(await exit.count())) await mainNav(page).getByRole('button', { name: 'Mais' }).click();
  await exit.click();
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
}

/**
 * A fresh browser whose app module (the wasm) is held back until `release()` is called, to
 * see the page before the app starts; close `browser` when done.
 */
export async function withHeldApp() {
  const browser = await startBrowser();
  let release;
  const released = new Promise((r) => (release = r));
  await browser.route(/_bg\.wasm$/, async (route) => {
    await released;
    await route.continue();
  });
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', (e) => errors.push(e.message));
  return { browser, page, release, errors };
}

/** Waits until the app has taken over from the page's placeholder. */
export function appStarted(page) {
  return page.waitForFunction(() => !document.getElementById('casca'), null, { timeout: 20000 });
}

/**
 * Waits until the draft record `key` kept in the page's IndexedDB is a text of at least
 * `minLength` characters holding each of `includes`.
 */
export async function waitForDraft(page, key, { minLength = 0, includes = [] } = {}, timeout = 20_000) {
  await page.waitForFunction(
    async ([key, min, parts]) => {
      const db = await new Promise((ok, fail) => {
        const r = indexedDB.open('central', 1);
        r.onsuccess = () => ok(r.result);
        r.onerror = fail;
      });
      if (!db.objectStoreNames.contains('rascunhos')) return false;
      const value = await new Promise((ok) => {
        const r = db.transaction('rascunhos').objectStore('rascunhos').get(key);
        r.onsuccess = () => ok(r.result);
        r.onerror = () => ok(undefined);
      });
      db.close();
      return typeof value === 'string' && value.length >= min && parts.every((p) => value.includes(p));
    },
    [key, minLength, includes],
    { timeout, polling: 200 },
  );
}

/** Signs in through the form (signing out first when someone is signed in). */
export async function signIn(page, base, document, factor) {
  if (await signedIn(page)) await signOut(page);
  await page.goto(base + '/entrar');
  await page.getByLabel('CPF ou CNPJ').fill(document);
  await page.getByLabel(/Data de nascimento|CEP/).fill(factor);
  await page.getByRole('button', { name: 'Entrar' }).click();
}
