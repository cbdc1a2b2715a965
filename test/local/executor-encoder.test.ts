// The executor runs the uploaded SavedModel itself through the local encoder (contract 9): an exported
// fixture SavedModel is uploaded to the emulated bucket, a job embeds sentences with it, and a corrupted
// artifact fails the job.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createLocalEncoder } from '../../local/inference';
import { localEncoderPredictor } from '../../local/executor';
import { exportedFixture, type ExportedFixture } from './inference/savedmodel-fixture';
import { type ExecutorEnv, jsonlInput, lines, readLocalFolder, startExecutorEnv } from './executor-env';

describe('executor with the local encoder on the exported fixture SavedModel', () => {
  let fixture: ExportedFixture;
  let env: ExecutorEnv;
  const sentences = ['the quick brown fox jumps over the lazy dog', '', 'search Google or type an URL'];

  before(async () => {
    fixture = await exportedFixture();
    env = await startExecutorEnv({
      predictor: localEncoderPredictor({ threads: 1, cacheDir: fixture.cacheDir }),
      artifact: await readLocalFolder(fixture.savedModel),
    });
  });
  after(async () => {
    await env?.close();
    await fixture?.cleanup();
  });

  it('embeds each sentence into 512 floats, equal to the encoder run directly; the empty string is the zero vector', async () => {
    await env.put('in/sentences.jsonl', sentences.map((s) => JSON.stringify(s)).join('\n'));
    const job = await env.runJob({ ...jsonlInput('in/sentences.jsonl'), manualBatchTuningParameters: { batchSize: 2 } });
    assert.equal(job.state, 'JOB_STATE_SUCCEEDED', job.error?.message ?? '');
    assert.equal(job.completionStats?.successfulCount, '3');
    const files = await env.readFolder(job.outputInfo?.gcsOutputDirectory ?? '');
    const rows = lines(files.get('prediction.results-00000-of-00001')) as { instance: string; prediction: number[] }[];
    assert.deepEqual(rows.map((r) => r.instance), sentences);
    assert.ok(rows.every((r) => r.prediction.length === 512));
    assert.ok(rows[1].prediction.every((v) => v === 0), 'contract 8: empty string → zero vector');

    const direct = await createLocalEncoder({ savedModelDir: fixture.savedModel, threads: 1, cacheDir: fixture.cacheDir });
    try {
      const expected = await direct.embed(sentences);
      // Batches differ (2 rows per call vs. all at once): equal up to float32 rounding, as the encoder's own tests allow.
      rows.forEach((row, i) => row.prediction.forEach((v, k) => assert.ok(Math.abs(v - expected[i][k]) < 1e-5, `row ${i} value ${k}: ${v} vs ${expected[i][k]}`)));
      assert.ok(rows[0].prediction.some((v) => v !== 0), 'a sentence does not embed to zeros');
    } finally {
      await direct.close();
    }
  });

  it('a corrupted saved_model.pb fails the job with the loader error', async () => {
    const broken = await startExecutorEnv({
      predictor: localEncoderPredictor({ threads: 1, cacheDir: fixture.cacheDir }),
      artifact: { ...(await readLocalFolder(fixture.savedModel)), 'saved_model.pb': Buffer.from('this is not a protobuf') },
    });
    try {
      await broken.put('in/s.jsonl', '"hello"\n');
      const job = await broken.runJob(jsonlInput('in/s.jsonl'));
      assert.equal(job.state, 'JOB_STATE_FAILED');
      assert.match(job.error?.message ?? '', /The model at gs:\/\/exec-bucket\/models\/use-lite could not be loaded: /);
    } finally {
      await broken.close();
    }
  });
});
