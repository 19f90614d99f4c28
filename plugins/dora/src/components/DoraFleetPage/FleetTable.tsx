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
  formatCount,
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
  /** The short header, so that the table fits a laptop screen. */
  label: string;
  /** The metric in full, the header's tooltip. */
  title: string;
  format: Format;
}

const METRIC_COLUMNS: MetricColumn[] = [
  {
    key: 'deploymentsPerWeek',
    label: 'Deploys/wk',
    title: 'Median production deployments per week',
    format: formatDecimal,
  },
  {
    key: 'leadTimeSeconds',
    label: 'Lead time',
    title: 'Median change lead time',
    format: formatDuration,
  },
  {
    key: 'changeFailRate',
    label: 'CFR',
    title: 'Median change fail rate',
    format: formatPercent,
  },
  {
    key: 'recoverySeconds',
    label: 'Recovery',
    title: 'Median failed deployment recovery time',
    format: formatDuration,
  },
  {
    key: 'reworkRate',
    label: 'Rework',
    title: 'Median deployment rework rate',
    format: formatPercent,
  },
  {
    key: 'score',
    label: 'Score',
    title: 'Median overall score, 0–10',
    format: formatDecimal,
  },
];

/** Numbers stay on one line; the table is dense enough without wrapping. */
const NOWRAP = { whiteSpace: 'nowrap' } as const;

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
    <TableCell align="right" data-testid={testId} sx={NOWRAP}>
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

/**
 * One compact line of the golden-path comparison: `LT ▼ 8h 36m (8h 36m vs
 * 17h 12m)`, the difference first (coloured by whether it is better), then
 * the golden path's median against the others'. In a narrow table the
 * medians go below the difference; neither part breaks.
 */
function GoldenPathLine(props: {
  short: string;
  label: string;
  golden: string;
  other: string;
  change?: MetricChange;
}) {
  const { short, label, golden, other, change } = props;
  return (
    <Typography
      variant="caption"
      component="div"
      title={`${label}: ${golden} on the golden path vs ${other} for the others`}
      sx={{ lineHeight: 1.5 }}
    >
      <Box component="span" sx={NOWRAP}>
        <Box component="abbr" title={label} sx={{ textDecoration: 'none' }}>
          {short}
        </Box>{' '}
        {change ? <ChangeIndicator change={change} /> : NO_DATA}
      </Box>{' '}
      <Box component="span" sx={{ ...NOWRAP, color: 'text.secondary' }}>
        ({golden} vs {other})
      </Box>
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
        sx={NOWRAP}
      >
        {NO_DATA} {golden.services === 0 ? 'none on it' : 'all on it'}
      </Typography>
    );
  } else {
    content = (
      <>
        <GoldenPathLine
          short="LT"
          label="Median lead time"
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
          short="Dep/wk"
          label="Median deployments per week"
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
        <Typography
          variant="caption"
          component="div"
          color="text.secondary"
          title={`${formatCount(
            golden.services,
            'service',
          )} created from a software template vs ${formatCount(
            other.services,
            'other service',
            'other services',
          )}`}
          sx={{ whiteSpace: 'nowrap', lineHeight: 1.5 }}
        >
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
        <TableCell padding="none">
          {group.serviceRefs.length > 0 && (
            <IconButton
              size="small"
              sx={{ p: 0.25 }}
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
        <TableCell component="th" scope="row" sx={{ minWidth: 80 }}>
          {!summary && isEntityKey(group.key) ? (
            <EntityLink entityRef={group.key}>{group.title}</EntityLink>
          ) : (
            group.title
          )}
        </TableCell>
        <TableCell align="right" data-testid="dora-fleet-services" sx={NOWRAP}>
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
        <TableCell>
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
  'template-version': 'Template version',
};

/** The label of a grouping: `Team`, `System`, `Product line`, `Template`, `Template version`. */
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
  const header = (
    key: SortKey,
    label: string,
    align?: 'right',
    title?: string,
  ) => (
    <TableCell align={align} sortDirection={sortKey === key ? order : false}>
      <TableSortLabel
        active={sortKey === key}
        direction={sortKey === key ? order : 'asc'}
        onClick={() => sortBy(key)}
        title={title}
        // A smaller arrow: it takes room in every header, shown or not.
        sx={{ '& svg': { fontSize: 14, mx: '1px' } }}
      >
        {label}
      </TableSortLabel>
    </TableCell>
  );
  return (
    // Fits a content area of about 1000 px; narrower, it scrolls rather than
    // being clipped by the card.
    <Box sx={{ overflowX: 'auto', maxWidth: '100%' }}>
      <Table
        size="small"
        aria-label={`DORA metrics by ${groupByLabel(groupBy)}`}
        sx={{
          // The theme lets cells break words anywhere ("Engineeri / ng");
          // break at spaces only, and only where a cell allows it.
          '& th, & td': {
            px: 0.75,
            wordBreak: 'normal',
            overflowWrap: 'break-word',
          },
          '& thead th': {
            verticalAlign: 'bottom',
            lineHeight: 1.3,
            whiteSpace: 'nowrap',
          },
        }}
      >
        <TableHead>
          <TableRow>
            <TableCell padding="none" />
            {header('title', groupByLabel(groupBy))}
            {header('services', 'Services', 'right', 'Services in the group')}
            {METRIC_COLUMNS.map(c => (
              <Fragment key={c.key}>
                {header(c.key, c.label, 'right', c.title)}
              </Fragment>
            ))}
            <TableCell title="Services per performance level of four metrics">
              Levels
            </TableCell>
            <TableCell title="Services created from a software template against the others: the difference of the medians, then golden path vs others">
              Golden path vs others
            </TableCell>
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
