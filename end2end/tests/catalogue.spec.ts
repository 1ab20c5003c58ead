import { test, expect, Page } from '@playwright/test';

async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

test('a parent on a phone finds a kindergarten in the catalogue, filters it and switches language', async ({ page }) => {
  await page.goto('/');
  await expect(page.locator('html')).toHaveAttribute('lang', 'kk');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Балабақшалар');
  await expect(page.locator('#found-count')).toHaveText('11');
  const first = page.locator('.kg-card').first();
  await expect(first).toContainText('№1 Балабақшасы');
  await expect(first).toContainText('Иманбаев көшесі, 10 үй');
  await expect(first).toContainText('2 жастан бастап қабылдау');
  // 669 in the demo data, fewer once referrals (other tests) have taken places.
  await expect(first).toContainText(/Бос орындар: (6[0-6][0-9])/);
  await expect(first).toContainText('Орындар бар');
  await expect(first).toContainText('Мемлекеттік');
  await expect(first.locator('.badge--e')).toHaveText('Электрондық шарт');
  await hydrated(page);

  // Typing filters in place, without pressing the button: only the WASM app can do this.
  await page.getByLabel('Атауы немесе мекенжайы бойынша іздеу').fill('жеңіс');
  await expect(page.locator('#found-count')).toHaveText('1');
  await expect(page.locator('.kg-card')).toContainText('№11 Балабақшасы');
  await expect(page).toHaveURL(/q=%D0%B6/);

  // Clear the search; only e-contract kindergartens that are private.
  await page.getByLabel('Атауы немесе мекенжайы бойынша іздеу').fill('');
  await expect(page.locator('#found-count')).toHaveText('11');
  await page.getByLabel('Тек электрондық шарт жасасатындар').check();
  await expect(page.locator('.kg-card[data-e-contracts="false"]')).toHaveCount(0);
  await page.getByLabel('Меншік түрі').selectOption('private');
  await expect(page.locator('#found-count')).toHaveText('2');
  await expect(page.locator('.kg-card').first()).toContainText('№7 Балабақшасы');

  // Switch to Russian in place: the filter stays, the text changes, the cookie remembers.
  await page.locator('#lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('Детские сады');
  await expect(page.locator('.kg-card').first()).toContainText('Детский сад №7');
  await expect(page.locator('.kg-card').first()).toContainText('Частный');
  await expect(page.locator('#found-count')).toHaveText('2');
  await page.reload();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.getByLabel('Форма собственности')).toHaveValue('private');
  await expect(page.getByLabel('Только с электронным договором')).toBeChecked();
  await expect(page.locator('.kg-card').first()).toContainText('Электронный договор');

  // Nothing sticks out at 360 px.
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
});

test('without JavaScript the catalogue, the filter form and the language link still work', async ({ browser }) => {
  const context = await browser.newContext({ javaScriptEnabled: false, viewport: { width: 360, height: 740 } });
  const page = await context.newPage();
  await page.goto('/');
  await expect(page.locator('#found-count')).toHaveText('11');
  await page.getByLabel('Атауы немесе мекенжайы бойынша іздеу').fill('Уалиханов');
  await page.getByRole('button', { name: 'Көрсету' }).click();
  await expect(page.locator('#found-count')).toHaveText('1');
  await expect(page.locator('.kg-card')).toContainText('№10 Балабақшасы');
  await expect(page.locator('.kg-card')).toContainText('Жекеменшік');
  await page.locator('#lang-switch').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
  await expect(page.locator('.kg-card')).toContainText('Детский сад №10');
  await context.close();
});

test('the keyboard reaches the search, the filters and the language switch', async ({ page }) => {
  await page.goto('/');
  await hydrated(page);
  await page.keyboard.press('Tab');
  await expect(page.locator('.skip')).toBeFocused();
  const focusable = ['.brand', '#help-link', '#cabinet-link', '#lang-switch', '#q', '#ownership', '#econtract'];
  for (const sel of focusable) {
    await page.keyboard.press('Tab');
    await expect(page.locator(sel)).toBeFocused();
  }
});

test('the WASM build computes the same canonical contract bytes as the server build', async ({ page, request }) => {
  await page.goto('/');
  await hydrated(page);
  const wasm = await page.evaluate(async () => {
    // The page's own bundle, whatever its content-hashed name (cargo-leptos hash-files).
    const src = document.querySelector<HTMLLinkElement>('link[rel="modulepreload"][href$=".js"]')!.href;
    const m: any = await import(src);
    return m.canonical_example_sha256();
  });
  // The same value is asserted by the native unit test `canonical::tests` (GOLDEN_SHA256).
  expect(wasm).toBe('76b51f59b7a034a27265d86078f3ce154efd82d4fa63268983f06276de539cf7');
});

test('a returning parent downloads no code again: the bundle is content-hashed and kept for a year', async ({ page, request }) => {
  await page.goto('/');
  await hydrated(page);
  const urls = await page.evaluate(() => [
    document.querySelector<HTMLLinkElement>('link[rel="modulepreload"][href$=".js"]')!.href,
    document.querySelector<HTMLLinkElement>('link[rel="preload"][href$=".wasm"]')!.href,
    document.querySelector<HTMLLinkElement>('link[rel="stylesheet"]')!.href,
  ]);
  for (const url of urls) {
    expect(url).toMatch(/\/pkg\/ekg\.[A-Za-z0-9_-]{16,}\.(js|wasm|css)$/);
    const res = await request.get(url);
    expect(res.status()).toBe(200);
    expect(res.headers()['cache-control']).toBe('public, max-age=31536000, immutable');
  }
  // The photo worker keeps its name: it is revalidated on each use instead.
  const worker = await request.get('/photo-worker.js');
  expect(worker.status()).toBe(200);
  expect(worker.headers()['cache-control']).toBe('no-cache');
});

test("a parent's phone never downloads the staff and admin pages' code (lazily loaded chunks)", async ({ page }) => {
  const fetched: string[] = [];
  page.on('request', (r) => fetched.push(new URL(r.url()).pathname));
  await page.goto('/');
  await hydrated(page);
  await page.goto('/login');
  await hydrated(page);
  const code = fetched.filter((p) => p.startsWith('/pkg/'));
  expect(code.some((p) => /\/pkg\/ekg\.[^/]+\.wasm$/.test(p))).toBeTruthy();
  expect(code.filter((p) => /split___(admin|staff)_/.test(p))).toEqual([]);
  // Opening an administration page fetches that page's chunk (and only then).
  await page.goto('/admin');
  await hydrated(page);
  expect(fetched.some((p) => /split___admin_queue_route_view_/.test(p))).toBeTruthy();
  expect(fetched.filter((p) => /split___staff_/.test(p))).toEqual([]);
});
