import { test, expect } from '@playwright/test';
import { demoPerson, hydrated, noHorizontalOverflow, parentWithReferral } from './helpers';
import { fillRepresentative, fillRequisites, jpeg, next, p12, passEds, uploadDocuments } from './wizard_helpers';

const dir = process.env.E2E_FIXTURES ?? '';

for (const lang of ['kk', 'ru'] as const) {
  test(`a parent walks the six steps on a phone and sends the contract (${lang})`, async ({ browser, request }) => {
    test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
    test.setTimeout(150_000); // six key-file openings in a debug WASM build
    const t = (kk: string, ru: string) => (lang === 'kk' ? kk : ru);
    const { page, referralId } = await parentWithReferral(browser, request, 0);
    const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
    const stranger = await demoPerson(await page.context().newPage(), request, 'parent', 1);
    await page.goto(`/lang/${lang}?next=/cabinet/referrals`);
    await hydrated(page);
    await page.locator('.conclude-contract').first().click();
    await expect(page).toHaveURL(new RegExp(`/cabinet/referrals/${referralId}/contract$`));
    await hydrated(page);
    await noHorizontalOverflow(page);

    // 1 — information.
    await expect(page.locator('#step-info')).toContainText('063/у');
    await expect(page.locator('#info-amount')).toContainText(t('теңге', 'тенге'));
    await next(page, 2);

    // 2 — EDS check: Next without it, then someone else's key, then the parent's own.
    await page.locator('#wizard-next').click();
    await expect(page.locator('#step-error')).toContainText(t('ЭЦҚ', 'ЭЦП'));
    await passEds(page, stranger);
    await expect(page.locator('#key-error')).toContainText(t('жеке кабинет иесіне', 'владельцу личного кабинета'));
    await passEds(page, me);
    await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');

    // 3 — the legal representative (IIN and names come from the certificate).
    await expect(page.locator('input[name=iin]')).toHaveValue(me.iin);
    await expect(page.locator('input[name=phone]')).toHaveAttribute('type', 'tel');
    await expect(page.locator('input[name=phone]')).toHaveAttribute('autocomplete', 'tel');
    await fillRepresentative(page);
    await noHorizontalOverflow(page);
    await next(page, 4);

    // 4 — requisites.
    await fillRequisites(page, t);
    await next(page, 5);

    // 5 — documents: Next without them names what is missing; a PDF is refused.
    await page.locator('#wizard-next').click();
    await expect(page.locator('.document[data-kind="photo"] .field__error')).not.toBeEmpty();
    const cert = page.locator('.document[data-kind="health_certificate"]');
    await cert.locator('input[name=health_certificate]').setInputFiles(jpeg('pdf.pdf'));
    await expect(cert.locator('.field__error')).toContainText('PDF');
    await uploadDocuments(page);
    await next(page, 6);

    // 6 — read, tick, sign with the signing key, confirm.
    await expect(page.locator('#contract-text')).toContainText('+7 701 234 56 78', { timeout: 30_000 });
    await expect(page.locator('#contract-text')).toContainText('HSBKKZKX');
    const number = (await page.locator('#contract-number').textContent())!.trim();
    expect(number).toMatch(/^\d{2}\.\d{2}-\d{2}\.\d{2}\.\d{3}$/);
    const pdf = await page.request.get((await page.locator('#download-pdf').getAttribute('href'))!);
    expect(pdf.headers()['content-type']).toBe('application/pdf');
    // Not ticked: refused before anything is signed.
    await page.locator('#sign_key').setInputFiles(p12(me.sign));
    await page.locator('#sign_password').fill(me.password);
    await page.locator('#step-sign form button[type=submit]').click();
    await expect(page.locator('#ack-error')).toBeVisible();
    await page.locator('#acknowledge').check();
    // The AUTH key cannot sign a contract.
    await page.locator('#sign_key').setInputFiles(p12(me.auth));
    await page.locator('#step-sign form button[type=submit]').click();
    await page.locator('#confirm-yes').click();
    await expect(page.locator('#key-error')).toBeVisible();
    // A wrong password.
    await page.locator('#sign_key').setInputFiles(p12(me.sign));
    await page.locator('#sign_password').fill('wrong-password');
    await page.locator('#step-sign form button[type=submit]').click();
    await page.locator('#confirm-yes').click();
    await expect(page.locator('#key-error')).toContainText(t('құпиясөз', 'пароль'));
    // The right key: the seed's dialog, then «Шарт қол қоюға жіберілді».
    await page.locator('#sign_password').fill(me.password);
    await page.locator('#step-sign form button[type=submit]').click();
    const dialog = page.locator('#confirm-dialog');
    await expect(dialog).toContainText(number);
    await expect(dialog).toContainText('Серікова Әлия');
    await page.locator('#confirm-yes').dblclick();
    await expect(page.locator('#sent-dialog')).toContainText(t('Шарт қол қоюға жіберілді', 'Договор отправлен на подписание'), { timeout: 30_000 });
    await expect(page.locator('#sent-number')).toHaveText(number);
    await expect(page.locator('#sent-at')).toHaveText(/^\d{2}\.\d{2}\.\d{4}, \d{2}:\d{2}$/);
    await noHorizontalOverflow(page);
    await page.locator('#sent-ok').click();

    // The contract card, and «Шарттар» with exactly one contract.
    await expect(page.locator('#contract-title')).toContainText(number);
    await expect(page.locator('#contract-status')).toHaveAttribute('data-status', 'sent_for_signing');
    await expect(page.locator('#parent-signature')).toContainText(me.iin);
    await page.goto('/cabinet/contracts');
    await hydrated(page);
    const mine = page.locator(`.contract[data-number="${number}"]`);
    await expect(mine).toHaveCount(1);
    await expect(mine).toContainText(t('МБҰ-ға қол қою шарты', 'Ожидает подписи'));
    // The referral is in progress; the wizard now points to the contract.
    await page.goto(`/cabinet/referrals/${referralId}/contract`);
    await expect(page.locator('#already-sent')).toContainText(number);
    await page.context().close();
  });
}

