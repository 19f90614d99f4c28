import {
  APIRequestContext,
  Browser,
  Page,
  expect,
  test,
} from '@playwright/test';

/**
 * Out of ticket hell, in the running example: the tickets page with the demo
 * tickets; a self-service request approved by an owner of its target,
 * refused for another user and followed by its requester; the audit log
 * listing these actions with who did them; the weekly digest among the
 * notifications.
 *
 * The requester and the approvers are users of examples/org.yaml, signed in
 * through the example-only `goldpath-demo` provider (a cookie names the
 * user; packages/backend/src/demo/demoSignIn.ts). The guest is a member of
 * the platform team.
 */

const DEMO_COOKIE = 'goldpath-demo-user';
const REQUESTER = 'ada.lovelace'; // team-checkout
const OUTSIDER = 'grace.hopper'; // team-payments: owns nothing requested here
const APPROVER = 'margaret.hamilton'; // team-platform: owns the database
const DATABASE = 'resource:default/postgres-composition';

interface Request {
  id: string;
  status: string;
  title: string;
  decision?: { by: string };
  history?: Array<{ actor: string; to: string }>;
}

interface AuditRecord {
  id: string;
  action: string;
  outcome: string;
  actor: { type: string; ref: string };
  correlationId: string;
}

async function shot(page: Page, name: string) {
  await page.screenshot({
    path: `node_modules/.cache/e2e-test-results/${name}.png`,
    fullPage: true,
  });
}

/** A browser page signed in as a demo user (the cookie picks the user). */
async function pageAs(
  browser: Browser,
  baseURL: string,
  user: string,
): Promise<Page> {
  const context = await browser.newContext({ baseURL });
  await context.addCookies([{ name: DEMO_COOKIE, value: user, url: baseURL }]);
  return context.newPage();
}

async function demoToken(
  request: APIRequestContext,
  user: string,
): Promise<string> {
  const res = await request.get('/api/auth/goldpath-demo/refresh', {
    headers: {
      cookie: `${DEMO_COOKIE}=${user}`,
      'x-requested-with': 'XMLHttpRequest',
    },
  });
  expect(res.status(), await res.text()).toBe(200);
  const identity = (await res.json()).backstageIdentity;
  expect(identity.identity.userEntityRef).toBe(`user:default/${user}`);
  return identity.token;
}

async function guestToken(request: APIRequestContext): Promise<string> {
  const res = await request.post('/api/auth/guest/refresh', { data: {} });
  expect(res.status()).toBe(200);
  return (await res.json()).backstageIdentity.token;
}

async function getRequest(
  request: APIRequestContext,
  token: string,
  id: string,
): Promise<Request> {
  const res = await request.get(`/api/requests/requests/${id}`, {
    headers: { Authorization: `Bearer ${token}` },
  });
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()) as Request;
}

async function auditRecords(
  request: APIRequestContext,
  token: string,
  query: Record<string, string>,
): Promise<AuditRecord[]> {
  const res = await request.get(
    `/api/audit/records?${new URLSearchParams({ ...query, limit: '500' })}`,
    { headers: { Authorization: `Bearer ${token}` } },
  );
  expect(res.status(), await res.text()).toBe(200);
  return (await res.json()).items as AuditRecord[];
}

test('the tickets page shows queue time mean and P95 per category and the template candidates', async ({
  page,
}) => {
  await page.goto('/dora/tickets');
  await page.getByRole('button', { name: 'Enter' }).click();

  const tickets = page.getByTestId('dora-tickets-page');
  await expect(tickets).toBeVisible();
  // A duration such as `2h 5m` (formatDuration), not the no-data dash.
  const duration = /^\d+[dhms]( \d+[dhms])?$/;
  await expect(tickets.getByTestId('dora-tickets-queue-mean-value')).toHaveText(
    duration,
  );
  await expect(tickets.getByTestId('dora-tickets-queue-p95-value')).toHaveText(
    duration,
  );

  // Per category: the demo's repeated database-credentials tickets, with a
  // mean and a P95 queue time (columns 3 and 4), not the no-data dash.
  const row = tickets.getByTestId(
    'dora-tickets-categories-row-database-credentials',
  );
  await expect(row).toBeVisible();
  for (const column of [2, 3]) {
    await expect(row.locator('td').nth(column)).toHaveText(/\d/);
  }

  // The candidates: ranked categories, one of them covered by a template of
  // the example (its goldpath.dev/replaces-ticket-category).
  const candidates = tickets.getByTestId('dora-tickets-candidates');
  await expect(candidates).toBeVisible();
  await expect(candidates.locator('tbody tr').first()).toBeVisible();
  expect(await candidates.locator('tbody tr').count()).toBeGreaterThan(1);
  await expect(candidates).toContainText('covered by');
  await expect(tickets.getByTestId('dora-tickets-breaches')).toBeVisible();
  await shot(page, 'self-service-tickets');
});

