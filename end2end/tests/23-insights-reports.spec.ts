import { test, expect } from '@playwright/test';
import { ADMIN, AGENT, cli, ready, signedIn, signOut } from './helpers';

// Insights > Reports: a month of generated traffic; the administrator reads the last 30 days
// (figures, four server-drawn charts with their tables), downloads one chart's CSV and finds
// the table's numbers in it, gets a clear error for a period that ends before it starts; an
// agent is refused the page and sees their own day on Home.
test('an administrator reads the month in charts, tables and CSV', async ({ page }, testInfo) => {
  test.setTimeout(120_000);
  const out = cli(testInfo, ['insights', 'demo-traffic', '--days', '30', '--per-day', '15', '--yes-this-is-a-demo']);
  expect(out).toMatch(/wrote \d+ conversations over 30 days/);

  await signedIn(page, testInfo, ADMIN);
  await page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' }).click();
  await expect(page.getByRole('heading', { name: 'Reports', level: 1 })).toBeVisible();
  await ready(page, testInfo);
  const filters = page.getByTestId('report-filters');
  await filters.locator('select[name=period]').selectOption('30d');
  await filters.getByRole('button', { name: 'Apply' }).click();
  await expect(page).toHaveURL(/period=30d/);
  await ready(page, testInfo);
  await expect(page.getByTestId('report-span')).toContainText('30 days');

  const incoming = Number((await page.getByTestId('figure-incoming').getByTestId('value').textContent())!.replace(/,/g, ''));
  expect(incoming).toBeGreaterThan(200);
  const engaged = Number((await page.getByTestId('figure-engaged').getByTestId('value').textContent())!.replace(/,/g, ''));
  expect(engaged).toBeGreaterThan(0);
  expect(engaged).toBeLessThan(incoming);
  await expect(page.getByTestId('figure-first-response').getByTestId('value')).not.toHaveText('—');
  await expect(page.getByTestId('figure-rating').getByTestId('value')).toContainText('/ 5');
  // A definition is one click away.
  const definition = page.getByTestId('figure-abandoned').locator('details');
  await definition.locator('summary').click();
  await expect(definition).toContainText('closed before any agent replied');

  // Four charts, each an SVG with a title and a description, each with its table.
  for (const kind of ['incoming', 'outcomes', 'ratings', 'heatmap']) {
    const figure = page.locator(`figure[data-chart="${kind}"]`);
    await expect(figure.locator('svg[role="img"]')).toBeVisible();
    await expect(figure.locator('svg desc')).not.toBeEmpty();
  }
  await expect(page.getByRole('img', { name: 'Incoming per day' })).toBeVisible();
  const incomingChart = page.locator('figure[data-chart="incoming"]');
  await incomingChart.getByText('Show the numbers').click();
  const rows = incomingChart.locator('table tbody tr');
  await expect(rows).toHaveCount(30);
  const tableNumbers: string[] = [];
  for (const row of await rows.all()) {
    tableNumbers.push((await row.locator('td').allTextContents()).join(','));
  }
  expect(tableNumbers.reduce((sum, r) => sum + Number(r.split(',')[0]), 0)).toBe(incoming);

  // The CSV has exactly the table's numbers, days written as dates.
  const href = await incomingChart.getByRole('link', { name: 'Download CSV' }).getAttribute('href');
  const csv = await page.request.get(href!);
  expect(csv.status()).toBe(200);
  expect(csv.headers()['content-type']).toContain('text/csv');
  const lines = (await csv.text()).replace(/^\uFEFF/, '').trim().split(/\r?\n/);
  expect(lines[0]).toBe('Day,This period,Previous period');
  expect(lines.slice(1).map((l) => l.split(',').slice(1).join(','))).toEqual(tableNumbers);
  expect(lines[1]).toMatch(/^\d{4}-\d{2}-\d{2},/);

  await page.setViewportSize({ width: 1440, height: 900 });
  await page.screenshot({ path: testInfo.outputPath('reports-1440.png'), fullPage: true });
  await page.setViewportSize({ width: 390, height: 844 });
  await page.screenshot({ path: testInfo.outputPath('reports-390.png'), fullPage: true });
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  expect(overflow).toBeLessThanOrEqual(0);
  await page.setViewportSize({ width: 1280, height: 720 });

  // A period that ends before it starts: said under the field, the form kept.
  await page.goto('/insights/reports?period=custom&from=2026-11-20&to=2026-11-01');
  await expect(page.getByTestId('report-filters').getByText('End the period on or after its first day, at most 366 days in all.')).toBeVisible();
  await expect(page.getByTestId('report-filters').getByLabel('To (custom period)')).toHaveValue('2026-11-01');
  await signOut(page, testInfo);

  // Agents have no Reports: no link, the page and the CSV refused.
  await signedIn(page, testInfo, AGENT);
  // Their own day on Home instead.
  await expect(page.getByRole('heading', { name: 'My day' })).toBeVisible();
  await expect(page.getByTestId('my-day-engaged').locator('dd')).toHaveText(/^\d+$/);
  await expect(page.getByTestId('my-day-rating').locator('dd')).toHaveText(/^(—|\d\.\d \/ 5)$/);
  await expect(page.getByRole('navigation', { name: 'Main' }).getByRole('link', { name: 'Reports' })).toHaveCount(0);
  const refused = await page.goto('/insights/reports');
  expect(refused?.status()).toBe(403);
  const csvRefused = await page.request.get('/insights/reports.csv?chart=incoming');
  expect(csvRefused.status()).toBe(403);
});
