// What real Vertex does that the emulator now models (issue 16), through the real v1 clients: the UploadModel
// operation reporting what it finds (artifact folder, bucket access), labels merged on every answer, and the
// delete rules of model_service.proto.
import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ManualClock } from '../../local/emulator/clock';
import { VERTEX_ERROR_TEXTS } from '../../local/emulator/vertex/vertex-texts';
import { createJob, type EmulatorWithClients, modelSpec, PARENT, rejection, startWithClients, uploadModel } from './vertex-clients';

const FOLDERS: Record<string, string[]> = {
  'gs://test-bucket/models/use-lite': ['saved_model.pb', 'export-manifest.json'],
  'gs://test-bucket/models/text-proto': ['saved_model.pbtxt'],
  'gs://test-bucket/models': [],
  'gs://test-bucket/models/both': ['saved_model.pb', 'saved_model.pbtxt'],
};

describe('Vertex emulator: real Vertex behaviours (issue 16)', () => {
  let clients: EmulatorWithClients;
  const clock = new ManualClock();

  before(async () => {
    clients = await startWithClients({ clock, artifactFiles: async (uri) => FOLDERS[uri] ?? [] });
  });
  after(() => clients.close());
  beforeEach(() => clients.emulator.reset());

  const uploadFailure = async (artifactUri: string) => {
    const [operation] = await clients.models.uploadModel({ parent: PARENT, model: modelSpec({ artifactUri }) });
    return rejection(operation.promise());
  };

  it('UploadModel with a TF image: a folder with exactly one of saved_model.pb / saved_model.pbtxt registers', async () => {
    assert.match(await uploadModel(clients), /models\/\d+$/);
    assert.match(await uploadModel(clients, { artifactUri: 'gs://test-bucket/models/text-proto' }), /models\/\d+$/);
  });

  it("UploadModel's operation fails FAILED_PRECONDITION with Vertex's text for a parent folder or both files; nothing is registered", async () => {
    for (const uri of ['gs://test-bucket/models', 'gs://test-bucket/models/both']) {
      const error = await uploadFailure(uri);
      assert.equal(error.code, status.FAILED_PRECONDITION);
      assert.equal(error.details, `Model directory ${uri} is expected to contain exactly one of: [saved_model.pb, saved_model.pbtxt].`);
    }
    const [models] = await clients.models.listModels({ parent: PARENT });
    assert.deepEqual(models, []);
  });

  it('a custom (non-TF) serving image is not checked for a SavedModel', async () => {
    const name = await uploadModel(clients, { artifactUri: 'gs://test-bucket/models', containerSpec: { imageUri: 'us-docker.pkg.dev/p/r/server:1' } });
    assert.match(name, /models\/\d+$/);
  });

  it("faults.failOperation: the call is accepted, the operation ends with the scenario's error (bucket access)", async () => {
    const text = VERTEX_ERROR_TEXTS.objectsDenied('sa@p.iam.gserviceaccount.com');
    clients.emulator.faults.failOperation('UploadModel', text.code, text.message);
    const [operation] = await clients.models.uploadModel({ parent: PARENT, model: modelSpec() });
    const error = await rejection(operation.promise());
    assert.equal(error.code, status.FAILED_PRECONDITION);
    assert.match(error.details, /does not have \[storage\.objects\.get, storage\.objects\.create\] IAM permission\(s\) to the bucket/);
    assert.match(await uploadModel(clients), /models\/\d+$/, 'the next upload works');
  });

  it('labels: model labels (UpdateModel on the plain name) and version labels are merged in GetModel / ListModelVersions', async () => {
    const name = await uploadModel(clients, { labels: { app: 'embeddings', team: 'search' } });
    const [op] = await clients.models.uploadModel({ parent: PARENT, parentModel: name, model: modelSpec({ labels: { stage: 'canary' } }) });
    await op.promise();
    const [version] = await clients.models.getModel({ name: `${name}@2` });
    assert.deepEqual(version.labels, { app: 'embeddings', team: 'search', stage: 'canary' });
    await clients.models.updateModel({ model: { name, labels: { owner: 'ml' } }, updateMask: { paths: ['labels'] } });
    await clients.models.updateModel({ model: { name: `${name}@2`, labels: { stage: 'live' } }, updateMask: { paths: ['labels'] } });
    const [versions] = await clients.models.listModelVersions({ name, filter: 'labels.owner="ml"' });
    assert.deepEqual(versions.map((v) => [v.versionId, v.labels]), [
      ['1', { owner: 'ml' }],
      ['2', { owner: 'ml', stage: 'live' }],
    ]);
  });

  it('DeleteModelVersion: the only version is refused (use DeleteModel); the default one goes when others remain', async () => {
    const name = await uploadModel(clients);
    const only = await rejection(clients.models.deleteModelVersion({ name: `${name}@1` }));
    assert.equal(only.code, status.FAILED_PRECONDITION);
    assert.match(only.details, /only version .* use DeleteModel/);
    const [op] = await clients.models.uploadModel({ parent: PARENT, parentModel: name, model: modelSpec() });
    await op.promise();
    const [deleted] = await clients.models.deleteModelVersion({ name: `${name}@default` });
    await deleted.promise();
    const [versions] = await clients.models.listModelVersions({ name });
    assert.deepEqual(versions.map((v) => [v.versionId, v.versionAliases]), [['2', ['default']]]);
  });

  it('DeleteModel / DeleteModelVersion are refused while an endpoint serves the model; a running batch job does not block', async () => {
    const name = await uploadModel(clients);
    await createJob(clients, name); // still running on the clock
    const [op] = await clients.models.uploadModel({ parent: PARENT, parentModel: name, model: modelSpec() });
    await op.promise();
    clients.emulator.deployToEndpoint(`${name}@2`, `${PARENT}/endpoints/42`);
    for (const refused of [clients.models.deleteModel({ name }), clients.models.deleteModelVersion({ name: `${name}@2` })]) {
      const error = await rejection(refused);
      assert.equal(error.code, status.FAILED_PRECONDITION);
      assert.match(error.details, /deployed to 1 endpoint\(s\) \(.*endpoints\/42\)/);
    }
    const other = await uploadModel(clients);
    await createJob(clients, other);
    const [deleted] = await clients.models.deleteModel({ name: other });
    await deleted.promise();
  });
});
