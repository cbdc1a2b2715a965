// The resource graph from export to jobs under mocks, and what a preview would show: an unchanged artifact is no
// diff anywhere; a changed one is an in-place artifact update whose new URI replaces the model, then the jobs
// (the providers' own diff functions decide, fed with the inputs the program registered).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { cp, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createArtifactProvider } from '../../infra/artifact-provider';
import { createModelProvider } from '../../infra/vertex/model-provider';
import { createBatchJobProvider } from '../../infra/vertex/batch-job-provider';
import { defaultPrepareOptions } from '../../infra/artifact-options';
import { prepareModelArtifact } from '../../infra/artifact-export';
import { type MockRun, one, ofType, runUnderMocks, stackFileConfig, type Registration, TYPES } from './helpers/mock-stack';

const ROOT = join(__dirname, '..', '..');
const { ARTIFACT, MODEL, JOB } = TYPES;
const program = () => require('../../infra/index') as () => Promise<Record<string, unknown>>;
const devConfig = (model: Record<string, unknown>) => ({ ...stackFileConfig(join(ROOT, 'Pulumi.dev.yaml')), 'vertex-embeddings:model': JSON.stringify(model) });
const run = (model: Record<string, unknown>) => runUnderMocks({ stack: 'dev', config: devConfig(model), load: async () => program() });

/** Inputs as a provider sees them: registered inputs without the serialized provider. */
function plain(r: Registration): any {
  const { __provider: _p, ...rest } = r.inputs;
  return rest;
}

let work: string;
let fixture: MockRun;
before(async () => {
  work = await mkdtemp(join(tmpdir(), 'stack-pipeline-'));
  fixture = await run({ source: 'fixture' });
});
after(() => rm(work, { recursive: true, force: true }));

describe('graph: export → artifact → model → jobs', () => {
  it('the model registers the artifact folder with the CPU serving image', () => {
    const artifact = one(fixture, ARTIFACT);
    const model = one(fixture, MODEL);
    assert.equal(model.inputs.artifactUri, `gs://${artifact.inputs.bucket}/models/use-lite/${artifact.inputs.digest}/`);
    assert.equal(model.inputs.imageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
    assert.ok(model.dependencies.includes(artifact.urn), 'model depends on the artifact');
  });

  it('Vertex reads the artifact only after its bucket grant exists (model depends on the agent IAM members)', () => {
    const agentGrants = ofType(fixture, 'gcp:storage/bucketIAMMember:BucketIAMMember').filter((g) => g.name.includes('vertex-agent'));
    assert.equal(agentGrants.length, 3); // objectViewer, objectCreator, legacyBucketReader (storage.buckets.get)
    for (const grant of agentGrants) assert.ok(one(fixture, MODEL).dependencies.includes(grant.urn), grant.name);
  });

  it("both notebook jobs run the registered version as the stack's service account, writing under predictions/", () => {
    const jobs = ofType(fixture, JOB);
    assert.deepEqual(jobs.map((j) => j.name).sort(), ['job-sentences-file-list', 'job-sentences-jsonl']);
    const model = one(fixture, MODEL);
    for (const job of jobs) {
      assert.equal(job.inputs.model, `projects/my-embeddings-dev/locations/us-central1/models/${model.inputs.displayName}@1`);
      assert.match(job.inputs.serviceAccount, /^use-batch-[0-9a-f]{6}@my-embeddings-dev\.iam\.gserviceaccount\.com$/);
      assert.match(job.inputs.gcsDestinationPrefix, /^gs:\/\/my-embeddings-dev-use-[0-9a-f]{6}\/predictions\//);
      assert.ok(job.dependencies.includes(model.urn));
    }
  });

  it('outputs: artifact, model version, and each job by its Pulumi resource name', () => {
    const jobs = fixture.outputs.predictionJobs as Record<string, { resourceName: string }>;
    assert.deepEqual(Object.values(jobs).map((j) => j.resourceName).sort(), ['job-sentences-file-list', 'job-sentences-jsonl']);
    assert.match(String(fixture.outputs.modelName), /@1$/);
    assert.equal(fixture.outputs.modelVersionId, '1');
    assert.match(String(fixture.outputs.artifactUri), /^gs:\/\/.*\/models\/use-lite\/[0-9a-f]{64}\/$/);
  });

  it('registration: version adds one parent model and registers the artifact as a version under it', async () => {
    const versioned = await run({ source: 'fixture', registration: 'version' });
    const models = ofType(versioned, MODEL);
    assert.equal(models.length, 2);
    const parent = models.find((m) => m.name === 'model-parent')!;
    const child = models.find((m) => m.name !== 'model-parent')!;
    assert.equal(child.inputs.parentModel, `projects/my-embeddings-dev/locations/us-central1/models/${parent.inputs.displayName}`);
    assert.equal(parent.inputs.artifactUri, child.inputs.artifactUri);
  });
});

describe('what preview would show', () => {
  it('unchanged artifact: a second evaluation registers identical inputs and no provider reports a change', async () => {
    const again = await run({ source: 'fixture' });
    const artifactDiff = await createArtifactProvider().diff('id', plain(one(fixture, ARTIFACT)), plain(one(again, ARTIFACT)));
    assert.equal(artifactDiff.changes, false);
    const modelDiff = await createModelProvider().diff('id', plain(one(fixture, MODEL)), plain(one(again, MODEL)));
    assert.equal(modelDiff.changes, false);
  });

  it('changed artifact: artifact updated in place (old → new digest), model replaced, then every job replaced', async () => {
    // A source folder whose bytes differ from the fixture → a different export → a different digest.
    const source = join(work, 'changed-source');
    const fixtureSource = join(defaultPrepareOptions(() => {}).fixtureDir, '20241125');
    await prepareModelArtifact({ source: 'fixture', registration: 'replace' }, defaultPrepareOptions(() => {}));
    await cp(fixtureSource, source, { recursive: true });
    // Other weights: one float in the middle of shard 2 nudged (the graph and vocabulary stay valid).
    const shard = join(source, 'group1-shard2of7');
    const bytes = await readFile(shard);
    bytes.writeFloatLE(bytes.readFloatLE(2_000_000) + 0.25, 2_000_000);
    await writeFile(shard, bytes);
    const changed = await run({ source: 'folder', folder: source });

    const oldArtifact = plain(one(fixture, ARTIFACT));
    const newArtifact = plain(one(changed, ARTIFACT));
    assert.notEqual(newArtifact.digest, oldArtifact.digest);
    assert.deepEqual(await createArtifactProvider().diff('id', oldArtifact, newArtifact), { changes: true, replaces: [], deleteBeforeReplace: false });

    const oldModel = plain(one(fixture, MODEL));
    const newModel = plain(one(changed, MODEL));
    assert.equal(newModel.artifactUri, `gs://${newArtifact.bucket}/models/use-lite/${newArtifact.digest}/`);
    const modelDiff = await createModelProvider().diff('id', oldModel, newModel);
    assert.ok(modelDiff.replaces?.includes('artifactUri'), JSON.stringify(modelDiff));

    // A replaced model has a new resource name; the jobs take it as `model` and must be replaced too.
    for (const job of ofType(fixture, JOB)) {
      const olds = plain(job);
      const news = { ...olds, model: olds.model.replace(/@1$/, '@2') };
      const jobDiff = await createBatchJobProvider().diff('id', olds, news);
      assert.ok(jobDiff.replaces?.includes('model'), `${job.name}: ${JSON.stringify(jobDiff)}`);
    }
  });
});
