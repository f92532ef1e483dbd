// Journeys of the portal's second part: statement, documents as real PDFs, desbloqueio de
// confiança, tickets with attachments and a draft that survives failures, contact data.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { erpFiles, erpSwitches, seriousA11yViolations, screenshots, startBrowser, startGateway } from './harness.mjs';

let gateway;
let browser;
let page;
const pageErrors = [];
const PNG = Buffer.concat([Buffer.from('89504e470d0a1a0a', 'hex'), Buffer.from('foto do roteador')]);
const PDF = Buffer.from('%PDF-1.4\n% conta de luz\n');

before(async () => {
  gateway = await startGateway();
  browser = await startBrowser();
  page = await browser.newPage();
  page.on('pageerror', (e) => pageErrors.push(e.message));
});

after(async () => {
  await browser?.close();
  await gateway?.stop();
});

async function signIn(document, factor, greeting) {
  if (await page.getByRole('button', { name: 'Sair' }).count()) {
    await page.getByRole('button', { name: 'Sair' }).click();
    await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  }
  await page.goto(gateway.base + '/entrar');
  await page.getByLabel('CPF ou CNPJ').fill(document);
  await page.getByLabel(/Data de nascimento|CEP/).fill(factor);
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: greeting }).waitFor();
}

async function download(link) {
  const [file] = await Promise.all([page.waitForEvent('download'), link.click()]);
  const chunks = [];
  for await (const chunk of await file.createReadStream()) chunks.push(chunk);
  return { name: file.suggestedFilename(), bytes: Buffer.concat(chunks) };
}

async function checkPage(name) {
  await screenshots(page, name);
  assert.deepEqual(await seriousA11yViolations(page), [], name);
}

