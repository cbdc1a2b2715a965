/**
 * The part of Vertex's List filter grammar (AIP-160) that callers here use: comparisons joined by AND, e.g.
 * `labels.pulumi-urn-key="abc" AND state!=JOB_STATE_CANCELLED`, with `=`, `!=` and `:` (`labels.k:*` means
 * "has the label"). OR, NOT and parentheses are refused with a clear message rather than misread.
 */
import { invalidArgument } from './errors';

export interface FieldReader<T> {
  fields: string[];
  read(resource: T, field: string): string | undefined;
}

interface Clause {
  field: string;
  op: '=' | '!=' | ':';
  value: string;
}

const CLAUSE = /^\s*([A-Za-z_][\w.-]*)\s*(!=|=|:)\s*("(?:[^"\\]|\\.)*"|[^\s"]+)\s*$/;

function splitOnAnd(filter: string): string[] {
  const parts: string[] = [];
  let current = '';
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    const ch = filter[i];
    if (ch === '"' && filter[i - 1] !== '\\') quoted = !quoted;
    if (!quoted && filter.startsWith(' AND ', i)) {
      parts.push(current);
      current = '';
      i += ' AND '.length - 1;
      continue;
    }
    current += ch;
  }
  parts.push(current);
  return parts;
}

function parseClause(text: string, filter: string): Clause {
  const match = CLAUSE.exec(text);
  if (!match || /^(OR|NOT)$/.test(match[3]) || /\b(OR|NOT)\b|[()]/.test(text.replace(/"(?:[^"\\]|\\.)*"/g, ''))) {
    throw invalidArgument(
      `Unsupported filter "${filter}": the emulator understands comparisons (=, !=, :) joined by AND, e.g. labels.key="value" AND state=JOB_STATE_RUNNING`,
    );
  }
  const raw = match[3];
  const value = raw.startsWith('"') ? raw.slice(1, -1).replace(/\\(.)/g, '$1') : raw;
  return { field: match[1], op: match[2] as Clause['op'], value };
}

export function compileFilter<T>(filter: string | undefined, reader: FieldReader<T>): (resource: T) => boolean {
  if (!filter || filter.trim() === '') return () => true;
  const clauses = splitOnAnd(filter).map((part) => parseClause(part, filter));
  for (const { field } of clauses) {
    if (!field.startsWith('labels.') && !reader.fields.includes(field)) {
      throw invalidArgument(`Unsupported filter field "${field}" in "${filter}": allowed are labels.<key>, ${reader.fields.join(', ')}`);
    }
  }
  return (resource) =>
    clauses.every(({ field, op, value }) => {
      const actual = reader.read(resource, field);
      if (op === ':') return value === '*' ? actual !== undefined : actual !== undefined && actual.includes(value);
      if (op === '=') return actual === value;
      return actual !== value;
    });
}

/** Reads `labels.KEY` and the snake_case top-level fields given in `fields`. */
export function labelAndFieldReader<T extends { labels?: Record<string, string> }>(
  fields: Record<string, (resource: T) => string | undefined>,
): FieldReader<T> {
  return {
    fields: Object.keys(fields),
    read: (resource, field) =>
      field.startsWith('labels.') ? resource.labels?.[field.slice('labels.'.length)] : fields[field]?.(resource),
  };
}
