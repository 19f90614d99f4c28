import { APIRequestContext, Page, expect, test } from '@playwright/test';

/**
 * A golden path run from the browser, offline: the service template is
 * filled in and run in the example's scaffolder, which publishes to a local
 * folder and registers the result. The new component's page then shows the
 * template and version that created it, and the adoption page counts the run
 * (and the new service among the active ones).
 */

const CI_TOKEN = 'goldpath-local-ci-token';

async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/auth/guest/refresh', { data: {} });
  expect(res.status()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

interface Adoption {
  months: string[];
  active: { count: number };
  templatesPerMonth: Array<{
    month: string;
    byTemplate: Array<{ template: string; runs: number }>;
  }>;
}

async function adoption(request: APIRequestContext, token: string) {
  const res = await request.get('/api/dora/adoption', {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status()).toBe(200);
  return (await res.json()) as Adoption;
}

/** Runs of the service template in the current (last reported) month. */
function runsThisMonth(figures: Adoption): number {
  const month = figures.templatesPerMonth[figures.templatesPerMonth.length - 1];
  return (
    month?.byTemplate.find(
      t => t.template === 'template:default/golden-path-service',
    )?.runs ?? 0
  );
}

/** A template's card on the scaffolder's list: the innermost block holding its title and a Choose button. */
function templateCard(page: Page, title: string) {
  return page
    .locator('div')
    .filter({ has: page.getByRole('heading', { name: title, exact: true }) })
    .filter({ has: page.getByRole('button', { name: 'Choose' }) })
    .last();
}

async function shot(page: Page, name: string) {
  await page.screenshot({
    path: `node_modules/.cache/e2e-test-results/${name}.png`,
    fullPage: true,
  });
}

test('running the service template creates an attributed component that adoption counts', async ({
  page,
  request,
}) => {
  test.setTimeout(360_000);
  const name = `e2e-svc-${Date.now().toString(36)}`;
  const token = await guestToken(request);
  const before = await adoption(request, token);

  await page.goto('/create');
  await page.getByRole('button', { name: 'Enter' }).click();

  // The template's card on the scaffolder's list.
  const card = templateCard(page, 'Golden-path Node.js service');
  await expect(card).toBeVisible();
  await card.getByRole('button', { name: 'Choose' }).click();

  // Step 1: the service.
  await page.getByLabel('Name', { exact: false }).first().fill(name);
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('checkout');
  await page
    .getByRole('option', { name: /checkout/i })
    .first()
    .click();
  await page.getByRole('button', { name: 'Next' }).click();
  // Step 2: operations (all optional).
  await page.getByRole('button', { name: 'Next' }).click();
  // Step 3: the repository; the example publishes to a local folder.
  await expect(
    page.getByText('Publish to', { exact: false }).first(),
  ).toBeVisible();
  await page.getByRole('button', { name: 'Review' }).click();
  await page.getByRole('button', { name: 'Create' }).click();

  // The task runs every step and links to the new component.
  const open = page.getByRole('link', { name: 'Open in catalog' });
  await expect(open).toBeVisible({ timeout: 120_000 });
  await shot(page, 'golden-path-task');
  await open.click();

  // The catalog processes the registered file within seconds.
  const attribution = page.getByTestId('template-attribution-card');
  await expect(async () => {
    await page.reload();
    await expect(attribution).toBeVisible({ timeout: 5_000 });
    await expect(
      attribution
        .getByTestId('template-attribution-template')
        .getByRole('link'),
    ).toHaveAttribute('href', /\/template\/golden-path-service$/, {
      timeout: 5_000,
    });
  }).toPass({ timeout: 90_000 });
  // The template's title once the card has looked the template up (its ref
  // until then).
  await expect(
    attribution.getByTestId('template-attribution-template'),
  ).toHaveText('Golden-path Node.js service');
  await expect(
    attribution.getByTestId('template-attribution-version'),
  ).toContainText('2.0.0');
  await shot(page, 'golden-path-component');

  // Adoption: one more run of the template this month, and one more active
  // service (METRICS.md: any stored event in 30 days, its scaffold included)
  // once the dora plugin's catalog directory (refreshed every minute) has
  // the new component.
  await expect(async () => {
    expect(runsThisMonth(await adoption(request, token))).toBe(
      runsThisMonth(before) + 1,
    );
  }).toPass({ timeout: 30_000 });
  await expect(async () => {
    expect((await adoption(request, token)).active.count).toBe(
      before.active.count + 1,
    );
  }).toPass({ timeout: 150_000 });

  // Its pipeline reports with the CI token, as the generated workflow does.
  const res = await request.post('/api/dora/events', {
    headers: { Authorization: `Bearer ${CI_TOKEN}` },
    data: {
      id: `${name}-deploy-1`,
      type: 'deployment',
      timestamp: new Date().toISOString(),
      service: `component:default/${name}`,
      source: 'github',
      deploymentId: `${name}-1`,
      environment: 'production',
      environmentTier: 'production',
      outcome: 'success',
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  expect((await res.json()).accepted).toBe(1);

  await page.goto('/dora/adoption');
  const page$ = page.getByTestId('dora-adoption');
  await expect(page$).toBeVisible();
  await expect(page$.getByTestId('dora-adoption-active-value')).toContainText(
    String(before.active.count + 1),
  );
  await shot(page, 'golden-path-adoption');
});

test('the building-block consumer form comes from the contract and refuses values outside it', async ({
  page,
}) => {
  await page.goto('/create');
  await page.getByRole('button', { name: 'Enter' }).click();
  const card = templateCard(page, 'Use a building block');
  await card.getByRole('button', { name: 'Choose' }).click();

  await page.getByLabel('Name', { exact: false }).first().fill('orders-db');
  const owner = page.getByRole('textbox', { name: 'Owner' });
  await owner.click();
  await owner.fill('checkout');
  await page
    .getByRole('option', { name: /checkout/i })
    .first()
    .click();
  // The block defaults to the PostgreSQL composition.
  await page.getByRole('button', { name: 'Next' }).click();

  // The inputs of postgres-composition's contract, its regions and versions.
  const storage = page.getByLabel('storage_gb', { exact: false }).first();
  await expect(storage).toBeVisible();
  await expect(page.getByLabel('engine_version').first()).toBeVisible();
  await expect(page.getByLabel('Region').first()).toBeVisible();
  await expect(page.getByLabel('Contract version').first()).toBeVisible();

  await storage.fill('5');
  await expect(page.getByText('must be at least 20').first()).toBeVisible();
  await shot(page, 'golden-path-consumer-form');
});

test("a model's page shows its health: accuracy, drift against the threshold, latency", async ({
  page,
}) => {
  await page.goto('/catalog/default/component/fraud-detector');
  await page.getByRole('button', { name: 'Enter' }).click();
  const card = page.getByTestId('dora-model-health-card');
  await expect(card).toBeVisible();
  await expect(card.getByTestId('dora-model-accuracy-sparkline')).toBeVisible();
  // The demo's drift rises past its threshold in the last days.
  await expect(card.getByTestId('dora-model-drift-breached')).toBeVisible();
  await expect(card.getByTestId('dora-model-latency-p95')).toBeVisible();
  await shot(page, 'model-health');
});
