// Journeys of the portal's second part: statement, documents as real PDFs, desbloqueio de
// confiança, tickets with attachments and a draft that survives failures, contact data.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pdf, png } from './files.mjs';
import { download, erpFiles, erpSwitches, journey, screenshots, seriousA11yViolations, signIn, goTo } from './harness.mjs';

const j = journey();
const pageErrors = j.pageErrors;
const PNG = png(2_000);
const PDF = pdf(1_000);

async function signInAs(document, factor, greeting) {
  await signIn(j.page, j.gateway.base, document, factor);
  await j.page.getByRole('heading', { name: greeting }).waitFor();
}

async function checkPage(name) {
  await screenshots(j.page, name);
  assert.deepEqual(await seriousA11yViolations(j.page), [], name);
}

test('the statement lists paid entries by year', async () => {
  await signInAs('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await goTo(j.page, 'Extrato');
  await j.page.getByTestId('statement-row').first().waitFor();
  const years = await j.page.getByLabel('Ano').locator('option').allTextContents();
  assert.ok(years.length >= 3, years.join());
  await j.page.getByLabel('Ano').selectOption(years.at(-1));
  await j.page.waitForFunction(
    (y) => [...document.querySelectorAll('[data-testid="statement-row"] td:first-child')].every((td) => td.textContent.endsWith(y)),
    years.at(-1),
  );
  assert.match(await j.page.getByTestId('statement-row').first().textContent(), /Pago em/);
  await checkPage('extrato');
});

test('a nota fiscal and a quitação download as real PDFs', async () => {
  await goTo(j.page, 'Documentos');
  await j.page.getByText(/Lei 12\.007\/2009/).waitFor();
  const quitacao = await download(j.page, j.page.getByRole('link', { name: /Baixar declaração \d{4}/ }).first());
  assert.equal(quitacao.bytes.subarray(0, 5).toString(), '%PDF-');
  assert.match(quitacao.name, /^quitacao-\d{4}\.pdf$/);
  const nota = await download(j.page, j.page.getByRole('link', { name: /PDF da nota/ }).first());
  assert.equal(nota.bytes.subarray(0, 5).toString(), '%PDF-');
  await checkPage('documentos');
});

test('an eligible service is unlocked and shows its new status', async () => {
  await signInAs('123.456.789-09', '25/07/1992', /Olá, Ana/);
  await goTo(j.page, 'Contratos');
  await j.page.getByRole('link', { name: 'Desbloqueio de confiança' }).click();
  await j.page.getByTestId('unlock-terms').waitFor();
  assert.match(await j.page.getByTestId('unlock-terms').textContent(), /por 3 dias/);
  await checkPage('desbloqueio');
  await j.page.getByRole('button', { name: 'Desbloquear agora' }).click();
  const result = j.page.getByTestId('unlock-result');
  await result.getByText('Serviço desbloqueado.').waitFor();
  assert.match(await result.textContent(), /suspenso de novo em \d{2}\/\d{2}\/\d{4}/);
  await goTo(j.page, 'Contratos');
  await j.page.getByText('Habilitado provisoriamente').first().waitFor();
});

test('an ineligible service is refused with the reason', async () => {
  await signInAs('168.995.350-09', '05/12/2000', /Olá, Fernanda/);
  await j.page.goto(j.gateway.base + '/servicos/S10051/desbloqueio');
  await j.page.getByTestId('unlock-reason').waitFor();
  assert.match(await j.page.getByTestId('unlock-reason').textContent(), /já utilizada/);
  assert.equal(await j.page.getByRole('button', { name: 'Desbloquear agora' }).count(), 0);
});

async function fillTicket(subject) {
  await j.page.getByLabel('Tipo de atendimento').selectOption({ label: 'Internet lenta' });
  await j.page.getByLabel('Setor que vai atender').selectOption({ label: 'Suporte técnico' });
  await j.page.getByLabel('Assunto').fill(subject);
  await j.page.getByLabel('Mensagem').fill('A velocidade cai à noite.');
}

test('a ticket with a PNG and a PDF reaches the ERP with the same bytes', async () => {
  await signInAs('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await goTo(j.page, 'Atendimento');
  await j.page.getByLabel('Assunto').waitFor();
  await fillTicket('Internet lenta à noite');
  await j.page.getByTestId('anexos').setInputFiles([
    { name: 'roteador.png', mimeType: 'image/png', buffer: PNG },
    { name: 'conta.pdf', mimeType: 'application/pdf', buffer: PDF },
  ]);
  await j.page.getByTestId('attachment').nth(1).waitFor();
  await checkPage('chamado');
  await j.page.getByRole('button', { name: 'Enviar chamado' }).click();
  const protocol = (await j.page.getByTestId('ticket-protocol').locator('strong').nth(1).textContent()).trim();
  const stored = await erpFiles(j.gateway.erpBase, 'ticket', protocol);
  // Forwarded under random names with the type found in the bytes.
  assert.deepEqual(stored.map((f) => f.name.replace(/^[0-9a-f]{32}/, '*')), ['*.png', '*.pdf']);
  assert.ok(stored[0].bytes.equals(PNG) && stored[1].bytes.equals(PDF));
  // "Meus chamados" lists it at once, with the names the subscriber gave the files.
  const mine = j.page.getByTestId('meu-chamado').filter({ hasText: `Protocolo ${protocol}` });
  await mine.waitFor();
  const text = await mine.textContent();
  assert.match(text, /Internet lenta à noite/);
  assert.match(text, /Internet lenta · (.* · )?aberto em \d\d\/\d\d\/\d{4}/);
  assert.match(text, /Anexos: roteador\.png \(\d+ (bytes|KB)\), conta\.pdf \(\d+ (bytes|KB)\)/);
  assert.match(await j.page.getByRole('region', { name: 'Meus chamados' }).textContent(), /informando o protocolo/);
  // And keeps it: after a sign-out and back, on this device or any other.
  await signInAs('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await goTo(j.page, 'Atendimento');
  await j.page.getByTestId('meu-chamado').filter({ hasText: `Protocolo ${protocol}` }).waitFor();
  await checkPage('meus-chamados');
});

test('a wrong-type and an oversize file are refused in the j.browser with a message', async () => {
  await j.page.goto(j.gateway.base + '/chamados/novo');
  await j.page.getByLabel('Assunto').waitFor();
  await j.page.getByTestId('anexos').setInputFiles([{ name: 'programa.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ\x90\0binario') }]);
  await j.page.getByRole('alert').filter({ hasText: 'programa.exe' }).waitFor();
  const big = png(6 * 1024 * 1024);
  await j.page.getByTestId('anexos').setInputFiles([{ name: 'enorme.png', mimeType: 'image/png', buffer: big }]);
  await j.page.getByRole('alert').filter({ hasText: 'enorme.png' }).waitFor();
  assert.equal(await j.page.getByTestId('attachment').count(), 0);
});

test('a send that fails keeps the draft, which survives a reload and then sends', async () => {
  await fillTicket('Rascunho que não pode sumir');
  await j.page.getByTestId('anexos').setInputFiles([{ name: 'foto.png', mimeType: 'image/png', buffer: PNG }]);
  await j.page.getByTestId('attachment').first().waitFor();
  await erpSwitches(j.gateway.erpBase, { taxa_falha: 100 });
  await j.page.getByRole('button', { name: 'Enviar chamado' }).click();
  await j.page.getByText('Seu rascunho continua salvo.').waitFor();
  await j.page.reload();
  await j.page.getByLabel('Assunto').waitFor();
  assert.equal(await j.page.getByLabel('Assunto').inputValue(), 'Rascunho que não pode sumir');
  assert.equal(await j.page.getByLabel('Mensagem').inputValue(), 'A velocidade cai à noite.');
  assert.equal(await j.page.getByTestId('attachment').count(), 1);
  await erpSwitches(j.gateway.erpBase, { taxa_falha: 0 });
  await j.page.getByRole('button', { name: 'Enviar chamado' }).click();
  const protocol = (await j.page.getByTestId('ticket-protocol').locator('strong').nth(1).textContent()).trim();
  const stored = await erpFiles(j.gateway.erpBase, 'ticket', protocol);
  assert.ok(stored[0].bytes.equals(PNG));
  await j.page.goto(j.gateway.base + '/chamados/novo');
  await j.page.getByLabel('Assunto').waitFor();
  assert.equal(await j.page.getByLabel('Assunto').inputValue(), '', 'a sent ticket leaves no draft');
});

test('a profile change persists across sign-out and sign-in', async () => {
  await goTo(j.page, 'Meus dados');
  await j.page.getByLabel('E-mail').waitFor();
  await j.page.getByLabel('WhatsApp').fill('123');
  await j.page.getByRole('button', { name: 'Salvar' }).click();
  await j.page.getByRole('alert').filter({ hasText: 'WhatsApp' }).waitFor();
  await j.page.getByLabel('E-mail').fill('maria.nova@example.com');
  await j.page.getByLabel('WhatsApp').fill('(81) 97777-6666');
  await j.page.getByRole('button', { name: 'Salvar' }).click();
  await j.page.getByText('Dados atualizados.').waitFor();
  await checkPage('perfil');
  await signInAs('529.982.247-25', '14/03/1985', /Olá, Maria/);
  await goTo(j.page, 'Meus dados');
  await j.page.waitForFunction(() => document.querySelector('#email')?.value === 'maria.nova@example.com');
  assert.equal(await j.page.getByLabel('WhatsApp').inputValue(), '(81) 97777-6666');
});

test('no j.page threw an error', () => {
  assert.deepEqual(pageErrors, []);
});
