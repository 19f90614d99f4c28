'use strict';

const http = require('node:http');
const { createMetrics } = require('./metrics');
const { name } = require('../package.json');

// The routes of the service. Add yours here; the route name (not the raw
// path) labels the metrics, so the number of series stays bounded.
function createRoutes() {
  return {
    'GET /': (_req, res) => json(res, 200, { service: name, status: 'ok' }),
  };
}

function json(res, status, body) {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}

function createServer({
  routes = createRoutes(),
  metrics = createMetrics(),
} = {}) {
  let ready = true;
  const server = http.createServer((req, res) => {
    const started = process.hrtime.bigint();
    const path = new URL(req.url, 'http://localhost').pathname;
    let route = 'unmatched';
    res.on('finish', () => {
      // The probes and the scrape are not part of the SLOs.
      if (route === '/healthz' || route === '/metrics') return;
      const seconds = Number(process.hrtime.bigint() - started) / 1e9;
      metrics.observe({
        method: req.method,
        route,
        code: res.statusCode,
        seconds,
      });
    });
    try {
      if (req.method === 'GET' && path === '/healthz') {
        route = '/healthz';
        return json(res, ready ? 200 : 503, {
          status: ready ? 'ok' : 'shutting down',
        });
      }
      if (req.method === 'GET' && path === '/metrics') {
        route = '/metrics';
        res.writeHead(200, {
          'content-type': 'text/plain; version=0.0.4; charset=utf-8',
        });
        return res.end(metrics.render());
      }
      const handler = routes[`${req.method} ${path}`];
      if (!handler) return json(res, 404, { error: 'not found' });
      route = path;
      return handler(req, res);
    } catch (error) {
      console.error(error);
      return json(res, 500, { error: 'internal error' });
    }
  });
  server.markShuttingDown = () => {
    ready = false;
  };
  return server;
}

module.exports = { createServer, createRoutes };
