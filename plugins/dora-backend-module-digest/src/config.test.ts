import { mockServices } from '@backstage/backend-test-utils';
import { readDigestConfig } from './config';

const read = (digest?: unknown) =>
  readDigestConfig(
    mockServices.rootConfig({
      data: digest === undefined ? {} : { goldpath: { dora: { digest } } },
    }),
  );

describe('readDigestConfig', () => {
  it('is off by default, hourly, from Monday, for group:default/platform, 5 attempts', () => {
    expect(read()).toEqual({
      enabled: false,
      schedule: { milliseconds: 3_600_000 },
      platformTeam: 'group:default/platform',
      weekStartsOn: 'monday',
      maxAttempts: 5,
    });
  });

  it('reads a cron schedule, a short platform ref and the week start', () => {
    expect(
      read({
        enabled: true,
        schedule: '0 7 * * 1',
        platformTeam: 'Platform-Team',
        weekStartsOn: 'sunday',
        maxAttempts: 3,
      }),
    ).toEqual({
      enabled: true,
      schedule: { cron: '0 7 * * 1' },
      platformTeam: 'group:default/platform-team',
      weekStartsOn: 'sunday',
      maxAttempts: 3,
    });
  });

  it('names every bad key', () => {
    expect(() =>
      read({
        enabled: 'yes',
        schedule: 'weekly',
        weekStartsOn: 'funday',
        maxAttempts: 0,
        platformTeam: 'group:a:b/c',
        extra: 1,
      }),
    ).toThrow(
      /goldpath\.dora\.digest\.enabled .*goldpath\.dora\.digest\.schedule must be a cron expression.*goldpath\.dora\.digest\.platformTeam must be an entity ref.*goldpath\.dora\.digest\.weekStartsOn must be one of sunday, monday.*goldpath\.dora\.digest\.maxAttempts must be at least 1/,
    );
    expect(() => read({ schedule: '30s' })).toThrow(/schedule/);
  });
});
