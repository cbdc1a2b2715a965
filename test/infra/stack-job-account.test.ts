// The program with config jobServiceAccount (the bootstrap's per-environment job account, as CI deploys it): no
// service account is created, and the named account gets the same bucket-scoped grants and runs the jobs.
import { before, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { type MockRun, ofType, runUnderMocks, stackFileConfig, toPulumiConfig, TYPES } from './helpers/mock-stack';

const ROOT = join(__dirname, '..', '..');
const JOB_ACCOUNT = 'vertex-jobs-dev@my-embeddings-dev.iam.gserviceaccount.com';
let run: MockRun;

before(async () => {
  const config = { ...stackFileConfig(join(ROOT, 'Pulumi.dev.yaml')), ...toPulumiConfig({ jobServiceAccount: JOB_ACCOUNT }) };
  run = await runUnderMocks({ stack: 'dev', config, load: async () => require('../../infra/index') });
});

test('creates no service account: the deployer needs no right to create or administer accounts', () => {
  assert.deepEqual(ofType(run, TYPES.SA), []);
  assert.deepEqual(ofType(run, TYPES.PROJECT_IAM), []);
});

test('the named account gets the bucket-scoped roles and runs every batch job', () => {
  const roles = ofType(run, TYPES.BUCKET_IAM).filter((g) => g.inputs.member === `serviceAccount:${JOB_ACCOUNT}`).map((g) => g.inputs.role).sort();
  assert.deepEqual(roles, ['roles/storage.legacyBucketReader', 'roles/storage.objectCreator', 'roles/storage.objectViewer']);
  const jobs = ofType(run, TYPES.JOB);
  assert.ok(jobs.length > 0);
  for (const job of jobs) assert.equal(job.inputs.serviceAccount, JOB_ACCOUNT);
  assert.equal(run.outputs.serviceAccountEmail, JOB_ACCOUNT);
});
