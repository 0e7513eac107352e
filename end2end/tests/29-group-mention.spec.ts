import { test, expect, APIRequestContext } from '@playwright/test';
import { ADMIN, createAccountWithCli, FAKE_LINE, jsOn, ready, signedIn } from './helpers';

// A group chat mentions the account: the conversation list flags it, the message shows the
// mention highlighted, and each member is named (by the group's member profile when they are
// not the account's friend).
const GROUP = { channelId: '2000000029', secret: '29b5d2f0a4c6e8b1d3f5a7c9e1b3d5f7', token: 'demo-channel-access-token-linedesk-0001' };

async function say(request: APIRequestContext, callback: string, group: string, user: string, id: string, text: string, mention?: object) {
  const message: Record<string, unknown> = { id, type: 'text', text, quoteToken: `quote-${id}` };
  if (mention) message.mention = mention;
  const body = {
    destination: `U${GROUP.channelId.padStart(32, '0')}`,
    events: [{
      type: 'message', mode: 'active', timestamp: Date.now(),
      source: { type: 'group', groupId: group, userId: user },
      webhookEventId: `01GROUP${id}`, deliveryContext: { isRedelivery: false },
      replyToken: `reply-${id}`, message,
    }],
  };
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, body, channel_id: GROUP.channelId, channel_secret: GROUP.secret },
  });
  expect((await sent.json()).status).toBe(200);
}

test('a mention of the account in a group is flagged and highlighted', async ({ page, request }, testInfo) => {
  const project = jsOn(testInfo) ? '1' : '2';
  const group = `Cgroup29${project}`;
  const callback = createAccountWithCli(testInfo, 'Group OA', GROUP.channelId, GROUP.secret, GROUP.token);
  await say(request, callback, group, `Unf0000000000000000000000000${project}e5f6`, `${project}20001`, '@サポート 在庫はありますか',
    { mentionees: [{ index: 0, length: 5, type: 'user', isSelf: true }] });

  await signedIn(page, testInfo, ADMIN);
  await page.goto('/conversations');
  await ready(page, testInfo);
  const row = page.locator('.inbox__item', { hasText: '在庫はありますか' });
  await expect(async () => {
    await page.reload();
    await expect(row).toHaveCount(1, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await expect(row.getByTestId('mentioned')).toHaveText('@ Mentioned in the group');
  await row.screenshot({ path: testInfo.outputPath('inbox-mention.png') });

  await page.goto(await row.getByRole('link').first().getAttribute('href') as string);
  await ready(page, testInfo);
  const message = page.locator('[data-direction="in"]', { hasText: '在庫はありますか' });
  await expect(message.getByTestId('mention')).toHaveText('@サポート');
  await expect(message.getByTestId('mention')).toHaveClass(/mention--self/);
  await expect(message.getByTestId('sender')).toHaveText('Member e5f6');
  await page.locator('.transcript-scroll').screenshot({ path: testInfo.outputPath('group-mention.png') });
});
