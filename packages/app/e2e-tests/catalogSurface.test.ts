import { APIRequestContext, Page, expect, test } from '@playwright/test';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

/**
 * The catalog as a product surface, in the running example: building-block
 * contracts and their consumers, policy state with last audit and drift,
 * template attribution, the policy overview and the catalog's policy filter.
 */

const CI_TOKEN = 'goldpath-local-ci-token';
const root = resolve(__dirname, '../../..');
const example = (name: string) =>
  readFileSync(resolve(root, 'examples/policy', name), 'utf8');

async function enter(page: Page, path: string) {
  await page.goto(path);
  await page.getByRole('button', { name: 'Enter' }).click();
}

async function shot(page: Page, name: string) {
  await page.screenshot({
    path: `node_modules/.cache/e2e-test-results/${name}.png`,
    fullPage: true,
  });
}

async function postReport(request: APIRequestContext, body: string) {
  const res = await request.post('/api/policy/reports?source=prod-eu', {
    headers: {
      Authorization: `Bearer ${CI_TOKEN}`,
      'Content-Type': 'application/yaml',
    },
    data: body,
  });
  expect(res.status(), await res.text()).toBe(200);
  return res.json();
}

async function policyState(request: APIRequestContext, component: string) {
  const res = await request.get(
    `/api/policy/entities/component/default/${component}`,
    { headers: { Authorization: `Bearer ${CI_TOKEN}` } },
  );
  expect(res.status()).toBe(200);
  return res.json();
}

test('a building block page shows its contract and the services built on it', async ({
  page,
}) => {
  await enter(page, '/catalog/default/resource/vpc-module');
  const card = page.getByTestId('contract-card');
  await expect(card).toBeVisible();
  // Compatibility is checked once the catalog has processed the blocks
  // (the contract index refreshes every 10 s in the example).
  await expect(async () => {
    await page.reload();
    await expect(
      card
        .getByTestId('contract-consumer-row')
        .filter({ hasText: 'notifications' }),
    ).toContainText('ap-south-1', { timeout: 5_000 });
  }).toPass({ timeout: 120_000 });
  await expect(card.getByTestId('contract-version')).toContainText('3.1.0');
  // inputs from the contract file next to the entity
  await expect(
    card.getByTestId('contract-input-row').filter({ hasText: 'cidr_block' }),
  ).toBeVisible();
  await expect(card.getByTestId('contract-regions')).toContainText(
    'eu-central-1',
  );
  // consumers, with the version each was built against; one runs in a region the block does not support
  const notifications = card
    .getByTestId('contract-consumer-row')
    .filter({ hasText: 'notifications' });
  await expect(notifications).toBeVisible();
  await expect(notifications).toContainText('3.1.0');
  await expect(notifications).toContainText('ap-south-1');
  await expect(
    card.getByTestId('contract-consumer-row').filter({ hasText: 'checkout' }),
  ).toBeVisible();
  await shot(page, 'vpc-module-contract');
});

test('a service page shows its policy violations with last audit and drift, and its template and version', async ({
  page,
}) => {
  await enter(page, '/catalog/default/component/checkout');

  const summary = page.getByTestId('policy-summary-card');
  await expect(summary).toBeVisible();
  await expect(summary).toContainText(/fail/i);

  const violations = page.getByTestId('policy-violations-card');
  await expect(violations).toBeVisible();
  // the demo's second audit introduced a mutable tag and resolved the unsigned image
  await expect(
    violations
      .getByTestId('policy-violation-row')
      .filter({ hasText: 'disallow-mutable-tags' }),
  ).toBeVisible();
  await expect(
    violations.locator(
      '[data-testid="policy-source-audit"][data-source="prod-eu"]',
    ),
  ).toContainText('last audit');
  await expect(
    violations
      .getByTestId('policy-drift-resolved-item')
      .filter({ hasText: 'require-image-provenance' }),
  ).toBeVisible();
  await expect(
    violations
      .getByTestId('policy-drift-introduced-item')
      .filter({ hasText: 'disallow-mutable-tags' }),
  ).toBeVisible();

  const attribution = page.getByTestId('template-attribution-card');
  await expect(attribution).toBeVisible();
  await expect(
    attribution.getByTestId('template-attribution-template'),
  ).toContainText('Golden-path Node.js service');
  await expect(
    attribution.getByTestId('template-attribution-version'),
  ).toContainText('1.4.0');

  // the cards sit above the relations graph
  const cardTop = (await violations.boundingBox())!.y;
  const graph = page.getByText('Relations', { exact: true }).first();
  await expect(graph).toBeVisible();
  expect(cardTop).toBeLessThan((await graph.boundingBox())!.y);
  await shot(page, 'checkout-policy-and-template');
});

