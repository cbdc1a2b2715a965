import { after, before, beforeEach, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ManualClock } from '../../local/emulator/clock';
import { createJob, type EmulatorWithClients, modelSpec, PARENT, rejection, startWithClients, uploadModel } from './vertex-clients';

describe('Vertex emulator: model versions with the real ModelServiceClient', () => {
  let clients: EmulatorWithClients;
  const clock = new ManualClock();

  before(async () => {
    clients = await startWithClients({ clock, jobPhaseMs: { queued: 1000, pending: 1000, running: 60_000 } });
  });
  after(() => clients.close());
  beforeEach(() => clients.emulator.reset());

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

  it('DeleteModelVersion of the default version (by id, alias or as the only version) is FAILED_PRECONDITION', async () => {
    const name = await uploadModel(clients);
    for (const target of [`${name}@1`, `${name}@default`]) {
      const error = await rejection(clients.models.deleteModelVersion({ name: target }));
      assert.equal(error.code, status.FAILED_PRECONDITION);
      assert.match(error.details, /is the default version of model .* cannot be deleted/);
    }
    await uploadVersion(name);
    assert.equal((await clients.models.getModel({ name }))[0].versionId, '1', 'the refused delete changed nothing');
  });

  it('MergeVersionAliases moves the default alias (the old default can then be deleted) and refuses to remove it', async () => {
    const name = await uploadModel(clients);
    const second = await uploadVersion(name);
    const [merged] = await clients.models.mergeVersionAliases({ name: second, versionAliases: ['default', 'golden'] });
    assert.deepEqual(merged.versionAliases, ['default', 'golden']);
    assert.equal((await clients.models.getModel({ name }))[0].versionId, '2');
    const refused = await rejection(clients.models.deleteModelVersion({ name: second }));
    assert.equal(refused.code, status.FAILED_PRECONDITION);
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

  it('DeleteModelVersion of a version an unfinished job runs is FAILED_PRECONDITION; other versions can go', async () => {
    const name = await uploadModel(clients);
    const second = await uploadVersion(name);
    const third = await uploadVersion(name);
    const job = await createJob(clients, second);
    const error = await rejection(clients.models.deleteModelVersion({ name: second }));
    assert.equal(error.code, status.FAILED_PRECONDITION);
    assert.ok(error.details.includes(job), error.details);
    const [operation] = await clients.models.deleteModelVersion({ name: third });
    await operation.promise();
  });
});
