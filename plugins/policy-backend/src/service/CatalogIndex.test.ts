import { Entity } from '@backstage/catalog-model';
import { mockServices } from '@backstage/backend-test-utils';
import {
  CatalogIndex,
  normalizeRepository,
  parseEqualitySelector,
} from './CatalogIndex';

function entity(
  name: string,
  annotations: Record<string, string>,
  options: { kind?: string; spec?: object } = {},
): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: options.kind ?? 'Component',
    metadata: { name, namespace: 'default', annotations },
    spec: options.spec ?? {},
  };
}

const build = (entities: Entity[]) =>
  CatalogIndex.build(entities, {
    loadedAt: 0,
    logger: mockServices.logger.mock(),
  });

describe('CatalogIndex mapping rules', () => {
  it('rule 2a: the entity whose kubernetes-id equals the resource’s backstage.io/kubernetes-id label', () => {
    const index = build([
      entity('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
      entity('checkout-worker', {
        'backstage.io/kubernetes-id': 'checkout-worker',
      }),
    ]);
    expect(
      index.mapResource({
        kind: 'Deployment',
        namespace: 'shop',
        name: 'checkout-worker',
        labels: { 'backstage.io/kubernetes-id': 'checkout' },
      }),
    ).toBe('component:default/checkout');
    // a label naming no entity falls through to the other rules
    expect(
      index.mapResource({
        kind: 'Deployment',
        name: 'checkout-worker',
        labels: { 'backstage.io/kubernetes-id': 'nobody' },
      }),
    ).toBe('component:default/checkout-worker');
  });

  it('rule 2b: an equality-based label selector matching the resource’s labels', () => {
    const index = build([
      entity('cart', {
        'backstage.io/kubernetes-label-selector': 'app=cart, tier==backend',
      }),
      entity('odd', { 'backstage.io/kubernetes-label-selector': 'app in (x)' }),
    ]);
    expect(
      index.mapResource({
        kind: 'Pod',
        name: 'anything',
        labels: { app: 'cart', tier: 'backend', extra: 'y' },
      }),
    ).toBe('component:default/cart');
    expect(
      index.mapResource({ kind: 'Pod', name: 'x', labels: { app: 'cart' } }),
    ).toBeUndefined();
    // selector-only resources (a report's scopeSelector) map too
    expect(
      index.mapResource({ labels: { app: 'cart', tier: 'backend' } }),
    ).toBe('component:default/cart');
  });

  it('rule 2c: kubernetes-id equal to the resource’s name, or <id>-<suffix> for Pods, ReplicaSets and Jobs', () => {
    const index = build([
      entity('checkout', { 'backstage.io/kubernetes-id': 'checkout' }),
      entity('checkout-worker', {
        'backstage.io/kubernetes-id': 'checkout-worker',
      }),
    ]);
    expect(index.mapResource({ kind: 'Deployment', name: 'checkout' })).toBe(
      'component:default/checkout',
    );
    expect(
      index.mapResource({ kind: 'Pod', name: 'checkout-7d9f8b6c5d-x2x4k' }),
    ).toBe('component:default/checkout');
    // the longest id wins
    expect(
      index.mapResource({
        kind: 'Pod',
        name: 'checkout-worker-7d9f8b6c5d-x2x4k',
      }),
    ).toBe('component:default/checkout-worker');
    expect(
      index.mapResource({ kind: 'ReplicaSet', name: 'checkout-7d9f8b6c5d' }),
    ).toBe('component:default/checkout');
    expect(index.mapResource({ kind: 'Job', name: 'checkout-28391400' })).toBe(
      'component:default/checkout',
    );
    // other kinds match exactly only
    expect(
      index.mapResource({ kind: 'Deployment', name: 'checkout-v2' }),
    ).toBeUndefined();
    expect(index.mapResource({ kind: 'Pod', name: 'checkout' })).toBe(
      'component:default/checkout',
    );
  });

  it('rule 2: an entity with backstage.io/kubernetes-namespace claims only resources of that namespace', () => {
    const index = build([
      entity('payments-api', {
        'backstage.io/kubernetes-id': 'api',
        'backstage.io/kubernetes-namespace': 'payments',
      }),
      entity('shop-api', {
        'backstage.io/kubernetes-id': 'api',
        'backstage.io/kubernetes-namespace': 'shop',
      }),
      entity('any-api', { 'backstage.io/kubernetes-id': 'api' }),
    ]);
    expect(
      index.mapResource({
        kind: 'Service',
        namespace: 'payments',
        name: 'api',
      }),
    ).toBe('component:default/payments-api');
    expect(
      index.mapResource({ kind: 'Service', namespace: 'shop', name: 'api' }),
    ).toBe('component:default/shop-api');
    // no namespace constraint: any namespace
    expect(
      index.mapResource({ kind: 'Service', namespace: 'other', name: 'api' }),
    ).toBe('component:default/any-api');
    const strict = build([
      entity('payments-api', {
        'backstage.io/kubernetes-id': 'api',
        'backstage.io/kubernetes-namespace': 'payments',
      }),
    ]);
    expect(
      strict.mapResource({ kind: 'Service', namespace: 'shop', name: 'api' }),
    ).toBeUndefined();
    expect(
      strict.mapResource({ kind: 'Service', name: 'api' }),
    ).toBeUndefined();
    // a Namespace is in itself
    const ns = build([
      entity('payments', {
        'backstage.io/kubernetes-id': 'payments',
        'backstage.io/kubernetes-namespace': 'payments',
      }),
    ]);
    expect(ns.mapResource({ kind: 'Namespace', name: 'payments' })).toBe(
      'component:default/payments',
    );
  });

  it('rule 3: a repository maps to the component whose github.com or gitlab.com project-slug equals it', () => {
    const index = build([
      entity('checkout', { 'github.com/project-slug': 'Acme/Checkout' }),
      entity('ledger', { 'gitlab.com/project-slug': 'acme/finance/ledger' }),
      entity(
        'infra',
        { 'github.com/project-slug': 'acme/infra' },
        { kind: 'Resource' },
      ),
    ]);
    expect(index.mapRepository('acme/checkout')).toBe(
      'component:default/checkout',
    );
    expect(index.mapRepository('https://github.com/acme/checkout.git')).toBe(
      'component:default/checkout',
    );
    expect(index.mapRepository('git@github.com:acme/checkout.git')).toBe(
      'component:default/checkout',
    );
    expect(
      index.mapRepository('https://gitlab.com/acme/finance/ledger/-/tree/main'),
    ).toBe('component:default/ledger');
    // components only
    expect(index.mapRepository('acme/infra')).toBeUndefined();
    expect(index.mapTarget({ repository: 'acme/checkout' })).toBe(
      'component:default/checkout',
    );
    // a Kubernetes resource that maps nowhere falls back to the repository
    expect(
      index.mapTarget({
        resource: { kind: 'Pod', name: 'x' },
        repository: 'acme/checkout',
      }),
    ).toBe('component:default/checkout');
    expect(index.mapTarget({})).toBeUndefined();
  });

  it('reads policy bundles from spec.contract.policies, the first bundle of a policy winning', () => {
    const index = build([
      entity(
        'admission-policies',
        {},
        {
          kind: 'Resource',
          spec: {
            contract: {
              policies: [
                {
                  name: 'require-image-provenance',
                  severity: 'high',
                  remediation: 'Sign images with cosign',
                  runbook: 'https://runbooks.example/provenance',
                },
                { name: 'disallow-mutable-tags', severity: 'bogus' },
                { name: '' },
                'not a policy',
              ],
            },
          },
        },
      ),
      entity(
        'zz-other',
        {},
        {
          kind: 'Resource',
          spec: {
            contract: {
              policies: [{ name: 'disallow-mutable-tags', severity: 'low' }],
            },
          },
        },
      ),
    ]);
    expect(Object.fromEntries(index.bundles)).toEqual({
      'require-image-provenance': {
        bundleRef: 'resource:default/admission-policies',
        severity: 'high',
        remediation: 'Sign images with cosign',
        runbook: 'https://runbooks.example/provenance',
      },
      'disallow-mutable-tags': {
        bundleRef: 'resource:default/admission-policies',
      },
    });
  });
});

describe('parseEqualitySelector and normalizeRepository', () => {
  it.each([
    ['app=a', [['app', 'a']]],
    [
      ' app = a , app.kubernetes.io/part-of==shop ',
      [
        ['app', 'a'],
        ['app.kubernetes.io/part-of', 'shop'],
      ],
    ],
    ['app!=a', undefined],
    ['app in (a,b)', undefined],
    ['', undefined],
  ])('selector %j', (text, expected) => {
    expect(parseEqualitySelector(text)).toEqual(expected);
  });

  it.each([
    ['acme/checkout', 'acme/checkout'],
    ['https://github.com/Acme/Checkout/', 'acme/checkout'],
    ['git+https://github.com/acme/checkout.git', 'acme/checkout'],
    ['ssh://git@gitlab.com/acme/sub/proj.git', 'acme/sub/proj'],
    ['checkout', undefined],
    ['', undefined],
    ['https://github.com/', undefined],
  ])('repository %j', (text, expected) => {
    expect(normalizeRepository(text)).toBe(expected);
  });
});
