// The signed-in navigation as a subscriber meets it: a bottom tab bar with "Mais" on a
// phone, the header's row on a wide screen; and the home page in each state an account can
// be in (all paid, one overdue, overdue and suspended, several contracts).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { apiJson, journey, mainNav, screenshots, seriousA11yViolations, settled, signIn } from './harness.mjs';

const j = journey({ clipboard: true, consoleErrors: true });
const api = (path) => apiJson(j.page, j.gateway.base, path);

// Every entry of the navigation: where it leads and the page's own heading.
const TABS = [
  ['Início', /\/$/, /Olá, Maria/],
  ['Faturas', /\/faturas$/, 'Faturas em aberto'],
  ['Atendimento', /\/chamados\/novo$/, 'Abrir chamado'],
];
const MORE = [
  ['Contratos', /\/contratos$/, 'Contratos e serviços'],
  ['Extrato', /\/extrato$/, 'Extrato de pagamentos'],
  ['Documentos', /\/documentos$/, 'Declaração de quitação'],
  ['Meus dados', /\/perfil$/, 'Meus dados de contato'],
];

async function names(locator) {
  return (await locator.allTextContents()).map((t) => t.trim());
}

async function current() {
  const marked = mainNav(j.page).locator('[aria-current="page"]:visible');
  return names(marked);
}

async function signInAs(document, factor, greeting) {
  await signIn(j.page, j.gateway.base, document, factor);
  await j.page.getByRole('heading', { name: greeting, level: 1 }).waitFor();
}

test('on a phone the tab bar holds Início, Faturas, Atendimento and Mais, each marked when shown', async () => {
  await signInAs('529.982.247-25', '14/03/1985', /Olá, Maria/);
  const nav = mainNav(j.page);
  assert.deepEqual(await names(nav.getByRole('link')), TABS.map(([name]) => name));
  assert.deepEqual(await names(nav.getByRole('button')), ['Mais']);
  for (const [name, url, heading] of TABS) {
    await nav.getByRole('link', { name, exact: true }).click();
    await j.page.waitForURL(url);
    await j.page.getByRole('heading', { name: heading, level: 1 }).waitFor();
    assert.deepEqual(await current(), [name], `${name} is the current page`);
  }
  // The bar stays on screen while the page scrolls.
  const bar = await nav.boundingBox();
  assert.ok(bar.y + bar.height <= 740 && bar.y > 600, JSON.stringify(bar));
});

test('"Mais" opens the other pages and sign-out, marks itself for them, and closes on Escape', async () => {
  const nav = mainNav(j.page);
  const more = nav.getByRole('button', { name: 'Mais' });
  for (const [name, url, heading] of MORE) {
    await more.click();
    assert.equal(await more.getAttribute('aria-expanded'), 'true');
    assert.deepEqual(
      await names(nav.locator('#menu-mais').getByRole('listitem')),
      [...MORE.map(([n]) => n), 'Sair'],
    );
    await nav.getByRole('link', { name, exact: true }).click();
    await j.page.waitForURL(url);
    await j.page.getByRole('heading', { name: heading, level: 1 }).first().waitFor();
    assert.equal(await more.getAttribute('aria-expanded'), 'false', 'moving on closes the sheet');
    assert.match(await more.getAttribute('class'), /tabbar__tab--marked/);
    assert.deepEqual(await current(), [], 'the marked entry is inside the closed sheet');
  }
  await more.click();
  assert.deepEqual(await current(), ['Meus dados']);
  await screenshots(j.page, 'menu-mais');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
  await j.page.keyboard.press('Escape');
  assert.equal(await more.getAttribute('aria-expanded'), 'false');
  assert.equal(await nav.getByRole('link', { name: 'Extrato' }).count(), 0);
});

test('on a wide screen the header lists every page and sign-out in one row, with no tab bar', async () => {
  await j.page.setViewportSize({ width: 1280, height: 800 });
  const nav = mainNav(j.page);
  await nav.getByRole('button', { name: 'Sair' }).waitFor();
  assert.deepEqual(await names(nav.getByRole('link')), [...TABS, ...MORE].map(([name]) => name));
  assert.deepEqual(await names(nav.getByRole('button')), ['Sair']);
  assert.deepEqual(await current(), ['Meus dados']);
  const tops = new Set();
  for (const item of await nav.locator('a, button').all()) tops.add(Math.round((await item.boundingBox()).y));
  assert.equal(tops.size, 1, 'one row');
  await nav.getByRole('link', { name: 'Faturas', exact: true }).click();
  await j.page.getByRole('heading', { name: 'Faturas em aberto' }).waitFor();
  assert.deepEqual(await current(), ['Faturas']);
  await j.page.setViewportSize({ width: 360, height: 740 });
  await settled(j.page);
});

