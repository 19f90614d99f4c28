import { ConfigReader } from '@backstage/config';
import { readDoraBackendConfig } from './config';

const read = (dora: object) =>
  readDoraBackendConfig(new ConfigReader({ goldpath: { dora } }));

describe('readDoraBackendConfig', () => {
  it('has the documented defaults', () => {
    const config = readDoraBackendConfig(new ConfigReader({}));
    expect(config.engine.windowDays).toBe(90);
    expect(config.ingestion).toEqual({
      maxBodyBytes: 5 * 1024 * 1024,
      maxEvents: 5000,
      maxFutureMillis: 3_600_000,
      allowUsers: false,
      rateLimit: { requestsPerMinute: 600, burst: 600 },
    });
    expect(config.privacy.actorHashKey).toBeUndefined();
  });

  it('reads who may send events and the rate limit', () => {
    expect(
      read({
        ingestion: {
          allowUsers: true,
          rateLimit: { requestsPerMinute: 60, burst: 5 },
        },
      }).ingestion,
    ).toMatchObject({
      allowUsers: true,
      rateLimit: { requestsPerMinute: 60, burst: 5 },
    });
    expect(
      read({ ingestion: { rateLimit: { enabled: false } } }).ingestion
        .rateLimit,
    ).toBeUndefined();
    expect(() =>
      read({ ingestion: { rateLimit: { requestsPerMinute: 0 } } }),
    ).toThrow(
      'goldpath.dora.ingestion.rateLimit.requestsPerMinute must be a positive integer, got 0',
    );
  });

  it('reads windows, sizes, thresholds and engine options', () => {
    const config = read({
      window: '12w',
      benchmark: 'dora-2023-rework',
      attribution: 'inclusive',
      thresholds: {
        changeLeadTime: { elite: '4h' },
        changeFailRate: { high: 0.2 },
        deploymentFrequency: { eliteDaysPerWeek: 4 },
      },
      ingestion: { maxBodySize: '500kb', maxEvents: 10, maxFutureSkew: '5m' },
      privacy: { actorHashKey: 'k' },
    });
    expect(config.engine).toMatchObject({
      windowDays: 84,
      benchmark: 'dora-2023-rework',
      attribution: 'inclusive',
      thresholds: {
        changeLeadTime: { elite: 14_400 },
        changeFailRate: { high: 0.2 },
        deploymentFrequency: { eliteDaysPerWeek: 4 },
      },
    });
    expect(config.ingestion).toEqual({
      maxBodyBytes: 500 * 1024,
      maxEvents: 10,
      maxFutureMillis: 300_000,
      allowUsers: false,
      rateLimit: { requestsPerMinute: 600, burst: 600 },
    });
    expect(config.privacy.actorHashKey).toBe('k');
  });

  it('reads webhook sources, the events bus, privacy and retention', () => {
    const config = read({
      webhooks: {
        github: { secret: 'a', secrets: ['b'] },
        gitlab: { token: 't', signingToken: 'whsec_x' },
        opsgenie: { token: 'o', tokenHeader: 'X-Opsgenie-Token' },
      },
      eventsBus: { topics: { github: ['github', 'kafka.github'] } },
      privacy: { excludeRepositories: ['acme/secret-*'] },
      retention: { events: '730d' },
      catalog: { refreshInterval: '30s' },
    });
    expect(config.webhooks).toEqual({
      allowInsecure: false,
      sources: {
        github: { secrets: ['a', 'b'] },
        gitlab: { token: 't', signingToken: 'whsec_x' },
        opsgenie: { token: 'o', tokenHeader: 'x-opsgenie-token' },
      },
      maxBodyBytes: {
        github: 25 * 1024 * 1024,
        'github-issues': 25 * 1024 * 1024,
      },
      ticketMappings: {},
    });
    expect(config.eventsBus).toEqual({
      enabled: true,
      topics: {
        github: ['github', 'kafka.github'],
        gitlab: ['gitlab'],
        canonical: ['goldpath.dora'],
      },
      replayFrequencyMillis: 5 * 60_000,
    });
    expect(config.privacy.excludeRepositories).toEqual(['acme/secret-*']);
    expect(config.retention).toEqual({
      eventsMillis: 730 * 86_400_000,
      unresolvedMillis: 90 * 86_400_000,
    });
    expect(config.catalog.refreshMillis).toBe(30_000);
  });

  it('reads the platform-ticket settings and the ticket sources’ mappings', () => {
    expect(read({}).tickets).toEqual({});
    expect(read({ tickets: { triageSla: { hours: 8 } } }).tickets).toEqual({
      triageSlaMillis: 8 * 3_600_000,
    });
    expect(
      read({ tickets: { triageSla: '90m', timeZone: 'Europe/Berlin' } })
        .tickets,
    ).toEqual({ triageSlaMillis: 90 * 60_000, timeZone: 'Europe/Berlin' });
    const webhooks = read({
      webhooks: {
        jira: {
          secret: 's',
          category: { from: 'field', field: 'customfield_10042' },
          team: { from: 'labelPrefix', prefix: 'squad-' },
        },
        'github-issues': { secret: 's' },
      },
    }).webhooks;
    expect(webhooks.sources.jira).toEqual({ secrets: ['s'] });
    expect(webhooks.ticketMappings).toEqual({
      jira: {
        category: { from: 'field', field: 'customfield_10042' },
        team: { from: 'labelPrefix', prefix: 'squad-' },
      },
    });
    expect(() => read({ tickets: { triageSla: { fortnights: 1 } } })).toThrow(
      'goldpath.dora.tickets.triageSla',
    );
    expect(() => read({ tickets: { triageSla: '0h' } })).toThrow(
      'goldpath.dora.tickets.triageSla must be a positive duration',
    );
    expect(() => read({ tickets: { timeZone: 'Mars/Olympus' } })).toThrow(
      'goldpath.dora.tickets.timeZone',
    );
    expect(() =>
      read({
        webhooks: {
          'github-issues': { secret: 's', category: { from: 'issueType' } },
        },
      }),
    ).toThrow(
      'goldpath.dora.webhooks.github-issues.category.from must be one of labelPrefix',
    );
  });

  it('refuses a webhook source without a secret, unless insecure mode is explicit', () => {
    expect(() => read({ webhooks: { flux: {} } })).toThrow(
      'goldpath.dora.webhooks.flux is enabled without a secret or token',
    );
    expect(
      read({ webhooks: { allowInsecure: true, flux: {} } }).webhooks,
    ).toEqual({
      allowInsecure: true,
      sources: { flux: {} },
      maxBodyBytes: {
        github: 25 * 1024 * 1024,
        'github-issues': 25 * 1024 * 1024,
      },
      ticketMappings: {},
    });
  });

  it('reads per-source body limits and the dead-letter replay frequency', () => {
    const config = read({
      webhooks: {
        github: { secret: 'a', maxBodySize: '10mb' },
        gitlab: { token: 't', maxBodySize: '500kb' },
      },
      eventsBus: { deadLetters: { replayFrequency: '15m' } },
    });
    expect(config.webhooks.maxBodyBytes).toEqual({
      github: 10 * 1024 * 1024,
      'github-issues': 25 * 1024 * 1024,
      gitlab: 500 * 1024,
    });
    expect(config.eventsBus.replayFrequencyMillis).toBe(15 * 60_000);
    expect(() =>
      read({ webhooks: { github: { secret: 'a', maxBodySize: 'huge' } } }),
    ).toThrow('goldpath.dora.webhooks.github.maxBodySize');
    expect(() =>
      read({ eventsBus: { deadLetters: { replayFrequency: '10s' } } }),
    ).toThrow('goldpath.dora.eventsBus.deadLetters.replayFrequency');
  });

  it.each([
    [{ webhooks: { jenkins: { token: 'x' } } }, 'not a webhook source'],
    [{ retention: { events: '1h' } }, 'retention.events'],
    [{ catalog: { refreshInterval: 'often' } }, 'catalog.refreshInterval'],
    [{ window: '36h' }, 'goldpath.dora.window'],
    [{ benchmark: 'dora-1999' }, 'Unknown benchmark set'],
    [{ productionPattern: '(' }, 'productionPattern'],
    [{ attribution: 'sometimes' }, 'attribution'],
    [{ thresholds: { changeFailRate: { elite: 5 } } }, 'changeFailRate.elite'],
    [
      { thresholds: { changeLeadTime: { elite: 'soon' } } },
      'changeLeadTime.elite',
    ],
    [{ ingestion: { maxBodySize: 'huge' } }, 'maxBodySize'],
    [{ ingestion: { maxEvents: 0 } }, 'maxEvents'],
    [{ ingestion: { maxFutureSkew: 'a bit' } }, 'maxFutureSkew'],
  ])('refuses %j naming %s', (dora, key) => {
    expect(() => read(dora)).toThrow(key);
  });
});