test('the connection drops mid-way: the wizard says so, a reload offline keeps everything, it finishes online', async ({ browser, request }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(120_000);
  const t = (kk: string, _ru: string) => kk;
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
  const url = `/cabinet/referrals/${referralId}/contract`;
  await page.goto(url);
  await hydrated(page);
  // The service worker takes the page under control (then it is cached on the next load).
  await page.evaluate(async () => { await navigator.serviceWorker.ready; });
  await page.reload();
  await hydrated(page);
  expect(await page.evaluate(() => navigator.serviceWorker.controller !== null)).toBeTruthy();
  await next(page, 2);
  await passEds(page, me);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');
  await page.locator('input[name=phone]').fill('+7 701 234 56 78');

  await page.context().setOffline(true);
  await expect(page.locator('#offline-banner')).toBeVisible();
  await fillRepresentative(page);
  await page.locator('input[name=residential_address]').fill('Офлайн көшесі, 7 үй');
  await expect(page.locator('#saved-locally')).toBeVisible();
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');
  await expect(page.locator('input[name=residential_address]')).toHaveValue('Офлайн көшесі, 7 үй');
  await expect(page.locator('input[name=phone]')).toHaveValue('+7 701 234 56 78');
  await next(page, 4);
  await fillRequisites(page, t);

  await page.context().setOffline(false);
  await expect(page.locator('#offline-banner')).toHaveCount(0);
  await expect(page.locator('#saved-on-server')).toBeVisible({ timeout: 15_000 });
  await next(page, 5);
  await uploadDocuments(page);
  await next(page, 6);
  await expect(page.locator('#contract-text')).toContainText('Офлайн көшесі, 7 үй', { timeout: 30_000 });
  await page.locator('#acknowledge').check();
  await page.locator('#sign_key').setInputFiles(p12(me.sign));
  await page.locator('#sign_password').fill(me.password);
  await page.locator('#step-sign form button[type=submit]').click();
  await page.locator('#confirm-yes').click();
  await expect(page.locator('#sent-dialog')).toBeVisible({ timeout: 30_000 });
  await page.context().close();
});
