import { defineConfig } from '@playwright/test';

// Two projects run the same flows: hydrated (JavaScript on) and plain HTML forms (JavaScript
// off); two more run the pseudo-locale walk the same two ways. Each gets its own linedesk process and database (see global-setup.ts), because the
// first-admin flow needs an empty desk.
const chromium = {
  browserName: 'chromium' as const,
  headless: true,
  launchOptions: {
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-dev-shm-usage', '--disable-background-networking',
      '--disable-component-update', '--no-first-run', '--disable-sync'],
  },
};

const offset = Number(process.env.E2E_PORT_OFFSET ?? 0);
const PSEUDO = /18-pseudo-locale/;

export default defineConfig({
  testDir: './tests',
  fullyParallel: false,
  workers: 1,
  // One retry: a test that fails and then passes is listed as "flaky" at the end of the run
  // (with its first failure above), so a flake is seen without holding back a whole landing; one
  // that fails twice fails the run. (A CI run once failed on one test; 8 runs after it, 3 with
  // both cores held busy, all passed.)
  retries: 1,
  timeout: 30_000,
  reporter: [['list']],
  globalSetup: './global-setup.ts',
  globalTeardown: './global-teardown.ts',
  use: { trace: 'off', screenshot: 'only-on-failure' },
  projects: [
    { name: 'js-on', testIgnore: PSEUDO, use: { ...chromium, baseURL: `http://127.0.0.1:${3101 + offset}`, javaScriptEnabled: true } },
    { name: 'js-off', testIgnore: PSEUDO, use: { ...chromium, baseURL: `http://127.0.0.1:${3102 + offset}`, javaScriptEnabled: false } },
    // The pseudo-locale walk checks every text it sees, so it runs on desks holding only what
    // 01-foundation and the walk itself stored.
    { name: 'pseudo-on', testMatch: [/01-foundation/, PSEUDO], use: { ...chromium, baseURL: `http://127.0.0.1:${3103 + offset}`, javaScriptEnabled: true } },
    { name: 'pseudo-off', testMatch: [/01-foundation/, PSEUDO], use: { ...chromium, baseURL: `http://127.0.0.1:${3104 + offset}`, javaScriptEnabled: false } },
  ],
});
