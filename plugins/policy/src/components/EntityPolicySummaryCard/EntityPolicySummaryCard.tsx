import { InfoCard, Link, Progress } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { EntityPolicyState } from '@goldpath/plugin-policy-common';
import Box from '@mui/material/Box';
import MuiLink from '@mui/material/Link';
import Typography from '@mui/material/Typography';
import { useEntityPolicy } from '../../hooks/useEntityPolicy';
import { toEntityRef } from '../../lib/entityRef';
import {
  formatCount,
  SEVERITY_KEYS,
  SeverityKey,
  totalViolations,
} from '../../lib/format';
import { SeverityChip, StatusChip } from '../shared/Chips';
import {
  AllClear,
  NoPolicyReport,
  PolicyLoadError,
} from '../shared/PolicyStates';
import { SourceAudits } from '../shared/SourceAudits';

/**
 * Props of {@link EntityPolicySummaryCard}.
 *
 * @public
 */
export interface EntityPolicySummaryCardProps {
  /** Layout variant of the underlying `InfoCard`. */
  variant?: 'flex' | 'fullHeight' | 'gridItem';
  /**
   * Where "See all violations" leads: by default the full policy card on
   * the same page (`#policy-violations`); e.g. a tab's path otherwise.
   */
  fullCardLink?: string;
}

/** Open violations by severity, summed over the sources. */
export function violationsBySeverity(
  state: EntityPolicyState,
): Record<SeverityKey, number> {
  const sums = Object.fromEntries(SEVERITY_KEYS.map(k => [k, 0])) as Record<
    SeverityKey,
    number
  >;
  for (const source of state.sources) {
    for (const key of SEVERITY_KEYS) {
      sums[key] += source.counts.violationsBySeverity[key] ?? 0;
    }
  }
  return sums;
}

/** Passing and excepted results, summed over the sources. */
export function passedAndExcepted(state: EntityPolicyState): {
  passed: number;
  excepted: number;
} {
  return state.sources.reduce(
    (sum, source) => ({
      passed: sum.passed + source.counts.pass,
      excepted: sum.excepted + source.counts.excepted,
    }),
    { passed: 0, excepted: 0 },
  );
}

function Summary(props: { state: EntityPolicyState; fullCardLink: string }) {
  const { state, fullCardLink } = props;
  const bySeverity = violationsBySeverity(state);
  const open = totalViolations(bySeverity);
  const { passed, excepted } = passedAndExcepted(state);
  const linkText = open > 0 ? 'See all violations' : 'See the policy details';
  return (
    <Box data-testid="policy-summary">
      <Box sx={{ display: 'flex', alignItems: 'center', gap: 1, mb: 1 }}>
        {state.status && <StatusChip status={state.status} />}
        <Typography
          variant="body2"
          component="span"
          data-testid="policy-summary-open"
        >
          {open > 0
            ? `${formatCount(open, 'open violation')}`
            : 'No open violations'}
        </Typography>
      </Box>
      {open > 0 ? (
        <Box
          sx={{ display: 'flex', flexWrap: 'wrap', gap: 0.5, mb: 1 }}
          aria-label="Open violations by severity"
          role="list"
        >
          {SEVERITY_KEYS.filter(key => bySeverity[key] > 0).map(key => (
            <Box role="listitem" key={key}>
              <SeverityChip
                severity={key}
                count={bySeverity[key]}
                testId={`policy-summary-severity-${key}`}
              />
            </Box>
          ))}
        </Box>
      ) : (
        <AllClear passed={passed} excepted={excepted} />
      )}
      {open > 0 && excepted > 0 && (
        <Typography variant="caption" color="text.secondary" component="p">
          {formatCount(excepted, 'result')} excepted
        </Typography>
      )}
      <Box sx={{ mt: 1 }}>
        <SourceAudits sources={state.sources} />
      </Box>
      <Box sx={{ mt: 1 }}>
        {fullCardLink.startsWith('#') ? (
          // A fragment of this page: a router link would resolve it against
          // the app's root.
          <MuiLink href={fullCardLink} data-testid="policy-summary-link">
            {linkText}
          </MuiLink>
        ) : (
          <Link to={fullCardLink} data-testid="policy-summary-link">
            {linkText}
          </Link>
        )}
      </Box>
    </Box>
  );
}

/**
 * The compact policy card of an entity, for the info column beside About:
 * the status, the open violations by severity, the last audit of each
 * source and a link to the full card. Distinct states for loading, errors,
 * a missing permission, no report yet and all clear.
 *
 * @public
 */
export function EntityPolicySummaryCard(props: EntityPolicySummaryCardProps) {
  const { variant, fullCardLink = '#policy-violations' } = props;
  const { entity } = useEntity();
  const entityRef = toEntityRef(entity);
  const { value, loading, error, retry } = useEntityPolicy(entityRef);

  let content: JSX.Element;
  if (error && !loading) {
    content = (
      <PolicyLoadError
        error={error}
        retry={retry}
        title="Could not load the policy status"
        what="the policy status of this entity"
      />
    );
  } else if (!value) {
    content = <Progress />;
  } else if (value.status === null) {
    content = <NoPolicyReport entityRef={entityRef} />;
  } else {
    content = <Summary state={value} fullCardLink={fullCardLink} />;
  }

  return (
    <Box
      data-testid="policy-summary-card"
      sx={variant === 'gridItem' ? { height: '100%' } : undefined}
    >
      <InfoCard title="Policy" variant={variant}>
        {content}
      </InfoCard>
    </Box>
  );
}
