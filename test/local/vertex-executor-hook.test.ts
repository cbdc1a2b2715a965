import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ManualClock } from '../../local/emulator/clock';
import type { BatchPredictionJobMessage, JobExecutor, JobRunContext, JobRunResult } from '../../local/emulator/vertex/server';
import { createJob, type EmulatorWithClients, startWithClients, uploadModel } from './vertex-clients';

/** An executor whose runs the test finishes by hand. */
class ControlledExecutor implements JobExecutor {
  runs: { job: BatchPredictionJobMessage; ctx: JobRunContext; finish(r: JobRunResult): void; fail(e: Error): void }[] = [];

  run(job: BatchPredictionJobMessage, ctx: JobRunContext): Promise<JobRunResult> {
    return new Promise((finish, fail) => this.runs.push({ job, ctx, finish, fail }));
  }
}

describe('Vertex emulator: an injected JobExecutor runs the job', () => {
  let clients: EmulatorWithClients;
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  const executor = new ControlledExecutor();
  let model: string;

  before(async () => {
    clients = await startWithClients({ clock, executor, jobPhaseMs: { queued: 10, pending: 10, running: 10, cancelling: 10 } });
  });
  after(() => clients.close());
  beforeEach(async () => {
    clients.emulator.reset();
    executor.runs.length = 0;
    model = await uploadModel(clients);
  });

  const get = async (name: string) => (await clients.jobs.getBatchPredictionJob({ name }))[0];
  const settle = () => new Promise((resolve) => setImmediate(resolve));

  it('starts the executor when the job runs, with the model and output folder, and reports its counts', async () => {
    const name = await createJob(clients, model);
    assert.equal(executor.runs.length, 0, 'nothing runs while queued');
    clock.advance(20);
    assert.equal((await get(name)).state, 'JOB_STATE_RUNNING');
    assert.equal(executor.runs.length, 1);
    const [run] = executor.runs;
    assert.equal(run.job.name, name);
    assert.equal(run.ctx.model.artifactUri, 'gs://test-bucket/models/use-lite');
    assert.equal(run.ctx.outputDir, 'gs://test-bucket/outputs/prediction-use-lite-2026_01_01T00_00_00_000Z');
    clock.advance(1000);
    assert.equal((await get(name)).state, 'JOB_STATE_RUNNING', 'still running while the executor works');
    run.finish({ successfulCount: 7, failedCount: 2, outputDir: run.ctx.outputDir });
    await settle();
    const done = await get(name);
    assert.equal(done.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(done.completionStats?.successfulCount, '7');
    assert.equal(done.completionStats?.failedCount, '2');
    assert.equal(done.outputInfo?.gcsOutputDirectory, run.ctx.outputDir);
    assert.equal(executor.runs.length, 1, 'the executor ran once');
  });

  it('an executor error fails the job with its message', async () => {
    const name = await createJob(clients, model);
    clock.advance(20);
    await get(name);
    executor.runs[0].fail(Object.assign(new Error('saved_model.pb is not a SavedModel'), { code: status.INVALID_ARGUMENT }));
    await settle();
    clock.advance(10);
    const failed = await get(name);
    assert.equal(failed.state, 'JOB_STATE_FAILED');
    assert.equal(failed.error?.code, status.INVALID_ARGUMENT);
    assert.equal(failed.error?.message, 'saved_model.pb is not a SavedModel');
  });

  it('cancel aborts the running executor', async () => {
    const name = await createJob(clients, model);
    clock.advance(20);
    await get(name);
    await clients.jobs.cancelBatchPredictionJob({ name });
    clock.advance(10);
    assert.equal((await get(name)).state, 'JOB_STATE_CANCELLED');
    assert.equal(executor.runs[0].ctx.signal.aborted, true);
  });
});
