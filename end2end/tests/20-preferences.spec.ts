import { test, expect } from '@playwright/test';
import { ADMIN, AGENT, ready, signedIn, signOut } from './helpers';

// Preferences: a person's language and time zone follow them into every page (dates included);
// administrators set the organisation's defaults for everyone who chose none. Works with
// JavaScript on (the page reloads after saving) and off (the form post comes back).

test('a person reads the portal in their language and time zone; the organisation sets defaults', async ({ page }, testInfo) => {
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // The administrator opens Preferences from the top bar and chooses Japanese and Tokyo.
  await signedIn(page, testInfo, ADMIN);
  await page.locator('#main-nav').getByRole('link', { name: 'Preferences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Preferences' })).toBeVisible();
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Organisation defaults' })).toBeVisible();
  const mine = page.locator('section', { has: page.getByRole('heading', { name: 'Your preferences' }) });
  await mine.getByLabel('Display language').selectOption('ja');
  await mine.getByLabel('Time zone').selectOption('Asia/Tokyo');
  await mine.getByRole('button', { name: 'Save preferences' }).click();
  await expect(page.getByRole('heading', { level: 1, name: '基本設定' })).toBeVisible();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.locator('#my-time-zone')).toHaveValue('Asia/Tokyo');
  await ready(page, testInfo);
  await shot('preferences-ja');

  // Dates on other pages are Japanese dates in Tokyo's zone (the Users page's last sign-in).
  await page.goto('/users');
  await ready(page, testInfo);
  await expect(page.locator('table').getByText(/\d{4}年\d{1,2}月\d{1,2}日 \d{2}:\d{2}/).first()).toBeVisible();
  await expect(page.locator('table')).not.toContainText('UTC');
  await shot('users-ja');

  // A refused zone is named in Japanese under its field (posted around the form).
  const refused = await page.request.post('/api/save_preferences', {
    form: { language: 'ja', time_zone: 'Mars/Olympus' },
    headers: { Origin: new URL(page.url()).origin },
  });
  expect(refused.status()).toBe(422);
  expect(await refused.text()).toContain('"time_zone":"UnknownTimeZone"');

  // The organisation's default zone reaches the agent, who chose none.
  await page.goto('/preferences');
  await ready(page, testInfo);
  const defaults = page.locator('section', { has: page.getByRole('heading', { name: '組織の既定値' }) });
  await defaults.getByLabel('タイム ゾーン').selectOption('Europe/Rome');
  await defaults.getByRole('button', { name: '既定値を保存' }).click();
  await expect(page.locator('#default-time-zone')).toHaveValue('Europe/Rome');
  // Back to English, following the browser, for the tests that come after.
  await ready(page, testInfo);
  const mineJa = page.locator('section', { has: page.getByRole('heading', { name: '個人用の基本設定' }) });
  await mineJa.getByLabel('表示言語').selectOption('');
  await mineJa.getByRole('button', { name: '基本設定を保存' }).click();
  await expect(page.getByRole('heading', { level: 1, name: 'Preferences' })).toBeVisible();
  await signOut(page, testInfo);

  await signedIn(page, testInfo, AGENT);
  await page.goto('/preferences');
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: 'Organisation defaults' })).toHaveCount(0);
  await expect(page.locator('#my-time-zone option:checked')).toHaveText("The organisation's (Europe/Rome)");
  await shot('preferences-agent');

  // Reset the organisation's zone (later tests read times in UTC).
  await signOut(page, testInfo);
  await signedIn(page, testInfo, ADMIN);
  await page.goto('/preferences');
  await ready(page, testInfo);
  const reset = page.locator('section', { has: page.getByRole('heading', { name: 'Organisation defaults' }) });
  await reset.getByLabel('Time zone').selectOption('');
  await reset.getByRole('button', { name: 'Save defaults' }).click();
  await expect(page.locator('#default-time-zone')).toHaveValue('');
});
