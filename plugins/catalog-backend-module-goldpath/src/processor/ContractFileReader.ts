import {
  UrlReaderService,
  resolveSafeChildPath,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { isError } from '@backstage/errors';
import {
  ScmIntegrationRegistry,
  ScmIntegrations,
} from '@backstage/integration';
import {
  CatalogProcessorCache,
  CatalogProcessorResult,
  LocationSpec,
  processingResult,
} from '@backstage/plugin-catalog-node';
import { JsonValue } from '@backstage/types';
import { CONTRACT_ANNOTATION } from '@goldpath/plugin-catalog-common';
import parseGitUrl from 'git-url-parse';
import fs from 'node:fs/promises';
import path from 'node:path';
import yaml from 'yaml';

/** Contract files larger than this are refused. */
export const MAX_CONTRACT_BYTES = 1024 * 1024;
const MAX_MESSAGE = 2000;
const CACHE_KEY = 'contract-file';

/** The processor cache entry of a contract read from a URL. */
type CachedContractFile = {
  url: string;
  etag: string;
  value: JsonValue;
};

/** The answer of {@link ContractFileReader.read}. */
export type ContractFileResult =
  | {
      ok: true;
      /** The parsed document. */
      value: unknown;
      /** Where it was read from (a URL or an absolute path). */
      resolved: string;
    }
  | { ok: false; error: CatalogProcessorResult };

const bounded = (text: string) =>
  text.length > MAX_MESSAGE ? `${text.slice(0, MAX_MESSAGE)}…` : text;

/** Refuses a URL of another repository, as PlaceholderProcessor does. */
function assertSameRepository(resolvedUrl: string, baseUrl: string) {
  let resolved: ReturnType<typeof parseGitUrl>;
  let base: ReturnType<typeof parseGitUrl>;
  try {
    resolved = parseGitUrl(resolvedUrl);
    base = parseGitUrl(baseUrl);
  } catch {
    return;
  }
  if (
    !resolved.owner ||
    !resolved.name ||
    !resolved.filepath ||
    !base.owner ||
    !base.name ||
    !base.filepath
  ) {
    // Not an SCM URL: the same host is the best we can check.
    if (new URL(resolvedUrl).host !== new URL(baseUrl).host) {
      throw new Error('it is on another host than the entity');
    }
    return;
  }
  if (
    resolved.resource !== base.resource ||
    resolved.full_name !== base.full_name
  ) {
    throw new Error('it is in another repository than the entity');
  }
}

/**
 * Reads the contract file named by `goldpath.dev/contract`, relative to the
 * entity's location:
 *
 * - `url` locations: resolved with the SCM integrations against the
 *   location, refused when it leaves the entity's repository, read with the
 *   UrlReader with the etag of the last read (an unchanged file is replayed
 *   from the processor cache);
 * - `file` locations: resolved against the folder of the catalog file,
 *   refused when it leaves that folder (symbolic links included), read from
 *   disk.
 *
 * Exactly one YAML or JSON document, at most 1 MiB. Every failure becomes a
 * processing result naming the annotation and the path, never a throw.
 */
export class ContractFileReader {
  static fromConfig(
    config: Config,
    options: { reader: UrlReaderService },
  ): ContractFileReader {
    return new ContractFileReader(
      ScmIntegrations.fromConfig(config),
      options.reader,
    );
  }

  private constructor(
    private readonly integrations: ScmIntegrationRegistry,
    private readonly reader: UrlReaderService,
  ) {}

  async read(options: {
    file: string;
    location: LocationSpec;
    cache: CatalogProcessorCache;
    emit: (result: CatalogProcessorResult) => void;
  }): Promise<ContractFileResult> {
    const { file, location } = options;
    const what = `${CONTRACT_ANNOTATION}: ${file}`;
    const fail = (
      kind: 'inputError' | 'notFoundError' | 'generalError',
      message: string,
    ): ContractFileResult => ({
      ok: false,
      error: processingResult[kind](location, bounded(`${what} ${message}`)),
    });

    if (location.type === 'url') {
      let resolved: string;
      try {
        resolved = this.integrations.resolveUrl({
          url: file,
          base: location.target,
        });
        assertSameRepository(resolved, location.target);
      } catch (e) {
        return fail(
          'inputError',
          `cannot be read: ${isError(e) ? e.message : String(e)}`,
        );
      }
      options.emit(processingResult.refresh(`url:${resolved}`));
      return this.readUrl(resolved, options.cache, fail);
    }

    if (location.type === 'file') {
      let resolved: string;
      try {
        resolved = resolveSafeChildPath(path.dirname(location.target), file);
      } catch {
        return fail(
          'inputError',
          `is outside the folder of the entity's catalog file (${path.dirname(
            location.target,
          )})`,
        );
      }
      options.emit(processingResult.refresh(`file:${resolved}`));
      let data: Buffer;
      try {
        const stat = await fs.stat(resolved);
        if (!stat.isFile()) return fail('inputError', 'is not a file');
        if (stat.size > MAX_CONTRACT_BYTES) {
          return fail(
            'inputError',
            `is larger than ${MAX_CONTRACT_BYTES} bytes`,
          );
        }
        data = await fs.readFile(resolved);
      } catch (e) {
        if ((e as NodeJS.ErrnoException)?.code === 'ENOENT') {
          return fail('notFoundError', `does not exist (${resolved})`);
        }
        return fail(
          'generalError',
          `could not be read: ${isError(e) ? e.message : String(e)}`,
        );
      }
      return this.parse(data, resolved, fail);
    }

    return fail(
      'inputError',
      `cannot be read next to a location of type ${location.type}; put the contract in spec.contract instead`,
    );
  }

  private async readUrl(
    url: string,
    cache: CatalogProcessorCache,
    fail: (
      kind: 'inputError' | 'notFoundError' | 'generalError',
      message: string,
    ) => ContractFileResult,
  ): Promise<ContractFileResult> {
    const cached = await cache.get<CachedContractFile>(CACHE_KEY);
    const etag = cached?.url === url ? cached.etag : undefined;
    try {
      const response = await this.reader.readUrl(url, { etag });
      const data = await response.buffer();
      if (data.length > MAX_CONTRACT_BYTES) {
        return fail('inputError', `is larger than ${MAX_CONTRACT_BYTES} bytes`);
      }
      const parsed = this.parse(data, url, fail);
      if (parsed.ok && response.etag) {
        await cache.set<CachedContractFile>(CACHE_KEY, {
          url,
          etag: response.etag,
          value: parsed.value as JsonValue,
        });
      }
      return parsed;
    } catch (e) {
      if (isError(e) && e.name === 'NotModifiedError' && cached && etag) {
        await cache.set(CACHE_KEY, cached);
        return { ok: true, value: cached.value, resolved: url };
      }
      if (isError(e) && e.name === 'NotFoundError') {
        return fail('notFoundError', `does not exist (${url})`);
      }
      return fail(
        'generalError',
        `could not be read from ${url}: ${isError(e) ? e.message : String(e)}`,
      );
    }
  }

  private parse(
    data: Buffer,
    resolved: string,
    fail: (kind: 'inputError', message: string) => ContractFileResult,
  ): ContractFileResult {
    let documents: yaml.Document.Parsed[];
    try {
      documents = yaml
        .parseAllDocuments(data.toString('utf-8'))
        .filter(d => d.contents !== null || d.errors.length);
    } catch (e) {
      return fail('inputError', `is not valid YAML or JSON: ${String(e)}`);
    }
    if (documents.length !== 1) {
      return fail(
        'inputError',
        `must hold exactly one YAML or JSON document, found ${documents.length}`,
      );
    }
    const [document] = documents;
    if (document.errors.length) {
      return fail(
        'inputError',
        `is not valid YAML or JSON: ${document.errors[0].message}`,
      );
    }
    try {
      return { ok: true, value: document.toJSON(), resolved };
    } catch (e) {
      return fail('inputError', `could not be read as data: ${String(e)}`);
    }
  }
}
