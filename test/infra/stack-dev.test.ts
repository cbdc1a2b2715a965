// The program evaluated for the committed dev stack file (Pulumi.dev.yaml) under mocks.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { FAKE_PROJECT_NUMBER, type MockRun, one, ofType, runUnderMocks, stackFileConfig, TYPES } from './helpers/mock-stack';

const ROOT = join(__dirname, '..', '..');
let run: MockRun;

before(async () => {
  run = await runUnderMocks({ stack: 'dev', config: stackFileConfig(join(ROOT, 'Pulumi.dev.yaml')), load: async () => require('../../infra/index') });
});

const { SERVICE, BUCKET, BUCKET_IAM, PROJECT_IAM, SA, AGENT } = TYPES;
// sha256("my-embeddings-dev/dev") starts with these 6 hex characters (computed once with `sha256sum`, not by the code).
const DEV_SUFFIX = '91c075';

function serviceUrn(api: string): string {
  return ofType(run, SERVICE).find((s) => s.inputs.service === api)!.urn;
}

test('exactly the three APIs are enabled, and never disabled on destroy', () => {
  const services = ofType(run, SERVICE);
  assert.deepEqual(services.map((s) => s.inputs.service).sort(), ['aiplatform.googleapis.com', 'iam.googleapis.com', 'storage.googleapis.com']);
  for (const s of services) {
    assert.equal(s.inputs.disableOnDestroy, false);
    assert.equal(s.inputs.project, 'my-embeddings-dev');
  }
});

test('bucket: UBLA, public access prevention enforced, dev has no versioning and no protect', () => {
  const bucket = one(run, BUCKET);
  assert.equal(bucket.inputs.uniformBucketLevelAccess, true);
  assert.equal(bucket.inputs.publicAccessPrevention, 'enforced');
  assert.deepEqual(bucket.inputs.versioning, { enabled: false });
  assert.equal(bucket.protect, false);
  assert.equal(bucket.inputs.forceDestroy, true);
  assert.equal(bucket.inputs.location, 'US-CENTRAL1');
  assert.equal(bucket.inputs.storageClass, 'STANDARD');
});

test('bucket: deterministic name and labels from the stack file', () => {
  const bucket = one(run, BUCKET);
  assert.equal(bucket.inputs.name, `my-embeddings-dev-use-${DEV_SUFFIX}`);
  assert.deepEqual(bucket.inputs.labels, {
    app: 'vertex-embeddings',
    environment: 'dev',
    stack: 'dev',
    'managed-by': 'pulumi',
    team: 'ml-platform',
    'cost-center': 'embeddings',
  });
});

test('bucket: lifecycle deletes only prediction outputs, after the configured 30 days', () => {
  const rules = one(run, BUCKET).inputs.lifecycleRules;
  assert.equal(rules.length, 1);
  assert.deepEqual(rules[0].action, { type: 'Delete' });
  assert.equal(rules[0].condition.age, 30);
  assert.deepEqual(rules[0].condition.matchesPrefixes, ['predictions/']);
});

test('resources depend on the APIs they need', () => {
  assert.ok(one(run, BUCKET).dependencies.includes(serviceUrn('storage.googleapis.com')));
  assert.ok(one(run, SA).dependencies.includes(serviceUrn('iam.googleapis.com')));
  assert.ok(one(run, AGENT).dependencies.includes(serviceUrn('aiplatform.googleapis.com')));
});

test('job service account: deterministic id, no key resource', () => {
  const sa = one(run, SA);
  assert.equal(sa.inputs.accountId, `use-batch-${DEV_SUFFIX}`);
  assert.ok(sa.inputs.accountId.length <= 30);
  assert.equal(ofType(run, 'gcp:serviceaccount/key:Key').length, 0);
});

test('IAM: object roles and storage.buckets.get on the bucket only, for the job SA and the Vertex service agent', () => {
  const jobMember = `serviceAccount:use-batch-${DEV_SUFFIX}@my-embeddings-dev.iam.gserviceaccount.com`;
  const agentMember = `serviceAccount:service-${FAKE_PROJECT_NUMBER}@gcp-sa-aiplatform.iam.gserviceaccount.com`;
  const grants = ofType(run, BUCKET_IAM).map((g) => `${g.inputs.bucket} ${g.inputs.role} ${g.inputs.member}`).sort();
  const bucket = `my-embeddings-dev-use-${DEV_SUFFIX}`;
  assert.deepEqual(grants, [
    `${bucket} roles/storage.legacyBucketReader ${jobMember}`,
    `${bucket} roles/storage.legacyBucketReader ${agentMember}`,
    `${bucket} roles/storage.objectCreator ${jobMember}`,
    `${bucket} roles/storage.objectCreator ${agentMember}`,
    `${bucket} roles/storage.objectViewer ${jobMember}`,
    `${bucket} roles/storage.objectViewer ${agentMember}`,
  ].sort());
});

