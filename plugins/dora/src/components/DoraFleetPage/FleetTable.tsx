import type {
  Distribution,
  RollupGroup,
  RollupGroupBy,
} from '@goldpath/plugin-dora-common';
import KeyboardArrowDownIcon from '@mui/icons-material/KeyboardArrowDown';
import KeyboardArrowRightIcon from '@mui/icons-material/KeyboardArrowRight';
import Box from '@mui/material/Box';
import IconButton from '@mui/material/IconButton';
import Table from '@mui/material/Table';
import TableBody from '@mui/material/TableBody';
import TableCell from '@mui/material/TableCell';
import TableHead from '@mui/material/TableHead';
import TableRow from '@mui/material/TableRow';
import TableSortLabel from '@mui/material/TableSortLabel';
import Typography from '@mui/material/Typography';
import { Fragment, useState } from 'react';
import { compareMetric, MetricChange } from '../../lib/compare';
import {
  NO_DATA,
  formatDecimal,
  formatDuration,
  formatPercent,
} from '../../lib/format';
import { ChangeIndicator } from '../shared/ChangeIndicator';
import { EntityLink } from '../shared/EntityLink';
import { LevelBars } from './LevelBars';

type Format = (value: number | null) => string;

interface MetricColumn {
  key: keyof RollupGroup['metrics'];
  label: string;
  format: Format;
}

const METRIC_COLUMNS: MetricColumn[] = [
  { key: 'deploymentsPerWeek', label: 'Deploys / week', format: formatDecimal },
  { key: 'leadTimeSeconds', label: 'Lead time', format: formatDuration },
  { key: 'changeFailRate', label: 'Change fail rate', format: formatPercent },
  { key: 'recoverySeconds', label: 'Recovery time', format: formatDuration },
  { key: 'reworkRate', label: 'Rework rate', format: formatPercent },
  { key: 'score', label: 'Score', format: formatDecimal },
];

/** The column count, for the expanded rows spanning all of them. */
const COLUMNS = 3 + METRIC_COLUMNS.length + 2;

type SortKey = 'title' | 'services' | MetricColumn['key'];

function sortValue(group: RollupGroup, key: SortKey): string | number | null {
  if (key === 'title') {
    return group.title.toLocaleLowerCase('en-US');
  }
  if (key === 'services') {
    return group.services;
  }
  return group.metrics[key].median;
}

/** Sorts groups by a column; groups without a value always go last. */
function sortGroups(
  groups: RollupGroup[],
  key: SortKey | undefined,
  order: 'asc' | 'desc',
): RollupGroup[] {
  if (!key) {
    return groups;
  }
  const sign = order === 'asc' ? 1 : -1;
  return [...groups].sort((a, b) => {
    const va = sortValue(a, key);
    const vb = sortValue(b, key);
    if (va === null || vb === null) {
      return (va === null ? 1 : 0) - (vb === null ? 1 : 0);
    }
    if (va < vb) return -sign;
    if (va > vb) return sign;
    return 0;
  });
}

/** A median with `n = 2` when fewer services than the group's have a value. */
function MedianCell(props: {
  distribution: Distribution;
  services: number;
  format: Format;
  testId: string;
}) {
  const { distribution: d, services, format, testId } = props;
  return (
    <TableCell align="right" data-testid={testId}>
      <span>{format(d.median)}</span>
      {d.n < services && (
        <Typography
          variant="caption"
          color="text.secondary"
          display="block"
          title={`${d.n} of ${services} services have data`}
        >
          n = {d.n}
        </Typography>
      )}
    </TableCell>
  );
}

function GoldenPathLine(props: {
  label: string;
  golden: string;
  other: string;
  change?: MetricChange;
}) {
  return (
    <Typography variant="caption" component="div" sx={{ whiteSpace: 'nowrap' }}>
      {props.label}: {props.golden} vs {props.other}{' '}
      {props.change ? <ChangeIndicator change={props.change} /> : NO_DATA}
    </Typography>
  );
}

/** Golden-path medians against the others', and their difference. */
function GoldenPathCell(props: { group: RollupGroup }) {
  const { golden, other, delta } = props.group.goldenPath;
  let content;
  if (golden.services === 0 || other.services === 0) {
    content = (
      <Typography
        variant="caption"
        color="text.secondary"
        title={
          golden.services === 0
            ? 'No service was created from a software template'
            : 'Every service was created from a software template'
        }
      >
        {NO_DATA} {golden.services === 0 ? 'none on it' : 'all on it'}
      </Typography>
    );
  } else {
    content = (
      <>
        <GoldenPathLine
          label="Lead time"
          golden={formatDuration(golden.metrics.leadTimeSeconds.median)}
          other={formatDuration(other.metrics.leadTimeSeconds.median)}
          change={compareMetric(
            delta.leadTimeSeconds,
            0,
            'lower',
            'duration',
            'on the golden path',
          )}
        />
        <GoldenPathLine
          label="Deploys / week"
          golden={formatDecimal(golden.metrics.deploymentsPerWeek.median)}
          other={formatDecimal(other.metrics.deploymentsPerWeek.median)}
          change={compareMetric(
            delta.deploymentsPerWeek,
            0,
            'higher',
            'decimal',
            'on the golden path',
          )}
        />
        <Typography variant="caption" color="text.secondary">
          {golden.services} golden vs {other.services} other
        </Typography>
      </>
    );
  }
  return <TableCell data-testid="dora-fleet-goldenPath">{content}</TableCell>;
}

