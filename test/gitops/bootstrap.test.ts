// bootstrap/ evaluated under mocks, with dev and prod in their own projects and CI in a third: the pool accepts
// only this repository by its numeric ids; each stack has its own deployer (impersonable only from its GitHub
// environment on main), previewer and secrets key; no deployer path to project owner; outputs are the GitHub
// variables the workflows read.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { FAKE_PROJECT_NUMBER, type MockRun, ofType, runUnderMocks, toPulumiConfig } from '../infra/helpers/mock-stack';
import { parseBootstrapConfig } from '../../bootstrap/config';
import { PRODUCT_PROJECT } from '../../bootstrap/roles';
import { projectName } from '../../.github/scripts/stack-file';

const REPO = 'acme-ml/vertex-embeddings';
const REPO_ID = '812345678';
const OWNER_ID = '4242';
const CI = 'acme-ci';
const PROJECTS = { dev: 'acme-embeddings-dev', prod: 'acme-embeddings-prod' } as const;
const POOL = `projects/${FAKE_PROJECT_NUMBER}/locations/global/workloadIdentityPools/github`;
const STATE = `${CI}-pulumi-state`;
let run: MockRun;

before(async () => {
  run = await runUnderMocks({
    stack: 'main',
    config: toPulumiConfig({
      'gcp:project': CI,
      'gcp:region': 'us-central1',
      githubRepository: REPO,
      githubRepositoryId: REPO_ID,
      githubRepositoryOwnerId: OWNER_ID,
      stacks: { dev: { project: PROJECTS.dev }, prod: { project: PROJECTS.prod } },
    }),
    load: async () => require('../../bootstrap/index'),
  });
});

const inputsOf = (type: string) => ofType(run, type).map((r) => r.inputs as Record<string, any>);
const email = (id: string, project = CI) => `${id}@${project}.iam.gserviceaccount.com`;
const sa = (id: string, project = CI) => `serviceAccount:${email(id, project)}`;
const projectGrants = () => inputsOf('gcp:projects/iAMMember:IAMMember');
const saGrants = () => inputsOf('gcp:serviceaccount/iAMMember:IAMMember');

describe('bootstrap: federation', () => {
  it('accepts tokens of this repository only, by its numeric repository and owner ids (names can be re-registered)', () => {
    const [provider] = inputsOf('gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider');
    assert.equal(provider!.oidc.issuerUri, 'https://token.actions.githubusercontent.com');
    assert.equal(provider!.attributeCondition, `assertion.repository_id == '${REPO_ID}' && assertion.repository_owner_id == '${OWNER_ID}'`);
    assert.doesNotMatch(provider!.attributeCondition, /assertion\.repository ==|repository_owner ==/);
  });

  it('each deployer: impersonable only by a job in its own environment on refs/heads/main', () => {
    const [provider] = inputsOf('gcp:iam/workloadIdentityPoolProvider:WorkloadIdentityPoolProvider');
    assert.equal(provider!.attributeMapping['attribute.deploy_environment'], "assertion.ref == 'refs/heads/main' ? assertion.environment : ''");
    const impersonators = (id: string) => saGrants().filter((g) => g.role === 'roles/iam.workloadIdentityUser' && g.serviceAccountId === `projects/${CI}/serviceAccounts/${email(id)}`).map((g) => g.member);
    assert.deepEqual(impersonators('gh-deploy-dev'), [`principalSet://iam.googleapis.com/${POOL}/attribute.deploy_environment/dev`]);
    assert.deepEqual(impersonators('gh-deploy-prod'), [`principalSet://iam.googleapis.com/${POOL}/attribute.deploy_environment/prod`]);
    assert.deepEqual(impersonators('gh-preview-dev'), [`principalSet://iam.googleapis.com/${POOL}/attribute.environment/preview-dev`]);
    assert.deepEqual(impersonators('gh-preview-prod'), [`principalSet://iam.googleapis.com/${POOL}/attribute.environment/preview-prod`]);
    // Nobody is bound to the whole repository or pool.
    assert.ok(saGrants().every((g) => !/attribute\.repository\/|\/\*$/.test(String(g.member))));
  });

  it('creates no service account key', () => {
    assert.equal(ofType(run, 'gcp:serviceaccount/key:Key').length, 0);
  });
});

