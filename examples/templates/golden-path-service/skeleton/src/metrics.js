'use strict';

// Prometheus metrics in the text exposition format, without dependencies:
// a request counter and a request latency histogram, labelled by method,
// route (the matched route, never the raw path) and status code.

const BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.3, 0.5, 1, 2.5, 5, 10];

function labelString(labels) {
  const parts = Object.entries(labels).map(
    ([k, v]) =>
      `${k}="${String(v)
        .replace(/\\/g, '\\\\')
        .replace(/"/g, '\\"')
        .replace(/\n/g, '\\n')}"`,
  );
  return parts.length ? `{${parts.join(',')}}` : '';
}

function createMetrics() {
  const requests = new Map(); // key -> { labels, count }
  const durations = new Map(); // key -> { labels, buckets[], sum, count }

  function observe({ method, route, code, seconds }) {
    const labels = { method, route, code: String(code) };
    const key = JSON.stringify(labels);
    const counter = requests.get(key) ?? { labels, count: 0 };
    counter.count += 1;
    requests.set(key, counter);

    const hLabels = { method, route };
    const hKey = JSON.stringify(hLabels);
    const histogram = durations.get(hKey) ?? {
      labels: hLabels,
      buckets: BUCKETS.map(() => 0),
      sum: 0,
      count: 0,
    };
    BUCKETS.forEach((le, i) => {
      if (seconds <= le) histogram.buckets[i] += 1;
    });
    histogram.sum += seconds;
    histogram.count += 1;
    durations.set(hKey, histogram);
  }

  function render() {
    const lines = [
      '# HELP http_requests_total HTTP requests handled, by method, route and status code.',
      '# TYPE http_requests_total counter',
    ];
    for (const { labels, count } of requests.values()) {
      lines.push(`http_requests_total${labelString(labels)} ${count}`);
    }
    lines.push(
      '# HELP http_request_duration_seconds HTTP request latency in seconds, by method and route.',
      '# TYPE http_request_duration_seconds histogram',
    );
    for (const h of durations.values()) {
      BUCKETS.forEach((le, i) => {
        lines.push(
          `http_request_duration_seconds_bucket${labelString({
            ...h.labels,
            le: String(le),
          })} ${h.buckets[i]}`,
        );
      });
      lines.push(
        `http_request_duration_seconds_bucket${labelString({
          ...h.labels,
          le: '+Inf',
        })} ${h.count}`,
        `http_request_duration_seconds_sum${labelString(h.labels)} ${h.sum}`,
        `http_request_duration_seconds_count${labelString(h.labels)} ${
          h.count
        }`,
      );
    }
    return `${lines.join('\n')}\n`;
  }

  return { observe, render };
}

module.exports = { createMetrics, BUCKETS };
