// A parent on a train, on a 360 px phone: the wizard opened once online works offline at every
// step, a contract signed offline survives a reload and goes by itself when the connection
// returns, and signing out leaves nothing of the family on the device.
import { test, expect, Page } from '@playwright/test';
import { demoPerson, hydrated, parentWithReferral } from './helpers';
import { fillRepresentative, fillRequisites, jpeg, next, p12, passEds, uploadDocuments } from './wizard_helpers';

const dir = process.env.E2E_FIXTURES ?? '';
const t = (kk: string, _ru: string) => kk;
const phone = { width: 360, height: 740 };

/** Whether the service worker keeps a file whose path contains `part`. */
async function kept(page: Page, part: string): Promise<boolean> {
  return page.evaluate(async (part) => {
    for (const name of await caches.keys()) {
      const cache = await caches.open(name);
      for (const request of await cache.keys()) {
        if (new URL(request.url).pathname.includes(part)) return true;
      }
    }
    return false;
  }, part);
}

async function waitKept(page: Page, part: string) {
  await expect.poll(() => kept(page, part), { timeout: 30_000, message: `${part} kept for offline use` }).toBeTruthy();
}

/** What this service keeps in the page's storage. */
async function deviceEntries(page: Page): Promise<string[]> {
  return page.evaluate(() => Object.keys(localStorage).filter((k) => k.startsWith('ekg.')));
}

test('a parent who reaches the documents step offline for the first time gets the photos converted, kept on the phone and uploaded once when the connection returns', async ({ browser, request }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(180_000);
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  await page.setViewportSize(phone);
  const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
  // Opened once, online; step 5 never before.
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await waitKept(page, '/photo-worker/photo_worker_bg.wasm');
  await waitKept(page, '/photo-worker.js');
  await waitKept(page, 'split_eds_code');
  await waitKept(page, `/cabinet/referrals/${referralId}/contract`);
  await next(page, 2);
  await passEds(page, me);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');
  await fillRepresentative(page);
  await next(page, 4);
  await fillRequisites(page, t);

  await page.context().setOffline(true);
  await next(page, 5);
  // A reload without a connection opens the same step from the device.
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '5');
  const slot = (kind: string) => page.locator(`.document[data-kind="${kind}"]`);
  const waiting = t('өзі жүктеледі', 'загрузится само');
  // Converted on the phone (the converter came from the service worker's cache) and kept.
  await slot('photo').locator('input[name=photo]').setInputFiles(jpeg('document_small.jpg'));
  await expect(slot('photo').locator('.document__status')).toContainText(waiting, { timeout: 30_000 });
  await expect(slot('photo').locator('.document__preview')).toBeVisible();
  await expect(slot('photo')).not.toContainText(t('Суретті өңдеу құралы жүктелмеді', 'Не загрузился модуль обработки фото'));
  // A waiting photo is deleted offline…
  await slot('health_passport').locator('input[name=health_passport]').setInputFiles(jpeg('document_small.jpg'));
  await expect(slot('health_passport').locator('.document__status')).toContainText(waiting, { timeout: 30_000 });
  await slot('health_passport').locator('.document__delete').click();
  await expect(slot('health_passport').locator('.document__preview')).toHaveCount(0);
  await expect(slot('health_passport').locator('.document__status')).toBeEmpty();
  // …and replaced offline.
  await slot('health_certificate').locator('input[name=health_certificate]').setInputFiles(jpeg('document_small.jpg'));
  await expect(slot('health_certificate').locator('.document__status')).toContainText(waiting, { timeout: 30_000 });
  await slot('health_certificate').locator('input[name=health_certificate]').setInputFiles(jpeg('progressive.jpg'));
  await expect(slot('health_certificate').locator('.document__status')).toContainText(waiting, { timeout: 30_000 });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);

  // Reloaded offline: the waiting photos are still there.
  await page.reload();
  await hydrated(page);
  await expect(slot('photo').locator('.document__status')).toContainText(waiting);
  await expect(slot('health_certificate').locator('.document__preview')).toBeVisible();
  await expect(slot('health_passport').locator('.document__preview')).toHaveCount(0);

  // The connection returns: both go by themselves, once each.
  const uploads: string[] = [];
  page.on('response', (r) => {
    if (r.request().method() === 'POST' && new URL(r.url()).pathname === '/api/documents') uploads.push(r.url());
  });
  await page.context().setOffline(false);
  await expect(slot('photo').locator('.document__done')).toBeVisible({ timeout: 30_000 });
  await expect(slot('health_certificate').locator('.document__done')).toBeVisible({ timeout: 30_000 });
  await expect(slot('health_passport').locator('.document__done')).toHaveCount(0);
  expect(uploads.filter((u) => u.includes('kind=photo'))).toHaveLength(1);
  expect(uploads.filter((u) => u.includes('kind=health_certificate'))).toHaveLength(1);
  expect(uploads.filter((u) => u.includes('kind=health_passport'))).toHaveLength(0);
  expect(await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, no) => { const r = indexedDB.open('ekg-device', 1); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    const count: number = await new Promise((ok, no) => { const r = db.transaction('photos').objectStore('photos').count(); r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
    db.close();
    return count;
  })).toBe(0);

  await uploadDocuments(page);
  await next(page, 6);
  await expect(page.locator('#contract-text')).toBeVisible({ timeout: 30_000 });
  await page.context().close();
});

