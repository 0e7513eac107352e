import { test, expect } from '@playwright/test';
import { ADMIN, addAgentToQueue, ready, signedIn } from './helpers';

// The administrator's rough edges: create forms start empty again after a success, deleting a
// queue asks first, a workstream whose fallback queue has nobody in it says so.

test('create forms clear, queue deletion asks, an empty fallback queue is flagged', async ({ page }, testInfo) => {
  const tag = testInfo.project.name;
  const shot = (name: string) => page.screenshot({ path: testInfo.outputPath(`${name}.png`), fullPage: true });
  await signedIn(page, testInfo, ADMIN);

  // A workstream on a new queue nobody works in: its page warns.
  await page.goto('/workstreams/new');
  await ready(page, testInfo);
  await page.getByRole('textbox', { name: 'Name', exact: true }).fill(`Lonely ${tag}`);
  await page.getByLabel('Fallback queue').selectOption('new');
  await page.getByLabel('New queue name').fill(`Lonely queue ${tag}`);
  await page.getByRole('button', { name: 'Create' }).click();
  await expect(page.getByText('Workstream created. Next: Set up LINE.')).toBeVisible();
  const workstreamUrl = page.url();
  await expect(page.getByTestId('fallback-empty')).toContainText(`Nobody works in the fallback queue “Lonely queue ${tag}”`);
  await shot('workstream-empty-fallback');

  // Queues: a new queue, and the form is empty again for the next one.
  await page.goto('/queues');
  await ready(page, testInfo);
  const newQueue = page.locator('section[aria-labelledby="new-queue-heading"]');
  await newQueue.getByRole('textbox', { name: 'Name', exact: true }).fill(`Spare ${tag}`);
  await newQueue.getByRole('button', { name: 'Create queue' }).click();
  await expect(page.locator(`article[data-queue="Spare ${tag}"]`)).toBeVisible();
  await expect(newQueue.getByRole('textbox', { name: 'Name', exact: true })).toHaveValue('');

  // The agent joins the lonely queue: the warning goes.
  await ready(page, testInfo);
  await addAgentToQueue(page, `Lonely queue ${tag}`);

  // Deleting asks first; only "Yes, delete" deletes.
  const spare = page.locator(`article[data-queue="Spare ${tag}"]`);
  await ready(page, testInfo);
  await expect(spare.getByRole('button', { name: 'Yes, delete' })).toBeHidden();
  await spare.getByText('Delete queue').click();
  await expect(spare).toContainText(`Delete “Spare ${tag}” for good?`);
  await shot('queue-delete-confirm');
  await spare.getByRole('button', { name: 'Yes, delete' }).click();
  await expect(page.locator(`article[data-queue="Spare ${tag}"]`)).toHaveCount(0);

  await page.goto(workstreamUrl);
  await ready(page, testInfo);
  await expect(page.getByRole('heading', { name: `Lonely ${tag}`, level: 1 })).toBeVisible();
  await expect(page.getByTestId('fallback-empty')).toHaveCount(0);

  // Users: the create form is empty again after a user is created.
  await page.goto('/users');
  await ready(page, testInfo);
  const newUser = page.locator('section[aria-labelledby="new-user-heading"]');
  await newUser.getByLabel('Email').fill(`edge-${tag}@example.com`);
  await newUser.getByLabel('Initial password').fill('a long enough password');
  await newUser.getByRole('button', { name: 'Create user' }).click();
  await expect(page.locator('main table')).toContainText(`edge-${tag}@example.com`);
  await expect(newUser.getByLabel('Email')).toHaveValue('');
  await expect(newUser.getByLabel('Initial password')).toHaveValue('');

  // The pages whose first card used to sit out of line.
  for (const [path, name] of [['/', 'home'], ['/channels', 'channels']]) {
    await page.goto(path);
    await ready(page, testInfo);
    await shot(name);
  }
});
