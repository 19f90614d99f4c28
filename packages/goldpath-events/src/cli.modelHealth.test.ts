import { validateDeliveryEvent } from '@goldpath/plugin-dora-common';
import { main } from './cli';
import { Env } from './context';
import { GITHUB_ENV } from './__testUtils__/env';

const NOW = new Date('2024-05-01T12:00:00Z');

async function run(argv: string[], env: Env = GITHUB_ENV) {
  let stdout = '';
  let stderr = '';
  const fetch = jest.fn();
  const code = await main(argv, {
    env,
    io: {
      stdout: t => {
        stdout += t;
      },
      stderr: t => {
        stderr += t;
      },
    },
    now: () => NOW,
    sleep: async () => {},
    random: () => 0.5,
    fetch,
  });
  return { code, stdout, stderr, fetch };
}

const BASE = [
  'model-health',
  '--service',
  'fraud-detector',
  '--model',
  'fraud-detector',
  '--dry-run',
];

describe('goldpath-events model-health', () => {
  it('prints a model_health event the dora backend accepts', async () => {
    const { code, stdout, fetch } = await run([
      ...BASE,
      '--model-version',
      '7',
      '--data-drift',
      '0.23',
      '--drift-threshold',
      '0.2',
      '--drift-method',
      'psi',
      '--accuracy',
      '0.93',
      '--accuracy-metric',
      'auc',
      '--sample-size',
      '1200',
      '--latency-buckets',
      '0.05=120, 0.1=300,0.25=410,+Inf=420',
      '--latency-sum',
      '31.5',
      '--latency-count',
      '420',
      '--window-start',
      '2024-05-01T11:00:00Z',
    ]);
    expect(code).toBe(0);
    expect(fetch).not.toHaveBeenCalled();
    const { events } = JSON.parse(stdout);
    expect(events).toEqual([
      expect.objectContaining({
        id: 'gha:acme/checkout:7001:1:model_health:fraud-detector:fraud-detector:2024-05-01T12:00:00.000Z',
        type: 'model_health',
        timestamp: '2024-05-01T12:00:00.000Z',
        service: 'fraud-detector',
        model: 'fraud-detector',
        modelVersion: '7',
        dataDrift: { score: 0.23, threshold: 0.2, method: 'psi' },
        accuracy: { value: 0.93, metric: 'auc', sampleSize: 1200 },
        latency: {
          buckets: [
            { le: 0.05, count: 120 },
            { le: 0.1, count: 300 },
            { le: 0.25, count: 410 },
            { le: '+Inf', count: 420 },
          ],
          sum: 31.5,
          count: 420,
        },
        windowStart: '2024-05-01T11:00:00.000Z',
      }),
    ]);
    expect(
      validateDeliveryEvent(events[0], { now: NOW.getTime() }),
    ).toMatchObject({ ok: true });
  });

  it('sends only what is given, and no default metric', async () => {
    const { code, stdout } = await run([...BASE, '--accuracy', '0.9']);
    expect(code).toBe(0);
    const [event] = JSON.parse(stdout).events;
    expect(event.accuracy).toEqual({ value: 0.9 });
    expect(event).not.toHaveProperty('dataDrift');
    expect(event).not.toHaveProperty('latency');
    expect(event).not.toHaveProperty('modelVersion');
  });

  it.each([
    [[], /at least one of --data-drift, --accuracy or --latency-buckets/],
    [['--accuracy', '1.2'], /--accuracy must be a number from 0 to 1/],
    [['--data-drift', '-1'], /--data-drift must be a number >= 0/],
    [['--data-drift', 'high'], /--data-drift must be a number/],
    [
      ['--drift-threshold', '0.2'],
      /--drift-threshold and --drift-method need --data-drift/,
    ],
    [
      ['--accuracy', '0.9', '--sample-size', '1.5'],
      /--sample-size must be a whole number/,
    ],
    [['--latency-buckets', '0.1=5,0.05=9,+Inf=9'], /bounds must be ascending/],
    [['--latency-buckets', '0.1=5,0.2=3,+Inf=9'], /counts are cumulative/],
    [['--latency-buckets', '0.1=5,0.2=9'], /must end with a \+Inf bucket/],
    [['--latency-buckets', '0.1:5,+Inf=9'], /le=count pairs/],
    [
      ['--latency-buckets', '0.1=5,+Inf=9', '--latency-count', '8'],
      /--latency-count \(8\) must equal the \+Inf bucket's count \(9\)/,
    ],
    [['--latency-sum', '3'], /need --latency-buckets/],
  ])('refuses %j as a usage error', async (extra, message) => {
    const { code, stderr, stdout } = await run([...BASE, ...extra]);
    expect(code).toBe(2);
    expect(stderr).toMatch(message);
    expect(stdout).toBe('');
  });

  it('needs --model', async () => {
    const { code, stderr } = await run([
      'model-health',
      '--service',
      'fraud-detector',
      '--accuracy',
      '0.9',
      '--dry-run',
    ]);
    expect(code).toBe(2);
    expect(stderr).toMatch(/--model is required/);
  });

  it('has help that names every flag', async () => {
    const { code, stdout } = await run(['model-health', '--help']);
    expect(code).toBe(0);
    for (const flag of [
      '--model-version',
      '--data-drift',
      '--drift-threshold',
      '--drift-method',
      '--accuracy-metric',
      '--sample-size',
      '--latency-buckets',
      '--latency-sum',
      '--latency-count',
    ]) {
      expect(stdout).toContain(flag);
    }
  });
});