test('a request is refused for a non-owner, approved by an owner, followed by its requester and audited', async ({
  browser,
  baseURL,
  request,
  page,
}) => {
  test.setTimeout(360_000);
  const title = `e2e read-only credentials ${Date.now().toString(36)}`;
  const requesterToken = await demoToken(request, REQUESTER);
  const outsiderToken = await demoToken(request, OUTSIDER);

  // The requester asks for credentials to the database (owned by the
  // platform team), fulfilled by the example's fulfilment template.
  const created = await request.post('/api/requests/requests', {
    headers: { Authorization: `Bearer ${requesterToken}` },
    data: {
      kind: 'database-credentials',
      kindTitle: 'Database credentials',
      title,
      justification: 'The e2e test reads the orders.',
      targetRef: DATABASE,
      parameters: { access: 'read-only' },
      fulfilment: {
        type: 'scaffolder',
        templateRef: 'template:default/issue-database-credentials',
        values: { database: DATABASE, access: 'read-only' },
      },
    },
  });
  expect(created.status(), await created.text()).toBe(201);
  const { id } = (await created.json()) as Request;

  // A user who owns nothing of it: not on their "To approve", not shown to
  // them, and their approval is refused with 403; nothing changes.
  const outsider = await pageAs(browser, baseURL!, OUTSIDER);
  await outsider.goto('/requests');
  await outsider.getByTestId('requests-tab-to-approve').click();
  await expect(outsider.getByTestId('requests-page')).toBeVisible();
  // The loaded list, not the one still loading: a count of 0 proves nothing
  // before it is there.
  await expect(outsider.getByTestId('requests-empty-to-approve')).toBeVisible();
  await expect(
    outsider.locator(`[data-testid="request-row"][data-request-id="${id}"]`),
  ).toHaveCount(0);
  await outsider.goto(`/requests/${id}`);
  const notShown = outsider.getByTestId('requests-error');
  await expect(notShown).toBeVisible();
  await expect(notShown).toContainText(`No request ${id}`);
  const refused = await outsider.request.post(
    `/api/requests/requests/${id}/approve`,
    {
      headers: { Authorization: `Bearer ${outsiderToken}` },
      data: {},
    },
  );
  expect(refused.status()).toBe(403);
  expect((await refused.json()).error.message).toContain(
    'requests.request.approve',
  );
  expect((await getRequest(request, requesterToken, id)).status).toBe(
    'pending',
  );
  await shot(outsider, 'self-service-outsider');

  // An owner of the database approves it on "To approve", with a reason.
  const approver = await pageAs(browser, baseURL!, APPROVER);
  await approver.goto('/requests');
  await approver.getByTestId('requests-tab-to-approve').click();
  const row = approver.locator(
    `[data-testid="request-row"][data-request-id="${id}"]`,
  );
  await expect(row).toBeVisible();
  await expect(row.getByTestId('request-requester')).toContainText(REQUESTER);
  await expect(row.getByTestId('request-cost')).toContainText('180');
  await row.getByTestId('request-approve').click();
  const dialog = approver.getByTestId('request-decision-dialog');
  await expect(dialog).toBeVisible();
  await dialog
    .getByTestId('request-decision-reason')
    .fill('Read-only is fine for reports.');
  await dialog.getByTestId('request-decision-confirm').click();
  await expect(dialog).toBeHidden();
  await expect(row).toHaveCount(0);
  await shot(approver, 'self-service-approver');

  // The requester sees it approved, then fulfilled by the scaffolder task,
  // with its history.
  const requester = await pageAs(browser, baseURL!, REQUESTER);
  await requester.goto('/requests');
  const mine = requester.locator(
    `[data-testid="request-row"][data-request-id="${id}"]`,
  );
  await expect(mine).toBeVisible();
  await expect(mine.getByTestId('request-decision')).toContainText(APPROVER);
  await expect(async () => {
    await requester.reload();
    await expect(mine).toHaveAttribute('data-status', 'fulfilled', {
      timeout: 5_000,
    });
  }).toPass({ timeout: 180_000 });
  await mine.getByTestId('request-history-toggle').click();
  await expect(mine.getByTestId('request-history-entry')).toHaveCount(4);
  await shot(requester, 'self-service-requester');

  // The audit log, as a member of the platform team (the guest): the
  // request's actions with who did them, the refused approval among them.
  const guest = await guestToken(request);
  await expect(async () => {
    const records = await auditRecords(request, guest, { correlationId: id });
    const seen = records.map(r => `${r.action} ${r.outcome}`);
    expect(seen).toEqual(
      expect.arrayContaining([
        'requests.request.created succeeded',
        'requests.request.approved rejected',
        'requests.request.approved succeeded',
        'requests.request.fulfilled succeeded',
      ]),
    );
  }).toPass({ timeout: 60_000 });
  // Each actor is found by their ref (stored pseudonymised where the
  // installation sets goldpath.dora.privacy.actorHashKey, as the example does).
  let approval: AuditRecord | undefined;
  for (const [user, action, outcome] of [
    [REQUESTER, 'requests.request.created', 'succeeded'],
    [OUTSIDER, 'requests.request.approved', 'rejected'],
    [APPROVER, 'requests.request.approved', 'succeeded'],
  ]) {
    const byUser = await auditRecords(request, guest, {
      actor: `user:default/${user}`,
      action,
    });
    const found = byUser.find(
      r => r.correlationId === id && r.outcome === outcome,
    );
    expect(found, `${action} ${outcome} by ${user}`).toBeDefined();
    if (user === APPROVER) approval = found;
  }

  await page.goto('/audit');
  await page.getByRole('button', { name: 'Enter' }).click();
  const log = page.getByTestId('audit-log');
  await expect(log).toBeVisible();
  await page.getByTestId('audit-filter-actor').fill(`user:default/${APPROVER}`);
  await page
    .getByTestId('audit-filter-action')
    .fill('requests.request.approved');
  await page.getByTestId('audit-apply').click();
  // The row of this request's approval, showing its actor as the API does.
  const auditRow = log.locator(
    `[data-testid="audit-row"][data-record-id="${approval!.id}"]`,
  );
  await expect(auditRow).toBeVisible();
  await expect(auditRow.getByTestId('audit-row-action')).toContainText(
    'requests.request.approved',
  );
  await expect(auditRow.getByTestId('audit-row-outcome')).toContainText(
    'succeeded',
  );
  await expect(auditRow.getByTestId('audit-row-actor')).toHaveText(
    approval!.actor.ref,
  );
  await shot(page, 'self-service-audit');

  // Without audit.read (not in the platform team) the page says so.
  await requester.goto('/audit');
  await expect(requester.getByTestId('audit-forbidden')).toBeVisible();
});

