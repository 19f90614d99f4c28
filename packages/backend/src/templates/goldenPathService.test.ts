/*
 * The golden-path-service template, run through the real scaffolder (dry
 * run), and its generated files checked with the tools that consume them:
 * the GitHub workflow schema (@action-validator/core), the Kubernetes
 * OpenAPI schemas (kubernetes-models), Prometheus's PromQL parser
 * (@prometheus-io/lezer-promql) and promtool's rule-file structure.
 */

import {
  SCAFFOLDED_AT_ANNOTATION,
  SCAFFOLDED_FROM_ANNOTATION,
  SCAFFOLDER_TASK_ANNOTATION,
  TEMPLATE_VERSION_ANNOTATION,
} from '@goldpath/plugin-catalog-common';
import { ServiceMonitor } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Deployment } from 'kubernetes-models/apps/v1';
import { Service } from 'kubernetes-models/v1';
import { parse } from 'yaml';
import {
  DryRunResult,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/dryRun';
import {
  generatedFile,
  githubWorkflowErrors,
  goldpathEventsCalls,
  promqlErrors,
  promtoolRuleFileIssues,
  runGoldpathEventsDryRun,
  yamlDocuments,
} from './__testUtils__/validators';

const TEMPLATE = 'examples/templates/golden-path-service';

const values = {
  name: 'checkout',
  description: 'Takes the money',
  owner: 'group:default/team-a',
  system: 'system:default/payments',
  pagerDutyServiceId: 'PABC123',
  publishTo: 'local',
};

/** Grafana's interval variables, which Grafana replaces before querying. */
const interpolateGrafana = (expr: string) =>
  expr.replace(/\$__rate_interval|\$__interval/g, '5m');

// A real scaffolder backend starts in beforeAll: more than Jest's default 5 s
// on a loaded machine.
jest.setTimeout(120_000);

describe('golden-path-service template', () => {
  let backend: TemplateBackend;
  let local: DryRunResult;

  beforeAll(async () => {
    backend = await startTemplateBackend();
    local = await backend.dryRun(TEMPLATE, values);
  });

  afterAll(() => backend?.stop());

  const file = (name: string) => generatedFile(local, name);

  it('completes every step of the local path, in order', () => {
    expect(local.error).toBeUndefined();
    expect(local.status).toBe(200);
    expect(local.steps).toEqual({
      fetch: 'completed',
      attribution: 'completed',
      'publish-local': 'completed',
      'publish-github': 'skipped',
      'register-local': 'completed',
      'register-github': 'skipped',
      'scaffold-event': 'completed',
    });
    expect(
      (local.body.steps as Array<{ id: string; action: string }>).map(
        s => s.action,
      ),
    ).toEqual([
      'fetch:template',
      'goldpath:attribution:write',
      'example:publish:local',
      'publish:github',
      'example:catalog:register-file',
      'catalog:register',
      'goldpath:event:emit',
    ]);
    expect(local.body.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          title: 'Open in catalog',
          entityRef: 'component:default/checkout',
        }),
      ]),
    );
  });

  it('takes the GitHub path with publish:github and catalog:register', async () => {
    const res = await backend.dryRun(TEMPLATE, {
      ...values,
      publishTo: 'github',
      repoUrl: 'github.com?owner=acme&repo=checkout',
    });
    expect(res.error).toBeUndefined();
    expect(res.status).toBe(200);
    // publish:github and catalog:register do not run in a dry run.
    expect(res.steps).toMatchObject({
      fetch: 'completed',
      attribution: 'completed',
      'publish-local': 'skipped',
      'register-local': 'skipped',
      'scaffold-event': 'completed',
    });
    const [entity] = yamlDocuments(generatedFile(res, 'catalog-info.yaml'));
    expect(entity.metadata.annotations['github.com/project-slug']).toBe(
      'acme/checkout',
    );
    expect(res.files.get('k8s/deployment.yaml')).toContain(
      'image: ghcr.io/acme/checkout:',
    );
  });

  it('writes the catalog entity with the attribution and the annotations', () => {
    const [entity, ...rest] = yamlDocuments(file('catalog-info.yaml'));
    expect(rest).toEqual([]);
    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: { name: 'checkout', description: 'Takes the money' },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-a',
        system: 'system:default/payments',
      },
    });
    expect(entity.metadata.annotations).toEqual({
      [SCAFFOLDED_FROM_ANNOTATION]: 'template:default/dry-run',
      [TEMPLATE_VERSION_ANNOTATION]: '2.0.0',
      [SCAFFOLDED_AT_ANNOTATION]: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
      [SCAFFOLDER_TASK_ANNOTATION]: expect.any(String),
      'backstage.io/kubernetes-id': 'checkout',
      'pagerduty.com/service-id': 'PABC123',
      'argocd/app-name': 'checkout',
      'backstage.io/techdocs-ref': 'dir:.',
    });
  });

  it('leaves out what was not given, and takes an explicit Argo CD app', async () => {
    const res = await backend.dryRun(TEMPLATE, {
      name: 'ledger',
      owner: 'group:default/team-a',
      argocdAppName: 'ledger-prod',
    });
    expect(res.status).toBe(200);
    // No publishTo: the local (offline) path.
    expect(res.steps['publish-local']).toBe('completed');
    const [entity] = yamlDocuments(generatedFile(res, 'catalog-info.yaml'));
    expect(entity.spec.system).toBeUndefined();
    expect(entity.metadata.annotations).not.toHaveProperty(
      'pagerduty.com/service-id',
    );
    expect(entity.metadata.annotations).not.toHaveProperty(
      'github.com/project-slug',
    );
    expect(entity.metadata.annotations['argocd/app-name']).toBe('ledger-prod');
    expect(entity.metadata.description).toBe('The ledger service');
  });

  it('generates the service, pipelines, manifests and monitoring', () => {
    expect([...local.files.keys()].sort()).toEqual(
      expect.arrayContaining([
        '.github/workflows/ci.yaml',
        '.github/workflows/deploy.yaml',
        '.gitlab-ci.yml',
        'Dockerfile',
        'README.md',
        'catalog-info.yaml',
        'k8s/deployment.yaml',
        'k8s/service.yaml',
        'monitoring/grafana-dashboard.json',
        'monitoring/prometheus-rules.yaml',
        'monitoring/slo.yaml',
        'package.json',
        'src/index.js',
        'src/metrics.js',
        'src/server.js',
        'src/telemetry.js',
      ]),
    );
    expect(JSON.parse(file('package.json'))).toMatchObject({
      name: 'checkout',
      scripts: { test: 'node --test' },
    });
  });

  it('leaves no template syntax behind, except GitHub expressions in workflows', () => {
    for (const [name, text] of local.files) {
      expect([name, text.includes('{%')]).toEqual([name, false]);
      const expressions = text.match(/\$\{\{[^}]*\}\}/g) ?? [];
      const unexpected = name.startsWith('.github/workflows/')
        ? expressions.filter(
            e => !/^\$\{\{ (secrets|vars|github|needs|steps|env|job)\./.test(e),
          )
        : expressions;
      expect([name, unexpected]).toEqual([name, []]);
    }
  });

  it('generates a service whose own tests pass', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'golden-path-service-'));
    try {
      for (const [name, text] of local.files) {
        fs.mkdirSync(path.dirname(path.join(dir, name)), { recursive: true });
        fs.writeFileSync(path.join(dir, name), text);
      }
      const out = execFileSync(process.execPath, ['--test'], {
        cwd: dir,
        encoding: 'utf8',
        env: { PATH: process.env.PATH },
      });
      expect(out).toMatch(/# pass 2/);
      expect(out).toMatch(/# fail 0/);
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('parses every YAML file', () => {
    const yamlFiles = [...local.files.keys()].filter(f => /\.ya?ml$/.test(f));
    expect(yamlFiles.length).toBeGreaterThanOrEqual(9);
    for (const name of yamlFiles) {
      expect(yamlDocuments(file(name)).length).toBeGreaterThan(0);
    }
  });

  describe('pipelines', () => {
    const githubScripts = () =>
      ['.github/workflows/ci.yaml', '.github/workflows/deploy.yaml'].flatMap(
        name => {
          const workflow = parse(file(name));
          return Object.values<any>(workflow.jobs).flatMap(job =>
            (job.steps ?? [])
              .map((s: { run?: string }) => s.run)
              .filter(Boolean),
          );
        },
      );

    const gitlabScripts = () => {
      const pipeline = parse(file('.gitlab-ci.yml'));
      return Object.values<any>(pipeline)
        .filter(job => job && typeof job === 'object' && !Array.isArray(job))
        .flatMap(job =>
          ['before_script', 'script', 'after_script'].flatMap(
            key => job[key] ?? [],
          ),
        );
    };

    it.each([
      ['GitHub Actions', githubScripts],
      ['GitLab CI', gitlabScripts],
    ])(
      '%s calls @goldpath/events for change, build and deployment',
      (_ci, scripts) => {
        const calls = scripts().flatMap(goldpathEventsCalls);
        for (const call of calls) {
          // Through the pipeline's pinned $GOLDPATH_EVENTS, never npx itself.
          expect(call.line).toContain('$GOLDPATH_EVENTS ');
        }
        const commands = new Set(calls.map(c => c.command));
        expect([...commands].sort()).toEqual(['build', 'change', 'deployment']);
        for (const call of calls) {
          expect(call.line).toMatch(/--service "\$SERVICE"/);
        }
        // Nothing is production by default: every deployment names its tier.
        const deployments = calls
          .filter(c => c.command === 'deployment')
          .map(c => c.line);
        expect(deployments.length).toBeGreaterThanOrEqual(2);
        for (const call of deployments) {
          expect(call).toMatch(/--environment-tier "\$TIER"/);
          expect(call).toMatch(/--environment /);
          expect(call).toMatch(/--outcome /);
        }
      },
    );

    it('pins the emitter and reads the URL and the token from CI settings', () => {
      const ci = parse(file('.github/workflows/ci.yaml'));
      const deploy = parse(file('.github/workflows/deploy.yaml'));
      const gitlab = parse(file('.gitlab-ci.yml'));
      for (const env of [ci.env, deploy.env, gitlab.variables]) {
        expect(env.GOLDPATH_EVENTS).toMatch(
          /^npx --yes @goldpath\/events@\d+\.\d+\.\d+$/,
        );
        expect(env.SERVICE).toBe('component:default/checkout');
      }
      expect(ci.env.GOLDPATH_URL).toBe('${{ vars.GOLDPATH_URL }}');
      const tokens = [ci, deploy].flatMap(w =>
        Object.values<any>(w.jobs)
          .map(j => j.env?.GOLDPATH_TOKEN)
          .filter(Boolean),
      );
      expect(new Set(tokens)).toEqual(
        new Set(['${{ secrets.GOLDPATH_TOKEN }}']),
      );
      // The tiers of the deploy jobs, explicitly.
      expect(
        Object.values<any>(deploy.jobs).map(j => [j.environment, j.env.TIER]),
      ).toEqual([
        ['staging', 'staging'],
        ['production', 'production'],
      ]);
      expect(
        ['deploy-staging', 'deploy-production'].map(j => [
          gitlab[j].environment.deployment_tier,
          gitlab[j].variables.TIER,
        ]),
      ).toEqual([
        ['staging', 'staging'],
        ['production', 'production'],
      ]);
    });

    describe('with the real goldpath-events CLI (--dry-run)', () => {
      const sha = '0123456789abcdef0123456789abcdef01234567';
      const github: Record<string, string> = {
        'secrets.GOLDPATH_TOKEN': 'secret-token',
        'secrets.GITHUB_TOKEN': 'gh-token',
        'secrets.KUBE_CONFIG': 'kubeconfig',
        'vars.GOLDPATH_URL': 'https://backstage.example.com',
        'github.token': 'gh-token',
        'needs.test.result': 'success',
        'needs.image.result': 'failure',
        'steps.deploy.outcome': 'success',
        'github.event.pull_request.number': '42',
        'github.event.pull_request.merge_commit_sha': sha,
        'github.event.pull_request.merged_at': '2026-11-30T10:00:00Z',
        'github.event.workflow_run.head_sha || github.sha': sha,
      };
      const resolve = (value: unknown) =>
        String(value).replace(/\$\{\{ (.+?) \}\}/g, (_m, expr) => {
          if (!(expr in github)) throw new Error(`unknown expression ${expr}`);
          return github[expr];
        });

      // The GitHub CLI cannot reach GitHub here: it answers the first authored commit.
      const gh = '#!/bin/sh\necho 2026-11-29T09:00:00Z\n';
      const run = (script: string, env: Record<string, string>) =>
        runGoldpathEventsDryRun(script, env, { commands: { gh } });

      it('sends valid events from every GitHub Actions step', () => {
        const events: any[] = [];
        for (const name of [
          '.github/workflows/ci.yaml',
          '.github/workflows/deploy.yaml',
        ]) {
          const workflow = parse(file(name));
          for (const job of Object.values<any>(workflow.jobs)) {
            for (const step of job.steps ?? []) {
              if (!step.run?.includes('$GOLDPATH_EVENTS')) continue;
              const env = Object.fromEntries(
                Object.entries({
                  ...workflow.env,
                  ...job.env,
                  ...step.env,
                }).map(([k, v]) => [k, resolve(v)]),
              );
              events.push(
                ...run(step.run, {
                  GITHUB_ACTIONS: 'true',
                  GITHUB_SHA: sha,
                  GITHUB_RUN_ID: '1001',
                  GITHUB_RUN_ATTEMPT: '1',
                  GITHUB_REPOSITORY: 'acme/checkout',
                  GITHUB_SERVER_URL: 'https://github.com',
                  GITHUB_ACTOR: 'octocat',
                  ...env,
                }),
              );
            }
          }
        }
        expect(
          events.map(e => [
            e.type,
            e.service,
            e.environment,
            e.environmentTier,
            e.outcome,
          ]),
        ).toEqual([
          [
            'build',
            'component:default/checkout',
            undefined,
            undefined,
            'failure',
          ],
          [
            'change',
            'component:default/checkout',
            undefined,
            undefined,
            undefined,
          ],
          [
            'deployment',
            'component:default/checkout',
            'staging',
            'staging',
            'in_progress',
          ],
          [
            'deployment',
            'component:default/checkout',
            'staging',
            'staging',
            'success',
          ],
          [
            'deployment',
            'component:default/checkout',
            'production',
            'production',
            'in_progress',
          ],
          [
            'deployment',
            'component:default/checkout',
            'production',
            'production',
            'success',
          ],
        ]);
        const change = events.find(e => e.type === 'change');
        expect(change).toMatchObject({
          commitSha: sha,
          changeId: '42',
          commits: [{ sha, authoredAt: '2026-11-29T09:00:00.000Z' }],
          timestamp: '2026-11-30T10:00:00.000Z',
        });
        for (const e of events.filter(d => d.type === 'deployment')) {
          expect(e.commitSha).toBe(sha);
        }
      });

      it('sends valid events from every GitLab CI job', () => {
        const pipeline = parse(file('.gitlab-ci.yml'));
        const events: any[] = [];
        for (const [name, job] of Object.entries<any>(pipeline)) {
          if (!job || typeof job !== 'object' || Array.isArray(job)) continue;
          const base = job.extends ? pipeline[job.extends] : {};
          const lines = ['before_script', 'script', 'after_script'].flatMap(
            key => job[key] ?? base[key] ?? [],
          );
          for (const line of lines) {
            if (!String(line).includes('$GOLDPATH_EVENTS')) continue;
            events.push(
              ...run(String(line), {
                GITLAB_CI: 'true',
                CI_COMMIT_SHA: sha,
                CI_PIPELINE_ID: '2002',
                CI_JOB_ID: '3003',
                CI_JOB_NAME: name,
                CI_PROJECT_PATH: 'acme/checkout',
                CI_PIPELINE_URL:
                  'https://gitlab.example.com/acme/checkout/-/pipelines/2002',
                CI_JOB_STATUS: 'success',
                CI_COMMIT_MESSAGE:
                  'Merge branch x\n\nSee merge request acme/checkout!7',
                CI_COMMIT_BEFORE_SHA:
                  '0000000000000000000000000000000000000000',
                CI_COMMIT_TIMESTAMP: '2026-11-30T10:00:00+00:00',
                ...(job.environment
                  ? {
                      CI_ENVIRONMENT_NAME: job.environment.name,
                      CI_ENVIRONMENT_TIER: job.environment.deployment_tier,
                    }
                  : {}),
                ...pipeline.variables,
                ...job.variables,
              }),
            );
          }
        }
        expect(
          events.map(e => [
            e.type,
            e.environment,
            e.environmentTier,
            e.outcome,
          ]),
        ).toEqual([
          ['deployment', 'staging', 'staging', 'in_progress'],
          ['deployment', 'staging', 'staging', 'success'],
          ['deployment', 'production', 'production', 'in_progress'],
          ['deployment', 'production', 'production', 'success'],
          ['build', undefined, undefined, 'success'],
          ['build', undefined, undefined, 'failure'],
          ['change', undefined, undefined, undefined],
        ]);
        expect(events.find(e => e.type === 'change')).toMatchObject({
          commitSha: sha,
          changeId: '7',
        });
      });
    });

    it.each(['.github/workflows/ci.yaml', '.github/workflows/deploy.yaml'])(
      '%s validates against the GitHub workflow schema',
      name => {
        expect(githubWorkflowErrors(file(name))).toEqual([]);
      },
    );

    it('the workflow validator catches a broken workflow', () => {
      const broken = file('.github/workflows/ci.yaml').replace(
        'runs-on: ubuntu-latest',
        'runs-on: ubuntu-latest\n    timeout-minutes: soon',
      );
      expect(githubWorkflowErrors(broken).length).toBeGreaterThan(0);
    });
  });

  describe('Kubernetes', () => {
    it('validates the Deployment, Service and ServiceMonitor', () => {
      const [deployment] = yamlDocuments(file('k8s/deployment.yaml'));
      const [service, serviceMonitor] = yamlDocuments(file('k8s/service.yaml'));
      expect(() => new Deployment(deployment).validate()).not.toThrow();
      expect(() => new Service(service).validate()).not.toThrow();
      expect(() => new ServiceMonitor(serviceMonitor).validate()).not.toThrow();
    });

    it('the schemas catch a broken Deployment', () => {
      const [deployment] = yamlDocuments(file('k8s/deployment.yaml'));
      deployment.spec.replicas = 'two';
      expect(() => new Deployment(deployment).validate()).toThrow();
    });

    it('links to the catalog, is scraped, traced, limited, probed and locked down', () => {
      const [deployment] = yamlDocuments(file('k8s/deployment.yaml'));
      const [service, serviceMonitor] = yamlDocuments(file('k8s/service.yaml'));
      for (const labels of [
        deployment.metadata.labels,
        deployment.spec.template.metadata.labels,
        service.metadata.labels,
        serviceMonitor.metadata.labels,
      ]) {
        expect(labels['backstage.io/kubernetes-id']).toBe('checkout');
      }
      const scrape = {
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '8080',
        'prometheus.io/path': '/metrics',
      };
      expect(deployment.spec.template.metadata.annotations).toEqual(scrape);
      expect(service.metadata.annotations).toEqual(scrape);

      const pod = deployment.spec.template.spec;
      expect(pod.securityContext).toMatchObject({ runAsNonRoot: true });
      const [container] = pod.containers;
      expect(container.securityContext).toMatchObject({
        runAsNonRoot: true,
        readOnlyRootFilesystem: true,
        allowPrivilegeEscalation: false,
        capabilities: { drop: ['ALL'] },
      });
      expect(container.resources.requests).toEqual(
        expect.objectContaining({ cpu: expect.any(String) }),
      );
      expect(container.resources.limits.memory).toBeDefined();
      expect(container.readinessProbe.httpGet.path).toBe('/healthz');
      expect(container.livenessProbe.httpGet.path).toBe('/healthz');
      const env = Object.fromEntries(
        container.env.map((e: { name: string; value?: string }) => [
          e.name,
          e.value,
        ]),
      );
      expect(env).toMatchObject({
        OTEL_SERVICE_NAME: 'checkout',
        OTEL_EXPORTER_OTLP_ENDPOINT: expect.stringMatching(/^http/),
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/protobuf',
      });
      expect(env.OTEL_RESOURCE_ATTRIBUTES).toContain('k8s.pod.name=');
    });
  });

  describe('monitoring', () => {
    const rules = () => parse(file('monitoring/prometheus-rules.yaml'));

    it("has promtool's rule-file structure", () => {
      expect(promtoolRuleFileIssues(rules())).toEqual([]);
    });

    it('the rule-file check catches a misplaced key and a duplicate group', () => {
      const { groups } = rules();
      const [first] = groups;
      const record = groups
        .flatMap((g: any) => g.rules)
        .find((r: any) => 'record' in r);
      // A recording rule has no `for`.
      expect(
        promtoolRuleFileIssues({
          groups: [{ ...first, rules: [{ ...record, for: '5m' }] }],
        }),
      ).not.toEqual([]);
      expect(promtoolRuleFileIssues({ groups: [first, first] })).not.toEqual(
        [],
      );
    });

    it('names recording rules level:metric:operations and labels every alert', () => {
      const all = rules().groups.flatMap((g: any) => g.rules);
      for (const rule of all.filter((r: any) => 'record' in r)) {
        expect(rule.record).toMatch(/^[a-zA-Z_]+:[a-zA-Z0-9_]+:[a-zA-Z0-9_]+$/);
      }
      const alerts = all.filter((r: any) => 'alert' in r);
      expect(alerts.length).toBeGreaterThan(0);
      for (const alert of alerts) {
        expect(alert.for).toMatch(/^\d+[smhd]$/);
        expect(['page', 'ticket']).toContain(alert.labels.severity);
        expect(alert.annotations.summary).toEqual(expect.any(String));
      }
    });

    it('records request rate, error ratio and latency quantiles, and alerts on burn rates', () => {
      const all = rules().groups.flatMap((g: any) => g.rules);
      const records = all
        .filter((r: any) => r.record)
        .map((r: any) => r.record);
      expect(records).toEqual(
        expect.arrayContaining([
          'job:http_requests:rate5m',
          'job:http_requests_errors:ratio_rate5m',
          'job:http_requests_errors:ratio_rate3d',
          'job:http_request_duration_seconds:p50_5m',
          'job:http_request_duration_seconds:p90_5m',
          'job:http_request_duration_seconds:p99_5m',
        ]),
      );
      const alerts = all.filter((r: any) => r.alert);
      // Multi-window: every alert checks a long and a short window.
      for (const alert of alerts) {
        const windows = alert.expr.match(/ratio_rate(\d+[mhd])/g);
        expect(windows).toHaveLength(2);
        // Every recording rule an alert uses exists.
        for (const name of alert.expr.match(/job:[a-z_]+:[a-z0-9_]+/g)) {
          expect(records).toContain(name);
        }
      }
      expect(alerts.map((a: any) => a.labels.severity)).toEqual(
        expect.arrayContaining(['page', 'ticket']),
      );
    });

    it('uses OpenSLO v1 SLOs for availability and latency', () => {
      const docs = yamlDocuments(file('monitoring/slo.yaml'));
      const slos = docs.filter(d => d.kind === 'SLO');
      expect(docs.every(d => d.apiVersion === 'openslo/v1')).toBe(true);
      expect(slos.map(s => s.metadata.name)).toEqual([
        'checkout-availability',
        'checkout-latency',
      ]);
      for (const slo of slos) {
        expect(slo.spec).toMatchObject({
          service: 'checkout',
          budgetingMethod: 'Occurrences',
          timeWindow: [{ duration: '28d', isRolling: true }],
          indicator: {
            spec: {
              ratioMetric: {
                good: { metricSource: { type: 'Prometheus' } },
                total: { metricSource: { type: 'Prometheus' } },
              },
            },
          },
        });
        expect(slo.spec.objectives[0].target).toBeGreaterThan(0.9);
        expect(slo.spec.objectives[0].target).toBeLessThan(1);
      }
      expect(docs.find(d => d.kind === 'Service')?.metadata.name).toBe(
        'checkout',
      );
    });

    it('has a dashboard whose panels have targets', () => {
      const dashboard = JSON.parse(file('monitoring/grafana-dashboard.json'));
      expect(dashboard.title).toBe('checkout');
      expect(dashboard.uid.length).toBeLessThanOrEqual(40);
      expect(dashboard.panels.length).toBeGreaterThan(0);
      for (const panel of dashboard.panels) {
        expect(panel.targets.length).toBeGreaterThan(0);
        for (const target of panel.targets) {
          expect(target.expr).toEqual(expect.any(String));
          expect(target.refId).toEqual(expect.any(String));
        }
      }
    });

    it('parses every PromQL expression with Prometheus’s grammar', () => {
      const ruleExprs = rules().groups.flatMap((g: any) =>
        g.rules.map((r: any) => r.expr),
      );
      const sloQueries = yamlDocuments(file('monitoring/slo.yaml'))
        .filter(d => d.kind === 'SLO')
        .flatMap(d => {
          const ratio = d.spec.indicator.spec.ratioMetric;
          return [ratio.good, ratio.total].map(m => m.metricSource.spec.query);
        });
      const panelExprs = JSON.parse(
        file('monitoring/grafana-dashboard.json'),
      ).panels.flatMap((p: any) =>
        p.targets.map((t: any) => interpolateGrafana(t.expr)),
      );
      const exprs = [...ruleExprs, ...sloQueries, ...panelExprs];
      expect(exprs.length).toBeGreaterThan(30);
      for (const expr of exprs) {
        expect([expr, promqlErrors(expr)]).toEqual([expr, []]);
        expect(expr).toContain('job="checkout"');
      }
    });

    it('the PromQL parser catches a broken expression', () => {
      expect(promqlErrors('sum(rate(http_requests_total[5m])')).not.toEqual([]);
      expect(promqlErrors('rate(x{job="a"}[5m]) >')).not.toEqual([]);
    });
  });

  describe('bad input', () => {
    it('refuses a missing owner', async () => {
      const { owner: _owner, ...rest } = values;
      const res = await backend.dryRun(TEMPLATE, rest);
      expect(res.status).toBe(400);
      expect(res.error?.name).toBe('ValidationError');
      expect(res.error?.message).toContain('requires property "owner"');
      expect(res.files.size).toBe(0);
    });

    it('refuses a malformed name', async () => {
      const res = await backend.dryRun(TEMPLATE, {
        ...values,
        name: 'Checkout Service',
      });
      expect(res.status).toBe(400);
      expect(res.error?.message).toContain('instance.name does not match');
    });

    it('refuses GitHub publishing without a repository', async () => {
      const res = await backend.dryRun(TEMPLATE, {
        ...values,
        publishTo: 'github',
      });
      expect(res.status).toBe(400);
      expect(res.error?.name).toBe('ValidationError');
    });

    it('refuses an unknown publish target', async () => {
      const res = await backend.dryRun(TEMPLATE, {
        ...values,
        publishTo: 'ftp',
      });
      expect(res.status).toBe(400);
      expect(res.error?.message).toContain('publishTo');
    });
  });
});
