import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import {
  DRY_RUN_PREVIEW_CHARS,
  MAX_REPORT_BYTES,
  ReportInput,
  checkReport,
  dryRunText,
  policyEntityRef,
  policySummary,
  readReport,
} from './policy';

const CONFTEST = [
  {
    filename: 'k8s/deployment.yaml',
    namespace: 'main',
    successes: 3,
    failures: [{ msg: 'Containers must not run as root' }],
    warnings: [],
  },
];
const SARIF = {
  version: '2.1.0',
  runs: [{ tool: { driver: { name: 'Trivy' } }, results: [] }],
};

const input = (
  text: string | Uint8Array,
  name = 'report.json',
): ReportInput => ({
  bytes: typeof text === 'string' ? Buffer.from(text, 'utf8') : text,
  name,
});

describe('checkReport', () => {
  it('returns the text of Conftest JSON output and of a SARIF 2.1.0 log', () => {
    const conftest = JSON.stringify(CONFTEST, null, 2);
    expect(checkReport(input(conftest), 'conftest')).toBe(conftest);
    // a single file result counts too (the backend takes one)
    const sarif = JSON.stringify(SARIF);
    expect(checkReport(input(sarif), 'sarif')).toBe(sarif);
  });

  it('accepts a UTF-8 byte order mark (the text for the preview leaves it out)', () => {
    const text = JSON.stringify(SARIF);
    expect(checkReport(input(`\uFEFF${text}`), 'sarif')).toBe(text);
  });

  it.each([
    ['', 'conftest', 'report.json is empty: did the scan step fail'],
    [
      'FAIL - k8s/deployment.yaml - main - Containers must not run as root',
      'conftest',
      'report.json is not JSON (',
    ],
    [
      'FAIL - k8s/deployment.yaml',
      'conftest',
      'write it with `conftest test -o json ... > conftest.json`',
    ],
    ['{"version": "2.1.0"', 'sarif', 'report.json is not JSON'],
    [
      JSON.stringify(SARIF),
      'conftest',
      'report.json is a SARIF log, not Conftest JSON output: use --format sarif',
    ],
    [
      JSON.stringify(CONFTEST),
      'sarif',
      'report.json is Conftest JSON output, not a SARIF log: use --format conftest',
    ],
    [
      '{"filename": "a.yaml", "successes": 1}',
      'conftest',
      'is not Conftest JSON output: expected the JSON array `conftest test -o json` writes, got an object',
    ],
    ['[]', 'conftest', 'the array is empty: conftest tested no file'],
    [
      '[{"filename": "a.yaml", "successes": 1}, {"file": "b.yaml"}]',
      'conftest',
      '[1]: expected a Conftest file result',
    ],
    [
      '[1]',
      'conftest',
      '[0]: expected a Conftest file result ({"filename", "successes", "failures", ...}), got a number',
    ],
    [
      '"sarif"',
      'sarif',
      'expected a SARIF 2.1.0 log (an object with "version" and "runs"), got a string',
    ],
    [
      '{"runs": []}',
      'sarif',
      'version: expected "2.1.0" (SARIF 2.1.0), got nothing',
    ],
    [
      '{"version": "2.0.0", "runs": []}',
      'sarif',
      'version: expected "2.1.0" (SARIF 2.1.0), got "2.0.0"',
    ],
    ['{"version": "2.1.0"}', 'sarif', 'runs: expected an array, got nothing'],
    [
      '{"version": "2.1.0", "runs": {}}',
      'sarif',
      'runs: expected an array, got an object',
    ],
    ['{"version": "2.1.0", "runs": []}', 'sarif', 'runs: the log has no run'],
  ] as const)('refuses %j as %s', (text, format, message) => {
    expect(() => checkReport(input(text), format)).toThrow(message);
  });

  it('refuses UTF-16 (PowerShell redirection) and bytes that are not UTF-8', () => {
    const utf16 = Buffer.concat([
      Buffer.from([0xff, 0xfe]),
      Buffer.from(JSON.stringify(SARIF), 'utf16le'),
    ]);
    expect(() => checkReport(input(utf16), 'sarif')).toThrow(
      'report.json is UTF-16 text',
    );
    expect(() =>
      checkReport(input(Buffer.from([0x5b, 0xc3, 0x28, 0x5d])), 'conftest'),
    ).toThrow('report.json is not UTF-8 text');
  });
});

describe('policyEntityRef', () => {
  it.each([
    ['component:default/cart', 'component:default/cart'],
    ['Component:payments/Cart', 'Component:payments/Cart'],
    ['resource:db', 'resource:default/db'],
    ['cart', 'component:default/cart'],
  ])('%s → %s', (value, ref) => {
    expect(policyEntityRef(value)).toBe(ref);
  });

  it.each([
    'component:',
    ':default/cart',
    'component:default/',
    'a b',
    'x:y/z/w',
  ])('refuses %j', value => {
    expect(() => policyEntityRef(value)).toThrow(
      '--entity must be an entity ref such as component:default/checkout',
    );
  });
});

