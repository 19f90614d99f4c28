import { Entity } from '@backstage/catalog-model';
import { ResponseError } from '@backstage/errors';
import { renderInTestApp } from '@backstage/frontend-test-utils';
import {
  EntityProvider,
  entityRouteRef,
} from '@backstage/plugin-catalog-react';
import { ModelHealthResponse } from '@goldpath/plugin-dora-common';
import { screen, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { DoraApi, doraApiRef } from '../../api';
import { modelHealthResponse } from '../../__testUtils__/modelHealth';
import { mockDoraApi } from '../../__testUtils__/scorecards';
import {
  EntityModelHealthCard,
  isDoraModelHealthAvailable,
} from './EntityModelHealthCard';
import { formatLatency, formatScore } from './format';

function entity(annotations: Record<string, string> = {}): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: {
      name: 'fraud-detector',
      namespace: 'default',
      annotations: { 'goldpath.dev/model': 'fraud-detector', ...annotations },
    },
    spec: { type: 'service', lifecycle: 'production', owner: 'team-a' },
  };
}

function renderCard(
  doraApi: DoraApi,
  props: { days?: number } = {},
  forEntity: Entity = entity(),
) {
  return renderInTestApp(
    <EntityProvider entity={forEntity}>
      <EntityModelHealthCard {...props} />
    </EntityProvider>,
    {
      apis: [[doraApiRef, doraApi]],
      mountedRoutes: { '/catalog/:namespace/:kind/:name': entityRouteRef },
    },
  );
}

