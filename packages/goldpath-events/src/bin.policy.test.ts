import { spawn } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { GITHUB_ENV, GITLAB_ENV } from './__testUtils__/env';

jest.setTimeout(60_000);

const ROOT = path.resolve(__dirname, '../../..');
const BIN = path.resolve(__dirname, '../bin/goldpath-events');
const PAYLOADS = path.resolve(ROOT, '../shared/reference/payloads');
const CONFTEST = path.join(PAYLOADS, 'conftest/conftest-test-output.json');
const SARIF = path.join(PAYLOADS, 'sarif/conftest-sarif-2.1.0.json');

const TOKEN = 'ci-token-0123456789';

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the real command (bin/goldpath-events) with only the given variables. */
function cli(
  args: string[],
  env: Record<string, string>,
  stdin?: Buffer,
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], {
      cwd: ROOT,
      env: { PATH: process.env.PATH ?? '', ...env },
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', chunk => {
      stdout += chunk;
    });
    child.stderr.on('data', chunk => {
      stderr += chunk;
    });
    child.on('error', reject);
    child.on('close', code => resolve({ code, stdout, stderr }));
    child.stdin.end(stdin);
  });
}

interface Seen {
  method?: string;
  path: string;
  query: Record<string, string>;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/**
 * A stand-in for `POST /api/policy/reports` of the policy backend (written
 * at the same time as this command): it records every request and answers
 * like the backend does.
 */
async function policyBackend(
  answer: (seen: Seen) => { status: number; body: unknown },
) {
  const seen: Seen[] = [];
  const srv = http.createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', chunk => chunks.push(chunk));
    req.on('end', () => {
      const url = new URL(req.url ?? '/', 'http://localhost');
      const request: Seen = {
        method: req.method,
        path: url.pathname,
        query: Object.fromEntries(url.searchParams),
        headers: req.headers,
        body: Buffer.concat(chunks),
      };
      seen.push(request);
      const { status, body } = answer(request);
      res.writeHead(status, { 'Content-Type': 'application/json' });
      res.end(JSON.stringify(body));
    });
  });
  await new Promise<void>(resolve => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as AddressInfo;
  return { url: `http://127.0.0.1:${port}`, seen, server: srv };
}

const hasPayloads = existsSync(CONFTEST) && existsSync(SARIF);
if (!hasPayloads) {
  // eslint-disable-next-line no-console
  console.warn(
    `Skipping the bin/goldpath-events policy tests: the reference payloads are not at ${PAYLOADS} (they are beside the repository in the Goldpath workplace and CI).`,
  );
}