describe('policySummary', () => {
  const base = { reports: 1, results: 12, unmapped: 0, skipped: [] };

  it('counts reports and results for the entities changed', () => {
    expect(
      policySummary(
        { ...base, entities: ['component:default/cart'] },
        'component:default/cart',
      ),
    ).toBe('Sent 1 report (12 results) for component:default/cart; 0 unmapped');
    expect(
      policySummary(
        { ...base, reports: 2, results: 1, unmapped: 1, entities: ['a', 'b'] },
        'a',
      ),
    ).toBe('Sent 2 reports (1 result) for a, b; 1 unmapped');
  });

  it('says so when no entity changed, rather than naming one', () => {
    expect(
      policySummary({ ...base, entities: [] }, 'component:default/cart'),
    ).toBe(
      'Sent 1 report (12 results) for component:default/cart (no change stored); 0 unmapped',
    );
  });
});

describe('dryRunText', () => {
  it('shows method, URL, size and the first characters only', () => {
    const text = `[${'x'.repeat(DRY_RUN_PREVIEW_CHARS + 100)}]`;
    const out = dryRunText({
      url: 'https://b.example.com/api/policy/reports?format=conftest',
      hasToken: true,
      bytes: Buffer.byteLength(text),
      text,
    });
    const lines = out.split('\n');
    expect(lines.slice(0, 4)).toEqual([
      'POST https://b.example.com/api/policy/reports?format=conftest',
      'Content-Type: application/json',
      'Authorization: Bearer ***',
      '602 bytes, the first 500 characters:',
    ]);
    expect(lines[4]).toHaveLength(DRY_RUN_PREVIEW_CHARS);
    expect(lines[5]).toBe('… (102 more characters)');
  });

  it('shows a short report whole, and says when there is no token', () => {
    const out = dryRunText({ url: 'u', hasToken: false, bytes: 2, text: '[]' });
    expect(out).toBe(
      'POST u\nContent-Type: application/json\nAuthorization: (no token: set GOLDPATH_TOKEN)\n2 bytes:\n[]\n',
    );
  });

  it('does not cut a character in half', () => {
    const text = `${'x'.repeat(DRY_RUN_PREVIEW_CHARS - 1)}😀tail`;
    const out = dryRunText({ url: 'u', hasToken: false, bytes: 1, text });
    expect(out.split('\n')[4]).toBe('x'.repeat(DRY_RUN_PREVIEW_CHARS - 1));
  });
});

describe('readReport', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(path.join(os.tmpdir(), 'goldpath-events-'));
  });
  afterEach(async () => {
    await rm(dir, { recursive: true, force: true });
  });

  it('reads a file as bytes, unchanged', async () => {
    const file = path.join(dir, 'conftest.json');
    const bytes = Buffer.from(`\uFEFF${JSON.stringify(CONFTEST)}\r\n`, 'utf8');
    await writeFile(file, bytes);
    const read = await readReport(file, undefined);
    expect(read.name).toBe(file);
    expect(Buffer.from(read.bytes).equals(bytes)).toBe(true);
  });

  it('reads standard input for -', async () => {
    const read = await readReport(
      '-',
      Readable.from([Buffer.from('[{"filename"'), ': "a", "successes": 1}]']),
    );
    expect(read.name).toBe('standard input');
    expect(Buffer.from(read.bytes).toString()).toBe(
      '[{"filename": "a", "successes": 1}]',
    );
  });

  it('refuses a terminal, or no standard input', async () => {
    const tty = Object.assign(Readable.from([]), { isTTY: true });
    await expect(readReport('-', tty)).rejects.toThrow(
      'standard input is a terminal',
    );
    await expect(readReport('-', undefined)).rejects.toThrow(
      'there is no standard input',
    );
  });

  it('refuses a missing file and a directory', async () => {
    await expect(
      readReport(path.join(dir, 'missing.json'), undefined),
    ).rejects.toThrow(
      'missing.json: no such file (did the scan step write it?)',
    );
    await mkdir(path.join(dir, 'out'));
    await expect(readReport(path.join(dir, 'out'), undefined)).rejects.toThrow(
      'out is a directory',
    );
  });

  it('refuses more than 10 MB before reading it, from a file or standard input', async () => {
    const file = path.join(dir, 'big.sarif');
    await writeFile(file, Buffer.alloc(MAX_REPORT_BYTES + 1, 0x20));
    await expect(readReport(file, undefined)).rejects.toThrow(
      'big.sarif is 10.0 MB; the policy backend takes at most 10 MB (10485760 bytes)',
    );
    // exactly the limit is fine
    await writeFile(file, Buffer.alloc(MAX_REPORT_BYTES, 0x20));
    await expect(readReport(file, undefined)).resolves.toMatchObject({
      name: file,
    });

    let pulled = 0;
    async function* endless() {
      const chunk = Buffer.alloc(1024 * 1024, 0x20);
      for (;;) {
        pulled += 1;
        yield chunk;
      }
    }
    await expect(readReport('-', endless())).rejects.toThrow(
      'standard input holds more than 10 MB; the policy backend takes at most 10 MB',
    );
    // it stops reading at the limit
    expect(pulled).toBe(11);
  });
});
