import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, createAccountWithCli, FAKE_LINE, jsOn, openFromHistory, signedIn } from './helpers';

// The probe's repro of the worst finding: a customer's "image" whose content LINE serves as
// text/html with a script. Opened by an administrator, it must never run as a page of the desk
// (before the fix it did, and its script created an administrator through /api/create_user).
const DEMO = { channelId: '2000000010', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'line-fixtures', 'line-bot-sdk-java', 'line-bot-webhook', 'src', 'test', 'resources', 'callback');

test("a customer's HTML file opened by an administrator runs nothing", async ({ page, request }, testInfo) => {
  // Without JavaScript no page runs scripts at all: the repro needs a browser that would.
  test.skip(!jsOn(testInfo), 'needs JavaScript to be able to fail');
  test.setTimeout(90_000);
  const callback = createAccountWithCli(testInfo, 'Hardening OA', DEMO.channelId, DEMO.secret, DEMO.token);
  const evil = `evil-${Date.now()}@example.com`;
  const script = `<html><body><h1>Invoice</h1><script>
    fetch('/api/create_user', { method: 'POST', headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=${encodeURIComponent(evil)}&display_name=Evil&role=admin&password=a+very+long+evil+password+9' });
  </script></body></html>`;
  const id = `hardening${Date.now()}`;
  const added = await request.post(`${FAKE_LINE}/__fake/content`, {
    data: { message_id: id, content_type: 'text/html', data_base64: Buffer.from(script).toString('base64') },
  });
  expect(added.status()).toBeLessThan(300);
  const event = JSON.parse(readFileSync(join(FIXTURES, 'image.json'), 'utf8')).events[0];
  event.timestamp = Date.now();
  event.webhookEventId = `01HARDENING${Date.now()}`;
  event.deliveryContext = { isRedelivery: false };
  event.source = { type: 'user', userId: 'Uhardening'.padEnd(33, '0') };
  event.message = { id, type: 'image', contentProvider: { type: 'line' } };
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, channel_id: DEMO.channelId, channel_secret: DEMO.secret, body: { destination: 'Ubot', events: [event] } },
  });
  expect((await sent.json()).status).toBe(200);

  await signedIn(page, testInfo, ADMIN);
  await openFromHistory(page, testInfo, 'Hardening OA');
  const image = page.locator('.transcript li[data-direction="in"][data-kind="image"]');
  await expect(async () => {
    await page.reload();
    await expect(image.locator('a')).toHaveAttribute('href', /\/attachments\/\d+/, { timeout: 1_000 });
  }).toPass({ timeout: 20_000 });
  const href = await image.locator('a').first().getAttribute('href') as string;

  // Clicked as the admin would (it opens a new tab), typed into the address bar, and framed.
  const downloads: string[] = [];
  page.context().on('page', (opened) => opened.on('download', (d) => downloads.push(d.suggestedFilename())));
  await image.locator('a').first().click();
  const tab = await page.context().newPage();
  tab.on('download', (d) => downloads.push(d.suggestedFilename()));
  await tab.goto(href).catch(() => { /* "Download is starting": nothing rendered */ });
  await page.evaluate((src) => {
    const frame = document.createElement('iframe');
    frame.src = src;
    document.body.appendChild(frame);
  }, href);
  await page.waitForTimeout(2_000);
  await page.screenshot({ path: testInfo.outputPath('html-file-conversation.png'), fullPage: true });
  expect(downloads.length).toBeGreaterThan(0);

  // No user was made.
  const users = await page.request.post('/api/list_users', {
    headers: { Origin: new URL(page.url()).origin, Accept: 'application/json' },
  });
  expect(users.status()).toBe(200);
  expect(await users.text()).not.toContain(evil);
});