test('a contract signed offline survives a reload and is delivered once, with its number, when the connection returns; signing out clears the device', async ({ browser, request }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(180_000);
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  await page.setViewportSize(phone);
  const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await waitKept(page, `/cabinet/referrals/${referralId}/contract`);
  await next(page, 2);
  await passEds(page, me);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');
  await fillRepresentative(page);
  await next(page, 4);
  await fillRequisites(page, t);
  await next(page, 5);
  await uploadDocuments(page);
  await next(page, 6);
  await expect(page.locator('#contract-text')).toBeVisible({ timeout: 30_000 });
  const number = (await page.locator('#contract-number').textContent())!.trim();

  // The train enters a tunnel: signed without a connection.
  await page.context().setOffline(true);
  await page.locator('#acknowledge').check();
  await page.locator('#sign_key').setInputFiles(p12(me.sign));
  await page.locator('#sign_password').fill(me.password);
  await page.locator('#step-sign form button[type=submit]').click();
  await page.locator('#confirm-yes').click();
  await expect(page.locator('#send-pending')).toContainText(t('өзі жіберіледі', 'отправится сам'), { timeout: 30_000 });
  expect(await deviceEntries(page)).toContain(`ekg.signature.${referralId}`);

  // The page is reloaded (still offline): the signature is still there, waiting.
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '6');
  await expect(page.locator('#send-pending')).toBeVisible();
  await expect(page.locator('#contract-number')).toHaveText(number);
  await expect(page.locator('#sent-dialog')).toHaveCount(0);

  // The connection returns: sent by itself, once, with the same number.
  await page.context().setOffline(false);
  await expect(page.locator('#sent-number')).toHaveText(number, { timeout: 30_000 });
  expect(await deviceEntries(page)).not.toContain(`ekg.signature.${referralId}`);
  const contracts = await (await page.request.post('/api/contract/list', { form: {}, headers: { accept: 'application/json' } })).json();
  const mine = contracts.filter((c: any) => c.referral_id === referralId);
  expect(mine).toHaveLength(1);
  expect(mine[0].number).toBe(number);
  expect(mine[0].status).toBe('sent_for_signing');

  // An entry left for a contract already sent (say, from another tab) is dropped when its
  // wizard opens.
  await page.evaluate((k) => localStorage.setItem(k, 'AA=='), `ekg.signature.${referralId}`);
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await expect(page.locator('#already-sent')).toContainText(number);
  await expect.poll(() => deviceEntries(page)).not.toContain(`ekg.signature.${referralId}`);

  // Another referral's wizard left a draft on the device; signing out removes it and the
  // pages the service worker kept.
  await page.evaluate(() => localStorage.setItem('ekg.contract.999999', 'AA=='));
  // …and a photo of it waits on the device.
  await page.evaluate(async () => {
    const db: IDBDatabase = await new Promise((ok, no) => {
      const r = indexedDB.open('ekg-device', 1);
      r.onupgradeneeded = () => { if (!r.result.objectStoreNames.contains('photos')) r.result.createObjectStore('photos'); };
      r.onsuccess = () => ok(r.result);
      r.onerror = () => no(r.error);
    });
    await new Promise((ok, no) => {
      const tx = db.transaction('photos', 'readwrite');
      tx.objectStore('photos').put({ jpeg: new Uint8Array([0xff, 0xd8]), sha256: '', size: 2 }, '999999/photo');
      tx.oncomplete = () => ok(null);
      tx.onerror = () => no(tx.error);
    });
    db.close();
  });
  expect(await kept(page, '/cabinet/')).toBeTruthy();
  await page.goto('/me');
  await hydrated(page);
  await page.locator('#logout').click();
  await expect(page).toHaveURL(/\/$/);
  await expect.poll(() => deviceEntries(page)).toEqual([]);
  await expect.poll(() => kept(page, '/cabinet/')).toBeFalsy();
  await expect.poll(() => page.evaluate(async () => (await indexedDB.databases()).some((d) => d.name === 'ekg-device'))).toBeFalsy();
  await page.context().close();
});

