import { test, expect, Page, BrowserContext } from '@playwright/test';
import { demoPerson, hydrated, loginAs } from './helpers';

// Every page at 360×740 in both languages, scrolled from top to bottom: nothing fixed or sticky
// covers a link, button or field; nothing sticks out sideways; no empty message box is drawn;
// dates are typed day first (no browser date pickers drawn in the browser's own locale).

type Problem = string;

async function layoutProblems(page: Page): Promise<Problem[]> {
  return page.evaluate(async () => {
    const describe = (e: Element) => {
      const el = e as HTMLElement;
      const id = el.id ? `#${el.id}` : '';
      const cls = typeof el.className === 'string' && el.className ? `.${el.className.trim().split(/\s+/).join('.')}` : '';
      return `<${el.tagName.toLowerCase()}${id}${cls}> «${(el.textContent ?? '').trim().slice(0, 30)}»`;
    };
    const shown = (e: Element) => {
      const r = e.getBoundingClientRect();
      const s = getComputedStyle(e);
      return r.width > 0 && r.height > 0 && s.visibility !== 'hidden' && s.display !== 'none';
    };
    const problems: string[] = [];
    const overflow = document.documentElement.scrollWidth - window.innerWidth;
    if (overflow > 0) problems.push(`the page is ${overflow} px wider than the screen`);
    for (const e of document.querySelectorAll('.error, .empty, .notice, .field__error, [role=alert]')) {
      if (shown(e) && (e.textContent ?? '').trim() === '' && e.children.length === 0) {
        problems.push(`an empty message box is drawn: ${describe(e)}`);
      }
    }
    for (const e of document.querySelectorAll('input[type=date], input[type=datetime-local]')) {
      problems.push(`a browser date picker (drawn in the browser's locale): ${describe(e)}`);
    }
    const controls = [...document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')];
    const height = document.documentElement.scrollHeight;
    const step = Math.max(150, Math.floor(window.innerHeight / 3));
    for (let y = 0; ; y += step) {
      window.scrollTo(0, y);
      await new Promise((r) => requestAnimationFrame(() => requestAnimationFrame(r)));
      const fixed = [...document.querySelectorAll('body *')].filter((e) => {
        const p = getComputedStyle(e).position;
        return (p === 'fixed' || p === 'sticky') && shown(e);
      });
      for (const f of fixed) {
        const a = f.getBoundingClientRect();
        for (const c of controls) {
          if (f.contains(c) || c.contains(f) || !shown(c)) continue;
          const b = c.getBoundingClientRect();
          const w = Math.min(a.right, b.right) - Math.max(a.left, b.left);
          const h = Math.min(a.bottom, b.bottom) - Math.max(a.top, b.top);
          if (w > 1 && h > 1) problems.push(`${describe(f)} covers ${describe(c)} (scrolled to ${y})`);
        }
      }
      if (y + window.innerHeight >= height) break;
    }
    window.scrollTo(0, 0);
    return [...new Set(problems)];
  });
}

async function withLang(context: BrowserContext, lang: 'kk' | 'ru') {
  const base = test.info().project.use.baseURL!;
  await context.addCookies([{ name: 'lang', value: lang, url: base }]);
}

async function check(page: Page, path: string, lang: string) {
  await page.goto(path);
  await hydrated(page);
  await expect(page.locator('html')).toHaveAttribute('lang', lang);
  // Data the page loads after hydrating (tables, lists) are in before measuring.
  await page.waitForLoadState('networkidle');
  const problems = await layoutProblems(page);
  expect(problems, `${path} [${lang}] at ${page.viewportSize()!.width} px`).toEqual([]);
}

for (const lang of ['kk', 'ru'] as const) {
  test(`[${lang}] every public page at 360 px: nothing covers a control, nothing sticks out, no empty boxes`, async ({ browser }) => {
    const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
    await withLang(context, lang);
    const page = await context.newPage();
    for (const path of ['/', '/help', '/support', '/login', '/demo', '/no-such-page']) {
      await check(page, path, lang);
    }
    // The support button is there, at the end of the page, not over it.
    await page.goto('/help');
    await hydrated(page);
    const button = page.locator('#support-button');
    await expect(button).toBeVisible();
    expect(await button.evaluate((e) => getComputedStyle(e).position)).not.toBe('fixed');
    await context.close();
  });

  test(`[${lang}] every page of a parent, a kindergarten's staff and an admin at 360 px`, async ({ browser, request }) => {
    test.setTimeout(180_000);
    for (const role of ['parent', 'staff', 'admin'] as const) {
      const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
      const page = await context.newPage();
      const person = await demoPerson(page, request, role);
      await loginAs(page, person);
      await withLang(context, lang);
      const pages = {
        parent: ['/me', '/cabinet', '/cabinet/referrals', '/cabinet/contracts', '/cabinet/requisites', '/cabinet/notifications'],
        staff: ['/me', '/staff', '/staff/people'],
        admin: ['/me', '/region', '/admin', '/admin/children', '/admin/roles', '/admin/tariffs', '/admin/kindergartens', '/admin/stats', '/admin/templates', '/admin/audit'],
      }[role];
      for (const path of pages) {
        await check(page, path, lang);
      }
      await context.close();
    }
  });
}

test('on a wide screen the support button floats in the free margin, beside the content, never over it', async ({ browser, request }) => {
  const context = await browser.newContext({ viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false });
  const page = await context.newPage();
  await check(page, '/', 'kk');
  expect(await page.locator('#support-button').evaluate((e) => getComputedStyle(e).position)).toBe('fixed');
  const parent = await demoPerson(page, request, 'parent');
  await loginAs(page, parent);
  await check(page, '/cabinet/requisites', 'kk');
  await context.close();
});

test('a date is typed day first, as the page writes dates; an impossible one gets the page\'s own message', async ({ browser, request }) => {
  const context = await browser.newContext({ viewport: { width: 360, height: 740 }, isMobile: true, hasTouch: true });
  const page = await context.newPage();
  const parent = await demoPerson(page, request, 'parent', 1);
  await loginAs(page, parent);
  await page.goto('/cabinet/requisites');
  await hydrated(page);
  const issued = page.locator('input[name=id_doc_issued_on]');
  await expect(issued).toHaveAttribute('type', 'text');
  await expect(issued).toHaveAttribute('placeholder', 'кк.аа.жжжж');
  await expect(page.locator('#f-id_doc_issued_on-hint')).toHaveText('Күні.айы.жылы, мысалы 20.06.2019');
  // A date that does not exist: the Kazakh message beside the field, not a browser bubble.
  await issued.fill('31.02.2019');
  await page.locator('#save-requisites').click();
  await expect(page.locator('#f-id_doc_issued_on-error')).toHaveText('Күнді КК.АА.ЖЖЖЖ түрінде енгізіңіз.');
  // Typed as people do, one digit for the day and the month: accepted.
  await issued.fill('1.3.2019');
  await page.locator('#save-requisites').click();
  await expect(page.locator('#fix-errors')).toBeVisible(); // other fields are still empty
  await expect(page.locator('#f-id_doc_issued_on-error')).toBeEmpty();
  await expect(issued).toHaveAttribute('aria-invalid', 'false');
  await context.close();
});
