// `npm run results`: stream a batch prediction job's outputs to JSONL or CSV, summarise its error rows, and
// (with --join) line them up with the input file, in input order with --ordered. The work is streaming end to
// end; see jobs/results-join.ts for how the ordered join keeps memory bounded.
import { createReadStream } from 'node:fs';
import { createInterface } from 'node:readline';
import type { Storage } from '@google-cloud/storage';
import { ErrorTally, formatErrorSummary } from '../../jobs/results-errors';
import { joinResults, type JoinReport, type ResultRow } from '../../jobs/results-join';
import { classifiedRows, countProblems, emptyCounts, type OutputCounts } from '../../jobs/results-rows';
import { csvHeader, formatRow, type OutputFormat } from '../../jobs/results-output';
import { listPredictionFiles, parseGcsUri } from '../../jobs/results';
import type { JobOutputs } from '../../jobs/results-job';
import { makeTempDir, removeTempDir } from '../temp-dirs';
import { listedFileDigest } from './listed-digest';
import { openLineSink } from './output';

export interface ResultsOptions {
  outputDir: string; // the job's output folder: gs://, or local (outputs `npm start` kept)
  job?: JobOutputs; // when resolved from --job (for the header and keyField)
  out?: string; // file, or stdout when absent
  format: OutputFormat;
  join?: string; // input file (local path or gs://) to line results up with
  ordered: boolean;
  keyField?: string;
  /** Write the readable rows although some output lines are unreadable (default: refuse, write nothing). */
  skipUnreadable?: boolean;
  maxRunBytes?: number; // external sort run size (tests make it small to force spilling)
}

export interface ResultsSummary {
  resultFiles: string[];
  errorFiles: string[];
  predictions: number;
  errors: number;
  counts: OutputCounts;
  join?: JoinReport;
}

/** The counts of a results run do not add up: the output was written (or refused), the exit code says so. */
export class CountMismatch extends Error {}

export async function runResults(storage: Storage, options: ResultsOptions, log: (line: string) => void): Promise<ResultsSummary> {
  const files = await listPredictionFiles(storage, options.outputDir);
  const counts = emptyCounts();
  const summary: ResultsSummary = { resultFiles: files.results.map((f) => f.uri), errorFiles: files.errors.map((f) => f.uri), predictions: 0, errors: 0, counts };
  if (options.job) {
    log(`job ${options.job.name} (${options.job.displayName}): ${options.job.state}`);
    for (const note of options.job.notes) log(`note: ${note}`);
    if (options.job.state !== 'JOB_STATE_SUCCEEDED') log(`note: the job is ${options.job.state}; its outputs may be incomplete`);
  }
  log(`outputs in ${options.outputDir}: ${files.results.length} result file(s), ${files.errors.length} error file(s)`);
  if (files.results.length === 0 && files.errors.length === 0) {
    throw new Error(`no prediction.results-* / predictions_* files in ${options.outputDir} (has the job written its outputs?)`);
  }

  const sink = openLineSink(options.out);
  const tally = new ErrorTally();
  try {
    if (options.format === 'csv') await sink.write(csvHeader(options.join !== undefined));
    if (options.join === undefined) {
      for await (const row of classifiedRows(files, counts)) {
        if (row.kind === 'error') tally.add(row.line);
        else await sink.write(formatRow(row, options.format));
      }
    } else {
      summary.join = await writeJoined(storage, classifiedRows(files, counts), options, sink.write, tally);
    }
    if (counts.unreadable > 0 && !options.skipUnreadable) {
      throw new CountMismatch(`${countProblems(counts)[0]}. Nothing was written; pass --skip-unreadable to write the readable rows anyway.`);
    }
  } catch (error) {
    await sink.discard();
    throw error;
  }
  await sink.close();
  summary.predictions = counts.predictions;
  summary.errors = counts.errorRows;
  if (counts.errorRows === 0) for (const stat of counts.stats) tally.addCount(stat.message, stat.count);
  const rowsWritten = summary.join ? summary.join.predictions + summary.join.errors : counts.predictions;
  log(`wrote ${rowsWritten} row(s) as ${options.format} to ${sink.where}`);
  log(`rows: ${counts.predictions} prediction(s) + ${counts.errorRows} error row(s) = ${counts.predictions + counts.errorRows}` +
    (counts.statsTotal > 0 ? `; errors_stats count ${counts.statsTotal} failed row(s)` : ''));
  for (const line of formatErrorSummary(tally.summary())) log(line);
  if (summary.join) for (const line of describeJoin(summary.join, options)) log(line);
  const problems = countProblems(counts, options.job?.state === 'JOB_STATE_SUCCEEDED' ? options.job : undefined);
  if (summary.join && summary.join.missing > 0) problems.push(`${summary.join.missing} input line(s) have neither a prediction nor an error row`);
  if (options.skipUnreadable && counts.unreadable > 0) log(`warning: ${problems.shift()}`);
  if (problems.length > 0) throw new CountMismatch(`the counts do not add up: ${problems.join('; ')} (the rows that exist were written to ${sink.where})`);
  return summary;
}

async function writeJoined(
  storage: Storage,
  results: AsyncIterable<ResultRow>,
  options: ResultsOptions,
  write: (line: string) => Promise<void>,
  tally: ErrorTally,
): Promise<JoinReport> {
  const tmpDir = await makeTempDir('results-join-');
  try {
    const keyField = options.keyField ?? options.job?.keyField;
    const { rows, report } = joinResults({
      input: inputLines(storage, options.join!),
      results,
      keyField,
      ordered: options.ordered,
      tmpDir,
      maxRunBytes: options.maxRunBytes,
      listedFileDigest: listedFileDigest(storage, options.join!),
    });
    for await (const row of rows) {
      if (row.kind === 'error') tally.add(row.line);
      await write(formatRow(row, options.format));
    }
    return report;
  } finally {
    await removeTempDir(tmpDir);
  }
}

/** Every line of the input (blank ones too: line numbers must match the file the user has). */
async function* inputLines(storage: Storage, path: string): AsyncGenerator<string> {
  const input = path.startsWith('gs://')
    ? storage.bucket(parseGcsUri(path, '--join').bucket).file(parseGcsUri(path, '--join').prefix).createReadStream()
    : createReadStream(path);
  yield* createInterface({ input, crlfDelay: Infinity });
}

function describeJoin(report: JoinReport, options: ResultsOptions): string[] {
  const lines = [
    `join: ${report.inputs} input line(s): ${report.predictions} with a prediction, ${report.errors} with an error row, ${report.missing} with neither` +
      (options.ordered ? ' (written in input order)' : ''),
  ];
  if (report.missing > 0) {
    const more = report.missing > report.missingLines.length ? ', …' : '';
    lines.push(`  input lines without any row: ${report.missingLines.join(', ')}${more}`);
  }
  if (report.duplicateInputs > 0) {
    lines.push(
      options.keyField ?? options.job?.keyField
        ? `  warning: ${report.duplicateInputs} input line(s) repeat an earlier line's key; rows were matched to them in order`
        : `  warning: ${report.duplicateInputs} input line(s) repeat an earlier line's instance; identical instances were matched in order, ` +
            'which Vertex does not guarantee — set instanceConfig.keyField on the job for exact matching',
    );
  }
  if (report.unmatchedRows > 0) lines.push(`  warning: ${report.unmatchedRows} result row(s) match no input line (is --join the job's input file?)`);
  return lines;
}
