// The portal reads its gateway's answers strictly: an answer that is not JSON, a field of the
// wrong type, an amount that is not whole centavos or too large to hold exactly, or an object
// where a list belongs is refused whole, said in one sentence with a way to retry, and the
// retry shows the real list. Requests still go out as JSON the gateway reads.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { journey, signIn } from './harness.mjs';

const j = journey();
const UNREADABLE = 'O portal respondeu algo inesperado. Tente de novo em instantes.';

const WRONG = [
  ['not JSON', '[{"invoice_id": "7", '],
  ['a number where text belongs', '[{"invoice_id": 7}]'],
  ['a fraction of a centavo', '[{"amount_cents": 99.5}]'],
  ['an amount past what a double holds exactly', '[{"amount_cents": 9007199254740993}]'],
  ['an object where the list belongs', '{"entries": []}'],
];

test('an answer that is not what the contract says is refused whole, and the retry reads the real one', async () => {
  const { page } = j;
  await signIn(page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await page.getByText(/Olá, Maria/).waitFor();
  await page.goto(j.gateway.base + '/extrato');
  const rows = page.getByTestId('statement-row');
  await rows.first().waitFor();
  const real = await rows.count();

  for (const [what, body] of WRONG) {
    const wrong = (route) => route.fulfill({ status: 200, contentType: 'application/json', body });
    await page.route('**/api/v1/extrato', wrong);
    await page.goto(j.gateway.base + '/extrato');
    const alert = page.getByRole('alert');
    await alert.getByText(UNREADABLE).waitFor();
    assert.equal(await rows.count(), 0, what);
    await page.unroute('**/api/v1/extrato', wrong);
    await alert.getByRole('button', { name: 'Tentar de novo' }).click();
    await rows.first().waitFor();
    assert.equal(await rows.count(), real, `${what}: the retry shows the real list`);
  }
  // Still signed in: an unreadable answer is not an ended session.
  assert.equal(new URL(page.url()).pathname, '/extrato');
});

test('what the portal sends is JSON the gateway reads: a profile change is saved and read back', async () => {
  const { page } = j;
  const sent = page.waitForRequest((r) => r.url().endsWith('/api/v1/perfil') && r.method() !== 'GET');
  await page.goto(j.gateway.base + '/perfil');
  const email = page.getByLabel('E-mail', { exact: true });
  await email.waitFor();
  await email.fill('maria.nova@example.com');
  await page.getByRole('button', { name: 'Salvar' }).click();
  const request = await sent;
  assert.equal(request.headers()['content-type'], 'application/json');
  const body = request.postDataJSON();
  assert.equal(body.email, 'maria.nova@example.com');
  await page.getByText('Dados atualizados.').waitFor();
  await page.reload();
  await page.waitForFunction(() => document.querySelector('#email')?.value === 'maria.nova@example.com');
});
