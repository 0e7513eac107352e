import { test, expect, Page, APIRequestContext, TestInfo } from '@playwright/test';
import { ADMIN, AGENT, api, createAccountWithCli, FAKE_LINE, jsOn, pushWorkstreamOn, ready, sentTexts, signedIn, signOut, addAgentToQueue } from './helpers';

// The agent's desk: the list, the open conversation and the customer panel side by side; opening
// another conversation keeps the page (JavaScript on); the keyboard alone accepts an offer and
// replies; a live update keeps whatever the agent was typing, in every form; one pane at a time
// on phones with the composer on screen.
const DEMO = { channelId: '2000000015', secret: '5d1e0b7a3c9f48e2b6a4d0c8e1f7a9b3', token: 'demo-channel-access-token-linedesk-0001' };
let callback = '';

function customerId(testInfo: TestInfo, who: string): string {
  return `Udesk${who}${testInfo.project.name.replace('-', '')}`.padEnd(33, '0');
}

async function customerWrites(request: APIRequestContext, testInfo: TestInfo, who: string, text: string) {
  const sent = await request.post(`${FAKE_LINE}/__fake/webhook`, {
    data: { url: callback, text, channel_id: DEMO.channelId, channel_secret: DEMO.secret, user_id: customerId(testInfo, who) },
  });
  expect((await sent.json()).status).toBe(200);
}

/** A push workstream on a new account whose queue has the agent in it. */
async function setUp(page: Page, testInfo: TestInfo) {
  callback = createAccountWithCli(testInfo, 'Desk OA', DEMO.channelId, DEMO.secret, DEMO.token);
  await signedIn(page, testInfo, ADMIN);
  await pushWorkstreamOn(page, testInfo, 'Desk OA', 'LINE Desk', 'Desk queue');
  // Room for this test's two customers whatever earlier tests left assigned to the agent.
  const agents: any[] = await (await api(page, 'list_agents', {})).json();
  const agent = agents.find((a) => a.email === AGENT.email);
  await api(page, 'update_agent', { user_id: String(agent.user_id), capacity: String(agent.load + 5), skills: agent.skills.join(', ') });
  await page.goto('/queues');
  await ready(page, testInfo);
  await addAgentToQueue(page, 'Desk queue');
  await signOut(page, testInfo);
  await signedIn(page, testInfo, AGENT);
  await ready(page, testInfo);
  await page.getByTestId('presence').selectOption('available');
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  await page.waitForLoadState('networkidle');
}

/** The page never scrolls as a whole, sideways or down: the panes scroll inside. */
async function pageDoesNotScroll(page: Page) {
  const size = await page.evaluate(() => ({
    width: document.documentElement.scrollWidth, height: document.documentElement.scrollHeight,
    viewWidth: window.innerWidth, viewHeight: window.innerHeight,
  }));
  expect(size.width).toBeLessThanOrEqual(size.viewWidth);
  expect(size.height).toBeLessThanOrEqual(size.viewHeight);
}

async function box(page: Page, selector: string) {
  const found = await page.locator(selector).first().boundingBox();
  expect(found, selector).not.toBeNull();
  return found!;
}

function overlaps(a: { x: number; y: number; width: number; height: number }, b: { x: number; y: number; width: number; height: number }) {
  return a.x < b.x + b.width && b.x < a.x + a.width && a.y < b.y + b.height && b.y < a.y + a.height;
}

