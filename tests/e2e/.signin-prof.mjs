import { writeFileSync } from 'node:fs';
import { erpSwitches, startBrowser, startGateway } from './harness.mjs';
process.env.RUST_LOG = 'warn';
const gw = await startGateway();
await erpSwitches(gw.erpBase, { latencia_ms: 50 });
const SLOW = { offline: false, latency: 150, downloadThroughput: (1.6 * 1024 * 1024) / 8, uploadThroughput: (750 * 1024) / 8 };
const runs = Number(process.env.RUNS ?? 1);
for (let r = 0; r < runs; r++) {
const browser = await startBrowser();
const page = await browser.newPage();
const cdp = await page.context().newCDPSession(page);
await cdp.send('Network.enable');
await cdp.send('Network.emulateNetworkConditions', SLOW);
await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
await page.addInitScript(() => {
  const b = (window.__bench = {});
  const painted = (key) => requestAnimationFrame(() => setTimeout(() => (b[key] = performance.now()), 0));
  new MutationObserver(() => {
    if (b.submitted && !b.mut && document.querySelector('[data-testid=next-amount], .invoice-row')) { b.mut = performance.now(); painted('invoices'); }
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('submit', () => (b.submitted = b.submitted ?? performance.now()), true);
});
await page.goto(gw.base + '/entrar');
await page.locator('#documento').fill('529.982.247-25');
await page.getByLabel('Data de nascimento').fill('14/03/1985');
await page.waitForTimeout(1500);
if (process.env.TWICE) {
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.locator('[data-testid=next-amount]').waitFor();
  await page.evaluate(() => document.querySelector('.tabbar__exit, .nav__exit').click());
  await page.locator('#documento').waitFor();
  await page.evaluate(() => { for (const k of Object.keys(window.__bench)) delete window.__bench[k]; });
  await page.locator('#documento').fill('529.982.247-25');
  await page.getByLabel('Data de nascimento').fill('14/03/1985');
  await page.waitForTimeout(1000);
}
const prof = process.env.PROFILE !== '0';
const tracing = !!process.env.TRACE;
const events = [];
if (tracing) {
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['v8.wasm', 'disabled-by-default-v8.wasm.detailed', 'devtools.timeline', 'v8'] } });
}
if (prof) { await cdp.send('Profiler.enable');
await cdp.send('Profiler.setSamplingInterval', { interval: 200 });
await cdp.send('Profiler.start'); }
await page.getByRole('button', { name: 'Entrar' }).click();
await page.waitForFunction(() => window.__bench.invoices, null, { timeout: 30000, polling: 50 });
if (tracing) {
  const done = new Promise((r) => cdp.once('Tracing.tracingComplete', r));
  await cdp.send('Tracing.end'); await done;
  writeFileSync(`/tmp/prof/trace-${r}.json`, JSON.stringify(events));
}
const { profile } = prof ? await cdp.send('Profiler.stop') : { profile: null };
const res = await page.evaluate(() => {
  const b = window.__bench;
  const rs = performance.getEntriesByType('resource').filter((e) => e.startTime >= b.submitted - 5).map((e) => `${e.name.replace(/^https?:\/\/[^/]+/, '')} start ${Math.round(e.startTime - b.submitted)} end ${Math.round(e.responseEnd - b.submitted)}`);
  return { total: b.invoices - b.submitted, mut: b.mut - b.submitted, rs };
});
console.log(JSON.stringify(res));
if (!prof) { await browser.close(); continue; }
writeFileSync(`/tmp/prof/signin-${r}.cpuprofile`, JSON.stringify(profile));
// self time by function
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map();
const dt = profile.timeDeltas; let t = 0;
for (let i = 0; i < profile.samples.length; i++) {
  const n = byId.get(profile.samples[i]);
  const k = n.callFrame.functionName || `(anon ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber})`;
  self.set(k, (self.get(k) ?? 0) + (dt[i + 1] ?? 0));
}
const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
for (const [k, v] of top) console.log((v / 1000).toFixed(1).padStart(7), 'ms', k.slice(0, 150));
await browser.close();
}
await gw.stop();
