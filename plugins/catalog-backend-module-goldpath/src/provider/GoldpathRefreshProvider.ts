import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';

/** Refresh keys per `connection.refresh` call. */
const KEYS_PER_CALL = 500;

/**
 * An entity provider that provides no entities: it only holds the catalog's
 * connection, so the module can ask the catalog to reprocess the entities
 * that emitted a refresh key (`goldpath:contract:<blockRef>`,
 * `goldpath:attribution:<entityRef>`, `goldpath:policy:<entityRef>`) when
 * the data behind that key changes.
 */
export class GoldpathRefreshProvider implements EntityProvider {
  static create(): GoldpathRefreshProvider {
    return new GoldpathRefreshProvider();
  }

  private connection?: EntityProviderConnection;
  /** Keys asked for before the catalog connected. */
  private readonly pending = new Set<string>();

  private constructor() {}

  getProviderName(): string {
    return 'goldpath-refresh';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
    if (this.pending.size) {
      const keys = [...this.pending];
      this.pending.clear();
      await this.refresh(keys);
    }
  }

  /** Marks the entities that emitted any of these keys for processing now. */
  async refresh(keys: Iterable<string>): Promise<void> {
    const unique = [...new Set(keys)].sort();
    if (!unique.length) return;
    if (!this.connection) {
      unique.forEach(k => this.pending.add(k));
      return;
    }
    for (let i = 0; i < unique.length; i += KEYS_PER_CALL) {
      await this.connection.refresh({
        keys: unique.slice(i, i + KEYS_PER_CALL),
      });
    }
  }
}
