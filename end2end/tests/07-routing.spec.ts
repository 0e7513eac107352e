import { test, expect } from '@playwright/test';
import { ADMIN, AGENT, jsOn, createAccountWithCli, pushWorkstreamOn, ready, sentTexts, signedIn, signOut, addAgentToQueue, FAKE_LINE } from './helpers';

// An admin builds queues, a ruleset (tested in the panel) and a built-in FAQ bot; an agent goes
// available; a customer's question is answered by the bot, the customer asks for a person, the
// bot hands off and the agent is offered the conversation and accepts it.
const FAKE = FAKE_LINE;
const DEMO = { channelId: '2000000007', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };

test('routing rules, the test panel, and a bot that answers and hands off to an available agent', async ({ page, request }, testInfo) => {
  test.setTimeout(90_000);
  const callback = createAccountWithCli(testInfo, 'Routing OA', DEMO.channelId, DEMO.secret, DEMO.token);
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // A push workstream on the new account (its LINE setup is covered by 04-workstreams).
  await signedIn(page, testInfo, ADMIN);
  const workstream = await pushWorkstreamOn(page, testInfo, 'Routing OA', 'LINE Routing', 'Routing queue');

  // Queues: a new one (bad input first), and the agent works in the fallback queue.
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Queues' }).click();
  await expect(page.getByRole('heading', { name: 'Queues', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Create queue' }).click();
  await expect(page.getByText('Enter a queue name.')).toBeVisible();
  await ready(page, testInfo);
  const newQueue = page.locator('section[aria-labelledby="new-queue-heading"]');
  await newQueue.getByRole('textbox', { name: 'Name', exact: true }).fill('Refunds');
  await newQueue.getByRole('spinbutton', { name: 'Priority' }).fill('10');
  await newQueue.getByRole('button', { name: 'Create queue' }).click();
  await expect(page.locator('article[data-queue="Refunds"]')).toBeVisible();
  await ready(page, testInfo);
  const fallback = page.locator('article[data-queue="Routing queue"]');
  await expect(fallback).toContainText('Used by workstream LINE Routing');
  await addAgentToQueue(page, 'Routing queue');
  await shot('queues');

  // Routing rules: a ruleset, a rule with bad input first, then a good one.
  await page.goto(`/workstreams/${workstream}`);
  await ready(page, testInfo);
  await page.getByRole('link', { name: 'Routing rules' }).click();
  await expect(page.getByRole('heading', { name: 'Routing rules', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  // Time and weekday conditions are read in a zone picked from the server's list (UTC until
  // then), daylight saving included.
  const zone = page.getByLabel('Time zone for time and weekday conditions');
  await expect(zone).toHaveValue('UTC');
  await zone.selectOption('Europe/Rome');
  const saved = page.waitForResponse((r) => r.url().includes('/api/set_routing_time_zone'));
  // Without JavaScript the post comes back as a new page: reloading before it has loaded races
  // with that navigation.
  const loaded = jsOn(testInfo) ? Promise.resolve() : page.waitForEvent('load');
  await page.locator('form', { has: zone }).getByRole('button', { name: 'Save' }).click();
  await saved;
  await loaded;
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByLabel('Time zone for time and weekday conditions')).toHaveValue('Europe/Rome');
  await page.getByLabel('Name', { exact: true }).fill('Main');
  await page.getByRole('button', { name: 'Add ruleset' }).click();
  await expect(page.locator('article[data-ruleset="Main"]')).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  await expect(page.getByText('Enter a name.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('textbox', { name: 'Rule name', exact: true }).fill('Refund requests');
  await page.locator('#c1-field').selectOption('message_text');
  await page.locator('#c1-operator').selectOption('contains');
  await page.locator('#c1-value').fill('refund');
  await page.locator('#q1').selectOption({ label: 'Refunds' });
  await page.getByRole('spinbutton', { name: 'Priority' }).fill('5');
  await page.getByRole('button', { name: 'Add rule', exact: true }).click();
  const rule = page.locator('li[data-rule="Refund requests"]');
  await expect(rule).toContainText('When Message text contains “refund”');
  await expect(rule).toContainText('→ Refunds · priority 5');
  await ready(page, testInfo);
  // Edited in place: the form opens filled in, and saving changes the rule where it is.
  await rule.getByRole('link', { name: 'Edit: Refund requests' }).click();
  const form = page.getByTestId('rule-form');
  await expect(form.getByRole('heading', { name: 'Edit rule: Refund requests' })).toBeVisible();
  await expect(page.locator('#c1-value')).toHaveValue('refund');
  await expect(page.locator('#q1 option:checked')).toHaveText('Refunds');
  await ready(page, testInfo);
  await form.getByRole('spinbutton', { name: 'Priority' }).fill('7');
  await form.getByRole('button', { name: 'Save rule' }).click();
  await expect(rule).toContainText('→ Refunds · priority 7');
  await expect(page.locator('li.rule')).toHaveCount(1);
  await expect(form.getByRole('heading', { name: 'Add rule', exact: true })).toBeVisible();
  await expect(page.getByRole('textbox', { name: 'Rule name', exact: true })).toHaveValue('');
  await ready(page, testInfo);

  // The test panel says which rule a sample conversation matches.
  await page.getByLabel('First message').fill('I want a REFUND for my order');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByTestId('route-test')).toContainText('Matches rule “Refund requests” in ruleset “Main” → Refunds');
  await shot('routing-rules');
  await ready(page, testInfo);
  await page.getByLabel('First message').fill('What are your opening hours?');
  await page.getByRole('button', { name: 'Test', exact: true }).click();
  await expect(page.getByTestId('route-test')).toContainText('No rule matches → fallback queue Routing queue');

  // The bot: on, built-in, with one answer.
  await page.goto(`/workstreams/${workstream}/bot`);
  await expect(page.getByRole('heading', { name: 'Bot', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Add answer' }).click();
  await expect(page.getByText('Enter at least one keyword.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('textbox', { name: 'Keywords', exact: true }).fill('opening hours');
  await page.getByLabel('Answer', { exact: true }).fill('We are open 9:00-18:00.');
  await page.getByLabel('Quick replies').fill('Thanks, Agent');
  await page.getByRole('button', { name: 'Add answer' }).click();
  await expect(page.locator('li[data-faq="0"]')).toContainText('We are open 9:00-18:00.');
  await ready(page, testInfo);
  await page.getByLabel('The bot answers first').check();
  await page.getByRole('button', { name: 'Save bot' }).click();
  await expect(page.getByLabel('The bot answers first')).toBeChecked();
  await shot('bot');
  await signOut(page, testInfo);

  // The agent goes available; the presence survives a reload.
  await signedIn(page, testInfo, AGENT);
  await ready(page, testInfo);
  await page.getByTestId('presence').selectOption('available');
  await page.getByRole('button', { name: 'Set', exact: true }).click();
  await page.waitForLoadState('networkidle');
  await page.reload();
  await expect(page.getByTestId('presence')).toHaveValue('available');

  // The customer asks; the bot answers with quick replies; then they ask for a person.
  const customer = `Uroute${testInfo.project.name.replace('-', '')}00000000000000000000000`;
  const since = (await (await request.get(`${FAKE}/__fake/requests`)).json()).length;
  const say = async (text: string) => {
    const sent = await request.post(`${FAKE}/__fake/webhook`, {
      data: { url: callback, text, channel_id: DEMO.channelId, channel_secret: DEMO.secret, user_id: customer },
    });
    expect((await sent.json()).status).toBe(200);
  };
  await say('What are your opening hours?');
  await expect(async () => {
    expect(await sentTexts(request, since)).toContain('We are open 9:00-18:00.');
  }).toPass({ timeout: 10_000 });
  await say('Can I talk to an agent?');
  await expect(async () => {
    expect(await sentTexts(request, since)).toContain('Connecting you with an agent.');
  }).toPass({ timeout: 10_000 });

  // The hand-off reaches the available agent as an offer; they accept it.
  await page.goto('/conversations');
  await expect(async () => {
    await page.reload();
    await expect(page.getByTestId('offer')).toBeVisible({ timeout: 1_000 });
  }).toPass({ timeout: 15_000 });
  await ready(page, testInfo);
  await shot('offer');
  await page.locator('[data-section="Offered to you"]').getByRole('button', { name: 'Accept' }).click();
  await expect(page.getByTestId('assignment')).toContainText('Assigned to you');
  // The agent sees the bot's part of the conversation and why it handed off.
  await expect(page.locator('.transcript')).toContainText('We are open 9:00-18:00.');
  await expect(page.locator('.transcript')).toContainText('Bot handed off: The customer asked for an agent');
  await expect(page.locator('.bubble__meta', { hasText: 'Bot ·' }).first()).toBeVisible();
  await shot('accepted');
});
