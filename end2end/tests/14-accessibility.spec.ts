import { test, expect, Browser, Page, TestInfo } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { ADMIN, AGENT, adminPages, api, desk, jsOn, ready, signedIn, signOut } from './helpers';

// axe-core on every page each role opens, with JavaScript on and off: no serious or critical
// violation. (axe is injected by the test, so this context may ignore the page's CSP.)
test.use({ bypassCSP: true });
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');

async function violations(page: Page, testInfo: TestInfo, path: string): Promise<string[]> {
  await page.goto(path);
  await ready(page, testInfo);
  await page.addScriptTag({ content: AXE });
  const results: any = await page.evaluate(async () => (window as any).axe.run(document, { resultTypes: ['violations'] }));
  return results.violations
    .filter((v: any) => v.impact === 'serious' || v.impact === 'critical')
    .map((v: any) => `${path}: ${v.id} (${v.impact}) ${v.nodes.slice(0, 3).map((n: any) => n.target.join(' ')).join(' | ')}`);
}

/** Without JavaScript the desk is its server-rendered HTML: axe (itself a script) runs in a
 * context where the app's own code is kept from loading instead. */
async function pageFor(browser: Browser, page: Page, testInfo: TestInfo): Promise<Page> {
  if (jsOn(testInfo)) return page;
  const context = await browser.newContext({ baseURL: testInfo.project.use.baseURL, bypassCSP: true, javaScriptEnabled: true });
  await context.route('**/pkg/**', (route) => route.abort());
  return context.newPage();
}

async function walk(page: Page, testInfo: TestInfo, paths: string[]) {
  for (const path of paths) {
    // Soft: every page's faults are listed, not only the first page's.
    expect.soft(await violations(page, testInfo, path), path).toEqual([]);
  }
}

test('signed out: sign-in and setup pages have no serious accessibility faults', async ({ browser, page: given }, testInfo) => {
  const page = await pageFor(browser, given, testInfo);
  const setup = new URL(desk(testInfo).setupUrl);
  await walk(page, testInfo, ['/login', setup.pathname + setup.search]);
});

test("an administrator's pages have no serious accessibility faults", async ({ browser, page: given }, testInfo) => {
  test.setTimeout(240_000);
  const page = await pageFor(browser, given, testInfo);
  await signedIn(page, testInfo, ADMIN);
  const paths = await adminPages(page);
  await walk(page, testInfo, paths);
});

test("an agent's pages have no serious accessibility faults", async ({ browser, page: given }, testInfo) => {
  test.setTimeout(120_000);
  const page = await pageFor(browser, given, testInfo);
  await signedIn(page, testInfo, AGENT);
  const paths = ['/', '/conversations', '/contacts', '/history'];
  // The desk with a conversation open, when the agent has one.
  await page.goto('/history');
  const open = await page.getByTestId('history').locator('tbody a').first().getAttribute('href', { timeout: 2_000 }).catch(() => null);
  if (open) paths.push(open);
  await walk(page, testInfo, paths);
  await signOut(page, testInfo);
});

test("an auditor's pages have no serious accessibility faults", async ({ browser, page: given }, testInfo) => {
  test.setTimeout(120_000);
  const auditor = { email: `auditor-${testInfo.project.name}@example.com`, password: 'auditor password 42' };
  await signedIn(given, testInfo, ADMIN);
  await api(given, 'create_user', { email: auditor.email, display_name: 'Audrey Auditor', role: 'auditor', password: auditor.password });
  await signOut(given, testInfo);
  const page = await pageFor(browser, given, testInfo);
  await signedIn(page, testInfo, auditor);
  // Every page the auditor's navigation offers.
  const paths = await page.locator('#main-nav a').evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).pathname));
  expect(paths).toContain('/audit');
  await walk(page, testInfo, paths);
});
