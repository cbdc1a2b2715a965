// Output formats of `npm run results`: JSONL keeps Vertex's lines (plus `inputLine` when joined); CSV has one
// row per line with the instance (or key) and the prediction/error as JSON text, which spreadsheet tools and
// pandas read without losing the 512 floats' precision.
import type { JoinedRow, ResultRow } from './results-join';

export const OUTPUT_FORMATS = ['jsonl', 'csv'] as const;
export type OutputFormat = (typeof OUTPUT_FORMATS)[number];

export function csvHeader(joined: boolean): string {
  return [...(joined ? ['input_line'] : []), 'status', 'instance_or_key', 'prediction', 'error'].join(',');
}

export function formatRow(row: ResultRow | JoinedRow, format: OutputFormat): string {
  const inputLine = 'inputLine' in row ? row.inputLine : undefined;
  if (format === 'jsonl') {
    // Splice the field in instead of re-serialising 512 floats per row.
    return inputLine === undefined || !row.line.startsWith('{') ? row.line : `{"inputLine":${inputLine},${row.line.slice(1)}`;
  }
  const parsed = JSON.parse(row.line) as { key?: unknown; instance?: unknown; prediction?: unknown; error?: unknown };
  const subject = parsed.key !== undefined ? parsed.key : parsed.instance;
  const cells = [
    ...(inputLine === undefined ? [] : [String(inputLine)]),
    row.kind,
    json(subject),
    json(parsed.prediction),
    json(parsed.error),
  ];
  return cells.map(csvCell).join(',');
}

function json(value: unknown): string {
  return value === undefined ? '' : JSON.stringify(value);
}

/** RFC 4180: quote a cell holding a comma, quote or line break; double the quotes inside. */
function csvCell(text: string): string {
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}
