import { test, expect } from '@playwright/test';
import { ADMIN, ready, signedIn } from './helpers';

// An admin sets a retention limit (with the preview of the next run) and erases a LINE user;
// the audit log records both without content.
test('retention limit and data-subject erasure', async ({ page }, testInfo) => {
  await signedIn(page, testInfo, ADMIN);
  await page.goto('/privacy');
  await ready(page, testInfo);
  const days = page.getByLabel('Days to keep Conversations');
  await days.fill('0');
  await page.locator('tr', { has: days }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByText('Use 1 to 3650 days')).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('Days to keep Conversations').fill('30');
  await page.locator('tr', { has: page.getByLabel('Days to keep Conversations') }).getByRole('button', { name: 'Save' }).click();
  await expect(page.getByTestId('retention-preview').first()).toContainText('0 conversations, 0 messages, 0 files');
  await ready(page, testInfo);

  await page.getByLabel('LINE display name or user ID').fill('Customer 4af498');
  await page.getByRole('button', { name: 'Find' }).click();
  const row = page.getByTestId('subjects').locator('tbody tr', { hasText: 'Customer 4af498' });
  await expect(row).toBeVisible();
  // The export (a zip with subject.json and files) comes first: everything stored about them.
  const href = await row.getByRole('link', { name: 'Export' }).getAttribute('href');
  const zip = await page.request.get(href!);
  expect(zip.status()).toBe(200);
  expect(zip.headers()['content-type']).toBe('application/zip');
  expect((await zip.body()).subarray(0, 2).toString()).toBe('PK');
  await ready(page, testInfo);
  await row.getByRole('button', { name: 'Erase' }).click();
  await expect(page.getByText('Tick the box to confirm: erasing cannot be undone.')).toBeVisible();
  await ready(page, testInfo);
  await page.getByLabel('LINE display name or user ID').fill('Customer 4af498');
  await page.getByRole('button', { name: 'Find' }).click();
  const again = page.getByTestId('subjects').locator('tbody tr', { hasText: 'Customer 4af498' });
  await ready(page, testInfo);
  await again.getByLabel('I understand this cannot be undone').check();
  await again.getByRole('button', { name: 'Erase' }).click();
  if (testInfo.project.use.javaScriptEnabled !== false) {
    await expect(page.getByText(/^Erased: 1 conversation/)).toBeVisible();
  }
  // The name is gone; the tombstone remains findable.
  await page.goto('/privacy?subject=Customer%204af498');
  await expect(page.getByTestId('subjects')).toHaveCount(0);
  await page.goto('/privacy?subject=erased%3A');
  await expect(page.getByTestId('subjects')).toContainText('Erased 20');
  await page.screenshot({ path: testInfo.outputPath('privacy.png'), fullPage: true });

  await page.goto('/audit?action=data_subject.erase');
  await expect(page.locator('code', { hasText: 'data_subject.erase' })).toBeVisible();
  await page.goto('/audit?action=retention.set');
  await expect(page.locator('code', { hasText: 'retention.set' }).first()).toBeVisible();
});
