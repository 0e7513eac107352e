import { test, expect } from '@playwright/test';
import { ADMIN, AGENT, desk, jsOn, ready, signedIn, signIn, signOut } from './helpers';

// The foundation flows, in order, on a fresh desk: first-admin setup, sign-out, a wrong
// password, sign-in, creating an agent, and the agent refused an admin page.
test.describe.configure({ mode: 'serial' });

test('first administrator is created from the setup link', async ({ page }, testInfo) => {
  await page.goto('/login');
  await expect(page.getByText('This desk has no users yet')).toBeVisible();
  await page.goto(desk(testInfo).setupUrl);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Create the first administrator' })).toBeVisible();
  await page.getByLabel('Email').fill(ADMIN.email);
  await page.getByLabel('Display name').fill(ADMIN.name);
  await page.getByLabel(/^Password/).fill(ADMIN.password);
  await page.getByLabel('Confirm password').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Create administrator' }).click();
  await expect(page.getByRole('heading', { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await expect(page.getByTestId('current-role')).toHaveText('Administrator');
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('admin-home.png'), fullPage: true });
});

test('the setup link does not work twice', async ({ page }, testInfo) => {
  await page.goto(desk(testInfo).setupUrl);
  await expect(page.getByRole('heading', { name: 'linedesk is set up' })).toBeVisible();
});

test('signing out ends the session', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN);
  await expect(page.getByTestId('current-user')).toHaveText(ADMIN.name);
  await signOut(page, testInfo);
  await page.goto('/users');
  await expect(page).toHaveURL(/\/login\?next=\/users/);
});

test('a wrong password gets a clear message', async ({ page }, testInfo) => {
  await signIn(page, testInfo, { email: ADMIN.email, password: 'not the password' });
  await expect(page.getByText('Wrong email or password.')).toBeVisible();
  await expect(page).toHaveURL(/\/login/);
});

test('the administrator signs in and creates an agent', async ({ page }, testInfo) => {
  await signIn(page, testInfo, ADMIN);
  await expect(page.getByRole('heading', { name: `Welcome, ${ADMIN.name}` })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Users', exact: true })).toBeVisible();
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create user' }) });
  // A too-short password is refused with the reason, and nothing is created.
  await form.getByLabel('Email').fill(AGENT.email);
  await form.getByLabel('Initial password').fill('short');
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.getByText('Use at least 10 characters.')).toBeVisible();
  await expect(page.locator(`tr[data-email="${AGENT.email}"]`)).toHaveCount(0);
  await form.getByLabel('Email').fill(AGENT.email);
  await form.getByLabel('Display name').fill(AGENT.name);
  await form.getByLabel('Role').selectOption('agent');
  await form.getByLabel('Initial password').fill(AGENT.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator(`tr[data-email="${AGENT.email}"]`)).toBeVisible();
  await expect(page.locator(`tr[data-email="${AGENT.email}"]`).getByRole('combobox')).toHaveValue('agent');
  await page.screenshot({ path: testInfo.outputPath('users.png'), fullPage: true });
  await signOut(page, testInfo);
});

test('an agent is refused an admin page', async ({ page }, testInfo) => {
  await signIn(page, testInfo, AGENT);
  await expect(page.getByRole('heading', { name: `Welcome, ${AGENT.name}` })).toBeVisible();
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' })).toHaveCount(0);
  const response = await page.goto('/users');
  expect(response?.status()).toBe(403);
  await expect(page.getByRole('heading', { name: "You can't open this page" })).toBeVisible();
  await expect(page.getByText(ADMIN.email)).toHaveCount(0);
});

test('the hydrated sign-in page logs no console errors', async ({ page }, testInfo) => {
  test.skip(!jsOn(testInfo), 'only meaningful with JavaScript on');
  const problems: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error' || msg.type() === 'warning') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('response', (res) => { if (res.status() >= 400) problems.push(`${res.status()} ${res.url()}`); });
  await page.context().clearCookies();
  await page.goto('/login');
  await ready(page, testInfo);
  await page.screenshot({ path: testInfo.outputPath('login.png') });
  expect(problems).toEqual([]);
});

test('each page brings its own code, in one file, and only when visited', async ({ page }, testInfo) => {
  test.skip(!jsOn(testInfo), 'only meaningful with JavaScript on');
  const problems: string[] = [];
  const wasm: string[] = [];
  page.on('console', (msg) => { if (msg.type() === 'error') problems.push(msg.text()); });
  page.on('pageerror', (err) => problems.push(err.message));
  page.on('request', (req) => { if (req.url().endsWith('.wasm')) wasm.push(new URL(req.url()).pathname); });
  const lazyParts = () => wasm.filter((path) => !path.endsWith('/linedesk.wasm'));
  // xtask bundles a route's parts: the browser fetches one file per page, never a part alone.
  const loose = () => lazyParts().filter((path) => !path.split('/').pop()!.startsWith('bundle_'));

  // An agent's conversations page fetches its own file and nothing of an administrator's.
  await signedIn(page, testInfo, AGENT);
  await page.goto('/conversations');
  await ready(page, testInfo);
  expect(wasm).toContain('/pkg/linedesk.wasm');
  expect(lazyParts().some((path) => path.includes('conversations_route'))).toBe(true);
  expect(lazyParts().filter((path) => /(users|privacy|workstream|channels|audit)_route/.test(path))).toEqual([]);
  await signOut(page, testInfo);

  // An administrator going to Users in the app fetches that page's file, then it works.
  wasm.length = 0;
  await signedIn(page, testInfo, ADMIN);
  await ready(page, testInfo);
  expect(lazyParts()).toEqual([]);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Users' }).click();
  await expect(page.locator(`tr[data-email="${AGENT.email}"]`)).toBeVisible();
  expect(lazyParts().filter((path) => path.includes('users_route'))).toHaveLength(1);

  // Opening an administrator page directly hydrates it from its file, without errors.
  await page.goto('/privacy');
  await ready(page, testInfo);
  expect(lazyParts().some((path) => path.includes('privacy_route'))).toBe(true);
  await expect(page.getByRole('heading', { name: 'Privacy', exact: true })).toBeVisible();
  expect(loose()).toEqual([]);
  expect(problems).toEqual([]);
});
