import { test, expect, APIRequestContext } from '@playwright/test';
import { ADMIN, createAccountWithCli, FAKE_LINE, jsOn, openFromHistory, ready, signedIn } from './helpers';

// Quoted replies. "Reply to this" on a customer message puts it above the composer (JavaScript)
// or opens the page with it chosen (without); the reply reaches LINE with the message's quote
// token and shows the quote; the next reply quotes nothing. A customer's own quote shows the
// message they quoted.
const QUOTE = { channelId: '2000000028', secret: '28a4c1e9b3d5f7a2c6e8b0d4f1a3c5e7', token: 'demo-channel-access-token-linedesk-0001' };

async function say(request: APIRequestContext, callback: string, customer: string, id: string, text: string, quoted?: string) {
  const message: Record<string, string> = { id, type: 'text', text, quoteToken: `quote-${id}`, markAsReadToken: `read-${id}` };
  if (quoted) message.quotedMessageId = quoted;
  const body = {
    destination: `U${QUOTE.channelId.padStart(32, '0')}`,
    events: [{
      type: 'message', mode: 'active', timestamp: Date.now(),
      source: { type: 'user', userId: customer },
      webhookEventId: `01QUOTE${id}`, deliveryContext: { isRedelivery: false },
      replyToken: `reply-${id}`, message,
    }],
  };
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, body, channel_id: QUOTE.channelId, channel_secret: QUOTE.secret },
  });
  expect((await sent.json()).status).toBe(200);
}

/** Each message sent to LINE with this text in it: its quote token, if any. */
async function quoteTokens(request: APIRequestContext, text: string): Promise<(string | null)[]> {
  const recorded: any[] = await (await request.get(`${FAKE_LINE}/__fake/requests`)).json();
  return recorded
    .filter((r) => (r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push') && r.status === 200)
    .flatMap((r) => JSON.parse(r.body).messages)
    .filter((m: any) => m.text === text)
    .map((m: any) => m.quoteToken ?? null);
}

test('an agent replies to one customer message, quoting it', async ({ page, request }, testInfo) => {
  test.setTimeout(120_000);
  const project = jsOn(testInfo) ? '1' : '2';
  const customer = `Uquote0000000000000000000000000${project}b`;
  const callback = createAccountWithCli(testInfo, 'Quote OA', QUOTE.channelId, QUOTE.secret, QUOTE.token);
  await say(request, callback, customer, `${project}10001`, '配送状況を教えてください');
  await say(request, callback, customer, `${project}10002`, '注文番号 7788');

  await signedIn(page, testInfo, ADMIN);
  await openFromHistory(page, testInfo, 'Quote OA');
  const first = page.locator('[data-direction="in"]', { hasText: '配送状況を教えてください' });
  await expect(page.locator('[data-direction="in"]').last()).toContainText('7788');

  // "Reply to this" on the first message.
  await first.hover();
  await first.getByTestId('reply-to').click();
  if (!jsOn(testInfo)) await ready(page, testInfo);
  const quoting = page.getByTestId('quoting');
  await expect(quoting).toContainText('Replying to');
  await expect(quoting).toContainText('配送状況を教えてください');
  const reply = `ただいま確認しております (${project})`;
  await page.getByLabel('Reply').fill(reply);
  await page.locator('.reply-area').screenshot({ path: testInfo.outputPath('composer-quoting.png') });
  await page.getByRole('button', { name: 'Send' }).click();

  // The reply shows what it quotes; LINE got the quote token; the composer quotes nothing now.
  const out = page.locator('[data-direction="out"]', { hasText: reply });
  await expect(out.getByTestId('quoted')).toContainText('配送状況を教えてください');
  await expect(out.getByTestId('quoted')).toContainText('Customer');
  await expect(quoting).toHaveCount(0);
  await expect.poll(() => quoteTokens(request, reply), { timeout: 10_000 }).toEqual([`quote-${project}10001`]);

  // The next reply is a plain one.
  const next = `お届けは明日の予定です (${project})`;
  await ready(page, testInfo);
  await page.getByLabel('Reply').fill(next);
  await page.getByRole('button', { name: 'Send' }).click();
  await expect(page.locator('[data-direction="out"]', { hasText: next })).toBeVisible();
  await expect.poll(() => quoteTokens(request, next), { timeout: 10_000 }).toEqual([null]);
  await expect(page.locator('[data-direction="out"]', { hasText: next }).getByTestId('quoted')).toHaveCount(0);

  // The customer quotes their own earlier message.
  await say(request, callback, customer, `${project}10003`, 'この注文です', `${project}10002`);
  const quotedByCustomer = page.locator('[data-direction="in"]', { hasText: 'この注文です' });
  await expect(async () => {
    if (!jsOn(testInfo)) await page.reload();
    await expect(quotedByCustomer.getByTestId('quoted')).toContainText('注文番号 7788', { timeout: 2_000 });
  }).toPass({ timeout: 15_000 });
  await page.locator('.transcript-scroll').screenshot({ path: testInfo.outputPath('transcript-quotes.png') });
});
