import { AuthService } from '@backstage/backend-plugin-api';
import {
  Entity,
  RELATION_OWNED_BY,
  parseEntityRef,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { DIGEST_ANNOTATION } from '@goldpath/plugin-catalog-common';

/** An owning team as the digest sees it. */
export interface DigestTeam {
  ref: string;
  title: string;
  /** `goldpath.dev/digest: off` on the Group. */
  optedOut: boolean;
  /** Entities the team owns (components, resources, APIs, systems). */
  entityRefs: Set<string>;
  /** Of which components. */
  components: number;
}

/** Kinds whose owners' policy violations a team digest counts. */
const OWNED_KINDS = ['component', 'resource', 'api', 'system'];
const PAGE = 500;
const GROUP_FIELDS = [
  'kind',
  'metadata.name',
  'metadata.namespace',
  'metadata.title',
  'metadata.annotations',
  'spec.profile.displayName',
];

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

function titleOf(entity: Entity): string {
  const profile = (entity.spec as { profile?: { displayName?: unknown } })
    ?.profile;
  if (typeof profile?.displayName === 'string' && profile.displayName) {
    return profile.displayName;
  }
  return entity.metadata.title ?? entity.metadata.name;
}

function isOptedOut(entity: Entity): boolean {
  const value = entity.metadata.annotations?.[DIGEST_ANNOTATION];
  return typeof value === 'string' && value.trim().toLowerCase() === 'off';
}

/**
 * Reads the owning teams from the catalog with the module's own service
 * credentials: the Groups that own components (their `ownedBy` relations,
 * as the dora plugin reads owners), each with the entities it owns, its
 * title and its opt-out; and the platform team's Group, when it exists.
 * Entities are read in pages of 500, only the fields needed.
 */
export async function readTeams(options: {
  catalog: CatalogService;
  auth: AuthService;
  platformTeam: string;
}): Promise<{
  teams: DigestTeam[];
  platform?: Omit<DigestTeam, 'entityRefs' | 'components'>;
}> {
  const credentials = await options.auth.getOwnServiceCredentials();
  const owned = new Map<
    string,
    { entityRefs: Set<string>; components: number }
  >();
  let cursor: string | undefined;
  do {
    const page = await options.catalog.queryEntities(
      cursor
        ? { cursor, limit: PAGE }
        : {
            filter: { kind: OWNED_KINDS },
            fields: [
              'kind',
              'metadata.name',
              'metadata.namespace',
              'relations',
            ],
            limit: PAGE,
          },
      { credentials },
    );
    for (const entity of page.items) {
      const ref = lower(stringifyEntityRef(entity));
      const isComponent =
        entity.kind.toLocaleLowerCase('en-US') === 'component';
      for (const relation of entity.relations ?? []) {
        if (relation.type !== RELATION_OWNED_BY) continue;
        const owner = lower(relation.targetRef);
        if (parseEntityRef(owner).kind !== 'group') continue;
        let team = owned.get(owner);
        if (!team) {
          team = { entityRefs: new Set(), components: 0 };
          owned.set(owner, team);
        }
        team.entityRefs.add(ref);
        if (isComponent) team.components += 1;
      }
    }
    cursor = page.pageInfo.nextCursor;
  } while (cursor);

  const owners = [...owned.entries()]
    .filter(([, t]) => t.components > 0)
    .map(([ref]) => ref)
    .sort();
  const refs = [...new Set([...owners, options.platformTeam])];
  const groups = new Map<string, Entity>();
  for (let i = 0; i < refs.length; i += PAGE) {
    const chunk = refs.slice(i, i + PAGE);
    const { items } = await options.catalog.getEntitiesByRefs(
      { entityRefs: chunk, fields: GROUP_FIELDS },
      { credentials },
    );
    items.forEach((entity, index) => {
      if (entity) groups.set(chunk[index], entity);
    });
  }

  // An owner the catalog holds no Group for (yet) has nobody to tell.
  const teams = owners
    .filter(ref => groups.has(ref))
    .map(ref => {
      const group = groups.get(ref)!;
      const team = owned.get(ref)!;
      return {
        ref,
        title: titleOf(group),
        optedOut: isOptedOut(group),
        entityRefs: team.entityRefs,
        components: team.components,
      };
    });
  const platformGroup = groups.get(options.platformTeam);
  return {
    teams,
    ...(platformGroup
      ? {
          platform: {
            ref: options.platformTeam,
            title: titleOf(platformGroup),
            optedOut: isOptedOut(platformGroup),
          },
        }
      : {}),
  };
}
