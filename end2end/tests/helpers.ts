import { expect, Page, APIRequestContext } from '@playwright/test';

export async function hydrated(page: Page) {
  await expect(page.locator('body')).toHaveAttribute('data-hydrated', 'true');
}

export type KeyFile = { name: string; buffer: Buffer };
export type DemoPerson = { iin: string; password: string; auth: KeyFile; sign: KeyFile };

/** The `n`-th demo person of `role`, with key files downloaded from the demo page. */
export async function demoPerson(page: Page, request: APIRequestContext, role: 'parent' | 'staff' | 'admin', n = 0): Promise<DemoPerson> {
  await page.goto('/demo');
  const person = page.locator(`.demo-person[data-role="${role}"]`).nth(n);
  const iin = (await person.getAttribute('data-iin'))!;
  const files: Record<string, Buffer> = {};
  for (const href of await person.locator('a[download]').evaluateAll((as) => as.map((a) => (a as HTMLAnchorElement).getAttribute('href')!))) {
    const resp = await request.get(href);
    expect(resp.ok()).toBeTruthy();
    files[href.split('/').pop()!] = await resp.body();
  }
  const auth = Object.keys(files).find((f) => f.startsWith('AUTH_'))!;
  const sign = Object.keys(files).find((f) => f.startsWith('RSA256_') || f.startsWith('GOST'))!;
  const password = (await page.locator('#demo-password').textContent())!.trim();
  return { iin, password, auth: { name: auth, buffer: files[auth] }, sign: { name: sign, buffer: files[sign] } };
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
