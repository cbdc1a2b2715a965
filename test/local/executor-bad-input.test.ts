// Bad input never kills a job nor slips through as text: an oversize line, a line that is not UTF-8, a file-list
// line naming a folder or an oversize file each become an error row naming the problem, and every input line is
// accounted for (predictions + error rows = input lines).
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { MAX_CALL_TEXT_CHARS } from '../../local/executor';
import { MAX_INSTANCE_BYTES } from '../../local/executor/input-lines';
import { BUCKET, type ExecutorEnv, jsonlInput, OUTPUT_PREFIX, recordingExecutorSuite, recordingPredictor, resultsRows, startExecutorEnv } from './executor-env';

describe('executor: bad input lines become error rows', () => {
  const suite = recordingExecutorSuite();
  const { batches } = suite;
  const put = (object: string, contents: string | Buffer) => suite.env().put(object, contents);

  const run = async (overrides: Parameters<ExecutorEnv['runJob']>[0]) => {
    const env = suite.env();
    const job = await env.runJob(overrides);
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    return { job, ...resultsRows(files.get('prediction.results-00000-of-00001')) };
  };

  it('a line over the per-instance limit is an error row naming the limit; the rows around it are embedded', async () => {
    const huge = `"${'x'.repeat(MAX_INSTANCE_BYTES * 2)}"`;
    await put('in/huge.jsonl', ['"before"', huge, '"after"'].join('\n'));
    const { job, predictions, errors } = await run(jsonlInput('in/huge.jsonl'));
    assert.deepEqual(predictions.map((p) => p.instance), ['before', 'after']);
    assert.equal(errors.length, 1);
    assert.equal(errors[0].error.status, 'INVALID_ARGUMENT');
    assert.equal(
      errors[0].error.message,
      `Line 2 of gs://${BUCKET}/in/huge.jsonl is ${huge.length} bytes, over the executor's limit of ${MAX_INSTANCE_BYTES} bytes per instance (MAX_INSTANCE_BYTES).`,
    );
    assert.ok(String(errors[0].instance).length < 300, 'the error row quotes the start of the line, not all of it');
    assert.equal(job.completionStats?.failedCount, '1');
  });

  it('a JSONL line that is not UTF-8 is an error row, not text with U+FFFD embedded', async () => {
    const latin1 = Buffer.concat([Buffer.from('"caf'), Buffer.from([0xe9]), Buffer.from('"')]);
    await put('in/latin1.jsonl', Buffer.concat([Buffer.from('"ok"\n'), latin1, Buffer.from('\n')]));
    const { predictions, errors } = await run(jsonlInput('in/latin1.jsonl'));
    assert.deepEqual(batches.flat(), ['ok'], 'the bad line never reaches the model');
    assert.equal(predictions.length, 1);
    assert.equal(errors[0].error.message, `Line 2 of gs://${BUCKET}/in/latin1.jsonl is not UTF-8 text (invalid byte 0xe9 at byte 4 of the line).`);
  });

  it('file-list: a folder, and a file over the limit, are error rows with their URI; the job goes on', async () => {
    await put('docs/a.txt', 'alpha');
    await put('docs/sub/b.txt', 'beta');
    await put('docs/big.txt', Buffer.alloc(MAX_INSTANCE_BYTES + 1, 0x61));
    const list = [`gs://${BUCKET}/docs/a.txt`, `gs://${BUCKET}/docs/sub`, `gs://${BUCKET}/docs/sub/`, `gs://${BUCKET}/docs/big.txt`];
    await put('in/list.txt', list.join('\n'));
    const { predictions, errors } = await run({
      inputConfig: { instancesFormat: 'file-list', gcsSource: { uris: [`gs://${BUCKET}/in/list.txt`] } },
      outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: OUTPUT_PREFIX } },
    });
    assert.equal(predictions.length, 1);
    assert.deepEqual(
      errors.map((e) => [e.instance, e.error.message]),
      [
        [list[1], `${list[1]} is a folder, not a file: a file list names one file per line.`],
        [list[2], `${list[2]} is a folder, not a file: a file list names one file per line.`],
        [list[3], `File ${list[3]} is ${MAX_INSTANCE_BYTES + 1} bytes, over the executor's limit of ${MAX_INSTANCE_BYTES} bytes per instance (MAX_INSTANCE_BYTES).`],
      ],
    );
  });
});

describe('executor: long texts go to the model in smaller calls', () => {
  it('a call holds at most MAX_CALL_TEXT_CHARS of text (or one longer instance), whatever the batch size', async () => {
    const calls: string[][] = [];
    const env = await startExecutorEnv({ predictor: recordingPredictor(calls) });
    try {
      const long = (i: number) => JSON.stringify(`${i}`.padEnd(MAX_CALL_TEXT_CHARS / 2, 'y'));
      const longer = JSON.stringify('z'.repeat(MAX_CALL_TEXT_CHARS - 10));
      await env.put('in/long.jsonl', [long(1), long(2), long(3), long(4), long(5), '"short"', longer, '"after"'].join('\n'));
      const job = await env.runJob({ ...jsonlInput('in/long.jsonl'), manualBatchTuningParameters: { batchSize: 64 } });
      assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
      assert.deepEqual(calls.map((c) => c.map((text) => text.length)), [
        [MAX_CALL_TEXT_CHARS / 2, MAX_CALL_TEXT_CHARS / 2],
        [MAX_CALL_TEXT_CHARS / 2, MAX_CALL_TEXT_CHARS / 2],
        [MAX_CALL_TEXT_CHARS / 2, 5],
        [MAX_CALL_TEXT_CHARS - 10, 5],
      ]);
    } finally {
      await env.close();
    }
  });
});
