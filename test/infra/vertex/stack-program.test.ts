// The stack program (infra/index.ts) for the committed dev stack under mocks: the Vertex model registration and
// the notebook's two batch jobs are in it, wired to the artifact, the bucket, the job service account and the
// stack's machine settings, and ordered after the platform's IAM grants.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type BatchJobInputs, checkBatchJobInputs } from '../../../infra/vertex/batch-job-inputs';
import { type MockRun, one, ofType, runUnderMocks, stackFileConfig, TYPES } from '../helpers/mock-stack';

const ROOT = join(__dirname, '..', '..', '..');
const { MODEL, JOB, ARTIFACT, SA, BUCKET, BUCKET_IAM } = TYPES;

describe('dev stack program under mocks: Vertex model and notebook jobs', () => {
  let run: MockRun;
  before(async () => {
    run = await runUnderMocks({ stack: 'dev', config: stackFileConfig(join(ROOT, 'Pulumi.dev.yaml')), load: async () => require('../../../infra/index') });
  });

  it('registers the model from the uploaded artifact with the stack\'s serving image', () => {
    const model = one(run, MODEL);
    const artifact = one(run, ARTIFACT);
    assert.match(model.inputs.artifactUri, new RegExp(`^gs://${artifact.inputs.bucket}/`));
    assert.equal(model.inputs.imageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
    assert.equal(model.inputs.project, 'my-embeddings-dev');
    assert.equal(model.inputs.region, 'us-central1');
    assert.ok(model.dependencies.includes(artifact.urn));
  });

  it('declares the JSONL and file-list jobs on that model, the bucket, the job service account and n1-standard-4', () => {
    const jobs = ofType(run, JOB);
    assert.deepEqual(jobs.map((j) => j.name).sort(), ['job-sentences-file-list', 'job-sentences-jsonl']);
    const bucket = one(run, BUCKET).inputs.name;
    const sa = one(run, SA).inputs;
    const modelName = `projects/my-embeddings-dev/locations/us-central1/models/${one(run, MODEL).inputs.displayName}@1`;
    for (const job of jobs) {
      assert.equal(job.inputs.model, modelName);
      assert.equal(job.inputs.serviceAccount, `${sa.accountId}@my-embeddings-dev.iam.gserviceaccount.com`);
      assert.equal(job.inputs.machineType, 'n1-standard-4');
      assert.equal(job.inputs.manualBatchSize, 64);
      assert.equal(job.inputs.maxReplicaCount, 1);
      assert.ok(job.inputs.gcsSourceUris.every((uri: string) => uri.startsWith(`gs://${bucket}/inputs/`)));
      assert.ok(job.inputs.gcsDestinationPrefix.startsWith(`gs://${bucket}/predictions`));
      assert.deepEqual(checkBatchJobInputs(job.inputs as BatchJobInputs), [], 'the declared job passes the provider\'s check');
    }
    assert.equal(jobs.find((j) => j.name === 'job-sentences-file-list')!.inputs.instancesFormat, 'file-list');
    assert.equal(jobs.find((j) => j.name === 'job-sentences-jsonl')!.inputs.instancesFormat, 'jsonl');
  });

  it('runs the jobs only after the service account\'s bucket grants exist', () => {
    const grants = ofType(run, BUCKET_IAM).map((g) => g.urn);
    assert.ok(grants.length > 0);
    for (const job of ofType(run, JOB)) {
      for (const grant of grants) assert.ok(job.dependencies.includes(grant), `${job.name} depends on ${grant}`);
    }
  });

  it('exports the model version and each job\'s name, state and output directory', () => {
    assert.match(String(run.outputs.modelName), /^projects\/my-embeddings-dev\/locations\/us-central1\/models\/.+@1$/);
    assert.deepEqual(Object.keys(run.outputs.predictionJobs as object).sort(), ['sentences-file-list', 'sentences-jsonl']);
  });
});
