// declareNotebookPrediction under Pulumi mocks: the model registration, the notebook's two jobs and their input
// files, wired to the bucket, the service account and the hardware settings; and the jobs pass the provider's check.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import * as pulumi from '@pulumi/pulumi';
import { checkBatchJobInputs } from '../../../infra/vertex/batch-job-inputs';
import { installMocks, type Registration, TYPES } from '../helpers/mock-stack';

const { MODEL: MODEL_TYPE, JOB: JOB_TYPE, OBJECT: OBJECT_TYPE } = TYPES;

describe('declareNotebookPrediction under mocks', () => {
  let registrations: Registration[];
  before(async () => {
    registrations = await installMocks({ stack: 'dev', config: {} });
    // Loaded after the mocks are installed, as a program would be.
    const { declareNotebookPrediction } = require('../../../jobs/declare') as typeof import('../../../jobs/declare');
    const declared = declareNotebookPrediction({
      project: 'my-embeddings-dev',
      region: 'us-central1',
      namePrefix: 'use-91c075',
      bucketName: pulumi.output('use-embeddings-91c075'),
      predictionOutputPrefix: 'predictions/',
      serviceAccountEmail: pulumi.output('use-batch-91c075@my-embeddings-dev.iam.gserviceaccount.com'),
      artifactUri: pulumi.output('gs://use-embeddings-91c075/models/sha256-abc/'),
      servingImageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest',
      hardware: { machineType: 'n1-standard-4', startingReplicaCount: 1, maxReplicaCount: 1, batchSize: 64 },
      labels: { app: 'vertex-embeddings', environment: 'dev' },
    });
    await new Promise((resolve) => pulumi.all(Object.values(declared.jobs).map((job) => job.urn)).apply(resolve));
    await pulumi.runtime.disconnect();
  });

  const ofType = (type: string) => registrations.filter((r) => r.type === type);

  it('registers one model from the artifact with the serving image', () => {
    const [model] = ofType(MODEL_TYPE);
    assert.equal(ofType(MODEL_TYPE).length, 1);
    assert.equal(model.inputs.artifactUri, 'gs://use-embeddings-91c075/models/sha256-abc/');
    assert.equal(model.inputs.imageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest');
    assert.equal(model.inputs.region, 'us-central1');
    assert.equal(model.inputs.displayName, 'use-91c075-use-lite');
    assert.ok(model.inputs.__provider, 'carries the serialized provider');
  });

  it('declares the notebook\'s two jobs: JSONL of quoted sentences and a file list of text files', () => {
    const jobs = Object.fromEntries(ofType(JOB_TYPE).map((j) => [j.name, j.inputs]));
    assert.deepEqual(Object.keys(jobs).sort(), ['job-sentences-file-list', 'job-sentences-jsonl']);
    const jsonl = jobs['job-sentences-jsonl'];
    assert.equal(jsonl.instancesFormat, 'jsonl');
    assert.deepEqual(jsonl.gcsSourceUris, ['gs://use-embeddings-91c075/inputs/test.jsonl']);
    const fileList = jobs['job-sentences-file-list'];
    assert.equal(fileList.instancesFormat, 'file-list');
    assert.deepEqual(fileList.gcsSourceUris, ['gs://use-embeddings-91c075/inputs/test.txt']);
    for (const job of [jsonl, fileList]) {
      assert.equal(job.predictionsFormat, 'jsonl');
      assert.equal(job.serviceAccount, 'use-batch-91c075@my-embeddings-dev.iam.gserviceaccount.com');
      assert.equal(job.machineType, 'n1-standard-4');
      assert.equal(job.manualBatchSize, 64);
      assert.equal(job.startingReplicaCount, 1);
      assert.match(job.gcsDestinationPrefix, /^gs:\/\/use-embeddings-91c075\/predictions\/sentences-(jsonl|file-list)$/);
      assert.match(job.resourceKey, /^urn:pulumi:dev::vertex-embeddings::pulumi-nodejs:dynamic\/vertex:BatchPredictionJob::job-sentences-/);
      assert.equal(job.labels.environment, 'dev');
    }
  });

  it('uploads the input files with the notebook\'s content, the file list naming gs:// text files', () => {
    // @pulumi/gcp marks BucketObject.content secret: unwrap the secret envelope the engine would see.
    const files = Object.fromEntries(ofType(OBJECT_TYPE).map((o) => [o.inputs.name, o.inputs.content.value]));
    assert.deepEqual(files, {
      'inputs/test.jsonl': '"the quick brown fox jumps over the lazy dog"\n"one two"\n',
      'inputs/test1.txt': '"the quick brown fox jumps over the lazy dog"\n',
      'inputs/test2.txt': '"search Google or type an Url"\n',
      'inputs/test.txt': 'gs://use-embeddings-91c075/inputs/test1.txt\ngs://use-embeddings-91c075/inputs/test2.txt\n',
    });
  });

  it('each job depends on its input files and on the model', () => {
    const urnOf = (name: string) => registrations.find((r) => r.inputs.name === name)!.urn;
    const model = ofType(MODEL_TYPE)[0].urn;
    const fileList = ofType(JOB_TYPE).find((j) => j.name === 'job-sentences-file-list')!;
    for (const file of ['inputs/test.txt', 'inputs/test1.txt', 'inputs/test2.txt']) assert.ok(fileList.dependencies.includes(urnOf(file)), file);
    assert.ok(fileList.dependencies.includes(model));
  });

  it('the declared jobs pass the provider\'s check (as the model name would be known at run time)', () => {
    for (const job of ofType(JOB_TYPE)) {
      const inputs = { ...job.inputs, model: 'projects/my-embeddings-dev/locations/us-central1/models/1@1' };
      assert.deepEqual(checkBatchJobInputs(inputs as never), []);
    }
  });
});
