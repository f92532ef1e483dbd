// Lighthouse (mobile) on the pages a subscriber sees most: sign-in, home, the invoice list
// and an invoice. Used by bench.mjs; Lighthouse itself lives in tests/bench (installed by
// `scripts/setup.sh --bench`, not by the tests).
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { chromium } from 'playwright-core';
import { apiJson, freePort, signIn } from './harness.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const CATEGORIES = ['accessibility', 'best-practices'];

/**
 * Runs Lighthouse on each page as Maria sees it; returns, per page, the categories' scores
 * (0–100) and the titles of the audits that failed.
 */
export async function lighthouseScores(base, signInAs) {
  const entry = join(root, 'tests', 'bench', 'node_modules', 'lighthouse', 'core', 'index.js');
  const { default: lighthouse } = await import(pathToFileURL(entry).href);
  const port = await freePort();
  // Lighthouse opens its own tab in this browser; the persistent profile gives it the
  // signed-in cookie.
  const browser = await chromium.launchPersistentContext(mkdtempSync(join(tmpdir(), 'central-lh-')), {
    executablePath: process.env.CHROMIUM ?? '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', `--remote-debugging-port=${port}`, '--no-first-run'],
    locale: 'pt-BR',
  });
  const results = [];
  try {
    const page = await browser.newPage();
    const run = async (name, url) => {
      const { lhr } = await lighthouse(url, {
        port,
        output: 'json',
        logLevel: 'error',
        onlyCategories: CATEGORIES,
        // Keeps the session cookie: the default resets the origin's storage first.
        disableStorageReset: true,
      });
      const scores = Object.fromEntries(CATEGORIES.map((c) => [c, Math.round(lhr.categories[c].score * 100)]));
      const failed = CATEGORIES.flatMap((c) =>
        lhr.categories[c].auditRefs
          .filter((r) => r.weight > 0 && lhr.audits[r.id].score !== null && lhr.audits[r.id].score < 1)
          .map((r) => `${r.id}: ${lhr.audits[r.id].title}`),
      );
      // A signed-in page that fell back to sign-in would score the wrong screen.
      if (new URL(lhr.finalDisplayedUrl).pathname !== new URL(url).pathname) {
        throw new Error(`Lighthouse em ${url} terminou em ${lhr.finalDisplayedUrl}`);
      }
      results.push({ name, url, scores, failed });
    };
    await run('entrar', base + '/entrar');
    await signIn(page, base, signInAs.document, signInAs.factor);
    await page.getByRole('heading', { name: /Olá/ }).waitFor();
    const invoice = (await apiJson(page, base, '/faturas'))[0];
    await run('início', base + '/');
    await run('faturas', base + '/faturas');
    await run('fatura', `${base}/faturas/${invoice.id}`);
  } finally {
    await browser.close();
  }
  return results;
}
