// The counts `npm run results` checks: the output files against the errors_stats totals and the job's own
// completionStats (a job that reports no rows at all is not compared: proto3 cannot tell that from unset).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { countProblems, emptyCounts } from '../../jobs/results-rows';

const counts = (predictions: number, errorRows: number, statsTotal = 0) => ({ ...emptyCounts(), predictions, errorRows, statsTotal });

test('counts that add up give no problem', () => {
  assert.deepEqual(countProblems(counts(8, 2, 2), { successfulCount: 8, failedCount: 2 }), []);
  assert.deepEqual(countProblems(counts(8, 0, 2), { successfulCount: 8, failedCount: 2 }), [], 'errors_stats alone account for the failed rows');
  assert.deepEqual(countProblems(counts(3, 0), { successfulCount: 0, failedCount: 0 }), [], 'a job reporting nothing is not compared');
});

test('rows missing against the job, or error rows against errors_stats, are named with both numbers', () => {
  assert.deepEqual(countProblems(counts(7, 2, 2), { successfulCount: 8, failedCount: 2 }), [
    'the job reports 8 successful row(s) but the output files hold 7 prediction row(s)',
  ]);
  assert.deepEqual(countProblems(counts(8, 1, 2), { successfulCount: 8, failedCount: 2 }), [
    'the errors_stats files count 2 failed row(s) but the output files hold 1 error row(s)',
  ]);
});