/** Whether a group key is an entity ref with a catalog page to link to. */
function isEntityKey(key: string): boolean {
  return /^[^:/]+:[^/]+\/.+$/.test(key);
}

function GroupRow(props: {
  group: RollupGroup;
  summary?: boolean;
  testId: string;
}) {
  const { group, summary, testId } = props;
  const [open, setOpen] = useState(false);
  const servicesId = `${testId}-services`;
  return (
    <Fragment>
      <TableRow
        data-testid={testId}
        sx={
          summary
            ? { bgcolor: 'action.hover', '& > td, & > th': { fontWeight: 600 } }
            : undefined
        }
      >
        <TableCell padding="checkbox">
          {group.serviceRefs.length > 0 && (
            <IconButton
              size="small"
              aria-label={`${open ? 'Hide' : 'Show'} the services of ${
                group.title
              }`}
              aria-expanded={open}
              aria-controls={servicesId}
              onClick={() => setOpen(!open)}
            >
              {open ? <KeyboardArrowDownIcon /> : <KeyboardArrowRightIcon />}
            </IconButton>
          )}
        </TableCell>
        <TableCell component="th" scope="row">
          {!summary && isEntityKey(group.key) ? (
            <EntityLink entityRef={group.key}>{group.title}</EntityLink>
          ) : (
            group.title
          )}
        </TableCell>
        <TableCell align="right" data-testid="dora-fleet-services">
          {group.services}
        </TableCell>
        {METRIC_COLUMNS.map(c => (
          <MedianCell
            key={c.key}
            distribution={group.metrics[c.key]}
            services={group.services}
            format={c.format}
            testId={`dora-fleet-${c.key}`}
          />
        ))}
        <TableCell sx={{ minWidth: 100 }}>
          <LevelBars levels={group.levels} />
        </TableCell>
        <GoldenPathCell group={group} />
      </TableRow>
      {open && (
        <TableRow id={servicesId} data-testid={servicesId}>
          <TableCell />
          <TableCell colSpan={COLUMNS - 1}>
            <Box
              component="ul"
              aria-label={`Services of ${group.title}`}
              sx={{
                listStyle: 'none',
                p: 0,
                m: 0,
                display: 'flex',
                flexWrap: 'wrap',
                columnGap: 2,
                rowGap: 0.5,
              }}
            >
              {group.serviceRefs.map(ref => (
                <li key={ref}>
                  <EntityLink entityRef={ref} />
                </li>
              ))}
            </Box>
          </TableCell>
        </TableRow>
      )}
    </Fragment>
  );
}

const GROUP_LABELS: Record<RollupGroupBy, string> = {
  owner: 'Team',
  system: 'System',
  domain: 'Product line',
  template: 'Template',
};

/** The label of a grouping: `Team`, `System`, `Product line`, `Template`. */
export function groupByLabel(groupBy: RollupGroupBy): string {
  return GROUP_LABELS[groupBy];
}

/**
 * One row per group with the medians of its services' metrics, the level
 * counts and the golden-path comparison; the fleet as the first row. Rows
 * expand to their services.
 */
export function FleetTable(props: {
  groupBy: RollupGroupBy;
  groups: RollupGroup[];
  fleet: RollupGroup;
}) {
  const { groupBy, groups, fleet } = props;
  const [sortKey, setSortKey] = useState<SortKey | undefined>(undefined);
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const sortBy = (key: SortKey) => {
    if (sortKey === key) {
      setOrder(order === 'asc' ? 'desc' : 'asc');
    } else {
      setSortKey(key);
      setOrder(key === 'title' ? 'asc' : 'desc');
    }
  };
  const header = (key: SortKey, label: string, align?: 'right') => (
    <TableCell align={align} sortDirection={sortKey === key ? order : false}>
      <TableSortLabel
        active={sortKey === key}
        direction={sortKey === key ? order : 'asc'}
        onClick={() => sortBy(key)}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    <Box sx={{ overflowX: 'auto' }}>
      <Table
        size="small"
        aria-label={`DORA metrics by ${groupByLabel(groupBy)}`}
        sx={{
          '& th, & td': { px: 1 },
          '& thead th': {
            verticalAlign: 'bottom',
            lineHeight: 1.3,
            wordBreak: 'normal',
            overflowWrap: 'normal',
          },
        }}
      >
        <TableHead>
          <TableRow>
            <TableCell padding="checkbox" />
            {header('title', groupByLabel(groupBy))}
            {header('services', 'Services', 'right')}
            {METRIC_COLUMNS.map(c => (
              <Fragment key={c.key}>{header(c.key, c.label, 'right')}</Fragment>
            ))}
            <TableCell>Levels</TableCell>
            <TableCell>Golden path vs other</TableCell>
          </TableRow>
        </TableHead>
        <TableBody>
          <GroupRow group={fleet} summary testId="dora-fleet-summary" />
          {sortGroups(groups, sortKey, order).map(group => (
            <GroupRow
              key={group.key}
              group={group}
              testId={`dora-fleet-row-${group.key}`}
            />
          ))}
        </TableBody>
      </Table>
    </Box>
  );
}
