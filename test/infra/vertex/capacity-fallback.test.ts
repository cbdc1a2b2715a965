// Issue #12: GPU capacity fallback. On a capacity failure (create rejected for quota, or the job FAILED for a
// stockout) the provider moves to the next hardware candidate; a user error never moves; crash safety holds across
// attempts. Driven against the emulator with fault injection.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import type { HardwareCandidate } from '../../../infra/vertex/batch-job-inputs';
import { BatchJobProvider } from '../../../infra/vertex/batch-job-provider';
import { failureOf, jobInputs, useFixture } from './fixture';

const GPU_IMAGE = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest';
const L4: HardwareCandidate = { machineType: 'g2-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 };
const T4: HardwareCandidate = { machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 };
const V100: HardwareCandidate = { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_V100', acceleratorCount: 1 };
const QUOTA = 'Quota exceeded for aiplatform.googleapis.com/custom_model_serving_nvidia_l4_gpus with base model: us-central1. Limit: 0';
const STOCKOUT = 'Resources are insufficient in region: us-central1. Please try a different region.';

const gpuOf = (job: { dedicatedResources?: { machineSpec?: { acceleratorType?: string } } }) => job.dedicatedResources?.machineSpec?.acceleratorType;

describe('BatchJobProvider: capacity fallback across hardware candidates', () => {
  const ctx = useFixture({ imageUri: GPU_IMAGE });

  const inputs = (displayName: string, candidates: HardwareCandidate[] = [T4, V100]) =>
    jobInputs(ctx.model, { displayName, servingImageUri: GPU_IMAGE, ...L4, candidates });
  const createsOf = (displayName: string) =>
    ctx.f.emulator.calls.filter((c) => c.method === 'CreateBatchPredictionJob' && (c.request as any).batchPredictionJob.displayName === displayName);

  it('quota on the first candidate (create rejected, 429) → the second candidate runs', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.RESOURCE_EXHAUSTED, QUOTA);
    const { outs } = await ctx.f.jobs.create(inputs('quota-first'));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(outs!.ranAttempt, 1);
    assert.equal(outs!.acceleratorTypeUsed, 'NVIDIA_TESLA_T4');
    assert.equal(outs!.skippedAttempts.length, 1);
    assert.deepEqual(
      { ...outs!.skippedAttempts[0], estimatedHourlyUsd: undefined },
      { attempt: 0, machineType: 'g2-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, job: null, code: 8, message: QUOTA, estimatedHourlyUsd: undefined },
    );
    assert.ok(ctx.f.logs.some((line) => line === 'quota-first: switching to attempt 1: n1-standard-4 + 1 × NVIDIA_TESLA_T4'));
    assert.equal(createsOf('quota-first').length, 2, 'a quota error is not retried on the same hardware');
  });

  it('a stockout as a FAILED job → the next candidate; the failed job is kept and named', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => gpuOf(job) === 'NVIDIA_L4', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
    const { outs } = await ctx.f.jobs.create(inputs('stockout'));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(outs!.ranAttempt, 1);
    const [skipped] = outs!.skippedAttempts;
    assert.match(String(skipped.job), /batchPredictionJobs\/\d+$/);
    assert.equal(skipped.message, STOCKOUT);
    const clients = ctx.f.deps.clients('us-central1');
    const [failedJob] = await clients.jobs.getBatchPredictionJob({ name: skipped.job! });
    await clients.close();
    assert.equal(failedJob.state, 'JOB_STATE_FAILED', 'the failed attempt stays in Vertex as the record');
    assert.ok(ctx.f.logs.some((line) => line.startsWith(`stockout: ${skipped.job} failed for capacity on g2-standard-4 + 1 × NVIDIA_L4: RESOURCE_EXHAUSTED: ${STOCKOUT}`)));
  });

  it('a user error (bad input format) → no fallback: one job, the job\'s own error', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'user-error', { kind: 'fail', code: status.INVALID_ARGUMENT, message: 'Failed to parse instance: line 1 is not valid JSON' });
    const error = await failureOf(ctx.f.jobs.create(inputs('user-error')));
    assert.match(error.message, /ended JOB_STATE_FAILED: INVALID_ARGUMENT: Failed to parse instance: line 1 is not valid JSON/);
    assert.equal(createsOf('user-error').length, 1);
  });

  it('a create rejected as INVALID_ARGUMENT is not retried on other hardware', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.INVALID_ARGUMENT, 'Accelerator "NVIDIA_L4" is not supported for machine type "g2-standard-4"');
    const error = await failureOf(ctx.f.jobs.create(inputs('rejected-user-error')));
    assert.equal(error.message, 'Batch prediction job "rejected-user-error": Vertex rejected the job on g2-standard-4 + 1 × NVIDIA_L4: INVALID_ARGUMENT: Accelerator "NVIDIA_L4" is not supported for machine type "g2-standard-4"');
    assert.equal(createsOf('rejected-user-error').length, 1);
  });

  it('all candidates exhausted → the error lists every attempt with its code and message', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.RESOURCE_EXHAUSTED, QUOTA);
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'exhausted', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
    const error = await failureOf(ctx.f.jobs.create(inputs('exhausted')));
    const lines = error.message.split('\n');
    assert.equal(lines[0], 'Batch prediction job "exhausted": no capacity on any of the 3 hardware candidates in us-central1 (candidates share the model\'s region). Attempts:');
    assert.equal(lines[1], `  attempt 0 (g2-standard-4 + 1 × NVIDIA_L4): create rejected: RESOURCE_EXHAUSTED: ${QUOTA}`);
    assert.match(lines[2], new RegExp(`^  attempt 1 \\(n1-standard-4 \\+ 1 × NVIDIA_TESLA_T4\\): projects/.*/batchPredictionJobs/\\d+: RESOURCE_EXHAUSTED: ${STOCKOUT.replace(/[.]/g, '\\.')}$`));
    assert.match(lines[3], /^  attempt 2 \(n1-standard-8 \+ 1 × NVIDIA_TESLA_V100\): projects\/.*: RESOURCE_EXHAUSTED: /);
    assert.equal(error.id, undefined);
  });

  it('interrupted between attempts → the next run continues with the next candidate, no duplicate job', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'interrupted' && gpuOf(job) === 'NVIDIA_L4', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
    // The first run dies when it is about to switch to attempt 1 (after attempt 0 failed).
    const crashing = new BatchJobProvider({ ...ctx.f.deps, log: (line) => { if (line.includes('switching to attempt 1')) throw new Error('SIGKILL'); } });
    await failureOf(crashing.create(inputs('interrupted')));
    assert.equal(createsOf('interrupted').length, 1);
    const { outs } = await ctx.f.jobs.create(inputs('interrupted'));
    assert.equal(outs!.ranAttempt, 1);
    assert.equal(outs!.skippedAttempts.length, 1, 'the failed attempt of the first run is listed');
    const hardware = createsOf('interrupted').map((c) => gpuOf((c.request as any).batchPredictionJob));
    assert.deepEqual(hardware, ['NVIDIA_L4', 'NVIDIA_TESLA_T4'], 'attempt 0 is not started again');
  });

  it('interrupted while attempt 1 runs → the next run adopts attempt 1, never a parallel job', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'adopt-attempt' && gpuOf(job) === 'NVIDIA_L4', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
    const crashing = new BatchJobProvider({ ...ctx.f.deps, log: (line) => { if (line.includes('submitted') && line.includes('NVIDIA_TESLA_T4')) throw new Error('SIGKILL'); } });
    await failureOf(crashing.create(inputs('adopt-attempt')));
    const { outs } = await ctx.f.jobs.create(inputs('adopt-attempt'));
    assert.equal(outs!.ranAttempt, 1);
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(createsOf('adopt-attempt').length, 2);
    assert.equal(outs!.skippedAttempts.length, 1);
  });

  it('after all candidates were exhausted, a new `pulumi up` starts again from the primary', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'retry-later', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
    await failureOf(ctx.f.jobs.create(inputs('retry-later', [T4])));
    ctx.f.emulator.faults.reset();
    const { outs } = await ctx.f.jobs.create(inputs('retry-later', [T4]));
    assert.equal(outs!.ranAttempt, 0);
    assert.equal(outs!.acceleratorTypeUsed, 'NVIDIA_L4');
  });

  it('without candidates, a capacity failure names the job, Vertex\'s message and the way out', async () => {
    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'no-candidates', { kind: 'fail', code: status.RESOURCE_EXHAUSTED, message: STOCKOUT });
    const error = await failureOf(ctx.f.jobs.create(inputs('no-candidates', [])));
    const [first, second] = error.message.split('\n');
    assert.match(first, new RegExp(`^Batch prediction job "no-candidates" \\(projects/.*/batchPredictionJobs/\\d+\\) ended JOB_STATE_FAILED: RESOURCE_EXHAUSTED: Resources are insufficient`));
    assert.equal(second, 'No capacity for this hardware in the region: add `candidates` (other machine/GPU pairs in the same region) to fall back automatically, or request quota.');
  });

  it('after a candidate ran, the next preview shows no change (the hardware used is an output, not the machineType input)', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.RESOURCE_EXHAUSTED, QUOTA);
    const news = inputs('no-diff-after-fallback');
    const { id, outs } = await ctx.f.jobs.create(news);
    assert.equal(outs!.ranAttempt, 1);
    assert.deepEqual(await ctx.f.jobs.diff(id, outs!, news), { changes: false, replaces: [], deleteBeforeReplace: true });
    const { props } = await ctx.f.jobs.read(id, outs!);
    assert.deepEqual(await ctx.f.jobs.diff(id, props!, news), { changes: false, replaces: [], deleteBeforeReplace: true }, 'after refresh too');
    assert.equal(props!.machineType, 'g2-standard-4', 'state keeps the declared primary machine type');
  });

  it('shows the hardware plan with a cost estimate per candidate', async () => {
    await ctx.f.jobs.create(inputs('priced'));
    const plan = ctx.f.logs.find((line) => line.startsWith('priced: hardware in order: '));
    assert.ok(plan);
    assert.match(plan, /^priced: hardware in order: 0\. g2-standard-4 \+ 1 × NVIDIA_L4 \(≈ \$\d+\.\d\d\/h\); 1\. n1-standard-4 \+ 1 × NVIDIA_TESLA_T4 \(≈ \$\d+\.\d\d\/h\); 2\. n1-standard-8 \+ 1 × NVIDIA_TESLA_V100 \(≈ \$\d+\.\d\d\/h\)$/);
  });
});
