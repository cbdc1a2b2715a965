// bootstrap/ evaluated under mocks: the pool accepts only this repository, the deployer is impersonable only from
// the named GitHub environments, the previewer only reads, no key exists, and the outputs are the workflow's
// repository variables.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FAKE_PROJECT_NUMBER, type MockRun, one, ofType, runUnderMocks, toPulumiConfig } from '../infra/helpers/mock-stack';
import { parseBootstrapConfig } from '../../bootstrap/config';

const REPO = 'acme-ml/vertex-embeddings';
const POOL = `projects/${FAKE_PROJECT_NUMBER}/locations/global/workloadIdentityPools/github`;
let run: MockRun;

before(async () => {
  run = await runUnderMocks({
    stack: 'main',
    config: toPulumiConfig({ 'gcp:project': 'acme-embeddings', 'gcp:region': 'us-central1', githubRepository: REPO, deployEnvironments: ['dev', 'prod'] }),
    load: async () => require('../../bootstrap/index'),
  });
});

const members = (type: string) => ofType(run, type).map((r) => r.inputs as Record<string, any>);

describe('bootstrap: federation', () => {
  it('one GitHub OIDC provider that accepts tokens of this repository only', () => {
    const provider = one(run, 'gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider').inputs;
    assert.equal(provider.oidc.issuerUri, 'https://token.actions.githubusercontent.com');
    assert.equal(provider.attributeCondition, `assertion.repository == '${REPO}'`);
    assert.equal(provider.attributeMapping['attribute.environment'], 'assertion.environment');
    assert.equal(provider.attributeMapping['attribute.repository'], 'assertion.repository');
    assert.equal(provider.workloadIdentityPoolId, 'github');
  });

  it('deployer: impersonable only from the dev and prod GitHub environments; previewer: from the repository', () => {
    const bindings = ofType(run, 'gcp:serviceaccount/iAMMember:IAMMember');
    assert.ok(bindings.every((b) => b.inputs.role === 'roles/iam.workloadIdentityUser'));
    const byAccount = (who: string) =>
      bindings.filter((b) => b.inputs.serviceAccountId === `projects/acme-embeddings/serviceAccounts/gh-${who}@acme-embeddings.iam.gserviceaccount.com`).map((b) => b.inputs.member).sort();
    assert.deepEqual(byAccount('deployer'), [`principalSet://iam.googleapis.com/${POOL}/attribute.environment/dev`, `principalSet://iam.googleapis.com/${POOL}/attribute.environment/prod`]);
    assert.deepEqual(byAccount('previewer'), [`principalSet://iam.googleapis.com/${POOL}/attribute.repository/${REPO}`]);
  });

  it('creates no service account key', () => {
    assert.equal(ofType(run, 'gcp:serviceaccount/key:Key').length, 0);
  });
});

