// Adopting a model and a batch job made outside Pulumi (by hand / by the notebook) through the `adopt` input, since
// `pulumi import` cannot work for dynamic providers (pulumi#3550): against the emulator with the real clients.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { failureOf, jobInputs, modelInputs, PROJECT, REGION, useFixture } from './fixture';

const PARENT = `projects/${PROJECT}/locations/${REGION}`;
const CPU_IMAGE = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest';

describe('adopting resources made outside Pulumi (`adopt` input)', () => {
  const ctx = useFixture();

  /** As the notebook does it: UploadModel with the SDK, no labels, its own display name. */
  const handMadeModel = async (overrides: Record<string, unknown> = {}) => {
    const { models, close } = ctx.f.deps.clients(REGION);
    const model = { displayName: 'use_notebook', artifactUri: 'gs://test-bucket/models/use-lite', containerSpec: { imageUri: CPU_IMAGE }, ...overrides };
    const [operation] = await models.uploadModel({ parent: PARENT, model });
    const [response] = await operation.promise();
    await close();
    return String(response.model);
  };

  const handMadeJob = async (model: string, displayName: string, machineType = 'n1-standard-4') => {
    const { jobs, close } = ctx.f.deps.clients(REGION);
    const [job] = await jobs.createBatchPredictionJob({
      parent: PARENT,
      batchPredictionJob: {
        displayName,
        model,
        inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: ['gs://test-bucket/batch/test.jsonl'] } },
        outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: 'gs://test-bucket/predictions' } },
        dedicatedResources: { machineSpec: { machineType }, startingReplicaCount: 1, maxReplicaCount: 1 },
      },
    });
    await close();
    return String(job.name);
  };

  it('a model: taken over without an upload; display name, description and labels set to the declared ones', async () => {
    const name = await handMadeModel();
    const uploads = ctx.f.count('UploadModel');
    const inputs = modelInputs({ adopt: name, description: 'USE lite', labels: { app: 'embeddings' } });
    const { id, outs } = await ctx.f.models.create(inputs);
    assert.equal(ctx.f.count('UploadModel'), uploads, 'nothing uploaded');
    assert.equal(id, `${name}@1`);
    assert.equal(outs!.versionName, id);
    const read = await ctx.f.models.read(id, outs);
    assert.equal(read.props!.displayName, 'use-lite');
    assert.equal(read.props!.description, 'USE lite');
    assert.deepEqual(read.props!.labels, { app: 'embeddings' });
    assert.ok(ctx.f.logs.some((line) => line === `use-lite: adopting ${id}, made outside Pulumi; from now on the stack manages it (destroy deletes it)`));
    // `adopt` is read on create only: removing it later is no change.
    assert.equal((await ctx.f.models.diff(id, read.props!, { ...inputs, adopt: undefined })).changes, false);
  });

  it('a model that differs in what cannot change is refused with every difference, and nothing is changed', async () => {
    const name = await handMadeModel({ artifactUri: 'gs://other-bucket/saved', containerSpec: { imageUri: CPU_IMAGE, predictRoute: '/v1/predict' } });
    const updates = ctx.f.count('UpdateModel');
    const error = await failureOf(ctx.f.models.create(modelInputs({ adopt: name })));
    assert.equal(
      error.message,
      `adopt: model ${name} differs from what the program declares; nothing was adopted or created:\n` +
        '  artifactUri: Vertex has "gs://other-bucket/saved", the program declares "gs://test-bucket/models/use-lite"\n' +
        '  predictRoute: Vertex has "/v1/predict", the program declares null\n' +
        'Declare the values Vertex has (these cannot be changed on an existing resource), or remove `adopt` to create a new one.',
    );
    assert.equal(ctx.f.count('UpdateModel'), updates);
  });

  it('a model that does not exist, or a name of another region, is refused naming `adopt`', async () => {
    const missing = `${PARENT}/models/424242`;
    assert.match((await failureOf(ctx.f.models.create(modelInputs({ adopt: missing })))).message, /^adopt: model projects\/.*\/models\/424242 does not exist \(NOT_FOUND\)/);
    const { failures } = await ctx.f.models.check({} as never, modelInputs({ adopt: `projects/${PROJECT}/locations/europe-west4/models/1` }));
    assert.deepEqual(failures, [{ property: 'adopt', reason: `adopt: "projects/${PROJECT}/locations/europe-west4/models/1" is in europe-west4, not in us-central1; adopt a resource of the same region` }]);
  });

  it('a running job: taken over without a create, waited on to the end; unchangeable labels and display name reported', async () => {
    const name = await handMadeJob(ctx.model, 'notebook job');
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { adopt: name, labels: { app: 'embeddings' } }));
    assert.equal(ctx.f.count('CreateBatchPredictionJob'), creates, 'no job submitted');
    assert.equal(id, name);
    assert.equal(outs!.state, 'JOB_STATE_SUCCEEDED');
    assert.equal(outs!.ranAttempt, 0);
    const line = ctx.f.logs.find((l) => l.startsWith(`embed-sentences: adopting ${name} (JOB_STATE_`))!;
    assert.match(line, /its displayName and labels differ and cannot be changed on a job:\n  displayName: Vertex has "notebook job", the program declares "embed-sentences"\n  labels: Vertex has \{\}, the program declares \{"app":"embeddings"\}$/);
  });

  it('a job on a fallback candidate\'s hardware is adopted as that attempt', async () => {
    const name = await handMadeJob(ctx.model, 'embed-sentences', 'n1-standard-8');
    const { outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { adopt: name, candidates: [{ machineType: 'n1-standard-8' }] }));
    assert.equal(outs!.ranAttempt, 1);
    assert.equal(outs!.machineTypeUsed, 'n1-standard-8');
  });

  it('a job that differs in what it computes is refused with every difference; a failed job is refused too', async () => {
    const name = await handMadeJob(ctx.model, 'embed-sentences', 'n1-standard-8');
    const creates = ctx.f.count('CreateBatchPredictionJob');
    const error = await failureOf(ctx.f.jobs.create(jobInputs(ctx.model, { adopt: name, gcsDestinationPrefix: 'gs://test-bucket/elsewhere' })));
    assert.equal(
      error.message,
      `adopt: batch prediction job ${name} differs from what the program declares; nothing was adopted or created:\n` +
        '  gcsDestinationPrefix: Vertex has "gs://test-bucket/predictions", the program declares "gs://test-bucket/elsewhere"\n' +
        '  machineType: Vertex has "n1-standard-8", the program declares "n1-standard-4"\n' +
        'Declare the values Vertex has (these cannot be changed on an existing resource), or remove `adopt` to create a new one.',
    );
    assert.equal(ctx.f.count('CreateBatchPredictionJob'), creates);

    ctx.f.emulator.faults.jobOutcome((job) => job.displayName === 'broken notebook job', { kind: 'fail', code: status.INVALID_ARGUMENT, message: 'Unable to parse line 1' });
    const failed = await handMadeJob(ctx.model, 'broken notebook job');
    ctx.f.clock.advance(120_000);
    const refused = await failureOf(ctx.f.jobs.create(jobInputs(ctx.model, { adopt: failed })));
    assert.match(refused.message, /^adopt: batch prediction job .* ended JOB_STATE_FAILED \(INVALID_ARGUMENT: Unable to parse line 1\); a job that ended unsuccessfully cannot be adopted: remove `adopt` to submit a new job\.$/);
  });

  it('`adopt` is not job-defining: adding or removing it later is no diff', async () => {
    const { id, outs } = await ctx.f.jobs.create(jobInputs(ctx.model, { displayName: 'adopt-diff' }));
    const diff = await ctx.f.jobs.diff(id, outs!, jobInputs(ctx.model, { displayName: 'adopt-diff', adopt: id }));
    assert.deepEqual({ changes: diff.changes, replaces: diff.replaces }, { changes: false, replaces: [] });
  });
});
