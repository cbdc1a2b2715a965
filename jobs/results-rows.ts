// Reading a job's output shards line by line into what each line is: a prediction row, an error row (both are
// PredictionResult lines of `prediction.results-*`; older outputs of this project's emulator put error rows in
// `prediction.errors_stats-*`), an errors_stats tuple (`('message', count)`, jobs/errors-stats.ts), or a line
// that is none of these (truncated, garbage). A line of the last kind is never passed on as a row: it is counted
// with its file and line number, so the caller can refuse to report a total that does not add up.
import { createInterface } from 'node:readline';
import { parseErrorStatLine } from './errors-stats';
import type { ResultRow, RowKind } from './results-join';
import type { PredictionFiles, Shard } from './results';

/** Where the first unreadable lines are, to name them in the message. */
const UNREADABLE_SHOWN = 5;

export interface OutputCounts {
  predictions: number;
  errorRows: number;
  /** Sum of the errors_stats counts, and their distinct messages (Vertex's own summary of the failed rows). */
  statsTotal: number;
  stats: { message: string; count: number }[];
  unreadable: number;
  unreadableAt: string[];
}

export const emptyCounts = (): OutputCounts => ({ predictions: 0, errorRows: 0, statsTotal: 0, stats: [], unreadable: 0, unreadableAt: [] });

/** What a results line is: a JSON object with `prediction` or `error`, else undefined. */
export function rowKind(line: string): RowKind | undefined {
  let row: unknown;
  try {
    row = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (row === null || typeof row !== 'object' || Array.isArray(row)) return undefined;
  if ('error' in row) return 'error';
  if ('prediction' in row) return 'prediction';
  return undefined;
}

async function* numberedLines(shard: Shard): AsyncGenerator<{ line: string; at: string }> {
  let number = 0;
  for await (const line of createInterface({ input: shard.open(), crlfDelay: Infinity })) {
    number++;
    if (line.trim() !== '') yield { line, at: `${shard.uri}:${number}` };
  }
}

function unreadable(counts: OutputCounts, at: string): void {
  counts.unreadable++;
  if (counts.unreadableAt.length < UNREADABLE_SHOWN) counts.unreadableAt.push(at);
}

/** Every prediction and error row across all shards (results files first), counting what each line was. */
export async function* classifiedRows(files: PredictionFiles, counts: OutputCounts): AsyncGenerator<ResultRow> {
  for (const file of files.results) {
    for await (const { line, at } of numberedLines(file)) {
      const kind = rowKind(line);
      if (kind === undefined) unreadable(counts, at);
      else {
        if (kind === 'prediction') counts.predictions++;
        else counts.errorRows++;
        yield { kind, line };
      }
    }
  }
  for (const file of files.errors) {
    for await (const { line, at } of numberedLines(file)) {
      const stat = parseErrorStatLine(line);
      if (stat) {
        counts.statsTotal += stat.count;
        counts.stats.push(stat);
      } else if (rowKind(line) === 'error') {
        counts.errorRows++;
        yield { kind: 'error', line };
      } else unreadable(counts, at);
    }
  }
}

/** The problems with the counts, as sentences; empty when everything adds up. */
export function countProblems(counts: OutputCounts, job?: { successfulCount?: number; failedCount?: number }): string[] {
  const problems: string[] = [];
  if (counts.unreadable > 0) {
    problems.push(
      `${counts.unreadable} line(s) of the output files are neither a prediction nor an error row (truncated or not JSON), ` +
        `first at ${counts.unreadableAt.join(', ')}; they were not counted or written`,
    );
  }
  if (counts.statsTotal > 0 && counts.errorRows > 0 && counts.statsTotal !== counts.errorRows) {
    problems.push(`the errors_stats files count ${counts.statsTotal} failed row(s) but the output files hold ${counts.errorRows} error row(s)`);
  }
  // proto3 cannot tell an unset completionStats from zeros: a job reporting no rows at all is not compared.
  const reported = job && (job.successfulCount ?? 0) + (job.failedCount ?? 0) > 0 ? job : undefined;
  if (reported?.successfulCount !== undefined && reported.successfulCount !== counts.predictions) {
    problems.push(`the job reports ${reported.successfulCount} successful row(s) but the output files hold ${counts.predictions} prediction row(s)`);
  }
  const failed = Math.max(counts.errorRows, counts.statsTotal);
  if (reported?.failedCount !== undefined && reported.failedCount !== failed) {
    problems.push(`the job reports ${reported.failedCount} failed row(s) but the output files hold ${failed} error row(s)`);
  }
  return problems;
}
