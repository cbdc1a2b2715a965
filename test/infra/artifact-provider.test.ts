// The ModelArtifact provider against the GCS emulator with the real @google-cloud/storage client: uploads only
// when the digest is new, keeps the last N artifacts and never the current one, and diffs by digest only.
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { startGcsEmulator, type GcsEmulator } from '../../local/emulator/gcs/server';
import { createArtifactProvider, type ModelArtifactOutputs } from '../../infra/artifact-provider';
import { fakeArtifactInputs, fakeExport as fakeExportIn, type FakeExport } from './helpers/fake-export';

const BUCKET = 'stack-bucket';
let emulator: GcsEmulator;
let storage: Storage;
let work: string;
const provider = () => createArtifactProvider({ storage: () => storage });

const fakeExport = (content: string) => fakeExportIn(work, content);
const inputs = (exp: FakeExport, keep?: number) => fakeArtifactInputs(BUCKET, exp, keep);

async function objectNames(): Promise<string[]> {
  const [files] = await storage.bucket(BUCKET).getFiles({ prefix: 'models/' });
  return files.map((f) => f.name).sort();
}

const uploadsSeen = () => emulator.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).length;

before(async () => {
  emulator = await startGcsEmulator();
  storage = new Storage({ apiEndpoint: emulator.url, projectId: 'test-project' });
  await storage.createBucket(BUCKET);
  work = await mkdtemp(join(tmpdir(), 'artifact-provider-'));
});
after(async () => {
  await emulator.close();
  await rm(work, { recursive: true, force: true });
});

describe('diff', () => {
  it('same digest from another folder: no diff (no upload on preview or up)', async () => {
    const a = await fakeExport('model A');
    const olds = { ...inputs(a), localDir: '/ci/runner/.cache/x' } as ModelArtifactOutputs;
    assert.deepEqual(await provider().diff('id', olds, inputs(a)), { changes: false, replaces: [], deleteBeforeReplace: false });
  });
  it('new digest: in-place update (old → new), not a replace', async () => {
    const a = await fakeExport('model A');
    const b = await fakeExport('model B');
    assert.deepEqual(await provider().diff('id', inputs(a) as ModelArtifactOutputs, inputs(b)), { changes: true, replaces: [], deleteBeforeReplace: false });
  });
  it('another bucket: replace', async () => {
    const a = await fakeExport('model A');
    const diff = await provider().diff('id', inputs(a) as ModelArtifactOutputs, { ...inputs(a), bucket: 'other' });
    assert.deepEqual(diff.replaces, ['bucket']);
  });
  it('check names the bad field and value', async () => {
    const a = await fakeExport('model A');
    const result = await provider().check({}, { ...inputs(a), digest: 'abc', keep: 0 });
    assert.deepEqual(result.failures?.map((f) => f.reason), [
      'digest: "abc" is not an artifact digest; allowed: 64 lowercase hex characters',
      'keep: 0 is not a count of artifacts; allowed: a whole number ≥ 1, or absent to keep all',
    ]);
  });
});

