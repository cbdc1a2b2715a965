// First deploy: UploadModel / CreateBatchPredictionJob refused with PERMISSION_DENIED while the fresh bucket grants
// propagate. The two create calls wait it out (bounded, logged); a refusal that persists reaches the user with
// Vertex's message; no other call is retried on PERMISSION_DENIED. Driven by the emulator's faults on a ManualClock.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { failureOf, jobInputs, modelInputs, pinnedIamProviders, useFixture } from './fixture';

const DENIED = "Permission 'storage.objects.get' denied on resource (or it may not exist).";

describe('IAM propagation on first deploy: PERMISSION_DENIED on the create calls', () => {
  const ctx = useFixture();
  const providers = () => pinnedIamProviders(ctx.f);
  const retryLines = (call: string) => ctx.f.logs.filter((line) => line.startsWith(`${call}: PERMISSION_DENIED: ${DENIED} — new IAM grants can take a minute or two`));

  it('UploadModel refused twice, then registered: one model, 3 uploads, each wait logged', async () => {
    ctx.f.emulator.faults.failNext('UploadModel', status.PERMISSION_DENIED, DENIED, 2);
    const uploads = ctx.f.count('UploadModel');
    const started = ctx.f.clock.now();
    const { outs } = await providers().models.create(modelInputs({ displayName: 'first-deploy' }));
    assert.match(outs!.versionName, /models\/.+@1$/);
    assert.equal(ctx.f.count('UploadModel') - uploads, 3);
    assert.deepEqual(retryLines('UploadModel first-deploy').map((line) => line.replace(/^.* — /, '')), [
      'new IAM grants can take a minute or two to reach Vertex on a first deploy; retrying in 5s (waited 0s of at most 2m00s)',
      'new IAM grants can take a minute or two to reach Vertex on a first deploy; retrying in 10s (waited 5s of at most 2m00s)',
    ]);
    assert.ok(ctx.f.clock.now() - started >= 15_000);
  });

  it('CreateBatchPredictionJob refused three times, then the job runs: exactly one job created', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.PERMISSION_DENIED, DENIED, 3);
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const { outs } = await providers().jobs.create(jobInputs(ctx.model, { displayName: 'first-job' }));
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 4);
    assert.equal(retryLines('CreateBatchPredictionJob first-job').length, 3);
    const { jobs } = ctx.f.deps.clients('us-central1');
    const [listed] = await jobs.listBatchPredictionJobs({ parent: 'projects/test-project/locations/us-central1' });
    await jobs.close();
    assert.equal(listed.filter((job) => job.displayName === 'first-job').length, 1);
  });

  it('a refusal that outlasts the window fails create with Vertex\'s own message after 6 calls and 95 s', async () => {
    ctx.f.emulator.faults.failNext('CreateBatchPredictionJob', status.PERMISSION_DENIED, DENIED, 100);
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const started = ctx.f.clock.now();
    const error = await failureOf(providers().jobs.create(jobInputs(ctx.model, { displayName: 'no-grant' })));
    assert.ok(error.message.includes(`PERMISSION_DENIED: ${DENIED}`), error.message);
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 6);
    assert.equal(ctx.f.clock.now() - started, 95_000);
    assert.ok(ctx.f.logs.includes('CreateBatchPredictionJob no-grant: still PERMISSION_DENIED after 1m35s of waiting for IAM propagation; giving up'), ctx.f.logs.join('\n'));
  });

  it('with the default jittered policy the wait stays within 2 minutes', async () => {
    ctx.f.emulator.faults.failNext('UploadModel', status.PERMISSION_DENIED, DENIED, 100);
    const started = ctx.f.clock.now();
    const error = await failureOf(ctx.f.models.create(modelInputs({ displayName: 'never-granted' })));
    assert.ok(error.message.includes(`PERMISSION_DENIED: ${DENIED}`), error.message);
    const waited = ctx.f.clock.now() - started;
    assert.ok(waited > 60_000 && waited <= 120_000, `waited ${waited} ms`);
  });

  it('PERMISSION_DENIED on any other call (the adoption lookup before create) is not retried', async () => {
    ctx.f.emulator.faults.failNext('ListBatchPredictionJobs', status.PERMISSION_DENIED, DENIED, 1);
    const lists = ctx.f.count('ListBatchPredictionJobs');
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const error = await failureOf(providers().jobs.create(jobInputs(ctx.model, { displayName: 'no-list-permission' })));
    assert.ok(error.message.includes(DENIED), error.message);
    assert.equal(ctx.f.count('ListBatchPredictionJobs') - lists, 1);
    assert.equal(ctx.f.count('CreateBatchPredictionJob') - creates, 0);
    assert.deepEqual(ctx.f.logs.filter((line) => line.includes('IAM')), []);
  });
});
