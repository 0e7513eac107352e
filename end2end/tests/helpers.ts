import { APIRequestContext, Page, TestInfo, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const ADMIN = { email: 'admin@example.com', password: 'correct horse battery', name: 'Ada Admin' };
export const AGENT = { email: 'agent@example.com', password: 'agent password 42', name: 'Aki Agent' };

export function desk(testInfo: TestInfo): { setupUrl: string } {
  const state = JSON.parse(readFileSync(join(__dirname, '..', '.e2e-state.json'), 'utf8'));
  return state.desks[testInfo.project.name];
}

export function jsOn(testInfo: TestInfo): boolean {
  return testInfo.project.use.javaScriptEnabled !== false;
}

/**
 * With JavaScript on, wait until the app has hydrated before touching anything. The tests run
 * the debug build (a ~40 MB wasm): on two busy cores loading and compiling it has taken over
 * 5 s after a run of reloads, so hydration gets longer than the default expect timeout.
 */
export async function ready(page: Page, testInfo: TestInfo) {
  if (jsOn(testInfo)) {
    await expect(page.locator('#hydration-marker')).toHaveAttribute('data-hydrated', 'true', {
      timeout: 20_000,
    });
  }
}

export async function signIn(page: Page, testInfo: TestInfo, who: { email: string; password: string }) {
  await page.goto('/login');
  await ready(page, testInfo);
  await page.getByLabel('Email').fill(who.email);
  await page.getByLabel('Password').fill(who.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
}

export async function signOut(page: Page, testInfo: TestInfo) {
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Sign out' }).click();
  await expect(page).toHaveURL(/\/login/);
}

/** Signs in and waits until the signed-in frame is there. */
export async function signedIn(page: Page, testInfo: TestInfo, who: { email: string; password: string }) {
  await signIn(page, testInfo, who);
  await expect(page.getByTestId('current-user')).toBeVisible();
}

export const FAKE_LINE = `http://127.0.0.1:${4101 + Number(process.env.E2E_PORT_OFFSET ?? 0)}`;

/** Creates a messaging account in this project's desk with the CLI (the automation path);
 * returns its callback URL. The fake LINE platform accepts the demo token for any channel. */
export function createAccountWithCli(testInfo: TestInfo, name: string, channelId: string, secret: string, token: string): string {
  const state = JSON.parse(readFileSync(join(__dirname, '..', '.e2e-state.json'), 'utf8'));
  const desk = state.desks[testInfo.project.name];
  const bin = process.env.LINEDESK_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/linedesk`;
  const out = execFileSync(bin, ['account', 'create', '--name', name, '--channel-id', channelId, '--secret-stdin', '--token-stdin'], {
    input: `${secret}\n${token}\n`,
    env: { ...process.env, DATA_DIR: desk.dataDir, LISTEN_ADDR: `127.0.0.1:${desk.port}`, LINE_API_BASE: FAKE_LINE, LINE_DATA_API_BASE: FAKE_LINE, RUST_LOG: 'error' },
  }).toString();
  return out.match(/callback URL: (\S+)/)![1];
}

/** Runs the linedesk CLI against this project's desk (its data directory); returns its output. */
export function cli(testInfo: TestInfo, args: string[], input = ''): string {
  const state = JSON.parse(readFileSync(join(__dirname, '..', '.e2e-state.json'), 'utf8'));
  const desk = state.desks[testInfo.project.name];
  const bin = process.env.LINEDESK_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/linedesk`;
  return execFileSync(bin, args, {
    input,
    env: { ...process.env, DATA_DIR: desk.dataDir, LISTEN_ADDR: `127.0.0.1:${desk.port}`, LINE_API_BASE: FAKE_LINE, LINE_DATA_API_BASE: FAKE_LINE, RUST_LOG: 'error' },
  }).toString();
}

/** Every text linedesk sent to the fake LINE platform (reply or push) after the first `since` requests. */
export async function sentTexts(request: APIRequestContext, since: number): Promise<string[]> {
  const recorded: any[] = (await (await request.get(`${FAKE_LINE}/__fake/requests`)).json()).slice(since);
  return recorded
    .filter((r) => r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push')
    .flatMap((r) => JSON.parse(r.body).messages.map((m: any) => m.text));
}

/** Calls a server function as the signed-in page would (same origin), expecting success. */
export async function api(page: Page, fn: string, form: Record<string, string>) {
  const response = await page.request.post(`/api/${fn}`, {
    form,
    headers: { Origin: new URL(page.url()).origin, Accept: 'application/json' },
  });
  expect(response.status(), `${fn}: ${await response.text()}`).toBeLessThan(400);
  return response;
}

/** Opens the conversation of the account named `account` from History (waiting until it is listed). */
export async function openFromHistory(page: Page, testInfo: TestInfo, account: string) {
  await page.goto('/history?customer=');
  await ready(page, testInfo);
  const row = page.getByTestId('history').locator('tbody tr', { hasText: account });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.goto(await row.getByRole('link').first().getAttribute('href') as string);
  await ready(page, testInfo);
}

/** Every page an administrator opens from the navigation, plus the first conversation and workstream. */
export async function adminPages(page: Page): Promise<string[]> {
  const pages = ['/', '/conversations', '/contacts', '/history', '/channels', '/channels/accounts', '/channels/accounts/new',
    '/workstreams', '/workstreams/new', '/queues', '/agents', '/insights/live', '/insights/reports', '/users', '/system', '/privacy', '/audit'];
  await page.goto('/history');
  const conversation = await page.getByTestId('history').locator('tbody a').first().getAttribute('href', { timeout: 2_000 }).catch(() => null);
  if (conversation) pages.push(conversation);
  await page.goto('/workstreams');
  const workstream = await page.locator('main a[href^="/workstreams/"]:not([href="/workstreams/new"])').first().getAttribute('href', { timeout: 2_000 }).catch(() => null);
  if (workstream) pages.push(workstream);
  return pages;
}

/** Creates a push workstream whose fallback is a new queue, on the messaging account named
 * `account`, and finishes its LINE setup (the wizard itself is covered by 04-workstreams).
 * Signed in as an administrator; returns the workstream's id. */
export async function pushWorkstreamOn(page: Page, testInfo: TestInfo, account: string, workstream: string, queue: string): Promise<string> {
  await page.goto('/workstreams/new');
  await ready(page, testInfo);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(workstream);
  await page.getByLabel(/Push —/).check();
  await page.getByLabel('Fallback queue').selectOption('new');
  await page.getByLabel('New queue name').fill(queue);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Workstream created. Next: Set up LINE.')).toBeVisible();
  const id = page.url().match(/workstreams\/(\d+)/)![1];
  const accounts: any[] = await (await api(page, 'list_line_accounts_for_setup', {})).json();
  const found = accounts.find((a) => a.name === account);
  await api(page, 'save_line_account', { id, account_id: String(found.id) });
  await api(page, 'finish_line_setup', { id });
  return id;
}

/** On the Queues page (open and ready): the agent joins the queue named `queue`. */
export async function addAgentToQueue(page: Page, queue: string) {
  const card = page.locator(`article[data-queue="${queue}"]`);
  await card.getByLabel('Add agent').selectOption({ label: `${AGENT.name} (agent)` });
  await card.getByRole('button', { name: 'Add' }).click();
  await expect(card.locator('.member-list')).toContainText(AGENT.name);
}
