// Large inputs are split into n shards named i-of-n, every row lands exactly once, batches honour the
// batch size and never straddle shards; cancelling stops the work.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '../../local/emulator/clock';
import type { Predictor } from '../../local/executor';
import { type ExecutorEnv, jsonlInput, recordingPredictor, resultsRows, startExecutorEnv } from './executor-env';

const ROWS_PER_SHARD = 10;

describe('executor: sharding and batching', () => {
  let env: ExecutorEnv;
  const batches: string[][] = [];

  before(async () => {
    env = await startExecutorEnv({ predictor: recordingPredictor(batches), rowsPerShard: ROWS_PER_SHARD });
  });
  after(() => env.close());

  it('35 rows with 10 rows per shard: 4 shards of 10, 10, 10 and 5 rows, in input order, nothing lost', async () => {
    const texts = Array.from({ length: 35 }, (_, i) => `sentence number ${i}`);
    // Row 12 is malformed: it still belongs to shard 1, in that shard's errors file.
    const input = texts.map((t, i) => (i === 12 ? '{broken' : JSON.stringify(t)));
    await env.put('big/input.jsonl', input.join('\n'));
    const job = await env.runJob({ ...jsonlInput('big/input.jsonl'), manualBatchTuningParameters: { batchSize: 4 } });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    assert.equal(job.completionStats?.successfulCount, '34');
    assert.equal(job.completionStats?.failedCount, '1');

    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    assert.deepEqual([...files.keys()].sort(), [
      'prediction.errors_stats-00000-of-00004',
      'prediction.errors_stats-00001-of-00004',
      'prediction.errors_stats-00002-of-00004',
      'prediction.errors_stats-00003-of-00004',
      'prediction.results-00000-of-00004',
      'prediction.results-00001-of-00004',
      'prediction.results-00002-of-00004',
      'prediction.results-00003-of-00004',
    ]);
    const shardRows = [0, 1, 2, 3].map((i) => resultsRows(files.get(`prediction.results-0000${i}-of-00004`)));
    assert.deepEqual(shardRows.map((rows) => rows.predictions.length), [10, 9, 10, 5]);
    assert.deepEqual(shardRows.flatMap((r) => r.predictions).map((r) => r.instance), texts.filter((_, i) => i !== 12));
    assert.deepEqual(shardRows[1].errors.map((e) => e.instance), ['{broken']);
    // Python's repr quotes with " when the message holds a ' (and no ").
    assert.equal(files.get('prediction.errors_stats-00001-of-00004'), `("${shardRows[1].errors[0].error.message}", 1)\n`);
    assert.match(shardRows[1].errors[0].error.message, /'/);
    assert.equal(files.get('prediction.errors_stats-00000-of-00004'), '');

    assert.ok(batches.every((b) => b.length <= 4), 'no batch exceeds manualBatchTuningParameters.batchSize');
    // Shard 0 holds rows 0-9: batches of 4, 4, 2 (a batch never straddles two shards).
    assert.deepEqual(batches.slice(0, 3).map((b) => b.length), [4, 4, 2]);
  });

  it('without manualBatchTuningParameters the batch size is Vertex\'s default of 64', async () => {
    batches.length = 0;
    const texts = Array.from({ length: 70 }, (_, i) => `s${i}`);
    const bigShards = await startExecutorEnv({ predictor: recordingPredictor(batches), rowsPerShard: 1000 });
    try {
      await bigShards.put('big/seventy.jsonl', texts.map((t) => JSON.stringify(t)).join('\n'));
      const job = await bigShards.runJob(jsonlInput('big/seventy.jsonl'));
      assert.equal(job.state, 'JOB_STATE_SUCCEEDED');
      assert.deepEqual(batches.map((b) => b.length), [64, 6]);
    } finally {
      await bigShards.close();
    }
  });
});

describe('executor: cancel', () => {
  it('cancelling a running job stops prediction after the batch in flight', async () => {
    const seen: string[][] = [];
    let release: () => void = () => {};
    const gate = new Promise<void>((resolve) => (release = resolve));
    const predictor = async (): Promise<Predictor> => ({
      predict: async (texts) => {
        seen.push(texts);
        await gate;
        return texts.map(() => [0]);
      },
      close: async () => {},
    });
    const env = await startExecutorEnv({ predictor });
    try {
      await env.put('in/five.jsonl', '"a"\n"b"\n"c"\n"d"\n"e"\n');
      const name = await env.createJob({ ...jsonlInput('in/five.jsonl'), manualBatchTuningParameters: { batchSize: 1 } });
      while (seen.length === 0) await new Promise((resolve) => setTimeout(resolve, 10));
      await env.vertex.jobs.cancelBatchPredictionJob({ name });
      (env.vertex.emulator.clock as ManualClock).advance(1000);
      const job = await env.waitForJob(name);
      assert.equal(job.state, 'JOB_STATE_CANCELLED');
      release();
      await new Promise((resolve) => setTimeout(resolve, 100));
      assert.equal(seen.length, 1, 'no batch was predicted after the cancel');
    } finally {
      await env.close();
    }
  });
});
