import { InfoCard } from '@backstage/core-components';
import type {
  TicketDurationStats,
  TicketsResponse,
} from '@goldpath/plugin-dora-common';
import Box from '@mui/material/Box';
import Chip from '@mui/material/Chip';
import Grid from '@mui/material/Grid';
import Typography from '@mui/material/Typography';
import { useState } from 'react';
import { useTickets } from '../../hooks/useTickets';
import {
  formatDuration,
  formatPercent,
  formatShortRef,
  formatTimestamp,
  NO_DATA,
} from '../../lib/format';
import { FiguresContent } from '../shared/FiguresContent';
import { Tile, TileRow } from '../shared/FigureTiles';
import { SimpleTable } from '../shared/SimpleTable';
import { WindowSelector } from '../shared/WindowSelector';

/**
 * Props of the platform-tickets page.
 *
 * @public
 */
export interface DoraTicketsPageProps {
  /** The window first shown (`30d`, `90d`, `180d`); the backend default when omitted. */
  window?: string;
  /** IANA time zone of the months; the backend's when omitted. */
  timeZone?: string;
}

const NONE_LABEL = 'no category';
const label = (key: string) => (key === 'none' ? NONE_LABEL : key);

/** `2h 5m / 9h (n=4)`: mean / P95 and n. */
function meanP95(stats: TicketDurationStats): string {
  if (stats.n === 0) return `${NO_DATA} (n=0)`;
  return `${formatDuration(stats.meanSeconds)} / ${formatDuration(
    stats.p95Seconds,
  )} (n=${stats.n})`;
}

function Headline({ value }: { value: TicketsResponse }) {
  const { totals } = value;
  return (
    <TileRow testId="dora-tickets-headline">
      <Tile
        testId="dora-tickets-count"
        label="Tickets opened"
        value={String(totals.tickets)}
      />
      <Tile
        testId="dora-tickets-queue-mean"
        label="Queue time, mean"
        value={formatDuration(totals.queueTime.meanSeconds)}
      />
      <Tile
        testId="dora-tickets-queue-p95"
        label="Queue time, P95"
        value={formatDuration(totals.queueTime.p95Seconds)}
      />
      <Tile
        testId="dora-tickets-waiting"
        label="Waiting for a first response"
        value={String(totals.waiting)}
      />
      <Tile
        testId="dora-tickets-sla"
        label={
          value.triageSlaSeconds === null
            ? 'SLA breaches (no SLA set)'
            : `SLA breaches (SLA ${formatDuration(value.triageSlaSeconds)})`
        }
        value={
          value.slaBreaches.count === null
            ? NO_DATA
            : String(value.slaBreaches.count)
        }
      />
    </TileRow>
  );
}

function CategoryTable({ value }: { value: TicketsResponse }) {
  return (
    <SimpleTable
      testId="dora-tickets-categories"
      head={[
        'Category',
        'Tickets',
        'Queue time mean',
        'Queue time P95',
        'n',
        'Waiting',
        'Resolution mean / P95',
        'Open backlog (oldest)',
        'Reopened',
        'SLA breaches',
      ]}
      empty="No tickets in this window."
      rows={value.byCategory.map(g => ({
        key: g.key,
        cells: [
          label(g.key),
          g.tickets,
          formatDuration(g.queueTime.meanSeconds),
          formatDuration(g.queueTime.p95Seconds),
          g.queueTime.n,
          g.waiting,
          meanP95(g.resolutionTime),
          g.backlog.open
            ? `${g.backlog.open} (${formatDuration(
                g.backlog.oldestAgeSeconds,
              )})`
            : '0',
          g.reopened,
          g.slaBreaches ?? NO_DATA,
        ],
      }))}
    />
  );
}

function MonthTable({ value }: { value: TicketsResponse }) {
  const months = [...new Set(value.categoryMonths.map(c => c.month))].sort();
  const categories = value.byCategory.map(g => g.key);
  return (
    <SimpleTable
      testId="dora-tickets-months"
      head={['Category', ...months]}
      empty="No tickets in this window."
      rows={categories.map(category => ({
        key: category,
        cells: [
          label(category),
          ...months.map(month => {
            const cell = value.categoryMonths.find(
              c => c.category === category && c.month === month,
            );
            return (
              <span
                key={month}
                data-testid={`dora-tickets-months-cell-${category}-${month}`}
              >
                {cell ? meanP95(cell.queueTime) : NO_DATA}
              </span>
            );
          }),
        ],
      }))}
    />
  );
}

function CandidateTemplate({
  candidate,
}: {
  candidate: TicketsResponse['candidates'][number];
}) {
  if (candidate.coveredBy) {
    return (
      <Chip
        size="small"
        label={`covered by ${formatShortRef(candidate.coveredBy)}`}
      />
    );
  }
  return <>{candidate.reason === 'label' ? 'labelled only' : 'none yet'}</>;
}

