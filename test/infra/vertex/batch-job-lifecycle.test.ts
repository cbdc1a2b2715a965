// BatchJobProvider methods called directly against the Vertex emulator: create/poll/read/update/delete, and the
// calls they make. Poll counts follow the backoff curve 5 s × 1.5^n capped at 60 s with jitter pinned to zero.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { failureOf, jobInputs, startFixture, useFixture } from './fixture';

async function runJob(totalMs: number): Promise<{ polls: number; state: string; logs: string[] }> {
  // queued 1/6, pending 1/6, running the rest: the waiter only sees the total.
  const f = await startFixture({ queued: totalMs / 6, pending: totalMs / 6, running: (totalMs * 4) / 6 });
  try {
    const model = await f.registerModel();
    const { outs } = await f.jobs.create(jobInputs(model));
    return { polls: f.count('GetBatchPredictionJob'), state: outs!.state, logs: f.logs };
  } finally {
    await f.close();
  }
}

describe('BatchJobProvider: polling emulated jobs on a ManualClock', () => {
  // Poll times (s): 0, 5, 12.5, 23.75, 40.6, 65.9, 103.9, 160.9, then every 60 s (220.9, 280.9, ...).
  it('polls a 1-minute job 6 times (the 6th poll, at 65.9 s, sees SUCCEEDED)', async () => {
    const { polls, state } = await runJob(60_000);
    assert.equal(state, 'JOB_STATE_SUCCEEDED');
    assert.equal(polls, 6);
  });

  it('polls a 10-minute job 16 times (last at 640.9 s)', async () => {
    const { polls, state } = await runJob(600_000);
    assert.equal(state, 'JOB_STATE_SUCCEEDED');
    assert.equal(polls, 16);
  });

  it('polls a 1-hour job 66 times (last at 3640.9 s), logging state and elapsed time on each poll', async () => {
    const { polls, state, logs } = await runJob(3_600_000);
    assert.equal(state, 'JOB_STATE_SUCCEEDED');
    assert.equal(polls, 66);
    const progress = logs.filter((line) => / after \S+ \(poll \d+\)$/.test(line));
    assert.equal(progress.length, 66);
    assert.match(progress[0], /JOB_STATE_QUEUED after 0s \(poll 1\)$/);
    assert.match(progress.at(-1)!, /JOB_STATE_SUCCEEDED after 1h00m \(poll 66\)$/);
  });
});

