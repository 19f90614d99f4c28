import {
  AuthService,
  BackstageCredentials,
} from '@backstage/backend-plugin-api';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import { CatalogDirectory } from './CatalogDirectory';

const lower = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * What a caller may see of the catalog's components: `'all'` for service
 * principals (other plugins, external-access tokens), else the refs
 * (lower-case) of the components the catalog shows to the caller's
 * credentials.
 */
export type VisibleComponents = 'all' | ReadonlySet<string>;

/** Whether a visibility admits a service ref. */
export function admits(visible: VisibleComponents | undefined, ref: string) {
  return visible === undefined || visible === 'all' || visible.has(ref);
}

/**
 * The refs of the components the credentials may see in the catalog: the
 * catalog applies its own `catalog.entity.read` permission (the policy's
 * conditional decisions) to the caller's credentials. One bounded read: kind,
 * name and namespace only.
 */
export async function readVisibleComponents(
  catalog: CatalogService,
  credentials: BackstageCredentials,
): Promise<Set<string>> {
  const { items } = await catalog.getEntities(
    {
      filter: { kind: 'component' },
      fields: ['kind', 'metadata.name', 'metadata.namespace'],
    },
    { credentials },
  );
  return new Set(items.map(e => lower(stringifyEntityRef(e))));
}

/**
 * Filters reads of other entities' data by what the requesting user may see
 * in the catalog. The plugin's directory is read with its own credentials
 * (it must know every service to attribute events); every answer built from
 * it for a user is narrowed here first.
 */
export class EntityVisibility {
  constructor(
    private readonly options: {
      catalog: CatalogService;
      auth: AuthService;
      directory: Pick<CatalogDirectory, 'get'>;
    },
  ) {}

  /** `'all'` for service principals; else the components the user may see. */
  async components(
    credentials: BackstageCredentials,
  ): Promise<VisibleComponents> {
    if (this.options.auth.isPrincipal(credentials, 'service')) return 'all';
    return readVisibleComponents(this.options.catalog, credentials);
  }

  /**
   * Throws a 404 when the catalog holds the entity but not for these
   * credentials, so a hidden entity reads exactly like an unknown one. An
   * entity the catalog does not hold (events of a service not registered
   * yet) has nothing to hide.
   */
  async assertVisible(
    entityRef: string,
    credentials: BackstageCredentials,
  ): Promise<void> {
    if (this.options.auth.isPrincipal(credentials, 'service')) return;
    const ref = lower(entityRef);
    const directory = await this.options.directory.get();
    const known =
      directory.services.has(ref) ||
      directory.groups.has(ref) ||
      directory.systems.has(ref) ||
      directory.domains.has(ref);
    if (!known) return;
    const entity = await this.options.catalog.getEntityByRef(ref, {
      credentials,
    });
    if (!entity) {
      throw new NotFoundError(`No entity ${entityRef}`);
    }
  }
}
