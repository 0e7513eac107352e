import { test, expect } from '@playwright/test';
import { ADMIN, createAccountWithCli, FAKE_LINE, ready, signedIn } from './helpers';

// History finds message text inside Japanese and Thai sentences (no spaces between words),
// two characters included, through the trigram index; the search form is a plain GET, so it
// works the same with JavaScript off. Screenshot to look at.
const SEARCH = { channelId: '2000000024', secret: '24c3f0e7d5a1b49c2a6e4f1d0b7c9a2e', token: 'demo-channel-access-token-linedesk-0001' };

test('history finds Japanese and Thai text inside sentences', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const callback = createAccountWithCli(testInfo, 'Search OA', SEARCH.channelId, SEARCH.secret, SEARCH.token);
  const messages = [
    ['Usearch00000000000000000000000a01', '明日の配送について教えてください'],
    ['Usearch00000000000000000000000b02', '注文した商品の配送'],
    ['Usearch00000000000000000000000c03', 'สวัสดีครับ ผมยังไม่ได้รับการจัดส่งสินค้า'],
    ['Usearch00000000000000000000000d04', 'Where is my refund?'],
  ];
  for (const [user_id, text] of messages) {
    const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
      data: { url: callback, text, channel_id: SEARCH.channelId, channel_secret: SEARCH.secret, user_id },
    });
    expect((await sent.json()).status).toBe(200);
  }

  await signedIn(page, testInfo, ADMIN);
  const rows = page.getByTestId('history').locator('tbody tr', { hasText: 'Search OA' });
  const search = async (text: string) => {
    await page.goto(`/history?text=${encodeURIComponent(text)}`);
    await ready(page, testInfo);
    await expect(page.getByLabel('Message text')).toHaveValue(text);
  };
  // The worker applies the events in the background: wait until all four are listed.
  await expect(async () => {
    await search('');
    await expect(rows).toHaveCount(4, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });

  // Two characters (one text ends with them), a whole Japanese phrase, a Thai word, English.
  for (const [text, count] of [['配送', 2], ['の配送に', 1], ['จัดส่ง', 1], ['REFUND', 1], ['配達', 0]] as const) {
    await search(text);
    await expect(rows, text).toHaveCount(count);
  }
  // Typed into the form as an agent would, then Search.
  await search('');
  await page.getByLabel('Message text').fill('配送');
  await page.getByRole('button', { name: 'Search', exact: true }).click();
  await ready(page, testInfo);
  await expect(rows).toHaveCount(2);
  await page.screenshot({ path: testInfo.outputPath('history-japanese-search.png'), fullPage: true });
});
