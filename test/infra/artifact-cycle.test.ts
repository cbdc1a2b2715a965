// create → change artifact → update → destroy through the provider code, against the GCS and Vertex emulators,
// driving the providers in the order the Pulumi engine would (diff, then create/update/delete of each resource).
// The Vertex emulator's executor is a stub that writes one result shard where Vertex would, so "outputs of earlier
// jobs survive" can be checked without running the model (the real executor has its own tests under test/local).
import { after, before, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { ManualClock } from '../../local/emulator/clock';
import { startGcsEmulator, type GcsEmulator } from '../../local/emulator/gcs/server';
import { startVertexEmulator, type JobExecutor, type VertexEmulator } from '../../local/emulator/vertex/server';
import { createArtifactProvider } from '../../infra/artifact-provider';
import { fakeArtifactInputs, fakeExport as fakeExportIn, type FakeExport } from './helpers/fake-export';
import { BatchJobProvider } from '../../infra/vertex/batch-job-provider';
import type { BatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { createVertexClients } from '../../infra/vertex/client';
import { ModelProvider, type VertexModelInputs } from '../../infra/vertex/model-provider';
import { POLL_BACKOFF, RETRY_BACKOFF } from '../../infra/vertex/wait';

const BUCKET = 'cycle-bucket';
const PROJECT = 'test-project';
const REGION = 'us-central1';
let gcs: GcsEmulator;
let vertex: VertexEmulator;
let storage: Storage;
let work: string;
let models: ModelProvider;
let jobs: BatchJobProvider;
const artifacts = () => createArtifactProvider({ storage: () => storage });

/** Writes one result shard into the job's output directory, as Vertex does. */
const stubExecutor: JobExecutor = {
  async run(job, ctx) {
    const [, bucket, ...rest] = /^gs:\/\/([^/]+)\/(.*)$/.exec(ctx.outputDir)!;
    await storage.bucket(bucket!).file(`${rest.join('/')}/prediction.results-00000-of-00001`).save(`{"instance":"one two","prediction":[0.1]}\n`);
    return { successfulCount: 1, failedCount: 0, outputDir: ctx.outputDir };
  },
};

const fakeExport = (content: string) => fakeExportIn(work, content);
const artifactInputs = (exp: FakeExport) => fakeArtifactInputs(BUCKET, exp, 3);
const modelInputs = (artifactUri: string): VertexModelInputs => ({
  providerVersion: 'test', project: PROJECT, region: REGION, displayName: 'use-cycle-use-lite', artifactUri,
  imageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest',
});
const jobInputs = (model: string): BatchJobInputs => ({
  providerVersion: 'test', resourceKey: 'urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic/vertex:BatchPredictionJob::job-sentences-jsonl',
  project: PROJECT, region: REGION, displayName: 'use-cycle-sentences-jsonl', model, instancesFormat: 'jsonl', predictionsFormat: 'jsonl',
  gcsSourceUris: [`gs://${BUCKET}/inputs/test.jsonl`], gcsDestinationPrefix: `gs://${BUCKET}/predictions/sentences-jsonl`,
  machineType: 'n1-standard-4', startingReplicaCount: 1, maxReplicaCount: 1,
});

const uploads = () => gcs.requests.filter((r) => r.method === 'POST' && r.path.startsWith('/upload/')).length;
async function names(prefix: string): Promise<string[]> {
  const [files] = await storage.bucket(BUCKET).getFiles({ prefix });
  return files.map((f) => f.name).sort();
}

before(async () => {
  gcs = await startGcsEmulator();
  storage = new Storage({ apiEndpoint: gcs.url, projectId: PROJECT });
  await storage.createBucket(BUCKET);
  await storage.bucket(BUCKET).file('inputs/test.jsonl').save('"the quick brown fox jumps over the lazy dog"\n"one two"\n');
  const clock = new ManualClock(Date.UTC(2026, 0, 1));
  vertex = await startVertexEmulator({ clock, executor: stubExecutor, jobPhaseMs: { queued: 1_000, pending: 1_000, running: 5_000 } });
  const deps = {
    clock,
    clients: (region: string) => createVertexClients(region, { VERTEX_EMULATOR_HOST: vertex.host }),
    log: () => {},
    pollBackoff: { ...POLL_BACKOFF, random: () => 0.5 },
    retryBackoff: { ...RETRY_BACKOFF, random: () => 0.5 },
  };
  models = new ModelProvider(deps);
  jobs = new BatchJobProvider(deps);
  work = await mkdtemp(join(tmpdir(), 'artifact-cycle-'));
});
after(async () => {
  await vertex.close();
  await gcs.close();
  await rm(work, { recursive: true, force: true });
});

it('create → unchanged up → changed artifact → destroy', async () => {
  const a = await fakeExport('artifact A');
  const b = await fakeExport('artifact B');

  // 1. pulumi up (create): artifact, model on its URI, one job that writes outputs.
  let before = uploads();
  const artifact1 = (await artifacts().create(artifactInputs(a))).outs!;
  assert.equal(uploads() - before, 2);
  const model1 = await models.create(modelInputs(artifact1.uri));
  const job1 = await jobs.create(jobInputs(model1.outs!.versionName));
  assert.equal(job1.outs!.state, 'JOB_STATE_SUCCEEDED');
  const job1Outputs = await names(job1.outs!.outputDirectory!.replace(`gs://${BUCKET}/`, ''));
  assert.equal(job1Outputs.length, 1);
  const upload1 = vertex.calls.find((c) => c.method === 'UploadModel')!.request as { model: { artifactUri: string } };
  assert.equal(upload1.model.artifactUri, `gs://${BUCKET}/models/use-lite/${a.digest}/`);

  // 2. pulumi up with the same export from another folder: no diff anywhere, nothing uploaded or registered.
  before = uploads();
  const callsBefore = vertex.calls.length;
  const sameFolder = { ...a, dir: join(work, 'elsewhere') };
  await mkdir(sameFolder.dir);
  assert.equal((await artifacts().diff('id', artifact1, artifactInputs(sameFolder))).changes, false);
  assert.equal((await models.diff(model1.id, model1.outs!, modelInputs(artifact1.uri))).changes, false);
  assert.equal((await jobs.diff(job1.id, job1.outs!, jobInputs(model1.outs!.versionName))).changes, false);
  assert.equal(uploads(), before);
  assert.equal(vertex.calls.length, callsBefore);

  // 3. changed artifact: artifact updated (upload B), model replaced (create new, then jobs, then delete old).
  assert.equal((await artifacts().diff('id', artifact1, artifactInputs(b))).changes, true);
  before = uploads();
  const artifact2 = (await artifacts().update('id', artifact1, artifactInputs(b))).outs!;
  assert.equal(uploads() - before, 2);
  assert.deepEqual(artifact2.history, [b.digest, a.digest]);
  const modelDiff = await models.diff(model1.id, model1.outs!, modelInputs(artifact2.uri));
  assert.ok(modelDiff.replaces?.includes('artifactUri'));
  const model2 = await models.create(modelInputs(artifact2.uri));
  const jobDiff = await jobs.diff(job1.id, job1.outs!, jobInputs(model2.outs!.versionName));
  assert.ok(jobDiff.replaces?.includes('model'));
  const job2 = await jobs.create(jobInputs(model2.outs!.versionName));
  assert.equal(job2.outs!.state, 'JOB_STATE_SUCCEEDED');
  assert.notEqual(job2.outs!.outputDirectory, job1.outs!.outputDirectory);
  await jobs.delete(job1.id, job1.outs!);
  await models.delete(model1.id, model1.outs!);
  // The replaced job's predictions are still there, next to the new job's.
  assert.deepEqual(await names(job1.outs!.outputDirectory!.replace(`gs://${BUCKET}/`, '')), job1Outputs);
  assert.equal((await names('predictions/')).length, 2);

  // 4. pulumi destroy: jobs, model, then the artifact (keep set: the stack's artifacts go); outputs stay.
  await jobs.delete(job2.id, job2.outs!);
  await models.delete(model2.id, model2.outs!);
  await artifacts().delete('id', artifact2);
  assert.deepEqual(await names('models/'), []);
  assert.equal((await names('predictions/')).length, 2);
  const deletes = vertex.calls.filter((c) => c.method === 'DeleteModel' || c.method === 'DeleteBatchPredictionJob').length;
  assert.equal(deletes, 4);
});