test('the desk: three panes, the keyboard, live updates that keep what is typed, phones', async ({ page, request }, testInfo) => {
  test.setTimeout(180_000);
  const tag = testInfo.project.name;
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`) });
  await page.setViewportSize({ width: 1440, height: 900 });
  await setUp(page, testInfo);
  await page.goto('/conversations');
  await ready(page, testInfo);

  // Aiko asks; the offer comes to the agent.
  await customerWrites(request, testInfo, 'aiko', `荷物はどこですか (${tag})`);
  const offered = page.locator('[data-section="Offered to you"]');
  await expect(async () => {
    if (!jsOn(testInfo)) await page.reload();
    await expect(offered).toContainText(`荷物はどこですか (${tag})`, { timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  // The preview is the customer's question, with how long they have waited.
  await expect(offered.getByTestId('preview')).toHaveText(`荷物はどこですか (${tag})`);
  await expect(offered.getByTestId('waited')).toContainText('Waiting');
  await ready(page, testInfo);

  const since = (await (await request.get(`${FAKE_LINE}/__fake/requests`)).json()).length;
  if (jsOn(testInfo)) {
    // Keyboard alone: "?" lists the shortcuts, Escape closes, "a" accepts, "r" goes to the
    // reply box, Enter sends.
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    await page.keyboard.press('?');
    await expect(page.getByTestId('shortcuts')).toContainText('Accept the offer');
    await shot('desk-shortcuts');
    await page.keyboard.press('Escape');
    await expect(page.getByTestId('shortcuts')).toHaveCount(0);
    await page.keyboard.press('a');
    await expect(page).toHaveURL(/\/conversations\/\d+$/);
    await expect(page.getByTestId('assignment-status')).toHaveText('Assigned to you');
    await page.keyboard.press('r');
    await expect(page.getByLabel('Reply')).toBeFocused();
    await page.keyboard.type(`お調べします (${tag})`);
    await page.keyboard.press('Enter');
    await expect(page.getByLabel('Reply')).toHaveValue('');
  } else {
    await offered.getByRole('button', { name: 'Accept' }).click();
    await expect(page).toHaveURL(/\/conversations\/\d+$/);
    await page.getByLabel('Reply').fill(`お調べします (${tag})`);
    await page.getByRole('button', { name: 'Send', exact: true }).click();
  }
  await expect(async () => {
    // (After the channel's "You're now chatting with …" notice.)
    expect((await sentTexts(request, since)).filter((t) => t.includes('お調べします'))).toEqual([`お調べします (${tag})`]);
  }).toPass({ timeout: 10_000 });
  // (Without JavaScript the reply's form post comes back as "…/1?": compare paths.)
  const aikoPath = new URL(page.url()).pathname;
  const at = (path: string) => new RegExp(`${path}\\??$`);

  // Three panes: list | messages over the composer | customer panel, and the page itself does
  // not scroll: the composer is on screen.
  const list = await box(page, '.desk__list');
  const middle = await box(page, '.conversation');
  const panel = await box(page, '[data-testid="customer-panel"]');
  expect(list.x + list.width).toBeLessThanOrEqual(middle.x);
  expect(middle.x + middle.width).toBeLessThanOrEqual(panel.x);
  const composer = await box(page, 'form.composer');
  expect(composer.y + composer.height).toBeLessThanOrEqual(900);
  await pageDoesNotScroll(page);
  await expect(page.locator('.desk__list [aria-current="page"]')).toHaveCount(1);
  // Visible focus: what Tab reaches is outlined.
  await page.getByLabel('Reply').focus();
  await page.keyboard.press('Tab');
  const ring = await page.evaluate(() => {
    const style = getComputedStyle(document.activeElement as Element);
    return { outline: style.outlineStyle, shadow: style.boxShadow };
  });
  expect(ring.outline !== 'none' || ring.shadow !== 'none', JSON.stringify(ring)).toBe(true);
  await shot('desk-1440');

  // Ben writes too; his offer's toast stays clear of the composer and the customer panel.
  await customerWrites(request, testInfo, 'ben', `Refund please (${tag})`);
  if (jsOn(testInfo)) {
    const toast = page.getByTestId('offer-toast');
    await expect(toast).toBeVisible({ timeout: 10_000 });
    await expect(toast).toContainText('Decline');
    const toastBox = (await toast.boundingBox())!;
    expect(overlaps(toastBox, await box(page, 'form.composer'))).toBe(false);
    expect(overlaps(toastBox, await box(page, '[data-testid="customer-panel"]'))).toBe(false);
    await shot('desk-toast');
  } else {
    await expect(async () => {
      await page.reload();
      await expect(offered).toContainText(`Refund please (${tag})`, { timeout: 1_000 });
    }).toPass({ timeout: 15_000 });
  }
  await offered.getByRole('button', { name: 'Accept' }).click();
  await expect(page).not.toHaveURL(at(aikoPath));
  await expect(page.getByTestId('assignment-status')).toHaveText('Assigned to you');
  const benPath = new URL(page.url()).pathname;
  await ready(page, testInfo);

  if (jsOn(testInfo)) {
    // Moving between conversations keeps the page (no reload) and each one's unsent draft.
    await page.evaluate(() => { (window as any).deskMarker = 'still here'; });
    await page.getByLabel('Reply').fill(`draft for Ben (${tag})`);
    await page.locator('body').click({ position: { x: 5, y: 300 } });
    // (Yours, newest first: Ben, then Aiko.)
    await page.keyboard.press('j');
    await expect(page).toHaveURL(at(aikoPath));
    await expect(page.locator('.transcript')).toContainText(`荷物はどこですか (${tag})`);
    await expect(page.getByLabel('Reply')).toHaveValue('');
    await page.keyboard.press('k');
    await expect(page).toHaveURL(at(benPath));
    await expect(page.getByLabel('Reply')).toHaveValue(`draft for Ben (${tag})`);
    expect(await page.evaluate(() => (window as any).deskMarker)).toBe('still here');

    // A live update arrives while the agent fills forms: the list filter, the reply box and the
    // "Create a contact" form keep their text, and the focus stays where it was.
    const filter = page.getByLabel('Filter conversations');
    await filter.fill('OA');
    await page.getByLabel('Reply').fill(`half a reply (${tag})`);
    const search = page.getByLabel('Find a contact (name, email, phone)');
    await search.fill(`ben-${tag}@example.com`);
    const create = page.getByTestId('customer-panel').locator('details', { hasText: 'Create a contact' });
    await create.locator('summary').click();
    const name = create.getByLabel('Name');
    await name.fill(`Ben Typing ${tag}`);
    await name.focus();
    await customerWrites(request, testInfo, 'ben', `Are you there? (${tag})`);
    await expect(page.locator('.transcript')).toContainText(`Are you there? (${tag})`, { timeout: 10_000 });
    await expect(page.locator('.desk__list')).toContainText(`Are you there? (${tag})`);
    await expect(filter).toHaveValue('OA');
    await expect(page.getByLabel('Reply')).toHaveValue(`half a reply (${tag})`);
    await expect(name).toHaveValue(`Ben Typing ${tag}`);
    await expect(search).toHaveValue(`ben-${tag}@example.com`);
    await expect(name).toBeFocused();
    // The filter narrows the list at once.
    await filter.fill('are you THERE');
    await expect(page.locator('.desk__list .inbox__item:visible')).toHaveCount(1);
    await filter.fill('');
  } else {
    // Without JavaScript the same layout, with links: a row opens its conversation.
    await page.locator(`.desk__list a[href="${aikoPath}"]`).click();
    await expect(page).toHaveURL(at(aikoPath));
    await expect(page.locator('.desk__list')).toBeVisible();
    await expect(page.getByTestId('customer-panel')).toBeVisible();
    // The filter is a plain form.
    await page.getByLabel('Filter conversations').fill('Refund');
    await page.getByLabel('Filter conversations').press('Enter');
    await expect(page).toHaveURL(/\/conversations\?q=Refund$/);
    await expect(page.locator('.desk__list .inbox__item:visible')).toHaveCount(1);
    await page.goto(benPath);
  }

  // A tablet: one pane at a time, the customer panel over the messages when asked for.
  await page.setViewportSize({ width: 820, height: 1180 });
  await expect(page.locator('.desk__list')).toBeHidden();
  await expect(page.getByTestId('customer-panel')).toBeHidden();
  await pageDoesNotScroll(page);
  await shot('desk-820');

  // A phone: the composer is on screen without scrolling the page.
  await page.setViewportSize({ width: 390, height: 844 });
  await pageDoesNotScroll(page);
  const phoneComposer = await box(page, 'form.composer');
  expect(phoneComposer.y + phoneComposer.height).toBeLessThanOrEqual(844);
  await shot('desk-390-conversation');
  await page.goto('/conversations');
  await ready(page, testInfo);
  await expect(page.locator('.desk__list')).toBeVisible();
  await expect(page.locator('.desk__main')).toBeHidden();
  await pageDoesNotScroll(page);
  await shot('desk-390-list');
});
