// Issue 18, "a running job is never orphaned", and issue 15's stuck job, against the emulator with the real clients:
// outages ride out (bounded, logged), every failure once the job exists keeps its id and says what comes next, a job
// that failed after an earlier wait timed out is recovered by the next `pulumi up` (the engine calls Update), deletes
// survive a transient error on their operation, and two concurrent creates leave one job.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { HardwareCandidate } from '../../../infra/vertex/batch-job-inputs';
import { BatchJobProvider } from '../../../infra/vertex/batch-job-provider';
import { failureOf, jobInputs, modelInputs, useFixture } from './fixture';

const JOB_NAME = /^projects\/test-project\/locations\/us-central1\/batchPredictionJobs\/\d+$/;
const NEXT_STEPS = /the next `pulumi up` resumes waiting on it \(and submits a new job if it has ended unsuccessfully meanwhile\), `pulumi destroy` cancels and deletes it/;

describe('BatchJobProvider: a running job is never orphaned', () => {
  const ctx = useFixture();

  const jobsNamed = async (displayName: string) => {
    const { jobs } = ctx.f.deps.clients('us-central1');
    const [listed] = await jobs.listBatchPredictionJobs({ parent: 'projects/test-project/locations/us-central1' });
    await jobs.close();
    return listed.filter((job) => job.displayName === displayName);
  };

  it('a 15-minute UNAVAILABLE outage while polling is ridden out, each pause logged with the time it has failed so far', async () => {
    ctx.f.emulator.faults.failNext('GetBatchPredictionJob', status.UNAVAILABLE, 'The service is currently unavailable.', 20);
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'long-outage' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    const pauses = ctx.f.logs.filter((line) => line.includes('UNAVAILABLE: The service is currently unavailable.; retrying in'));
    assert.equal(pauses.length, 20);
    assert.match(pauses.at(-1)!, /\(failing for 1[45]m\d\ds of at most 30m00s\)$/);
  });

  it('a single INTERNAL on a poll does not fail the wait', async () => {
    ctx.f.emulator.faults.failNext('GetBatchPredictionJob', status.INTERNAL, 'Internal error encountered.');
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'one-internal' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
  });

  it('an outage that outlasts the budget fails with the job id, names the job and what comes next; the next up resumes', async () => {
    const inputs = jobInputs(ctx.model, { displayName: 'outage-too-long' });
    // The create answers, then every poll fails for longer than the 30-minute budget.
    const provider = new BatchJobProvider({
      ...ctx.f.deps,
      log: (line) => {
        ctx.f.logs.push(line);
        if (line.includes('submitted')) ctx.f.emulator.faults.failNext('GetBatchPredictionJob', status.UNAVAILABLE, 'connection reset', 1000);
      },
    });
    const error = await failureOf(provider.create(inputs));
    assert.match(String(error.id), JOB_NAME);
    assert.match(error.message, /^Batch prediction job "outage-too-long" \(projects\/.*\/batchPredictionJobs\/\d+\) could not be followed: GetBatchPredictionJob failed with UNAVAILABLE: connection reset\. It keeps running in Vertex AI/);
    assert.match(error.message, NEXT_STEPS);
    assert.equal((error.properties as { name: string }).name, error.id);
    assert.ok(ctx.f.logs.some((line) => /still UNAVAILABLE: connection reset after 30m00s of retrying; giving up/.test(line)));
    // The next `pulumi up` (the engine calls Update on a resource with init errors) finds the same job finished.
    ctx.f.emulator.faults.reset();
    const { outs } = await ctx.f.jobs.update(error.id!, error.properties as never, inputs);
    assert.equal(outs!.name, error.id);
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal((await jobsNamed('outage-too-long')).length, 1);
  });

  it('a lost create answer followed by an outage of the list: the error says the job may exist, and the next up adopts it', async () => {
    const inputs = jobInputs(ctx.model, { displayName: 'unconfirmed' });
    const provider = new BatchJobProvider({
      ...ctx.f.deps,
      clients: (region) => {
        const clients = ctx.f.deps.clients(region);
        const create = clients.jobs.createBatchPredictionJob.bind(clients.jobs) as (...args: unknown[]) => Promise<unknown>;
        // The answer is lost, and the list that looks for the job then fails for longer than the budget.
        (clients.jobs as { createBatchPredictionJob: unknown }).createBatchPredictionJob = (...args: unknown[]) => {
          ctx.f.emulator.faults.dropResponse('CreateBatchPredictionJob');
          ctx.f.emulator.faults.failNext('ListBatchPredictionJobs', status.UNAVAILABLE, 'network unreachable', 1000);
          return create(...args);
        };
        return clients;
      },
    });
    const error = await failureOf(provider.create(inputs));
    assert.match(error.message, /CreateBatchPredictionJob answered UNAVAILABLE: .*listing jobs to see whether it was created failed too \(UNAVAILABLE: network unreachable\)\. The job may exist and run: the next `pulumi up` finds it by its label pulumi-resource=[0-9a-f]{40} and adopts it/);
    ctx.f.emulator.faults.reset();
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const { outs } = await ctx.f.jobs.create(inputs);
    assert.equal(ctx.f.count('CreateBatchPredictionJob'), creates, 'the next up adopts, it does not submit again');
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal((await jobsNamed('unconfirmed')).length, 1);
  });

  it('a list by adoption label that keeps failing before any job exists: nothing submitted, and the message says so', async () => {
    ctx.f.emulator.faults.failNext('ListBatchPredictionJobs', status.UNAVAILABLE, 'network unreachable', 1000);
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const error = await failureOf(ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'list-down' })));
    assert.match(error.message, /^Batch prediction job "list-down": listing jobs by the label pulumi-resource=[0-9a-f]{40} failed \(UNAVAILABLE: network unreachable\); nothing was submitted\. A job an earlier run left is found and adopted by the next `pulumi up`\.$/);
    assert.equal(ctx.f.count('CreateBatchPredictionJob'), creates);
  });

  it('after a wait timed out, a job that then FAILED is replaced by a new job on the next up (no --replace)', async () => {
    const inputs = jobInputs(ctx.model, { displayName: 'timeout-then-failed', completionTimeoutSeconds: 20 });
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'timeout-then-failed', { kind: 'fail', code: status.INTERNAL, message: 'Replica crashed' });
    const timedOut = await failureOf(ctx.f.jobs.create(inputs));
    assert.match(timedOut.message, /is still JOB_STATE_PENDING after 20s \(timeout 20s\)/);
    ctx.f.clock.advance(60_000); // it fails meanwhile
    ctx.f.emulator.faults.reset(); // the next job is fine
    const { outs } = await ctx.f.jobs.update(timedOut.id!, timedOut.properties as never, { ...inputs, completionTimeoutSeconds: 3600 });
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.notEqual(outs!.name, timedOut.id);
    assert.ok(ctx.f.logs.some((line) => line.startsWith(`timeout-then-failed: ${timedOut.id} ended JOB_STATE_FAILED (INTERNAL: Replica crashed) after an earlier run stopped waiting; running the job again`)));
    const states = (await jobsNamed('timeout-then-failed')).map((job) => job.state).sort();
    assert.deepEqual(states, ['JOB_STATE_FAILED', 'JOB_STATE_SUCCEEDED']);
    // The state now tracks the new job: refresh moves the id to it, destroy deletes it.
    assert.equal((await ctx.f.jobs.read(timedOut.id!, outs)).id, outs!.name);
    await ctx.f.jobs.delete(timedOut.id!, outs!);
    assert.deepEqual((await jobsNamed('timeout-then-failed')).map((job) => job.state), ['JOB_STATE_FAILED']);
  });

  it('a job that fails during the resumed wait fails the update plainly (state unchanged) and the up after submits anew', async () => {
    const inputs = jobInputs(ctx.model, { displayName: 'fails-while-resumed', completionTimeoutSeconds: 20 });
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'fails-while-resumed', { kind: 'fail', code: status.INVALID_ARGUMENT, message: 'Unable to parse line 3' });
    const timedOut = await failureOf(ctx.f.jobs.create(inputs));
    const failed = await failureOf(ctx.f.jobs.update(timedOut.id!, timedOut.properties as never, { ...inputs, completionTimeoutSeconds: 3600 }));
    assert.equal(failed.id, undefined);
    assert.match(failed.message, /ended JOB_STATE_FAILED: INVALID_ARGUMENT: Unable to parse line 3\. .*the next `pulumi up` submits a new job/);
    ctx.f.emulator.faults.reset();
    const { outs } = await ctx.f.jobs.update(timedOut.id!, timedOut.properties as never, { ...inputs, completionTimeoutSeconds: 3600 });
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.notEqual(outs!.name, timedOut.id);
  });

  it('two creates for the same resource at the same moment leave one job: the newer is cancelled, both runs say so', async () => {
    const inputs = jobInputs(ctx.model, { displayName: 'raced' });
    const [first, second] = await Promise.all([ctx.f.jobs.create(inputs), ctx.f.jobs.create(inputs)]);
    assert.equal(first.id, second.id);
    const jobs = await jobsNamed('raced');
    assert.equal(jobs.length, 2);
    assert.deepEqual(jobs.map((job) => job.state).sort(), ['JOB_STATE_CANCELLED', 'JOB_STATE_SUCCEEDED']);
    assert.equal(jobs.find((job) => job.state === 'JOB_STATE_SUCCEEDED')!.name, first.id);
    const notes = ctx.f.logs.filter((line) => line.startsWith('raced: another run submitted the same job at the same time'));
    assert.equal(notes.length, 2);
    assert.ok(notes.every((line) => line.includes(`keeping the oldest, ${first.id}`)));
  });

  it('a transient error while polling the delete operation does not fail destroy (job and model)', async () => {
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'delete-blip' }));
    ctx.f.emulator.faults.failNext('GetOperation', status.UNAVAILABLE, 'blip');
    await ctx.f.jobs.delete(id, outs!);
    assert.deepEqual(await jobsNamed('delete-blip'), []);

    const model = await ctx.f.models.create(modelInputs({ displayName: 'delete-blip-model' }));
    ctx.f.emulator.faults.failNext('GetOperation', status.UNAVAILABLE, 'blip');
    await ctx.f.models.delete(model.id, model.outs!);
    assert.equal((await ctx.f.models.read(model.id, model.outs)).id, '');
  });
});