describe('bootstrap: no deployer path to project owner', () => {
  it('each deployer holds roles in its own stack project only: the custom role, serviceUsageConsumer, storage.admin without the state bucket', () => {
    const grants = projectGrants().map((g) => `${g.project} ${g.member.split(':')[1].split('@')[0]} ${g.role}`).sort();
    assert.deepEqual(grants, [
      `${PROJECTS.dev} gh-deploy-dev projects/${PROJECTS.dev}/roles/vertexEmbeddingsDeployer`,
      `${PROJECTS.dev} gh-deploy-dev roles/serviceusage.serviceUsageConsumer`,
      `${PROJECTS.dev} gh-deploy-dev roles/storage.admin`,
      `${PROJECTS.prod} gh-deploy-prod projects/${PROJECTS.prod}/roles/vertexEmbeddingsDeployer`,
      `${PROJECTS.prod} gh-deploy-prod roles/serviceusage.serviceUsageConsumer`,
      `${PROJECTS.prod} gh-deploy-prod roles/storage.admin`,
    ]);
    for (const g of projectGrants().filter((g) => g.role === 'roles/storage.admin')) {
      assert.equal(g.condition.expression, `resource.name != 'projects/_/buckets/${STATE}' && !resource.name.startsWith('projects/_/buckets/${STATE}/')`);
    }
    const refused = /owner|editor|serviceAccountAdmin|serviceAccountUser|projectIamAdmin|serviceUsageAdmin|aiplatform\.user|securityAdmin/;
    assert.ok(projectGrants().every((g) => !refused.test(g.role)), JSON.stringify(projectGrants().map((g) => g.role)));
  });

  it('the custom role runs models and batch jobs and nothing else of Vertex AI (no custom jobs)', () => {
    const roles = inputsOf('gcp:projects/iAMCustomRole:IAMCustomRole');
    assert.deepEqual(roles.map((r) => r.project).sort(), [PROJECTS.dev, PROJECTS.prod]);
    for (const role of roles) {
      assert.ok(role.permissions.every((p: string) => /^aiplatform\.(models|batchPredictionJobs)\.|^resourcemanager\.projects\.get$/.test(p)), role.permissions.join(', '));
      assert.ok(role.permissions.includes('aiplatform.batchPredictionJobs.create') && role.permissions.includes('aiplatform.models.upload'));
    }
  });

  it('actAs (serviceAccountUser) only on its own stack\'s job account, which lives in the stack project', () => {
    const actAs = saGrants().filter((g) => g.role === 'roles/iam.serviceAccountUser');
    assert.deepEqual(actAs.map((g) => `${g.serviceAccountId} ${g.member}`).sort(), [
      `projects/${PROJECTS.dev}/serviceAccounts/${email('vertex-jobs-dev', PROJECTS.dev)} ${sa('gh-deploy-dev')}`,
      `projects/${PROJECTS.prod}/serviceAccounts/${email('vertex-jobs-prod', PROJECTS.prod)} ${sa('gh-deploy-prod')}`,
    ]);
  });

  it('enables the stack APIs itself, once per project, never disabling them on destroy', () => {
    const services = inputsOf('gcp:projects/service:Service');
    for (const project of Object.values(PROJECTS)) {
      for (const api of ['aiplatform.googleapis.com', 'storage.googleapis.com', 'iam.googleapis.com']) assert.equal(services.filter((s) => s.project === project && s.service === api).length, 1, `${project} ${api}`);
    }
    for (const api of ['iamcredentials.googleapis.com', 'sts.googleapis.com', 'cloudkms.googleapis.com']) assert.ok(services.some((s) => s.project === CI && s.service === api), api);
    assert.ok(services.every((s) => s.disableOnDestroy === false));
    assert.deepEqual(inputsOf('gcp:projects/serviceIdentity:ServiceIdentity').map((s) => s.project).sort(), [PROJECTS.dev, PROJECTS.prod]);
  });
});

describe('bootstrap: state and secrets per stack', () => {
  it('state bucket: private, versioned, protected; each identity reaches its own stack\'s state objects only', () => {
    const bucket = ofType(run, 'gcp:storage/bucket:Bucket');
    assert.equal(bucket.length, 1);
    assert.equal(bucket[0]!.protect, true);
    assert.equal(bucket[0]!.inputs.name, STATE);
    assert.equal(bucket[0]!.inputs.publicAccessPrevention, 'enforced');
    assert.deepEqual(bucket[0]!.inputs.versioning, { enabled: true });
    const grants = inputsOf('gcp:storage/bucketIAMMember:BucketIAMMember');
    const of = (id: string) => grants.find((g) => g.member === sa(id))!;
    assert.equal(of('gh-deploy-prod').role, 'roles/storage.objectAdmin');
    assert.equal(of('gh-preview-prod').role, 'roles/storage.objectViewer');
    const b = `projects/_/buckets/${STATE}`;
    assert.equal(
      of('gh-preview-dev').condition.expression,
      `resource.name == '${b}' || resource.name == '${b}/objects/.pulumi/meta.yaml' || resource.name.startsWith('${b}/objects/.pulumi/stacks/vertex-embeddings/dev') || resource.name.startsWith('${b}/objects/.pulumi/history/vertex-embeddings/dev') || resource.name.startsWith('${b}/objects/.pulumi/backups/vertex-embeddings/dev') || resource.name.startsWith('${b}/objects/.pulumi/locks/vertex-embeddings/dev')`,
    );
    assert.doesNotMatch(of('gh-deploy-dev').condition.expression, /\/prod/);
    assert.equal(grants.length, 4);
  });

  it('one rotated, protected key per stack; a stack\'s deployer and previewer reach its key only', () => {
    const keys = ofType(run, 'gcp:kms/cryptoKey:CryptoKey');
    assert.deepEqual(keys.map((k) => k.inputs.name).sort(), ['pulumi-dev', 'pulumi-prod']);
    assert.ok(keys.every((k) => k.protect && k.inputs.rotationPeriod === '7776000s'));
    const grants = inputsOf('gcp:kms/cryptoKeyIAMMember:CryptoKeyIAMMember').map((g) => `${g.cryptoKeyId} ${g.member.split(':')[1].split('@')[0]} ${g.role}`).sort();
    assert.deepEqual(grants, [
      'state-key-dev-id gh-deploy-dev roles/cloudkms.cryptoKeyEncrypterDecrypter',
      'state-key-dev-id gh-preview-dev roles/cloudkms.cryptoKeyDecrypter',
      'state-key-prod-id gh-deploy-prod roles/cloudkms.cryptoKeyEncrypterDecrypter',
      'state-key-prod-id gh-preview-prod roles/cloudkms.cryptoKeyDecrypter',
    ]);
  });

  it('state objects are named after the product\'s Pulumi project', () => {
    assert.equal(PRODUCT_PROJECT, projectName());
  });
});

