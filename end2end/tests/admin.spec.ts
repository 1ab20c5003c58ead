import { test, expect } from '@playwright/test';
import { demoPerson, hydrated, loginAs } from './helpers';

test('the department admin manages tariffs, templates and kindergartens and reads statistics and the audit log', async ({ browser, request }) => {
  const page = await (await browser.newContext({ viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false })).newPage();
  const admin = await demoPerson(page, request, 'admin');
  await loginAs(page, admin);
  await page.locator('#to-admin').click();
  await hydrated(page);

  // Tariffs: a date in the past is refused with its message; a future one is listed.
  await page.locator('#nav-tariffs').click();
  await expect(page).toHaveURL(/\/admin\/tariffs$/);
  await hydrated(page);
  await page.locator('#t-amount').fill('45000');
  await page.locator('#t-from').fill('01.01.2020');
  await page.locator('#set-tariff').click();
  await expect(page.locator('#tariff-error')).toContainText('бүгін');
  const iso = new Date(Date.now() + 40 * 86400_000).toISOString().slice(0, 10);
  const next = iso.split('-').reverse().join('.'); // typed day first: DD.MM.YYYY
  await page.locator('#t-from').fill(next);
  await page.locator('#set-tariff').click();
  await expect(page.locator('#tariff-saved')).toBeVisible();
  await expect(page.locator('#tariffs')).toContainText('45');

  // Templates: the built-in model is in force; the text of the next version is editable.
  await page.goto('/admin/templates');
  await hydrated(page);
  await expect(page.locator('#builtin-in-force')).toBeVisible();
  await expect(page.locator('#tpl-json')).toHaveValue(/"sections"/);

  // Kindergartens: groups with free places and both contract kinds.
  await page.goto('/admin/kindergartens');
  await hydrated(page);
  await expect(page.locator('.kg-admin').first()).toBeVisible();
  await expect(page.locator('.kg-admin .group-row').first()).toBeVisible();

  // Statistics and the audit log (the chain is intact and shows the tariff change).
  await page.goto('/admin/stats');
  await hydrated(page);
  await expect(page.locator('#total-sent')).toBeVisible();
  await page.goto('/admin/audit?action=tariff.set');
  await hydrated(page);
  await expect(page.locator('#chain-status')).toHaveAttribute('data-intact', 'true');
  await expect(page.locator('.audit-row[data-action="tariff.set"]')).toHaveCount(1);
  // Actions are named in the page's language, not by their stored codes.
  await expect(page.locator('.audit-row[data-action="tariff.set"]')).toContainText('Тариф белгіленді');
  await expect(page.locator('#a-action option:checked')).toHaveText('Тариф белгіленді');
  await page.context().close();
});
