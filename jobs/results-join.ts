// Joins prediction and error rows back to the input lines they came from (Vertex writes shards in no
// particular order, python-aiplatform#1166). Matching is by the job's keyField when it used one, otherwise by
// the instance itself (canonical JSON, so key order and number spelling do not matter). Both sides go through
// the external sort, are merge-joined by key, and (when ordered) sorted back by input line: memory stays
// bounded by the sort's run size whatever the input size.
import { createHash } from 'node:crypto';
import { canonicalJson } from '../infra/canonical-json';
import { externalSort, padIndex } from './results-sort';

// Two spellings of one instance give one join key.
export { canonicalJson };

export type RowKind = 'prediction' | 'error';

export interface ResultRow {
  kind: RowKind;
  line: string; // the JSON line as Vertex wrote it
}

export interface JoinedRow extends ResultRow {
  inputLine: number; // 1-based line number in the input file
}

export interface JoinReport {
  inputs: number; // non-blank input lines
  predictions: number;
  errors: number;
  missing: number; // inputs with neither a prediction nor an error row
  missingLines: number[]; // the first MISSING_LINES_SHOWN of them
  duplicateInputs: number; // input lines whose instance equals an earlier line's (matched in order)
  unmatchedRows: number; // result rows whose key/instance is in no input line
}

export interface JoinOptions {
  input: AsyncIterable<string> | Iterable<string>;
  results: AsyncIterable<ResultRow>;
  keyField?: string;
  ordered: boolean;
  tmpDir: string;
  maxRunBytes?: number;
  /**
   * For an input line that is not JSON (a file-list line): the sha256 (hex) of the bytes of the file it names,
   * or undefined when it names no file the job could have read. A file-list job's prediction rows carry the
   * file's bytes (`{"b64": …}`), its error rows the line itself, so this is how both find their line.
   */
  listedFileDigest?: (line: string) => Promise<string | undefined>;
}

export const MISSING_LINES_SHOWN = 20;

export function joinResults(options: JoinOptions): { rows: AsyncGenerator<JoinedRow>; report: JoinReport } {
  const report: JoinReport = { inputs: 0, predictions: 0, errors: 0, missing: 0, missingLines: [], duplicateInputs: 0, unmatchedRows: 0 };
  const sort = (lines: AsyncIterable<string>) => externalSort(lines, { tmpDir: options.tmpDir, maxRunBytes: options.maxRunBytes });

  async function* inputKeys(): AsyncGenerator<string> {
    let index = 0;
    for await (const line of options.input) {
      index++;
      if (line.trim() === '') continue; // Vertex skips blank lines; they expect no row
      report.inputs++;
      const digest = options.keyField === undefined && !tryParse(line).ok ? await options.listedFileDigest?.(line.trim()) : undefined;
      const key = digest !== undefined ? bytesKey(digest) : inputKey(line, index, options.keyField);
      yield `${key}\t${padIndex(index)}`;
    }
  }

  async function* resultKeys(): AsyncGenerator<string> {
    let sequence = 0;
    for await (const row of options.results) {
      yield `${resultKey(row.line, options.keyField)}\t${padIndex(sequence++)}\t${row.kind}\t${row.line}`;
    }
  }

  async function* paired(): AsyncGenerator<string> {
    const inputs = sort(inputKeys())[Symbol.asyncIterator]();
    const results = sort(resultKeys())[Symbol.asyncIterator]();
    let input = await inputs.next();
    let result = await results.next();
    let previousInputKey: string | undefined;
    while (!input.done) {
      const [key, index] = splitOnce(input.value);
      if (key === previousInputKey) report.duplicateInputs++;
      previousInputKey = key;
      while (!result.done && splitOnce(result.value)[0] < key) {
        report.unmatchedRows++;
        result = await results.next();
      }
      if (!result.done && splitOnce(result.value)[0] === key) {
        // k-th input with this key takes the k-th row with it: rows of one key are in shard order.
        const [, rest] = splitOnce(result.value);
        const [, kindAndLine] = splitOnce(rest);
        yield `${index}\t${kindAndLine}`;
        result = await results.next();
      } else {
        yield `${index}\tmissing\t`;
      }
      input = await inputs.next();
    }
    while (!result.done) {
      report.unmatchedRows++;
      result = await results.next();
    }
  }

  async function* rows(): AsyncGenerator<JoinedRow> {
    const source = options.ordered ? sort(paired()) : paired();
    for await (const record of source) {
      const [index, rest] = splitOnce(record);
      const [kind, line] = splitOnce(rest);
      const inputLine = Number(index);
      if (kind === 'missing') {
        report.missing++;
        if (report.missingLines.length < MISSING_LINES_SHOWN) report.missingLines.push(inputLine);
        continue;
      }
      if (kind === 'prediction') report.predictions++;
      else report.errors++;
      yield { inputLine, kind: kind as RowKind, line };
    }
    if (!options.ordered) report.missingLines.sort((a, b) => a - b);
  }

  return { rows: rows(), report };
}

function inputKey(line: string, index: number, keyField: string | undefined): string {
  const parsed = tryParse(line);
  // A line that is not JSON (a file-list URI) is its own instance, as a string.
  const instance = parsed.ok ? parsed.value : line;
  if (keyField === undefined) return instanceKey(instance);
  const key = instance !== null && typeof instance === 'object' ? (instance as Record<string, unknown>)[keyField] : undefined;
  // No key: this line can match nothing; '!' never starts JSON text, the index keeps it unique.
  return key === undefined ? `!no-key-${index}` : canonicalJson(key);
}

function resultKey(line: string, keyField: string | undefined): string {
  const parsed = tryParse(line);
  if (!parsed.ok || parsed.value === null || typeof parsed.value !== 'object') return '!unreadable';
  const row = parsed.value as { key?: unknown; instance?: unknown };
  const value = keyField === undefined ? row.instance : row.key;
  if (value === undefined) return '!unkeyed';
  return keyField === undefined ? instanceKey(value) : canonicalJson(value);
}

/** `{"b64": …}` instances are keyed by a digest of their bytes (a whole file's base64 would make huge sort keys). */
function instanceKey(instance: unknown): string {
  const b64 = instance !== null && typeof instance === 'object' && Object.keys(instance).length === 1 ? (instance as { b64?: unknown }).b64 : undefined;
  if (typeof b64 !== 'string') return canonicalJson(instance);
  return bytesKey(createHash('sha256').update(Buffer.from(b64, 'base64')).digest('hex'));
}

const bytesKey = (sha256: string) => `b64:${sha256}`;

function tryParse(line: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(line) };
  } catch {
    return { ok: false };
  }
}

function splitOnce(text: string): [string, string] {
  const at = text.indexOf('\t');
  return at < 0 ? [text, ''] : [text.slice(0, at), text.slice(at + 1)];
}
