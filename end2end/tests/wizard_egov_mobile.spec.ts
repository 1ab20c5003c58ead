// Signing with eGov Mobile / eGov Business instead of key files. No real app is reachable from
// here: the stand-in (`server/examples/egov_stand_in.rs`, built by `cargo test`) does what the
// app does with what the page shows — the QR code (decoded from the image with jsQR) on a
// desktop, the launch link on a phone: API №1, API №2, signs with the person's key file, PUT.
//
// Runs after staff.spec.ts (file order): that test counts the contracts awaiting the kindergarten.
import { test, expect, Page } from '@playwright/test';
import { execFileSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import jsQR from 'jsqr';
import { DemoPerson, KeyFile, demoPerson, hydrated, loginAs, noHorizontalOverflow, parentWithReferral } from './helpers';
import { fillRepresentative, fillRequisites, next, uploadDocuments } from './wizard_helpers';

const standIn = process.env.E2E_EGOV_STAND_IN ?? path.join(__dirname, '../../target/debug/examples/egov_stand_in');
const desktop = { viewport: { width: 1280, height: 900 }, isMobile: false, hasTouch: false };

/** What the app answered to the stand-in's PUT (`{status, answer}`). */
function appSigns(scanned: string, key: KeyFile, password: string, lang: 'kk' | 'ru'): { status: number; answer: any } {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'egov-'));
  const file = path.join(dir, key.name);
  fs.writeFileSync(file, key.buffer);
  try {
    return JSON.parse(execFileSync(standIn, [scanned, file, password, lang], { encoding: 'utf8', timeout: 60_000 }));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** The text of the QR code the page shows, read off the image as a phone's camera would. */
async function scanQr(page: Page): Promise<string> {
  const img = page.locator('#mobile-qr');
  await expect(img).toBeVisible();
  await expect.poll(() => img.evaluate((i: HTMLImageElement) => i.complete && i.naturalWidth > 0)).toBe(true);
  const { data, width, height } = await img.evaluate((i: HTMLImageElement) => {
    const size = 480;
    const canvas = document.createElement('canvas');
    canvas.width = size;
    canvas.height = size;
    const cx = canvas.getContext('2d')!;
    cx.fillStyle = '#fff';
    cx.fillRect(0, 0, size, size);
    cx.drawImage(i, 0, 0, size, size);
    return { data: Array.from(cx.getImageData(0, 0, size, size).data), width: size, height: size };
  });
  const code = jsQR(Uint8ClampedArray.from(data), width, height);
  expect(code, 'a readable QR code').not.toBeNull();
  return code!.data;
}

/** The launch link the phone's page offers. */
async function appLink(page: Page): Promise<string> {
  const link = page.locator('#mobile-app-link');
  await expect(link).toBeVisible();
  return (await link.getAttribute('href'))!;
}

async function loginWithEgovMobile(page: Page, me: DemoPerson, how: 'qr' | 'link', lang: 'kk' | 'ru') {
  await page.goto(lang === 'ru' ? '/lang/ru?next=/login' : '/lang/kk?next=/login');
  await hydrated(page);
  await page.locator('#mobile-start').click();
  const scanned = how === 'qr' ? await scanQr(page) : await appLink(page);
  expect(scanned).toMatch(how === 'qr' ? /^mobileSign:http/ : /^https:\/\/m\.egov\.kz\/mobileSign\?link=http/);
  const put = appSigns(scanned, me.auth, me.password, lang);
  expect(put.status, JSON.stringify(put.answer)).toBe(200);
  await expect(page).toHaveURL(/\/me$/, { timeout: 20_000 });
  await expect(page.locator('#me-iin')).toHaveText(me.iin);
}

test('on a 360 px phone a parent logs in with eGov Mobile through the link that opens the app (kk)', async ({ page, request }) => {
  const me = await demoPerson(page, request, 'parent', 0);
  await page.goto('/login');
  await hydrated(page);
  await page.locator('#mobile-start').click();
  // The phone gets the big button, not a QR code to scan with itself.
  await expect(page.locator('#mobile-app-link')).toBeVisible();
  await expect(page.locator('#mobile-qr')).toBeHidden();
  await expect(page.locator('#mobile-status')).toContainText('eGov Mobile');
  await expect(page.locator('#mobile-left')).toHaveText(/^[0-5]:\d\d$/);
  await noHorizontalOverflow(page);
  // A reload (the phone came back from the app) picks the same session up again.
  const link = await appLink(page);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#mobile-app-link')).toHaveAttribute('href', link);
  const put = appSigns(link, me.auth, me.password, 'kk');
  expect(put.status, JSON.stringify(put.answer)).toBe(200);
  await expect(page).toHaveURL(/\/me$/, { timeout: 20_000 });
  await expect(page.locator('#me-iin')).toHaveText(me.iin);
});

test('a wrong key in eGov Mobile is refused on the page with the reason, and a new code works (ru, desktop)', async ({ browser, request }) => {
  const page = await (await browser.newContext(desktop)).newPage();
  const me = await demoPerson(page, request, 'parent', 0);
  await page.goto('/lang/ru?next=/login');
  await hydrated(page);
  await page.locator('#mobile-start').click();
  // The signing key is not for logging in: the app is told, and so is the page.
  const put = appSigns(await scanQr(page), me.sign, me.password, 'ru');
  expect(put.status).toBe(403);
  expect(put.answer.message).toMatch(/ключ/i);
  await expect(page.locator('#mobile-error')).toBeVisible({ timeout: 20_000 });
  await expect(page.locator('#mobile-error')).toContainText(/ключ/i);
  await expect(page).toHaveURL(/\/login$/);
  // A new code, the right key: in.
  await page.locator('#mobile-new').click();
  const again = appSigns(await scanQr(page), me.auth, me.password, 'ru');
  expect(again.status, JSON.stringify(again.answer)).toBe(200);
  await expect(page).toHaveURL(/\/me$/, { timeout: 20_000 });
});

// Both ways of reading the code, in both languages: the QR code on a desktop (parent in Russian,
// the kindergarten in Kazakh) and the link that opens the app on a 360 px phone (parent in
// Kazakh, the kindergarten in Russian).
const variants = [
  // Children of 4 and of 5: places in the kindergarten of the demo head (other tests fill its
  // group of 3-year-olds).
  { name: 'on a desktop with the QR code', context: desktop, how: 'qr', parent: 'ru', staff: 'kk', birth: '220415' },
  { name: 'on a 360 px phone with the app link', context: {}, how: 'link', parent: 'kk', staff: 'ru', birth: '210415' },
] as const;

for (const v of variants) {
  test(`${v.name}: the whole contract is signed with eGov Mobile (log-in, step 2, step 6), and the kindergarten signs with eGov Business`, async ({ browser, request }) => {
    test.skip(!process.env.E2E_FIXTURES, 'E2E_FIXTURES is set by scripts/test.sh');
    test.setTimeout(180_000);
    const t = (kk: string, ru: string) => (v.parent === 'kk' ? kk : ru);
    const scan = (p: Page) => (v.how === 'qr' ? scanQr(p) : appLink(p));
    const { page, referralId } = await parentWithReferral(browser, request, 0, {
      contextOptions: v.context,
      login: (p, me) => loginWithEgovMobile(p, me, v.how, v.parent),
      birth: v.birth,
    });
    const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
    const other = await demoPerson(await page.context().newPage(), request, 'parent', 1);
    await page.goto(`/cabinet/referrals/${referralId}/contract`);
    await hydrated(page);
    await next(page, 2);
    // Step 2: someone else's key is refused with the reason; the parent's own passes.
    await page.locator('#mobile-start').click();
    const wrong = appSigns(await scan(page), other.auth, other.password, v.parent);
    expect(wrong.status).toBe(403);
    await expect(page.locator('#mobile-error')).toContainText(t('ЭЦҚ', 'ЭЦП'), { timeout: 20_000 });
    await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '2');
    await page.locator('#mobile-new').click();
    const right = appSigns(await scan(page), me.auth, me.password, v.parent);
    expect(right.status, JSON.stringify(right.answer)).toBe(200);
    await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3', { timeout: 20_000 });
    await fillRepresentative(page);
    await next(page, 4);
    await fillRequisites(page, t);
    await next(page, 5);
    await uploadDocuments(page);
    await next(page, 6);
    await expect(page.locator('#contract-text')).toBeVisible({ timeout: 30_000 });
    const number = (await page.locator('#contract-number').textContent())!.trim();
    // Step 6: the box first, then the code; the app signs the contract's bytes.
    await page.locator('#mobile-start').click();
    await expect(page.locator('#mobile-error')).toBeVisible();
    await page.locator('#acknowledge').check();
    await page.locator('#mobile-new').click();
    const signed = appSigns(await scan(page), me.sign, me.password, v.parent);
    expect(signed.status, JSON.stringify(signed.answer)).toBe(200);
    await expect(page.locator('#sent-number')).toHaveText(number, { timeout: 30_000 });
    const contractId = (await page.locator('#sent-ok').getAttribute('href'))!.split('/').pop();

    // The kindergarten's head signs it in eGov Business.
    const staffPage = await (await browser.newContext(v.context)).newPage();
    const head = await demoPerson(staffPage, request, 'staff', 0);
    await loginAs(staffPage, head);
    await staffPage.goto(`/lang/${v.staff}?next=/staff/contracts/${contractId}`);
    await hydrated(staffPage);
    await expect(staffPage.locator('body')).toContainText(number);
    await staffPage.locator('#sign-section #mobile-start').click();
    await expect(staffPage.locator('#sign-section')).toContainText('eGov Business');
    const scanned = await scan(staffPage);
    if (v.how === 'link') expect(scanned).toMatch(/^https:\/\/m\.egov\.kz\/businessSign\?link=/);
    const business = appSigns(scanned, head.sign, head.password, v.staff);
    expect(business.status, JSON.stringify(business.answer)).toBe(200);
    await expect(staffPage.locator('#staff-outcome')).not.toBeEmpty({ timeout: 20_000 });
    await expect(staffPage.locator('#sign-section')).toHaveCount(0);

    // The parent sees it signed.
    await page.goto('/cabinet/contracts');
    await hydrated(page);
    await expect(page.locator(`.contract[data-number="${number}"]`)).toContainText(t('Қол қойылды', 'Подписан'));
  });
}
