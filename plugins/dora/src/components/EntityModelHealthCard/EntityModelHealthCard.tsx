import { Entity } from '@backstage/catalog-model';
import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import Box from '@mui/material/Box';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { useEntityModelHealth } from '../../hooks/useEntityModelHealth';
import { formatWindow } from '../../lib/format';
import { ErrorWithRetry } from '../EntityDoraScorecardCard/EntityDoraScorecardCard';
import { ModelHealthView } from './ModelHealthView';

/**
 * The annotation naming the model(s) an entity serves, comma-separated
 * (`MODEL_ANNOTATION` of `@goldpath/plugin-catalog-common`).
 *
 * @public
 */
export const DORA_MODEL_ANNOTATION = 'goldpath.dev/model';

/** The models an entity's annotation names, in order. */
export function annotatedModels(entity: Entity): string[] {
  const value = entity.metadata.annotations?.[DORA_MODEL_ANNOTATION] ?? '';
  return value
    .split(',')
    .map(v => v.trim())
    .filter(Boolean);
}

/**
 * Whether an entity serves an ML model (has the `goldpath.dev/model`
 * annotation): where the model-health card belongs.
 *
 * @public
 */
export function isDoraModelHealthAvailable(entity: Entity): boolean {
  return annotatedModels(entity).length > 0;
}

/**
 * Props of {@link EntityDoraModelHealthCard}.
 *
 * @public
 */
export interface EntityModelHealthCardProps {
  /** Days of history, 1 to 90; the backend default (30) when omitted. */
  days?: number;
  /** Layout variant of the underlying `InfoCard`. */
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

function NoModelHealth(props: { models: string[] }) {
  const names = props.models.length > 0 ? props.models.join(', ') : 'model';
  return (
    <Box data-testid="dora-model-health-empty" sx={{ py: 2 }}>
      <Typography variant="h6" component="p" gutterBottom>
        No model-health reports yet
      </Typography>
      <Typography variant="body2" color="text.secondary">
        No <code>model_health</code> events for {names} in the window. The
        model's monitoring job sends them with{' '}
        <code>goldpath-events model-health</code> or to{' '}
        <code>/api/dora/events</code>.
      </Typography>
    </Box>
  );
}

/**
 * The health of the ML model(s) the current entity serves (named by its
 * `goldpath.dev/model` annotation): accuracy over time, data drift against
 * its threshold, inference latency p50/p95/p99 and the model version.
 *
 * @public
 */
export function EntityModelHealthCard(props: EntityModelHealthCardProps) {
  const { variant, days } = props;
  const { entity } = useEntity();
  const wanted = annotatedModels(entity);
  const { value, loading, error, retry } = useEntityModelHealth(entity, {
    days,
  });

  let content: JSX.Element;
  if (error && !loading) {
    content = (
      <ErrorWithRetry
        error={error}
        title="Could not load the model health"
        retry={retry}
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else {
    // The annotated models first, in the annotation's order; without an
    // annotation every model reported for the entity.
    const models =
      wanted.length > 0
        ? wanted.flatMap(name => value.models.filter(m => m.model === name))
        : value.models;
    content =
      models.length === 0 ? (
        <NoModelHealth models={wanted} />
      ) : (
        <>
          {models.map((summary, i) => (
            <Box key={summary.model}>
              {i > 0 ? <Divider sx={{ my: 1 }} /> : null}
              <ModelHealthView summary={summary} />
            </Box>
          ))}
        </>
      );
  }

  return (
    <Box
      data-testid="dora-model-health-card"
      sx={variant === 'gridItem' ? { height: '100%' } : undefined}
    >
      <InfoCard
        title="Model health"
        subheader={value ? formatWindow(value.window.days) : undefined}
        variant={variant}
      >
        {content}
      </InfoCard>
    </Box>
  );
}
