import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, ready, signedIn, FAKE_LINE } from './helpers';

// With consent required, agents see nothing of a customer's messages until the customer taps
// "I agree" on the consent question that LINE shows them.
const FAKE = FAKE_LINE;
const DEMO = { channelId: '2000000003', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };

test('a consent-gated conversation stays hidden until the customer agrees', async ({ page, request }, testInfo) => {
  const state = JSON.parse(readFileSync(join(__dirname, '..', '.e2e-state.json'), 'utf8'));
  const desk = state.desks[testInfo.project.name];
  const bin = process.env.LINEDESK_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/linedesk`;
  const out = execFileSync(bin, ['account', 'create', '--name', 'Consent OA', '--channel-id', DEMO.channelId, '--secret-stdin', '--token-stdin'], {
    input: `${DEMO.secret}\n${DEMO.token}\n`,
    env: { ...process.env, DATA_DIR: desk.dataDir, LISTEN_ADDR: `127.0.0.1:${desk.port}`, LINE_API_BASE: FAKE, LINE_DATA_API_BASE: FAKE, RUST_LOG: 'error' },
  }).toString();
  const callback = out.match(/callback URL: (\S+)/)![1];
  const user = `Uconsent${testInfo.project.name.replace('-', '')}00000000000000000000000`;

  await signedIn(page, testInfo, ADMIN);
  await page.goto('/privacy');
  await ready(page, testInfo);
  const form = page.locator('form[data-account="Consent OA"]');
  await form.getByLabel(/Require consent/).check();
  await form.getByRole('button', { name: 'Save notice and consent' }).click();
  await expect(page.locator('form[data-account="Consent OA"]').getByLabel(/Require consent/)).toBeChecked();

  const since = (await (await request.get(`${FAKE}/__fake/requests`)).json()).length;
  const secretWords = `My card number ends 4242 (${testInfo.project.name})`;
  const sent = await request.post(`${FAKE}/__fake/webhook`, {
    data: { url: callback, text: secretWords, channel_id: DEMO.channelId, channel_secret: DEMO.secret, user_id: user },
  });
  expect((await sent.json()).status).toBe(200);
  // LINE receives the notice with the consent question as quick-reply buttons.
  await expect(async () => {
    const recorded: any[] = (await (await request.get(`${FAKE}/__fake/requests`)).json()).slice(since);
    const asked = recorded
      .filter((r) => r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push')
      .flatMap((r) => JSON.parse(r.body).messages)
      .find((m: any) => m.quickReply?.items?.some((i: any) => i.action.data === 'linedesk-consent:grant'));
    expect(asked).toBeTruthy();
  }).toPass({ timeout: 10_000 });

  // The agent sees that consent is pending, and nothing of the message.
  await page.goto('/conversations');
  const row = page.locator('.inbox__row', { hasText: 'Consent OA' });
  await expect(row).toContainText('Waiting for the customer');
  await expect(page.getByText(secretWords)).toHaveCount(0);
  await row.click();
  await ready(page, testInfo);
  await expect(page.getByTestId('replies-disabled')).toContainText("Waiting for the customer's consent");
  await expect(page.getByText('Hidden until the customer consents')).toBeVisible();
  await expect(page.getByText(secretWords)).toHaveCount(0);
  await page.screenshot({ path: testInfo.outputPath('consent-pending.png'), fullPage: true });
  const conversationUrl = page.url();

  // The customer taps "I agree": a signed postback from LINE.
  const body = {
    destination: `U${DEMO.channelId.padStart(32, '0')}`,
    events: [{
      type: 'postback', mode: 'active', timestamp: Date.now(),
      source: { type: 'user', userId: user },
      webhookEventId: `01CONSENT${Date.now()}${testInfo.project.name}`,
      deliveryContext: { isRedelivery: false },
      replyToken: 'f'.repeat(32),
      postback: { data: 'linedesk-consent:grant' },
    }],
  };
  const agreed = await request.post(`${FAKE}/__fake/webhook`, { data: { url: callback, body, channel_id: DEMO.channelId, channel_secret: DEMO.secret } });
  expect((await agreed.json()).status).toBe(200);
  await expect(async () => {
    await page.goto(conversationUrl);
    // (In the transcript; the list beside it previews it too, now that it may be read.)
    await expect(page.locator('.transcript').getByText(secretWords)).toBeVisible({ timeout: 1000 });
    await expect(page.getByTestId('preview').filter({ hasText: secretWords })).toHaveCount(1);
  }).toPass({ timeout: 10_000 });
  await page.screenshot({ path: testInfo.outputPath('consent-granted.png'), fullPage: true });

  // The decision is on record for auditors.
  await page.goto('/privacy');
  await expect(page.getByTestId('consents')).toContainText(user);
  await expect(page.getByTestId('consents')).toContainText('granted');
});
