// Passkeys in Chromium through the CDP virtual authenticator (a phone's fingerprint or face):
// register one after signing in, prove the session with it, sign out, sign in with it (with
// and without the CPF typed), see it refused for another customer's CPF, and remove it.
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { goTo, journey, screenshots, seriousA11yViolations, signOut, startBrowser } from './harness.mjs';

const j = journey({
  consoleErrors: true,
  gateway: {
    login: ['cpf = ["passkey", "birth_date"]'],
    // Passkeys belong to a host name; any port of localhost is the same relying party.
    tables: ['[passkey]', 'origin = "http://localhost"'],
  },
});

/** The portal at localhost: WebAuthn takes no IP address as a relying party. */
const base = () => j.gateway.base.replace('127.0.0.1', 'localhost');

/** A platform authenticator that verifies its user, as a phone with a fingerprint does. */
async function phone(page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('WebAuthn.enable');
  const { authenticatorId } = await cdp.send('WebAuthn.addVirtualAuthenticator', {
    options: {
      protocol: 'ctap2',
      transport: 'internal',
      hasResidentKey: true,
      hasUserVerification: true,
      isUserVerified: true,
      automaticPresenceSimulation: true,
    },
  });
  return { cdp, authenticatorId };
}

async function signInByBirthDate(page, document, date) {
  await page.goto(base() + '/entrar');
  await page.getByLabel('CPF ou CNPJ').fill(document);
  await page.getByLabel('Data de nascimento').fill(date);
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
}

// A signed-out page's call to the API is refused with 401.
const invoicesStatus = (page) => page.evaluate(async () => (await fetch('/api/v1/faturas')).status);

test('register a passkey, sign out, sign in with it, and remove it', async () => {
  const { page } = j;
  const { cdp, authenticatorId } = await phone(page);

  // Maria is signed in on another device too: a new passkey ends that session.
  const other = await startBrowser();
  try {
    const laptop = await other.newPage();
    await signInByBirthDate(laptop, '529.982.247-25', '14031985');
    await laptop.getByRole('heading', { name: /Olá, Maria/ }).waitFor();

    await signInByBirthDate(page, '529.982.247-25', '14031985');
    await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
    await goTo(page, 'Meus dados');
    const card = page.getByRole('region', { name: 'Chaves de acesso' });
    await card.getByText('Nenhuma chave cadastrada.').waitFor();
    await card.getByLabel('Nome deste aparelho').fill('Celular da Maria');
    await card.getByRole('button', { name: 'Entrar com a digital ou o rosto do celular' }).click();
    await card.getByText('Chave de acesso cadastrada.').waitFor();
    await card.getByTestId('chave').filter({ hasText: 'Celular da Maria' }).waitFor();
    const { credentials } = await cdp.send('WebAuthn.getCredentials', { authenticatorId });
    assert.equal(credentials.length, 1);
    assert.equal(credentials[0].isResidentCredential, true, 'kept on the phone, found without the CPF');
    assert.deepEqual(await seriousA11yViolations(page), []);
    await screenshots(page, 'chaves-de-acesso');
    assert.equal(await invoicesStatus(laptop), 401, 'the other session ended');

    // This session began with a birth date: now that a passkey protects the account, it must
    // prove itself before removing one, and the passkey is how.
    await card.getByTestId('chave').getByRole('button', { name: 'Remover' }).click();
    await card.getByRole('alert').filter({ hasText: 'confirme antes que é você' }).waitFor();
    const contacts = page.getByRole('region', { name: 'Contatos confirmados' });
    await contacts.getByRole('button', { name: 'Confirmar com a digital ou o rosto' }).click();
    await contacts.getByText('Confirmado. Agora você pode alterar').waitFor();
  } finally {
    await other.close();
  }

  // Signed out, the passkey alone signs her in: the phone names its owner.
  await signOut(page);
  await page.goto(base() + '/entrar');
  await page.getByRole('button', { name: 'Entrar com a digital ou o rosto do celular' }).click();
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();

  // With another customer's CPF typed, her passkey is refused; with hers, it signs in.
  await signOut(page);
  await page.goto(base() + '/entrar');
  await page.getByLabel('CPF ou CNPJ').fill('111.444.777-35');
  await page.getByRole('button', { name: 'Entrar com a digital ou o rosto do celular' }).click();
  await page.getByRole('alert').filter({ hasText: 'Não reconhecemos esta chave de acesso' }).waitFor();
  await page.getByLabel('CPF ou CNPJ').fill('529.982.247-25');
  // Her birth date is no longer enough: she has a passkey.
  await page.getByLabel('Data de nascimento').fill('14031985');
  await page.getByRole('button', { name: 'Entrar', exact: true }).click();
  await page.getByRole('alert').filter({ hasText: 'Não encontramos um cadastro com esses dados' }).waitFor();
  await page.getByRole('button', { name: 'Entrar com a digital ou o rosto do celular' }).click();
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();

  // Just signed in with it, she may remove it.
  await goTo(page, 'Meus dados');
  const card = page.getByRole('region', { name: 'Chaves de acesso' });
  const row = card.getByTestId('chave').filter({ hasText: 'Celular da Maria' });
  await row.getByRole('button', { name: 'Remover' }).click();
  await card.getByText('Chave de acesso removida.').waitFor();
  await card.getByText('Nenhuma chave cadastrada.').waitFor();

  // The phone still holds the key, but the portal no longer knows it.
  await signOut(page);
  await page.goto(base() + '/entrar');
  await page.getByRole('button', { name: 'Entrar com a digital ou o rosto do celular' }).click();
  await page.getByRole('alert').filter({ hasText: 'Não reconhecemos esta chave de acesso' }).waitFor();
  // The one refusal the browser logs is the removal tried before the proof.
  assert.deepEqual(j.pageErrors, ['Failed to load resource: the server responded with a status of 403 (Forbidden)']);
});
