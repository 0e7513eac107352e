import { test, expect } from '@playwright/test';
import { ADMIN, AGENT, jsOn, createAccountWithCli, pushWorkstreamOn, ready, signedIn, signOut, FAKE_LINE } from './helpers';

// Insights > Live: a supervisor watches the queue they are a member of; a customer writes and
// the waiting count rises by itself (JavaScript on) or after a reload (off). An administrator
// sets the queue's service-level target; agents are refused the page.
const SUPERVISOR = { email: 'sue@example.com', password: 'supervisor password 7', name: 'Sue Supervisor' };
const LIVE = { channelId: '2000000021', secret: '5a1b49c2a6e4f1d0b7c9a2e58c3f0e7d', token: 'demo-channel-access-token-linedesk-0001' };

test('a supervisor sees the waiting count rise when a customer writes', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const callback = createAccountWithCli(testInfo, 'Live OA', LIVE.channelId, LIVE.secret, LIVE.token);
  await signedIn(page, testInfo, ADMIN);
  await pushWorkstreamOn(page, testInfo, 'Live OA', 'LINE Live', 'Live queue');

  // A supervisor, a member of the queue; the queue's target becomes 30 seconds (bad input first).
  await page.goto('/users');
  await ready(page, testInfo);
  const form = page.locator('form').filter({ has: page.getByRole('button', { name: 'Create user' }) });
  await form.getByLabel('Email').fill(SUPERVISOR.email);
  await form.getByLabel('Display name').fill(SUPERVISOR.name);
  await form.getByLabel('Role').selectOption('supervisor');
  await form.getByLabel('Initial password').fill(SUPERVISOR.password);
  await form.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator(`tr[data-email="${SUPERVISOR.email}"]`)).toBeVisible();
  await page.goto('/queues');
  await ready(page, testInfo);
  const card = page.locator('article[data-queue="Live queue"]');
  await card.getByLabel('Add agent').selectOption({ label: `${SUPERVISOR.name} (supervisor)` });
  await card.getByRole('button', { name: 'Add' }).click();
  await expect(card.locator('.member-list')).toContainText(SUPERVISOR.name);
  await ready(page, testInfo);
  await card.getByLabel('Service-level target').fill('0');
  await card.getByLabel('Service-level target').locator('..').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a target from 1 to 3600 seconds.')).toBeVisible();
  await ready(page, testInfo);
  await card.getByLabel('Service-level target').fill('30');
  await card.getByLabel('Service-level target').locator('..').getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Enter a target from 1 to 3600 seconds.')).toHaveCount(0);
  await page.reload();
  await expect(page.locator('article[data-queue="Live queue"]').getByLabel('Service-level target')).toHaveValue('30');
  await signOut(page, testInfo);

  await signedIn(page, testInfo, SUPERVISOR);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' }).click();
  await expect(page.getByRole('heading', { name: 'Live', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const row = page.locator('tr[data-queue="Live queue"]');
  await expect(row.getByTestId('waiting')).toHaveText('0');
  const waitingTile = page.getByTestId('tile-waiting').locator('dd');
  const before = Number(await waitingTile.textContent());

  // A customer writes; nobody is available, so the conversation waits in the queue.
  const customer = `Ulive${testInfo.project.name.replace('-', '')}000000000000000000000000`.slice(0, 33);
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, text: 'Is anyone there?', channel_id: LIVE.channelId, channel_secret: LIVE.secret, user_id: customer },
  });
  expect(sent.ok()).toBeTruthy();
  if (jsOn(testInfo)) {
    // No reload: the live stream tells the page to read the figures again.
    await expect(row.getByTestId('waiting')).toHaveText('1', { timeout: 15_000 });
  } else {
    await expect(async () => {
      await page.reload();
      await expect(row.getByTestId('waiting')).toHaveText('1', { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }
  await expect(waitingTile).toHaveText(String(before + 1));
  await expect(row).toContainText('target 30 s');
  if (jsOn(testInfo)) {
    // Between live updates the longest wait keeps counting (the customer is still waiting).
    const wait = row.getByTestId('longest-wait');
    const seconds = async () => Number((await wait.textContent())?.match(/\d+/)?.[0]);
    const first = await seconds();
    await expect.poll(seconds, { timeout: 5_000 }).toBeGreaterThanOrEqual(first + 2);
  }
  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('live-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('live-390.png'), fullPage: true });
  await page.setViewportSize({ width: 1280, height: 720 });
  await signOut(page, testInfo);

  // Agents do not watch queues: no link, and the page is refused.
  await signedIn(page, testInfo, AGENT);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Live' })).toHaveCount(0);
  const refused = await page.goto('/insights/live');
  expect(refused?.status()).toBe(403);
  const api = await page.request.post('/api/get_live_insights', {
    headers: { Origin: new URL(page.url()).origin, Accept: 'application/json' },
  });
  expect(api.status()).toBe(403);
});
