import { test, expect, Browser } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { demoPerson, hydrated, loginAs, makeIin } from './helpers';
import { p12, sendContract } from './wizard_helpers';

// Runs against a server started WITHOUT demo mode from an empty database by
// scripts/e2e-production.sh: `server migrate`, `server import-registry` (one department, the
// kindergarten «Ақбота» with the BIN of the demo head's key, one group), `server grant --role
// region-admin` for the demo admin's IIN. The key files are the demo CA's, downloaded from the
// demo server (E2E_DEMO_URL); the production server trusts that CA's root as an ordinary anchor.
const demoUrl = process.env.E2E_DEMO_URL ?? '';
const fixtures = process.env.E2E_FIXTURES ?? '';
const form = (o: Record<string, string>) => ({ form: o, headers: { accept: 'application/json' } });

async function newPage(browser: Browser) {
  return (await browser.newContext()).newPage();
}

/** Today in Kazakhstan (UTC+5) as the page writes dates: DD.MM.YYYY. */
function todayKz(): string {
  return new Date(Date.now() + 5 * 3600_000).toISOString().slice(0, 10).split('-').reverse().join('.');
}

test('first start in production: the region admin appoints the department admin, a parent signs, the head appoints an employee who signs for the kindergarten', async ({ browser, request }) => {
  expect(demoUrl, 'E2E_DEMO_URL is set by scripts/e2e-production.sh').not.toBe('');
  expect(fixtures, 'E2E_FIXTURES is set by scripts/e2e-production.sh').not.toBe('');
  test.setTimeout(300_000);
  const keys = await newPage(browser);
  const regionAdmin = await demoPerson(keys, request, 'admin', 0, demoUrl);
  const parent = await demoPerson(keys, request, 'parent', 0, demoUrl);
  const head = await demoPerson(keys, request, 'staff', 0, demoUrl);
  const employee = await demoPerson(keys, request, 'employee', 0, demoUrl);
  await keys.context().close();

  // No demo here: the catalogue holds the imported kindergarten only, and there is no demo page.
  const visitor = await newPage(browser);
  await visitor.goto('/');
  await hydrated(visitor);
  await expect(visitor.locator('body')).toContainText('«Ақбота» балабақшасы');
  await expect(visitor.locator('body')).not.toContainText('№1 Балабақшасы');
  expect((await visitor.request.get('/demo/keys/none.p12')).ok()).toBeFalsy();
  await visitor.context().close();

  // The region administrator (granted from the command line) appoints the department's admin:
  // here the same person, so that one key runs both.
  const admin = await newPage(browser);
  await loginAs(admin, regionAdmin);
  await expect(admin.locator('#to-admin')).toHaveCount(0);
  await admin.locator('#to-region').click();
  await hydrated(admin);
  const department = admin.locator('.department').filter({ hasText: 'Жаңаөзен' });
  await expect(department).toBeVisible();
  await admin.locator('#admin-iin').fill(regionAdmin.iin);
  await admin.locator('#grant-admin').click();
  await expect(admin.locator('#region-saved')).toBeVisible();
  await expect(department.locator(`.admin-row[data-iin="${regionAdmin.iin}"]`)).toBeVisible();

  // The department admin's first session: a tariff in force from today (a contract states it).
  await admin.goto('/me');
  await admin.locator('#to-admin').click();
  await hydrated(admin);
  await admin.goto('/admin/tariffs');
  await hydrated(admin);
  await admin.locator('#t-amount').fill('32000');
  await admin.locator('#t-from').fill(todayKz());
  await admin.locator('#set-tariff').click();
  await expect(admin.locator('#tariff-saved')).toBeVisible();

  // A parent adds a child, queues it with «Ақбота» and uploads the birth certificate (no
  // population register here: the department decides).
  const home = await newPage(browser);
  await loginAs(home, parent);
  await home.goto('/cabinet');
  await hydrated(home);
  const childIin = makeIin('230415', 6, 4500 + Math.floor(Math.random() * 5000));
  await home.getByLabel('Баланың ЖСН-і').fill(childIin);
  await home.getByLabel('Баланың тегі').fill('Нұрланова');
  await home.getByLabel('Баланың аты').fill('Аружан');
  await home.locator('#add-child').click();
  const card = home.locator(`.child[data-child-iin="${childIin}"]`);
  await expect(card).toBeVisible();
  await card.locator('summary').click();
  await card.locator('select[name=pref1]').selectOption({ label: '«Ақбота» балабақшасы' });
  await card.getByRole('button', { name: 'Кезекке қою' }).click();
  await expect(card.locator('.queue-position strong')).toHaveText('1');
  await card.locator('.certificate-upload').click();
  await hydrated(home);
  await home.locator('input[name=birth_certificate]').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: fs.readFileSync(path.join(fixtures, 'scan.jpg')) });
  await expect(home.locator('.certificate-done')).toBeVisible({ timeout: 30_000 });

  // The department confirms the parenthood and issues the referral.
  await admin.goto('/admin/children');
  await hydrated(admin);
  const claim = admin.locator(`.claim-child[data-child-iin="${childIin}"] .claim`).first();
  await expect(claim.locator('.certificate-link')).toBeVisible();
  await claim.getByRole('button', { name: 'Растау' }).click();
  await expect(admin.locator('#claim-decided')).toBeVisible();
  await admin.goto('/admin');
  await hydrated(admin);
  const row = admin.locator('.queue-row').filter({ hasText: 'Нұрланова Аружан' });
  await row.getByRole('button', { name: 'Жолдама беру' }).click();
  await expect(admin.locator('#referral-issued')).toBeVisible();

  // The parent signs the contract through the six steps.
  const referrals = await (await home.request.post('/api/cabinet/referrals', form({}))).json();
  const number = await sendContract(home, parent, referrals[0].id as number);

  // The head signs in with the head's organisation key: no one granted them anything, the key
  // says who they are. They appoint the employee by IIN.
  const headPage = await newPage(browser);
  await loginAs(headPage, head);
  await headPage.locator('#to-staff-people').click();
  await hydrated(headPage);
  const kg = headPage.locator('.kindergarten-staff').filter({ hasText: '«Ақбота» балабақшасы' });
  await expect(kg.locator('#no-staff')).toBeVisible();
  await kg.locator('input[name=iin]').fill(employee.iin);
  await kg.locator('.grant-staff').click();
  await expect(headPage.locator('#granted')).toBeVisible();
  await expect(kg.locator(`.staff-row[data-iin="${employee.iin}"]`)).toBeVisible();

  // The employee (an organisation key with the kindergarten's BIN and the right to sign) finds
  // the contract in the inbox and signs it for the kindergarten.
  const staffPage = await newPage(browser);
  await loginAs(staffPage, employee);
  await staffPage.locator('#to-staff').click();
  await hydrated(staffPage);
  await expect(staffPage.locator('#to-staff-people')).toHaveCount(0);
  await staffPage.locator(`.inbox-row[data-number="${number}"] a`).click();
  await hydrated(staffPage);
  await staffPage.locator('#sign_key').setInputFiles(p12(employee.sign));
  await staffPage.locator('#sign_password').fill(employee.password);
  await staffPage.locator('#sign-section form button[type=submit]').click();
  await expect(staffPage.locator('#contract-status')).toHaveAttribute('data-status', 'signed_by_kindergarten', { timeout: 30_000 });

  // The parent sees the admission complete.
  await home.goto('/cabinet/contracts');
  await hydrated(home);
  await expect(home.locator(`.contract[data-number="${number}"]`)).toContainText('Қол қойылды');
  for (const p of [admin, home, headPage, staffPage]) await p.context().close();
});
