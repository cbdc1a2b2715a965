// The program evaluated for a prod configuration under mocks: protection, versioning, no expiry, GPU defaults.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { type MockRun, one, ofType, runUnderMocks, toPulumiConfig, TYPES } from './helpers/mock-stack';

// sha256("my-embeddings-prod/prod") starts with these 6 hex characters (computed with `sha256sum`).
const PROD_SUFFIX = 'd2c9c4';
let run: MockRun;

before(async () => {
  const config = toPulumiConfig({
    'gcp:project': 'my-embeddings-prod',
    'gcp:region': 'europe-west4',
    environment: 'prod',
    labels: { team: 'ml-platform' },
    bucket: { storageClass: 'STANDARD' },
    prediction: { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, batchSize: 32, startingReplicaCount: 2 },
  });
  run = await runUnderMocks({ stack: 'prod', config, load: async () => require('../../infra/index') });
});

test('prod bucket is protected, versioned, never force-destroyed and keeps every object', () => {
  const bucket = one(run, 'gcp:storage/bucket:Bucket');
  assert.equal(bucket.protect, true);
  assert.deepEqual(bucket.inputs.versioning, { enabled: true });
  assert.equal(bucket.inputs.forceDestroy, false);
  assert.deepEqual(bucket.inputs.lifecycleRules ?? [], []);
  assert.equal(bucket.inputs.publicAccessPrevention, 'enforced');
  assert.equal(bucket.inputs.uniformBucketLevelAccess, true);
  assert.equal(bucket.inputs.location, 'EUROPE-WEST4');
});

test('prod names are deterministic and differ from dev', () => {
  assert.equal(one(run, 'gcp:storage/bucket:Bucket').inputs.name, `my-embeddings-prod-use-${PROD_SUFFIX}`);
  assert.equal(one(run, 'gcp:serviceaccount/account:Account').inputs.accountId, `use-batch-${PROD_SUFFIX}`);
  assert.equal(run.outputs.nameSuffix, PROD_SUFFIX);
});

test('only the storage bucket is protected; services and IAM can be replaced freely', () => {
  const protectedOnes = run.registrations.filter((r) => r.protect).map((r) => r.type);
  assert.deepEqual(protectedOnes, ['gcp:storage/bucket:Bucket']);
});

test('prod labels and IAM scopes match dev (same least-privilege set)', () => {
  assert.equal(one(run, 'gcp:storage/bucket:Bucket').inputs.labels.environment, 'prod');
  assert.equal(ofType(run, 'gcp:storage/bucketIAMMember:BucketIAMMember').length, 6);
  assert.deepEqual(ofType(run, 'gcp:projects/iAMMember:IAMMember'), []);
});

test('GPU prediction defaults choose the GPU image from the europe registry', () => {
  assert.deepEqual(run.outputs.predictionDefaults, {
    machineType: 'n1-standard-8',
    acceleratorType: 'NVIDIA_TESLA_T4',
    acceleratorCount: 1,
    tfVersion: '2.15',
    gpu: true,
    servingImageUri: 'europe-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest',
    batchSize: 32,
    startingReplicaCount: 2,
    maxReplicaCount: 2,
  });
});

test('prod keeps every model artifact unless configured', () => {
  const artifact = one(run, TYPES.ARTIFACT);
  assert.equal('keep' in artifact.inputs, false);
  assert.equal(artifact.inputs.prefix, 'models/use-lite');
});
