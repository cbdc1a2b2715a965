// Every fault the emulator can inject, against BatchJobProvider: what the user sees and which calls were made.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { BatchJobProvider } from '../../../infra/vertex/batch-job-provider';
import { failureOf, jobInputs, useFixture } from './fixture';

describe('BatchJobProvider: faults', () => {
  const ctx = useFixture();

  const jobCount = async (displayName: string) => {
    const { jobs } = ctx.f.deps.clients('us-central1');
    const [listed] = await jobs.listBatchPredictionJobs({ parent: 'projects/test-project/locations/us-central1' });
    await jobs.close();
    return listed.filter((job) => job.displayName === displayName).length;
  };

  it('transient UNAVAILABLE on polls is retried; the job still succeeds', async () => {
    ctx.f.emulator.faults.failNext('GetBatchPredictionJob', status.UNAVAILABLE, 'backend restarting', 3);
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'flaky-get' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(ctx.f.logs.filter((line) => /^GetBatchPredictionJob projects\/.*: UNAVAILABLE: backend restarting; retrying in \S+ \(failing for/.test(line)).length, 3);
  });

  it('a per-minute API request quota (429 naming a quota) on polls is a rate limit: retried, the job still succeeds', async () => {
    const rateLimit = "Quota exceeded for quota metric 'Resource management (CRUD) requests' and limit 'Resource management (CRUD) requests per minute per region' of service 'aiplatform.googleapis.com' for consumer 'project_number:123'.";
    ctx.f.emulator.faults.failNext('GetBatchPredictionJob', status.RESOURCE_EXHAUSTED, rateLimit, 2);
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'poll-rate-limited' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(await jobCount('poll-rate-limited'), 1);
  });

  it('429 RESOURCE_EXHAUSTED (rate limit) on create is retried without creating a second job', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.RESOURCE_EXHAUSTED, 'Too many requests, please slow down', 2);
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'rate-limited' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 3);
    assert.equal(await jobCount('rate-limited'), 1);
  });

  it('"service agents are being provisioned" on create right after API enablement is waited out (IAM propagation window)', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.FAILED_PRECONDITION, 'Service agents are being provisioned (https://cloud.google.com/vertex-ai/docs/general/access-control#service-agents).');
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'fresh-project' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
  });

  it('a job ending FAILED fails create with the job name and Vertex\'s own message, and is not kept in state', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'bad-data', { kind: 'fail', code: status.INVALID_ARGUMENT, message: 'Unable to parse line 2 of gs://test-bucket/batch/test.jsonl' });
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const error = await failureOf(ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'bad-data' })));
    assert.match(error.message, /Batch prediction job "bad-data" \(projects\/test-project\/locations\/us-central1\/batchPredictionJobs\/\d+\) ended JOB_STATE_FAILED: INVALID_ARGUMENT: Unable to parse line 2 of gs:\/\/test-bucket\/batch\/test\.jsonl/);
    assert.equal(error.id, undefined);
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 1, 'a user error is not retried');
  });

  it('a hanging job stops at the completion timeout with an error that keeps the job id; destroy then cancels and deletes it', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'hangs', { kind: 'hang' });
    const polledBefore = ctx.f.count('GetBatchPredictionJob');
    const error = await failureOf(ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'hangs', completionTimeoutSeconds: 600 })));
    assert.match(error.message, /Batch prediction job "hangs" \(projects\/.*\/batchPredictionJobs\/\d+\) is still JOB_STATE_RUNNING after 10m00s \(timeout 10m00s\)/);
    assert.match(error.message, /the next `pulumi up` resumes waiting on it .*`pulumi destroy` cancels and deletes it/);
    assert.match(String(error.id), /batchPredictionJobs\/\d+$/);
    assert.equal((error.properties as { state: string }).state, 'JOB_STATE_RUNNING');
    // 0, 5, 12.5, 23.75, 40.6, 65.9, 103.9, 160.9, 220.9 ... 580.9 (15 polls), then one last poll at the 600 s deadline.
    assert.equal(ctx.f.count('GetBatchPredictionJob') - polledBefore, 16);
    // Deleting it (pulumi destroy) cancels, then deletes.
    await ctx.f.jobs.delete(error.id!, error.properties as never);
    assert.equal((await ctx.f.jobs.read(error.id!, error.properties as never)).id, '');
  });

  it('NOT_FOUND on delete counts as already deleted', async () => {
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'gone-on-delete' }));
    ctx.f.emulator.faults.deleteNotFound('job');
    const deletes = ctx.f.count('DeleteBatchPredictionJob');
    await ctx.f.jobs.delete(id, outs!);
    assert.equal(ctx.f.count('DeleteBatchPredictionJob') - deletes, 1);
    assert.equal((await ctx.f.jobs.read(id, outs)).id, '');
  });

  it('lost create answer (UNAVAILABLE after the job was created): the job is found and adopted, no duplicate', async () => {
    ctx.f.emulator.faults.dropResponse('CreateBatchPredictionJob');
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'dropped-answer' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 1);
    assert.equal(await jobCount('dropped-answer'), 1);
    assert.ok(ctx.f.logs.some((line) => /create answered UNAVAILABLE: .*but .* exists: adopting it/.test(line)));
  });

  it('process crash between create and first poll: the next run adopts the live job instead of creating another', async () => {
    const inputs = jobInputs(ctx.model, { displayName: 'crashed-run' });
    // The first provider "dies" right after CreateBatchPredictionJob answered (its progress line is the crash point).
    const crashing = new BatchJobProvider({
      ...ctx.f.deps,
      log: (line) => {
        if (line.includes('submitted')) throw new Error('SIGKILL');
      },
    });
    await failureOf(crashing.create(inputs));
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const polls = ctx.f.count('GetBatchPredictionJob');
    ctx.f.clock.advance(20_000);
    const { outs } = await ctx.f.jobs.create(inputs);
    assert.equal(ctx.f.count('CreateBatchPredictionJob'), creates, 'no second CreateBatchPredictionJob');
    assert.ok(ctx.f.count('GetBatchPredictionJob') > polls);
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(await jobCount('crashed-run'), 1);
    assert.ok(ctx.f.logs.some((line) => /adopting .* \(attempt 0, JOB_STATE_PENDING\) left by an earlier run/.test(line)));
  });

  it('a replaced resource (same URN, new inputs) does not adopt the old job', async () => {
    const first = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'replaced' }));
    const second = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'replaced', manualBatchSize: 8 }));
    assert.notEqual(second.id, first.id);
  });
});