describe('EntityModelHealthCard', () => {
  it('shows version, accuracy with its sparkline, drift past the threshold and latency', async () => {
    const doraApi = mockDoraApi();
    renderCard(doraApi, { days: 14 });

    expect(await screen.findByText('Model health')).toBeInTheDocument();
    expect(await screen.findByText('Last 30 days')).toBeInTheDocument();
    expect(doraApi.getModelHealth).toHaveBeenCalledWith(
      'component:default/fraud-detector',
      { days: 14 },
    );
    expect(screen.getByTestId('dora-model-version')).toHaveTextContent(
      'version 7',
    );

    const accuracy = within(screen.getByTestId('dora-model-accuracy'));
    expect(accuracy.getByText('Accuracy (auc)')).toBeInTheDocument();
    expect(accuracy.getByText('0.91')).toBeInTheDocument();
    expect(accuracy.getByText('on 2000 labelled samples')).toBeInTheDocument();
    expect(
      accuracy.getByRole('img', {
        name: 'Accuracy (auc) from 2026-03-01 to 2026-03-05: 0.95, 0.94, 0.93, 0.92, 0.91',
      }),
    ).toBeInTheDocument();

    const drift = within(screen.getByTestId('dora-model-drift'));
    expect(drift.getByText('Data drift (psi)')).toBeInTheDocument();
    expect(drift.getByText('0.27')).toBeInTheDocument();
    expect(drift.getByText('/ 0.2 threshold')).toBeInTheDocument();
    expect(drift.getByTestId('dora-model-drift-breached')).toHaveTextContent(
      'Above threshold',
    );

    expect(screen.getByTestId('dora-model-latency-p50')).toHaveTextContent(
      '130 ms',
    );
    expect(screen.getByTestId('dora-model-latency-p95')).toHaveTextContent(
      '406 ms',
    );
    expect(screen.getByTestId('dora-model-latency-p99')).toHaveTextContent(
      '1.25 s',
    );
  });

  it('says when drift is within its threshold, and guesses nothing without one', async () => {
    const within1 = modelHealthResponse();
    within1.models[0].drift = {
      ...within1.models[0].drift!,
      score: 0.1,
      breached: false,
    };
    const { unmount } = await renderCard(
      mockDoraApi({ getModelHealth: async () => within1 }),
    );
    expect(await screen.findByText('Within threshold')).toBeInTheDocument();
    expect(
      screen.queryByTestId('dora-model-drift-breached'),
    ).not.toBeInTheDocument();
    unmount();

    const none = modelHealthResponse();
    none.models[0].drift = {
      ...none.models[0].drift!,
      threshold: null,
      breached: null,
      method: null,
    };
    none.models[0].accuracy = none.models[0].accuracy.map(a => ({
      ...a,
      metric: null,
      sampleSize: null,
    }));
    none.models[0].latency = null;
    await renderCard(mockDoraApi({ getModelHealth: async () => none }));
    expect(await screen.findByText('no threshold sent')).toBeInTheDocument();
    expect(screen.getByText('Data drift')).toBeInTheDocument();
    expect(screen.getByText('Accuracy')).toBeInTheDocument();
    expect(screen.queryByText(/labelled samples/)).not.toBeInTheDocument();
    expect(
      screen.getByText('No latency histogram in the window'),
    ).toBeInTheDocument();
  });

  it('shows only the annotated model, and an empty state when it has no reports', async () => {
    const two: ModelHealthResponse = modelHealthResponse();
    two.models.unshift({ ...two.models[0], model: 'churn' });
    const { unmount } = await renderCard(
      mockDoraApi({ getModelHealth: async () => two }),
    );
    expect(
      await screen.findByTestId('dora-model-fraud-detector'),
    ).toBeInTheDocument();
    expect(screen.queryByTestId('dora-model-churn')).not.toBeInTheDocument();
    unmount();

    await renderCard(
      mockDoraApi({
        getModelHealth: async () => ({ ...two, models: [] }),
      }),
    );
    expect(
      await screen.findByTestId('dora-model-health-empty'),
    ).toHaveTextContent('No model-health reports yet');
    expect(screen.getByTestId('dora-model-health-empty')).toHaveTextContent(
      'for fraud-detector',
    );
  });

  it('shows a progress bar while loading', async () => {
    await renderCard(
      mockDoraApi({ getModelHealth: () => new Promise(() => {}) }),
    );
    expect(await screen.findByTestId('progress')).toBeInTheDocument();
  });

  it('shows an error with a retry that loads again', async () => {
    const response = new Response(
      JSON.stringify({ error: { name: 'Error', message: 'boom' } }),
      { status: 500, headers: { 'Content-Type': 'application/json' } },
    );
    const error = await ResponseError.fromResponse(response);
    let calls = 0;
    const doraApi = mockDoraApi({
      getModelHealth: async () => {
        calls++;
        if (calls === 1) throw error;
        return modelHealthResponse();
      },
    });
    await renderCard(doraApi);
    expect(
      await screen.findByText(/Could not load the model health/),
    ).toBeInTheDocument();
    expect(screen.getAllByText(/boom/).length).toBeGreaterThan(0);
    await userEvent.click(screen.getByRole('button', { name: 'Retry' }));
    expect(
      await screen.findByTestId('dora-model-fraud-detector'),
    ).toBeInTheDocument();
  });
});

describe('isDoraModelHealthAvailable', () => {
  it('is true only with a goldpath.dev/model annotation', () => {
    expect(isDoraModelHealthAvailable(entity())).toBe(true);
    const plain = entity();
    plain.metadata.annotations = {};
    expect(isDoraModelHealthAvailable(plain)).toBe(false);
    expect(
      isDoraModelHealthAvailable(entity({ 'goldpath.dev/model': ' ' })),
    ).toBe(false);
  });
});

describe('formatting', () => {
  it('formats scores and latencies', () => {
    expect(formatScore(0.93123)).toBe('0.931');
    expect(formatScore(null)).toBe('—');
    expect(formatLatency(0.13)).toBe('130 ms');
    expect(formatLatency(0.0042)).toBe('4.2 ms');
    expect(formatLatency(1.25)).toBe('1.25 s');
    expect(formatLatency(null)).toBe('—');
  });
});
