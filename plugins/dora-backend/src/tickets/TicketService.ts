import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  TICKET_NONE,
  TicketGroupBy,
  TicketTemplateCoverage,
  TicketsResponse,
  computeTicketMetrics,
  ticketCategoryKey,
} from '@goldpath/plugin-dora-common';
import { DoraStore } from '../database/DoraStore';
import { CatalogDirectory } from '../catalog/CatalogDirectory';
import { readTemplateVersions } from '../scorecards/AdoptionService';

const DAY_MS = 86_400_000;

/** A category or team filter as the figures compare it (the group keys). */
const filterKey = (value: string | undefined) =>
  value === undefined ? null : ticketCategoryKey(value) ?? TICKET_NONE;

/**
 * Platform-ticket figures (`GET /api/dora/tickets`, METRICS.md "Platform
 * tickets"): bounded reads of the store go through the pure
 * `computeTicketMetrics`.
 *
 * Reads: the ticket events of the tickets active in the window (every event
 * of each, up to `asOf`; see `DoraStore.listTicketEvents`); when templates
 * cover categories (`goldpath.dev/replaces-ticket-category`), the window
 * before as well (for "before" figures) and the scaffold events of those
 * templates.
 *
 * Visibility: tickets name no catalog entity (their team is the text the
 * ticket tool sent, slugged), so every caller with `dora.scorecards.read`
 * sees the same ticket figures; the templates (and their runs) in the
 * before/after figures are those the caller may see in the catalog.
 */
export class TicketService {
  static create(options: {
    store: DoraStore;
    directory: CatalogDirectory;
    catalog: CatalogService;
    auth: AuthService;
    triageSlaMillis?: number;
    timeZone?: string;
  }): TicketService {
    return new TicketService(options);
  }

  private constructor(
    private readonly options: {
      store: DoraStore;
      directory: CatalogDirectory;
      catalog: CatalogService;
      auth: AuthService;
      triageSlaMillis?: number;
      timeZone?: string;
    },
  ) {}

  async getTickets(query: {
    asOf?: number;
    windowDays: number;
    groupBy?: TicketGroupBy;
    category?: string;
    team?: string;
    timeZone?: string;
    /** The caller's; default: the plugin's own. */
    credentials?: BackstageCredentials;
  }): Promise<TicketsResponse> {
    const { store, directory, catalog, auth } = this.options;
    const asOf = query.asOf ?? Date.now();
    const windowMs = query.windowDays * DAY_MS;
    const from = asOf - windowMs;
    const credentials =
      query.credentials ?? (await auth.getOwnServiceCredentials());
    const snapshot = await directory.get();
    const visible = auth.isPrincipal(credentials, 'service')
      ? undefined
      : (await readTemplateVersions(catalog, credentials)).refs;
    const templates: TicketTemplateCoverage[] = [];
    for (const t of snapshot.templates.values()) {
      if (visible && !visible.has(t.ref)) continue;
      for (const category of t.replacesTicketCategories ?? []) {
        templates.push({ template: t.ref, category, title: t.title });
      }
    }
    const historyFrom = templates.length ? from - windowMs : from;
    const [events, scaffoldEvents] = await Promise.all([
      store.listTicketEvents({ from: historyFrom, to: asOf }),
      templates.length
        ? store.listTemplateScaffoldEvents({
            templates: templates.map(t => t.template),
            before: asOf,
          })
        : Promise.resolve([]),
    ]);
    const metrics = computeTicketMetrics(events, {
      asOf,
      from,
      historyFrom,
      triageSlaMillis: this.options.triageSlaMillis,
      timeZone: query.timeZone ?? this.options.timeZone,
      category: query.category,
      team: query.team,
      templates,
      scaffoldEvents,
    });
    const groupBy = query.groupBy ?? 'category';
    const groups = {
      category: metrics.byCategory,
      team: metrics.byTeam,
      month: metrics.byMonth,
    }[groupBy];
    return {
      ...metrics,
      window: { ...metrics.window, days: query.windowDays },
      groupBy,
      groups,
      filters: {
        category: filterKey(query.category),
        team: filterKey(query.team),
      },
    };
  }
}
