import { test, expect, Page } from '@playwright/test';
import { ADMIN, adminPages, ready, signedIn, signOut } from './helpers';

// Phones and tablets: every page fits the screen's width (no sideways scrolling) at 390 and 820
// px, the navigation folds into a menu on phones, and the reply box is reachable.
const WIDTHS = [390, 820];

/** The page's width against the window's, and the outermost elements that stick out. */
async function fits(page: Page): Promise<{ scroll: number; view: number; culprits: string[] }> {
  return page.evaluate(() => {
    const view = window.innerWidth;
    const culprits: string[] = [];
    for (const el of Array.from(document.querySelectorAll('body *'))) {
      const parent = el.parentElement;
      const sticksOut = (e: Element) => e.getBoundingClientRect().right > view + 1;
      if (sticksOut(el) && parent && !sticksOut(parent) && culprits.length < 3) {
        culprits.push(`${el.tagName.toLowerCase()}.${(el.getAttribute('class') ?? '').replaceAll(' ', '.')}`);
      }
    }
    return { scroll: document.documentElement.scrollWidth, view, culprits };
  });
}

test('every page fits phones and tablets without sideways scrolling', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  await signedIn(page, testInfo, ADMIN);
  const pages = await adminPages(page);
  const overflowing: string[] = [];
  for (const width of WIDTHS) {
    await page.setViewportSize({ width, height: width < 500 ? 844 : 1180 });
    for (const path of pages) {
      await page.goto(path);
      await ready(page, testInfo);
      const { scroll, view, culprits } = await fits(page);
      if (scroll > view) overflowing.push(`${path} at ${width}px: ${scroll} > ${view} (${culprits.join(', ')})`);
      if (width === 390) {
        await page.screenshot({ path: testInfo.outputPath(`phone${path.replaceAll('/', '_') || '_home'}.png`), fullPage: true });
      }
    }
  }
  expect(overflowing).toEqual([]);
});

test('on a phone the navigation is a menu and sign out stays on screen', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, ADMIN);
  await page.setViewportSize({ width: 390, height: 844 });
  await page.goto('/');
  await ready(page, testInfo);
  const nav = page.getByRole('navigation', { name: 'Main' });
  await expect(nav.getByRole('link', { name: 'Conversations' })).toBeHidden();
  await page.getByText('Menu', { exact: true }).click();
  await expect(nav.getByRole('link', { name: 'Conversations' })).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('phone-menu-open.png'), fullPage: true });
  const signOutButton = page.getByRole('button', { name: 'Sign out' });
  await expect(signOutButton).toBeInViewport();
  await nav.getByRole('link', { name: 'Conversations' }).click();
  await expect(page).toHaveURL(/\/conversations$/);
  await signOut(page, testInfo);
});
