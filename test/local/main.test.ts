// The `npm start` flow end to end: emulators in-process, the dev stack's config, export, upload, model
// registration and the notebook's two jobs through the providers, first predictions, cleanup, outputs kept.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { runLocalFlow, type LocalRunOptions } from '../../local/cli/start-flow';
import { createLocalExecutor } from '../../local/cli/executor';

const FAST = { jobPhaseMs: { queued: 20, pending: 20, running: 20 }, pollBackoff: { initialMs: 20, maxMs: 100, multiplier: 1.5, jitter: 0 } };

describe('npm start flow', () => {
  let dir: string;
  let savedCache: string | undefined;
  const options = (log: string[], extra: Partial<LocalRunOptions> = {}): LocalRunOptions => ({
    stack: 'dev',
    keepDir: join(dir, 'kept'),
    exportsDir: join(dir, 'model-export'),
    fixtureDir: join(dir, 'model-fixture'),
    executor: createLocalExecutor(),
    log: (line) => log.push(line),
    ...FAST,
    ...extra,
  });

  before(async () => {
    dir = await mkdtemp(join(tmpdir(), 'npm-start-test-'));
    // An empty cache: the run must take the fixture path and say so, whatever this machine has cached.
    savedCache = process.env.XDG_CACHE_HOME;
    process.env.XDG_CACHE_HOME = join(dir, 'empty-cache');
  });
  after(async () => {
    if (savedCache === undefined) delete process.env.XDG_CACHE_HOME;
    else process.env.XDG_CACHE_HOME = savedCache;
    await rm(dir, { recursive: true, force: true });
  });

  it('runs both notebook jobs, prints their first predictions, deletes jobs then model, keeps the outputs', async () => {
    const log: string[] = [];
    const result = await runLocalFlow(options(log));

    assert.equal(result.synthetic, true);
    assert.ok(log.some((line) => line.includes('THESE EMBEDDINGS ARE SYNTHETIC')));
    assert.deepEqual(result.jobs.map((job) => job.state), ['JOB_STATE_SUCCEEDED', 'JOB_STATE_SUCCEEDED']);
    const [sentences, files] = result.jobs;
    assert.deepEqual([sentences.successfulCount, sentences.failedCount], [2, 0]);
    assert.deepEqual([files.successfulCount, files.failedCount], [2, 0]);

    // The first line of each results file, as the notebook prints it: the instance and a 512-d embedding.
    for (const job of result.jobs) {
      assert.ok(job.firstPredictions.length >= 1, `${job.displayName} printed no prediction`);
      const first = JSON.parse(job.firstPredictions[0]) as { instance: unknown; prediction: number[] };
      assert.equal(first.prediction.length, 512);
      assert.ok(first.prediction.every(Number.isFinite));
      assert.ok(log.some((line) => line.includes('"prediction": [') && line.includes('(512 values)')));
    }
    const sentence = JSON.parse(sentences.firstPredictions[0]).instance;
    assert.ok(['the quick brown fox jumps over the lazy dog', 'one two'].includes(sentence));

    // Cleanup through the providers: both jobs deleted before the model (Vertex refuses the other order).
    const calls = result.vertexCalls;
    assert.equal(calls.filter((c) => c === 'UploadModel').length, 1);
    assert.equal(calls.filter((c) => c === 'CreateBatchPredictionJob').length, 2);
    assert.equal(calls.filter((c) => c === 'DeleteBatchPredictionJob').length, 2);
    assert.equal(calls.filter((c) => c === 'DeleteModel').length, 1);
    assert.ok(calls.lastIndexOf('DeleteBatchPredictionJob') < calls.indexOf('DeleteModel'));

    // Outputs survive the in-memory emulator, in Vertex's layout.
    for (const job of result.jobs) {
      assert.ok(job.keptIn);
      const kept = await readdir(job.keptIn);
      assert.ok(kept.some((name) => /^prediction\.results-\d{5}-of-\d{5}$/.test(name)), `kept: ${kept.join(', ')}`);
      const firstKept = (await readFile(join(job.keptIn, kept.find((n) => n.startsWith('prediction.results-'))!), 'utf8')).split('\n')[0];
      assert.equal(firstKept, job.firstPredictions[0]);
    }
    assert.equal(process.env.STORAGE_EMULATOR_HOST, undefined);
    assert.equal(process.env.VERTEX_EMULATOR_HOST, undefined);
  });

  it('fails with the job\'s own error when a job fails, and still deletes everything it created', async () => {
    const log: string[] = [];
    await assert.rejects(
      runLocalFlow(
        options(log, {
          onEmulators: ({ vertex }) =>
            vertex.faults.jobOutcome((job) => String(job.displayName).includes('file'), { kind: 'fail', code: 3, message: 'Instances could not be read' }),
        }),
      ),
      /Instances could not be read/,
    );
    assert.equal(log.filter((line) => line.includes('deleted job ')).length, 2);
    assert.equal(log.filter((line) => line.includes('deleted model ')).length, 1);
  });

  it('refuses an unknown stack before creating anything', async () => {
    const log: string[] = [];
    await assert.rejects(runLocalFlow(options(log, { stack: 'staging' })), /--stack: no stack file .*Pulumi\.staging\.yaml/);
    assert.ok(!log.some((line) => line.includes('deleted')));
    assert.equal(process.env.VERTEX_EMULATOR_HOST, undefined);
  });
});