test('the demo requests are there in every state', async ({ request }) => {
  // Made at startup by the demo users through the requests API
  // (packages/backend/src/demo/requestsDemo.ts); the GPU quota stays
  // "fulfilling" for the first half hour, its history says so after that.
  const demoTitles = [
    'Read-only credentials to postgres-composition for order reports',
    'Read-write credentials to postgres-composition for the ledger',
    'Two more A100 GPUs for the recommendation model',
    'A feature-store environment for fraud experiments',
    'Read-write credentials to postgres-composition for a backfill',
    'One GPU for a fraud-model spike',
  ];
  await expect(async () => {
    const current = new Set<string>();
    const everSeen = new Set<string>();
    const titles: string[] = [];
    for (const user of [REQUESTER, OUTSIDER]) {
      const token = await demoToken(request, user);
      const res = await request.get('/api/requests/requests?view=mine', {
        headers: { Authorization: `Bearer ${token}` },
      });
      expect(res.status()).toBe(200);
      for (const r of (await res.json()).items as Request[]) {
        if (!demoTitles.includes(r.title)) continue;
        titles.push(r.title);
        current.add(r.status);
        const one = await getRequest(request, token, r.id);
        one.history?.forEach(h => everSeen.add(h.to));
      }
    }
    expect(titles.sort()).toEqual([...demoTitles].sort());
    for (const status of [
      'pending',
      'fulfilled',
      'failed',
      'rejected',
      'cancelled',
    ]) {
      expect([...current], status).toContain(status);
    }
    for (const status of ['approved', 'fulfilling']) {
      expect([...everSeen], status).toContain(status);
    }
  }).toPass({ timeout: 120_000 });
});

test('a weekly digest notification appears for the platform team', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await page.goto('/notifications');
  await page.getByRole('button', { name: 'Enter' }).click();
  // The digest runs a minute after the backend starts.
  await expect(async () => {
    await page.reload();
    await expect(
      page.getByText(/Fleet digest, \d{4}-W\d{2}/).first(),
    ).toBeVisible({ timeout: 5_000 });
  }).toPass({ timeout: 240_000 });
  await shot(page, 'self-service-digest');
});
