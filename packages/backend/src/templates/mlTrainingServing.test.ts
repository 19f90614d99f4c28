/*
 * The ML training and serving golden path (examples/templates/ml-training-serving),
 * run in dry-run through the real scaffolder backend with Goldpath's actions,
 * the example's offline publishing and the dora backend. The generated files
 * are checked with their tools' own parsers and schemas where a package
 * exists: the GitHub Actions workflow schema (@action-validator/core), the
 * Kubernetes and Prometheus Operator OpenAPI schemas (kubernetes-models),
 * Prometheus' PromQL grammar (@prometheus-io/lezer-promql). KServe publishes
 * no schema package, so the InferenceService is checked with a zod schema of
 * the fields KServe reads. The generated `goldpath-events` calls are run with
 * this repository's emitter in --dry-run mode, so the flags and the events
 * they build are the real CLI's.
 */

import { CronJob } from 'kubernetes-models/batch/v1';
import { PrometheusRule } from '@kubernetes-models/prometheus-operator/monitoring.coreos.com/v1';
import { parse } from 'yaml';
import { z } from 'zod';
import {
  DryRunResult,
  startTemplateBackend,
  TemplateBackend,
} from './__testUtils__/dryRun';
import {
  generatedFile,
  generatedYaml,
  githubWorkflowErrors,
  goldpathEventsCalls,
  promqlErrors,
  promtoolRuleFileIssues,
  promtoolRuleFileSchema,
  runGoldpathEventsDryRun,
  yamlErrors,
} from './__testUtils__/validators';

const TEMPLATE_DIR = 'examples/templates/ml-training-serving';

const VALUES = {
  name: 'fraud-scorer',
  owner: 'group:default/team-payments',
  modelName: 'fraud-model',
  framework: 'sklearn',
  featureStore: 'resource:default/feature-store',
  featureView: 'card_transactions',
  servingBlock: 'component:default/kserve-serving-template',
  modelUri: 's3://acme-models',
  minReplicas: 1,
  maxReplicas: 5,
  gpu: false,
  region: 'eu-west-1',
};

/** The fields of a KServe v1beta1 InferenceService that KServe reads here. */
const quantity = z.union([
  z.string().regex(/^\d+(\.\d+)?(m|Ki|Mi|Gi|Ti)?$/),
  z.number(),
]);
const inferenceServiceSchema = z.object({
  apiVersion: z.literal('serving.kserve.io/v1beta1'),
  kind: z.literal('InferenceService'),
  metadata: z.object({
    name: z.string().regex(/^[a-z]([-a-z0-9]*[a-z0-9])?$/),
    namespace: z.string().min(1),
    labels: z.record(z.string(), z.string()),
    annotations: z.record(z.string(), z.string()),
  }),
  spec: z.strictObject({
    predictor: z.strictObject({
      minReplicas: z.number().int().min(0),
      maxReplicas: z.number().int().min(1),
      scaleMetric: z.enum(['cpu', 'memory', 'concurrency', 'rps']).optional(),
      scaleTarget: z.number().int().positive().optional(),
      serviceAccountName: z.string().optional(),
      model: z.strictObject({
        modelFormat: z.strictObject({
          name: z.string(),
          version: z.string().optional(),
        }),
        runtime: z.string().optional(),
        storageUri: z.string().regex(/^(s3|gs):\/\/.+/),
        resources: z.strictObject({
          requests: z.record(z.string(), quantity),
          limits: z.record(z.string(), quantity),
        }),
      }),
    }),
  }),
});

/** The first document of a generated YAML file. */
const yamlOf = (result: DryRunResult, file: string): any =>
  generatedYaml(result, file)[0];

/** The `goldpath-events` invocations of a shell script, as one line each. */
const emitterCalls = (script: string): string[] =>
  goldpathEventsCalls(script).map(c => c.line);

