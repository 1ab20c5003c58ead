import { test, expect, Browser } from '@playwright/test';
import * as fs from 'fs';
import * as path from 'path';
import { demoPerson, hydrated, loginAs, makeIin, noHorizontalOverflow } from './helpers';

async function newPage(browser: Browser) {
  const ctx = await browser.newContext();
  return ctx.newPage();
}

for (const lang of ['kk', 'ru'] as const) {
  test(`[${lang}] a parent adds a child and queues it; the admin issues a referral; the parent sees it with documents to prepare`, async ({ browser, request }) => {
    const t = (kk: string, ru: string) => (lang === 'kk' ? kk : ru);
    const parentPage = await newPage(browser);
    const parent = await demoPerson(parentPage, request, 'parent', 1);
    await loginAs(parentPage, parent);
    if (lang === 'ru') {
      await parentPage.goto('/lang/ru?next=/cabinet');
    } else {
      await parentPage.goto('/lang/kk?next=/cabinet');
    }
    await hydrated(parentPage);
    await expect(parentPage.getByRole('heading', { level: 1 })).toHaveText(t('Балалар және кезек', 'Дети и очередь'));
    await noHorizontalOverflow(parentPage);

    // The parent adds a child by IIN; the birth date comes from the IIN.
    // Serials 4242–4400 are the demo register's children (confirmed at once): not these.
    const childIin = makeIin(lang === 'kk' ? '230415' : '220601', 6, 4500 + Math.floor(Math.random() * 5000));
    await parentPage.getByLabel(t('Баланың ЖСН-і', 'ИИН ребёнка')).fill(childIin);
    await parentPage.getByLabel(t('Баланың тегі', 'Фамилия ребёнка')).fill('Серікова');
    await parentPage.getByLabel(t('Баланың аты', 'Имя ребёнка')).fill(lang === 'kk' ? 'Әлия' : 'Алия');
    await parentPage.locator('#add-child').click();
    const card = parentPage.locator(`.child[data-child-iin="${childIin}"]`);
    await expect(card).toBeVisible();
    await expect(card).toContainText(lang === 'kk' ? '15.04.2023' : '01.06.2022');

    // Its own IIN as the child's gets a clear message.
    await parentPage.getByLabel(t('Баланың ЖСН-і', 'ИИН ребёнка')).fill(parent.iin);
    await parentPage.getByLabel(t('Баланың тегі', 'Фамилия ребёнка')).fill('Серікова');
    await parentPage.getByLabel(t('Баланың аты', 'Имя ребёнка')).fill('Әлия');
    await parentPage.locator('#add-child').click();
    await expect(parentPage.locator('#add-child-error')).toContainText(t('Баланың ЖСН-і сіздің ЖСН-іңізбен бірдей', 'ИИН ребёнка совпадает с вашим ИИН'));

    // Queue registration with the first kindergarten (№1, e-contracts).
    await card.locator('summary').click();
    await card.locator('select[name=pref1]').selectOption({ label: t('№1 Балабақшасы', 'Детский сад №1') });
    await card.getByRole('button', { name: t('Кезекке қою', 'Поставить в очередь') }).click();
    await expect(card.locator('.queue-position strong')).toHaveText(/^\d+$/);

    // Nothing proves yet that this is the parent's child: the card says so and asks for the
    // birth certificate, which goes through the same in-browser JPEG pipeline.
    await expect(card.locator('.claim')).toHaveAttribute('data-claim', 'unconfirmed');
    await expect(card.locator('.claim__status')).toContainText(t('Расталмаған', 'Не подтверждён'));
    const fixtures = process.env.E2E_FIXTURES ?? '';
    if (fixtures) {
      await card.locator('.certificate-upload').click();
      await expect(parentPage.getByRole('heading', { level: 1 })).toHaveText(t('Туу туралы куәлік', 'Свидетельство о рождении'));
      await hydrated(parentPage);
      await noHorizontalOverflow(parentPage);
      await parentPage.locator('input[name=birth_certificate]').setInputFiles({ name: 'scan.jpg', mimeType: 'image/jpeg', buffer: fs.readFileSync(path.join(fixtures, 'scan.jpg')) });
      await expect(parentPage.locator('.certificate-done')).toBeVisible({ timeout: 30_000 });
      await parentPage.locator('.back-to-children').click();
      await expect(card.locator('.certificate-upload')).toContainText(t('Куәлік жүктелді', 'Свидетельство загружено'));
    }

    // The admin sees the child in the department's queue, but no referral before the
    // department confirms the parenthood.
    const adminPage = await newPage(browser);
    const admin = await demoPerson(adminPage, request, 'admin');
    await loginAs(adminPage, admin);
    await adminPage.goto(lang === 'ru' ? '/lang/ru?next=/admin' : '/lang/kk?next=/admin');
    await hydrated(adminPage);
    const childName = lang === 'kk' ? 'Серікова Әлия' : 'Серікова Алия';
    let row = adminPage.locator('.queue-row').filter({ hasText: childName }).last();
    await expect(row).toBeVisible();
    await expect(row.locator('.not-confirmed')).toBeVisible();
    await expect(row.getByRole('button', { name: t('Жолдама беру', 'Выдать направление') })).toHaveCount(0);

    // «Балаларды растау»: the claim with its certificate; the admin confirms it.
    await adminPage.locator('#nav-claims').click();
    await expect(adminPage.getByRole('heading', { level: 1 })).toContainText(t('Ата-ананы растау', 'Подтверждение родства'));
    const claim = adminPage.locator(`.claim-child[data-child-iin="${childIin}"] .claim`).first();
    await expect(claim).toContainText(parent.iin);
    if (fixtures) {
      await expect(claim.locator('.certificate-link')).toBeVisible();
    }
    await noHorizontalOverflow(adminPage);
    await claim.getByRole('button', { name: t('Растау', 'Подтвердить') }).click();
    await expect(adminPage.locator('#claim-decided')).toBeVisible();
    await expect(adminPage.locator(`.claim-child[data-child-iin="${childIin}"]`)).toHaveCount(0);

    // Now the queue row takes a referral.
    await adminPage.goto('/admin');
    await hydrated(adminPage);
    row = adminPage.locator('.queue-row').filter({ hasText: childName }).last();
    await row.getByRole('button', { name: t('Жолдама беру', 'Выдать направление') }).click();
    await expect(adminPage.locator('#referral-issued')).toBeVisible();
    const number = (await adminPage.locator('#referral-issued').textContent())!.match(/#(\d+)/)![1];

    // The parent: an unread notification, then the referral with «Шарт жасасу».
    await parentPage.goto('/cabinet/referrals');
    await hydrated(parentPage);
    await expect(parentPage.locator('#unread-count')).toBeVisible();
    const referral = parentPage.locator(`.referral[data-number="${number}"]`);
    await expect(referral).toContainText(t('Белсенді', 'Действует'));
    await expect(referral).toContainText(t('№1 Балабақшасы', 'Детский сад №1'));
    await expect(referral.getByRole('link', { name: t('Құжаттарды жүктеу', 'Загрузить документы') })).toBeVisible();
    await noHorizontalOverflow(parentPage);

    // Opening the list marks it read (a request sent once the list shows): wait for it before
    // reloading, as a person reading the list would.
    const marked = parentPage.waitForResponse((r) => r.url().includes('/api/cabinet/mark_read'));
    await parentPage.locator('#nav-notifications').click();
    await expect(parentPage.locator('#notifications')).toContainText(`№${number}`);
    expect((await marked).ok()).toBeTruthy();
    await parentPage.reload();
    await hydrated(parentPage);
    await expect(parentPage.locator('#unread-count')).toHaveCount(0);
  });
}

test('a parent keeps requisites in «Менің деректемелерім»: mistakes are shown beside the fields, nothing is saved until they are fixed', async ({ page, request }) => {
  const parent = await demoPerson(page, request, 'parent', 0);
  await loginAs(page, parent);
  await page.goto('/cabinet/requisites');
  await hydrated(page);
  await expect(page.locator('input[name=iin]')).toHaveValue(parent.iin);
  await page.locator('input[name=iban]').fill('4400430212345678');
  await page.locator('#save-requisites').click();
  await expect(page.locator('#fix-errors')).toBeVisible();
  await expect(page.locator('#f-iban-error')).not.toBeEmpty();
  await expect(page.locator('input[name=last_name]')).toHaveAttribute('aria-invalid', 'true');
  await noHorizontalOverflow(page);
  // Every field has a label and the autofill hints a phone browser needs.
  await expect(page.locator('input[name=phone]')).toHaveAttribute('type', 'tel');
  await expect(page.locator('input[name=phone]')).toHaveAttribute('autocomplete', 'tel');
  for (const name of ['last_name', 'first_name', 'phone', 'email', 'iban', 'bic', 'id_doc_number']) {
    const id = await page.locator(`[name=${name}]`).getAttribute('id');
    await expect(page.locator(`label[for="${id}"]`)).toHaveCount(1);
  }
});

test('the admin pages are closed to a parent', async ({ page, request }) => {
  const parent = await demoPerson(page, request, 'parent', 0);
  await loginAs(page, parent);
  await page.goto('/admin');
  await expect(page.locator('.error')).toContainText('Бұл әрекетке рұқсатыңыз жоқ.');
});
