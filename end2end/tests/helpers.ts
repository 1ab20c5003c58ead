import { expect, Page, APIRequestContext } from '@playwright/test';

export async function hydrated(page: Page) {
  // The release bundle hydrates in about a second; 30 s leaves room for a very busy machine.
  // A panic (frontend/src/panic_notice.rs marks <body data-panic>) fails at once, with its message.
  const done = page.locator('body[data-hydrated="true"], body[data-panic]');
  try {
    await expect(done).toHaveCount(1, { timeout: 30_000 });
  } catch (e) {
    throw new Error(`the page did not hydrate in 30 s: ${JSON.stringify(await whyNotHydrated(page))}\n${e}`);
  }
  const panic = await page.locator('body').getAttribute('data-panic');
  if (panic !== null) throw new Error(`the page's WASM panicked: ${panic}`);
}

/** What the page loaded (finished /pkg/ requests with their times) and whether a service worker
 * controls it: enough to tell a slow machine from a request that never finished. */
async function whyNotHydrated(page: Page) {
  return page
    .evaluate(() => ({
      url: location.href,
      readyState: document.readyState,
      serviceWorker: !!navigator.serviceWorker?.controller,
      finished: performance
        .getEntriesByType('resource')
        .filter((r) => r.name.includes('/pkg/') || r.name.includes('/api/'))
        .map((r) => `${new URL(r.name).pathname} ${Math.round(r.startTime)}..${Math.round((r as PerformanceResourceTiming).responseEnd)} ms`),
      sinceStart: Math.round(performance.now()),
    }))
    .catch((err) => String(err));
}

export type KeyFile = { name: string; buffer: Buffer };
export type DemoPerson = { iin: string; password: string; auth: KeyFile; sign: KeyFile; gost: KeyFile };

/** The `n`-th demo person of `role`, with key files downloaded from the demo page (of the
 * server at `origin`; the test's own server by default). `staff` is the kindergarten's head,
 * `employee` its employee with the right to sign (no role until the head grants one). */
