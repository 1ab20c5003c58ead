// Runs after staff.spec.ts (file order): that test counts the contracts awaiting the kindergarten.
import { test, expect } from '@playwright/test';
import { demoPerson, loginAs, parentWithReferral } from './helpers';
import { sendContract } from './wizard_helpers';

const dir = process.env.E2E_FIXTURES ?? '';

// The national CA issues one GOST512 file today (GOST R 34.10-2015 512-bit): it logs in and
// signs. Everything happens in WASM on the device; the server verifies.
test('a parent logs in with one GOST512 file', async ({ page, request }) => {
  test.setTimeout(60_000);
  const me = await demoPerson(page, request, 'parent', 0);
  expect(me.gost.name).toMatch(/^GOST512_/);
  await loginAs(page, { ...me, auth: me.gost });
  await expect(page.locator('body')).toContainText(me.iin);
});

test('a parent passes the EDS step and signs the contract with the same GOST512 file', async ({ browser, request }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(150_000);
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
  const number = await sendContract(page, { ...me, auth: me.gost, sign: me.gost }, referralId);
  expect(number).toMatch(/\d/);
  // The contract list shows it sent for signing.
  await page.goto('/cabinet/contracts');
  await expect(page.locator('body')).toContainText(number);
});
