import { expect, test } from '@playwright/test';

test('the adoption page shows the runs chart and the version drift of the demo golden path', async ({
  page,
}) => {
  await page.goto('/dora/adoption');

  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();

  const adoption = page.getByTestId('dora-adoption');
  await expect(adoption).toBeVisible();
  await expect(adoption.getByTestId('dora-adoption-runs')).toBeVisible();
  // the demo data has scaffold runs: the chart, not the no-runs text
  await expect(
    adoption.getByTestId('dora-adoption-runs').locator('svg').first(),
  ).toBeVisible();
  const drift = adoption.getByTestId('dora-adoption-drift');
  await expect(drift).toBeVisible();
  await expect(drift).toContainText('golden-path-service');
  await page.screenshot({
    path: 'node_modules/.cache/e2e-test-results/adoption.png',
    fullPage: true,
  });
});
