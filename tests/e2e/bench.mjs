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
  // Everything /entrar loads before its sign-in field takes typing, as served.
  firstScreenBytes: 150 * 1024,
  // The whole app's wasm, brotli 11.
  wasmBrotliBytes: 250 * 1024,
  inputUsableMs: 1200,
  lcpMs: 1200,
  signInToInvoicesMs: 300,
  throughputRatio: 0.7,
  gatewayCpuPerRequestUs: 100,
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

// Runs in the page before anything else: records LCP, when the sign-in field is there and
// takes typing (from the page's HTML, or the app's), when the app has taken over, and how
// long sign-in takes to paint the invoices: the browser's own paint time of the first
// invoice figure (Element Timing, `elementtiming="faturas"`), and beside it the first task
// after the frame that drew it, the older and coarser mark (it also waits out whatever the
// throttled main thread does after the paint).
const PROBE = () => {
  const b = (window.__bench = { lcp: 0 });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) b.lcp = e.startTime;
  }).observe({ type: 'largest-contentful-paint', buffered: true });
  new PerformanceObserver((list) => {
    for (const e of list.getEntries()) {
      if (b.submitted && !b.invoicesPainted && e.identifier === 'faturas' && e.renderTime >= b.submitted) b.invoicesPainted = e.renderTime;
    }
  }).observe({ type: 'element', buffered: true });
  const painted = (key) =>
    requestAnimationFrame(() => setTimeout(() => (b[key] = performance.now()), 0));
  new MutationObserver(() => {
    const field = document.getElementById('documento');
    if (!b.ready && field && !field.disabled && field.offsetParent !== null) painted('ready');
    if (!b.app && field && !document.getElementById('casca')) painted('app');
    if (b.submitted && !b.invoices && document.querySelector('[data-testid=next-amount], .invoice-row')) painted('invoices');
  }).observe(document, { subtree: true, childList: true, attributes: true });
  document.addEventListener('submit', () => (b.submitted = b.submitted ?? performance.now()), true);
};

/** A fresh browser on the slow phone's network and CPU, with the probe in every page. */
async function slowPhone() {
  const browser = await startBrowser();
  const page = await browser.newPage();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', SLOW_PHONE);
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: CPU_SLOWDOWN });
  await page.addInitScript(PROBE);
  return { browser, page, cdp };
}

/**
 * One cold load of the sign-in screen on the slow phone: the document is typed the moment
 * the field takes it, must still be there once the app has started, and then signs in.
 */
async function slowPhoneRun(base) {
  const { browser, page } = await slowPhone();
  await page.goto(base + '/entrar', { waitUntil: 'commit' });
  await page.waitForFunction(() => window.__bench?.ready, null, { timeout: 60000, polling: 50 });
  const ready = await page.evaluate(() => window.__bench.ready);
  await page.locator('#documento').fill(MARIA.document);
  const fcp = await page.evaluate(
    () => performance.getEntriesByName('first-contentful-paint')[0]?.startTime ?? null,
  );
  // Everything that had arrived when the field became usable, as served (headers included).
  const bytesBeforeReady = await page.evaluate((t) => {
    const nav = performance.getEntriesByType('navigation')[0];
    const before = performance.getEntriesByType('resource').filter((e) => e.responseEnd <= t);
    return [nav, ...before].reduce((n, e) => n + (e.transferSize || 0), 0);
  }, ready);
  await page.getByLabel('Data de nascimento').waitFor({ timeout: 60000 });
  const kept = await page.locator('#documento').inputValue();
  if (kept !== MARIA.document) throw new Error(`o campo perdeu o que foi digitado: "${kept}"`);
  await page.getByLabel('Data de nascimento').fill(MARIA.factor);
  const lcp = await page.evaluate(() => window.__bench.lcp);
  const app = await page.evaluate(() => window.__bench.app);
  const [signIn, request, afterPaint] = await signInToInvoices(page);
  await browser.close();
  return { fcp, lcp, inputReady: ready, appStarted: app, bytesBeforeReady, signInToInvoices: signIn, signInRequest: request, signInAfterPaint: afterPaint };
}

/**
 * Sends the filled sign-in form: the time until the invoices are painted, of the request,
 * and until the first task after that paint.
 */
async function signInToInvoices(page) {
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.waitForFunction(() => window.__bench.invoices && window.__bench.invoicesPainted, null, { timeout: 30000, polling: 50 });
  return page.evaluate(() => {
    const b = window.__bench;
    const posts = performance.getEntriesByType('resource').filter((e) => e.name.endsWith('/api/v1/sessao') && e.startTime >= b.submitted);
    return [b.invoicesPainted - b.submitted, posts.length ? posts[0].responseEnd - b.submitted : null, b.invoices - b.submitted];
  });
}

