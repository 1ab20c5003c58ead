import { test, expect } from '@playwright/test';

test('a parent reads the FAQ and, not finding an answer, writes to support from the button at the bottom right', async ({ page }) => {
  await page.goto('/help');
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
  await page.getByText('Банк шотының нөмірі және банк картасының нөмірі бірдей болады ма?').click();
  await expect(page.getByText('MASTER/VISA')).toBeVisible();

  const button = page.locator('#support-button');
  const box = (await button.boundingBox())!;
  expect(box.x + box.width).toBeGreaterThan(300); // right side of a 360 px screen
  await button.click();
  await expect(page).toHaveURL(/\/support$/);

  await page.getByLabel('Телефон немесе электрондық пошта').fill('call me');
  await page.getByLabel('Хабарлама').fill('Кілтім ашылмайды, көмектесіңізші');
  await page.getByRole('button', { name: 'Жіберу' }).click();
  await expect(page.locator('#support-error')).toContainText('телефон нөмірін');

  await page.getByLabel('Телефон немесе электрондық пошта').fill('+7 701 234 56 78');
  await page.getByRole('button', { name: 'Жіберу' }).click();
  await expect(page.locator('#support-ok')).toContainText('Өтінішіңіз қабылданды');
  await expect(page.locator('#support-ok')).toContainText('№');
});

test('before starting, a parent opens the model contract from the help page: a bilingual PDF', async ({ page, request }) => {
  await page.goto('/help');
  const href = await page.locator('#model-contract').getAttribute('href');
  const resp = await request.get(href!);
  expect(resp.ok()).toBeTruthy();
  expect(resp.headers()['content-type']).toBe('application/pdf');
  const body = await resp.body();
  expect(body.subarray(0, 5).toString()).toBe('%PDF-');
  expect(body.length).toBeGreaterThan(20_000);
});
