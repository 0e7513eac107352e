import { test, expect, Page, APIRequestContext, TestInfo } from '@playwright/test';
import { ADMIN, createAccountWithCli, FAKE_LINE, jsOn, openFromHistory, sentTexts, signedIn } from './helpers';

// The composer sends a reply exactly once from the person's side: five Enters in a row, or the
// same form posted twice without JavaScript, reach LINE once; typing the next reply right after
// sending works; a live update arriving while the agent types keeps the text and the focus.
const DEMO = { channelId: '2000000011', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };
let callback = '';

async function customerWrites(request: APIRequestContext, testInfo: TestInfo, text: string) {
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, text, channel_id: DEMO.channelId, channel_secret: DEMO.secret,
      user_id: `Ucomposer${testInfo.project.name.replace('-', '')}`.padEnd(33, '0') },
  });
  expect((await sent.json()).status).toBe(200);
}

async function openConversation(page: Page, testInfo: TestInfo, text: string) {
  await openFromHistory(page, testInfo, 'Composer OA');
  await expect(page.locator('[data-direction="in"]').last()).toContainText(text);
}

/** How many times each text reached LINE since `since`. */
async function deliveries(request: APIRequestContext, since: number): Promise<Record<string, number>> {
  const counts: Record<string, number> = {};
  for (const text of await sentTexts(request, since)) counts[text] = (counts[text] ?? 0) + 1;
  return counts;
}

test('a reply is sent exactly once, and the composer is ready for the next', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  callback = createAccountWithCli(testInfo, 'Composer OA', DEMO.channelId, DEMO.secret, DEMO.token);
  const tag = testInfo.project.name;
  await customerWrites(request, testInfo, `テストしてください (${tag})`);
  await signedIn(page, testInfo, ADMIN);
  await openConversation(page, testInfo, 'テストしてください');
  const since = (await (await request.get(`${FAKE_LINE}/__fake/requests`)).json()).length;
  const box = page.getByLabel('Reply');

  if (jsOn(testInfo)) {
    // Five Enters at once: one reply; the box is empty at once and keeps the focus.
    await box.fill(`テスト1 ${tag}`);
    await box.focus();
    const started = Date.now();
    for (let i = 0; i < 5; i += 1) await page.keyboard.press('Enter');
    expect(Date.now() - started).toBeLessThan(1_000);
    await expect(box).toHaveValue('');
    await expect(box).toBeFocused();
    // Typed right after sending: the next reply goes too, once.
    await page.keyboard.type(`テスト2 ${tag}`);
    await page.keyboard.press('Enter');
    await page.keyboard.press('Enter');
    await expect(box).toHaveValue('');
    await expect(page.locator('[data-direction="out"]', { hasText: `テスト2 ${tag}` })).toHaveCount(1);
    await expect(page.locator('[data-direction="out"]', { hasText: `テスト1 ${tag}` })).toHaveCount(1);
    await page.screenshot({ path: testInfo.outputPath('composer-after-sends.png'), fullPage: true });

    // A customer message arrives while the agent types: text and focus stay.
    await box.click();
    await page.keyboard.type(`half a sentence ${tag}`);
    await customerWrites(request, testInfo, `one more question (${tag})`);
    await expect(page.locator('[data-direction="in"]', { hasText: 'one more question' })).toBeVisible({ timeout: 5_000 });
    await expect(box).toHaveValue(`half a sentence ${tag}`);
    await expect(box).toBeFocused();
    await page.keyboard.type(' and the rest');
    await expect(box).toHaveValue(`half a sentence ${tag} and the rest`);
    await page.screenshot({ path: testInfo.outputPath('composer-live-update.png'), fullPage: true });
  } else {
    // Without JavaScript: the same form posted twice (a double click, a resubmitted page).
    await box.fill(`テスト1 ${tag}`);
    const form = page.locator('form.composer');
    const fields = {
      conversation_id: await form.locator('input[name="conversation_id"]').inputValue(),
      send_id: await form.locator('input[name="send_id"]').inputValue(),
      text: `テスト1 ${tag}`,
    };
    for (let i = 0; i < 2; i += 1) {
      const posted = await page.request.post('/api/send_reply', {
        form: fields, headers: { Origin: new URL(page.url()).origin, Referer: page.url() }, maxRedirects: 0,
      });
      expect(posted.status()).toBeLessThan(400);
    }
    // The page the redirect brings back has a new id: the next reply is a new one.
    await page.reload();
    await box.fill(`テスト2 ${tag}`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
    await expect(page.locator('[data-direction="out"]', { hasText: `テスト2 ${tag}` })).toHaveCount(1);
    await expect(page.locator('[data-direction="out"]', { hasText: `テスト1 ${tag}` })).toHaveCount(1);
  }

  await expect(async () => {
    expect(await deliveries(request, since)).toEqual({ [`テスト1 ${tag}`]: 1, [`テスト2 ${tag}`]: 1 });
  }).toPass({ timeout: 10_000 });
});
