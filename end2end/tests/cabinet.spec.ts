import { test, expect, Browser } from '@playwright/test';
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
    const childIin = makeIin(lang === 'kk' ? '230415' : '220601', 6, 4000 + Math.floor(Math.random() * 5000));
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

    // The admin sees the child in the department's queue and issues a referral.
    const adminPage = await newPage(browser);
    const admin = await demoPerson(adminPage, request, 'admin');
    await loginAs(adminPage, admin);
    await adminPage.goto(lang === 'ru' ? '/lang/ru?next=/admin' : '/lang/kk?next=/admin');
    await hydrated(adminPage);
    const row = adminPage.locator('.queue-row').filter({ hasText: lang === 'kk' ? 'Серікова Әлия' : 'Серікова Алия' }).last();
    await expect(row).toBeVisible();
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
