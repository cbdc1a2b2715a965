// The example (vertex-embeddings:jobs with five jobs) through the real program under Pulumi mocks: the jobs,
// their content-addressed inputs, the second model for the GPU job, the output dataset and the grants, each on its
// resource only; and content addressing as the provider's diff sees it (change one file → only its jobs replace).
import { after, before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { BatchJobProvider } from '../../infra/vertex/batch-job-provider';
import { checkBatchJobInputs } from '../../infra/vertex/batch-job-inputs';
import { ofType, one, runUnderMocks, toPulumiConfig, TYPES, type MockRun } from '../infra/helpers/mock-stack';

const { DATASET, DATASET_IAM, TABLE_IAM, SERVICE: API } = TYPES;
const SA = 'use-batch-91c075@my-embeddings-dev.iam.gserviceaccount.com';
const AGENT = 'service-123456789012@gcp-sa-aiplatform.iam.gserviceaccount.com';

let dir: string;
const sha = (text: string) => createHash('sha256').update(text).digest('hex');

function example(root: string) {
  return {
    tickets: { input: { format: 'jsonl', files: [join(root, 'tickets.jsonl')] } },
    'tickets-keyed': {
      input: { format: 'jsonl', files: [join(root, 'tickets-keyed.jsonl')] },
      instanceConfig: { keyField: 'id', includedFields: ['text'], instanceType: 'array' },
    },
    docs: { input: { format: 'file-list', files: [join(root, 'docs', '*.txt')] } },
    corpus: {
      input: { format: 'jsonl', uris: ['gs://other-bucket/corpus/*.jsonl'] },
      hardware: { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 },
    },
    warehouse: {
      input: { format: 'bigquery', table: 'bq://my-project.analytics.sentences' },
      output: { bigquery: 'my-embeddings-dev.embeddings' },
    },
  };
}

function run(root: string): Promise<MockRun> {
  const config = toPulumiConfig({ 'gcp:project': 'my-embeddings-dev', 'gcp:region': 'us-central1', environment: 'dev', jobs: example(root) });
  return runUnderMocks({ stack: 'dev', config, load: async () => require('../../infra/index') });
}

function write(root: string, files: Record<string, string>) {
  for (const [name, content] of Object.entries(files)) writeFileSync(join(root, name), content);
}

const jobInputs = (r: MockRun, key: string) => one(r, TYPES.JOB, `job-${key}`).inputs;

describe('the issue example under mocks', () => {
  let r: MockRun;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-graph-'));
    mkdirSync(join(dir, 'docs'));
    write(dir, {
      'tickets.jsonl': '"printer on fire"\n',
      'tickets-keyed.jsonl': '{"id": "t-1", "lang": "en", "text": "printer on fire"}\n',
      'docs/a.txt': '"a"\n',
      'docs/b.txt': '"b"\n',
    });
    r = await run(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('declares one job per key, named <namePrefix>-<key>, and no notebook job', () => {
    const names = ofType(r, TYPES.JOB).map((j) => [j.name, j.inputs.displayName]).sort();
    assert.deepEqual(names, [
      ['job-corpus', 'use-91c075-corpus'], ['job-docs', 'use-91c075-docs'], ['job-tickets', 'use-91c075-tickets'],
      ['job-tickets-keyed', 'use-91c075-tickets-keyed'], ['job-warehouse', 'use-91c075-warehouse'],
    ]);
  });

  it('uploads local files under their digest; the file list is written by the stack and content-addressed too', () => {
    const objects = ofType(r, TYPES.OBJECT).filter((o) => String(o.inputs.name).startsWith('inputs/')).map((o) => o.inputs.name).sort();
    const list = `{input}/sha256-${sha('"a"\n')}/a.txt\n{input}/sha256-${sha('"b"\n')}/b.txt\n`;
    assert.deepEqual(objects, [
      `inputs/sha256-${sha('"a"\n')}/a.txt`, `inputs/sha256-${sha('"b"\n')}/b.txt`,
      `inputs/sha256-${sha('"printer on fire"\n')}/tickets.jsonl`,
      `inputs/sha256-${sha('{"id": "t-1", "lang": "en", "text": "printer on fire"}\n')}/tickets-keyed.jsonl`,
      `inputs/sha256-${sha(list)}/file-list.txt`,
    ].sort());
    const docs = jobInputs(r, 'docs');
    assert.deepEqual(docs.gcsSourceUris, [`gs://my-embeddings-dev-use-91c075/inputs/sha256-${sha(list)}/file-list.txt`]);
    const listObject = ofType(r, TYPES.OBJECT).find((o) => String(o.inputs.name).endsWith('file-list.txt'))!;
    assert.equal(listObject.inputs.content.value ?? listObject.inputs.content, list.split('{input}').join('gs://my-embeddings-dev-use-91c075/inputs'));
  });

  it('passes instanceConfig, reads uris in place, reads and writes BigQuery', () => {
    assert.deepEqual(jobInputs(r, 'tickets-keyed').instanceConfig, { keyField: 'id', includedFields: ['text'], instanceType: 'array' });
    assert.deepEqual(jobInputs(r, 'corpus').gcsSourceUris, ['gs://other-bucket/corpus/*.jsonl']);
    const warehouse = jobInputs(r, 'warehouse');
    assert.equal(warehouse.instancesFormat, 'bigquery');
    assert.equal(warehouse.bigquerySourceUri, 'bq://my-project.analytics.sentences');
    assert.equal(warehouse.predictionsFormat, 'bigquery');
    assert.equal(warehouse.bigqueryDestinationPrefix, 'bq://my-embeddings-dev.embeddings');
    assert.equal(warehouse.gcsSourceUris, undefined);
    assert.equal(warehouse.gcsDestinationPrefix, undefined);
    for (const job of ofType(r, TYPES.JOB)) {
      assert.deepEqual(checkBatchJobInputs({ ...job.inputs, model: 'projects/my-embeddings-dev/locations/us-central1/models/1@1' } as never), [], job.name);
    }
  });

  it('the GPU job runs on its own hardware and a second registration with the GPU image; the others on the stack\'s', () => {
    const corpus = jobInputs(r, 'corpus');
    assert.equal(corpus.machineType, 'n1-standard-8');
    assert.equal(corpus.acceleratorType, 'NVIDIA_TESLA_T4');
    assert.match(corpus.servingImageUri, /tf2-gpu\.2-15/);
    assert.match(one(r, TYPES.MODEL, 'model-gpu').inputs.imageUri, /tf2-gpu\.2-15/);
    assert.match(one(r, TYPES.MODEL, 'model').inputs.imageUri, /tf2-cpu\.2-15/);
    assert.ok(one(r, TYPES.JOB, 'job-corpus').dependencies.includes(one(r, TYPES.MODEL, 'model-gpu').urn));
    assert.equal(jobInputs(r, 'tickets').machineType, 'n1-standard-4');
  });

  it('grants read on the foreign bucket, the input table and write on the output dataset, to the job account and the Vertex agent only', () => {
    const bucketGrants = ofType(r, TYPES.BUCKET_IAM).filter((g) => g.inputs.bucket === 'other-bucket').map((g) => [g.inputs.role, g.inputs.member]).sort();
    assert.deepEqual(bucketGrants, [['roles/storage.objectViewer', `serviceAccount:${AGENT}`], ['roles/storage.objectViewer', `serviceAccount:${SA}`]]);
    const table = ofType(r, TABLE_IAM).map((g) => [g.inputs.project, g.inputs.datasetId, g.inputs.tableId, g.inputs.role, g.inputs.member]).sort();
    assert.deepEqual(table, [
      ['my-project', 'analytics', 'sentences', 'roles/bigquery.dataViewer', `serviceAccount:${AGENT}`],
      ['my-project', 'analytics', 'sentences', 'roles/bigquery.dataViewer', `serviceAccount:${SA}`],
    ]);
    const dataset = ofType(r, DATASET_IAM).map((g) => [g.inputs.datasetId, g.inputs.role, g.inputs.member]).sort();
    assert.deepEqual(dataset, [['embeddings', 'roles/bigquery.dataEditor', `serviceAccount:${AGENT}`], ['embeddings', 'roles/bigquery.dataEditor', `serviceAccount:${SA}`]]);
    // Nothing project-wide beyond what the platform grants.
    const projectRoles = ofType(r, TYPES.PROJECT_IAM).map((g) => g.inputs.role);
    assert.ok(projectRoles.every((role) => !role.startsWith('roles/bigquery') && !role.startsWith('roles/storage')), projectRoles.join(', '));
    const warehouse = one(r, TYPES.JOB, 'job-warehouse');
    for (const grant of [...ofType(r, TABLE_IAM), ...ofType(r, DATASET_IAM)]) assert.ok(warehouse.dependencies.includes(grant.urn), grant.name);
    const corpus = one(r, TYPES.JOB, 'job-corpus');
    for (const grant of ofType(r, TYPES.BUCKET_IAM).filter((g) => g.inputs.bucket === 'other-bucket')) assert.ok(corpus.dependencies.includes(grant.urn), grant.name);
  });

  it('declares the output dataset in the stack project: labels, the region, contents kept, BigQuery API first', () => {
    const dataset = one(r, DATASET);
    assert.equal(dataset.inputs.datasetId, 'embeddings');
    assert.equal(dataset.inputs.project, 'my-embeddings-dev');
    assert.equal(dataset.inputs.location, 'us-central1');
    assert.equal(dataset.inputs.deleteContentsOnDestroy, false);
    assert.equal(dataset.inputs.labels.app, 'vertex-embeddings');
    assert.equal(dataset.inputs.labels.environment, 'dev');
    const api = ofType(r, API).find((s) => s.inputs.service === 'bigquery.googleapis.com')!;
    assert.ok(dataset.dependencies.includes(api.urn));
    assert.equal(api.inputs.disableOnDestroy, false);
  });
});

describe('content-addressed inputs as the provider diff sees them', () => {
  const provider = new BatchJobProvider();
  const diff = (a: MockRun, b: MockRun, key: string) => provider.diff('id', jobInputs(a, key) as never, jobInputs(b, key) as never);
  let first: MockRun;
  let unchanged: MockRun;
  let changed: MockRun;
  before(async () => {
    dir = mkdtempSync(join(tmpdir(), 'jobs-digest-'));
    mkdirSync(join(dir, 'docs'));
    write(dir, { 'tickets.jsonl': '"one"\n', 'tickets-keyed.jsonl': '{"id": "1", "text": "one"}\n', 'docs/a.txt': '"a"\n', 'docs/b.txt': '"b"\n' });
    first = await run(dir);
    unchanged = await run(dir);
    write(dir, { 'docs/b.txt': '"b, edited"\n' });
    changed = await run(dir);
  });
  after(() => rmSync(dir, { recursive: true, force: true }));

  it('unchanged files: no job and no input object changes', async () => {
    for (const job of ofType(first, TYPES.JOB)) assert.equal((await diff(first, unchanged, job.name.slice(4))).changes, false, job.name);
    const names = (r: MockRun) => ofType(r, TYPES.OBJECT).map((o) => [o.name, o.inputs.name]).sort();
    assert.deepEqual(names(unchanged), names(first));
  });

  it('one changed file: only the job that reads it is replaced (its source URIs), the others show no diff', async () => {
    const results = Object.fromEntries(await Promise.all(ofType(first, TYPES.JOB).map(async (job) => [job.name.slice(4), await diff(first, changed, job.name.slice(4))] as const)));
    assert.deepEqual(results.docs!.replaces, ['gcsSourceUris']);
    for (const key of ['tickets', 'tickets-keyed', 'corpus', 'warehouse']) assert.equal(results[key]!.changes, false, key);
    const before = new Set(ofType(first, TYPES.OBJECT).map((o) => o.name));
    const after = new Set(ofType(changed, TYPES.OBJECT).map((o) => o.name));
    // b.txt and the list that names it are new objects; a.txt and the JSONL files stay.
    assert.equal([...after].filter((n) => !before.has(n)).length, 2);
    assert.equal([...before].filter((n) => !after.has(n)).length, 2);
  });
});