test('the policy page lists the worst offender', async ({ page }) => {
  await enter(page, '/policy');
  const overview = page.getByTestId('policy-overview');
  await expect(overview).toBeVisible();
  // ledger: a high and a medium violation, the most severe open findings of the demo
  await expect(
    overview.getByTestId('policy-offender-row').first(),
  ).toContainText('ledger');
  await shot(page, 'policy-overview');
});

test('an invalid contract appears as a processing error naming the field path', async ({
  page,
}) => {
  await enter(page, '/catalog/default/resource/legacy-queue-module');
  await expect(
    page.getByText('spec.contract.inputs[1].type', { exact: false }).first(),
  ).toBeVisible();
  await shot(page, 'legacy-queue-module-processing-error');
});

test('posting Kyverno reports changes the policy card, the catalog annotation and the drift', async ({
  page,
  request,
}) => {
  // notifications has no policy report in the demo data
  await enter(page, '/catalog/default/component/notifications');
  await expect(
    page.getByTestId('policy-summary-card').getByTestId('policy-empty'),
  ).toBeVisible();
  // the full card appears once a report names the entity
  await expect(page.getByTestId('policy-violations-card')).toHaveCount(0);

  const first = await postReport(
    request,
    example('kyverno-notifications-audit-1.yaml'),
  );
  expect(first.entities).toEqual(['component:default/notifications']);

  const violations = page.getByTestId('policy-violations-card');
  await expect(async () => {
    await page.reload();
    await expect(violations.getByTestId('policy-violation-row')).toHaveCount(
      2,
      { timeout: 5_000 },
    );
  }).toPass({ timeout: 90_000 });
  const before = await policyState(request, 'notifications');

  // The catalog annotation follows at the next refresh: the catalog index
  // filtered to failing entities lists notifications.
  await page.goto('/?filters[kind]=component&filters[policyStatus]=fail');
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByRole('row').filter({ hasText: 'notifications' }),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 90_000 });
  await shot(page, 'catalog-filtered-by-policy-status');

  // The same report again: a new scan that found the same; only the last audit moves.
  await page.waitForTimeout(1_100);
  const again = await postReport(
    request,
    example('kyverno-notifications-audit-1.yaml'),
  );
  // no new audit state: only the last audit time of the current one moves
  expect(again.entities).toEqual([]);
  const after = await policyState(request, 'notifications');
  // the same findings, open since the first audit; only "last seen" moves
  const findings = (state: { violations: Array<{ lastSeen: string }> }) =>
    state.violations.map(({ lastSeen: _, ...finding }) => finding);
  expect(findings(after)).toEqual(findings(before));
  const drift = (state: {
    drift: Array<{
      introduced: Array<{ key: string }>;
      resolved: Array<{ key: string }>;
    }>;
  }) =>
    state.drift.map(d => ({
      introduced: d.introduced.map(f => f.key),
      resolved: d.resolved.map(f => f.key),
    }));
  expect(drift(after)).toEqual(drift(before));
  expect(after.sources[0].counts).toEqual(before.sources[0].counts);
  expect(Date.parse(after.sources[0].lastAudit)).toBeGreaterThan(
    Date.parse(before.sources[0].lastAudit),
  );
  await page.goto('/catalog/default/component/notifications');
  await expect(violations.getByTestId('policy-violation-row')).toHaveCount(2);

  // The next scan: the image is pinned, so that violation is resolved.
  await postReport(request, example('kyverno-notifications-audit-2.yaml'));
  await page.reload();
  await expect(violations.getByTestId('policy-violation-row')).toHaveCount(1);
  await expect(
    violations
      .getByTestId('policy-drift-resolved-item')
      .filter({ hasText: 'disallow-mutable-tags' }),
  ).toBeVisible();
  await shot(page, 'notifications-policy-drift');
});
