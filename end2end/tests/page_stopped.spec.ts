import { test, expect } from '@playwright/test';

// A translation extension or an injected script may rewrite the page before its code starts;
// the code then cannot take the page over and stops. The parent must not be left tapping dead
// buttons: the page says so, in its language, with a link that reloads it.
for (const lang of ['kk', 'ru'] as const) {
  test(`[${lang}] the page was changed before its code started: the parent is told the page stopped and reloads it`, async ({ page }) => {
    await page.goto(`/lang/${lang}?next=/help`);
    let tampered = 0;
    await page.route('**/help', async (route) => {
      const response = await route.fetch();
      const html = await response.text();
      // What an extension might do: take the FAQ block out of the page.
      const changed = html.replace(/<div class="faq">[\s\S]*?(?=<p class="notice">)/, "");
      expect(changed).not.toBe(html);
      tampered++;
      await route.fulfill({ response, body: changed });
    });
    await page.goto('/help');
    expect(tampered).toBe(1);
    const notice = page.locator('#page-stopped');
    await expect(notice).toBeVisible({ timeout: 30_000 });
    await expect(notice).toHaveAttribute('role', 'alert');
    await expect(notice).toContainText(lang === 'kk' ? 'Бетте күтпеген қате болды' : 'На странице произошла непредвиденная ошибка');
    await expect(page.locator('body')).toHaveAttribute('data-panic', /.+/);
    await expect(page.locator('body')).not.toHaveAttribute('data-hydrated', 'true');

    // The link reloads the same page; unchanged this time, it works.
    await page.unroute('**/help');
    await notice.getByRole('link', { name: lang === 'kk' ? 'Бетті қайта жүктеу' : 'Перезагрузить страницу' }).click();
    await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true', { timeout: 30_000 });
    await expect(page).toHaveURL(/\/help$/);
    await expect(page.locator('#page-stopped')).toHaveCount(0);
  });
}
