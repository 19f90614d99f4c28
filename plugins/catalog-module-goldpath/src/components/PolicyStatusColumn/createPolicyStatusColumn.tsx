import { Entity } from '@backstage/catalog-model';
import { TableColumn } from '@backstage/core-components';
import type { CatalogTableRow } from '@backstage/plugin-catalog';
import Box from '@mui/material/Box';
import Typography from '@mui/material/Typography';
import { NO_DATA } from '../../lib/format';
import {
  policyStatusRank,
  readPolicyStatus,
  readPolicyViolations,
  SEVERITIES,
} from '../../lib/policy';
import { PolicyStatusChip } from '../shared/Chips';

/** The open violations of an entity in short: `1 critical, 2 high`. */
export function violationsSummary(entity: Entity): string | undefined {
  const counts = readPolicyViolations(entity);
  if (!counts) {
    return undefined;
  }
  const parts = SEVERITIES.filter(s => (counts[s] ?? 0) > 0).map(
    s => `${counts[s]} ${s}`,
  );
  return parts.length ? parts.join(', ') : undefined;
}

/**
 * The policy status of an entity in the catalog table; `—` without a report.
 *
 * @public
 */
export function PolicyStatusCell(props: { entity: Entity }) {
  const status = readPolicyStatus(props.entity);
  if (!status) {
    return (
      <Typography
        variant="body2"
        component="span"
        color="text.secondary"
        title="No policy report names this entity"
        data-testid="catalog-policy-status"
        data-status="none"
      >
        {NO_DATA}
      </Typography>
    );
  }
  const summary = violationsSummary(props.entity);
  return (
    <Box
      data-testid="catalog-policy-status"
      data-status={status}
      sx={{
        display: 'flex',
        flexDirection: 'column',
        alignItems: 'flex-start',
      }}
    >
      <PolicyStatusChip status={status} />
      {summary && (
        <Typography variant="caption" color="text.secondary">
          {summary}
        </Typography>
      )}
    </Box>
  );
}

/**
 * Options of {@link createPolicyStatusColumn}.
 *
 * @public
 */
export interface PolicyStatusColumnOptions {
  /** The column header; `Policy` by default. */
  title?: string;
}

/**
 * A column of the catalog table with the policy status of each entity
 * (`goldpath.dev/policy-status`) and its open violations by severity;
 * entities without a report show `—`. Sorts fail, warn, pass, then none.
 * For `CatalogIndexPage columns` in the legacy frontend system, and used by
 * `catalogPolicyColumnModule` in the new one.
 *
 * @public
 */
export function createPolicyStatusColumn(
  options: PolicyStatusColumnOptions = {},
): TableColumn<CatalogTableRow> {
  return {
    title: options.title ?? 'Policy',
    field: 'policyStatus',
    customSort: (a, b) =>
      policyStatusRank(readPolicyStatus(a.entity)) -
      policyStatusRank(readPolicyStatus(b.entity)),
    customFilterAndSearch: (query, row) =>
      (readPolicyStatus(row.entity) ?? '').includes(
        String(query).toLocaleLowerCase('en-US'),
      ),
    render: ({ entity }) => <PolicyStatusCell entity={entity} />,
  };
}