test('the statement lists paid entries by year', async () => {
  await signIn('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await page.getByRole('link', { name: 'Extrato', exact: true }).click();
  await page.getByTestId('statement-row').first().waitFor();
  const years = await page.getByLabel('Ano').locator('option').allTextContents();
  assert.ok(years.length >= 3, years.join());
  await page.getByLabel('Ano').selectOption(years.at(-1));
  await page.waitForFunction(
    (y) => [...document.querySelectorAll('[data-testid="statement-row"] td:first-child')].every((td) => td.textContent.endsWith(y)),
    years.at(-1),
  );
  assert.match(await page.getByTestId('statement-row').first().textContent(), /Pago em/);
  await checkPage('extrato');
});

test('a nota fiscal and a quitação download as real PDFs', async () => {
  await page.getByRole('link', { name: 'Documentos', exact: true }).click();
  await page.getByText(/Lei 12\.007\/2009/).waitFor();
  const quitacao = await download(page.getByRole('link', { name: /Baixar declaração \d{4}/ }).first());
  assert.equal(quitacao.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.match(quitacao.name, /^quitacao-\d{4}\.pdf$/);
  const nota = await download(page.getByRole('link', { name: /PDF da nota/ }).first());
  assert.equal(nota.bytes.subarray(0, 5).toString(), '%PDF-');
  await checkPage('documentos');
});

test('an eligible service is unlocked and shows its new status', async () => {
  await signIn('123.456.789-09', '25/07/1992', /Olá, Ana/);
  await page.getByRole('link', { name: 'Contratos', exact: true }).click();
  await page.getByRole('link', { name: 'Desbloqueio de confiança' }).click();
  await page.getByTestId('unlock-terms').waitFor();
  assert.match(await page.getByTestId('unlock-terms').textContent(), /por 3 dias/);
  await checkPage('desbloqueio');
  await page.getByRole('button', { name: 'Desbloquear agora' }).click();
  const result = page.getByTestId('unlock-result');
  await result.getByText('Serviço desbloqueado.').waitFor();
  assert.match(await result.textContent(), /suspenso de novo em \d{2}\/\d{2}\/\d{4}/);
  await page.getByRole('link', { name: 'Contratos', exact: true }).click();
  await page.getByText('Habilitado provisoriamente').first().waitFor();
});

test('an ineligible service is refused with the reason', async () => {
  await signIn('168.995.350-09', '05/12/2000', /Olá, Fernanda/);
  await page.goto(gateway.base + '/servicos/S10051/desbloqueio');
  await page.getByTestId('unlock-reason').waitFor();
  assert.match(await page.getByTestId('unlock-reason').textContent(), /já utilizada/);
  assert.equal(await page.getByRole('button', { name: 'Desbloquear agora' }).count(), 0);
});

async function fillTicket(subject) {
  await page.getByLabel('Tipo de atendimento').selectOption({ label: 'Internet lenta' });
  await page.getByLabel('Departamento').selectOption({ label: 'Suporte técnico' });
  await page.getByLabel('Assunto').fill(subject);
  await page.getByLabel('Mensagem').fill('A velocidade cai à noite.');
}

test('a ticket with a PNG and a PDF reaches the ERP with the same bytes', async () => {
  await signIn('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await page.getByRole('link', { name: 'Atendimento', exact: true }).click();
  await page.getByLabel('Assunto').waitFor();
  await fillTicket('Internet lenta à noite');
  await page.getByTestId('anexos').setInputFiles([
    { name: 'roteador.png', mimeType: 'image/png', buffer: PNG },
    { name: 'conta.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await page.getByTestId('attachment').nth(1).waitFor();
  await checkPage('chamado');
  await page.getByRole('button', { name: 'Enviar chamado' }).click();
  const protocol = (await page.getByTestId('ticket-protocol').locator('strong').nth(1).textContent()).trim();
  const stored = await erpFiles(gateway.erpBase, 'ticket', protocol);
  assert.deepEqual(stored.map((f) => f.name), ['roteador.png', 'conta.pdf']);
  assert.ok(stored[0].bytes.equals(PNG) && stored[1].bytes.equals(PDF));
});

test('a wrong-type and an oversize file are refused in the browser with a message', async () => {
  await page.goto(gateway.base + '/chamados/novo');
  await page.getByLabel('Assunto').waitFor();
  await page.getByTestId('anexos').setInputFiles([{ name: 'programa.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\0binario') }]);
  await page.getByRole('alert').filter({ hasText: 'programa.exe' }).waitFor();
  const big = Buffer.concat([PNG, Buffer.alloc(6 * 1024 * 1024)]);
  await page.getByTestId('anexos').setInputFiles([{ name: 'enorme.png', mimeType: 'image/png', buffer: big }]);
  await page.getByRole('alert').filter({ hasText: 'enorme.png' }).waitFor();
  assert.equal(await page.getByTestId('attachment').count(), 0);
});

test('a send that fails keeps the draft, which survives a reload and then sends', async () => {
  await fillTicket('Rascunho que não pode sumir');
  await page.getByTestId('anexos').setInputFiles([{ name: 'foto.png', mimeType: 'image/png', buffer: PNG }]);
  await page.getByTestId('attachment').first().waitFor();
  await erpSwitches(gateway.erpBase, { taxa_falha: 100 });
  await page.getByRole('button', { name: 'Enviar chamado' }).click();
  await page.getByText('Seu rascunho continua salvo.').waitFor();
  await page.reload();
  await page.getByLabel('Assunto').waitFor();
  assert.equal(await page.getByLabel('Assunto').inputValue(), 'Rascunho que não pode sumir');
  assert.equal(await page.getByLabel('Mensagem').inputValue(), 'A velocidade cai à noite.');
  assert.equal(await page.getByTestId('attachment').count(), 1);
  await erpSwitches(gateway.erpBase, { taxa_falha: 0 });
  await page.getByRole('button', { name: 'Enviar chamado' }).click();
  const protocol = (await page.getByTestId('ticket-protocol').locator('strong').nth(1).textContent()).trim();
  const stored = await erpFiles(gateway.erpBase, 'ticket', protocol);
  assert.ok(stored[0].bytes.equals(PNG));
  await page.goto(gateway.base + '/chamados/novo');
  await page.getByLabel('Assunto').waitFor();
  assert.equal(await page.getByLabel('Assunto').inputValue(), '', 'a sent ticket leaves no draft');
});

test('a profile change persists across sign-out and sign-in', async () => {
  await page.getByRole('link', { name: 'Meus dados', exact: true }).click();
  await page.getByLabel('E-mail').waitFor();
  await page.getByLabel('WhatsApp').fill('123');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await page.getByRole('alert').filter({ hasText: 'WhatsApp' }).waitFor();
  await page.getByLabel('E-mail').fill('maria.nova@example.com');
  await page.getByLabel('WhatsApp').fill('(81) 97777-6666');
  await page.getByRole('button', { name: 'Salvar' }).click();
  await page.getByText('Dados atualizados.').waitFor();
  await checkPage('perfil');
  await signIn('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await page.getByRole('link', { name: 'Meus dados', exact: true }).click();
  await page.waitForFunction(() => document.querySelector('#email')?.value === 'maria.nova@example.com');
  assert.equal(await page.getByLabel('WhatsApp').inputValue(), '(81) 97777-6666');
});

test('no page threw an error', () => {
  assert.deepEqual(pageErrors, []);
});
