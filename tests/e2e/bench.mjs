// The portal's benchmarks, with their budgets: what the sign-in screen transfers, how it
// loads on a slow phone, and what the gateway adds to the ERP's own speed. Prints a table
// and writes JSON (BENCH_OUT, default target/bench/bench.json). Run with `make bench`.
import { spawnSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';
import { ERP_TOKEN, erpSwitches, startBrowser, startGateway } from './harness.mjs';
import { lighthouseScores } from './lighthouse.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const RUNS = Number(process.env.BENCH_RUNS ?? 5);
const LOAD_SECONDS = Number(process.env.BENCH_SECONDS ?? 20);
const CONNECTIONS = 64;
const OUT = process.env.BENCH_OUT ?? join(root, 'target', 'bench', 'bench.json');

const BUDGET = {
  firstScreenBrotliBytes: 120 * 1024,
  lcpMs: 1200,
  signInToInvoicesMs: 300,
  p99OverheadMs: 2,
  throughputRatio: 0.7,
  lighthouseAccessibility: 100,
  lighthouseBestPractices: 100,
};

// The slow phone: 1.6 Mbit/s down, 750 kbit/s up, 150 ms round trip, CPU 4× slower.
const SLOW_PHONE = {
  offline: false,
  latency: 150,
  downloadThroughput: (1.6 * 1024 * 1024) / 8,
  uploadThroughput: (750 * 1024) / 8,
};
const CPU_SLOWDOWN = 4;

const MARIA = { document: '529.982.247-25', factor: '14/03/1985', bare: '52998224725' };

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const kb = (n) => `${(n / 1024).toFixed(1)} KB`;
const ms = (n) => `${Math.round(n)} ms`;

/** Every file the sign-in screen loads, measured raw, gzip -9 and brotli 11, and as served. */
async function firstScreen(base) {
  const browser = await startBrowser();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  const served = new Map();
  const urls = new Map();
  cdp.on('Network.responseReceived', (e) => urls.set(e.requestId, e.response.url));
  cdp.on('Network.loadingFinished', (e) => served.set(e.requestId, e.encodedDataLength));
  const bodies = [];
  page.on('response', async (r) => {
    if (r.url().startsWith(base)) bodies.push(r);
  });
  await page.goto(base + '/entrar', { waitUntil: 'networkidle' });
  await page.getByLabel('CPF ou CNPJ').waitFor();
  const files = [];
  for (const r of bodies) {
    const body = await r.body().catch(() => Buffer.alloc(0));
    const id = [...urls.entries()].find(([, u]) => u === r.url())?.[0];
    files.push({
      file: new URL(r.url()).pathname,
      raw: body.length,
      gzip: gzipSync(body, { level: 9 }).length,
      brotli: brotliCompressSync(body, {
        params: { [constants.BROTLI_PARAM_QUALITY]: 11, [constants.BROTLI_PARAM_SIZE_HINT]: body.length },
      }).length,
      served: served.get(id) ?? null,
    });
  }
  await browser.close();
  const total = (k) => files.reduce((n, f) => n + (f[k] ?? 0), 0);
  return { files, total: { raw: total('raw'), gzip: total('gzip'), brotli: total('brotli'), served: total('served') } };
}

// Runs in the page before anything else: records LCP, when the app has taken over the
// sign-in form, and how long sign-in takes to paint the invoices.
const PROBE = () => {
  const b = (window.__bench = { lcp: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  const painted = (key) =>
    requestAnimationFrame(() => setTimeout(() => (b[key] = performance.now()), 0));
  new MutationObserver(() => {
    if (!b.ready && document.getElementById('documento')) painted('ready');
    if (b.submitted && !b.invoices && document.querySelector('[data-testid=next-amount], .invoice-row')) painted('invoices');
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('submit', () => (b.submitted = b.submitted ?? performance.now()), true);
};

/** One cold load of the sign-in screen on the slow phone, then a sign-in. */
async function slowPhoneRun(base) {
  const browser = await startBrowser();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(PROBE);
  await page.goto(base + '/entrar', { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench?.ready, null, { timeout: 60000, polling: 50 });
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  );
  await page.getByLabel('CPF ou CNPJ').fill(MARIA.document);
  await page.getByLabel('Data de nascimento').fill(MARIA.factor);
  const lcp = await page.evaluate(() => window.__bench.lcp);
  const ready = await page.evaluate(() => window.__bench.ready);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForFunction(() => window.__bench.invoices, null, { timeout: 30000, polling: 50 });
  const [signIn, request] = await page.evaluate(() => {
    const b = window.__bench;
    const posts = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/v1/sessao') && e.startTime >= b.submitted);
    return [b.invoices - b.submitted, posts.length ? posts[0].responseEnd - b.submitted : null];
  });
  await browser.close();
  return { fcp, lcp, inputReady: ready, signInToInvoices: signIn, signInRequest: request };
}

/** Parses wrk's output (with --latency) into requests/s and p50/p99 in ms. */
function parseWrk(text) {
  const toMs = (v) => {
    const m = v.match(/^([\d.]+)(us|ms|s)$/);
    if (!m) return NaN;
    return Number(m[1]) * { us: 0.001, ms: 1, s: 1000 }[m[2]];
  };
  const pct = (p) => toMs(text.match(new RegExp(`^\\s+${p}%\\s+(\\S+)`, 'm'))?.[1] ?? '');
  const errors = text.match(/Non-2xx or 3xx responses: (\d+)/)?.[1] ?? '0';
  return {
    rps: Number(text.match(/Requests\/sec:\s+([\d.]+)/)?.[1] ?? NaN),
    p50: pct(50),
    p99: pct(99),
    non2xx: Number(errors),
  };
}

function rssKb(pid) {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  return Number(status.match(/VmRSS:\s+(\d+)/)[1]);
}

function wrk(url, headers) {
  const args = ['-t2', `-c${CONNECTIONS}`, `-d${LOAD_SECONDS}s`, '--latency'];
  for (const h of headers) args.push('-H', h);
  args.push(url);
  const run = spawnSync('wrk', args, { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(`wrk falhou: ${run.stderr}`);
  return parseWrk(run.stdout);
}

async function throughput(gw) {
  await erpSwitches(gw.erpBase, { latencia_ms: 0 });
  const signIn = await fetch(gw.base + '/api/v1/sessao', {
    method: 'POST',
    headers: { 'content-type': 'application/json', origin: gw.base },
    body: JSON.stringify({ document: MARIA.document, factor: MARIA.factor }),
  });
  if (!signIn.ok) throw new Error(`sign-in: ${signIn.status}`);
  const cookie = signIn.headers.get('set-cookie').split(';')[0];
  const idle = rssKb(gw.pids.gateway);
  const direct = wrk(`${gw.erpBase}/faturas?document=${MARIA.bare}`, [`Authorization: Bearer ${ERP_TOKEN}`]);
  let peak = idle;
  // wrk blocks this thread, so a shell beside it samples the gateway's memory.
  const sampling = spawnSync(
    'bash',
    ['-c', `( while sleep 0.2; do grep VmRSS /proc/${gw.pids.gateway}/status; done ) & s=$!; wrk -t2 -c${CONNECTIONS} -d${LOAD_SECONDS}s --latency -H "Cookie: ${cookie}" ${gw.base}/api/v1/faturas; kill $s`],
    { encoding: 'utf8' },
  );
  for (const m of sampling.stdout.matchAll(/VmRSS:\s+(\d+)/g)) peak = Math.max(peak, Number(m[1]));
  const gateway = parseWrk(sampling.stdout);
  return { direct, gateway, rssIdleKb: idle, rssLoadKb: peak };
}

function table(rows) {
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i]).length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i])).join('  ')).join('\n');
}

const verdict = (ok) => (ok ? 'ok' : 'FORA');

async function main() {
  if (spawnSync('sh', ['-c', 'command -v wrk']).status !== 0) {
    throw new Error('wrk não encontrado: rode scripts/setup.sh --bench');
  }
  // Request logs to a terminal would measure the terminal; warnings still show.
  process.env.RUST_LOG = process.env.RUST_LOG ?? 'warn';
  const gw = await startGateway();
  try {
    const screen = await firstScreen(gw.base);
    console.log('\nPrimeira tela (/entrar): arquivos carregados');
    console.log(
      table([
        ['arquivo', 'bruto', 'gzip', 'brotli', 'servido'],
        ...screen.files.map((f) => [f.file, kb(f.raw), kb(f.gzip), kb(f.brotli), f.served === null ? '-' : kb(f.served)]),
        ['total', kb(screen.total.raw), kb(screen.total.gzip), kb(screen.total.brotli), kb(screen.total.served)],
      ]),
    );

    await erpSwitches(gw.erpBase, { latencia_ms: 50 });
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await slowPhoneRun(gw.base);
      runs.push(run);
      console.log(`  carga ${i + 1}/${RUNS}: FCP ${ms(run.fcp)}, LCP ${ms(run.lcp)}, pronto ${ms(run.inputReady)}, entrar→faturas ${ms(run.signInToInvoices)} (pedido ${ms(run.signInRequest)})`);
    }
    const load = Object.fromEntries(
      ['fcp', 'lcp', 'inputReady', 'signInToInvoices', 'signInRequest'].map((k) => [k, median(runs.map((r) => r[k]))]),
    );

    await erpSwitches(gw.erpBase, { latencia_ms: 0 });
    const lighthouse = await lighthouseScores(gw.base, MARIA);

    const t = await throughput(gw);
    const overheadP99 = t.gateway.p99 - t.direct.p99;
    const ratio = t.gateway.rps / t.direct.rps;

    const results = {
      date: new Date().toISOString(),
      profile: { ...SLOW_PHONE, cpuSlowdown: CPU_SLOWDOWN, runs: RUNS, erpLatencyMs: 50 },
      firstScreen: screen,
      slowPhone: { median: load, runs },
      gateway: { connections: CONNECTIONS, seconds: LOAD_SECONDS, ...t, p99OverheadMs: overheadP99, throughputRatio: ratio },
      lighthouse,
      budgets: BUDGET,
    };
    mkdirSync(dirname(OUT), { recursive: true });
    writeFileSync(OUT, JSON.stringify(results, null, 2));

    console.log('\nResumo (medianas de ' + RUNS + ' cargas a frio no celular lento)');
    console.log(
      table([
        ['medida', 'valor', 'orçamento', ''],
        ['primeira tela, brotli', kb(screen.total.brotli), kb(BUDGET.firstScreenBrotliBytes), verdict(screen.total.brotli <= BUDGET.firstScreenBrotliBytes)],
        ['primeira tela, servida', kb(screen.total.served), '-', ''],
        ['FCP', ms(load.fcp), '-', ''],
        ['LCP', ms(load.lcp), ms(BUDGET.lcpMs), verdict(load.lcp <= BUDGET.lcpMs)],
        ['campo aceita digitação', ms(load.inputReady), '-', ''],
        ['entrar → faturas', ms(load.signInToInvoices), ms(BUDGET.signInToInvoicesMs), verdict(load.signInToInvoices <= BUDGET.signInToInvoicesMs)],
        ['  dos quais o pedido', ms(load.signInRequest), '-', ''],
        ['ERP direto: req/s', t.direct.rps.toFixed(0), '-', ''],
        ['gateway: req/s', t.gateway.rps.toFixed(0), `${BUDGET.throughputRatio * 100}% do direto`, verdict(ratio >= BUDGET.throughputRatio)],
        ['ERP direto: p50 / p99', `${t.direct.p50.toFixed(2)} / ${t.direct.p99.toFixed(2)} ms`, '-', ''],
        ['gateway: p50 / p99', `${t.gateway.p50.toFixed(2)} / ${t.gateway.p99.toFixed(2)} ms`, '-', ''],
        ['sobrecarga p99', `${overheadP99.toFixed(2)} ms`, `${BUDGET.p99OverheadMs} ms`, verdict(overheadP99 <= BUDGET.p99OverheadMs)],
        ['gateway RSS parado / em carga', `${(t.rssIdleKb / 1024).toFixed(1)} / ${(t.rssLoadKb / 1024).toFixed(1)} MB`, '-', ''],
        ...lighthouse.flatMap((l) => [
          [`Lighthouse ${l.name}: acessibilidade`, l.scores.accessibility, BUDGET.lighthouseAccessibility, verdict(l.scores.accessibility >= BUDGET.lighthouseAccessibility)],
          [`Lighthouse ${l.name}: boas práticas`, l.scores['best-practices'], BUDGET.lighthouseBestPractices, verdict(l.scores['best-practices'] >= BUDGET.lighthouseBestPractices)],
        ]),
      ]),
    );
    for (const l of lighthouse.filter((l) => l.failed.length)) console.log(`  Lighthouse ${l.name}, itens reprovados: ${l.failed.join('; ')}`);
    console.log(`\nJSON: ${OUT}`);
  } finally {
    await gw.stop();
  }
}

await main();
