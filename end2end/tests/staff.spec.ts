import { test, expect } from '@playwright/test';
import { demoPerson, hydrated, loginAs, parentWithReferral } from './helpers';
import { p12, sendContract } from './wizard_helpers';

const dir = process.env.E2E_FIXTURES ?? '';

test('staff refuse with a reason, the parent corrects and resends, staff sign: the parent sees «Қол қойылды»', async ({ browser, request }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(180_000);
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
  const first = await sendContract(page, me, referralId);

  const staffPage = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false })).newPage();
  const employee = await demoPerson(staffPage, request, 'staff', 0);
  await loginAs(staffPage, employee);
  await staffPage.locator('#to-staff').click();
  await hydrated(staffPage);
  await expect(staffPage.locator('#awaiting-count')).toHaveText('1');
  await expect(staffPage.locator(`.inbox-row[data-number="${first}"]`)).toBeVisible();
  // Search finds the child; a wrong search finds nothing.
  await staffPage.locator('#f-q').fill('жоқбала');
  await staffPage.locator('#apply-filters').click();
  await expect(staffPage.locator('#inbox-empty')).toBeVisible();
  await staffPage.locator('#f-q').fill('Серікова');
  await staffPage.locator('#apply-filters').click();
  await staffPage.locator(`.inbox-row[data-number="${first}"] a`).click();
  await hydrated(staffPage);
  await expect(staffPage.locator('#requisites')).toContainText('HSBKKZKX');
  await expect(staffPage.locator('#documents figure')).toHaveCount(3);
  await expect(staffPage.locator('#parent-signature')).toContainText(me.iin);
  // Refuse: the reason is required.
  await staffPage.locator('#refuse-submit').click();
  await expect(staffPage.locator('#refuse-error')).not.toBeEmpty();
  await staffPage.locator('#refusal-reason').selectOption('invalid_requisites');
  await staffPage.locator('#refusal-comment').fill('ЖСК қате, банктен анықтаңыз');
  await staffPage.locator('#refuse-submit').click();
  await expect(staffPage.locator('#contract-status')).toHaveAttribute('data-status', 'refused_by_kindergarten');

  // The parent sees why, corrects and sends a new version (nothing retyped from scratch).
  await page.goto('/cabinet/contracts');
  await hydrated(page);
  await expect(page.locator(`.contract[data-number="${first}"] .refusal`)).toContainText('ЖСК қате');
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await expect(page.locator('#previous-refusal')).toContainText('ЖСК қате');
  // The refused contract's documents are evidence: the parent cannot delete them, and the slot
  // says why (the document stays and is sent again with the new version).
  const second = await sendContract(page, me, referralId, async (p) => {
    const photo = p.locator('.document[data-kind="photo"]');
    await expect(photo.locator('.document__done')).toBeVisible();
    await photo.locator('.document__delete').click();
    await expect(photo.locator('.field__error')).toContainText('шарттың құрамында');
    await expect(photo.locator('.document__done')).toBeVisible();
  });
  expect(second).not.toBe(first);

  // Staff sign the new version with the organisation's key.
  await staffPage.goto('/staff');
  await hydrated(staffPage);
  await staffPage.locator(`.inbox-row[data-number="${second}"] a`).click();
  await hydrated(staffPage);
  await staffPage.locator('#sign_key').setInputFiles(p12(employee.sign));
  await staffPage.locator('#sign_password').fill(employee.password);
  await staffPage.locator('#sign-section form button[type=submit]').click();
  await expect(staffPage.locator('#contract-status')).toHaveAttribute('data-status', 'signed_by_kindergarten', { timeout: 30_000 });
  await expect(staffPage.locator('#staff-outcome')).not.toBeEmpty();

  await page.goto('/cabinet/contracts');
  await hydrated(page);
  await expect(page.locator(`.contract[data-number="${second}"]`)).toContainText('Қол қойылды');
  await expect(page.locator('.contract')).toHaveCount(2);
  await page.goto('/cabinet/notifications');
  await expect(page.locator('body')).toContainText('бала қабылданды');
  await staffPage.context().close();
  await page.context().close();
});
