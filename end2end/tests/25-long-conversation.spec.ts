import { test, expect, Page } from '@playwright/test';
import { ADMIN, createAccountWithCli, FAKE_LINE, jsOn, openFromHistory, ready, signedIn } from './helpers';

// A conversation of 120 messages opens at its newest page. Older messages come a page at a time:
// by scrolling to the top (JavaScript), keeping the agent's place and their draft, or by the
// "Previous messages" link (without). The live stream still appends while reading back.
const LONG = { channelId: '2000000025', secret: '25b7e1c4a9d3f0e2b6c8a1d5e7f9c3b0', token: 'demo-channel-access-token-linedesk-0001' };
const CUSTOMER = 'Ulong000000000000000000000000a025';
const TOTAL = 120;
const label = (n: number) => `long message ${String(n).padStart(3, '0')}`;

async function say(request: import('@playwright/test').APIRequestContext, callback: string, text: string) {
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, text, channel_id: LONG.channelId, channel_secret: LONG.secret, user_id: CUSTOMER },
  });
  expect((await sent.json()).status).toBe(200);
}

/** Whether the message with this text is inside the scrolled transcript's visible area. */
async function inView(page: Page, text: string): Promise<boolean> {
  return page.locator('.transcript-scroll').evaluate((scroller, text) => {
    const bubble = [...scroller.querySelectorAll('.bubble')].find((b) => b.textContent?.includes(text));
    if (!bubble) return false;
    const outer = scroller.getBoundingClientRect();
    const inner = bubble.getBoundingClientRect();
    return inner.bottom > outer.top && inner.top < outer.bottom;
  }, text);
}

test('a long conversation opens at its newest page and reads back a page at a time', async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const callback = createAccountWithCli(testInfo, 'Long OA', LONG.channelId, LONG.secret, LONG.token);
  for (let n = 1; n <= TOTAL; n++) await say(request, callback, label(n));

  await signedIn(page, testInfo, ADMIN);
  await openFromHistory(page, testInfo, 'Long OA');
  const bubbles = page.locator('.transcript .bubble', { hasText: 'long message' });
  // The worker applies the events in the background: wait for the last one.
  await expect(async () => {
    await page.reload();
    await ready(page, testInfo);
    await expect(bubbles.last()).toContainText(label(TOTAL), { timeout: 1_000 });
  }).toPass({ timeout: 30_000 });

  // The newest page only.
  await expect(bubbles).toHaveCount(50);
  await expect(bubbles.first()).toContainText(label(TOTAL - 49));
  const earlier = page.getByTestId('earlier-messages');
  await expect(earlier).toHaveText('Previous messages');
  // (With JavaScript, scrolling up this far would already show the page before.)
  if (!jsOn(testInfo)) {
    await page.locator('.transcript-scroll').evaluate((el) => { el.scrollTop = 0; });
    await page.screenshot({ path: testInfo.outputPath('long-conversation-newest.png') });
  }

  if (jsOn(testInfo)) {
    const composer = page.getByLabel('Reply');
    await composer.fill('a draft while reading back');
    const scroller = page.locator('.transcript-scroll');
    // Scrolling to the top shows the page before; the message that was at the top stays in view.
    await scroller.evaluate((el) => { el.scrollTop = 0; });
    await expect(bubbles).toHaveCount(100);
    await expect(page).toHaveURL(/\?from=\d+/);
    expect(await inView(page, label(TOTAL - 49))).toBe(true);
    expect(await inView(page, label(TOTAL - 99))).toBe(false);
    // Once more: the rest, and no link left.
    await scroller.evaluate((el) => { el.scrollTop = 0; });
    await expect(bubbles).toHaveCount(TOTAL);
    await expect(bubbles.first()).toContainText(label(1));
    await expect(earlier).toHaveCount(0);
    // A new message arrives while the agent reads the oldest ones: it is appended, and the
    // agent stays where they were.
    await scroller.evaluate((el) => { el.scrollTop = 0; });
    await say(request, callback, label(TOTAL + 1));
    await expect(bubbles).toHaveCount(TOTAL + 1);
    await expect(bubbles.last()).toContainText(label(TOTAL + 1));
    expect(await inView(page, label(1))).toBe(true);
    await expect(composer).toHaveValue('a draft while reading back');
  } else {
    await earlier.click();
    await expect(page).toHaveURL(/\?from=\d+/);
    await expect(bubbles).toHaveCount(100);
    await expect(bubbles.first()).toContainText(label(TOTAL - 99));
    await earlier.click();
    await expect(bubbles).toHaveCount(TOTAL);
    await expect(bubbles.first()).toContainText(label(1));
    await expect(earlier).toHaveCount(0);
  }
  await page.screenshot({ path: testInfo.outputPath('long-conversation.png'), fullPage: true });
});
