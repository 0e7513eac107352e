import { test, expect } from '@playwright/test';
import { ADMIN, jsOn, ready } from './helpers';

// The portal's language: the browser's Accept-Language picks it first; the language menu (on
// the sign-in card and in the top bar) switches it with or without JavaScript, and the server
// renders it from the first byte (<html lang> included).

test('the language follows Accept-Language, and the menu switches it everywhere', async ({ browser }, testInfo) => {
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL, javaScriptEnabled: jsOn(testInfo), locale: 'th-TH',
  });
  const page = await context.newPage();
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });

  // A Thai browser gets the sign-in page in Thai, from the server.
  await page.goto('/login');
  await ready(page, testInfo);
  await expect(page.locator('html')).toHaveAttribute('lang', 'th');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ลงชื่อเข้าใช้');
  await shot('login-th');

  // Japanese, chosen on the sign-in card; the page comes back in Japanese.
  await page.getByTestId('language').selectOption('ja');
  await page.locator('.language-menu button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'ja');
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('サインイン');
  await ready(page, testInfo);
  await page.getByLabel('メール アドレス').fill(ADMIN.email);
  await page.getByLabel('パスワード').fill(ADMIN.password);
  await page.getByRole('button', { name: 'サインイン' }).click();

  // Signed in: the frame and the navigation speak Japanese.
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: '会話' })).toBeVisible();
  await expect(nav.getByRole('link', { name: 'ワークストリーム' })).toBeVisible();
  await expect(page.getByTestId('current-role')).toHaveText('管理者');
  await expect(page.getByRole('button', { name: 'サインアウト' })).toBeVisible();
  await expect(page.getByRole('heading', { level: 1 })).toHaveText('ようこそ、Ada Admin さん');
  await expect(page.locator('a.card', { hasText: 'ワークストリーム' })).toContainText('ルーティング規則');
  await shot('home-ja');

  // A reload keeps it; Italian from the top bar, on the page the person is on.
  await page.goto('/queues');
  await ready(page, testInfo);
  await expect(nav.getByRole('link', { name: 'キュー' })).toHaveAttribute('aria-current', 'page');
  await page.getByTestId('language').selectOption('it');
  await page.locator('.topbar .language-menu button').click();
  await expect(page).toHaveURL(/\/queues$/);
  await expect(page.locator('html')).toHaveAttribute('lang', 'it');
  await expect(nav.getByRole('link', { name: 'Flussi di lavoro' })).toBeVisible();
  await expect(page.getByRole('button', { name: 'Disconnetti' })).toBeVisible();
  await shot('queues-it');

  // Back to English for whoever comes next.
  await ready(page, testInfo);
  await page.getByTestId('language').selectOption('en');
  await page.locator('.topbar .language-menu button').click();
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await expect(nav.getByRole('link', { name: 'Workstreams' })).toBeVisible();
  await context.close();
});