/**
 * Where a cold sign-in's time goes besides the network: the same slow-phone sign-in with
 * the browser's trace of the wasm functions it compiles on first call (V8 compiles each
 * one lazily, on the main thread), then a second sign-in in the same page, whose code is
 * already compiled. Not part of the medians: tracing slows the run it watches.
 */
async function signInCompileCost(base) {
  const { browser, page, cdp } = await slowPhone();
  await page.goto(base + '/entrar');
  const fill = async () => {
    await page.locator('#documento').fill(MARIA.document);
    await page.getByLabel('Data de nascimento').fill(MARIA.factor);
  };
  await fill();
  const events = [];
  cdp.on('Tracing.dataCollected', (e) => events.push(...e.value));
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: ['v8.wasm'] } });
  const [cold] = await signInToInvoices(page);
  const complete = new Promise((resolve) => cdp.once('Tracing.tracingComplete', resolve));
  await cdp.send('Tracing.end');
  await complete;
  const lazy = events.filter((e) => e.name === 'wasm.CompileLazy');
  // Signed out from the menu, in the same page: the app, and its compiled code, stay.
  await page.evaluate(() => document.querySelector('.tabbar__exit, .nav__exit').click());
  await page.locator('#documento').waitFor();
  await page.evaluate(() => {
    for (const key of ['submitted', 'invoices', 'invoicesPainted']) delete window.__bench[key];
  });
  await fill();
  const [warm] = await signInToInvoices(page);
  await browser.close();
  return {
    tracedSignInMs: cold,
    lazyCompiledFunctions: lazy.length,
    lazyCompileMs: lazy.reduce((n, e) => n + (e.dur ?? 0), 0) / 1000,
    compiledSignInMs: warm,
  };
}

/**
 * Returning visits on the slow phone: the sign-in screen loaded once (the service worker
 * installs and keeps this build), then opened again RUNS times. Only the page itself comes
 * from the network; the wasm, the script and the styles come from the worker's copy.
 */
