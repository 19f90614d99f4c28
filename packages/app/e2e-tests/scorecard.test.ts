import { expect, test } from '@playwright/test';

test('a component page shows the DORA scorecard with numbers from the demo data', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/checkout');

  const enter = page.getByRole('button', { name: 'Enter' });
  await expect(enter).toBeVisible();
  await enter.click();

  const card = page.getByTestId('dora-scorecard-card');
  await expect(card).toBeVisible();
  await expect(card).toContainText('DORA scorecard');

  // Every metric shows a number, not a placeholder.
  for (const metric of [
    'score',
    'deploymentFrequency',
    'changeLeadTime',
    'changeFailRate',
    'failedDeploymentRecoveryTime',
  ]) {
    await expect(card.getByTestId(`dora-metric-${metric}`)).toHaveText(/\d/);
  }
  await page.screenshot({
    path: 'node_modules/.cache/e2e-test-results/checkout-scorecard.png',
    fullPage: true,
  });
});