describe('bootstrap: least privilege', () => {
  const projectRoles = () => members('gcp:projects/iAMMember:IAMMember');

  it('gives the deployer exactly the project roles the stack needs, and none to the previewer', () => {
    assert.ok(projectRoles().every((m) => m.member === 'serviceAccount:gh-deployer@acme-embeddings.iam.gserviceaccount.com'));
    assert.deepEqual(projectRoles().map((m) => m.role).sort(), [
      'roles/aiplatform.user',
      'roles/iam.serviceAccountAdmin',
      'roles/iam.serviceAccountUser',
      'roles/resourcemanager.projectIamAdmin',
      'roles/serviceusage.serviceUsageAdmin',
      'roles/storage.admin',
    ]);
    assert.ok(!projectRoles().some((m) => /^roles\/(owner|editor)$/.test(m.role)));
  });

  it('lets the deployer grant roles/aiplatform.user and nothing else (IAM condition on projectIamAdmin)', () => {
    const iamAdmin = projectRoles().find((m) => m.role === 'roles/resourcemanager.projectIamAdmin')!;
    assert.equal(iamAdmin.condition.expression, "api.getAttribute('iam.googleapis.com/modifiedGrantsByRole', []).hasOnly(['roles/aiplatform.user'])");
    assert.ok(projectRoles().filter((m) => m.role !== 'roles/resourcemanager.projectIamAdmin').every((m) => m.condition === undefined));
  });

  it('state bucket: private, versioned, protected; deployer writes state, previewer only reads it', () => {
    const bucket = one(run, 'gcp:storage/bucket:Bucket');
    assert.equal(bucket.protect, true);
    assert.equal(bucket.inputs.uniformBucketLevelAccess, true);
    assert.equal(bucket.inputs.publicAccessPrevention, 'enforced');
    assert.deepEqual(bucket.inputs.versioning, { enabled: true });
    assert.equal(bucket.inputs.name, 'acme-embeddings-pulumi-state');
    const roles = Object.fromEntries(members('gcp:storage/bucketIAMMember:BucketIAMMember').map((m) => [m.member.split(':')[1].split('@')[0], m.role]));
    assert.deepEqual(roles, { 'gh-deployer': 'roles/storage.objectAdmin', 'gh-previewer': 'roles/storage.objectViewer' });
  });

  it('secrets key: rotated, protected; deployer encrypts and decrypts, previewer only decrypts', () => {
    const key = one(run, 'gcp:kms/cryptoKey:CryptoKey');
    assert.equal(key.protect, true);
    assert.equal(key.inputs.rotationPeriod, '7776000s');
    const roles = Object.fromEntries(members('gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember').map((m) => [m.member.split(':')[1].split('@')[0], m.role]));
    assert.deepEqual(roles, { 'gh-deployer': 'roles/cloudkms.cryptoKeyEncrypterDecrypter', 'gh-previewer': 'roles/cloudkms.cryptoKeyDecrypter' });
  });

  it('enables the token exchange APIs, never disabling them on destroy', () => {
    const services = members('gcp:projects/service:Service');
    for (const api of ['iamcredentials.googleapis.com', 'sts.googleapis.com', 'cloudkms.googleapis.com']) assert.ok(services.some((s) => s.service === api), api);
    assert.ok(services.every((s) => s.disableOnDestroy === false));
  });
});

describe('bootstrap: outputs', () => {
  it('are the repository variables the workflows read', () => {
    const vars = run.outputs.githubVariables as Record<string, string>;
    assert.deepEqual(vars, {
      GCP_WORKLOAD_IDENTITY_PROVIDER: `${POOL}/providers/github-actions`,
      GCP_DEPLOYER_SERVICE_ACCOUNT: 'gh-deployer@acme-embeddings.iam.gserviceaccount.com',
      GCP_PREVIEWER_SERVICE_ACCOUNT: 'gh-previewer@acme-embeddings.iam.gserviceaccount.com',
      PULUMI_BACKEND_URL: 'gs://acme-embeddings-pulumi-state',
    });
    assert.match(String(run.outputs.secretsProvider), /^gcpkms:\/\//);
  });
});

describe('bootstrap: config', () => {
  const good = { 'gcp:project': 'acme-embeddings', 'gcp:region': 'us-central1', githubRepository: REPO };
  it('defaults the environments, pool and provider ids', () => {
    const c = parseBootstrapConfig(good);
    assert.deepEqual([c.deployEnvironments, c.poolId, c.providerId], [['dev', 'prod'], 'github', 'github-actions']);
  });
  it('names the key, the bad value and what is allowed', () => {
    const bad = (extra: Record<string, unknown>) => () => parseBootstrapConfig({ ...good, ...extra });
    assert.throws(bad({ githubRepository: 'https://github.com/acme/x' }), /githubRepository: "https:\/\/github\.com\/acme\/x" must be the repository as owner\/name/);
    assert.throws(bad({ githubRepository: undefined }), /githubRepository: missing, must be the repository as owner\/name/);
    assert.throws(bad({ deployEnvironments: '[]' }), /deployEnvironments: \[\] must name at least one GitHub environment/);
    assert.throws(bad({ poolId: 'gcp-pool' }), /poolId: "gcp-pool" must be a pool id; allowed: 4-32 characters/);
    assert.throws(bad({ repo: REPO }), /repo: unknown config key; allowed: gcp:project, gcp:region, githubRepository/);
  });
});
