import { defineConfig } from '@playwright/test';

// The server is started by scripts/test.sh (built once); this only drives Debian Chromium.
const baseURL = process.env.E2E_BASE_URL ?? 'http://127.0.0.1:3300';

export default defineConfig({
  testDir: './tests',
  // The production walk runs against its own non-demo server (scripts/e2e-production.sh sets
  // E2E_WALK); every other spec against the demo server.
  testIgnore: process.env.E2E_WALK ? [] : ['**/production_walk.spec.ts'],
  testMatch: process.env.E2E_WALK ? ['**/production_walk.spec.ts'] : ['**/*.spec.ts'],
  timeout: 60_000,
  expect: { timeout: 15_000 },
  fullyParallel: false,
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: {
    baseURL,
    viewport: { width: 360, height: 740 },
    isMobile: true,
    hasTouch: true,
    locale: 'kk-KZ',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--disable-quic',
        '--no-first-run',
      ],
    },
  },
});
