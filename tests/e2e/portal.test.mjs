// Journeys of the signed-in portal against the j.gateway and the demo ERP: sign-in, the next
// invoice, copying PIX, the QR and barcode drawn in the j.browser, the contract switch,
// sign-out and an ended session.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { test } from 'node:test';
import { fileURLToPath } from 'node:url';
import { itfDigits } from './codes.mjs';
import { apiJson, journey, screenshots, seriousA11yViolations, signIn, goTo, signOut } from './harness.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const j = journey({ clipboard: true });
const pageErrors = j.pageErrors;


const api = (path) => apiJson(j.page, j.gateway.base, path);

function brl(cents) {
  const reais = Math.trunc(cents / 100).toString().replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  return `R$ ${reais},${String(cents % 100).padStart(2, '0')}`;
}

test('a wrong birth date is refused, the right one signs in', async () => {
  await signIn(j.page, j.gateway.base, '529.982.247-25', '01/01/2000');
  await j.page.getByRole('alert').filter({ hasText: 'Não encontramos um cadastro' }).waitFor();
  assert.match(j.page.url(), /\/entrar$/);
  await j.page.getByLabel('Data de nascimento').fill('14/03/1985');
  await j.page.getByRole('button', { name: 'Entrar' }).click();
  await j.page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  assert.equal(new URL(j.page.url()).pathname, '/');
});

