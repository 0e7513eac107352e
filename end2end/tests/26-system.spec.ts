import { test, expect } from '@playwright/test';
import { ADMIN, AGENT, createAccountWithCli, jsOn, ready, signedIn, signOut } from './helpers';

// Customer support > System: the administrator sees what the desk depends on, each check that
// needs a look with what to do, and checks again (a link: the same with JavaScript off). The
// desk under test serves plain http, so its public address fails the https check.
const SYSTEM = { channelId: '2000000026', secret: '26a4c1e9b7d3f5a0c2e4b6d8f0a1c3e5', token: 'demo-channel-access-token-linedesk-0001' };

test('the administrator reads the System checks and what to do', async ({ page }, testInfo) => {
  test.setTimeout(90_000);
  createAccountWithCli(testInfo, 'System OA', SYSTEM.channelId, SYSTEM.secret, SYSTEM.token);
  await signedIn(page, testInfo, ADMIN);
  await page.goto('/system');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'System', level: 1 })).toBeVisible();
  const checks = page.getByTestId('system-checks').locator('li');
  const check = (title: string | RegExp) => checks.filter({ has: page.getByRole('heading', { name: title }) });
  await expect(check('Database')).toContainText('Answers.');
  await expect(check('Database')).toHaveAttribute('data-health', 'ok');
  await expect(check('Public address')).toHaveAttribute('data-health', 'failing');
  await expect(check('Public address')).toContainText('is not https');
  await expect(check('Public address')).toContainText('What to do');
  await expect(check('Clock')).toContainText("from LINE's clock");
  const account = check('Messaging account System OA');
  await expect(account).toHaveAttribute('data-health', 'failing');
  await expect(account).toContainText('LINE has no webhook URL for this account.');
  await expect(account.getByRole('link', { name: 'Open the account' })).toHaveAttribute('href', /\/channels\/accounts\/\d+/);
  await expect(page.getByTestId('system-summary')).toContainText(/\d+ failing, \d+ to look at, of \d+ checks\./);
  await page.screenshot({ path: testInfo.outputPath('system.png'), fullPage: true });

  // Check again: the checks run anew (a new address each time).
  await page.getByRole('link', { name: 'Check again' }).click();
  await expect(page).toHaveURL(/\/system\?run=1$/);
  await expect(check('Database')).toHaveAttribute('data-health', 'ok');
  await page.getByRole('link', { name: 'Check again' }).click();
  await expect(page).toHaveURL(/\/system\?run=2$/);
  await expect(check('Database')).toHaveAttribute('data-health', 'ok');
});

test('the System page is for administrators only', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, AGENT);
  await page.goto('/system');
  await ready(page, testInfo);
  await expect(page.getByTestId('system-checks')).toHaveCount(0);
  await expect(page.getByRole('navigation').getByRole('link', { name: 'System' })).toHaveCount(0);
  if (jsOn(testInfo)) await signOut(page, testInfo);
});