test('every page keeps the navigation whole at both sizes', async () => {
  const invoice = (await api('/faturas'))[0];
  const services = await api('/servicos');
  for (const [name, path] of [
    ['inicio', '/'],
    ['faturas', '/faturas'],
    ['fatura', `/faturas/${invoice.id}`],
    ['chamado', '/chamados/novo'],
    ['contratos', '/contratos'],
    ['desbloqueio', `/servicos/${services[0].id}/desbloqueio`],
    ['extrato', '/extrato'],
    ['documentos', '/documentos'],
    ['perfil', '/perfil'],
    ['nao-encontrada', '/nada-aqui'],
  ]) {
    await j.page.goto(j.gateway.base + path);
    await j.page.getByRole('heading', { level: 1 }).first().waitFor();
    await mainNav(j.page).waitFor();
    // `screenshots` refuses a navigation drawn past the window's sides.
    await screenshots(j.page, `navegacao-${name}`);
  }
});

test('home, all paid: says so, and shows the contract', async () => {
  await signInAs('287.792.958-27', '30/01/1969', /Olá, Carlos/);
  await j.page.getByTestId('all-paid').getByText('Nenhuma fatura em aberto').waitFor();
  await j.page.getByTestId('contract-summary-item').first().waitFor();
  assert.equal(await j.page.getByTestId('overdue').count(), 0);
  assert.equal(await j.page.getByTestId('suspended').count(), 0);
  assert.equal(await j.page.getByTestId('next-invoice').count(), 0);
  await screenshots(j.page, 'inicio-em-dia');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('home, one overdue: the overdue invoice first, with its total and one-tap Pix', async () => {
  await signInAs('390.533.447-05', '21/06/1959', /Olá, Roberto/);
  const overdue = j.page.getByTestId('overdue');
  await overdue.waitFor();
  const late = (await api('/faturas')).filter((i) => i.overdue);
  assert.equal(late.length, 1);
  assert.equal(await overdue.getByTestId('overdue-invoice').count(), 1);
  assert.match(await overdue.getByTestId('overdue-total').textContent(), /\(1 fatura\)/);
  await overdue.getByRole('button', { name: 'Copiar código Pix' }).click();
  await j.page.getByTestId('toast').getByText('Código Pix copiado.').waitFor();
  assert.equal(await j.page.evaluate(() => navigator.clipboard.readText()), late[0].pix_code);
  await screenshots(j.page, 'inicio-vencida');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
  // The toast goes away by itself; the live region stays for the next message.
  await j.page.getByTestId('toast').getByText('Código Pix copiado.').waitFor({ state: 'detached', timeout: 8000 });
});

test('home, overdue and suspended: the suspension and its unlock come first, then what is owed', async () => {
  await signInAs('123.456.789-09', '25/07/1992', /Olá, Ana/);
  const suspended = j.page.getByTestId('suspended');
  await suspended.waitFor();
  const overdue = j.page.getByTestId('overdue');
  await overdue.waitFor();
  assert.ok((await suspended.boundingBox()).y < (await overdue.boundingBox()).y, 'suspension first');
  const late = (await api('/faturas')).filter((i) => i.overdue);
  assert.equal(await overdue.getByTestId('overdue-invoice').count(), late.length);
  assert.match(await overdue.getByTestId('overdue-total').textContent(), new RegExp(`\\(${late.length} faturas\\)`));
  await screenshots(j.page, 'inicio-suspenso');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
  await suspended.getByRole('link', { name: 'Pedir desbloqueio de confiança' }).first().click();
  await j.page.getByRole('heading', { name: 'Desbloqueio de confiança' }).waitFor();
  assert.deepEqual(await current(), [], 'an unlock belongs to Contratos, under Mais');
});

test('home, several contracts: the next invoice with Pix first, and every contract summarised', async () => {
  await signInAs('111.444.777-35', '02/11/1978', /Olá, João/);
  const contracts = await api('/contratos');
  const items = j.page.getByTestId('contract-summary-item');
  await items.first().waitFor();
  assert.equal(await items.count(), contracts.length);
  assert.ok(contracts.length > 1);
  const next = j.page.getByTestId('next-invoice');
  await next.waitFor();
  const buttons = await names(next.getByRole('button'));
  assert.equal(buttons[0], 'Copiar código Pix', buttons.join(' | '));
  assert.ok(buttons.includes('Copiar linha digitável'), buttons.join(' | '));
  assert.match(await next.getByRole('button', { name: 'Copiar código Pix' }).getAttribute('class'), /button--primary/);
  const open = (await api('/faturas')).length;
  await j.page.getByRole('link', { name: `Ver todas as ${open} faturas em aberto` }).waitFor();
  await screenshots(j.page, 'inicio-contratos');
  assert.deepEqual(await seriousA11yViolations(j.page), []);
});

test('nothing was logged as an error and nothing panicked', () => {
  assert.deepEqual(j.pageErrors, []);
});