async function warmStarts(base) {
  const { browser, page } = await slowPhone();
  await page.goto(base + '/entrar');
  await page.waitForFunction(() => navigator.serviceWorker.controller !== null && window.__bench?.app, null, { timeout: 60000, polling: 50 });
  const runs = [];
  for (let i = 0; i < RUNS; i++) {
    await page.goto(base + '/entrar', { waitUntil: 'commit' });
    await page.waitForFunction(() => window.__bench?.ready && window.__bench?.app, null, { timeout: 60000, polling: 50 });
    runs.push(
      await page.evaluate(() => ({
        inputReady: window.__bench.ready,
        appStarted: window.__bench.app,
        networkBytes: [...performance.getEntriesByType('navigation'), ...performance.getEntriesByType('resource')].reduce((n, e) => n + (e.transferSize || 0), 0),
      })),
    );
  }
  await browser.close();
  return Object.fromEntries(['inputReady', 'appStarted', 'networkBytes'].map((k) => [k, median(runs.map((r) => r[k]))]));
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
    requests: Number(text.match(/(\d+) requests in/)?.[1] ?? NaN),
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

/** The process's CPU time so far (user + system), in microseconds, from /proc. */
function cpuUs(pid) {
  const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
  // Fields after the command name, which may hold spaces: state is [0], utime [11], stime [12].
  const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
  const ticks = Number(fields[11]) + Number(fields[12]);
  return (ticks * 1e6) / CLOCK_TICKS;
}
const CLOCK_TICKS = Number(spawnSync('getconf', ['CLK_TCK'], { encoding: 'utf8' }).stdout.trim()) || 100;
const CPU_CONNECTIONS = 16;

/**
 * CPU per request, which a shared 2-core machine can measure where it cannot separate
 * latencies: one wrk thread, 16 connections, the invoice list directly from the ERP and then
 * through the gateway; each process's CPU time over the run divided by the requests served.
 */
function cpuPerRequest(gw, cookie) {
  const run = (url, headers, pids) => {
    const before = pids.map(cpuUs);
    const { requests } = wrk(url, headers, { threads: 1, connections: CPU_CONNECTIONS });
    return { requests, us: pids.map((pid, i) => (cpuUs(pid) - before[i]) / requests) };
  };
  const direct = run(`${gw.erpBase}/faturas?document=${MARIA.bare}`, [`Authorization: Bearer ${ERP_TOKEN}`], [gw.pids.erp]);
  const proxied = run(`${gw.base}/api/v1/faturas`, [`Cookie: ${cookie}`], [gw.pids.gateway, gw.pids.erp]);
  // The floor: an answer that passes every layer and calls nothing.
  const health = run(`${gw.base}/healthz`, [], [gw.pids.gateway]);
  return {
    connections: CPU_CONNECTIONS,
    gatewayUsHealth: health.us[0],
    directRequests: direct.requests,
    erpUsDirect: direct.us[0],
    proxiedRequests: proxied.requests,
    gatewayUs: proxied.us[0],
    erpUsProxied: proxied.us[1],
  };
}

function wrk(url, headers, { threads = 2, connections = CONNECTIONS } = {}) {
  const args = [`-t${threads}`, `-c${connections}`, `-d${LOAD_SECONDS}s`, '--latency'];
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
  const cpu = cpuPerRequest(gw, cookie);
  return { direct, gateway, rssIdleKb: idle, rssLoadKb: peak, cpu };
}

/**
 * The app's wasm by crate: the same release build with its names kept (the shipped one is
 * stripped), read by twiggy, each function counted under the crate its path starts with
 * (the implementing type's, for `<T as Trait>::f`). Sizes are before wasm-bindgen, brotli and
 * the strip, so they show where bytes come from rather than what is sent.
 */
function wasmByCrate() {
  const built = spawnSync('cargo', ['build', '--locked', '--profile', 'wasm-release', '--target', 'wasm32-unknown-unknown', '-p', 'central'], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, CARGO_PROFILE_WASM_RELEASE_STRIP: 'false' },
  });
  if (built.status !== 0) throw new Error(`cargo build (wasm com nomes) falhou: ${built.stderr.slice(-2000)}`);
  const wasm = join(root, 'target', 'wasm32-unknown-unknown', 'wasm-release', 'central.wasm');
  const top = spawnSync('twiggy', ['top', '-f', 'csv', wasm], { encoding: 'utf8', maxBuffer: 256 * 1024 * 1024 });
  if (top.status !== 0) throw new Error(`twiggy falhou: ${top.stderr}`);
  const sizes = new Map();
  const add = (key, n) => sizes.set(key, (sizes.get(key) ?? 0) + n);
  for (const line of top.stdout.split('\n').slice(1)) {
    const match = line.match(/^(.*),(\d+),[\d.]+,[^,]*,[^,]*$/);
    if (!match) continue;
    const [, quoted, bytes] = match;
    const name = quoted.replace(/^"|"$/g, '').replaceAll('""', '"');
    const size = Number(bytes);
    if (/^("function names"|custom section)/.test(name) || name.includes(' subsection')) continue;
    // wasm-bindgen's descriptors and imports: read and removed by wasm-bindgen.
    if (/^(export|import) /.test(name)) continue;
    if (name.startsWith('data segment')) add('(dados)', size);
    else if (/^(type|table|elem|global|memory|code)\[/.test(name) || !/^[<&*(A-Za-z_]/.test(name)) add('(wasm)', size);
    else {
      const crate = name.replace(/^[<&*(]+/, '').replace(/^(mut |dyn )+/, '').match(/^[A-Za-z_][A-Za-z0-9_]*/)?.[0] ?? '?';
      // `<T as Trait>::f` with a generic implementor names no crate.
      add(/^[A-Z][A-Za-z]?$/.test(crate) ? '(genéricos)' : crate, size);
    }
  }
  return [...sizes.entries()].sort((a, b) => b[1] - a[1]);
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

    const wasm = screen.files.find((f) => f.file.endsWith('.wasm')) ?? { brotli: NaN };
    const crates = wasmByCrate();
    const total = crates.reduce((n, [, b]) => n + b, 0);
    console.log('\nwasm por crate (build com nomes, antes de wasm-bindgen e brotli)');
    console.log(table([['crate', 'bytes', '%'], ...crates.slice(0, 20).map(([c, b]) => [c, kb(b), `${((100 * b) / total).toFixed(1)}%`]), ['total', kb(total), '100%']]));
    await erpSwitches(gw.erpBase, { latencia_ms: 50 });
    const runs = [];
    for (let i = 0; i < RUNS; i++) {
      const run = await slowPhoneRun(gw.base);
      runs.push(run);
      console.log(`  carga ${i + 1}/${RUNS}: FCP ${ms(run.fcp)}, LCP ${ms(run.lcp)}, campo ${ms(run.inputReady)} (${kb(run.bytesBeforeReady)}), app ${ms(run.appStarted)}, entrar→faturas ${ms(run.signInToInvoices)} (pedido ${ms(run.signInRequest)}, 1ª tarefa após a pintura ${ms(run.signInAfterPaint)})`);
    }
    const load = Object.fromEntries(
      ['fcp', 'lcp', 'inputReady', 'appStarted', 'bytesBeforeReady', 'signInToInvoices', 'signInRequest', 'signInAfterPaint'].map((k) => [k, median(runs.map((r) => r[k]))]),
    );
    const compile = await signInCompileCost(gw.base);
    console.log(`  com rastro: entrar→faturas ${ms(compile.tracedSignInMs)}, ${compile.lazyCompiledFunctions} funções wasm compiladas no primeiro uso (${ms(compile.lazyCompileMs)}); 2º login na mesma página ${ms(compile.compiledSignInMs)}`);
    const warm = await warmStarts(gw.base);

    await erpSwitches(gw.erpBase, { latencia_ms: 0 });
    const lighthouse = await lighthouseScores(gw.base, MARIA);

    const t = await throughput(gw);
    const overheadP99 = t.gateway.p99 - t.direct.p99;
    const ratio = t.gateway.rps / t.direct.rps;

    const results = {
      date: new Date().toISOString(),
      profile: { ...SLOW_PHONE, cpuSlowdown: CPU_SLOWDOWN, runs: RUNS, erpLatencyMs: 50 },
      firstScreen: screen,
      wasmByCrate: Object.fromEntries(crates),
      slowPhone: { median: load, runs, compile, warm },
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
        ['primeira tela: até o campo aceitar digitação', kb(load.bytesBeforeReady), kb(BUDGET.firstScreenBytes), verdict(load.bytesBeforeReady <= BUDGET.firstScreenBytes)],
        ['wasm do app inteiro, brotli', kb(wasm.brotli), kb(BUDGET.wasmBrotliBytes), verdict(wasm.brotli <= BUDGET.wasmBrotliBytes)],
        ['tudo o que /entrar carrega, servido', kb(screen.total.served), '-', ''],
        ['FCP', ms(load.fcp), '-', ''],
        ['LCP', ms(load.lcp), ms(BUDGET.lcpMs), verdict(load.lcp <= BUDGET.lcpMs)],
        ['campo aceita digitação (e a guarda)', ms(load.inputReady), ms(BUDGET.inputUsableMs), verdict(load.inputReady <= BUDGET.inputUsableMs)],
        ['app iniciado', ms(load.appStarted), '-', ''],
        ['volta com o service worker: campo aceita digitação / app iniciado', `${ms(warm.inputReady)} / ${ms(warm.appStarted)}`, '-', ''],
        ['  bytes da rede na volta', kb(warm.networkBytes), '-', ''],
        ['entrar → faturas', ms(load.signInToInvoices), ms(BUDGET.signInToInvoicesMs), verdict(load.signInToInvoices <= BUDGET.signInToInvoicesMs)],
        ['  dos quais o pedido', ms(load.signInRequest), '-', ''],
        ['  até a 1ª tarefa após a pintura', ms(load.signInAfterPaint), '-', ''],
        ['  funções wasm compiladas no 1º uso (1 carga com rastro)', `${compile.lazyCompiledFunctions} (${ms(compile.lazyCompileMs)})`, '-', ''],
        ['  entrar → faturas com o código já compilado', ms(compile.compiledSignInMs), '-', ''],
        ['ERP direto: req/s', t.direct.rps.toFixed(0), '-', ''],
        ['gateway: req/s', t.gateway.rps.toFixed(0), `${BUDGET.throughputRatio * 100}% do direto`, verdict(ratio >= BUDGET.throughputRatio)],
        ['ERP direto: p50 / p99', `${t.direct.p50.toFixed(2)} / ${t.direct.p99.toFixed(2)} ms`, '-', ''],
        ['gateway: p50 / p99', `${t.gateway.p50.toFixed(2)} / ${t.gateway.p99.toFixed(2)} ms`, '-', ''],
        ['sobrecarga p99 (máquina compartilhada)', `${overheadP99.toFixed(2)} ms`, '-', ''],
        ['CPU por pedido: ERP direto', `${t.cpu.erpUsDirect.toFixed(0)} µs`, '-', ''],
        ['CPU por pedido: gateway', `${t.cpu.gatewayUs.toFixed(0)} µs`, `${BUDGET.gatewayCpuPerRequestUs} µs`, verdict(t.cpu.gatewayUs <= BUDGET.gatewayCpuPerRequestUs)],
        ['CPU por pedido: ERP via gateway', `${t.cpu.erpUsProxied.toFixed(0)} µs`, '-', ''],
        ['CPU por pedido: gateway, /healthz (piso das camadas HTTP)', `${t.cpu.gatewayUsHealth.toFixed(0)} µs`, '-', ''],
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
