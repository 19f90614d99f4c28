import { AdoptionComponent } from './adoption';
import { versionDriftNoticeText, versionDriftNotices } from './versionNotices';

const SVC = 'template:default/svc';
const WEB = 'template:default/web';
const RED = 'group:default/red';
const BLUE = 'group:default/blue';
const c = (
  name: string,
  owners: string[],
  template: AdoptionComponent['template'],
): AdoptionComponent => ({
  ref: `component:default/${name}`,
  owners,
  template,
});

const components = [
  c('a', [RED], { ref: SVC, version: '1.4.0' }),
  c('b', [RED, BLUE], { ref: SVC, version: '2.0.0' }),
  c('c', [BLUE], { ref: SVC, version: '2.1.0' }), // current: not behind
  c('d', [BLUE], { ref: SVC }), // no version: unknown, not told
  c('e', [BLUE], { ref: SVC, version: 'main' }), // not semver
  c('f', [], { ref: SVC, version: '1.0.0' }), // nobody to tell
  c('g', [RED], { ref: WEB, version: '0.1.0' }), // web has no annotation
  c('h', [RED], null),
  c('i', [RED], { ref: SVC, version: '3.0.0' }), // ahead of the annotation
];

describe('versionDriftNotices', () => {
  it('tells each owner of an older version, once per template', () => {
    const notices = versionDriftNotices({
      components,
      templateVersions: new Map([[SVC, '2.1.0']]),
      titles: new Map([[SVC, 'Service']]),
    });
    expect(notices).toEqual([
      {
        template: SVC,
        title: 'Service',
        currentVersion: '2.1.0',
        owner: BLUE,
        services: [{ ref: 'component:default/b', version: '2.0.0' }],
      },
      {
        template: SVC,
        title: 'Service',
        currentVersion: '2.1.0',
        owner: RED,
        services: [
          { ref: 'component:default/a', version: '1.4.0' },
          { ref: 'component:default/b', version: '2.0.0' },
        ],
      },
    ]);
  });

  it('tells nobody without an annotated version', () => {
    expect(
      versionDriftNotices({ components, templateVersions: new Map() }),
    ).toEqual([]);
    expect(
      versionDriftNotices({
        components,
        templateVersions: new Map([[SVC, 'latest']]),
      }),
    ).toEqual([]);
  });

  it('writes the template, its version and what each service runs', () => {
    expect(
      versionDriftNoticeText({
        template: SVC,
        title: 'Service',
        currentVersion: '2.1.0',
        owner: RED,
        services: [
          { ref: 'component:default/a', version: '1.4.0' },
          { ref: 'component:default/b', version: '2.0.0' },
        ],
      }),
    ).toEqual({
      title: 'Service 2.1.0 is out',
      description:
        'a runs 1.4.0; b runs 2.0.0. Update from the template to get its fixes and defaults.',
    });
  });
});