// roles/aiplatform.user on the job account would let code in the serving container create custom jobs that run
// as the Custom Code Service Agent (project-wide storage, the state bucket included).
test('IAM: nothing at project level (no aiplatform.user for the job SA); no admin, no public member anywhere', () => {
  assert.deepEqual(ofType(run, PROJECT_IAM), []);
  for (const g of ofType(run, BUCKET_IAM)) {
    assert.doesNotMatch(g.inputs.role, /admin|owner|editor/i);
    assert.doesNotMatch(g.inputs.member, /allUsers|allAuthenticatedUsers/);
  }
  // Authoritative bindings/policies would strip grants made outside the stack: none are used.
  for (const type of ['gcp:storage/bucketIAMBinding:BucketIAMBinding', 'gcp:storage/bucketIAMPolicy:BucketIAMPolicy', 'gcp:projects/iAMBinding:IAMBinding', 'gcp:projects/iAMPolicy:IAMPolicy']) {
    assert.equal(ofType(run, type).length, 0, type);
  }
});

test('components group the children', () => {
  const platform = one(run, 'vertex-embeddings:platform:Platform');
  assert.equal(one(run, 'vertex-embeddings:platform:StackBucket').parent, platform.urn);
  assert.equal(one(run, BUCKET).parent, one(run, 'vertex-embeddings:platform:StackBucket').urn);
  assert.equal(one(run, SA).parent, one(run, 'vertex-embeddings:platform:JobIdentity').urn);
});

test('stack outputs later issues need', () => {
  const o = run.outputs;
  assert.equal(o.bucketName, `my-embeddings-dev-use-${DEV_SUFFIX}`);
  assert.equal(o.bucketUrl, `gs://my-embeddings-dev-use-${DEV_SUFFIX}`);
  assert.equal(o.serviceAccountEmail, `use-batch-${DEV_SUFFIX}@my-embeddings-dev.iam.gserviceaccount.com`);
  assert.equal(o.vertexServiceAgentEmail, `service-${FAKE_PROJECT_NUMBER}@gcp-sa-aiplatform.iam.gserviceaccount.com`);
  assert.equal(o.project, 'my-embeddings-dev');
  assert.equal(o.region, 'us-central1');
  assert.equal(o.nameSuffix, DEV_SUFFIX);
  assert.equal(o.predictionOutputPrefix, 'predictions/');
  assert.deepEqual(o.predictionDefaults, {
    machineType: 'n1-standard-4',
    tfVersion: '2.15',
    gpu: false,
    servingImageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest',
    batchSize: 64,
    startingReplicaCount: 1,
    maxReplicaCount: 1,
  });
});

test('model artifact: the cached export uploaded content-addressed into the stack bucket, dev keeps the last 3', () => {
  const artifact = one(run, TYPES.ARTIFACT);
  const bucket = `my-embeddings-dev-use-${DEV_SUFFIX}`;
  assert.equal(artifact.inputs.bucket, bucket);
  assert.equal(artifact.inputs.prefix, 'models/use-lite');
  assert.match(artifact.inputs.digest, /^[0-9a-f]{64}$/);
  assert.equal(artifact.inputs.keep, 3);
  assert.deepEqual(artifact.inputs.files, ['export-manifest.json', 'saved_model.pb']);
  // The local folder is the export the digest names (the provider refuses anything else).
  const manifest = JSON.parse(readFileSync(join(artifact.inputs.localDir, 'export-manifest.json'), 'utf8'));
  assert.equal(manifest.artifactDigest, artifact.inputs.digest);
  assert.equal(run.outputs.artifactDigest, artifact.inputs.digest);
  assert.equal(run.outputs.artifactUri, `gs://${bucket}/models/use-lite/${artifact.inputs.digest}/`);
  assert.equal(run.outputs.modelSource, 'fixture');
});
