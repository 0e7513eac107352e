import { test, expect } from '@playwright/test';
import { ADMIN, api, ready, signedIn } from './helpers';

// Contacts can be deleted by supervisors and administrators, confirmed with a ticked box, with
// or without JavaScript; the list then says what happened and the contact is gone.
test('an administrator deletes a contact after confirming', async ({ page }, testInfo) => {
  const name = `Delete Me ${testInfo.project.name}`;
  await signedIn(page, testInfo, ADMIN);
  await api(page, 'create_contact', { name, email: `delete.me.${testInfo.project.name}@example.com`, phone: '' });
  await page.goto(`/contacts?q=${encodeURIComponent(name)}`);
  await ready(page, testInfo);
  await page.getByRole('link', { name }).click();
  await expect(page.getByRole('heading', { name, level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const panel = page.getByTestId('delete-contact');
  await panel.getByRole('button', { name: 'Delete contact' }).click();
  await expect(panel.getByRole('alert').filter({ hasText: /./ })).toBeVisible();
  await ready(page, testInfo);
  await panel.getByLabel('I understand this cannot be undone').check();
  await panel.getByRole('button', { name: 'Delete contact' }).click();
  await expect(page.getByText('Contact deleted: its LINE profiles were unlinked and its conversations kept.')).toBeVisible();
  await page.screenshot({ path: testInfo.outputPath('contact-deleted.png'), fullPage: true });
  await page.goto(`/contacts?q=${encodeURIComponent(name)}`);
  await ready(page, testInfo);
  await expect(page.getByRole('link', { name })).toHaveCount(0);
});
