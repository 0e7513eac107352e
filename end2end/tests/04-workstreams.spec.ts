import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ADMIN, jsOn, ready, signedIn, FAKE_LINE } from './helpers';

// An admin creates a push workstream with a new fallback queue, sets up LINE through the summary
// (editing the language from the summary), finishes; a customer's first message then gets the
// greeting in Japanese on the fake LINE platform.
const FAKE = FAKE_LINE;
const DEMO = { channelId: '2000000002', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };
const PNG = 'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==';
const GREETING_JA = 'お問い合わせありがとうございます。担当者が確認次第、ご返信いたします。';

test('set up LINE on a new workstream; the customer is greeted in Japanese', async ({ page, request }, testInfo) => {
  const state = JSON.parse(readFileSync(join(__dirname, '..', '.e2e-state.json'), 'utf8'));
  const desk = state.desks[testInfo.project.name];
  const bin = process.env.LINEDESK_BIN ?? `${process.env.HOME}/.cache/linedesk-target/debug/linedesk`;
  const out = execFileSync(bin, ['account', 'create', '--name', 'Japan OA', '--channel-id', DEMO.channelId, '--secret-stdin', '--token-stdin'], {
    input: `${DEMO.secret}\n${DEMO.token}\n`,
    env: { ...process.env, DATA_DIR: desk.dataDir, LISTEN_ADDR: `127.0.0.1:${desk.port}`, LINE_API_BASE: FAKE, LINE_DATA_API_BASE: FAKE, RUST_LOG: 'error' },
  }).toString();
  const callback = out.match(/callback URL: (\S+)/)![1];
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  await signedIn(page, testInfo, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Workstreams' }).click();
  await expect(page.getByRole('heading', { name: 'Workstreams', exact: true })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('link', { name: 'New workstream' }).click();
  await ready(page, testInfo);

  // Bad input first: no name, "create a new queue" without its name.
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Enter a name.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill('LINE Japan');
  await page.getByLabel(/Push —/).check();
  await page.getByLabel('Fallback queue').selectOption('new');
  await page.getByLabel('New queue name').fill('Japan queue');
  await shot('new-workstream');
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Workstream created. Next: Set up LINE.')).toBeVisible();
  await expect(page.getByRole('heading', { name: 'LINE Japan' })).toBeVisible();
  await ready(page, testInfo);

  // The server refuses a mode change even when the form is bypassed.
  const id = page.url().match(/workstreams\/(\d+)/)![1];
  const refused = await page.request.post('/api/update_workstream', {
    form: { id, name: 'LINE Japan', mode: 'pick', fallback_queue_id: '1' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(422);
  // Server functions answer with the problem's code; the page words it in the reader's language.
  expect(await refused.text()).toContain('"mode":"ModeFixed"');

  // Operating hours: a new workstream starts in the organisation's zone (none set: UTC). An
  // unknown zone (posted past the picker) and bad hours are named per field; good ones are kept.
  // Open around the clock here, so the greeting below is still sent.
  const week = ['0', '1', '2', '3', '4', '5', '6'];
  const unknownZone = await page.request.post('/api/update_operating_hours', {
    form: { id, enabled: 'on', time_zone: '+15:00', ...Object.fromEntries(week.map((d) => [`day_${d}`, '09:00-18:00'])) },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(unknownZone.status()).toBe(422);
  expect(await unknownZone.text()).toContain('"time_zone":"UnknownTimeZone"');
  const hours = page.getByTestId('operating-hours');
  await expect(hours.getByLabel('Time zone')).toHaveValue('UTC');
  await hours.getByLabel('Use operating hours').check();
  await hours.getByLabel('Time zone').selectOption('Asia/Tokyo');
  await hours.getByLabel('Monday').fill('18:00-09:00');
  await hours.getByRole('button', { name: 'Save operating hours' }).click();
  await expect(hours.getByText('Enter hours as HH:MM-HH:MM')).toBeVisible();
  await ready(page, testInfo);
  await hours.getByLabel('Use operating hours').check();
  await hours.getByLabel('Time zone').selectOption('Asia/Tokyo');
  for (const day of ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday']) {
    await hours.getByLabel(day).fill('00:00-24:00');
  }
  await hours.getByRole('button', { name: 'Save operating hours' }).click();
  if (jsOn(testInfo)) await expect(hours.getByText('Operating hours saved.')).toBeVisible();
  await shot('operating-hours');
  await page.reload();
  await ready(page, testInfo);
  await expect(page.getByTestId('operating-hours').getByLabel('Sunday')).toHaveValue('00:00-24:00');
  await expect(page.getByTestId('operating-hours').getByLabel('Use operating hours')).toBeChecked();
  await expect(page.getByTestId('operating-hours').getByLabel('Time zone')).toHaveValue('Asia/Tokyo');

  await page.getByRole('link', { name: 'Set up LINE' }).click();
  await expect(page.getByRole('heading', { name: 'Set up LINE' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Pick a LINE account.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel(/Japan OA/).check();
  await shot('setup-line');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Language', exact: true })).toBeVisible();
  await ready(page, testInfo);
  await shot('setup-language');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Behaviors' })).toBeVisible();
  await ready(page, testInfo);
  // A survey link needs a real URL.
  await page.getByLabel('Send a survey when a conversation ends').check();
  await page.getByLabel('Send a link').check();
  await page.getByLabel('Survey URL').fill('not a url');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Enter a web address starting with https://.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Send a survey when a conversation ends').check();
  await page.getByLabel(/In the conversation —/).check();
  await page.getByLabel('Survey URL').fill('');
  await shot('setup-behaviors');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'User features' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Agents can send file attachments').uncheck();
  await shot('setup-features');
  await page.getByRole('button', { name: 'Next' }).click();

  await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
  const summary = page.getByTestId('line-summary');
  await expect(summary).toContainText('Japan OA');
  await expect(page.getByTestId('summary-language')).toContainText('English');
  await expect(summary).toContainText('agents can send: Off');
  await expect(summary).toContainText('In the conversation');
  await ready(page, testInfo);

  // Edit one choice from the summary and come straight back.
  await page.getByRole('link', { name: 'Edit language' }).click();
  await expect(page.getByRole('heading', { name: 'Language', exact: true })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Language', { exact: true }).selectOption('ja');
  await page.getByRole('button', { name: 'Save and return to summary' }).click();
  await expect(page.getByRole('heading', { name: 'Summary' })).toBeVisible();
  await expect(page.getByTestId('summary-language')).toContainText('Japanese');
  await shot('setup-summary');
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Finish' }).click();
  await expect(page.getByText('LINE is set up')).toBeVisible();
  await shot('workstream');

  // The account now lists the workstream, and refuses deletion while it is used.
  await page.goto('/channels/accounts');
  await expect(page.locator('tr[data-account="Japan OA"]')).toContainText('LINE Japan');

  // A customer writes first: the greeting goes out in Japanese.
  const customer = `Ue2e${testInfo.project.name.replace('-', '')}000000000000000000000000`;
  const since = (await (await request.get(`${FAKE}/__fake/requests`)).json()).length;
  const sent = await request.post(`${FAKE}/__fake/webhook`, {
    data: { url: callback, text: 'こんにちは', channel_id: DEMO.channelId, channel_secret: DEMO.secret, user_id: customer },
  });
  expect((await sent.json()).status).toBe(200);
  await expect(async () => {
    const recorded: any[] = (await (await request.get(`${FAKE}/__fake/requests`)).json()).slice(since);
    const texts = recorded
      .filter((r) => r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push')
      .flatMap((r) => JSON.parse(r.body).messages.map((m: any) => m.text));
    expect(texts).toContain(GREETING_JA);
  }).toPass({ timeout: 10_000 });

  // Agents may not send files on this channel: the conversation has no attach button.
  await page.goto('/conversations');
  await page.locator('.inbox__row', { hasText: 'Japan OA' }).click();
  await ready(page, testInfo);
  await expect(page.locator('.bubble--automated').first()).toContainText(GREETING_JA);
  await expect(page.getByLabel('Attach a file')).toHaveCount(0);
  const conversationUrl = page.url();
  // Allow it (User features, from the summary), then send a photo: LINE gets an image message.
  await page.goto(`/workstreams/${id}/line?step=features&from=summary`);
  await ready(page, testInfo);
  await page.getByLabel('Agents can send file attachments').check();
  await page.getByRole('button', { name: 'Save and return to summary' }).click();
  await expect(page.getByTestId('line-summary')).toContainText('agents can send: On');
  await page.goto(conversationUrl);
  await ready(page, testInfo);
  if (jsOn(testInfo)) {
    // A blocked type is refused in the browser before anything is uploaded.
    await page.getByLabel('Attach a file').setInputFiles({ name: 'setup.exe', mimeType: 'application/octet-stream', buffer: Buffer.from('MZ') });
    await expect(page.getByTestId('file-precheck')).toContainText('exe');
    await expect(page.getByRole('button', { name: 'Send file' })).toBeDisabled();
  }
  await page.getByLabel('Attach a file').setInputFiles({ name: 'receipt.png', mimeType: 'image/png', buffer: Buffer.from(PNG, 'base64') });
  await page.getByRole('button', { name: 'Send file' }).click();
  await expect(page.locator('[data-direction="out"] img')).toBeVisible();
  await expect(async () => {
    const recorded: any[] = (await (await request.get(`${FAKE}/__fake/requests`)).json()).slice(since);
    const images = recorded
      .filter((r) => r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push')
      .flatMap((r) => JSON.parse(r.body).messages.filter((m: any) => m.type === 'image'));
    expect(images.length).toBe(1);
    expect(images[0].originalContentUrl).toMatch(/\/media\/\d+\//);
  }).toPass({ timeout: 10_000 });
  await shot('conversation-file-sent');

  // Ending the conversation sends the survey (ratings 1-5 as quick replies); the customer taps 4.
  await page.getByRole('button', { name: 'End conversation' }).click();
  let ratingData = '';
  await expect(async () => {
    const recorded: any[] = (await (await request.get(`${FAKE}/__fake/requests`)).json()).slice(since);
    const survey = recorded
      .filter((r) => r.path === '/v2/bot/message/reply' || r.path === '/v2/bot/message/push')
      .flatMap((r) => JSON.parse(r.body).messages)
      .find((m: any) => m.quickReply?.items?.length === 5);
    expect(survey).toBeTruthy();
    ratingData = survey.quickReply.items[3].action.data;
  }).toPass({ timeout: 10_000 });
  const postback = {
    destination: `U${DEMO.channelId.padStart(32, '0')}`,
    events: [{
      type: 'postback', mode: 'active', timestamp: Date.now(), source: { type: 'user', userId: customer },
      webhookEventId: `01SURVEY${Date.now()}${testInfo.project.name}`, deliveryContext: { isRedelivery: false },
      replyToken: 'e'.repeat(32), postback: { data: ratingData },
    }],
  };
  const rated = await request.post(`${FAKE}/__fake/webhook`, { data: { url: callback, body: postback, channel_id: DEMO.channelId, channel_secret: DEMO.secret } });
  expect((await rated.json()).status).toBe(200);
  await expect(async () => {
    await page.goto(conversationUrl);
    await expect(page.getByTestId('survey')).toContainText('rated 4 of 5', { timeout: 1000 });
  }).toPass({ timeout: 10_000 });
  await shot('conversation-survey');

  // Deleting the account is refused, with the list, while the workstream's LINE channel uses it.
  await page.goto('/channels/accounts');
  await page.getByRole('link', { name: 'Japan OA', exact: true }).click();
  await ready(page, testInfo);
  await expect(page.getByText('Used by: LINE Japan.')).toBeVisible();
  await page.getByLabel('Type the account name to confirm').fill('Japan OA');
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByText('This account is used by the LINE channel of: LINE Japan.')).toBeVisible();
  await shot('account-delete-refused');

  // Remove the LINE channel from the workstream (confirmation required), then the account can go.
  await page.goto(`/workstreams/${id}`);
  await ready(page, testInfo);
  await page.locator('summary', { hasText: 'Delete LINE channel' }).click();
  await page.getByRole('button', { name: 'Delete LINE channel' }).click();
  await expect(page.getByText('Tick the box to confirm that the LINE channel goes.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel(/I understand the LINE channel/).check();
  await page.getByRole('button', { name: 'Delete LINE channel' }).click();
  await expect(page.getByText('The LINE channel was removed.')).toBeVisible();
  await page.goto('/channels/accounts');
  await page.getByRole('link', { name: 'Japan OA', exact: true }).click();
  await ready(page, testInfo);
  await expect(page.getByText('No workstream uses this account.')).toBeVisible();
  await page.getByLabel('Type the account name to confirm').fill('Japan OA');
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByText(/^The account was deleted/)).toBeVisible();

  // The conversation stays readable, marked "account deleted", with the automated greeting.
  await page.goto(conversationUrl);
  await expect(page.getByTestId('account-deleted')).toBeVisible();
  await expect(page.locator('.bubble--automated').first()).toContainText(GREETING_JA);
  await expect(page.getByTestId('replies-disabled')).toContainText('account was deleted');
  await shot('conversation-account-deleted');

  // Every step was audited with before and after; the chain verifies; the CSV export works.
  await page.goto('/audit?entity=workstream');
  await ready(page, testInfo);
  await expect(page.getByText('line_channel.finish').first()).toBeVisible();
  await expect(page.getByText('workstream.create').first()).toBeVisible();
  await page.getByRole('button', { name: 'Verify chain' }).click();
  await expect(page.getByTestId('chain-status')).toContainText('Audit chain intact');
  await shot('audit-log');
  const csv = await page.request.get('/audit/export.csv?entity=workstream');
  expect(csv.status()).toBe(200);
  expect(await csv.text()).toContain('line_channel.update');
});
