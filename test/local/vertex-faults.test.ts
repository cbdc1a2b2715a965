import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ManualClock } from '../../local/emulator/clock';
import { createJob, type EmulatorWithClients, jobSpec, PARENT, rejection, startWithClients, uploadModel } from './vertex-clients';

describe('Vertex emulator: fault injection seen through the real clients', () => {
  let clients: EmulatorWithClients;
  const clock = new ManualClock();
  let model: string;

  before(async () => {
    clients = await startWithClients({ clock, jobPhaseMs: { queued: 1000, pending: 1000, running: 10_000, cancelling: 1000 } });
  });
  after(() => clients.close());
  beforeEach(async () => {
    clients.emulator.reset();
    model = await uploadModel(clients);
  });

  it('failNext answers the chosen RPC with the code the given number of times, then recovers', async () => {
    const name = await createJob(clients, model);
    clients.emulator.faults.failNext('GetBatchPredictionJob', status.UNAVAILABLE, 'backend unavailable', 2);
    for (let i = 0; i < 2; i++) {
      const error = await rejection(clients.jobs.getBatchPredictionJob({ name }));
      assert.equal(error.code, status.UNAVAILABLE);
      assert.equal(error.details, 'backend unavailable');
    }
    const [job] = await clients.jobs.getBatchPredictionJob({ name });
    assert.equal(job.name, name);
  });

  it('a failed create (429 / RESOURCE_EXHAUSTED) creates nothing', async () => {
    clients.emulator.faults.failNext('CreateBatchPredictionJob', status.RESOURCE_EXHAUSTED, 'Quota exceeded for nvidia_t4_gpus');
    const error = await rejection(clients.jobs.createBatchPredictionJob({ parent: PARENT, batchPredictionJob: jobSpec(model) }));
    assert.equal(error.code, status.RESOURCE_EXHAUSTED);
    assert.match(error.details, /nvidia_t4_gpus/);
    const [jobs] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT });
    assert.equal(jobs.length, 0);
  });

  it('jobOutcome fail: the matching job ends FAILED with the given error after its running phase', async () => {
    clients.emulator.faults.jobOutcome((job) => job.displayName === 'doomed', {
      kind: 'fail',
      code: status.INVALID_ARGUMENT,
      message: 'Accelerator "NVIDIA_TESLA_K80" is not supported for machine type "n1-standard-4"',
    });
    const doomed = await createJob(clients, model, { displayName: 'doomed' });
    const fine = await createJob(clients, model);
    clock.advance(11_000);
    assert.equal((await clients.jobs.getBatchPredictionJob({ name: doomed }))[0].state, 'JOB_STATE_RUNNING');
    clock.advance(1000);
    const [failed] = await clients.jobs.getBatchPredictionJob({ name: doomed });
    assert.equal(failed.state, 'JOB_STATE_FAILED');
    assert.equal(failed.error?.code, status.INVALID_ARGUMENT);
    assert.match(failed.error?.message ?? '', /NVIDIA_TESLA_K80/);
    assert.equal((await clients.jobs.getBatchPredictionJob({ name: fine }))[0].state, 'JOB_STATE_SUCCEEDED');
  });

  it('jobOutcome hang: the job stays RUNNING until cancelled', async () => {
    clients.emulator.faults.jobOutcome(() => true, { kind: 'hang' });
    const name = await createJob(clients, model);
    clock.advance(24 * 3600_000);
    assert.equal((await clients.jobs.getBatchPredictionJob({ name }))[0].state, 'JOB_STATE_RUNNING');
    await clients.jobs.cancelBatchPredictionJob({ name });
    clock.advance(1000);
    assert.equal((await clients.jobs.getBatchPredictionJob({ name }))[0].state, 'JOB_STATE_CANCELLED');
  });

  it('the latest matching jobOutcome wins, so succeed can override an earlier rule', async () => {
    clients.emulator.faults.jobOutcome(() => true, { kind: 'hang' });
    clients.emulator.faults.jobOutcome((job) => job.labels?.['job-key'] === 'ok', { kind: 'succeed' });
    const name = await createJob(clients, model, { labels: { 'job-key': 'ok' } });
    clock.advance(12_000);
    assert.equal((await clients.jobs.getBatchPredictionJob({ name }))[0].state, 'JOB_STATE_SUCCEEDED');
  });

  it('deleteNotFound model: the model vanishes and DeleteModel answers NOT_FOUND', async () => {
    clients.emulator.faults.deleteNotFound('model');
    const error = await rejection(clients.models.deleteModel({ name: model }));
    assert.equal(error.code, status.NOT_FOUND);
    assert.equal((await rejection(clients.models.getModel({ name: model }))).code, status.NOT_FOUND);
  });

  it('deleteNotFound job: the job vanishes and DeleteBatchPredictionJob answers NOT_FOUND', async () => {
    const name = await createJob(clients, model);
    clock.advance(12_000);
    clients.emulator.faults.deleteNotFound('job');
    assert.equal((await rejection(clients.jobs.deleteBatchPredictionJob({ name }))).code, status.NOT_FOUND);
    const [jobs] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT });
    assert.equal(jobs.length, 0);
  });

  it('dropResponse on create: the caller sees UNAVAILABLE, yet exactly one job exists and can be found by label', async () => {
    clients.emulator.faults.dropResponse('CreateBatchPredictionJob');
    const error = await rejection(
      clients.jobs.createBatchPredictionJob({ parent: PARENT, batchPredictionJob: jobSpec(model, { labels: { 'job-key': 'crash' } }) }),
    );
    assert.equal(error.code, status.UNAVAILABLE);
    const [found] = await clients.jobs.listBatchPredictionJobs({ parent: PARENT, filter: 'labels.job-key="crash"' });
    assert.equal(found.length, 1);
    assert.equal(found[0].state, 'JOB_STATE_QUEUED');
  });

  it('every call is recorded with its request and the clock time, faulted ones included', async () => {
    clients.emulator.calls.length = 0;
    clients.emulator.faults.failNext('GetModel', status.UNAVAILABLE);
    const at = clock.now();
    await rejection(clients.models.getModel({ name: model }));
    clock.advance(5);
    await clients.models.getModel({ name: model });
    assert.deepEqual(clients.emulator.calls, [
      { method: 'GetModel', request: { name: model }, at },
      { method: 'GetModel', request: { name: model }, at: at + 5 },
    ]);
  });

  it('faults on an unknown method name are refused with the list of emulated methods', () => {
    assert.throws(
      () => clients.emulator.faults.failNext('GetBatchJob', status.UNAVAILABLE),
      /unknown method "GetBatchJob"; emulated methods are .*GetBatchPredictionJob/,
    );
  });
});
