import { InfoCard } from '@backstage/core-components';
import type {
  AdoptionCoverage,
  AdoptionOutcomeSlice,
  AdoptionResponse,
} from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useTheme } from '@mui/material/styles';
import { Bar, BarChart, Legend, Tooltip, XAxis, YAxis } from 'recharts';
import { useAdoption } from '../../hooks/useAdoption';
import {
  formatDecimal,
  formatDuration,
  formatPercent,
  formatShortRef,
  formatTimestamp,
  NO_DATA,
} from '../../lib/format';
import { FiguresContent } from '../shared/FiguresContent';
import { Tile, TileRow } from '../shared/FigureTiles';
import { SimpleTable } from '../shared/SimpleTable';

/**
 * Props of the adoption page.
 *
 * @public
 */
export interface DoraAdoptionPageProps {
  /** UTC calendar months reported (1 to 24); the backend default (6) when omitted. */
  months?: number;
}

function Headline({ value }: { value: AdoptionResponse }) {
  const lastMonth = value.months[value.months.length - 1];
  const thisMonth = value.templatesPerMonth.find(m => m.month === lastMonth);
  return (
    <TileRow testId="dora-adoption-headline">
      <Tile
        testId="dora-adoption-active"
        label="Active services (30 days)"
        value={`${value.active.count} / ${value.active.components}`}
      />
      <Tile
        testId="dora-adoption-coverage"
        label="Golden-path coverage"
        value={formatPercent(value.coverage.fleet.share)}
      />
      <Tile
        testId="dora-adoption-templates"
        label="Templates used this month"
        value={String(thisMonth?.templates ?? 0)}
      />
    </TileRow>
  );
}

function RunsChart({ value }: { value: AdoptionResponse }) {
  const theme = useTheme();
  const templates = new Map<string, string>();
  for (const month of value.templatesPerMonth) {
    for (const t of month.byTemplate) {
      templates.set(t.template, t.title);
    }
  }
  if (templates.size === 0) {
    return (
      <Typography variant="body2" color="text.secondary">
        No successful scaffold runs in these months.
      </Typography>
    );
  }
  const refs = [...templates.keys()].sort();
  const data = value.months.map(month => {
    const row: Record<string, string | number> = { month };
    const found = value.templatesPerMonth.find(m => m.month === month);
    for (const ref of refs) {
      row[ref] = found?.byTemplate.find(t => t.template === ref)?.runs ?? 0;
    }
    return row;
  });
  const colors = [
    theme.palette.primary.main,
    theme.palette.secondary.main,
    theme.palette.success.main,
    theme.palette.warning.main,
    theme.palette.info.main,
    theme.palette.error.main,
  ];
  return (
    <Box
      role="img"
      aria-label={`Successful scaffold runs per template and month, ${refs.length} templates`}
      sx={{ height: 240 }}
    >
      <BarChart
        data={data}
        responsive
        style={{ width: '100%', height: 240 }}
        margin={{ top: 8, right: 8, bottom: 0, left: 0 }}
        accessibilityLayer={false}
      >
        <XAxis dataKey="month" tick={{ fontSize: 11 }} />
        <YAxis width={40} allowDecimals={false} tick={{ fontSize: 11 }} />
        <Tooltip isAnimationActive={false} />
        <Legend />
        {refs.map((ref, i) => (
          <Bar
            key={ref}
            dataKey={ref}
            name={templates.get(ref)}
            stackId="runs"
            fill={colors[i % colors.length]}
            isAnimationActive={false}
          />
        ))}
      </BarChart>
    </Box>
  );
}

function coverageRows(items: AdoptionCoverage[]) {
  return items.map(c => ({
    key: c.key,
    cells: [
      c.title,
      `${c.fromTemplate} / ${c.components}`,
      formatPercent(c.share),
    ],
  }));
}

function Coverage({ value }: { value: AdoptionResponse }) {
  const head = ['', 'From a template / components', 'Coverage'];
  return (
    <Box data-testid="dora-adoption-coverage-tables">
      <Typography variant="subtitle2" gutterBottom>
        By team
      </Typography>
      <SimpleTable
        testId="dora-adoption-coverage-team"
        head={['Team', ...head.slice(1)]}
        rows={coverageRows(value.coverage.byTeam)}
        empty="No teams in the catalog."
      />
      <Typography variant="subtitle2" gutterBottom sx={{ mt: 2 }}>
        By system
      </Typography>
      <SimpleTable
        testId="dora-adoption-coverage-system"
        head={['System', ...head.slice(1)]}
        rows={coverageRows(value.coverage.bySystem)}
        empty="No systems in the catalog."
      />
    </Box>
  );
}

