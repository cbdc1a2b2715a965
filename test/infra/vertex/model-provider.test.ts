// ModelProvider methods called directly against the Vertex emulator.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ModelProvider } from '../../../infra/vertex/model-provider';
import { type Fixture, failureOf, jobInputs, modelInputs, startFixture } from './fixture';

describe('ModelProvider against the emulator', () => {
  let f: Fixture;
  before(async () => {
    f = await startFixture();
  });
  after(() => f.close());
  afterEach(() => f.emulator.faults.reset());

  it('create uploads the model, waits for the operation and reports name, id, version and create time', async () => {
    const inputs = modelInputs({ description: 'USE lite', env: { MODEL_NAME: 'use' }, ports: [8080], predictRoute: '/predict' });
    const { id, outs } = await f.models.create(inputs);
    assert.match(outs!.name, /^projects\/test-project\/locations\/us-central1\/models\/[^@]+$/);
    assert.equal(outs!.versionId, '1');
    assert.equal(id, `${outs!.name}@1`);
    assert.equal(outs!.versionName, id);
    assert.equal(outs!.modelId, outs!.name.split('/').pop());
    assert.equal(outs!.createTime, '2026-01-01T00:00:00.000Z');
    assert.equal(outs!.artifactUri, inputs.artifactUri);
    const upload = f.emulator.calls.find((c) => c.method === 'UploadModel')!.request as any;
    assert.equal(upload.model.containerSpec.imageUri, inputs.imageUri);
    assert.deepEqual(upload.model.containerSpec.env, [{ name: 'MODEL_NAME', value: 'use' }]);
    assert.deepEqual(upload.model.containerSpec.ports, [{ containerPort: 8080 }]);
    assert.ok(f.count('GetOperation') >= 1, 'the long-running operation was polled');
  });

  it('parentModel uploads a new version of an existing model', async () => {
    const { outs: first } = await f.models.create(modelInputs());
    const { outs: second } = await f.models.create(modelInputs({ parentModel: first!.name }));
    assert.equal(second!.name, first!.name);
    assert.equal(second!.versionId, '2');
  });

  it("update changes display name, description and labels on the model (labels are the model's, not its version's), masks of exactly those fields", async () => {
    const { id, outs } = await f.models.create(modelInputs());
    const news = modelInputs({ displayName: 'use-lite-v2', description: 'USE lite', labels: { app: 'embeddings', stage: 'prod' } });
    const before = f.count('UpdateModel');
    const { outs: updated } = await f.models.update(id, outs!, news);
    const requests = f.emulator.calls.filter((c) => c.method === 'UpdateModel').slice(before).map((c) => c.request as any);
    assert.deepEqual(
      requests.map((r) => [r.model.name, r.updateMask.paths]),
      [[outs!.name, ['display_name', 'description', 'labels']]],
    );
    assert.equal(updated!.displayName, 'use-lite-v2');
    assert.equal(updated!.versionId, '1');
    const read = await f.models.read(id, updated);
    assert.equal(read.props!.displayName, 'use-lite-v2');
    assert.deepEqual(read.props!.labels, { app: 'embeddings', stage: 'prod' });
    // A removed label is gone from what Vertex answers (model and version labels are merged in every answer).
    const { outs: removed } = await f.models.update(id, updated!, modelInputs({ ...news, labels: { stage: 'prod' } }));
    assert.deepEqual((await f.models.read(id, removed)).props!.labels, { stage: 'prod' });
  });

  it('diff: display name/description/labels update in place; artifact or container changes replace', async () => {
    const { id, outs } = await f.models.create(modelInputs());
    assert.deepEqual(await f.models.diff(id, outs!, modelInputs({ description: 'new' })), { changes: true, replaces: [], deleteBeforeReplace: false });
    const replace = await f.models.diff(id, outs!, modelInputs({ artifactUri: 'gs://test-bucket/models/v2', imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest' }));
    assert.deepEqual(replace.replaces, ['artifactUri', 'imageUri']);
    assert.equal((await f.models.diff(id, outs!, modelInputs())).changes, false, 'output-only fields never cause a diff');
  });

  it('read detects a model deleted out of band', async () => {
    const { id, outs } = await f.models.create(modelInputs());
    await f.models.delete(id, outs!);
    assert.equal((await f.models.read(id, outs)).id, '');
  });

  it('delete treats NOT_FOUND as already gone', async () => {
    const { id, outs } = await f.models.create(modelInputs());
    f.emulator.faults.deleteNotFound('model');
    await f.models.delete(id, outs!);
    assert.equal((await f.models.read(id, outs)).id, '');
  });

  it('delete of a model deployed to an endpoint fails at once saying so (no hang, no retry, no claim about batch jobs)', async () => {
    const { id, outs } = await f.models.create(modelInputs());
    f.emulator.deployToEndpoint(id, 'projects/test-project/locations/us-central1/endpoints/7');
    const deletes = f.count('DeleteModel');
    const error = await failureOf(f.models.delete(id, outs!));
    assert.match(error.message, new RegExp(`^Model ${id} cannot be deleted: FAILED_PRECONDITION: .*deployed to 1 endpoint\\(s\\)`));
    assert.match(error.message, /Undeploy the model from the endpoints/);
    assert.doesNotMatch(error.message, /batch/i);
    assert.equal(f.count('DeleteModel') - deletes, 1);
  });

  it('a model a running batch job uses is deleted (Vertex documents no refusal for that)', async () => {
    const { id, outs } = await f.models.create(modelInputs());
    await f.jobs.create(jobInputs(id, { waitForCompletion: false, displayName: 'uses-model' }));
    await f.models.delete(id, outs!);
    assert.equal((await f.models.read(id, outs)).id, '');
  });

  it('a transient UNAVAILABLE on GetModel is retried', async () => {
    const { id, outs } = await f.models.create(modelInputs());
    f.emulator.faults.failNext('GetModel', status.UNAVAILABLE, 'try again', 2);
    assert.equal((await f.models.read(id, outs)).id, id);
  });

  const urn = (name: string) => `urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic/vertex:Model::${name}`;
  const modelsNamed = async (displayName: string) => {
    const clients = f.deps.clients('us-central1');
    const [models] = await clients.models.listModels({ parent: 'projects/test-project/locations/us-central1' });
    await clients.close();
    return models.filter((m) => m.displayName === displayName);
  };

  it('a lost UploadModel answer (UNAVAILABLE after it took effect): the model is found by its label and adopted', async () => {
    f.emulator.faults.dropResponse('UploadModel');
    const uploads = f.count('UploadModel');
    const { id } = await f.models.create(modelInputs({ displayName: 'lost-answer', resourceKey: urn('lost-answer') }));
    assert.equal(f.count('UploadModel') - uploads, 1, 'not uploaded twice');
    const models = await modelsNamed('lost-answer');
    assert.equal(models.length, 1);
    assert.equal(id, `${models[0].name}@1`);
  });

  it('a run interrupted after UploadModel: the next run adopts the registered model', async () => {
    const inputs = modelInputs({ displayName: 'interrupted-upload', resourceKey: urn('interrupted-upload') });
    const crashing = new ModelProvider({ ...f.deps, log: (line) => { if (line.includes('registered')) throw new Error('SIGKILL'); } });
    await failureOf(crashing.create(inputs));
    const uploads = f.count('UploadModel');
    const { id } = await f.models.create(inputs);
    assert.equal(f.count('UploadModel'), uploads, 'no second UploadModel');
    assert.equal((await modelsNamed('interrupted-upload')).length, 1);
    assert.match(id, /@1$/);
  });

  it('the adoption label survives label updates and never shows as drift', async () => {
    const inputs = modelInputs({ displayName: 'labelled', resourceKey: urn('labelled') });
    const { id, outs } = await f.models.create(inputs);
    const news = { ...inputs, labels: { app: 'embeddings', stage: 'prod' } };
    const { outs: updated } = await f.models.update(id, outs!, news);
    const read = await f.models.read(id, updated);
    assert.deepEqual(read.props!.labels, { app: 'embeddings', stage: 'prod' });
    const [stored] = await modelsNamed('labelled');
    assert.match(String(stored.labels?.['pulumi-resource']), /^[0-9a-f]{40}$/);
    assert.equal((await f.models.diff(id, read.props!, news)).changes, false);
  });

  it('invalid inputs fail before any API call, naming the field', async () => {
    const start = f.emulator.calls.length;
    const error = await failureOf(f.models.create(modelInputs({ artifactUri: 'bucket/models', ports: [70000], labels: { 'pulumi-resource': 'x' } })));
    assert.match(error.message, /artifactUri: "bucket\/models" is not a Cloud Storage URI; expected gs:\/\/BUCKET\/PATH/);
    assert.match(error.message, /labels\.pulumi-resource: the key "pulumi-resource" is reserved/);
    assert.match(error.message, /ports\[0\]: 70000 is not a port; allowed: 1-65535/);
    assert.equal(f.emulator.calls.length, start);
  });
});
