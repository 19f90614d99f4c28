'use strict';

const test = require('node:test');
const assert = require('node:assert/strict');
const { createServer } = require('../src/server');

async function withServer(fn) {
  const server = createServer();
  await new Promise(resolve => server.listen(0, resolve));
  const base = `http://127.0.0.1:${server.address().port}`;
  try {
    await fn(base);
  } finally {
    await new Promise(resolve => server.close(resolve));
  }
}

test('answers the health check', async () => {
  await withServer(async base => {
    const res = await fetch(`${base}/healthz`);
    assert.equal(res.status, 200);
  });
});

test('counts requests and their latency for /metrics', async () => {
  await withServer(async base => {
    await fetch(`${base}/`);
    await fetch(`${base}/nope`);
    const text = await (await fetch(`${base}/metrics`)).text();
    assert.match(
      text,
      /http_requests_total\{method="GET",route="\/",code="200"\} 1/,
    );
    assert.match(
      text,
      /http_requests_total\{method="GET",route="unmatched",code="404"\} 1/,
    );
    assert.match(
      text,
      /http_request_duration_seconds_bucket\{method="GET",route="\/",le="\+Inf"\} 1/,
    );
  });
});
