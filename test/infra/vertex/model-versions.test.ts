// ModelProvider with parentModel (model.registration: version) against the emulator: a version is created,
// read, updated, adopted after a lost answer and deleted with DeleteModelVersion.
import { after, afterEach, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { status } from '@grpc/grpc-js';
import { ModelProvider, type VertexModelInputs } from '../../../infra/vertex/model-provider';
import type { VertexClients } from '../../../infra/vertex/client';
import { type Fixture, failureOf, modelInputs, startFixture } from './fixture';

const urn = (name: string) => `urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic/vertex:Model::${name}`;

describe('ModelProvider: versions under a parent model', () => {
  let f: Fixture;
  let clients: VertexClients;
  before(async () => {
    f = await startFixture();
    clients = f.deps.clients('us-central1');
  });
  after(async () => {
    await clients.close();
    await f.close();
  });
  afterEach(() => f.emulator.faults.reset());

  /** A parent model registered through the provider, as the stack's `model-parent` resource does. */
  async function parentModel(name: string): Promise<string> {
    const { outs } = await f.models.create(modelInputs({ displayName: name, description: 'parent model', resourceKey: urn(`${name}-parent`) }));
    return outs!.name;
  }
  const versionInputs = (parent: string, name: string, overrides: Partial<VertexModelInputs> = {}) =>
    modelInputs({ displayName: name, parentModel: parent, resourceKey: urn(name), artifactUri: `gs://test-bucket/models/${name}/v2`, ...overrides });
  const versionIds = async (parent: string) => (await clients.models.listModelVersions({ name: parent }))[0].map((m) => m.versionId);

  it('create → read → update → delete: a new version, its own labels, DeleteModelVersion; the parent stays', async () => {
    const parent = await parentModel('lifecycle');
    const inputs = versionInputs(parent, 'lifecycle');
    const { id, outs } = await f.models.create(inputs);
    assert.equal(id, `${parent}@2`);
    assert.equal(outs!.name, parent);
    assert.equal(outs!.versionId, '2');
    assert.equal(outs!.versionName, id);

    const read = await f.models.read(id, outs);
    assert.equal(read.id, id);
    assert.equal(read.props!.artifactUri, 'gs://test-bucket/models/lifecycle/v2');
    assert.deepEqual(read.props!.labels, { app: 'embeddings' });

    const news = { ...inputs, description: 'artifact v2', labels: { app: 'embeddings', stage: 'prod' } };
    const before = f.count('UpdateModel');
    const { outs: updated } = await f.models.update(id, outs!, news);
    const requests = f.emulator.calls.filter((c) => c.method === 'UpdateModel').slice(before).map((c) => c.request as any);
    assert.deepEqual(requests.map((r) => [r.model.name, r.updateMask.paths]), [[`${parent}@2`, ['version_description', 'labels']]]);
    assert.equal(updated!.versionId, '2');
    const reread = (await f.models.read(id, updated)).props!;
    assert.deepEqual(reread.labels, { app: 'embeddings', stage: 'prod' });
    assert.equal(reread.description, 'artifact v2');
    const [parentVersion] = await clients.models.getModel({ name: `${parent}@1` });
    assert.equal(parentVersion.labels?.stage, undefined, "the parent's version keeps its own labels");
    assert.equal(parentVersion.description, 'parent model', "the parent's description is untouched");
    assert.match(String(parentVersion.labels?.['pulumi-resource']), /^[0-9a-f]{40}$/, "the parent's adoption label survives");
    assert.equal((await f.models.diff(id, updated!, news)).changes, false);

    const deletes = f.count('DeleteModel');
    await f.models.delete(id, updated!);
    assert.equal(f.count('DeleteModel'), deletes, 'never DeleteModel for a version');
    assert.deepEqual(await versionIds(parent), ['1']);
    assert.equal((await f.models.read(id, updated)).id, '', 'read: the version is gone');
    await f.models.delete(id, updated!); // NOT_FOUND = already gone
  });

  it('a lost UploadModel answer for a version: adopted through ListModelVersions, one version registered', async () => {
    const parent = await parentModel('lost-version');
    f.emulator.faults.dropResponse('UploadModel');
    const uploads = f.count('UploadModel');
    const { id, outs } = await f.models.create(versionInputs(parent, 'lost-version'));
    assert.equal(f.count('UploadModel') - uploads, 1, 'not uploaded twice');
    assert.deepEqual(await versionIds(parent), ['1', '2']);
    assert.equal(id, `${parent}@2`);
    assert.equal(outs!.versionId, '2');
    const listed = f.emulator.calls
      .filter((c) => c.method === 'ListModelVersions' && (c.request as { filter?: string }).filter)
      .at(-1)!.request as { name: string; filter: string };
    assert.equal(listed.name, parent);
    assert.match(listed.filter, /^labels\.pulumi-resource="[0-9a-f]{40}"$/);
    assert.ok(f.logs.some((line) => line.includes(`adopting ${parent}@2`)));
  });

  it('a run interrupted after the version upload: the next run adopts it instead of registering a twin', async () => {
    const parent = await parentModel('interrupted-version');
    const inputs = versionInputs(parent, 'interrupted-version');
    const crashing = new ModelProvider({ ...f.deps, log: (line) => { if (line.includes('registered')) throw new Error('SIGKILL'); } });
    await failureOf(crashing.create(inputs));
    const uploads = f.count('UploadModel');
    const { id } = await f.models.create(inputs);
    assert.equal(f.count('UploadModel'), uploads, 'no second UploadModel');
    assert.equal(id, `${parent}@2`);
    assert.deepEqual(await versionIds(parent), ['1', '2']);
  });

  it('the same resource under another parent is not adopted from the first parent', async () => {
    const first = await parentModel('parent-a');
    const second = await parentModel('parent-b');
    await f.models.create(versionInputs(first, 'moved-version'));
    const { id } = await f.models.create(versionInputs(second, 'moved-version'));
    assert.equal(id, `${second}@2`);
    assert.deepEqual(await versionIds(second), ['1', '2']);
  });

  it('an upload that failed before taking effect is retried and registers one version', async () => {
    const parent = await parentModel('retried-version');
    f.emulator.faults.failNext('UploadModel', status.UNAVAILABLE, 'connection reset');
    const uploads = f.count('UploadModel');
    const { id } = await f.models.create(versionInputs(parent, 'retried-version'));
    assert.equal(f.count('UploadModel') - uploads, 2);
    assert.equal(id, `${parent}@2`);
    assert.deepEqual(await versionIds(parent), ['1', '2']);
  });

  it("delete of a version that became the parent's default removes it; the parent keeps a default (model_service.proto: only the last version is refused)", async () => {
    const parent = await parentModel('promoted');
    const { id, outs } = await f.models.create(versionInputs(parent, 'promoted'));
    await clients.models.mergeVersionAliases({ name: id, versionAliases: ['default'] }); // "Set as default" in the console
    await f.models.delete(id, outs!);
    assert.deepEqual(await versionIds(parent), ['1']);
    assert.equal((await clients.models.getModel({ name: parent }))[0].versionId, '1');
  });

  it("read of a version reports its own labels, not those it inherits from the parent model (Vertex merges both)", async () => {
    const parent = await parentModel('inherits');
    await clients.models.updateModel({ model: { name: parent, labels: { owner: 'other-team', app: 'embeddings' } }, updateMask: { paths: ['labels'] } });
    const { id, outs } = await f.models.create(versionInputs(parent, 'inherits'));
    const read = await f.models.read(id, outs);
    assert.deepEqual(read.props!.labels, outs!.labels ?? {});
    assert.equal((await f.models.diff(id, read.props!, versionInputs(parent, 'inherits'))).changes, false);
  });

  it('a version whose parent model is gone: the upload fails with NOT_FOUND naming the parent', async () => {
    const missing = 'projects/test-project/locations/us-central1/models/404';
    const error = await failureOf(f.models.create(versionInputs(missing, 'orphan')));
    assert.match(error.message, /models\/404/);
    assert.equal(f.emulator.calls.filter((c) => c.method === 'UploadModel' && (c.request as { parentModel?: string }).parentModel === missing).length, 1);
  });
});