/** A GitHub Actions run's context, as the runner sets it. */
const GITHUB_ENV = {
  GITHUB_ACTIONS: 'true',
  GITHUB_SHA: '0123456789abcdef0123456789abcdef01234567',
  GITHUB_RUN_ID: '4242',
  GITHUB_RUN_ATTEMPT: '1',
  GITHUB_REPOSITORY: 'acme/fraud-scorer',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_WORKFLOW: 'Train and deploy',
  GITHUB_JOB: 'train',
  GITHUB_ACTOR: 'octocat',
};

// A real scaffolder backend starts in beforeAll: more than Jest's default 5 s
// on a loaded machine.
jest.setTimeout(120_000);

describe('template ml-training-serving, dry-run through the real scaffolder', () => {
  let backend: TemplateBackend;
  let result: DryRunResult;

  beforeAll(async () => {
    backend = await startTemplateBackend();
    result = await backend.dryRun(TEMPLATE_DIR, VALUES);
  });

  afterAll(() => backend?.stop());

  it('completes every step, contracts first, and publishes offline', () => {
    expect(result.error).toBeUndefined();
    expect(result.status).toBe(200);
    expect(Object.entries(result.steps)).toEqual([
      ['serving-contract', 'completed'],
      ['feature-store-contract', 'completed'],
      ['fetch', 'completed'],
      ['attribution', 'completed'],
      ['publish', 'completed'],
      ['register', 'completed'],
      ['scaffold-event', 'completed'],
    ]);
    expect(result.body.output.links).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          entityRef: 'component:default/fraud-scorer',
        }),
      ]),
    );
  });

  it('writes a catalog entry with the attribution, the blocks it was built against and the model', () => {
    const entity = yamlOf(result, 'catalog-info.yaml');
    expect(entity).toMatchObject({
      apiVersion: 'backstage.io/v1alpha1',
      kind: 'Component',
      metadata: {
        name: 'fraud-scorer',
        annotations: {
          'goldpath.dev/scaffolded-from': 'template:default/dry-run',
          'goldpath.dev/template-version': '1.0.0',
          'goldpath.dev/scaffolded-at':
            expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
          'goldpath.dev/scaffolder-task-id': expect.any(String),
          'goldpath.dev/model': 'fraud-model',
          'goldpath.dev/built-against':
            'component:default/kserve-serving-template@1.3.0,resource:default/feature-store@2.0.0',
          'goldpath.dev/region': 'eu-west-1',
          'backstage.io/kubernetes-id': 'fraud-scorer',
        },
      },
      spec: {
        type: 'service',
        lifecycle: 'experimental',
        owner: 'group:default/team-payments',
        dependsOn: [
          'component:default/kserve-serving-template',
          'resource:default/feature-store',
        ],
      },
    });
  });

  it('generates only parseable YAML, with no template syntax left over', () => {
    const paths = [...result.files.keys()];
    expect(paths).toEqual(
      expect.arrayContaining([
        'train/train.py',
        'train/evaluate.py',
        'train/requirements.txt',
        'train/pipeline.yaml',
        'train/Dockerfile',
        'scripts/register_model.py',
        '.github/workflows/train.yaml',
        'serving/inference-service.yaml',
        'monitoring/model-health.yaml',
        'monitoring/model_health.py',
        'monitoring/prometheus-rules.yaml',
        'catalog-info.yaml',
      ]),
    );
    const leftovers = [...result.files]
      .filter(([, text]) => /\$\{\{\s*values\.|\{%|%\}/.test(text))
      .map(([file]) => file);
    expect(leftovers).toEqual([]);
    const syntaxErrors = [...result.files]
      .filter(([file]) => /\.ya?ml$/.test(file))
      .flatMap(([file, text]) => yamlErrors(text).map(e => `${file}: ${e}`));
    expect(syntaxErrors).toEqual([]);
  });

  it('trains, evaluates and registers the model with MLflow', () => {
    const train = generatedFile(result, 'train/train.py');
    expect(train).toContain('MODEL_NAME = "fraud-model"');
    expect(train).toContain('FEATURE_VIEW = "card_transactions"');
    // Only the chosen framework's code is generated.
    expect(train).toContain('model.joblib');
    expect(train).not.toContain('xgboost');
    expect(train).not.toContain('torch');
    expect(result.files.get('train/requirements.txt')).toMatch(
      /^scikit-learn==\d/m,
    );
    const register = generatedFile(result, 'scripts/register_model.py');
    expect(register).toContain('/api/2.0/mlflow/model-versions/create');
    expect(register).toContain('MLFLOW_TRACKING_URI');
  });

  it('has a valid GitHub Actions workflow that emits build, deployment and model-health events', () => {
    const text = generatedFile(result, '.github/workflows/train.yaml');
    expect(githubWorkflowErrors(text)).toEqual([]);
    // The schema check is real: a misspelt key fails it.
    expect(
      githubWorkflowErrors(text.replace('runs-on:', 'run-on:')),
    ).not.toEqual([]);
    const workflow = parse(text);
    // GitHub's own expressions are left for GitHub.
    expect(workflow.jobs.train.env.GOLDPATH_TOKEN).toBe(
      '${{ secrets.GOLDPATH_TOKEN }}',
    );
    expect(workflow.env.GOLDPATH_EVENTS).toMatch(
      /^npx --yes @goldpath\/events@\d+\.\d+\.\d+$/,
    );
    expect(workflow.env.SERVICE).toBe('component:default/fraud-scorer');

    const stepsOf = (job: string) =>
      workflow.jobs[job].steps as Array<{ name?: string; run?: string }>;
    const calls = (job: string) =>
      stepsOf(job).flatMap(s => emitterCalls(s.run ?? ''));
    const trainNames = stepsOf('train').map(s => s.name);
    expect(trainNames.indexOf('Evaluate')).toBeLessThan(
      trainNames.indexOf('Register the model (MLflow)'),
    );

    expect(calls('train')).toEqual([
      expect.stringMatching(
        /^\$GOLDPATH_EVENTS build --service "\$SERVICE" --outcome "\$outcome"$/,
      ),
      expect.stringMatching(/^\$GOLDPATH_EVENTS model-health /),
    ]);
    const modelHealth = calls('train')[1];
    expect(modelHealth).toContain('--model "$MODEL_NAME"');
    expect(modelHealth).toContain('--model-version "$MODEL_VERSION"');
    expect(modelHealth).toContain('--accuracy "$AUC"');
    expect(modelHealth).toContain('--accuracy-metric auc');
    expect(modelHealth).toContain('--sample-size "$TEST_SIZE"');

    const deployments = calls('deploy');
    expect(deployments).toHaveLength(2);
    for (const call of deployments) {
      expect(call).toMatch(/^\$GOLDPATH_EVENTS deployment /);
      expect(call).toContain('--environment production');
      expect(call).toContain('--environment-tier production');
    }
    expect(deployments[0]).toContain('--outcome in_progress');
    expect(deployments[1]).toContain('--outcome "$outcome"');
  });

  it('sends events the real emitter accepts, from the workflow and the model-health job', () => {
    const workflow = parse(
      generatedFile(result, '.github/workflows/train.yaml'),
    );
    const step = (job: string, name: string) => {
      const found = (
        workflow.jobs[job].steps as Array<{ name?: string; run?: string }>
      ).find(s => s.name === name);
      if (!found?.run) throw new Error(`no step ${name} in job ${job}`);
      return found.run.replace('${{ job.status }}', 'success');
    };
    // The workflow's env, with GitHub's expressions as GitHub would fill them.
    const common = {
      ...GITHUB_ENV,
      ...Object.fromEntries(
        Object.entries(workflow.env as Record<string, string>).filter(
          ([, v]) => !String(v).includes('${{'),
        ),
      ),
      GOLDPATH_URL: 'https://backstage.example.com',
    };

    expect(
      runGoldpathEventsDryRun(
        step('train', 'Goldpath: build finished'),
        common,
      ),
    ).toEqual([
      expect.objectContaining({
        type: 'build',
        service: 'component:default/fraud-scorer',
        outcome: 'success',
      }),
    ]);
    const health = {
      ...common,
      AUC: '0.918037',
      TEST_SIZE: '800',
      MODEL_VERSION: '7',
      MEASURED_AT: '2026-12-01T11:21:28Z',
    };
    const evaluation = runGoldpathEventsDryRun(
      step('train', 'Goldpath: model health (evaluation)'),
      health,
    );
    expect(evaluation).toEqual([
      expect.objectContaining({
        type: 'model_health',
        service: 'component:default/fraud-scorer',
        model: 'fraud-model',
        modelVersion: '7',
        timestamp: '2026-12-01T11:21:28.000Z',
        accuracy: { value: 0.918037, metric: 'auc', sampleSize: 800 },
      }),
    ]);
    // A re-run of the step sends the same event (the backend stores it once).
    expect(
      runGoldpathEventsDryRun(
        step('train', 'Goldpath: model health (evaluation)'),
        health,
      )[0].id,
    ).toBe(evaluation[0].id);

    const finished = runGoldpathEventsDryRun(
      step('deploy', 'Goldpath: deployment finished'),
      {
        ...common,
        GITHUB_JOB: 'deploy',
        DEPLOY_OUTCOME: 'success',
        MODEL_VERSION: '7',
      },
    );
    expect(finished).toEqual([
      expect.objectContaining({
        type: 'deployment',
        environment: 'production',
        environmentTier: 'production',
        outcome: 'success',
      }),
    ]);

    const cronJob = yamlOf(result, 'monitoring/model-health.yaml');
    const emit = cronJob.spec.jobTemplate.spec.template.spec.containers[0];
    const podEnv = Object.fromEntries(
      (emit.env as Array<{ name: string; value?: string }>)
        .filter(e => e.value !== undefined)
        .map(e => [e.name, e.value!]),
    );
    const measured = runGoldpathEventsDryRun(
      emit.args[0],
      { ...podEnv, MODEL_VERSION: '7' },
      {
        // The container's own shell.
        shell: emit.command,
        files: {
          // What monitoring/model_health.py writes for the emitter.
          '/work/model-health.env': [
            'MEASURED_AT=2026-12-01T11:00:00Z',
            'WINDOW_START=2026-12-01T10:00:00Z',
            'DRIFT_SCORE=0.31',
            'ACCURACY=0.946466',
            'SAMPLE_SIZE=4000',
            "LATENCY_BUCKETS='0.05=120,0.1=300,0.25=410,+Inf=420'",
            'LATENCY_SUM=37.5',
            'LATENCY_COUNT=420',
          ].join('\n'),
        },
      },
    );
    expect(measured).toEqual([
      expect.objectContaining({
        type: 'model_health',
        service: 'component:default/fraud-scorer',
        model: 'fraud-model',
        modelVersion: '7',
        timestamp: '2026-12-01T11:00:00.000Z',
        windowStart: '2026-12-01T10:00:00.000Z',
        dataDrift: { score: 0.31, threshold: 0.2, method: 'psi' },
        accuracy: { value: 0.946466, metric: 'auc', sampleSize: 4000 },
        latency: {
          buckets: [
            { le: 0.05, count: 120 },
            { le: 0.1, count: 300 },
            { le: 0.25, count: 410 },
            { le: '+Inf', count: 420 },
          ],
          sum: 37.5,
          count: 420,
        },
      }),
    ]);
  });

  it.each([
    {
      framework: 'sklearn',
      format: 'sklearn',
      runtime: 'kserve-sklearnserver',
      modelUri: 's3://acme-models',
      gpu: false,
      requirement: /^scikit-learn==\d/m,
      artefact: 'model.joblib',
    },
    {
      framework: 'xgboost',
      format: 'xgboost',
      runtime: 'kserve-xgbserver',
      modelUri: 'gs://acme-models',
      gpu: false,
      requirement: /^xgboost==\d/m,
      artefact: 'model.bst',
    },
    {
      framework: 'pytorch',
      format: 'pytorch',
      runtime: 'kserve-tritonserver',
      modelUri: 's3://acme-models',
      gpu: true,
      requirement: /^torch==\d/m,
      artefact: 'pytorch_libtorch',
    },
  ])(
    'serves a $framework model with a KServe InferenceService in its format',
    async c => {
      const run = await backend.dryRun(TEMPLATE_DIR, {
        ...VALUES,
        framework: c.framework,
        modelUri: c.modelUri,
        gpu: c.gpu,
      });
      expect(run.error).toBeUndefined();
      expect(run.status).toBe(200);
      const parsed = inferenceServiceSchema.safeParse(
        yamlOf(run, 'serving/inference-service.yaml'),
      );
      expect(parsed.error?.issues ?? []).toEqual([]);
      const isvc = parsed.data!;
      expect(isvc.metadata.name).toBe('fraud-scorer');
      expect(isvc.metadata.labels['backstage.io/kubernetes-id']).toBe(
        'fraud-scorer',
      );
      expect(isvc.metadata.annotations).toMatchObject({
        'prometheus.io/scrape': 'true',
        'prometheus.io/port': '8080',
        'prometheus.io/path': '/metrics',
      });
      const { predictor } = isvc.spec;
      expect(predictor.model.modelFormat.name).toBe(c.format);
      expect(predictor.model.runtime).toBe(c.runtime);
      expect(predictor.model.storageUri).toBe(`${c.modelUri}/fraud-model`);
      expect([predictor.minReplicas, predictor.maxReplicas]).toEqual([1, 5]);
      expect(predictor.model.resources.limits['nvidia.com/gpu']).toBe(
        c.gpu ? 1 : undefined,
      );
      expect(predictor.model.resources.limits.memory).toBeDefined();
      // Training code and pins for this framework only.
      expect(run.files.get('train/requirements.txt')).toMatch(c.requirement);
      expect(run.files.get('train/train.py')).toContain(c.artefact);
    },
  );

  it('has valid Kubernetes CronJobs for retraining and the model-health check', () => {
    const retrainDoc = yamlOf(result, 'train/pipeline.yaml');
    const retrain = new CronJob(retrainDoc);
    expect(() => retrain.validate()).not.toThrow();
    // The schema check is real: a wrongly typed field fails it.
    expect(() =>
      new CronJob({
        ...retrainDoc,
        spec: { ...retrainDoc.spec, schedule: 3 },
      }).validate(),
    ).toThrow(/schedule/);
    expect(retrain.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
      'fraud-scorer',
    );
    const trainPod = retrain.spec!.jobTemplate.spec!.template.spec!;
    expect(trainPod.containers[0].resources?.limits?.memory).toBeDefined();

    const health = new CronJob(yamlOf(result, 'monitoring/model-health.yaml'));
    expect(() => health.validate()).not.toThrow();
    expect(health.metadata?.labels?.['backstage.io/kubernetes-id']).toBe(
      'fraud-scorer',
    );
    const pod = health.spec!.jobTemplate.spec!.template.spec!;
    expect(pod.initContainers?.[0].command).toEqual([
      'python',
      'monitoring/model_health.py',
    ]);
    const [call] = emitterCalls(pod.containers[0].args!.join('\n'));
    expect(call).toMatch(/@goldpath\/events@\d+\.\d+\.\d+ model-health /);
    for (const flag of [
      '--service "$SERVICE"',
      '--model "$MODEL_NAME"',
      '--data-drift "$DRIFT_SCORE"',
      '--drift-threshold "$DRIFT_THRESHOLD"',
      '--drift-method psi',
      '--accuracy "$ACCURACY"',
      '--sample-size "$SAMPLE_SIZE"',
      '--latency-buckets "$LATENCY_BUCKETS"',
      '--latency-sum "$LATENCY_SUM"',
      '--latency-count "$LATENCY_COUNT"',
    ]) {
      expect(call).toContain(flag);
    }
    const env = Object.fromEntries(
      (pod.containers[0].env ?? []).map(e => [e.name, e.value ?? e.valueFrom]),
    );
    expect(env.SERVICE).toBe('component:default/fraud-scorer');
    expect(env.GOLDPATH_TOKEN).toEqual({
      secretKeyRef: { name: 'fraud-scorer-goldpath', key: 'token' },
    });
  });

  it('has Prometheus rules for the p95 latency and drift that parse as PromQL', () => {
    const file = yamlOf(result, 'monitoring/prometheus-rules.yaml');
    expect(promtoolRuleFileIssues(file)).toEqual([]);
    // The same groups as the Prometheus Operator's PrometheusRule (its CRD schema).
    const rule = new PrometheusRule({
      metadata: { name: 'fraud-scorer' },
      spec: file,
    });
    expect(() => rule.validate()).not.toThrow();

    const rules = promtoolRuleFileSchema
      .parse(file)
      .groups.flatMap(g => g.rules);
    for (const r of rules) {
      expect([r.expr, promqlErrors(r.expr)]).toEqual([r.expr, []]);
    }
    const alert = (name: string) =>
      rules.find(r => 'alert' in r && r.alert === name) as
        | { expr: string }
        | undefined;
    expect(alert('ModelLatencyP95High')?.expr).toMatch(
      /p95_5m\{inferenceservice="fraud-scorer"\} > 0\.25/,
    );
    expect(alert('ModelDataDrift')?.expr).toMatch(
      /model_data_drift_psi\{[^}]*model="fraud-model"[^}]*\}\) > 0\.2/,
    );
    expect(rules).toEqual(
      expect.arrayContaining([
        expect.objectContaining({
          record: 'inferenceservice:inference_latency_seconds:p95_5m',
          expr: expect.stringContaining('histogram_quantile(0.95'),
        }),
      ]),
    );
    // The check catches a broken expression.
    expect(
      promqlErrors('histogram_quantile(0.95, sum by (le) (rate(x[5m]))'),
    ).not.toEqual([]);
  });

  it('fails early with a 400 naming the parameter when the region is outside the serving block’s contract', async () => {
    const res = await backend.dryRun(TEMPLATE_DIR, {
      ...VALUES,
      region: 'eu-central-1',
    });
    expect(res.status).toBe(400);
    expect(res.error?.name).toBe('InputError');
    expect(res.error?.message).toContain(
      'component:default/kserve-serving-template',
    );
    expect(res.error?.message).toContain(
      'region: must be one of eu-west-1|us-east-1',
    );
    // The dry run stops at the first step: nothing is generated.
    expect(res.files.size).toBe(0);
  });

  it('fails early on serving values and a feature-store region outside the contracts', async () => {
    const serving = await backend.dryRun(TEMPLATE_DIR, {
      ...VALUES,
      modelUri: 'https://models.example.com/fraud',
      maxReplicas: 200,
    });
    expect(serving.status).toBe(400);
    expect(serving.error?.message).toContain(
      'model_uri: must match ^(s3|gs)://.+',
    );
    expect(serving.error?.message).toContain(
      'max_replicas: must be at most 100',
    );

    // The serving block runs in us-east-1, the feature store does not.
    const store = await backend.dryRun(TEMPLATE_DIR, {
      ...VALUES,
      region: 'us-east-1',
    });
    expect(store.status).toBe(400);
    expect(store.error?.message).toContain('resource:default/feature-store');
    expect(store.error?.message).not.toContain('kserve-serving-template');
    expect(store.error?.message).toContain('region: must be one of eu-west-1');

    const view = await backend.dryRun(TEMPLATE_DIR, {
      ...VALUES,
      featureView: 'Card-Transactions',
    });
    expect(view.status).toBe(400);
    expect(view.error?.message).toContain('feature_view: must match');
  });

  it('refuses a framework outside the form with the parameter’s name', async () => {
    const res = await backend.dryRun(TEMPLATE_DIR, {
      ...VALUES,
      framework: 'tensorflow',
    });
    expect(res.status).toBe(400);
    expect(res.error?.message).toContain('framework');
  });
});
