import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, jsOn, ready, signedIn, FAKE_LINE } from './helpers';

// A LINE customer writes (a signed webhook from the fake LINE platform); an agent opens the
// conversation and replies; the fake LINE platform receives the reply with the agent's text.
const FAKE = FAKE_LINE;
// A channel of its own: the accounts spec's account on the demo channel may still exist.
const DEMO = { channelId: '2000000005', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };

test('a customer message reaches the agent, and the reply reaches LINE', async ({ page, request }, testInfo) => {
  const state = JSON.parse(readFileSync(join(__dirname, '..', '.e2e-state.json'), 'utf8'));
  const desk = state.desks[testInfo.project.name];
  const bin = process.env.LINEDESK_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/linedesk`;
  // Automation path: the CLI creates the account in this desk's database.
  const out = execFileSync(bin, ['account', 'create', '--name', 'Conversations', '--channel-id', DEMO.channelId, '--secret-stdin', '--token-stdin'], {
    input: `${DEMO.secret}\n${DEMO.token}\n`,
    env: { ...process.env, DATA_DIR: desk.dataDir, LISTEN_ADDR: `127.0.0.1:${desk.port}`, LINE_API_BASE: FAKE, LINE_DATA_API_BASE: FAKE, RUST_LOG: 'error' },
  }).toString();
  const callback = out.match(/callback URL: (\S+)/)![1];

  await signedIn(page, testInfo, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Conversations' }).click();
  await expect(page.getByRole('heading', { name: 'Conversations', exact: true })).toBeVisible();
  await ready(page, testInfo);

  const text = `Where is my order? (${testInfo.project.name})`;
  const sentAt = Date.now();
  const sent = await request.post(`${FAKE}/__fake/webhook`, { data: { url: callback, text, channel_id: DEMO.channelId, channel_secret: DEMO.secret } });
  expect((await sent.json()).status).toBe(200);
  if (jsOn(testInfo)) {
    // Live: the inbox updates by itself (Server-Sent Events), no reload.
    await expect(page.getByText(text)).toBeVisible({ timeout: 3000 });
    console.log(`webhook 200 -> inbox row: ${Date.now() - sentAt} ms`);
  } else {
    await expect(async () => {
      await page.reload();
      await expect(page.getByText(text)).toBeVisible({ timeout: 1000 });
    }).toPass({ timeout: 10_000 });
  }
  await page.screenshot({ path: testInfo.outputPath('inbox.png'), fullPage: true });
  await page.getByText(text).click();
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: /Customer/, level: 1 })).toBeVisible();
  await expect(page.locator('[data-direction="in"]')).toContainText(text);

  const reply = `Your parcel left our warehouse today (${testInfo.project.name}).`;
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.getByText('Write a reply first.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Reply').fill(reply);
  if (jsOn(testInfo)) {
    // Typing shows LINE's loading animation to the customer.
    await expect(async () => {
      const recorded = await (await request.get(`${FAKE}/__fake/requests`)).json();
      expect(recorded.some((r: any) => r.path === '/v2/bot/chat/loading/start' && r.status === 202)).toBe(true);
    }).toPass({ timeout: 5000 });
  }
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('[data-direction="out"]')).toContainText(reply);

  // The outbox worker sends it: with a fresh reply token, as a reply.
  await expect(async () => {
    const recorded = await (await request.get(`${FAKE}/__fake/requests`)).json();
    const delivered = recorded.filter((r: any) => (r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push') && r.status === 200 && r.body.includes(reply));
    expect(delivered.length).toBe(1);
  }).toPass({ timeout: 10_000 });
  await page.reload();
  await expect(page.locator('[data-direction="out"]').getByText('Sent')).toBeVisible();

  // The customer sends a photo: linedesk downloads it from LINE's data API and shows it.
  const photoId = `photo-${testInfo.project.name}`;
  const png = 'iVBORw0KGgoAAAANSUhEUgAAAEAAAAAwCAIAAAAuKetIAAAAY0lEQVR4nO3PwQkAIBDAsHu5oTO7lkP4CEKhA6Szzv664YIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAsa0IIGtKABLWhACxrQgga0oAEtaEALGtCCBrSgAS1oQAseuxo/mMQ0Ay+hAAAAAElFTkSuQmCC';
  await request.post(`${FAKE}/__fake/content`, { data: { message_id: photoId, content_type: 'image/png', data_base64: png } });
  const photo = { destination: 'Ubot', events: [{ type: 'message', mode: 'active', timestamp: Date.now(),
    source: { type: 'user', userId: 'U4af4980629b0a1b2c3d4e5f6a7b8c9d0' }, webhookEventId: `evt-${photoId}`,
    deliveryContext: { isRedelivery: false }, replyToken: `r-${photoId}`,
    message: { id: photoId, type: 'image', contentProvider: { type: 'line' } } }] };
  expect((await (await request.post(`${FAKE}/__fake/webhook`, { data: { url: callback, body: photo, channel_id: DEMO.channelId, channel_secret: DEMO.secret } })).json()).status).toBe(200);
  await expect(async () => {
    if (!jsOn(testInfo)) await page.reload();
    await expect(page.locator('img.bubble__image')).toBeVisible({ timeout: 1500 });
  }).toPass({ timeout: 10_000 });
  expect(await page.locator('img.bubble__image').evaluate((img: HTMLImageElement) => img.naturalWidth)).toBe(64);
  await page.screenshot({ path: testInfo.outputPath('conversation.png'), fullPage: true });

  // The account's raw event log shows what LINE sent, with the event types.
  await page.goto('/channels/accounts');
  await page.locator('tr[data-account="Conversations"]').getByRole('link', { name: 'Conversations' }).click();
  await ready(page, testInfo);
  await page.getByRole('link', { name: 'Raw event log' }).click();
  await expect(page.getByRole('heading', { name: 'Raw event log' })).toBeVisible();
  await expect(page.getByTestId('raw-events')).toContainText('message');
  await expect(page.getByTestId('raw-events')).toContainText('Applied');
  await page.screenshot({ path: testInfo.outputPath('raw-events.png'), fullPage: true });
});