function Candidates({ value }: { value: TicketsResponse }) {
  return (
    <SimpleTable
      testId="dora-tickets-candidates"
      head={[
        '#',
        'Category',
        'Tickets',
        'Total queue time',
        'Mean queue time',
        'Labelled template-candidate',
        'Template',
      ]}
      empty="No category repeats yet."
      rows={value.candidates.map((c, i) => ({
        key: c.category,
        cells: [
          i + 1,
          label(c.category),
          c.tickets,
          formatDuration(c.totalQueueSeconds),
          formatDuration(c.meanQueueSeconds),
          c.labelledTickets,
          <CandidateTemplate key="template" candidate={c} />,
        ],
      }))}
    />
  );
}

function Breaches({ value }: { value: TicketsResponse }) {
  if (value.slaBreaches.count === null) {
    return (
      <Typography
        variant="body2"
        color="text.secondary"
        data-testid="dora-tickets-breaches-no-sla"
      >
        No triage SLA is configured (
        <code>goldpath.dora.tickets.triageSla</code>).
      </Typography>
    );
  }
  const kinds = {
    late: 'answered late',
    waiting: 'still waiting',
    unanswered: 'resolved without an answer',
  };
  return (
    <SimpleTable
      testId="dora-tickets-breaches"
      head={[
        'Ticket',
        'Category',
        'Team',
        'Opened',
        'What',
        'Waited',
        'Over SLA',
      ]}
      empty="No breaches in this window."
      rows={value.slaBreaches.tickets.map(b => ({
        key: b.ticketId,
        cells: [
          b.ticketId,
          label(b.category),
          b.team === 'none' ? NO_DATA : b.team,
          formatTimestamp(b.openedAt),
          kinds[b.kind],
          formatDuration(b.waitedSeconds),
          formatDuration(b.overSeconds),
        ],
      }))}
    />
  );
}

function BeforeAfter({ value }: { value: TicketsResponse }) {
  return (
    <SimpleTable
      testId="dora-tickets-before-after"
      head={[
        'Template',
        'Category',
        'First used',
        'Queue time before (mean / P95)',
        'After (mean / P95)',
        'Change of the mean',
        'Requests through the template since',
      ]}
      empty="No template declares a ticket category yet (annotation goldpath.dev/replaces-ticket-category)."
      rows={value.beforeAfter.map(e => ({
        key: `${e.template}-${e.category}`,
        cells: [
          e.title ?? formatShortRef(e.template),
          e.category,
          e.firstUsedAt ? formatTimestamp(e.firstUsedAt) : 'not used yet',
          meanP95(e.before),
          e.after ? meanP95(e.after) : NO_DATA,
          e.meanDeltaSeconds === null
            ? NO_DATA
            : `${e.meanDeltaSeconds > 0 ? '+' : ''}${formatDuration(
                e.meanDeltaSeconds,
              )}`,
          e.templateShare === null
            ? NO_DATA
            : `${formatPercent(e.templateShare)} (${e.templateRuns} runs, ${
                e.ticketsSince
              } tickets)`,
        ],
      }))}
    />
  );
}

/**
 * The platform-tickets page's content: queue time mean and P95 per category
 * and month, triage SLA breaches, template candidates and before/after for
 * categories a self-service template covers.
 *
 * @public
 */
export function DoraTicketsContent(props: DoraTicketsPageProps) {
  const [window, setWindow] = useState(props.window);
  const { value, loading, error, retry } = useTickets({
    window,
    timeZone: props.timeZone,
  });

  return (
    <Box data-testid="dora-tickets-page">
      <Box sx={{ display: 'flex', justifyContent: 'flex-end', mb: 2 }}>
        <WindowSelector
          value={window}
          days={value?.window.days}
          onChange={setWindow}
        />
      </Box>
      <FiguresContent
        testId="dora-tickets"
        what="ticket figures"
        value={value}
        loading={loading}
        error={error}
        retry={retry}
        empty={{
          when: v => v.totals.tickets === 0,
          title: 'No platform tickets in this window',
          body: (
            <>
              Tickets arrive as <code>ticket</code> events at{' '}
              <code>/api/dora/events</code>, or from the Jira and GitHub Issues
              webhooks.
            </>
          ),
        }}
      >
        {v => (
          <Grid container spacing={3}>
            <Grid item xs={12}>
              <InfoCard
                title="Platform tickets"
                subheader={`Tickets opened from ${formatTimestamp(
                  v.window.from,
                )} to ${formatTimestamp(v.window.to)} (${
                  v.window.days
                } days, months in ${v.timeZone})`}
              >
                <Headline value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard title="Queue time per category">
                <CategoryTable value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard
                title="Queue time per category and month"
                subheader="Mean / P95 of the time to a first response, and how many tickets had one"
              >
                <MonthTable value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12}>
              <InfoCard
                title="Template candidates"
                subheader="Categories ranked by tickets × total queue time, then those labelled template-candidate"
              >
                <Candidates value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Triage SLA breaches">
                <Breaches value={v} />
              </InfoCard>
            </Grid>
            <Grid item xs={12} md={6}>
              <InfoCard title="Before and after self-service">
                <BeforeAfter value={v} />
              </InfoCard>
            </Grid>
          </Grid>
        )}
      </FiguresContent>
    </Box>
  );
}
