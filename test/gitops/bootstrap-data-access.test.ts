// bootstrap/ under mocks with one stack (dev) opting into BigQuery and naming a foreign bucket and a foreign
// table, and one (prod) that does not: dev's deployer gets exactly what the stack's BigQuery dataset and grants
// need, in dev's project and on the listed resources only; prod and prod's project get nothing new.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type MockRun, ofType, runUnderMocks, toPulumiConfig } from '../infra/helpers/mock-stack';
import { parseBootstrapConfig } from '../../bootstrap/config';

const CI = 'acme-ci';
const PROJECTS = { dev: 'acme-embeddings-dev', prod: 'acme-embeddings-prod' } as const;
const LAKE = 'acme-data-lake';
const DEPLOY_DEV = `serviceAccount:gh-deploy-dev@${CI}.iam.gserviceaccount.com`;
const base = { 'gcp:project': CI, 'gcp:region': 'us-central1', githubRepository: 'acme-ml/vertex-embeddings', githubRepositoryId: '812345678', githubRepositoryOwnerId: '4242' };
let run: MockRun;

before(async () => {
  run = await runUnderMocks({
    stack: 'main',
    config: toPulumiConfig({
      ...base,
      stacks: {
        dev: { project: PROJECTS.dev, bigquery: true, foreignBuckets: [{ bucket: 'acme-corpus', project: LAKE }], foreignTables: [`bq://${LAKE}.analytics.sentences`] },
        prod: { project: PROJECTS.prod },
      },
    }),
    load: async () => require('../../bootstrap/index'),
  });
});

const inputsOf = (type: string) => ofType(run, type).map((r) => r.inputs as Record<string, any>);
const roleIn = (project: string, roleId: string) => inputsOf('gcp:projects/iAMCustomRole:IAMCustomRole').find((r) => r.project === project && r.roleId === roleId);

describe('bootstrap: a stack with BigQuery jobs (stacks.<S>.bigquery)', () => {
  it('enables bigquery.googleapis.com in that stack\'s project only, never disabling it on destroy', () => {
    const bigquery = inputsOf('gcp:projects/service:Service').filter((s) => s.service === 'bigquery.googleapis.com');
    assert.deepEqual(bigquery.map((s) => [s.project, s.disableOnDestroy]), [[PROJECTS.dev, false]]);
  });

  it('gives that stack\'s deployer a BigQuery role in its own project: the dataset and its IAM, table IAM; no data, no query jobs', () => {
    const role = roleIn(PROJECTS.dev, 'vertexEmbeddingsBigQueryDeployer');
    assert.ok(role, 'no BigQuery role in the dev project');
    assert.deepEqual([...role.permissions].sort(), [
      'bigquery.datasets.create',
      'bigquery.datasets.delete',
      'bigquery.datasets.get',
      'bigquery.datasets.getIamPolicy',
      'bigquery.datasets.setIamPolicy',
      'bigquery.datasets.update',
      'bigquery.tables.getIamPolicy',
      'bigquery.tables.setIamPolicy',
    ]);
    const grants = inputsOf('gcp:projects/iAMMember:IAMMember').filter((g) => g.role === `projects/${PROJECTS.dev}/roles/vertexEmbeddingsBigQueryDeployer`);
    assert.deepEqual(grants.map((g) => [g.project, g.member]), [[PROJECTS.dev, DEPLOY_DEV]]);
    assert.equal(roleIn(PROJECTS.prod, 'vertexEmbeddingsBigQueryDeployer'), undefined);
  });

  it('grants no predefined BigQuery or project-wide storage role to anyone', () => {
    const roles = inputsOf('gcp:projects/iAMMember:IAMMember').map((g) => g.role);
    assert.ok(roles.every((r) => !/^roles\/(bigquery|storage\.(objectAdmin|objectViewer|legacy))/.test(r)), roles.join(', '));
  });
});

