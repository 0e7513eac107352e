import { test, expect } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, createAccountWithCli, FAKE_LINE, ready, signedIn } from './helpers';

// Every message kind of the official SDKs' webhook fixtures, sent signed by the fake LINE
// platform, renders in the conversation view; each kind gets its own screenshot.
const DEMO = { channelId: '2000000009', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };
const FIXTURES = join(__dirname, '..', '..', 'fixtures', 'line-fixtures', 'line-bot-sdk-java', 'line-bot-webhook', 'src', 'test', 'resources', 'callback');
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAABAAAAAQCAIAAACQkWg2AAAAHUlEQVR42mP8z8BQz0AEYBxVSF+FAP5FDvcfRYWgAAAAAElFTkSuQmCC';

function fixtureEvent(name: string): any {
  return JSON.parse(readFileSync(join(FIXTURES, `${name}.json`), 'utf8')).events[0];
}

test('every LINE message kind renders in the conversation view', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const callback = createAccountWithCli(testInfo, 'Kinds OA', DEMO.channelId, DEMO.secret, DEMO.token);
  const tag = testInfo.project.name.replace('-', '');
  const customer = `Ukinds${tag}`.padEnd(33, '0');
  const group = `Ckinds${tag}`.padEnd(33, '0');
  let n = 0;
  const send = async (event: any, opts: { id?: string; group?: boolean } = {}) => {
    n += 1;
    const e = structuredClone(event);
    e.timestamp = Date.now();
    e.webhookEventId = `01KINDS${tag}${String(n).padStart(4, '0')}`;
    e.deliveryContext = { isRedelivery: false };
    e.source = opts.group ? { type: 'group', groupId: group, userId: customer } : { type: 'user', userId: customer };
    if (e.message) e.message.id = opts.id ?? `${tag}${n}`;
    const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
      data: { url: callback, channel_id: DEMO.channelId, channel_secret: DEMO.secret, body: { destination: 'Ubot', events: [e] } },
    });
    expect((await sent.json()).status).toBe(200);
  };
  const content = async (id: string, type: string, base64: string) => {
    const added = await request.post(`${FAKE_LINE}/__fake/content`, { data: { message_id: id, content_type: type, data_base64: base64 } });
    expect(added.status()).toBeLessThan(300);
  };

  await send(fixtureEvent('text-user'));
  await send(fixtureEvent('text-emojis'));
  // The fixture's emoji sits past its text; a real one replaces the "$" it stands for.
  const emoji = fixtureEvent('text-emojis');
  emoji.message.text = 'Thanks $ see you';
  emoji.message.emojis = [{ index: 7, length: 1, productId: '5ac1bfd5040ab15980c9b435', emojiId: '001' }];
  await send(emoji);
  await send(fixtureEvent('text-mention'));
  const photo = `${tag}photo`;
  await content(photo, 'image/png', PNG);
  await send({ ...fixtureEvent('image'), message: { type: 'image', contentProvider: { type: 'line' } } }, { id: photo });
  await send(fixtureEvent('image'));
  await send(fixtureEvent('video'));
  const voice = `${tag}voice`;
  // The start of an M4A file: linedesk plays what its bytes say is audio, whatever the label.
  const m4a = Buffer.concat([Buffer.from([0, 0, 0, 0x18]), Buffer.from('ftypM4A \0\0\0\0M4A mp42isom', 'latin1')]);
  await content(voice, 'audio/m4a', m4a.toString('base64'));
  await send({ ...fixtureEvent('video'), message: { type: 'audio', duration: 2000, contentProvider: { type: 'line' } } }, { id: voice });
  const file = `${tag}file`;
  await content(file, 'application/pdf', Buffer.from('%PDF-1.4 sample').toString('base64'));
  await send(fixtureEvent('file'), { id: file });
  await send(fixtureEvent('location'));
  await send(fixtureEvent('sticker'));
  await send(fixtureEvent('sticker-with-text'));
  await send(fixtureEvent('postback'));
  // Edited and unsent refer to earlier messages.
  await send(fixtureEvent('text-user'), { id: `${tag}edit` });
  await send({ ...fixtureEvent('message-edited') }, { id: `${tag}edit` });
  await send(fixtureEvent('text-user'), { id: `${tag}gone` });
  await send({ ...fixtureEvent('unsend'), unsend: { messageId: `${tag}gone` } });
  // A group: the account joins, a member joins, someone writes.
  await send(fixtureEvent('join'), { group: true });
  await send(fixtureEvent('member_joined'), { group: true });
  await send(fixtureEvent('text-group'), { group: true });

  await signedIn(page, testInfo, ADMIN);
  await page.goto('/history?customer=');
  await ready(page, testInfo);
  const rows = page.getByTestId('history').locator('tbody tr', { hasText: 'Kinds OA' });
  await expect(async () => {
    await page.reload();
    await expect(rows).toHaveCount(2, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await page.goto(await rows.filter({ hasNotText: 'Group chat' }).getByRole('link').first().getAttribute('href') as string);
  await ready(page, testInfo);
  const transcript = page.locator('.transcript');
  // Files download in the background; wait until none is still downloading.
  await expect(async () => {
    await page.reload();
    await expect(transcript.getByText('Downloading…')).toHaveCount(0, { timeout: 500 });
    await expect(transcript.locator('li[data-kind="file"] a.bubble__file')).toBeVisible({ timeout: 500 });
  }).toPass({ timeout: 20_000 });
  await ready(page, testInfo);

  const bubble = (kind: string) => transcript.locator(`li[data-direction="in"][data-kind="${kind}"]`);
  await expect(bubble('text').filter({ hasText: 'Hello, world @Brown and @Cony' })).toBeVisible();
  await expect(bubble('text').locator('img.bubble__emoji')).toHaveAttribute('src', /sticon\/5ac1bfd5040ab15980c9b435\/android\/001\.png/);
  await expect(bubble('text').filter({ hasText: 'Hello, edited world' })).toContainText('edited');
  await expect(bubble('text').filter({ hasText: 'The customer unsent this message.' })).toBeVisible();
  await expect(bubble('image').locator('img.bubble__image')).toHaveCount(2);
  await expect(bubble('video').locator('video')).toBeVisible();
  await expect(bubble('audio').locator('audio')).toBeVisible();
  await expect(bubble('file').locator('a.bubble__file')).toContainText('sample.pdf');
  await expect(bubble('location').getByRole('link', { name: 'Open map' })).toHaveAttribute('href', /openstreetmap\.org\/\?mlat=35\.659/);
  await expect(bubble('location')).toContainText('東京都渋谷区');
  await expect(bubble('sticker').locator('img')).toHaveCount(2);
  await expect(bubble('sticker').last()).toContainText('userEnteredText');
  await expect(transcript.locator('li[data-kind="postback"]')).toContainText('action=buyItem');

  for (const kind of ['text', 'image', 'video', 'audio', 'file', 'location', 'sticker']) {
    const all = bubble(kind);
    for (let i = 0; i < await all.count(); i += 1) {
      await all.nth(i).screenshot({ path: testInfo.outputPath(`kind-${kind}-${i}.png`) });
    }
  }
  await transcript.locator('li[data-kind="postback"]').first().screenshot({ path: testInfo.outputPath('kind-postback.png') });
  await page.screenshot({ path: testInfo.outputPath('kinds-conversation.png'), fullPage: true });

  // The group conversation shows the join and the member's message.
  await page.goto('/history');
  await ready(page, testInfo);
  await page.goto(await page.getByTestId('history').locator('tbody tr', { hasText: 'Group chat' }).getByRole('link').first().getAttribute('href') as string);
  await ready(page, testInfo);
  await expect(transcript).toContainText('The account joined the chat');
  await expect(transcript).toContainText('Someone joined the chat');
  await expect(transcript).toContainText('Hello, world');
  await page.screenshot({ path: testInfo.outputPath('kinds-group.png'), fullPage: true });
});