export async function demoPerson(page: Page, request: APIRequestContext, role: 'parent' | 'staff' | 'admin' | 'employee', n = 0, origin = ''): Promise<DemoPerson> {
  await page.goto(`${origin}/demo`);
  const person = page.locator(`.demo-person[data-role="${role}"]`).nth(n);
  const iin = (await person.getAttribute('data-iin'))!;
  const files: Record<string, Buffer> = {};
  for (const href of await person.locator('a[download]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))) {
    const resp = await request.get(`${origin}${href}`);
    expect(resp.ok()).toBeTruthy();
    files[href.split('/').pop()!] = await resp.body();
  }
  const auth = Object.keys(files).find((f) => f.startsWith('AUTH_'))!;
  const sign = Object.keys(files).find((f) => f.startsWith('RSA256_'))!;
  const gost = Object.keys(files).find((f) => f.startsWith('GOST512_'))!;
  const password = (await page.locator('#demo-password').textContent())!.trim();
  return {
    iin,
    password,
    auth: { name: auth, buffer: files[auth] },
    sign: { name: sign, buffer: files[sign] },
    gost: { name: gost, buffer: files[gost] },
  };
}

/** Signs in with the person's AUTH key through the login page (Kazakh UI). */
export async function loginAs(page: Page, person: DemoPerson) {
  await page.goto('/login');
  await hydrated(page);
  await page.locator('#auth_key').setInputFiles({ name: person.auth.name, mimeType: 'application/x-pkcs12', buffer: person.auth.buffer });
  await page.locator('input[type=password]').first().fill(person.password);
  await page.locator('form button[type=submit]').first().click();
  await expect(page).toHaveURL(/\/me$/);
}

/** A valid IIN for `yymmdd`, century/sex digit and a serial (the control digit computed). */
export function makeIin(yymmdd: string, century: number, serial: number): string {
  for (let k = 0; k < 50; k++) {
    const base = `${yymmdd}${century}${String((serial + k) % 10000).padStart(4, '0')}`;
    const d = base.split('').map(Number);
    let c = d.reduce((s, x, i) => s + x * (i + 1), 0) % 11;
    if (c === 10) {
      c = d.reduce((s, x, i) => s + x * (((i + 2) % 11) + 1), 0) % 11;
      if (c === 10) continue;
    }
    return base + c;
  }
  throw new Error('no IIN');
}

/** Nothing sticks out of the phone screen. */
export async function noHorizontalOverflow(page: Page) {
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
}

/** A signed-in parent page whose child got a referral from the demo admin (through the
 * same server functions the pages call). Returns the page and the referral id. `contextOptions`
 * (a desktop, say) and `login` (another way in than the AUTH key file) change how it starts. */
export async function parentWithReferral(
  browser: import('@playwright/test').Browser,
  request: APIRequestContext,
  parentIndex = 0,
  opts: {
    contextOptions?: import('@playwright/test').BrowserContextOptions;
    login?: (page: Page, parent: DemoPerson) => Promise<void>;
    /** The child's birth date `yymmdd` (default 230415: the 3–4 group, whose 5 places earlier
     * tests may have taken — then the referral goes to another kindergarten). */
    birth?: string;
  } = {},
) {
  const page = await (await browser.newContext(opts.contextOptions)).newPage();
  const parent = await demoPerson(page, request, 'parent', parentIndex);
  await (opts.login ?? loginAs)(page, parent);
  // Server functions answer the page's WASM in postcard; a script asks for JSON (`app::wire`).
  const form = (o: Record<string, string>) => ({ form: o, headers: { accept: 'application/json' } });
  const deps = await (await page.request.post('/api/cabinet/departments', form({}))).json();
  const kg = String(deps[0].kindergartens[0][0]);
  // Serials 4242–4400 are the demo register's children (confirmed at once): not these.
  const iin = makeIin(opts.birth ?? '230415', 6, 4500 + Math.floor(Math.random() * 5000));
  const child = await (await page.request.post('/api/cabinet/add_child', form({ iin, last_name: 'Серікова', first_name: 'Әлия', patronymic: '' }))).json();
  expect(typeof child).toBe('number');
  const reg = await page.request.post('/api/cabinet/register_in_queue', form({ child_id: String(child), pref1: kg }));
  expect(reg.ok()).toBeTruthy();

  const adminPage = await (await browser.newContext()).newPage();
  const admin = await demoPerson(adminPage, request, 'admin');
  await loginAs(adminPage, admin);
  await confirmChildren(adminPage);
  const rows = await (await adminPage.request.post('/api/admin/queue', form({}))).json();
  // The newest entry is this child's (earlier tests leave other children queued, some for other
  // kindergartens).
  const row = rows
    .filter((r: any) => r.groups.length > 0 && r.claim === 'confirmed')
    .sort((a: any, b: any) => b.entry_id - a.entry_id)[0];
  const issued = await adminPage.request.post('/api/admin/issue_referral', form({ entry_id: String(row.entry_id), group_id: String(row.groups[0].id), days: '10' }));
  expect(issued.ok()).toBeTruthy();
  await adminPage.context().close();
  const list = await (await page.request.post('/api/cabinet/referrals', form({}))).json();
  // The referral just issued: the newest.
  const newest = list.reduce((a: any, b: any) => (b.id > a.id ? b : a));
  return { page, referralId: newest.id as number };
}

/** The department admin (signed in on `adminPage`) confirms the parenthood of every queued
 * child waiting for it, as from the birth certificates: only a confirmed child gets a referral. */
export async function confirmChildren(adminPage: Page) {
  const form = (o: Record<string, string>) => ({ form: o, headers: { accept: 'application/json' } });
  const claims = await (await adminPage.request.post('/api/admin/claims', form({}))).json();
  for (const child of claims) {
    for (const claim of child.claims) {
      if (claim.status === 'unconfirmed' || claim.status === 'disputed') {
        const r = await adminPage.request.post('/api/admin/decide_claim', form({ claim_id: String(claim.id), decision: 'confirm' }));
        expect(r.ok()).toBeTruthy();
      }
    }
  }
}

/** A valid Kazakh IBAN of the bank `bankCode` (3 digits) and a 13-character account. */
export function makeIban(bankCode: string, account: string): string {
  const draft = `${bankCode}${account}KZ00`.toUpperCase();
  const digits = draft.split('').map((c) => (/[A-Z]/.test(c) ? String(c.charCodeAt(0) - 55) : c)).join('');
  let rem = 0;
  for (const ch of digits) rem = (rem * 10 + Number(ch)) % 97;
  return `KZ${String(98 - rem).padStart(2, '0')}${bankCode}${account}`.toUpperCase();
}