function RepeatUse({ value }: { value: AdoptionResponse }) {
  const rows = value.repeatUse.flatMap(t =>
    t.months.map(m => ({
      key: `${t.template}-${m.month}`,
      cells: [
        t.title,
        m.month,
        m.users,
        m.repeatUsers,
        m.stickiness === null ? NO_DATA : formatPercent(m.stickiness),
      ],
    })),
  );
  return (
    <SimpleTable
      testId="dora-adoption-repeat"
      head={['Template', 'Month', 'Users', 'Repeat users', 'Stickiness']}
      rows={rows}
      empty="No scaffold runs in these months."
    />
  );
}

function outcomeCells(label: string, slice: AdoptionOutcomeSlice) {
  return [
    label,
    slice.services,
    `${formatDuration(slice.leadTimeSeconds.median)} (n ${
      slice.leadTimeSeconds.n
    })`,
    `${formatDecimal(slice.deploymentsPerWeek.median)} (n ${
      slice.deploymentsPerWeek.n
    })`,
  ];
}

function Outcomes({ value }: { value: AdoptionResponse }) {
  const { golden, other } = value.outcomes;
  return (
    <SimpleTable
      testId="dora-adoption-outcomes"
      head={['', 'Services', 'Median lead time', 'Median deploys/wk']}
      rows={[
        { key: 'golden', cells: outcomeCells('Golden path', golden) },
        { key: 'other', cells: outcomeCells('Other services', other) },
      ]}
      empty=""
    />
  );
}

function Drift({ value }: { value: AdoptionResponse }) {
  const rows = value.versionDrift.flatMap(t =>
    t.versions.map(v => ({
      key: `${t.template}-${v.version ?? 'unknown'}`,
      cells: [
        <>
          {t.title}
          <Typography variant="caption" display="block" color="text.secondary">
            {formatShortRef(t.template)}
          </Typography>
        </>,
        v.version ?? 'unknown',
        v.services,
        v.versionsBehind === null ? NO_DATA : v.versionsBehind,
        v.versionsBehind ? v.owners.map(formatShortRef).join(', ') : '',
        v.outcomes
          ? `${formatDuration(v.outcomes.leadTimeSeconds.median)} (n ${
              v.outcomes.leadTimeSeconds.n
            })`
          : NO_DATA,
        v.outcomes
          ? `${formatDecimal(v.outcomes.deploymentsPerWeek.median)} (n ${
              v.outcomes.deploymentsPerWeek.n
            })`
          : NO_DATA,
      ],
    })),
  );
  return (
    <Box data-testid="dora-adoption-drift">
      <SimpleTable
        testId="dora-adoption-drift-table"
        head={[
          'Template',
          'Version',
          'Services',
          'Versions behind',
          'Owners on old versions',
          'Median lead time',
          'Median deploys/wk',
        ]}
        rows={rows}
        empty="No services created from a template."
      />
      {value.versionDrift.map(t => (
        <Typography
          key={t.template}
          variant="caption"
          component="p"
          color="text.secondary"
          sx={{ mt: 1 }}
        >
          {t.title}: current version {t.currentVersion ?? NO_DATA} (
          {t.currentVersionSource === 'annotation'
            ? 'from the template'
            : 'highest seen'}
          )
        </Typography>
      ))}
    </Box>
  );
}

/**
 * Golden-path adoption: active services, coverage, templates used, repeat
 * use, outcomes and template version drift.
 */
export function DoraAdoptionContent(props: DoraAdoptionPageProps) {
  const { value, loading, error, retry } = useAdoption({
    months: props.months,
  });

  return (
    <Box data-testid="dora-adoption">
      <FiguresContent
        testId="dora-adoption"
        what="adoption figures"
        value={value}
        loading={loading}
        error={error}
        retry={retry}
        empty={{
          when: v =>
            v.active.components === 0 && v.templatesPerMonth.length === 0,
          title: 'No adoption data yet',
          body: (
            <>
              The figures appear once the catalog has components and software
              templates send scaffold events to <code>/api/dora/events</code>.
            </>
          ),
        }}
      >
        {v => (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <InfoCard
                title="Golden-path adoption"
                subheader={`${v.months[0]} to ${
                  v.months[v.months.length - 1]
                }, until ${formatTimestamp(v.asOf)}`}
              >
                <Headline value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Scaffold runs per template and month">
                <Box data-testid="dora-adoption-runs">
                  <RunsChart value={v} />
                </Box>
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Golden-path coverage">
                <Coverage value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Repeat use"
                subheader="Stickiness: repeat users ÷ the previous month's users; — without users last month"
              >
                <RepeatUse value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard
                title="Outcomes"
                subheader={`Golden path against the other services, last ${v.outcomes.window.days} days; n is the number of services with data`}
              >
                <Outcomes value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Template version drift">
                <Drift value={v} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </FiguresContent>
    </Box>
  );
}
