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

test('the DORA tab of a service shows trends, the timeline and the lead-time distribution', async ({
  page,
}) => {
  await page.goto('/catalog/default/component/payments-api/dora');
  await page.getByRole('button', { name: 'Enter' }).click();

  const content = page.getByTestId('dora-content');
  await expect(content).toBeVisible();
  await expect(content.getByTestId('dora-trends')).toBeVisible();
  await expect(content.getByTestId('dora-leadtime-histogram')).toBeVisible();
  // the demo history has production deployments in the window
  await expect(
    content.locator('[data-testid^="dora-timeline-deployment-"]').first(),
  ).toBeVisible();
  await page.screenshot({
    path: 'node_modules/.cache/e2e-test-results/payments-api-dora-tab.png',
    fullPage: true,
  });
});

test('the fleet page groups the demo organisation by team and by product line', async ({
  page,
}) => {
  await page.goto('/dora');
  await page.getByRole('button', { name: 'Enter' }).click();

  const fleet = page.getByTestId('dora-fleet');
  await expect(fleet).toBeVisible();
  await expect(fleet).toContainText('Checkout team');
  await expect(fleet).toContainText('Payments team');
  await expect(fleet.getByTestId('dora-fleet-goldenPath').first()).toHaveText(
    /\d/,
  );
  await page.screenshot({
    path: 'node_modules/.cache/e2e-test-results/fleet-by-team.png',
    fullPage: true,
  });
  await page.goto('/dora?groupBy=domain');
  await expect(page.getByTestId('dora-fleet')).toContainText('Commerce');
});

test('a team page shows the rollup of its services', async ({ page }) => {
  await page.goto('/catalog/default/group/team-payments');
  await page.getByRole('button', { name: 'Enter' }).click();
  const card = page.getByTestId('dora-scorecard-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('dora-rollup')).toContainText('services');
});