(hasPayloads ? describe : describe.skip)(
  'bin/goldpath-events policy as a process (real payloads, a stand-in server)',
  () => {
    let backend: Awaited<ReturnType<typeof policyBackend>>;
    afterEach(async () => {
      await new Promise(resolve => backend?.server.close(resolve));
    });

    /** Answers 401 without the token, 400 for a body it cannot take, else 200. */
    const like = (seen: Seen) => {
      if (seen.headers.authorization !== `Bearer ${TOKEN}`) {
        return {
          status: 401,
          body: {
            error: { name: 'AuthenticationError', message: 'Illegal token' },
          },
        };
      }
      try {
        const doc = JSON.parse(seen.body.toString('utf8'));
        const results = Array.isArray(doc)
          ? doc.reduce(
              (n: number, f: { failures?: unknown[] }) =>
                n + (f.failures?.length ?? 0) + 1,
              0,
            )
          : doc.runs[0].results.length;
        return {
          status: 200,
          body: {
            reports: 1,
            results,
            entities: [seen.query.entity],
            unmapped: 0,
            skipped: [],
          },
        };
      } catch {
        return {
          status: 400,
          body: {
            error: {
              name: 'InputError',
              message: 'document 1: not valid JSON',
            },
          },
        };
      }
    };

    it('posts conftest -o json output from a file, unchanged, with the GitHub Actions defaults', async () => {
      backend = await policyBackend(like);
      const result = await cli(
        [
          'policy',
          '--format',
          'conftest',
          '--entity',
          'component:default/hello-kubernetes',
          CONFTEST,
        ],
        { ...GITHUB_ENV, GOLDPATH_URL: backend.url, GOLDPATH_TOKEN: TOKEN },
      );
      expect(result).toEqual({
        code: 0,
        stdout:
          'goldpath-events: Sent 1 report (5 results) for component:default/hello-kubernetes; 0 unmapped\n',
        stderr: '',
      });
      expect(backend.seen).toHaveLength(1);
      const [request] = backend.seen;
      expect(request.method).toBe('POST');
      expect(request.path).toBe('/api/policy/reports');
      expect(request.query).toEqual({
        format: 'conftest',
        entity: 'component:default/hello-kubernetes',
        source: 'github-actions:acme/checkout/Deploy',
        repository: 'acme/checkout',
      });
      expect(request.headers['content-type']).toBe('application/json');
      expect(request.headers.authorization).toBe(`Bearer ${TOKEN}`);
      expect(request.body.equals(readFileSync(CONFTEST))).toBe(true);
    });

    it('posts SARIF from standard input with the GitLab CI defaults', async () => {
      backend = await policyBackend(like);
      const result = await cli(
        ['policy', '--format', 'sarif', '--entity', 'cart', '-'],
        {
          ...GITLAB_ENV,
          GOLDPATH_URL: `${backend.url}/api/policy`,
          GOLDPATH_TOKEN: TOKEN,
        },
        readFileSync(SARIF),
      );
      expect(result.stderr).toBe('');
      expect(result.code).toBe(0);
      expect(result.stdout).toBe(
        'goldpath-events: Sent 1 report (1 result) for component:default/cart; 0 unmapped\n',
      );
      const [request] = backend.seen;
      expect(request.path).toBe('/api/policy/reports');
      expect(request.query).toEqual({
        format: 'sarif',
        entity: 'component:default/cart',
        source: 'gitlab-ci:acme/shop/checkout/deploy-production',
        repository: 'acme/shop/checkout',
      });
      expect(request.body.equals(readFileSync(SARIF))).toBe(true);
    });

    it('exits 1 with the message of a 401, and never prints the token', async () => {
      backend = await policyBackend(like);
      const wrong = 'not-the-token-0123456789';
      const result = await cli(
        [
          'policy',
          '--format',
          'sarif',
          '--entity',
          'cart',
          '--token',
          wrong,
          SARIF,
        ],
        { ...GITHUB_ENV, GOLDPATH_URL: backend.url },
      );
      expect(result.code).toBe(1);
      expect(result.stdout).toBe('');
      expect(result.stderr).toContain(
        '401 Unauthorized: the token is missing or invalid (Illegal token)',
      );
      expect(result.stderr + result.stdout).not.toContain(wrong);
    });

    it('refuses the wrong format with exit 2, sending nothing', async () => {
      backend = await policyBackend(like);
      const result = await cli(
        ['policy', '--format', 'conftest', '--entity', 'cart', '-'],
        { ...GITHUB_ENV, GOLDPATH_URL: backend.url, GOLDPATH_TOKEN: TOKEN },
        readFileSync(SARIF),
      );
      expect(result.code).toBe(2);
      expect(result.stderr).toContain(
        'standard input is a SARIF log, not Conftest JSON output: use --format sarif',
      );
      expect(backend.seen).toEqual([]);
    });

    it('prints the request on --dry-run, sending nothing', async () => {
      backend = await policyBackend(like);
      const result = await cli(
        ['policy', '--format', 'sarif', '--entity', 'cart', '--dry-run', SARIF],
        { ...GITHUB_ENV, GOLDPATH_URL: backend.url, GOLDPATH_TOKEN: TOKEN },
      );
      expect(result.code).toBe(0);
      const bytes = readFileSync(SARIF);
      expect(result.stdout).toContain(
        `POST ${backend.url}/api/policy/reports?format=sarif&entity=component%3Adefault%2Fcart&source=github-actions%3Aacme%2Fcheckout%2FDeploy&repository=acme%2Fcheckout\n`,
      );
      expect(result.stdout).toContain(
        `${bytes.length} bytes, the first 500 characters:\n`,
      );
      expect(result.stdout).toContain(bytes.toString('utf8').slice(0, 500));
      expect(result.stdout).not.toContain(TOKEN);
      expect(backend.seen).toEqual([]);
    });
  },
);
