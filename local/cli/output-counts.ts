// Counts that must add up after a local run: the rows in an output folder (prediction rows + error rows, as
// `npm run results` reads them) against what the job reported and, when known, the input's line count.
import { Storage } from '@google-cloud/storage';
import { listPredictionFiles } from '../../jobs/results';
import { classifiedRows, emptyCounts, type OutputCounts } from '../../jobs/results-rows';

export async function countOutputRows(dir: string): Promise<OutputCounts> {
  const counts = emptyCounts();
  // A local folder: the Storage client is never called.
  for await (const _ of classifiedRows(await listPredictionFiles(new Storage(), dir), counts));
  return counts;
}

/** "P prediction row(s) + E error row(s) = N", or an Error saying what does not add up. */
export async function checkOutputCounts(dir: string, expected: { successful: number; failed: number; inputLines?: number }): Promise<string> {
  const counts = await countOutputRows(dir);
  const total = counts.predictions + counts.errorRows;
  const summary = `${counts.predictions} prediction row(s) + ${counts.errorRows} error row(s) = ${total}`;
  const problems: string[] = [];
  if (counts.unreadable > 0) problems.push(`${counts.unreadable} unreadable line(s), first at ${counts.unreadableAt.join(', ')}`);
  if (counts.predictions !== expected.successful || counts.errorRows !== expected.failed) {
    problems.push(`the job reported ${expected.successful} successful and ${expected.failed} failed row(s)`);
  }
  if (expected.inputLines !== undefined && total !== expected.inputLines) problems.push(`the input has ${expected.inputLines} line(s)`);
  if (problems.length > 0) throw new Error(`the counts do not add up in ${dir}: ${summary}, but ${problems.join('; ')}`);
  return summary;
}
