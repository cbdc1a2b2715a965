import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ManualClock } from '../../local/emulator/clock';
import { createJob, type EmulatorWithClients, modelSpec, PARENT, rejection, startWithClients, uploadModel } from './vertex-clients';

describe('Vertex emulator: ModelService (models and versions) with the real ModelServiceClient', () => {
  let clients: EmulatorWithClients;
  const clock = new ManualClock();

  before(async () => {
    clients = await startWithClients({ clock, jobPhaseMs: { queued: 1000, pending: 1000, running: 60_000 } });
  });
  after(() => clients.close());
  beforeEach(() => clients.emulator.reset());

  it('UploadModel is a long-running operation the client polls to completion', async () => {
    const [operation] = await clients.models.uploadModel({ parent: PARENT, model: modelSpec() });
    assert.equal(operation.done, false);
    const [response, metadata] = await operation.promise();
    assert.match(response.model ?? '', /^projects\/test-project\/locations\/us-central1\/models\/\d+$/);
    assert.equal(response.modelVersionId, '1');
    assert.ok(metadata?.genericMetadata?.createTime, 'operation metadata decodes as UploadModelOperationMetadata');
    assert.deepEqual(
      clients.emulator.calls.map((c) => c.method),
      ['UploadModel', 'GetOperation'],
    );
  });

  it('GetModel returns what was uploaded plus the formats a custom model supports', async () => {
    const name = await uploadModel(clients);
    const [model] = await clients.models.getModel({ name });
    assert.equal(model.name, name);
    assert.equal(model.displayName, 'use-lite');
    assert.equal(model.artifactUri, 'gs://test-bucket/models/use-lite');
    assert.equal(model.containerSpec?.imageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
    assert.deepEqual(model.labels, { app: 'embeddings' });
    assert.equal(model.versionId, '1');
    assert.ok(model.supportedInputStorageFormats?.includes('file-list'));
    assert.deepEqual(model.supportedOutputStorageFormats, ['jsonl', 'bigquery']);
    assert.equal(Number(model.createTime?.seconds), clock.now() / 1000);
  });

  it('GetModel of an unknown model is NOT_FOUND naming it', async () => {
    const missing = `${PARENT}/models/404`;
    const error = await rejection(clients.models.getModel({ name: missing }));
    assert.equal(error.code, status.NOT_FOUND);
    assert.match(error.details, new RegExp(missing));
  });

  it('UpdateModel changes only the fields in the mask', async () => {
    const name = await uploadModel(clients);
    const [updated] = await clients.models.updateModel({
      model: { name, displayName: 'renamed', description: 'ignored: not in mask', labels: { app: 'v2' } },
      updateMask: { paths: ['display_name', 'labels'] },
    });
    assert.equal(updated.displayName, 'renamed');
    assert.deepEqual(updated.labels, { app: 'v2' });
    const [stored] = await clients.models.getModel({ name });
    assert.equal(stored.displayName, 'renamed');
    assert.equal(stored.description, '');
  });

  it('UpdateModel refuses immutable fields and an empty mask', async () => {
    const name = await uploadModel(clients);
    const immutable = await rejection(
      clients.models.updateModel({ model: { name, artifactUri: 'gs://test-bucket/other' }, updateMask: { paths: ['artifact_uri'] } }),
    );
    assert.equal(immutable.code, status.INVALID_ARGUMENT);
    assert.match(immutable.details, /"artifact_uri" cannot be updated; updatable fields are display_name, description, labels/);
    const noMask = await rejection(clients.models.updateModel({ model: { name, displayName: 'x' } }));
    assert.equal(noMask.code, status.INVALID_ARGUMENT);
    assert.match(noMask.details, /update_mask/);
  });

  it('ListModels filters on labels and pages through all results', async () => {
    await uploadModel(clients, { displayName: 'a', labels: { team: 'x' } });
    await uploadModel(clients, { displayName: 'b', labels: { team: 'y' } });
    await uploadModel(clients, { displayName: 'c', labels: { team: 'x' } });
    const [teamX] = await clients.models.listModels({ parent: PARENT, filter: 'labels.team="x"' });
    assert.deepEqual(teamX.map((m) => m.displayName).sort(), ['a', 'c']);
    const [all] = await clients.models.listModels({ parent: PARENT, pageSize: 1 });
    assert.equal(all.length, 3);
    assert.equal(clients.emulator.calls.filter((c) => c.method === 'ListModels').length, 1 + 3);
  });

  it('a new version under parentModel leaves the default version in place', async () => {
    const name = await uploadModel(clients);
    const [operation] = await clients.models.uploadModel({ parent: PARENT, parentModel: name, model: modelSpec({ description: 'v2' }) });
    const [response] = await operation.promise();
    assert.equal(response.model, name);
    assert.equal(response.modelVersionId, '2');
    const [defaultVersion] = await clients.models.getModel({ name });
    assert.equal(defaultVersion.versionId, '1');
    const [second] = await clients.models.getModel({ name: `${name}@2` });
    assert.equal(second.description, 'v2');
  });

  it('DeleteModel is a long-running operation; the model is gone afterwards', async () => {
    const name = await uploadModel(clients);
    const [operation] = await clients.models.deleteModel({ name });
    await operation.promise();
    assert.equal((await rejection(clients.models.getModel({ name }))).code, status.NOT_FOUND);
  });

  it('UploadModel validates parent, display name, container image and artifact URI', async () => {
    const cases: [object, RegExp][] = [
      [{ parent: 'projects/test-project', model: modelSpec() }, /Invalid parent "projects\/test-project": expected projects\/\{project\}\/locations\/\{location\}/],
      [{ parent: PARENT, model: modelSpec({ displayName: '' }) }, /Required field is not set: model.display_name/],
      [{ parent: PARENT, model: modelSpec({ containerSpec: {} }) }, /Required field is not set: model.container_spec.image_uri/],
      [{ parent: PARENT, model: modelSpec({ artifactUri: '/tmp/model' }) }, /model.artifact_uri "\/tmp\/model" must be a Cloud Storage URI/],
      [{ parent: PARENT, model: modelSpec({ labels: { Team: 'x' } }) }, /invalid label key "Team"/],
    ];
    for (const [request, message] of cases) {
      const error = await rejection(clients.models.uploadModel(request));
      assert.equal(error.code, status.INVALID_ARGUMENT);
      assert.match(error.details, message);
    }
  });

  // Versions (UploadModel with parent_model, ListModelVersions, MergeVersionAliases, DeleteModelVersion).
  async function uploadVersion(parentModel: string, overrides: Parameters<typeof modelSpec>[0] = {}): Promise<string> {
    const [operation] = await clients.models.uploadModel({ parent: PARENT, parentModel, model: modelSpec(overrides) });
    const [response] = await operation.promise();
    return `${response.model}@${response.modelVersionId}`;
  }

  it('versions get increasing ids; the first keeps the default alias unless a new one asks for it', async () => {
    const name = await uploadModel(clients);
    assert.equal(await uploadVersion(name), `${name}@2`);
    assert.equal(await uploadVersion(name, { versionAliases: ['default', 'candidate'] }), `${name}@3`);
    const [first] = await clients.models.getModel({ name: `${name}@1` });
    assert.deepEqual(first.versionAliases, []);
    const [current] = await clients.models.getModel({ name });
    assert.equal(current.versionId, '3');
    const [byAlias] = await clients.models.getModel({ name: `${name}@candidate` });
    assert.equal(byAlias.versionId, '3');
  });

  it('a version under a parent that does not exist is NOT_FOUND; model_id with parent_model is refused', async () => {
    const missing = `${PARENT}/models/404`;
    const error = await rejection(clients.models.uploadModel({ parent: PARENT, parentModel: missing, model: modelSpec() }));
    assert.equal(error.code, status.NOT_FOUND);
    assert.match(error.details, /Parent model .*models\/404/);
    const name = await uploadModel(clients);
    const both = await rejection(clients.models.uploadModel({ parent: PARENT, parentModel: name, modelId: 'x', model: modelSpec() }));
    assert.equal(both.code, status.INVALID_ARGUMENT);
  });

  it('a malformed version alias is INVALID_ARGUMENT naming it', async () => {
    const name = await uploadModel(clients);
    const error = await rejection(clients.models.uploadModel({ parent: PARENT, parentModel: name, model: modelSpec({ versionAliases: ['2nd'] }) }));
    assert.equal(error.code, status.INVALID_ARGUMENT);
    assert.match(error.details, /"2nd"/);
  });

  it('ListModelVersions lists every version, filters on labels and pages; ListModels still lists the model once', async () => {
    const name = await uploadModel(clients, { labels: { run: 'a' } });
    await uploadVersion(name, { labels: { run: 'b' } });
    await uploadVersion(name, { labels: { run: 'a' } });
    const [all] = await clients.models.listModelVersions({ name, pageSize: 2 });
    assert.deepEqual(all.map((m) => m.versionId), ['1', '2', '3']);
    const [runA] = await clients.models.listModelVersions({ name, filter: 'labels.run="a"' });
    assert.deepEqual(runA.map((m) => m.versionId), ['1', '3']);
    const [models] = await clients.models.listModels({ parent: PARENT });
    assert.equal(models.length, 1);
    const unknown = await rejection(clients.models.listModelVersions({ name: `${PARENT}/models/404` }));
    assert.equal(unknown.code, status.NOT_FOUND);
  });

  it('UpdateModel of labels on a versioned name changes that version only', async () => {
    const name = await uploadModel(clients, { labels: { run: 'a' } });
    const second = await uploadVersion(name, { labels: { run: 'b' } });
    await clients.models.updateModel({ model: { name: second, labels: { run: 'c' } }, updateMask: { paths: ['labels'] } });
    const [v1] = await clients.models.getModel({ name: `${name}@1` });
    const [v2] = await clients.models.getModel({ name: second });
    assert.deepEqual(v1.labels, { run: 'a' });
    assert.deepEqual(v2.labels, { run: 'c' });
  });

  it('UpdateModel: model fields need the plain name, version fields a versioned one (FAILED_PRECONDITION otherwise)', async () => {
    const name = await uploadModel(clients, { description: 'model' });
    const second = await uploadVersion(name);
    const modelFieldOnVersion = await rejection(
      clients.models.updateModel({ model: { name: second, description: 'x' }, updateMask: { paths: ['description'] } }),
    );
    assert.equal(modelFieldOnVersion.code, status.FAILED_PRECONDITION);
    assert.match(modelFieldOnVersion.details, /"description" is a model field .* names a version/);
    const versionFieldOnModel = await rejection(
      clients.models.updateModel({ model: { name, versionDescription: 'x' }, updateMask: { paths: ['version_description'] } }),
    );
    assert.equal(versionFieldOnModel.code, status.FAILED_PRECONDITION);
    const [updated] = await clients.models.updateModel({ model: { name: second, versionDescription: 'v2 notes' }, updateMask: { paths: ['version_description'] } });
    assert.equal(updated.versionDescription, 'v2 notes');
    assert.equal((await clients.models.getModel({ name: `${name}@1` }))[0].versionDescription, '');
    await clients.models.updateModel({ model: { name: `${name}@-`, displayName: 'renamed' }, updateMask: { paths: ['display_name'] } });
    for (const version of ['1', '2']) assert.equal((await clients.models.getModel({ name: `${name}@${version}` }))[0].displayName, 'renamed');
  });

  it('DeleteModelVersion is a long-running operation; the version is gone, the model and its default stay', async () => {
    const name = await uploadModel(clients);
    const second = await uploadVersion(name);
    const [operation] = await clients.models.deleteModelVersion({ name: second });
    assert.equal(operation.done, false);
    await operation.promise();
    assert.equal((await rejection(clients.models.getModel({ name: second }))).code, status.NOT_FOUND);
    const [versions] = await clients.models.listModelVersions({ name });
    assert.deepEqual(versions.map((m) => m.versionId), ['1']);
    assert.equal((await clients.models.getModel({ name }))[0].versionId, '1');
  });

  it('MergeVersionAliases moves the default alias and refuses to remove it', async () => {
    const name = await uploadModel(clients);
    const second = await uploadVersion(name);
    const [merged] = await clients.models.mergeVersionAliases({ name: second, versionAliases: ['default', 'golden'] });
    assert.deepEqual(merged.versionAliases, ['default', 'golden']);
    assert.equal((await clients.models.getModel({ name }))[0].versionId, '2');
    const [operation] = await clients.models.deleteModelVersion({ name: `${name}@1` });
    await operation.promise();
    const removeDefault = await rejection(clients.models.mergeVersionAliases({ name: second, versionAliases: ['-default'] }));
    assert.equal(removeDefault.code, status.INVALID_ARGUMENT);
    assert.match(removeDefault.details, /cannot be removed, only moved/);
  });

  it('DeleteModelVersion of an unknown version or model is NOT_FOUND; a name without version is INVALID_ARGUMENT', async () => {
    const name = await uploadModel(clients);
    assert.equal((await rejection(clients.models.deleteModelVersion({ name: `${name}@7` }))).code, status.NOT_FOUND);
    assert.equal((await rejection(clients.models.deleteModelVersion({ name: `${PARENT}/models/404@2` }))).code, status.NOT_FOUND);
    const noVersion = await rejection(clients.models.deleteModelVersion({ name }));
    assert.equal(noVersion.code, status.INVALID_ARGUMENT);
    assert.match(noVersion.details, /use DeleteModel/);
  });
});