describe('lifecycle against the GCS emulator', () => {
  it('create uploads the files under models/use-lite/<digest>/, manifest last', async () => {
    const a = await fakeExport('model A');
    const before = uploadsSeen();
    const { id, outs } = await provider().create(inputs(a, 2));
    assert.equal(id, `gs://${BUCKET}/models/use-lite`);
    assert.equal(outs!.uri, `gs://${BUCKET}/models/use-lite/${a.digest}/`);
    assert.equal(outs!.uploadedObjects, 2);
    assert.equal(uploadsSeen() - before, 2);
    assert.deepEqual(await objectNames(), [`models/use-lite/${a.digest}/export-manifest.json`, `models/use-lite/${a.digest}/saved_model.pb`]);
    const lastUpload = emulator.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).at(-1)!;
    assert.match(decodeURIComponent(lastUpload.query), /export-manifest\.json/);
  });

  it('update with the same digest uploads nothing; new digests upload and prune beyond keep, never the current', async () => {
    const a = await fakeExport('model A');
    const b = await fakeExport('model B');
    const c = await fakeExport('model C');
    const p = provider();
    const created = (await p.create(inputs(a, 2))).outs!;
    let uploads = uploadsSeen();
    const same = (await p.update('id', created, inputs(a, 2))).outs!;
    assert.equal(same.uploadedObjects, 0);
    assert.equal(uploadsSeen(), uploads);

    const toB = (await p.update('id', same, inputs(b, 2))).outs!;
    assert.equal(toB.uploadedObjects, 2);
    assert.deepEqual(toB.history, [b.digest, a.digest]);
    assert.deepEqual(toB.prunedDigests, []);

    uploads = uploadsSeen();
    const toC = (await p.update('id', toB, inputs(c, 2))).outs!;
    assert.equal(uploadsSeen() - uploads, 2);
    assert.deepEqual(toC.history, [c.digest, b.digest]);
    assert.deepEqual(toC.prunedDigests, [a.digest]);
    const names = await objectNames();
    assert.equal(names.filter((n) => n.includes(a.digest)).length, 0);
    assert.equal(names.filter((n) => n.includes(b.digest)).length, 2);
    assert.equal(names.filter((n) => n.includes(c.digest)).length, 2);

    // keep 1 while going back to B: C is beyond keep but the registered model still runs on it until the model is
    // replaced after this update (which may fail), so C stays this time; the next artifact change prunes it.
    const backToB = (await p.update('id', toC, inputs(b, 1))).outs!;
    assert.equal(backToB.uploadedObjects, 0);
    assert.deepEqual(backToB.history, [b.digest, c.digest]);
    assert.deepEqual(backToB.prunedDigests, []);
    assert.equal((await objectNames()).filter((n) => n.includes(c.digest)).length, 2);

    // On to A again: C goes now; B (the model's until it is replaced) stays; A is current.
    const toA = (await p.update('id', backToB, inputs(a, 1))).outs!;
    assert.deepEqual(toA.history, [a.digest, b.digest]);
    assert.deepEqual(toA.prunedDigests, [c.digest]);
    const left = await objectNames();
    assert.equal(left.filter((n) => n.includes(c.digest)).length, 0);
    assert.equal(left.filter((n) => n.includes(b.digest)).length, 2);
    assert.equal(left.filter((n) => n.includes(a.digest)).length, 2);

    await p.delete('id', toA);
    assert.deepEqual(await objectNames(), []);
  });

  it('without keep (prod default) nothing is ever deleted, not even on delete', async () => {
    const d = await fakeExport('model D');
    const e = await fakeExport('model E');
    const p = provider();
    const created = (await p.create(inputs(d))).outs!;
    const updated = (await p.update('id', created, inputs(e))).outs!;
    assert.deepEqual(updated.prunedDigests, []);
    await p.delete('id', updated);
    const names = await objectNames();
    assert.equal(names.filter((n) => n.includes(d.digest) || n.includes(e.digest)).length, 4);
  });

  it('read: present while the manifest is in the bucket, gone once the artifact was deleted out of band', async () => {
    const f = await fakeExport('model F');
    const p = provider();
    const { id, outs } = await p.create(inputs(f, 1));
    assert.deepEqual(await p.read(id, outs!), { id, props: outs });
    await storage.bucket(BUCKET).file(`models/use-lite/${f.digest}/export-manifest.json`).delete();
    assert.deepEqual(await p.read(id, outs!), {});
  });

  it('a local folder holding another export is refused before any upload', async () => {
    const a = await fakeExport('model A');
    const b = await fakeExport('model B');
    const uploads = uploadsSeen();
    await assert.rejects(provider().create({ ...inputs(a), localDir: b.dir }), new RegExp(`holds digest ${b.digest}, the stack declared ${a.digest}`));
    assert.equal(uploadsSeen(), uploads);
  });
});
