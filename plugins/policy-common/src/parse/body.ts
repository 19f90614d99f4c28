import { parseAllDocuments } from 'yaml';
import { DocumentContext, PolicyReportInputError, joinPath } from './errors';

/** One document of a body, with where it came from. */
export interface BodyDocument {
  doc: unknown;
  ctx: DocumentContext;
}

/** Bodies are bounded by the HTTP layer; this bounds the work per body. */
const MAX_DOCUMENTS = 10_000;

function firstLine(message: string): string {
  return message.split('\n')[0].trim();
}

function parseNdjson(lines: string[]): BodyDocument[] | undefined {
  const docs: BodyDocument[] = [];
  let nonEmpty = 0;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    nonEmpty += 1;
    if (!line.startsWith('{') || !line.endsWith('}')) return undefined;
  }
  if (nonEmpty < 2) return undefined;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    try {
      docs.push({
        doc: JSON.parse(line),
        ctx: { label: `line ${i + 1}`, path: '' },
      });
    } catch (e) {
      throw new PolicyReportInputError(
        `line ${i + 1}: not valid JSON: ${firstLine((e as Error).message)}`,
      );
    }
  }
  return docs;
}

function parseYaml(body: string): BodyDocument[] {
  const docs: BodyDocument[] = [];
  const parsed = parseAllDocuments(body, { prettyErrors: true });
  const list = Array.isArray(parsed) ? parsed : [parsed];
  list.forEach((document, i) => {
    const label = `document ${i + 1}`;
    if (document.errors.length) {
      throw new PolicyReportInputError(
        `${label}: not valid YAML or JSON: ${firstLine(
          document.errors[0].message,
        )}`,
      );
    }
    let value: unknown;
    try {
      value = document.toJS({ maxAliasCount: 100 });
    } catch (e) {
      throw new PolicyReportInputError(
        `${label}: not valid YAML: ${firstLine((e as Error).message)}`,
      );
    }
    // A document of only comments, or the empty one after a trailing `---`.
    if (value === null || value === undefined) return;
    docs.push({ doc: value, ctx: { label, path: '' } });
  });
  return docs;
}

/**
 * Splits a body into documents: one JSON value, JSON lines (NDJSON), or
 * (multi-document) YAML. Empty YAML documents are dropped.
 */
export function splitBody(body: string): BodyDocument[] {
  const text = body.replace(/^\uFEFF/, '');
  if (!text.trim()) {
    throw new PolicyReportInputError('the body is empty');
  }
  const start = text.trimStart()[0];
  if (start === '{' || start === '[') {
    try {
      return [
        { doc: JSON.parse(text), ctx: { label: 'document 1', path: '' } },
      ];
    } catch {
      const lines = parseNdjson(text.split(/\r?\n/));
      if (lines) return lines;
      // Not JSON: YAML flow style is still possible; YAML reports the error.
    }
  }
  return parseYaml(text);
}

function isKubernetesList(doc: unknown): doc is { items: unknown[] } {
  if (typeof doc !== 'object' || doc === null || Array.isArray(doc)) {
    return false;
  }
  const v = doc as Record<string, unknown>;
  return (
    typeof v.kind === 'string' &&
    v.kind.endsWith('List') &&
    Array.isArray(v.items)
  );
}

/**
 * Expands Kubernetes `List` / `*List` objects (`kubectl get ... -o yaml`) and
 * top-level arrays into their items, except arrays `keepArray` claims
 * (Conftest's output is an array).
 */
export function expandDocuments(
  docs: BodyDocument[],
  keepArray: (doc: unknown) => boolean,
): BodyDocument[] {
  const out: BodyDocument[] = [];
  const visit = (entry: BodyDocument, depth: number) => {
    if (out.length > MAX_DOCUMENTS) {
      throw new PolicyReportInputError(
        `the body holds more than ${MAX_DOCUMENTS} documents; split it`,
      );
    }
    const { doc, ctx } = entry;
    if (depth < 3 && isKubernetesList(doc)) {
      doc.items.forEach((item, j) =>
        visit(
          {
            doc: item,
            ctx: { ...ctx, path: joinPath(ctx.path, `items[${j}]`) },
          },
          depth + 1,
        ),
      );
      return;
    }
    if (depth < 3 && Array.isArray(doc) && !keepArray(doc)) {
      doc.forEach((item, j) =>
        visit(
          { doc: item, ctx: { ...ctx, path: joinPath(ctx.path, `[${j}]`) } },
          depth + 1,
        ),
      );
      return;
    }
    out.push(entry);
  };
  for (const entry of docs) visit(entry, 0);
  return out;
}