test('a new deployment\'s service worker takes over an open wizard without breaking it, and the previous deployment\'s files are removed', async ({ browser, request }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(120_000);
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  await page.setViewportSize(phone);
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await waitKept(page, '/photo-worker/photo_worker_bg.wasm');
  const before = await page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('ekg-shell-')));
  expect(before).toHaveLength(1);
  // What the next deployment's pages do: register the worker of their own version.
  await page.evaluate(async () => {
    const changed = new Promise((ok) => navigator.serviceWorker.addEventListener('controllerchange', () => ok(null), { once: true }));
    await navigator.serviceWorker.register('/sw.js?v=next-deployment');
    await changed;
  });
  await expect.poll(() => page.evaluate(async () => (await caches.keys()).filter((n) => n.startsWith('ekg-shell-'))))
    .toEqual(['ekg-shell-next-deployment']);
  // The new worker is told what the open wizard needs, so it works offline again at once.
  await waitKept(page, '/photo-worker/photo_worker_bg.wasm');
  await waitKept(page, 'split_eds_code');
  await waitKept(page, `/cabinet/referrals/${referralId}/contract`);
  await page.context().setOffline(true);
  await page.reload();
  await hydrated(page);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '1');
  await next(page, 2);
  await expect(page.locator('#step-eds')).toBeVisible();
  await page.context().close();
});

test('a phone without room for a photo taken offline says so, and the photo can be taken again online', async ({ browser, request, baseURL }) => {
  test.skip(!dir, 'E2E_FIXTURES is set by scripts/test.sh');
  test.setTimeout(120_000);
  const { page, referralId } = await parentWithReferral(browser, request, 0);
  await page.setViewportSize(phone);
  const me = await demoPerson(await page.context().newPage(), request, 'parent', 0);
  await page.goto(`/cabinet/referrals/${referralId}/contract`);
  await hydrated(page);
  await waitKept(page, '/photo-worker/photo_worker_bg.wasm');
  await next(page, 2);
  await passEds(page, me);
  await expect(page.locator('#wizard-step')).toHaveAttribute('data-step', '3');
  await fillRepresentative(page);
  await next(page, 4);
  await fillRequisites(page, t);
  await next(page, 5);
  // The site's storage on this phone is full.
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Storage.overrideQuotaForOrigin', { origin: new URL(baseURL ?? page.url()).origin, quotaSize: 1024 });
  await page.context().setOffline(true);
  const slot = page.locator('.document[data-kind="photo"]');
  await slot.locator('input[name=photo]').setInputFiles(jpeg('document_small.jpg'));
  await expect(slot.locator('.field__error')).toContainText(t('орын жетпейді', 'не хватает места'), { timeout: 30_000 });
  await expect(slot.locator('.document__preview')).toHaveCount(0);
  // Online again, the same photo goes straight up.
  await page.context().setOffline(false);
  await slot.locator('input[name=photo]').setInputFiles(jpeg('document_small.jpg'));
  await expect(slot.locator('.document__done')).toBeVisible({ timeout: 30_000 });
  await page.context().close();
});
