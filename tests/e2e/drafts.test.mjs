// Drafts that survive: a ticket with two 4 MB attachments kept in IndexedDB across an ended
// session, sent after signing in again with the same bytes; an explicit sign-out erases it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pdf, png } from './files.mjs';
import { erpFiles, goTo, journey, signIn, signOut, waitForDraft } from './harness.mjs';

const j = journey();
const MARIA = ['529.982.247-25', '14/03/1985'];
const DRAFT = 'central.rascunho.chamado.***.982.247-**';

const PHOTO = png(4_000_000);
const BILL = pdf(4_000_000);

/** Waits until the draft's attachments are kept in IndexedDB. */
async function draftKept(minLength) {
  await waitForDraft(j.page, `${DRAFT}.anexos`, { minLength });
}

async function openTicket() {
  await j.page.goto(j.gateway.base + '/chamados/novo');
  await j.page.getByLabel('Assunto').waitFor();
}

test('an ended session keeps the ticket draft with its two 4 MB attachments, and it is sent whole', async () => {
  assert.ok(PHOTO.length > 4_000_000 && BILL.length > 4_000_000);
  await signIn(j.page, j.gateway.base, ...MARIA);
  await j.page.getByText(/Olá, Maria/).waitFor();
  await openTicket();
  await j.page.getByLabel('Tipo de atendimento').selectOption({ label: 'Internet lenta' });
  await j.page.getByLabel('Setor que vai atender').selectOption({ label: 'Suporte técnico' });
  await j.page.getByLabel('Assunto').fill('Sem sinal depois da chuva');
  await j.page.getByLabel('Mensagem').fill('Fotos do modem e a conta de luz.');
  await j.page.getByTestId('anexos').setInputFiles([
    { name: 'modem.png', mimeType: 'image/png', buffer: PHOTO },
    { name: 'conta.pdf', mimeType: 'application/pdf', buffer: BILL },
  ]);
  await j.page.getByTestId('attachment').nth(1).waitFor();
  await draftKept(((PHOTO.length + BILL.length) * 4) / 3);

  // The session ends (the cookie is gone): the next call sends the customer to sign-in.
  await j.browser.clearCookies();
  await goTo(j.page, 'Faturas');
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor();

  await signIn(j.page, j.gateway.base, ...MARIA);
  await j.page.getByText(/Olá, Maria/).waitFor();
  await openTicket();
  await j.page.getByTestId('attachment').nth(1).waitFor();
  assert.equal(await j.page.getByLabel('Assunto').inputValue(), 'Sem sinal depois da chuva');
  await j.page.getByRole('button', { name: 'Enviar chamado' }).click();
  const protocol = (await j.page.getByTestId('ticket-protocol').locator('strong').nth(1).textContent()).trim();
  const stored = await erpFiles(j.gateway.erpBase, 'ticket', protocol);
  assert.deepEqual(stored.map((f) => f.name.replace(/^[0-9a-f]{32}/, '*')), ['*.png', '*.pdf']);
  assert.ok(stored[0].bytes.equals(PHOTO), 'the photo arrives byte for byte');
  assert.ok(stored[1].bytes.equals(BILL), 'the PDF arrives byte for byte');

  // A sent ticket leaves no draft behind.
  await openTicket();
  assert.equal(await j.page.getByLabel('Assunto').inputValue(), '');
});

test('an explicit sign-out erases the draft', async () => {
  await j.page.getByLabel('Assunto').fill('Rascunho que deve sumir');
  await j.page.getByTestId('anexos').setInputFiles([{ name: 'modem.png', mimeType: 'image/png', buffer: PHOTO }]);
  await draftKept(PHOTO.length);
  await signOut(j.page);
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await signIn(j.page, j.gateway.base, ...MARIA);
  await j.page.getByText(/Olá, Maria/).waitFor();
  await openTicket();
  assert.equal(await j.page.getByLabel('Assunto').inputValue(), '');
  assert.equal(await j.page.getByTestId('attachment').count(), 0);
});

test('no page threw an error', () => {
  assert.deepEqual(j.pageErrors, []);
});
