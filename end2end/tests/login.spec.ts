import { test, expect, Page, APIRequestContext } from '@playwright/test';

type DemoKey = { file: string; signing: boolean };

async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

/** A demo parent's key files, downloaded from the demo page like a visitor would. */
async function demoParent(page: Page, request: APIRequestContext) {
  await page.goto('/demo');
  const person = page.locator('.demo-person').first();
  const iin = (await person.getAttribute('data-iin'))!;
  const links = person.locator('a[download]');
  const files: Record<string, Buffer> = {};
  for (const href of await links.evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))) {
    const resp = await request.get(href);
    expect(resp.ok()).toBeTruthy();
    expect(resp.headers()['content-disposition']).toContain('attachment');
    files[href.split('/').pop()!] = await resp.body();
  }
  const auth = Object.keys(files).find((f) => f.startsWith('AUTH_'))!;
  const sign = Object.keys(files).find((f) => f.startsWith('RSA256_'))!;
  const password = (await page.locator('#demo-password').textContent())!.trim();
  return { iin, password, auth: { name: auth, buffer: files[auth] }, sign: { name: sign, buffer: files[sign] } };
}

async function chooseKey(page: Page, key: { name: string; buffer: Buffer }, password: string) {
  await page.locator('#auth_key').setInputFiles({ name: key.name, mimeType: 'application/x-pkcs12', buffer: key.buffer });
  await page.getByLabel('Кілттің құпиясөзі').fill(password);
  await page.getByRole('button', { name: 'Кіру', exact: true }).click();
}

test('a parent enters the cabinet with the AUTH key; the cabinet shows the IIN from the certificate', async ({ page, request }) => {
  const parent = await demoParent(page, request);
  await page.goto('/login');
  await hydrated(page);
  // Nothing sticks out of a 360 px phone screen.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await chooseKey(page, parent.auth, parent.password);
  await expect(page).toHaveURL(/\/me$/);
  await expect(page.locator('#me-iin')).toHaveText(parent.iin);

  // Signing out ends the session: the cabinet asks to sign in again.
  await page.locator('#logout').click();
  await expect(page).toHaveURL(/\/$/);
  await page.goto('/me');
  await expect(page.getByText('Сіз жүйеге кірмегенсіз.')).toBeVisible();
});

test('a wrong password, the signing key at login and a photo instead of a key each get a clear message', async ({ page, request }) => {
  const parent = await demoParent(page, request);
  await page.goto('/login');
  await hydrated(page);

  await chooseKey(page, parent.auth, 'wrong-password');
  await expect(page.locator('#key-error')).toBeVisible();
  await expect(page.locator('#key-error')).toContainText('құпиясөз');
  await expect(page).toHaveURL(/\/login$/);

  await chooseKey(page, parent.sign, parent.password);
  await expect(page.locator('#key-error')).toContainText('AUTH');
  await expect(page).toHaveURL(/\/login$/);

  const jpeg = Buffer.from([0xff, 0xd8, 0xff, 0xe0, 0, 16, 0x4a, 0x46, 0x49, 0x46, 0, 1, 1, 0, 0, 1, 0, 1, 0, 0, 0xff, 0xd9]);
  await page.locator('#auth_key').setInputFiles({ name: 'photo.p12', mimeType: 'application/x-pkcs12', buffer: jpeg });
  await page.getByLabel('Кілттің құпиясөзі').fill(parent.password);
  await page.getByRole('button', { name: 'Кіру', exact: true }).click();
  await expect(page.locator('#key-error')).toBeVisible();
  await expect(page).toHaveURL(/\/login$/);

  // In Russian too.
  await page.locator('#lang-switch').click();
  await expect(page.locator('#key-error')).not.toContainText('құпиясөз');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Вход с ЭЦП');
});

test.describe('the EDS code chunk', () => {
  // Requests a service worker answers are not routed by Playwright: without it here.
  test.use({ serviceWorkers: 'block' });

  test('the EDS code is fetched only when a key file is chosen; without a connection the parent is told so, and the retry signs in', async ({ page, request }) => {
    const parent = await demoParent(page, request);
    const fetched: string[] = [];
    page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
    // The connection drops just as the EDS code would be fetched.
    let offline = true;
    await page.route(/\/pkg\/split_eds_code\./, (route) => (offline ? route.abort('internetdisconnected') : route.continue()));
    await page.goto('/login');
    await hydrated(page);
    expect(fetched.filter((p) => /split_eds_code/.test(p))).toEqual([]);

    await chooseKey(page, parent.auth, parent.password);
    await expect(page.locator('#key-error')).toContainText('интернет');
    await expect(page).toHaveURL(/\/login$/);
    // Nothing typed is lost: the password is still there.
    await expect(page.getByLabel('Кілттің құпиясөзі')).toHaveValue(parent.password);
    await page.locator('#lang-switch').click();
    await expect(page.locator('#key-error')).toContainText('подключение к интернету');
    await page.locator('#lang-switch').click();

    // Back online: the same button signs in.
    offline = false;
    await page.getByRole('button', { name: 'Кіру', exact: true }).click();
    await expect(page).toHaveURL(/\/me$/);
    await expect(page.locator('#me-iin')).toHaveText(parent.iin);
    expect(fetched.some((p) => /split_eds_code/.test(p))).toBeTruthy();
  });
});
