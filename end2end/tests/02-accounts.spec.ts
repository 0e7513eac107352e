import { test, expect, Page, TestInfo } from '@playwright/test';
import { ADMIN, ready, signedIn } from './helpers';

// Channels > Messaging accounts > New account against the fake LINE platform, with JS on and off.
test.describe.configure({ mode: 'serial' });

const DEMO = { channelId: '2000000001', secret: '8c3f0e7d5a1b49c2a6e4f1d0b7c9a2e5', token: 'demo-channel-access-token-linedesk-0001' };

async function shot(page: Page, testInfo: TestInfo, name: string) {
  await page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
}

test('the wizard creates a verified account, with LINE checking the token', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, ADMIN);
  await expect(page.getByRole('heading', { name: /Welcome/ })).toBeVisible();
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Channels' }).click();
  await expect(page.getByRole('heading', { name: 'Messaging accounts' })).toBeVisible();
  await page.getByRole('link', { name: 'Manage', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Accounts and channels' })).toBeVisible();
  await shot(page, testInfo, 'accounts-empty');
  await page.getByRole('link', { name: 'New account' }).click();
  await ready(page, testInfo);

  // Channel details
  await expect(page.getByRole('heading', { name: 'Channel details' })).toBeVisible();
  await shot(page, testInfo, 'wizard-1-channel');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Enter a name for this account.')).toBeVisible();
  await page.getByLabel(/^Name/).fill('Support Japan');
  await page.getByRole('button', { name: 'Next' }).click();

  // Account details: a token LINE rejects first.
  await expect(page.getByRole('heading', { name: 'Account details' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel(/^Channel ID/).fill(DEMO.channelId);
  await page.getByLabel(/^Channel secret/).fill(DEMO.secret);
  await page.getByLabel(/^Channel access token/).fill('a-token-line-does-not-know');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('LINE rejected this channel access token.')).toBeVisible();
  await shot(page, testInfo, 'wizard-2-rejected');
  // What was typed is kept: the ID is still there, the secret is stored (masked).
  await expect(page.getByLabel(/^Channel ID/)).toHaveValue(DEMO.channelId);
  await page.getByLabel(/^Channel secret/).fill(jsOnly(testInfo) ? DEMO.secret : '');
  await page.getByLabel(/^Channel access token/).fill(DEMO.token);
  await page.getByRole('button', { name: 'Next' }).click();

  // Callback information
  await expect(page.getByRole('heading', { name: 'Callback information' })).toBeVisible();
  await ready(page, testInfo);
  const callback = await page.getByLabel('Callback URL').inputValue();
  expect(callback).toMatch(/^http:\/\/127\.0\.0\.1:\d{4}\/line\/callback\/[A-Za-z0-9_-]{43}$/);
  expect(callback).not.toContain(DEMO.channelId);
  await expect(page.getByTestId('bot-name')).toHaveText('linedesk demo');
  await shot(page, testInfo, 'wizard-3-callback');
  await page.getByRole('button', { name: 'Done' }).click();
  await expect(page.getByText('Acknowledge the data-sharing notice to finish.')).toBeVisible();
  await page.getByLabel(/I acknowledge/).check();
  await page.getByRole('button', { name: 'Done' }).click();

  // Done
  await expect(page.getByRole('heading', { name: 'Account created' })).toBeVisible();
  await shot(page, testInfo, 'wizard-4-done');
  await page.getByRole('link', { name: 'Back to accounts' }).click();
  const row = page.locator('tr[data-account="Support Japan"]');
  await expect(row).toContainText(DEMO.channelId);
  await expect(row).toContainText('Verified');
  await expect(row).toContainText('@linedesk-demo');
  await shot(page, testInfo, 'accounts-list');
  // No secret ever reaches the browser.
  const html = await page.content();
  expect(html).not.toContain(DEMO.secret);
  expect(html).not.toContain(DEMO.token);
});

function jsOnly(testInfo: TestInfo) {
  return testInfo.project.use.javaScriptEnabled !== false;
}

test('the account page sets and tests the webhook on LINE', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, ADMIN);
  await page.goto('/channels/accounts');
  await page.getByRole('link', { name: 'Support Japan' }).click();
  await ready(page, testInfo);
  await expect(page.getByTestId('secret-hint')).toHaveText('••••a2e5');
  await page.getByRole('button', { name: 'Set webhook URL on LINE' }).click();
  await expect(page.getByTestId('line-webhook')).toHaveText('LINE sends webhooks to this URL, and Use webhook is on.');
  await ready(page, testInfo);
  await page.getByRole('button', { name: 'Test webhook' }).click();
  if (jsOnly(testInfo)) {
    // The fake LINE platform really called our callback with a signed verification request.
    await expect(page.getByTestId('webhook-test')).toContainText('Webhook test succeeded: LINE reached the URL it has for this channel — status 200');
    // The line above it, read again after the test, says the same URL.
    await expect(page.getByTestId('line-webhook')).toHaveText('LINE sends webhooks to this URL, and Use webhook is on.');
  }
  // The test desk runs on http: the page says LINE would refuse that.
  await expect(page.getByTestId('callback-http')).toContainText('LINE only sends webhooks to https URLs');
  await shot(page, testInfo, 'account-page');
  const html = await page.content();
  expect(html).not.toContain(DEMO.secret);
  expect(html).not.toContain(DEMO.token);
});

test('a second account with the same channel ID is refused', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, ADMIN);
  await page.goto('/channels/accounts/new');
  await ready(page, testInfo);
  await page.getByLabel(/^Name/).fill('Support Japan copy');
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByRole('heading', { name: 'Account details' })).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel(/^Channel ID/).fill(DEMO.channelId);
  await page.getByLabel(/^Channel secret/).fill(DEMO.secret);
  await page.getByLabel(/^Channel access token/).fill(DEMO.token);
  await page.getByRole('button', { name: 'Next' }).click();
  await expect(page.getByText('Another messaging account already uses this Channel ID.')).toBeVisible();
});

test('deleting an account asks for its name and removes it', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, ADMIN);
  await page.goto('/channels/accounts');
  await page.getByRole('link', { name: 'Support Japan', exact: true }).click();
  await ready(page, testInfo);
  await page.getByLabel('Type the account name to confirm').fill('wrong name');
  await page.getByRole('button', { name: 'Delete account' }).click();
  await expect(page.getByText("Type the account's name exactly to confirm.")).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Type the account name to confirm').fill('Support Japan');
  await page.getByRole('button', { name: 'Delete account' }).click();
  // The confirmation says what went with it: the webhook on LINE and the open conversations.
  await expect(page.getByText(/^The account was deleted/)).toBeVisible();
  await expect(page.getByText('The webhook URL on LINE was cleared')).toBeVisible();
  await expect(page.getByText('No conversations were open.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('account-deleted.png'), fullPage: true });
  await expect(page.locator('tr[data-account="Support Japan"]')).toHaveCount(0);
});
