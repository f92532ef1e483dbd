// Verified contacts and sign-in by one-time code: a contact confirmed by the code sent to it
// (a second one after a proof), the masked destinations, the code read from the demo outbox,
// resend after the countdown, and the fallback factor only for customers without a contact.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { test } from 'node:test';
import { appStarted, goTo, journey, screenshots, seriousA11yViolations, signOut, withHeldApp } from './harness.mjs';

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

/** Types into the card the code just sent to `to`, once the field for it shows. */
async function typeCode(card, to) {
  const field = card.getByLabel(/Código enviado para/);
  await field.waitFor();
  await field.fill(codeOf(outbox(to).at(-1)));
}

test('a customer confirms her WhatsApp and e-mail in the portal, the second after a proof', async () => {
  const { page } = j;
  await page.goto(j.gateway.base + '/entrar');
  await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await page.getByRole('button', { name: 'Continuar' }).click();
  // Nothing confirmed yet: the ERP's contacts are no destination, so she takes the birth date.
  await page.getByRole('button', { name: /Não reconhece estes contatos\? Entre com a data de nascimento/ }).click();
  await page.getByLabel('Data de nascimento').fill('14031985');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  await goTo(page, 'Meus dados');

  const card = page.getByRole('region', { name: 'Contatos confirmados' });
  await card.getByText('Nenhum contato confirmado ainda.').waitFor();
  await card.getByRole('radio', { name: 'WhatsApp' }).check();
  assert.equal(await card.getByLabel('Celular com WhatsApp').inputValue(), '(81) 98888-7777', 'the ERP suggests it');
  await card.getByRole('button', { name: 'Enviar código de confirmação' }).click();
  await typeCode(card, '81988887777');
  await card.getByRole('button', { name: 'Confirmar' }).click();
  await card.getByText('Contato confirmado.').waitFor();
  await card.getByTestId('contato-confirmado').filter({ hasText: 'WhatsApp: (**) *****-**77' }).waitFor();

  // Adding the e-mail now needs a code to the WhatsApp she confirmed.
  await card.getByText('Para alterar seus contatos ou chaves de acesso, confirme que é você').waitFor();
  await card.getByRole('button', { name: /WhatsApp \(\*\*\) \*\*\*\*\*-\*\*77/ }).click();
  await typeCode(card, '81988887777');
  await card.getByRole('button', { name: 'Confirmar' }).click();
  await card.getByText('Confirmado. Agora você pode alterar').waitFor();
  await card.getByRole('radio', { name: 'E-mail' }).check();
  await card.getByLabel('Endereço de e-mail').fill('maria.silva@example.com');
  await card.getByRole('button', { name: 'Enviar código de confirmação' }).click();
  await typeCode(card, 'maria.silva@example.com');
  await card.getByRole('button', { name: 'Confirmar' }).click();
  await card.getByTestId('contato-confirmado').filter({ hasText: 'E-mail: m***@e***' }).waitFor();
  // The WhatsApp hears of the new e-mail.
  assert.match(outbox('81988887777').at(-1).mensagem, /o e-mail m\*\*\*@e\*\*\* foi confirmado na sua conta/);
  assert.deepEqual(await seriousA11yViolations(page), []);
  await screenshots(page, 'contatos-confirmados');
  await signOut(page);
});

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
  const before = outbox('81988887777').length;
  await page.getByRole('button', { name: 'Enviar código' }).click();

  const field = page.getByLabel('Código recebido');
  await field.waitFor();
  assert.equal(await field.getAttribute('autocomplete'), 'one-time-code');
  assert.equal(await field.getAttribute('inputmode'), 'numeric');
  await page.getByText('Enviamos um código de 6 números para (**) *****-**77.').waitFor();
  const resend = page.getByRole('button', { name: /Reenviar em \d s/ });
  assert.equal(await resend.isDisabled(), true, 'resend waits for the countdown');

  const messages = outbox('81988887777').slice(before);
  assert.equal(messages.length, 1);
  assert.equal(messages[0].canal, 'whatsapp');
  await page.getByRole('button', { name: 'Reenviar código' }).waitFor({ timeout: 6000 });
  await page.getByRole('button', { name: 'Reenviar código' }).click();
  await page.getByRole('button', { name: /Reenviar em \d s/ }).waitFor();
  const latest = outbox('81988887777').slice(before);
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

/** Asks for the code; within the cool-down of the last one it waits as told and asks again. */
async function sendCode(page) {
  await page.getByRole('button', { name: 'Enviar código' }).click();
  const field = page.getByLabel('Código recebido');
  const alert = page.getByRole('alert');
  await Promise.race([field.waitFor(), alert.waitFor()]);
  if (await field.count()) return field;
  const wait = alert.filter({ hasText: /Aguarde \d+ segundo/ });
  assert.equal(await wait.count(), 1, await alert.textContent());
  const seconds = Number((await wait.textContent()).match(/Aguarde (\d+)/)[1]);
  await page.waitForTimeout(seconds * 1000);
  await page.getByRole('button', { name: 'Enviar código' }).click();
  await field.waitFor();
  return field;
}

test('her birth date no longer opens the door, and a wrong code says so and lets her try again', async () => {
  const { page } = j;
  await signOut(page);
  await page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  await page.getByRole('button', { name: 'Continuar' }).click();
  // Whoever knows her birth date is refused like a wrong one: she has confirmed contacts.
  await page.getByRole('button', { name: /Não reconhece estes contatos\? Entre com a data de nascimento/ }).click();
  await page.getByLabel('Data de nascimento').fill('14031985');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('alert').filter({ hasText: 'Não encontramos um cadastro com esses dados' }).waitFor();
  await page.getByRole('button', { name: 'Receber um código no e-mail ou WhatsApp' }).click();
  await page.getByRole('button', { name: 'Continuar' }).click();
  await page.getByRole('radio', { name: /E-mail: m\*\*\*@e\*\*\*/ }).check();
  const field = await sendCode(page);
  const code = codeOf(outbox('maria.silva@example.com').at(-1));
  const wrong = code === '000000' ? '111111' : '000000';
  await field.fill(wrong);
  await page.getByRole('alert').filter({ hasText: 'Código inválido ou expirado' }).waitFor();
  await field.fill(code);
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
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
  await page.getByText('Este caminho é só para quem ainda não confirmou um e-mail ou WhatsApp na central').waitFor();
  // The way back to the code, which a locked birth date points to as well.
  assert.equal(await page.getByRole('button', { name: 'Receber um código no e-mail ou WhatsApp' }).count(), 1);
  await page.getByLabel('Data de nascimento').fill('02111978');
  await page.getByRole('button', { name: 'Entrar' }).click();
  await page.getByRole('heading', { name: /Olá, João/ }).waitFor();
  assert.deepEqual(j.pageErrors, []);
});
