// The core journeys against each way an ERP may speak the contract: exactly version 21,
// the older vocabulary (v18) and the current one with extensions. One gateway and one
// browser; the demo ERP switches profile between rounds. Where the contract leaves things
// to the portal, the assertions say what differs.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { pdfBarcode, pdfQr } from './codes.mjs';
import { png } from './files.mjs';
import { apiJson, download, erpFiles, erpSwitches, journey, signIn, goTo } from './harness.mjs';

const j = journey();
const PNG = png(3_000);

const api = (path) => apiJson(j.page, j.gateway.base, path);

// v18 comes last: its round unlocks the service, which the other rounds find suspended.
for (const profile of ['v21', 'estendido', 'v18']) {
  test(`${profile}: sign-in, home, an invoice with its codes and boleto PDF`, async () => {
    await erpSwitches(j.gateway.erpBase, { perfil: profile });
    await signIn(j.page, j.gateway.base, '123.456.789-09', '25/07/1992');
    await j.page.getByText(/Olá, Ana/).waitFor();
    await j.page.getByTestId('next-invoice').waitFor();

    const [invoice] = await api('/faturas');
    const detail = await api(`/faturas/${invoice.id}`);
    await j.page.goto(`${j.gateway.base}/faturas/${invoice.id}`);
    await j.page.getByTestId('linha').waitFor();
    assert.equal(await j.page.getByTestId('linha').textContent(), detail.boleto.linha_formatted);
    await j.page.getByTestId('barcode').locator('svg').waitFor();
    // v18 invoices carry no PIX code: the page offers the boleto only.
    assert.equal(await j.page.getByTestId('pix-qr').count(), profile === 'v18' ? 0 : 1);
    assert.equal(Boolean(detail.pix), profile !== 'v18');

    const { bytes: pdf } = await download(j.page, j.page.getByRole('link', { name: 'Baixar boleto (PDF)' }));
    assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
    assert.equal(pdfBarcode(pdf), detail.boleto.barcode, 'the bars are the invoice barcode');
    if (detail.pix) assert.equal(pdfQr(pdf), detail.pix.payload, 'the QR is the BR Code');
  });

  test(`${profile}: contracts with their services and the unlock on offer`, async () => {
    await goTo(j.page, 'Contratos');
    // v18 has no contracts endpoint and no contract in the lookup: services stand alone.
    const where = profile === 'v18' ? j.page.getByTestId('other-services') : j.page.getByTestId('contract').first();
    await where.locator('.service').getByText('Suspenso').first().waitFor();
    await where.getByRole('link', { name: 'Desbloqueio de confiança' }).waitFor();
    if (profile === 'v18') {
      // No eligibility data in v18: the unlock is offered and the ERP's answer decides.
      await where.getByRole('link', { name: 'Desbloqueio de confiança' }).click();
      await j.page.getByRole('button', { name: 'Desbloquear agora' }).click();
      await j.page.getByTestId('unlock-result').getByText('Serviço desbloqueado.').waitFor();
    }
  });

  test(`${profile}: statement, documents and contact data read`, async () => {
    await j.page.goto(j.gateway.base + '/extrato');
    await j.page.getByTestId('statement-row').first().waitFor();
    await j.page.goto(j.gateway.base + '/documentos');
    await j.page.getByRole('link', { name: /Baixar declaração \d{4}/ }).first().waitFor();
    await j.page.getByRole('link', { name: /PDF da nota/ }).first().waitFor();
    await j.page.goto(j.gateway.base + '/perfil');
    await j.page.getByLabel('E-mail').waitFor();
    const kept = await j.page.getByLabel('E-mail').inputValue();
    // v21's lookup has no contact data; the others show the ERP's.
    assert.equal(kept === '', profile === 'v21', `e-mail shown: ${kept}`);
  });

  test(`${profile}: a ticket with a photo reaches the ERP`, async () => {
    await goTo(j.page, 'Atendimento');
    await j.page.getByLabel('Tipo de atendimento').selectOption({ label: 'Internet lenta' });
    await j.page.getByLabel('Setor que vai atender').selectOption({ label: 'Suporte técnico' });
    await j.page.getByLabel('Assunto').fill(`Lentidão (${profile})`);
    await j.page.getByLabel('Mensagem').fill('A velocidade cai à noite.');
    await j.page.getByTestId('anexos').setInputFiles([{ name: 'modem.png', mimeType: 'image/png', buffer: PNG }]);
    await j.page.getByTestId('attachment').first().waitFor();
    await j.page.getByRole('button', { name: 'Enviar chamado' }).click();
    const protocol = (await j.page.getByTestId('ticket-protocol').locator('strong').nth(1).textContent()).trim();
    const stored = await erpFiles(j.gateway.erpBase, 'ticket', protocol);
    assert.ok(stored[0].bytes.equals(PNG));
  });
}

test('no page threw an error', () => {
  assert.deepEqual(j.pageErrors, []);
});
