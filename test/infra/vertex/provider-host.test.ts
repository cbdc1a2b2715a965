// The providers through @pulumi/pulumi's real dynamic-provider host, serialized exactly as the SDK serializes them:
// proves the serialized shim finds the product's modules, builds its clients inside the host process from
// VERTEX_EMULATOR_HOST, and runs a model + job lifecycle end to end (check, diff, create, read, update, delete).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { startVertexEmulator, type VertexEmulator } from '../../../local/emulator/vertex/server';
import { batchJobProvider, modelProvider } from '../../../infra/vertex/resources';
import { HostError, type ProviderHost, serializeProvider, startProviderHost } from '../../helpers/provider-host';

async function hostFailure(promise: Promise<unknown>): Promise<HostError> {
  try {
    await promise;
  } catch (error) {
    assert.ok(error instanceof HostError);
    return error;
  }
  throw new Error('expected the host call to fail');
}
import { jobInputs, modelInputs } from './fixture';
import { createVertexClients } from '../../../infra/vertex/client';

describe('providers through the real dynamic-provider host', () => {
  let emulator: VertexEmulator;
  let host: ProviderHost;
  let modelText: string;
  let jobText: string;

  before(async () => {
    // System clock: the host is a separate process. Short phases; cancelling is immediate.
    emulator = await startVertexEmulator({ jobPhaseMs: { queued: 100, pending: 100, running: 200, cancelling: 0 } });
    host = await startProviderHost({ VERTEX_EMULATOR_HOST: emulator.host });
    [modelText, jobText] = await Promise.all([serializeProvider(modelProvider), serializeProvider(batchJobProvider)]);
  });
  after(async () => {
    await host?.close();
    await emulator?.close();
  });

  it('serializes to a small shim that captures no client and no credentials', () => {
    assert.ok(jobText.length < 10_000, `serialized provider is ${jobText.length} characters`);
    assert.match(jobText, /modulePath: "infra\/vertex\/batch-job-provider\.ts", factory: "createBatchJobProvider"/);
    assert.doesNotMatch(jobText, /JobServiceClient|private_key|GOOGLE_APPLICATION_CREDENTIALS/);
  });

  it('check reports field-named failures from inside the host', async () => {
    const news = { ...jobInputs('projects/test-project/locations/us-central1/models/1'), machineType: 'n1-standard-3', __provider: jobText };
    const { failures } = await host.check({}, news);
    assert.equal(failures.length, 1);
    assert.equal(failures[0].property, 'machineType');
    assert.match(failures[0].reason, /^machineType: "n1-standard-3" is not a machine type Vertex AI offers for prediction/);
  });

  it('runs a model + batch job lifecycle against the emulator', async () => {
    // Model: create → read.
    const modelArgs = modelInputs({ resourceKey: 'urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic/vertex:Model::model' });
    const model = await host.create({ ...modelArgs, __provider: modelText });
    assert.match(model.id, /^projects\/test-project\/locations\/us-central1\/models\/[^@]+@1$/);
    assert.equal(model.properties.versionName, model.id);
    assert.equal(model.properties.__provider, modelText);

    // Job: check → create (waits to SUCCEEDED) → read → diff → update (provider version only) → delete.
    const inputs = { ...jobInputs(model.id), __provider: jobText };
    const checked = await host.check({}, inputs);
    assert.deepEqual(checked.failures, []);
    const job = await host.create(checked.inputs);
    assert.match(job.id, /batchPredictionJobs\/\d+$/);
    assert.equal(job.properties.state, 'JOB_STATE_SUCCEEDED');
    assert.match(String(job.properties.outputDirectory), /^gs:\/\/test-bucket\/predictions\/prediction-use-lite-/);
    assert.ok(host.output.some((line) => line.includes(`${job.id}: JOB_STATE_SUCCEEDED after`)), 'progress lines come from the host');

    const read = await host.read(job.id, job.properties);
    assert.equal(read.id, job.id);
    assert.equal(read.properties.state, 'JOB_STATE_SUCCEEDED');

    const replace = await host.diff(job.id, job.properties, { ...inputs, machineType: 'n1-standard-8' });
    assert.deepEqual(replace, { changes: 'some', replaces: ['machineType'], deleteBeforeReplace: true });
    const bump = await host.diff(job.id, job.properties, { ...inputs, providerVersion: 'next' });
    assert.deepEqual(bump, { changes: 'some', replaces: [], deleteBeforeReplace: true });
    const updated = await host.update(job.id, job.properties, { ...inputs, providerVersion: 'next' });
    assert.equal(updated.properties.providerVersion, 'next');
    assert.equal(updated.properties.name, job.id);

    await host.delete(job.id, updated.properties);
    assert.equal((await host.read(job.id, updated.properties)).id, '', 'a deleted job disappears from state');

    // Model: update in place → delete.
    const renamed = await host.update(model.id, model.properties, { ...modelArgs, displayName: 'use-lite-renamed', __provider: modelText });
    assert.equal(renamed.properties.displayName, 'use-lite-renamed');
    await host.delete(model.id, renamed.properties);
    assert.equal((await host.read(model.id, renamed.properties)).id, '');
  });

  it('a job that fails comes back as an error with the job name and Vertex\'s message', async () => {
    const model = await host.create({ ...modelInputs(), __provider: modelText });
    emulator.faults.jobOutcome((job) => job.displayName === 'host-fails', { kind: 'fail', code: 3, message: 'instance 1 is not valid JSON' });
    const error = await hostFailure(host.create({ ...jobInputs(model.id, { displayName: 'host-fails' }), __provider: jobText }));
    assert.equal(error.initFailure, undefined, 'a failed job is not kept in state');
    assert.match(error.message, /Batch prediction job "host-fails" \(projects\/test-project\/locations\/us-central1\/batchPredictionJobs\/\d+\) ended JOB_STATE_FAILED: INVALID_ARGUMENT: instance 1 is not valid JSON/);
  });

  it('a wait that times out keeps the job id (ErrorResourceInitFailed), so Pulumi can still destroy it', async () => {
    const model = await host.create({ ...modelInputs(), __provider: modelText });
    emulator.faults.jobOutcome((job) => job.displayName === 'host-hangs', { kind: 'hang' });
    const error = await hostFailure(host.create({ ...jobInputs(model.id, { displayName: 'host-hangs', completionTimeoutSeconds: 0.3 }), __provider: jobText }));
    assert.match(error.message, /is still JOB_STATE_\w+ after 0s \(timeout 0s\)/);
    const failure = error.initFailure;
    assert.ok(failure, 'the error carries ErrorResourceInitFailed');
    assert.match(failure.id, /batchPredictionJobs\/\d+$/);
    await host.delete(failure.id, { ...failure.properties, __provider: jobText });
    assert.equal((await host.read(failure.id, { ...failure.properties, __provider: jobText })).id, '');
  });

  it('after a timed-out wait, a job that then FAILED is recovered by the next up: Update submits a new job (no --replace)', async () => {
    const model = await host.create({ ...modelInputs(), __provider: modelText });
    emulator.faults.jobOutcome((job) => job.displayName === 'host-timeout-then-fails', { kind: 'fail', code: 13, message: 'Replica crashed' });
    const inputs = { ...jobInputs(model.id, { displayName: 'host-timeout-then-fails', completionTimeoutSeconds: 0.1 }), __provider: jobText };
    const failure = (await hostFailure(host.create(inputs))).initFailure;
    assert.ok(failure, 'the timed-out create keeps the job (ErrorResourceInitFailed)');
    // The engine keeps it with init errors; meanwhile the job fails on its own.
    const clients = createVertexClients('us-central1', { VERTEX_EMULATOR_HOST: emulator.host });
    while ((await clients.jobs.getBatchPredictionJob({ name: failure.id }))[0].state !== 'JOB_STATE_FAILED') await new Promise((r) => setTimeout(r, 50));
    await clients.close();
    emulator.faults.reset();
    // The next `pulumi up`: the engine calls Update on a resource with init errors.
    const updated = await host.update(failure.id, { ...failure.properties, __provider: jobText }, { ...inputs, completionTimeoutSeconds: 60 });
    assert.equal(updated.properties.state, 'JOB_STATE_SUCCEEDED');
    assert.notEqual(updated.properties.name, failure.id);
    assert.ok(host.output.some((line) => line.includes(`${failure.id} ended JOB_STATE_FAILED (INTERNAL: Replica crashed) after an earlier run stopped waiting; running the job again`)));
  });
});
