import { InfoCard, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type {
  EntityPolicyState,
  PolicyViolation,
} from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import Button from '@mui/material/Button';
import Divider from '@mui/material/Divider';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useCreateWaiver } from '../../hooks/useCreateWaiver';
import { useEntityPolicy } from '../../hooks/useEntityPolicy';
import { useEntityWaivers } from '../../hooks/useEntityWaivers';
import { toEntityRef } from '../../lib/entityRef';
import {
  formatCount,
  severityKey,
  SeverityKey,
  severityLabel,
  totalViolations,
} from '../../lib/format';
import {
  passedAndExcepted,
  violationsBySeverity,
} from '../EntityPolicySummaryCard/EntityPolicySummaryCard';
import { StatusChip } from '../shared/Chips';
import {
  AllClear,
  NoPolicyReport,
  PolicyLoadError,
} from '../shared/PolicyStates';
import { SourceAudits } from '../shared/SourceAudits';
import { ExceptedResults } from './ExceptedResults';
import { PassedChecks } from './PassedChecks';
import { PolicyDrift } from './PolicyDrift';
import { PolicyTrend } from './PolicyTrend';
import { SeverityTiles } from './SeverityTiles';
import { ViolationsTable } from './ViolationsTable';
import { WaiveDialog } from './WaiveDialog';
import { Waivers } from './Waivers';

/**
 * Props of {@link EntityPolicyCard}.
 *
 * @public
 */
export interface EntityPolicyCardProps {
  /** Layout variant of the underlying `InfoCard`. */
  variant?: 'flex' | 'fullHeight' | 'gridItem';
}

function Violations(props: {
  state: EntityPolicyState;
  onWaive?: (violation: PolicyViolation) => void;
}) {
  const { state, onWaive } = props;
  const [severity, setSeverity] = useState<SeverityKey | undefined>();
  const counts = violationsBySeverity(state);
  const { passed, excepted } = passedAndExcepted(state);
  const shown = severity
    ? state.violations.filter(v => severityKey(v.severity) === severity)
    : state.violations;
  const total = totalViolations(counts);
  return (
    <Box>
      <SeverityTiles
        counts={counts}
        selected={severity}
        onSelect={setSeverity}
      />
      {state.violations.length === 0 ? (
        <AllClear passed={passed} excepted={excepted} />
      ) : (
        <>
          <Box
            sx={{
              display: 'flex',
              alignItems: 'center',
              gap: 1,
              flexWrap: 'wrap',
              mb: 1,
            }}
          >
            <Typography
              variant="body2"
              color="text.secondary"
              data-testid="policy-violations-shown"
            >
              {severity
                ? `${formatCount(
                    shown.length,
                    'violation',
                  )} of severity ${severityLabel(severity)}`
                : formatCount(state.violations.length, 'open violation')}
              {!severity && total > state.violations.length
                ? ` listed of ${total}`
                : ''}
            </Typography>
            {severity && (
              <Button size="small" onClick={() => setSeverity(undefined)}>
                Show all severities
              </Button>
            )}
          </Box>
          {shown.length > 0 ? (
            <ViolationsTable violations={shown} onWaive={onWaive} />
          ) : (
            <Typography variant="body2" color="text.secondary">
              No open violation of this severity.
            </Typography>
          )}
        </>
      )}
    </Box>
  );
}

function PolicyDetails(props: {
  entityRef: string;
  state: EntityPolicyState;
  retry: () => void;
}) {
  const { entityRef, state, retry } = props;
  const waivers = useEntityWaivers(entityRef);
  const { allowed, createWaiver } = useCreateWaiver();
  const [waiving, setWaiving] = useState<PolicyViolation | undefined>();
  return (
    <Box sx={{ display: 'flex', flexDirection: 'column', gap: 3 }}>
      <Violations state={state} onWaive={allowed ? setWaiving : undefined} />
      <Divider />
      <PolicyDrift drift={state.drift} />
      <PolicyTrend history={state.history} />
      <ExceptedResults excepted={state.excepted} />
      <Waivers
        waivers={waivers.value}
        loading={waivers.loading}
        error={waivers.error}
      />
      <PassedChecks passed={state.passed} />
      {waiving && (
        <WaiveDialog
          entityRef={entityRef}
          violation={waiving}
          createWaiver={createWaiver}
          onClose={() => setWaiving(undefined)}
          onCreated={() => {
            setWaiving(undefined);
            retry();
            waivers.retry();
          }}
        />
      )}
    </Box>
  );
}

/**
 * The full policy card of an entity, for the main column: the open
 * violations by severity (a tile filters the table), the violations with
 * their remediation, runbook and bundle, what changed since the previous
 * audit of each source, the trend of open violations per audit, the
 * excepted results and waivers, and the passing checks. The header shows
 * the last audit of each source. Users with `policy.waivers.manage` can
 * waive a violation from its row.
 *
 * @public
 */
export function EntityPolicyCard(props: EntityPolicyCardProps) {
  const { variant } = props;
  const { entity } = useEntity();
  const entityRef = toEntityRef(entity);
  const { value, loading, error, retry } = useEntityPolicy(entityRef);

  let content: JSX.Element;
  if (error && !loading) {
    content = (
      <PolicyLoadError
        error={error}
        retry={retry}
        title="Could not load the policy results"
        what="the policy results of this entity"
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else if (value.status === null) {
    content = <NoPolicyReport entityRef={entityRef} />;
  } else {
    content = (
      <PolicyDetails entityRef={entityRef} state={value} retry={retry} />
    );
  }

  const hasReport = Boolean(value && value.status !== null);
  return (
    <Box
      id="policy-violations"
      data-testid="policy-violations-card"
      sx={variant === 'gridItem' ? { height: '100%' } : undefined}
    >
      <InfoCard
        title={
          <Box sx={{ display: 'flex', alignItems: 'center', gap: 1 }}>
            Policy violations
            {hasReport && value?.status && <StatusChip status={value.status} />}
          </Box>
        }
        subheader={
          hasReport && value ? (
            <SourceAudits sources={value.sources} />
          ) : undefined
        }
        subheaderTypographyProps={{ component: 'div' }}
        variant={variant}
      >
        {content}
      </InfoCard>
    </Box>
  );
}
