import { expect, Page } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { DemoPerson, KeyFile, hydrated, makeIban } from './helpers';

const dir = process.env.E2E_FIXTURES ?? '';
export const jpeg = (name: string) => ({ name, mimeType: 'image/jpeg', buffer: fs.readFileSync(path.join(dir, name)) });
export const p12 = (k: KeyFile) => ({ name: k.name, mimeType: 'application/x-pkcs12', buffer: k.buffer });

export async function next(page: Page, step: number) {
  await page.locator('#wizard-next').click();
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', String(step));
}

export async function passEds(page: Page, who: DemoPerson) {
  await page.locator('#auth_key').setInputFiles(p12(who.auth));
  await page.locator('#auth_password').fill(who.password);
  await page.locator('#step-eds form button[type=submit]').click();
}

export async function fillRepresentative(page: Page) {
  await page.locator('select[name=authority]').selectOption('mother');
  await page.locator('input[name=phone]').fill('+7 701 234 56 78');
  await page.locator('input[name=email]').fill('aigul@mail.kz');
  await page.locator('input[name=workplace]').fill('«Қазпошта» АҚ');
  await page.locator('input[name=position]').fill('Менеджер');
  await page.locator('input[name=registered_address]').fill('Ақтау қ., 14 шағын аудан, 5 үй, 12 пәтер');
  await page.locator('input[name=residential_address]').fill('Ақтау қ., 14 шағын аудан, 5 үй, 12 пәтер');
}

export async function fillRequisites(page: Page, t: (kk: string, ru: string) => string) {
  await page.locator('select[name=id_doc_type]').selectOption('id_card');
  await page.locator('input[name=id_doc_number]').fill('045123789');
  // Day first, as the page writes dates (no browser date picker in the browser's locale).
  await page.locator('input[name=id_doc_issued_on]').fill('20.06.2019');
  await page.locator('input[name=id_doc_issuer]').fill('ҚР ІІМ');
  await page.locator('input[name=bank_branch]').fill('Маңғыстау облыстық филиалы');
  // A card number is not an account number.
  await page.locator('input[name=iban]').fill('4400 4301 2345 6789');
  await page.locator('#wizard-next').click();
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '4');
  await expect(page.locator('.field--invalid input[name=iban]')).toBeVisible();
  await expect(page.locator('#step-error')).toContainText(t('түзетіңіз', 'Исправьте'));
  await page.locator('input[name=iban]').fill(makeIban('601', 'A123456789012'));
  // The bank and its BIC are filled from the IBAN.
  await expect(page.locator('input[name=bic]')).toHaveValue('HSBKKZKX');
}

export async function uploadDocuments(page: Page) {
  for (const kind of ['photo', 'health_passport', 'health_certificate']) {
    const slot = page.locator(`.document[data-kind="${kind}"]`);
    if (await slot.locator('.document__done').count()) continue;
    await slot.locator(`input[name=${kind}]`).setInputFiles(jpeg('document_small.jpg'));
    await expect(slot.locator('.document__done')).toBeVisible({ timeout: 30_000 });
  }
}


/** The whole wizard for `referralId` as the parent `me` (Kazakh UI), up to the sent dialog;
 * returns the contract number. Steps already done (a restored draft) are simply passed;
 * `atDocuments` runs on step 5 before the documents are uploaded. */
export async function sendContract(
  page: Page,
  me: DemoPerson,
  referralId: number,
  atDocuments?: (page: Page) => Promise<void>,
): Promise<string> {
  const t = (kk: string, _ru: string) => kk;
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await next(page, 2);
  await passEds(page, me);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');
  await fillRepresentative(page);
  await next(page, 4);
  await fillRequisites(page, t);
  await next(page, 5);
  if (atDocuments) await atDocuments(page);
  await uploadDocuments(page);
  await next(page, 6);
  await expect(page.locator('#contract-text')).toBeVisible({ timeout: 30_000 });
  const number = (await page.locator('#contract-number').textContent())!.trim();
  await page.locator('#acknowledge').check();
  await page.locator('#sign_key').setInputFiles(p12(me.sign));
  await page.locator('#sign_password').fill(me.password);
  await page.locator('#step-sign form button[type=submit]').click();
  await page.locator('#confirm-yes').click();
  await expect(page.locator('#sent-number')).toHaveText(number, { timeout: 30_000 });
  return number;
}