test('home shows the next invoice with its amount and due date', async () => {
  const invoices = await api('/faturas');
  const next = invoices.slice().sort((a, b) => a.due_on.localeCompare(b.due_on))[0];
  await j.page.getByTestId('next-invoice').waitFor();
  assert.equal(await j.page.getByTestId('next-amount').textContent(), brl(next.current_cents));
  const [y, m, d] = next.due_on.split('-');
  assert.equal(await j.page.getByTestId('next-due').textContent(), `${d}/${m}/${y}`);
  await screenshots(j.page, 'inicio');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('copying PIX puts the exact BR Code on the clipboard and says so', async () => {
  const invoices = await api('/faturas');
  const next = invoices.slice().sort((a, b) => a.due_on.localeCompare(b.due_on))[0];
  await j.page.getByRole('button', { name: 'Copiar código Pix' }).click();
  await j.page.getByText('Código Pix copiado.').waitFor();
  assert.equal(await j.page.evaluate(() => navigator.clipboard.readText()), next.pix_code);
});

test('the invoice j.page draws a QR that decodes to the BR Code and a barcode of the invoice', async () => {
  const invoices = await api('/faturas');
  const invoice = invoices[0];
  await j.page.goto(`${j.gateway.base}/faturas/${invoice.id}`);
  await j.page.getByTestId('pix-qr').waitFor();
  const jsqr = readFileSync(join(here, 'node_modules', 'jsqr', 'dist', 'jsQR.js'), 'utf8');
  await j.page.evaluate(`(() => { var module = { exports: {} }; var exports = module.exports; ${jsqr}; window.jsQR = module.exports.default || module.exports; })()`);
  const decoded = await j.page.evaluate(async () => {
    const svg = document.querySelector('[data-testid="pix-qr"] svg').outerHTML;
    const image = new Image();
    image.src = 'data:image/svg+xml;base64,' + btoa(svg);
    await image.decode();
    const canvas = document.createElement('canvas');
    canvas.width = 400;
    canvas.height = 400;
    const ctx = canvas.getContext('2d');
    ctx.fillStyle = '#fff';
    ctx.fillRect(0, 0, 400, 400);
    ctx.drawImage(image, 0, 0, 400, 400);
    const data = ctx.getImageData(0, 0, 400, 400);
    return window.jsQR(data.data, 400, 400)?.data;
  });
  assert.equal(decoded, invoice.pix_code);

  // Read the bars back: widths 1 (narrow) and 3 (wide), digits in pairs after the start.
  const bars = await j.page.evaluate(() =>
    [...document.querySelectorAll('[data-testid="barcode"] svg g rect')].map((r) => [Number(r.getAttribute('x')), Number(r.getAttribute('width'))]),
  );
  const modules = [];
  const end = bars.at(-1)[0] + bars.at(-1)[1];
  for (let x = bars[0][0], i = 0; x < end; x++) {
    while (i < bars.length && bars[i][0] + bars[i][1] <= x) i++;
    modules.push(i < bars.length && bars[i][0] <= x ? 1 : 0);
  }
  const digits = itfDigits(modules);
  const detail = await api(`/faturas/${invoice.id}`);
  assert.equal(digits, detail.boleto.barcode);
  assert.equal(await j.page.getByTestId('linha').textContent(), detail.boleto.linha_formatted);
  await j.page.getByRole('heading', { name: 'Pagar com Pix' }).waitFor();
  assert.equal(await j.page.getByRole('alert').count(), 0, 'no warning for codes that agree');
  await screenshots(j.page, 'fatura');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('the contract switch filters the invoices', async () => {
  await signIn(j.page, j.gateway.base, '111.444.777-35', '02/11/1978');
  await j.page.getByRole('heading', { name: /Olá, João/ }).waitFor();
  await goTo(j.page, 'Faturas');
  await j.page.getByTestId('invoice-row').first().waitFor();
  const all = await j.page.getByTestId('invoice-row').count();
  const contracts = await api('/contratos');
  assert.equal(contracts.length, 3);
  // All contracts at once: the invoices under each contract's name.
  const invoices = await api('/faturas');
  const named = contracts.filter((c) => invoices.some((i) => i.contract_ids.includes(c.id))).map((c) => c.name);
  const unlinked = invoices.some((i) => !contracts.some((c) => i.contract_ids.includes(c.id)));
  const groups = await j.page.getByTestId('invoice-group').allTextContents();
  assert.deepEqual(groups, unlinked ? [...named, 'Outras faturas'] : named);
  await j.page.getByLabel('Contrato').selectOption(contracts[1].id);
  await j.page.waitForURL(/contrato=/);
  await j.page.waitForFunction(
    (id) => [...document.querySelectorAll('[data-testid="invoice-row"]')].every((r) => r.dataset.contract.split(',').includes(id)),
    contracts[1].id,
  );
  const filtered = await j.page.getByTestId('invoice-row').count();
  assert.ok(filtered > 0 && filtered < all, `${filtered} of ${all}`);
  assert.equal(await j.page.getByTestId('invoice-group').count(), 0, 'one contract: no headings');
  await screenshots(j.page, 'faturas');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('contracts show their services, plan, value, address and status', async () => {
  await goTo(j.page, 'Contratos');
  await j.page.getByTestId('contract').first().waitFor();
  assert.equal(await j.page.getByTestId('contract').count(), 3);
  await j.page.getByText('Fibra 1 Giga').first().waitFor();
  await screenshots(j.page, 'contratos');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('a suspended service shows a banner on the home page', async () => {
  await signIn(j.page, j.gateway.base, '123.456.789-09', '25/07/1992');
  await j.page.getByTestId('suspended').getByRole('heading', { name: 'Serviço suspenso' }).waitFor();
  assert.ok(await j.page.getByText('Vencida').count() > 0);
  // Home puts what is overdue first.
  await j.page.getByTestId('overdue-total').waitFor();
  // The invoice list: a chip on every row, and the overdue total of what is owed today.
  await j.page.goto(j.gateway.base + '/faturas');
  const total = j.page.getByTestId('overdue-total');
  await total.waitFor();
  const rows = await j.page.getByTestId('invoice-row').count();
  assert.equal(await j.page.getByTestId('due-status').count(), rows);
  const today = new Date().toLocaleDateString('sv-SE');
  const late = (await api('/faturas')).filter((i) => i.overdue || (i.due_on && i.due_on < today));
  const owed = late.reduce((sum, i) => sum + (i.current_cents ?? i.original_cents ?? 0), 0);
  const shown = (await total.textContent()).replace(/\s+/g, ' ');
  assert.ok(shown.includes(`(${late.length} fatura`), shown);
  assert.equal(shown.match(/R\$ ?([\d.]+,\d{2})/)[1].replace(/\D/g, ''), String(owed), shown);
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('a PIX code whose amount disagrees with the invoice is flagged, not hidden', async () => {
  await signIn(j.page, j.gateway.base, '390.533.447-05', '21/06/1959');
  await j.page.getByRole('heading', { name: /Olá, Roberto/ }).waitFor();
  const overdue = (await api('/faturas')).find((i) => i.overdue);
  await j.page.goto(`${j.gateway.base}/faturas/${overdue.id}`);
  const warning = j.page.getByRole('alert').filter({ hasText: 'Atenção: confira antes de pagar.' });
  await warning.waitFor();
  const text = await warning.textContent();
  assert.match(text, new RegExp(`valor no código Pix \\(${brl(overdue.original_cents).replace('$', '\\$')}\\) difere do valor a pagar`));
  assert.match(text, new RegExp(brl(overdue.current_cents).replace('$', '\\$')));
  await screenshots(j.page, 'fatura-com-aviso');
});

test('an ended session returns to sign-in with a message', async () => {
  await j.browser.clearCookies();
  await goTo(j.page, 'Faturas');
  await j.page.getByText('Sua sessão terminou. Entre novamente.').waitFor();
  assert.match(j.page.url(), /\/entrar$/);
});

test('signing out leaves the portal and the pages ask for sign-in again', async () => {
  await signIn(j.page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await j.page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  await signOut(j.page);
  await j.page.getByText('Você saiu da sua conta.').waitFor();
  await j.page.goto(j.gateway.base + '/faturas');
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor();
  assert.match(j.page.url(), /\/entrar$/);
  await screenshots(j.page, 'entrar');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('no j.page threw an error', () => {
  assert.deepEqual(pageErrors, []);
});