describe('BatchJobProvider: lifecycle against the emulator', () => {
  const ctx = useFixture();

  it('creates the job with the notebook settings, labels it, and reports outputs from Vertex', async () => {
    const inputs = jobInputs(ctx.model, { labels: { team: 'search' }, manualBatchSize: 16 });
    const { id, outs } = await ctx.f.jobs.create(inputs);
    assert.equal(id, outs!.name);
    assert.match(outs!.name, /^projects\/test-project\/locations\/us-central1\/batchPredictionJobs\/\d+$/);
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.match(outs!.outputDirectory!, /^gs:\/\/test-bucket\/predictions\/prediction-use-lite-/);
    assert.equal(outs!.ranAttempt, 0);
    assert.deepEqual(outs!.skippedAttempts, []);
    assert.ok(outs!.createTime && outs!.endTime);
    const request = ctx.f.emulator.calls.find((c) => c.method === 'CreateBatchPredictionJob')!.request as any;
    const job = request.batchPredictionJob;
    assert.equal(request.parent, 'projects/test-project/locations/us-central1');
    assert.equal(job.model, ctx.model);
    assert.deepEqual(job.inputConfig.gcsSource.uris, ['gs://test-bucket/batch/test.jsonl']);
    assert.equal(job.outputConfig.gcsDestination.outputUriPrefix, 'gs://test-bucket/predictions');
    assert.equal(job.dedicatedResources.machineSpec.machineType, 'n1-standard-4');
    assert.equal(job.manualBatchTuningParameters.batchSize, 16);
    assert.equal(job.labels.team, 'search');
    assert.match(job.labels['pulumi-resource'], /^[0-9a-f]{40}$/);
    assert.equal(job.labels['pulumi-attempt'], '0');
  });

  it('sends instanceConfig (key field, included fields) to Vertex as given', async () => {
    const instanceConfig = { instanceType: 'object' as const, keyField: 'id', includedFields: ['text'] };
    await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'keyed', instanceConfig }));
    const request = ctx.f.emulator.calls.filter((c) => c.method === 'CreateBatchPredictionJob').at(-1)!.request as any;
    assert.deepEqual(
      { instanceType: request.batchPredictionJob.instanceConfig.instanceType, keyField: request.batchPredictionJob.instanceConfig.keyField, includedFields: request.batchPredictionJob.instanceConfig.includedFields },
      instanceConfig,
    );
  });

  it('with waitForCompletion=false returns right after create, and update later resumes the wait', async () => {
    const polledBefore = ctx.f.count('GetBatchPredictionJob');
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { waitForCompletion: false, displayName: 'no-wait' }));
    assert.equal(outs!.state, 'JOB_STATE_QUEUED');
    assert.equal(ctx.f.count('GetBatchPredictionJob'), polledBefore, 'no poll when not waiting');
    const before = ctx.f.count('GetBatchPredictionJob');
    const { outs: updated } = await ctx.f.jobs.update(id, outs!, jobInputs(ctx.model, { displayName: 'no-wait' }));
    assert.equal(updated!.state, 'JOB_STATE_SUCCEEDED');
    assert.ok(ctx.f.count('GetBatchPredictionJob') > before);
  });

  it('read refreshes the state, and a job deleted out of band disappears from state', async () => {
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { waitForCompletion: false, displayName: 'read-me' }));
    ctx.f.clock.advance(60_000);
    const read = await ctx.f.jobs.read(id, outs);
    assert.equal(read.id, id);
    assert.equal(read.props!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(read.props!.displayName, 'read-me');
    await ctx.f.jobs.delete(id, outs!);
    const gone = await ctx.f.jobs.read(id, outs);
    assert.equal(gone.id, '');
  });

  it('delete cancels a running job, waits for CANCELLED, then deletes it', async () => {
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { waitForCompletion: false, displayName: 'cancel-me' }));
    ctx.f.clock.advance(35_000); // RUNNING
    const start = ctx.f.emulator.calls.length;
    await ctx.f.jobs.delete(id, outs!);
    const methods = ctx.f.methods().slice(start);
    const cancel = methods.indexOf('CancelBatchPredictionJob');
    const del = methods.indexOf('DeleteBatchPredictionJob');
    assert.ok(cancel >= 0 && del > cancel, `cancel before delete: ${methods.join(', ')}`);
    assert.ok(methods.slice(cancel + 1, del).includes('GetBatchPredictionJob'), 'waits for the job to stop between cancel and delete');
    assert.equal((await ctx.f.jobs.read(id, outs)).id, '');
  });

  it('delete of a finished job does not cancel it', async () => {
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'finished' }));
    const start = ctx.f.emulator.calls.length;
    await ctx.f.jobs.delete(id, outs!);
    assert.deepEqual(ctx.f.methods().slice(start).filter((m) => m !== 'GetOperation'), ['GetBatchPredictionJob', 'DeleteBatchPredictionJob']);
  });

  it('create with invalid inputs fails before any API call, naming the field', async () => {
    const start = ctx.f.emulator.calls.length;
    const error = await failureOf(ctx.f.jobs.create(jobInputs(ctx.model, { machineType: 'e2-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 })));
    assert.match(error.message, /acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to e2-standard-4/);
    assert.equal(ctx.f.emulator.calls.length, start);
  });
});

describe('BatchJobProvider: a forced replace with unchanged inputs (pulumi up --replace)', () => {
  const ctx = useFixture();

  it('runs in the order diff asks (delete first), so the replacement is a new, live job and not the deleted one', async () => {
    const inputs = jobInputs(ctx.model);
    const first = await ctx.f.jobs.create(inputs);
    const diff = await ctx.f.jobs.diff(first.id, first.outs!, inputs);
    assert.equal(diff.deleteBeforeReplace, true);
    // The engine's replace with deleteBeforeReplace: DeleteReplaced(old), then CreateReplacement(new).
    await ctx.f.jobs.delete(first.id, first.outs!);
    const second = await ctx.f.jobs.create(inputs);
    assert.notEqual(second.id, first.id, 'the replacement is a new job');
    assert.equal(second.outs!.state, 'JOB_STATE_SUCCEEDED');
    const read = await ctx.f.jobs.read(second.id, second.outs!);
    assert.equal(read.id, second.id, 'state points at a job that exists');
    assert.equal(ctx.f.count('CreateBatchPredictionJob'), 2);
  });
});

