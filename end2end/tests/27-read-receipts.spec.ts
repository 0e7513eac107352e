import { test, expect, APIRequestContext } from '@playwright/test';
import { ADMIN, createAccountWithCli, FAKE_LINE, jsOn, openFromHistory, ready, signedIn } from './helpers';

// LINE's "Read" mark. The account page shows what LINE allows and when the desk marks; the agent
// serving a customer marks their messages read by replying and by having the conversation open
// when a new one comes (JavaScript: the live update; without: the next load), one call per
// newest message, never repeated.
const READ = { channelId: '2000000027', secret: '27c4e1b9a3d5f7e2c6b8a0d4f1e3c5b7', token: 'demo-channel-access-token-linedesk-0001' };

/** A customer message with its own tokens (the project's name keeps the two desks' apart). */
async function say(request: APIRequestContext, callback: string, customer: string, id: string, text: string) {
  const body = {
    destination: `U${READ.channelId.padStart(32, '0')}`,
    events: [{
      type: 'message', mode: 'active', timestamp: Date.now(),
      source: { type: 'user', userId: customer },
      webhookEventId: `01READ${id}`, deliveryContext: { isRedelivery: false },
      replyToken: `reply-${id}`,
      message: { id, type: 'text', text, quoteToken: `quote-${id}`, markAsReadToken: `read-${id}` },
    }],
  };
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, body, channel_id: READ.channelId, channel_secret: READ.secret },
  });
  expect((await sent.json()).status).toBe(200);
}

/** The tokens LINE was asked to mark for this project's messages. */
async function marked(request: APIRequestContext, prefix: string): Promise<string[]> {
  const recorded: any[] = await (await request.get(`${FAKE_LINE}/__fake/requests`)).json();
  return recorded
    .filter((r) => r.path === '/v2/bot/chat/markAsRead' && r.status === 200)
    .map((r) => JSON.parse(r.body).markAsReadToken)
    .filter((token: string) => token.startsWith(`read-${prefix}`));
}

test('the serving agent marks the newest message read, once', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const project = jsOn(testInfo) ? '1' : '2';
  const customer = `Uread00000000000000000000000000${project}a`;
  const callback = createAccountWithCli(testInfo, 'Read OA', READ.channelId, READ.secret, READ.token);
  await signedIn(page, testInfo, ADMIN);

  // The account page: LINE's chat mode, and the setting (saved, then kept after a reload).
  await page.goto('/channels/accounts');
  await ready(page, testInfo);
  await page.getByRole('link', { name: 'Read OA' }).click();
  await ready(page, testInfo);
  const panel = page.getByTestId('read-receipts');
  // With JavaScript the panel says so; without, the form posts and the page comes back: wait for
  // either before reading the page again (a reload would race the save).
  const save = async () => {
    const button = panel.getByRole('button', { name: 'Save read receipts' });
    if (jsOn(testInfo)) {
      await button.click();
      await expect(panel.getByText('Saved.')).toBeVisible();
    } else {
      await Promise.all([page.waitForEvent('load'), button.click()]);
    }
  };
  await expect(panel.getByTestId('line-read-mode')).toContainText('Chat is on');
  await expect(panel.getByLabel('When the agent serving them opens the conversation')).toBeChecked();
  await panel.getByLabel('Only when an agent replies').check();
  await save();
  await page.reload();
  await ready(page, testInfo);
  await expect(panel.getByLabel('Only when an agent replies')).toBeChecked();
  await panel.screenshot({ path: testInfo.outputPath('read-receipts-panel.png') });
  await panel.getByLabel('When the agent serving them opens the conversation').check();
  await save();
  await page.reload();
  await ready(page, testInfo);
  await expect(panel.getByLabel('When the agent serving them opens the conversation')).toBeChecked();

  // Two messages. Looking in before anyone serves the customer marks nothing.
  await say(request, callback, customer, `${project}00001`, 'こんにちは');
  await say(request, callback, customer, `${project}00002`, '注文番号は 4411 です');
  await openFromHistory(page, testInfo, 'Read OA');
  await expect(page.locator('[data-direction="in"]').last()).toContainText('4411');
  await page.waitForTimeout(1_000);
  expect(await marked(request, project)).toEqual([]);

  // The reply takes the conversation: the newest message is marked, once.
  await page.getByLabel('Reply').fill('確認いたします。');
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('[data-direction="out"]')).toContainText('確認いたします。');
  await expect.poll(() => marked(request, project), { timeout: 10_000 }).toEqual([`read-${project}00002`]);

  // A new message while the agent has the conversation open is read, and marked once.
  await say(request, callback, customer, `${project}00003`, 'ありがとうございます');
  if (!jsOn(testInfo)) {
    await expect(async () => {
      await page.reload();
      await expect(page.locator('[data-direction="in"]').last()).toContainText('ありがとう', { timeout: 1_000 });
    }).toPass({ timeout: 10_000 });
  }
  await expect(page.locator('[data-direction="in"]').last()).toContainText('ありがとう', { timeout: 10_000 });
  await expect.poll(() => marked(request, project), { timeout: 10_000 })
    .toEqual([`read-${project}00002`, `read-${project}00003`]);
  await page.reload();
  await ready(page, testInfo);
  await page.waitForTimeout(1_000);
  expect(await marked(request, project)).toEqual([`read-${project}00002`, `read-${project}00003`]);
});
