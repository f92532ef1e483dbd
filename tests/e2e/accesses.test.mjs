// "Meus acessos" and "Meus dados no portal": the account open on a phone and on a computer.
// The phone sees both, ends the computer's session (which then goes back to sign-in), later
// all the others at once, and finally erases what the portal keeps, signing everyone out.
import assert from 'node:assert/strict';
import { after, test } from 'node:test';
import { goTo, journey, screenshots, seriousA11yViolations, signIn, startBrowser } from './harness.mjs';

const j = journey();
const FIREFOX_WINDOWS = 'Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:133.0) Gecko/20100101 Firefox/133.0';
let computer;

after(async () => {
  await computer?.close();
});

async function openOnComputer() {
  computer ??= await startBrowser();
  const page = computer.pages()[0] ?? (await computer.newPage());
  await page.setExtraHTTPHeaders({ 'User-Agent': FIREFOX_WINDOWS });
  await signIn(page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  return page;
}

const rows = () => j.page.getByTestId('acesso');

test('the phone lists both devices and ends the computer\'s session', async () => {
  await signIn(j.page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await j.page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  const desk = await openOnComputer();
  await goTo(j.page, 'Meus dados');
  await j.page.getByRole('heading', { name: 'Meus acessos' }).waitFor();
  await j.page.waitForFunction(() => document.querySelectorAll('[data-testid=acesso]').length === 2);
  const mine = rows().and(j.page.locator('[data-atual=true]'));
  assert.match(await mine.textContent(), /este aparelho/);
  const other = rows().filter({ hasText: 'Firefox no Windows' });
  assert.match(await other.textContent(), /Rede 127\.0\.0\.x · último uso em \d\d\/\d\d\/\d{4}/);
  await screenshots(j.page, 'meus-acessos');
  assert.deepEqual(await seriousA11yViolations(j.page), [], 'meus acessos');

  await other.getByRole('button', { name: 'Sair deste' }).click();
  await j.page.getByRole('status').filter({ hasText: 'Acesso encerrado.' }).waitFor();
  await j.page.waitForFunction(() => document.querySelectorAll('[data-testid=acesso]').length === 1);
  // The computer's next visit finds no session and goes back to sign-in.
  await desk.goto(j.gateway.base + '/faturas');
  await desk.getByRole('heading', { name: 'Entrar' }).waitFor();
  assert.equal(await rows().getByRole('button', { name: 'Sair deste' }).count(), 0, 'no button to end this device');
});

test('"Sair de todos os outros" ends every other session and keeps this one', async () => {
  const desk = await openOnComputer();
  await j.page.reload();
  await j.page.waitForFunction(() => document.querySelectorAll('[data-testid=acesso]').length === 2);
  await j.page.getByRole('button', { name: 'Sair de todos os outros' }).click();
  await j.page.getByRole('status').filter({ hasText: '1 outro acesso encerrado.' }).waitFor();
  await desk.reload();
  await desk.getByRole('heading', { name: 'Entrar' }).waitFor();
  // This device is still signed in.
  await goTo(j.page, 'Faturas');
  await j.page.getByRole('heading', { name: 'Faturas' }).waitFor();
  assert.deepEqual(j.pageErrors, []);
});

test('"Meus dados no portal" shows what the portal keeps and erases it after a confirmation', async () => {
  const desk = await openOnComputer();
  await goTo(j.page, 'Meus dados');
  const kept = j.page.getByTestId('dados-no-portal');
  await kept.getByText('Acessos abertos: 2').waitFor();
  assert.match(await kept.textContent(), /Chamados abertos pelo portal: 0/);
  await j.page.getByRole('button', { name: 'Apagar meus dados do portal' }).click();
  await j.page.getByRole('button', { name: 'Sim, apagar' }).waitFor();
  assert.deepEqual(await seriousA11yViolations(j.page), [], 'confirmation');
  await screenshots(j.page, 'meus-dados-no-portal');
  // Cancel keeps everything.
  await j.page.getByRole('button', { name: 'Cancelar' }).click();
  await j.page.getByRole('button', { name: 'Apagar meus dados do portal' }).click();
  await j.page.getByRole('button', { name: 'Sim, apagar' }).click();
  await j.page.getByRole('heading', { name: 'Entrar' }).waitFor();
  await j.page.getByText('Seus dados no portal foram apagados').waitFor();
  // Every device is signed out, the computer too.
  await desk.reload();
  await desk.getByRole('heading', { name: 'Entrar' }).waitFor();
  // Back in, the portal knows only this new sign-in.
  await signIn(j.page, j.gateway.base, '529.982.247-25', '14/03/1985');
  await j.page.getByRole('heading', { name: /Olá, Maria/ }).waitFor();
  await goTo(j.page, 'Meus dados');
  await j.page.getByTestId('dados-no-portal').getByText('Acessos abertos: 1').waitFor();
});
