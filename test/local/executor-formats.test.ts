// The executor reads jsonl and file-list input from the emulated bucket, writes Vertex's layout, turns bad
// rows into error rows, and fails the job (with Vertex-like messages) for formats a text model cannot take.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { parseErrorStatLine } from '../../jobs/errors-stats';
import { BUCKET, type ExecutorEnv, jsonlInput, OUTPUT_PREFIX, recordingPredictor, resultsRows, startExecutorEnv } from './executor-env';

const OUTPUT_DIR = `${OUTPUT_PREFIX}/prediction-use-lite-2026_01_01T00_00_00_000Z`;

describe('executor: input formats, output layout, error rows', () => {
  let env: ExecutorEnv;
  const batches: string[][] = [];

  before(async () => {
    env = await startExecutorEnv({ predictor: recordingPredictor(batches) });
  });
  after(() => env.close());
  beforeEach(() => {
    batches.length = 0;
  });

  it('jsonl: one prediction line per good row, malformed lines and every row of a request TF Serving rejects as error rows, blank lines skipped', async () => {
    await env.put('in/sentences.jsonl', ['"the quick brown fox"', '', '"search Google"', 'not json', '{"inputs": "named"}', '5', '  '].join('\n'));
    const job = await env.runJob({ ...jsonlInput('in/sentences.jsonl'), manualBatchTuningParameters: { batchSize: 2 } });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    assert.equal(job.completionStats?.successfulCount, '2');
    assert.equal(job.completionStats?.failedCount, '3');
    assert.equal(job.outputInfo?.gcsOutputDirectory, OUTPUT_DIR);

    const files = await env.readFolder(OUTPUT_DIR);
    assert.deepEqual([...files.keys()].sort(), ['prediction.errors_stats-00000-of-00001', 'prediction.results-00000-of-00001']);
    const { predictions, errors } = resultsRows(files.get('prediction.results-00000-of-00001'));
    assert.deepEqual(predictions, [
      { instance: 'the quick brown fox', prediction: [19, 116] },
      { instance: 'search Google', prediction: [13, 115] },
    ]);
    // Failed rows are PredictionResult lines of the results file, with the status's enum name. The line that is
    // not JSON never reaches the model; the next request of 2 mixes an object and a number, which TF Serving
    // rejects as a whole, so both of its rows carry its one message.
    const mixedRequest = 'Expecting object but got list at item 1 of input list';
    assert.deepEqual(
      errors.map((e) => [e.instance, e.error.status, e.error.message]),
      [
        ['not json', 'INVALID_ARGUMENT', errors[0].error.message],
        [{ inputs: 'named' }, 'INVALID_ARGUMENT', mixedRequest],
        [5, 'INVALID_ARGUMENT', mixedRequest],
      ],
    );
    assert.match(errors[0].error.message, /Failed to parse the input line as JSON/);
    // errors_stats: one Python tuple per distinct message with its count, most frequent first.
    const stats = files.get('prediction.errors_stats-00000-of-00001')!.split('\n').filter(Boolean);
    assert.deepEqual(stats.map(parseErrorStatLine), [
      { message: mixedRequest, count: 2 },
      { message: errors[0].error.message, count: 1 },
    ]);
    assert.equal(stats[0], "('Expecting object but got list at item 1 of input list', 2)");
    assert.deepEqual(batches, [['the quick brown fox', 'search Google']], 'requests of manualBatchTuningParameters.batchSize');
  });

  it("file-list: each listed file's bytes are the instance ({b64}) and decode to text, invalid UTF-8 as U+FFFD", async () => {
    await env.put('files/test1.txt', '"the quick brown fox jumps over the lazy dog"\n');
    await env.put('files/latin1.txt', Buffer.from([0x63, 0x61, 0x66, 0xe9])); // "café" in Latin-1: not UTF-8
    await env.put('in/list.txt', [`gs://${BUCKET}/files/test1.txt`, `gs://${BUCKET}/files/missing.txt`, `gs://${BUCKET}/files/latin1.txt`, 'not-a-uri'].join('\n'));
    const job = await env.runJob({
      inputConfig: { instancesFormat: 'file-list', gcsSource: { uris: [`gs://${BUCKET}/in/list.txt`] } },
      outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: OUTPUT_PREFIX } },
    });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    assert.equal(job.completionStats?.successfulCount, '2');
    assert.equal(job.completionStats?.failedCount, '2');
    assert.deepEqual(batches, [['"the quick brown fox jumps over the lazy dog"\n', 'caf\uFFFD']]);
    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    const { predictions: results, errors } = resultsRows(files.get('prediction.results-00000-of-00001'));
    assert.deepEqual(results[0].instance, { b64: Buffer.from('"the quick brown fox jumps over the lazy dog"\n').toString('base64') });
    assert.deepEqual(results[1].instance, { b64: 'Y2Fm6Q==' });
    assert.deepEqual(errors.map((e) => [e.instance, e.error.status]), [
      [`gs://${BUCKET}/files/missing.txt`, 'NOT_FOUND'],
      ['not-a-uri', 'INVALID_ARGUMENT'],
    ]);
  });

  it('wildcards in gcs_source read every matching file in name order', async () => {
    await env.put('parts/a-1.jsonl', '"one"\n');
    await env.put('parts/a-2.jsonl', '"two"\n');
    await env.put('parts/b-1.jsonl', '"other"\n');
    const job = await env.runJob(jsonlInput('parts/a-*.jsonl'));
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    assert.deepEqual(batches.flat(), ['one', 'two']);
  });

  for (const format of ['csv', 'tf-record', 'tf-record-gzip']) {
    it(`${format} input fails the job: a text model takes jsonl or file-list`, async () => {
      await env.put('in/data.bin', 'a,b\n1,2\n');
      const job = await env.runJob({
        inputConfig: { instancesFormat: format, gcsSource: { uris: [`gs://${BUCKET}/in/data.bin`] } },
        outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: OUTPUT_PREFIX } },
      });
      assert.equal(job.state, 'JOB_STATE_FAILED');
      assert.equal(job.error?.code, status.INVALID_ARGUMENT);
      assert.match(job.error?.message ?? '', new RegExp(`does not support instances_format "${format}": a custom text model .* accepts jsonl and file-list input`));
      assert.equal(batches.length, 0);
    });
  }

  it('bigquery input fails the job the same way', async () => {
    const job = await env.runJob({
      inputConfig: { instancesFormat: 'bigquery', bigquerySource: { inputUri: 'bq://test-project.data.sentences' } },
      outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: OUTPUT_PREFIX } },
    });
    assert.equal(job.state, 'JOB_STATE_FAILED');
    assert.match(job.error?.message ?? '', /does not support instances_format "bigquery"/);
  });

  it('a missing input file fails the job naming it', async () => {
    const job = await env.runJob(jsonlInput('in/nowhere.jsonl'));
    assert.equal(job.state, 'JOB_STATE_FAILED');
    assert.equal(job.error?.code, status.NOT_FOUND);
    assert.match(job.error?.message ?? '', /gs:\/\/exec-bucket\/in\/nowhere.jsonl does not exist/);
  });

  it('an empty input still writes the shard pair and succeeds with zero rows', async () => {
    await env.put('in/empty.jsonl', '\n\n');
    const job = await env.runJob(jsonlInput('in/empty.jsonl'));
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(job.completionStats?.successfulCount, '0');
    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    assert.deepEqual([...files.entries()].sort(), [
      ['prediction.errors_stats-00000-of-00001', ''],
      ['prediction.results-00000-of-00001', ''],
    ]);
  });
});

describe('executor: the artifact is what runs', () => {
  it('an empty artifact folder fails the job', async () => {
    const env = await startExecutorEnv({ predictor: recordingPredictor([]), artifact: {} });
    try {
      await env.put('in/s.jsonl', '"x"\n');
      const job = await env.runJob(jsonlInput('in/s.jsonl'));
      assert.equal(job.state, 'JOB_STATE_FAILED');
      assert.equal(job.error?.code, status.FAILED_PRECONDITION);
      assert.match(job.error?.message ?? '', /model artifact folder gs:\/\/exec-bucket\/models\/use-lite is empty/);
    } finally {
      await env.close();
    }
  });

  it('an artifact the model loader rejects fails the job with the loader message', async () => {
    const env = await startExecutorEnv({ predictor: recordingPredictor([]), artifact: { 'variables/variables.index': 'x' } });
    try {
      await env.put('in/s.jsonl', '"x"\n');
      const job = await env.runJob(jsonlInput('in/s.jsonl'));
      assert.equal(job.state, 'JOB_STATE_FAILED');
      assert.match(job.error?.message ?? '', /The model at gs:\/\/exec-bucket\/models\/use-lite could not be loaded: no saved_model.pb in the artifact/);
    } finally {
      await env.close();
    }
  });
});
