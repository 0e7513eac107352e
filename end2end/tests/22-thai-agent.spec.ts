import { test, expect } from '@playwright/test';
import { AGENT, api, ready } from './helpers';

// An agent whose language is Thai (saved, as Preferences saves it; the browser asks for Thai
// too) walks every page an agent can open: the page is Thai
// from the first byte, and no heading, label, button, column, link or menu entry is English
// (product names, people's names and addresses, and IANA time-zone names aside). Screenshots of each page to look at.
const ALLOWED = /^(LINE|linedesk|Aki|Agent|Ada|Admin|English|Italiano|日本語|繁體中文|ไทย|UTC)$/;

test('an agent reading Thai sees no English on the pages an agent opens', async ({ browser }, testInfo) => {
  test.setTimeout(120_000);
  const jsOn = testInfo.project.use.javaScriptEnabled !== false;
  const context = await browser.newContext({
    baseURL: testInfo.project.use.baseURL, javaScriptEnabled: jsOn, locale: 'th-TH',
  });
  const page = await context.newPage();
  await page.goto('/login');
  await ready(page, testInfo);
  await page.getByLabel('อีเมล').fill(AGENT.email);
  await page.getByLabel('รหัสผ่าน').fill(AGENT.password);
  await page.locator('form button[type=submit]').last().click();
  await expect(page.getByTestId('current-user')).toBeVisible();
  // Earlier flows may have saved another language for this agent: Thai, in Bangkok's time.
  await api(page, 'save_preferences', { language: 'th', time_zone: 'Asia/Bangkok' });

  const paths = ['/', '/conversations', '/contacts', '/history', '/preferences'];
  await page.goto('/history');
  const conversation = await page.getByTestId('history').locator('tbody a').first().getAttribute('href', { timeout: 2_000 }).catch(() => null);
  if (conversation) paths.push(conversation);
  const faults: string[] = [];
  for (const path of paths) {
    await page.goto(path);
    await ready(page, testInfo);
    await expect(page.locator('html')).toHaveAttribute('lang', 'th');
    const words: string[] = await page.evaluate(() => {
      const chrome = 'h1, h2, h3, label, button, th, nav a, legend, summary, .breadcrumb, .card__eyebrow, .muted, [role=status], .alert, .empty-state';
      const texts: string[] = [];
      for (const el of Array.from(document.querySelectorAll(chrome))) {
        const box = (el as HTMLElement).getBoundingClientRect();
        if (box.width === 0 || box.height === 0) continue;
        texts.push((el as HTMLElement).innerText);
      }
      for (const option of Array.from(document.querySelectorAll('select:not([data-testid=language]):not(.time-zone-select) option'))) {
        texts.push((option as HTMLOptionElement).text);
      }
      // Customer content: a conversation's heading is the customer's name; a language code
      // follows the language's name in brackets ("ภาษาอังกฤษ (en)").
      const customer = location.pathname.startsWith('/conversations/')
        ? (document.querySelector('main h1') as HTMLElement | null)?.innerText ?? ''
        : '';
      let all = texts.join(' ').replace(/\S+@\S+/g, ' ').replace(/\([a-z]{2,3}(-[A-Za-z]+)?\)/g, ' ');
      for (const part of customer.split(/\s+/).filter(Boolean)) all = all.split(part).join(' ');
      return all.match(/[A-Za-z]{2,}/g) ?? [];
    });
    const english = [...new Set(words.filter((w) => !ALLOWED.test(w)))];
    if (english.length) faults.push(`${path}: ${english.join(', ')}`);
    const name = path === '/' ? 'home' : path.replace(/\//g, '-').replace(/^-/, '');
    await page.screenshot({ path: testInfo.outputPath(`th-${name}.png`), fullPage: true });
  }
  // Back to the browser's language and the organisation's zone for whatever runs next.
  await api(page, 'save_preferences', { language: '', time_zone: '' });
  expect(faults, 'English words on Thai pages').toEqual([]);
  await context.close();
});