describe('bootstrap: foreign buckets and tables a stack\'s jobs read (foreignBuckets, foreignTables)', () => {
  it('the deployer may set IAM on the listed bucket only, with a role that reads no object', () => {
    const role = roleIn(LAKE, 'vertexEmbeddingsBucketGrants');
    assert.deepEqual([...role!.permissions].sort(), ['storage.buckets.getIamPolicy', 'storage.buckets.setIamPolicy']);
    const grants = inputsOf('gcp:storage/bucketIAMMember:BucketIAMMember').filter((g) => g.bucket === 'acme-corpus');
    assert.deepEqual(grants.map((g) => [g.role, g.member]), [[`projects/${LAKE}/roles/vertexEmbeddingsBucketGrants`, DEPLOY_DEV]]);
  });

  it('the deployer may set IAM on the listed table only, with a role that reads no data', () => {
    const role = roleIn(LAKE, 'vertexEmbeddingsTableGrants');
    assert.deepEqual([...role!.permissions].sort(), ['bigquery.tables.getIamPolicy', 'bigquery.tables.setIamPolicy']);
    const grants = inputsOf('gcp:bigquery/iamMember:IamMember');
    assert.deepEqual(grants.map((g) => [g.project, g.datasetId, g.tableId, g.role, g.member]), [[LAKE, 'analytics', 'sentences', `projects/${LAKE}/roles/vertexEmbeddingsTableGrants`, DEPLOY_DEV]]);
  });

  it('nothing for a stack without the keys: prod\'s deployer holds no data-access role anywhere', () => {
    const members = [
      ...inputsOf('gcp:projects/iAMMember:IAMMember'),
      ...inputsOf('gcp:storage/bucketIAMMember:BucketIAMMember'),
      ...inputsOf('gcp:bigquery/iamMember:IamMember'),
    ].filter((g) => String(g.member).includes('gh-deploy-prod') && /vertexEmbeddings(BigQuery|Bucket|Table)/.test(g.role));
    assert.deepEqual(members, []);
    assert.deepEqual(inputsOf('gcp:projects/iAMCustomRole:IAMCustomRole').filter((r) => r.project === PROJECTS.prod).map((r) => r.roleId), ['vertexEmbeddingsDeployer']);
  });
});

describe('bootstrap: data-access config', () => {
  const bad = (dev: Record<string, unknown>) => () => parseBootstrapConfig({ ...base, stacks: { dev: { project: PROJECTS.dev, ...dev } } });
  it('defaults to no data access', () => {
    assert.deepEqual(parseBootstrapConfig({ ...base, stacks: { dev: { project: PROJECTS.dev } } }).stacks.dev, { project: PROJECTS.dev, bigquery: false, foreignBuckets: [], foreignTables: [] });
  });
  it('names the key, the bad value and what is allowed', () => {
    assert.throws(bad({ bigquery: 'yes' }), /stacks\.dev\.bigquery: "yes" must be true or false/);
    assert.throws(bad({ foreignBuckets: ['gs://acme-corpus'] }), /stacks\.dev\.foreignBuckets\.0: "gs:\/\/acme-corpus" must be \{bucket, project\}; allowed: e\.g\. \{bucket: other-bucket, project: other-project\}/);
    assert.throws(bad({ foreignBuckets: [{ bucket: 'Acme_Corpus', project: LAKE }] }), /stacks\.dev\.foreignBuckets\.0\.bucket: "Acme_Corpus" must be a bucket name/);
    assert.throws(bad({ foreignTables: [`${LAKE}.analytics.sentences`] }), /stacks\.dev\.foreignTables\.0: "acme-data-lake\.analytics\.sentences" must be a BigQuery table URI; allowed: bq:\/\/PROJECT\.DATASET\.TABLE/);
    // A misspelt opt-in is named with the stack entry's keys (it used to list the top-level keys).
    assert.throws(bad({ bigQuery: true }), /stacks\.dev\.bigQuery: unknown config key; allowed: project, bigquery, foreignBuckets, foreignTables/);
    assert.throws(bad({ foreignBuckets: [{ name: 'acme-corpus', project: LAKE }] }), /stacks\.dev\.foreignBuckets\.0\.name: unknown config key; allowed: bucket, project/);
  });
  it('refuses the state bucket as a foreign bucket (IAM on it would reach every stack\'s state)', () => {
    assert.throws(bad({ foreignBuckets: [{ bucket: `${CI}-pulumi-state`, project: CI }] }), /stacks\.dev\.foreignBuckets\.0\.bucket: "acme-ci-pulumi-state" is the Pulumi state bucket/);
  });
});