describe('bootstrap: outputs', () => {
  it('are the repository and per-environment variables the workflows read, and each stack\'s settings', () => {
    assert.deepEqual(run.outputs.githubVariables, { GCP_WORKLOAD_IDENTITY_PROVIDER: `${POOL}/providers/github-actions`, PULUMI_BACKEND_URL: `gs://${STATE}` });
    assert.deepEqual(run.outputs.githubEnvironmentVariables, {
      dev: { GCP_SERVICE_ACCOUNT: email('gh-deploy-dev') },
      'preview-dev': { GCP_SERVICE_ACCOUNT: email('gh-preview-dev') },
      prod: { GCP_SERVICE_ACCOUNT: email('gh-deploy-prod') },
      'preview-prod': { GCP_SERVICE_ACCOUNT: email('gh-preview-prod') },
    });
    assert.deepEqual(run.outputs.stackSettings, {
      dev: { secretsProvider: 'gcpkms://state-key-dev-id', jobServiceAccount: email('vertex-jobs-dev', PROJECTS.dev) },
      prod: { secretsProvider: 'gcpkms://state-key-prod-id', jobServiceAccount: email('vertex-jobs-prod', PROJECTS.prod) },
    });
  });
});

describe('bootstrap: config', () => {
  const good = { 'gcp:project': CI, 'gcp:region': 'us-central1', githubRepository: REPO, githubRepositoryId: REPO_ID, githubRepositoryOwnerId: OWNER_ID, stacks: '{"dev":{"project":"acme-embeddings-dev"}}' };
  it('defaults the pool and provider ids; stacks may arrive as JSON text', () => {
    const c = parseBootstrapConfig(good);
    assert.deepEqual([c.stacks, c.poolId, c.providerId], [{ dev: { project: 'acme-embeddings-dev', bigquery: false, foreignBuckets: [], foreignTables: [] } }, 'github', 'github-actions']);
  });
  it('names the key, the bad value and what is allowed', () => {
    const bad = (extra: Record<string, unknown>) => () => parseBootstrapConfig({ ...good, ...extra });
    assert.throws(bad({ githubRepository: 'https://github.com/acme/x' }), /githubRepository: "https:\/\/github\.com\/acme\/x" must be the repository as owner\/name/);
    assert.throws(bad({ githubRepositoryId: 'acme-ml/vertex-embeddings' }), /githubRepositoryId: "acme-ml\/vertex-embeddings" must be the numeric repository_id/);
    assert.throws(bad({ githubRepositoryOwnerId: undefined }), /githubRepositoryOwnerId: missing, must be the numeric repository_owner_id/);
    assert.throws(bad({ stacks: '{}' }), /stacks: \{\} must name at least one stack/);
    assert.throws(bad({ stacks: { dev: { project: 'X' } } }), /stacks\.dev\.project: "X" must be the Google Cloud project id the stack deploys into/);
    assert.throws(bad({ stacks: { Prod_X: { project: 'acme-prod' } } }), /stacks: key "Prod_X" is not a stack name; allowed: 2-20 characters of a-z, 0-9, "-"/);
    assert.throws(bad({ poolId: 'gcp-pool' }), /poolId: "gcp-pool" must be a pool id; allowed: 4-32 characters/);
    assert.throws(bad({ deployEnvironments: ['dev'] }), /deployEnvironments: unknown config key; allowed: gcp:project, gcp:region, githubRepository/);
  });
});
