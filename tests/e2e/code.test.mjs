// Sign-in by one-time code: the masked destinations, the code read from the demo outbox,
// resend after the countdown, and the fallback factor for customers without a contact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { appStarted, journey, screenshots, seriousA11yViolations, signOut, withHeldApp } from './harness.mjs';

const j = journey({
  consoleErrors: true,
  gateway: {
    login: ['cpf = ["code", "birth_date"]'],
    tables: [
      '[code]',
      'resend_after_s = 3',
      '[code.email]',
      'sender = "outbox"',
      'path = "{work}/caixa-de-saida.jsonl"',
      '[code.whatsapp]',
      'sender = "outbox"',
      'path = "{work}/caixa-de-saida.jsonl"',
    ],
  },
});

/** The messages the outbox holds for `to`, oldest first. */
function outbox(to) {
  let text = '';
  try {
    text = readFileSync(join(j.gateway.work, 'caixa-de-saida.jsonl'), 'utf8');
  } catch {
    return [];
  }
  return text
    .split('\n')
    .filter(Boolean)
    .map((line) => JSON.parse(line))
    .filter((m) => m.para === to);
}

const codeOf = (message) => message.mensagem.match(/\d{6}/)[0];

test('a customer picks a masked destination and signs in with the code sent there', async () => {
  const { page } = j;
  await page.goto(j.gateway.base + '/entrar');
  await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  assert.equal(await page.getByLabel('Data de nascimento').count(), 0, 'no weak factor first');
  await page.getByRole('button', { name: 'Continuar' }).click();

  await page.getByRole('radio', { name: /E-mail: m\*\*\*@e\*\*\*/ }).waitFor();
  await page.getByRole('radio', { name: /WhatsApp: \(\*\*\) \*\*\*\*\*-\*\*77/ }).check();
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshots(page, 'codigo-destinos');
  await page.getByRole('button', { name: 'Enviar código' }).click();

  const field = page.getByLabel('Código recebido');
  await field.waitFor();
  assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await field.getAttribute('inputmode'), 'numeric');
  await page.getByText('Enviamos um código de 6 números para (**) *****-**77.').waitFor();
  const resend = page.getByRole('button', { name: /Reenviar em \d s/ });
  assert.equal(await resend.isDisabled(), true, 'resend waits for the countdown');

  const messages = outbox('81988887777');
  assert.equal(messages.length, 1);
  assert.equal(messages[0].canal, 'whatsapp');
  await page.getByRole('button', { name: 'Reenviar código' }).waitFor({ timeout: 6000 });
  await page.getByRole('button', { name: 'Reenviar código' }).click();
  await page.getByRole('button', { name: /Reenviar em \d s/ }).waitFor();
  const latest = outbox('81988887777');
  assert.equal(latest.length, 2, 'a new code was sent');

  await screenshots(page, 'codigo-digitar');
  // Pasted with a space, as SMS apps often do: the six digits sign in without a click.
  await field.fill(`${codeOf(latest[1]).slice(0, 3)} ${codeOf(latest[1]).slice(3)}`);
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  assert.deepEqual(j.pageErrors, []);
});

test('a CPF sent before the app arrives goes on to the code destinations once it has', async () => {
  const { browser, page, release, errors } = await withHeldApp();
  try {
    await page.goto(j.gateway.base + '/entrar', { waitUntil: 'domcontentloaded' });
    await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
    await page.getByLabel('CPF ou CNPJ').press('Enter');
    release();
    await appStarted(page);
    await page.getByRole('group', { name: 'Enviar o código por' }).waitFor();
    assert.deepEqual(errors, []);
  } finally {
    await browser.close();
  }
});

test('a wrong code says so and lets the customer try again', async () => {
  const { page } = j;
  await signOut(page);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await page.getByLabel('CPF ou CNPJ').fill('123.456.789-09');
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByRole('button', { name: 'Enviar código' }).click();
  const field = page.getByLabel('Código recebido');
  await field.waitFor();
  const code = codeOf(outbox('ana.souza@example.com').at(-1));
  const wrong = code === '000000' ? '111111' : '000000';
  await field.fill(wrong);
  await page.getByRole('alert').filter({ hasText: 'Código inválido ou expirado' }).waitFor();
  await field.fill(code);
  await page.getByRole('heading', { name: /Olá, Ana/ }).waitFor();
});

test('a customer without e-mail or mobile sees contacts like anyone and enters with the birth date', async () => {
  const { page } = j;
  await signOut(page);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await page.getByLabel('CPF ou CNPJ').fill('111.444.777-35');
  await page.getByRole('button', { name: 'Continuar' }).click();
  // Made-up contacts, the same shape a stranger's document gets; none of them is João's.
  await page.getByRole('radio').first().waitFor();
  assert.equal(await page.getByRole('radio').count(), 2);
  await page.getByRole('button', { name: /Não reconhece estes contatos\? Entre com a data de nascimento/ }).click();
  await page.getByText('Este caminho é para quem não tem e-mail nem celular no cadastro').waitFor();
  // The way back to the code, which a locked birth date points to as well.
  assert.equal(await page.getByRole('button', { name: 'Receber um código no e-mail ou WhatsApp' }).count(), 1);
  await page.getByLabel('Data de nascimento').fill('02111978');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: /Olá, João/ }).waitFor();
  assert.deepEqual(j.pageErrors, []);
});