describe('BatchJobProvider: capacity fallback after an earlier wait timed out', () => {
  const GPU_IMAGE = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest';
  const L4: HardwareCandidate = { machineType: 'g2-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 };
  const T4: HardwareCandidate = { machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 };
  const STOCKOUT = 'Resources are insufficient in region: us-central1. Please try a different region.';
  const ctx = useFixture({ imageUri: GPU_IMAGE });
  const gpuOf = (job: { dedicatedResources?: { machineSpec?: { acceleratorType?: string } } }) => job.dedicatedResources?.machineSpec?.acceleratorType;

  for (const when of ['before the next up', 'during the next up\'s wait'] as const) {
    it(`a job that FAILED for capacity ${when} moves to the next candidate`, async () => {
      const displayName = `capacity-${when.split(' ')[0]}`;
      const inputs = jobInputs(ctx.model, { displayName, servingImageUri: GPU_IMAGE, ...L4, candidates: [T4], completionTimeoutSeconds: 20 });
      ctx.f.emulator.faults.jobOutcome((job) => gpuOf(job) === 'NVIDIA_L4', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
      const timedOut = await failureOf(ctx.f.jobs.create(inputs));
      assert.match(String(timedOut.id), JOB_NAME);
      if (when === 'before the next up') ctx.f.clock.advance(60_000);
      const { outs } = await ctx.f.jobs.update(timedOut.id!, timedOut.properties as never, { ...inputs, completionTimeoutSeconds: 3600 });
      assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
      assert.equal(outs!.ranAttempt, 1);
      assert.equal(outs!.acceleratorTypeUsed, 'NVIDIA_TESLA_T4');
      assert.deepEqual(outs!.skippedAttempts.map((a) => [a.attempt, a.job, a.message]), [[0, timedOut.id, STOCKOUT]]);
    });
  }
});
