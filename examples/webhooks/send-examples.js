#!/usr/bin/env node
/*
 * Sends signed example webhooks to a running Goldpath example backend and
 * shows what they do to a service's scorecard:
 *
 *   node examples/webhooks/send-examples.js [http://localhost:7007]
 *
 * 1. a GitHub deployment_status (success) for acme/cart, signed with the
 *    local GitHub secret of app-config.yaml;
 * 2. a PagerDuty incident.triggered / incident.resolved pair for cart's
 *    PagerDuty service (PCART), signed with the local PagerDuty secret;
 * 3. the same deliveries again (nothing changes);
 * 4. a delivery with a wrong signature (401, nothing stored).
 */
const { createHmac, randomUUID } = require('node:crypto');

const base = process.argv[2] ?? 'http://localhost:7007';
const TOKEN = 'goldpath-local-ci-token';
const GITHUB_SECRET = 'local-github-webhook-secret';
const PAGERDUTY_SECRET = 'local-pagerduty-webhook-secret';
const ago = minutes => new Date(Date.now() - minutes * 60_000).toISOString();
const run = Date.now();

async function scorecard() {
  const res = await fetch(
    `${base}/api/dora/scorecards/component/default/cart`,
    {
      headers: { Authorization: `Bearer ${TOKEN}` },
    },
  );
  const s = await res.json();
  return {
    deployments: s.deploymentFrequency.deployments,
    changeFailRate: s.changeFailRate.ratio,
    failedDeployments: s.changeFailRate.failedDeployments,
    incidentsRestored: s.timeToRestore.incidents,
  };
}

async function post(source, headers, payload) {
  const res = await fetch(`${base}/api/dora/webhooks/${source}`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json', ...headers },
    body: payload,
  });
  return `${res.status} ${await res.text()}`;
}

const githubDelivery = JSON.stringify({
  action: 'created',
  deployment_status: {
    id: run,
    state: 'success',
    environment: 'production',
    created_at: ago(20),
  },
  deployment: {
    id: run,
    sha: 'a1b2c3d4e5f60718293a4b5c6d7e8f9012345678',
    ref: 'main',
    environment: 'production',
    production_environment: true,
    created_at: ago(25),
    creator: { login: 'ada' },
  },
  repository: { full_name: 'acme/cart', name: 'cart', default_branch: 'main' },
  sender: { login: 'ada' },
});

const pagerduty = (type, at) =>
  JSON.stringify({
    event: {
      id: `${type}-${run}`,
      event_type: type,
      resource_type: 'incident',
      occurred_at: at,
      data: {
        id: `PINC${run}`,
        type: 'incident',
        title: 'Carts are not saved',
        service: { id: 'PCART', summary: 'cart', type: 'service_reference' },
        urgency: 'high',
      },
    },
  });

const sign = (secret, body) =>
  createHmac('sha256', secret).update(body).digest('hex');

async function sendAll() {
  const github = await post(
    'github',
    {
      'X-GitHub-Event': 'deployment_status',
      'X-GitHub-Delivery': randomUUID(),
      'X-Hub-Signature-256': `sha256=${sign(GITHUB_SECRET, githubDelivery)}`,
    },
    githubDelivery,
  );
  console.log(`  GitHub deployment_status: ${github}`);
  for (const [type, at] of [
    ['incident.triggered', ago(15)],
    ['incident.resolved', ago(5)],
  ]) {
    const body = pagerduty(type, at);
    const res = await post(
      'pagerduty',
      {
        'X-Webhook-Id': randomUUID(),
        'X-PagerDuty-Signature': `v1=${sign(PAGERDUTY_SECRET, body)}`,
      },
      body,
    );
    console.log(`  PagerDuty ${type}: ${res}`);
  }
}

(async () => {
  console.log('cart before:', await scorecard());
  console.log('sending:');
  await sendAll();
  console.log('cart after:', await scorecard());
  console.log('sending the same deliveries again:');
  await sendAll();
  console.log('cart after the replay:', await scorecard());
  const forged = await post(
    'github',
    {
      'X-GitHub-Event': 'deployment_status',
      'X-Hub-Signature-256': `sha256=${sign('wrong secret', githubDelivery)}`,
    },
    githubDelivery.replace(String(run), String(run + 1)),
  );
  console.log(`a wrong signature: ${forged}`);
  console.log('cart at the end:', await scorecard());
})().catch(e => {
  console.error(e);
  process.exitCode = 1;
});
