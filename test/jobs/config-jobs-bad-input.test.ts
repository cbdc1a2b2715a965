// `vertex-embeddings:jobs` refused before anything is declared: each bad value is named by its config path, with
// what is allowed. One row per mistake; every message is asserted.
import { before, describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError, parseStackConfig } from '../../infra/config';
import { loadStackConfig } from '../../local/cli/stack-file';

let root: string;
before(() => {
  root = mkdtempSync(join(tmpdir(), 'jobs-config-'));
  mkdirSync(join(root, 'data', 'docs'), { recursive: true });
  writeFileSync(join(root, 'data', 'tickets.jsonl'), '"a"\n');
  writeFileSync(join(root, 'data', 'docs', 'a.txt'), 'a');
});

const parse = (jobs: unknown) =>
  parseStackConfig({ 'gcp:project': 'my-embeddings-dev', 'gcp:region': 'us-central1', environment: 'dev', jobs }, 'dev', { projectRoot: root });

const jsonl = { format: 'jsonl', files: ['data/tickets.jsonl'] };

const CASES: { name: string; jobs: unknown; message: RegExp }[] = [
  { name: 'missing local file', jobs: { docs: { input: { format: 'jsonl', files: ['data/missing.jsonl'] } } }, message: /jobs\.docs\.input\.files\[0\]: "data\/missing\.jsonl" does not exist \(looked for .*data\/missing\.jsonl\); allowed: a file or glob relative to the project root/ },
  { name: 'glob matching nothing', jobs: { docs: { input: { format: 'file-list', files: ['data/docs/a.txt', 'data/docs/*.md'] } } }, message: /jobs\.docs\.input\.files\[1\]: "data\/docs\/\*\.md" matches no file under .*; allowed: a glob that names at least one file/ },
  { name: 'a folder given as a file', jobs: { docs: { input: { format: 'file-list', files: ['data/docs'] } } }, message: /jobs\.docs\.input\.files\[0\]: "data\/docs" is a folder, not a file; allowed: a file, or a glob such as data\/docs\/\*\.txt/ },
  { name: 'two sources', jobs: { t: { input: { ...jsonl, uris: ['gs://other-bucket/a.jsonl'] } } }, message: /jobs\.t\.input: has files and uris; allowed: exactly one of files, uris, table/ },
  { name: 'no source', jobs: { t: { input: { format: 'jsonl' } } }, message: /jobs\.t\.input: no source; allowed: exactly one of files \(local files or globs\), uris \(gs:\/\/ objects\), table/ },
  { name: 'a table read as jsonl', jobs: { w: { input: { format: 'jsonl', table: 'bq://my-project.analytics.sentences' } } }, message: /jobs\.w\.input\.format: "jsonl" does not read a BigQuery table \(input\.table\); allowed with table: bigquery/ },
  { name: 'files read as bigquery', jobs: { t: { input: { format: 'bigquery', files: ['data/tickets.jsonl'] } } }, message: /jobs\.t\.input\.format: "bigquery" reads input\.table, not files; allowed with files: jsonl, file-list, csv, tf-record, tf-record-gzip/ },
  { name: 'unknown format', jobs: { t: { input: { format: 'parquet', files: ['data/tickets.jsonl'] } } }, message: /jobs\.t\.input\.format: "parquet" must be an instances format; allowed: jsonl, file-list, csv, tf-record, tf-record-gzip, bigquery/ },
  { name: 'a bad table URI', jobs: { w: { input: { format: 'bigquery', table: 'my-project.analytics' } } }, message: /jobs\.w\.input\.table: "my-project\.analytics" is not a BigQuery table URI; allowed: bq:\/\/PROJECT\.DATASET\.TABLE/ },
  { name: 'BigQuery output naming a table', jobs: { w: { input: { format: 'bigquery', table: 'bq://my-project.analytics.sentences' }, output: { bigquery: 'my-project.embeddings.out' } } }, message: /jobs\.w\.output\.bigquery: "my-project\.embeddings\.out" names a table; Vertex creates its own predictions table in the dataset; allowed: PROJECT\.DATASET/ },
  { name: 'BigQuery output not a dataset', jobs: { t: { input: jsonl, output: { bigquery: 'embeddings' } } }, message: /jobs\.t\.output\.bigquery: "embeddings" is not a BigQuery dataset; allowed: PROJECT\.DATASET/ },
  { name: 'an empty output', jobs: { t: { input: jsonl, output: {} } }, message: /jobs\.t\.output: empty; allowed: bigquery: PROJECT\.DATASET, or no output/ },
  { name: 'keyField also included', jobs: { k: { input: jsonl, instanceConfig: { keyField: 'id', includedFields: ['id', 'text'] } } }, message: /jobs\.k\.instanceConfig\.keyField: "id" is also in includedFields; the key is never sent to the model/ },
  { name: 'instanceType on a file list', jobs: { d: { input: { format: 'file-list', files: ['data/docs/*.txt'] }, instanceConfig: { instanceType: 'array' } } }, message: /jobs\.d\.instanceConfig\.instanceType: applies only to instancesFormat jsonl or bigquery, not "file-list"/ },
  { name: 'included and excluded fields', jobs: { k: { input: jsonl, instanceConfig: { includedFields: ['text'], excludedFields: ['lang'] } } }, message: /jobs\.k\.instanceConfig\.excludedFields: must be empty when includedFields is set/ },
  { name: 'an unknown instanceType', jobs: { k: { input: jsonl, instanceConfig: { instanceType: 'tensor' } } }, message: /jobs\.k\.instanceConfig\.instanceType: "tensor" must be an instance type; allowed: object, array/ },
  { name: 'an invalid job key', jobs: { Tickets_1: { input: jsonl } }, message: /jobs: key "Tickets_1" is not a job key; allowed: 1-40 lowercase letters, digits and "-", starting with a letter/ },
  { name: 'a foreign bucket in another location', jobs: { corpus: { input: { format: 'jsonl', uris: ['gs://other-bucket/corpus/*.jsonl'], location: 'EU' } } }, message: /jobs\.corpus\.input\.location: "EU" is not where Vertex AI in us-central1 reads inputs .*; allowed: US-CENTRAL1, US/ },
  { name: 'a location without uris', jobs: { t: { input: { ...jsonl, location: 'US' } } }, message: /jobs\.t\.input\.location: "US" describes the bucket of input\.uris, and this job has none; allowed: remove it/ },
  { name: 'a uri that is not gs://', jobs: { corpus: { input: { format: 'jsonl', uris: ['https://example.com/a.jsonl'] } } }, message: /jobs\.corpus\.input\.uris\[0\]: "https:\/\/example\.com\/a\.jsonl" is not a Cloud Storage URI; expected gs:\/\/BUCKET\/PATH/ },
  { name: 'a GPU on the wrong machine', jobs: { g: { input: jsonl, hardware: { machineType: 'e2-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 } } }, message: /jobs\.g\.hardware\.acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to e2-standard-4/ },
  { name: 'a GPU without a machine', jobs: { g: { input: jsonl, hardware: { acceleratorType: 'NVIDIA_TESLA_T4' } } }, message: /jobs\.g\.hardware\.machineType: missing, but jobs\.g\.hardware\.acceleratorType is set/ },
  { name: 'a CPU candidate for a GPU job', jobs: { g: { input: jsonl, hardware: { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, candidates: [{ machineType: 'n1-standard-8' }] } } }, message: /jobs\.g\.hardware\.candidates\[0\]\.acceleratorType: missing, but jobs\.g\.hardware\.acceleratorType selects the GPU serving image/ },
  { name: 'fewer max than starting replicas', jobs: { t: { input: jsonl, hardware: { startingReplicaCount: 3, maxReplicaCount: 2 } } }, message: /jobs\.t\.hardware\.maxReplicaCount: 2 is below the job's startingReplicaCount \(3\); allowed: 3\.\.100/ },
  { name: 'a completion timeout beyond 3 days', jobs: { t: { input: jsonl, completionTimeoutSeconds: 300000 } }, message: /jobs\.t\.completionTimeoutSeconds: 300000 must be how long `pulumi up` waits for this job, in seconds, a whole number; allowed: 1\.\.259200/ },
  { name: 'waitForCompletion not a boolean', jobs: { t: { input: jsonl, waitForCompletion: 'soon' } } , message: /jobs\.t\.waitForCompletion: "soon" must be whether `pulumi up` waits for this job to end; allowed: true, false/ },
  { name: 'a rerun token with capitals', jobs: { t: { input: jsonl, rerun: 'Monday' } }, message: /jobs\.t\.rerun: "Monday" must be a token; allowed: 0-63 lowercase letters, digits/ },
  { name: 'an unknown job field', jobs: { t: { input: jsonl, machineType: 'n1-standard-8' } }, message: /jobs\.t\.machineType: unknown config key; allowed: input, instanceConfig, hardware, output, waitForCompletion, completionTimeoutSeconds, rerun/ },
  { name: 'an unknown input field', jobs: { t: { input: { ...jsonl, path: 'x' } } }, message: /jobs\.t\.input\.path: unknown config key; allowed: format, files, uris, table, location/ },
];

describe('jobs config: bad input is refused with its config path', () => {
  for (const c of CASES) {
    it(c.name, () => {
      assert.throws(() => parse(c.jobs), (error: unknown) => {
        assert.ok(error instanceof ConfigError, String(error));
        assert.match(error.message, c.message);
        return true;
      });
    });
  }

  it('every problem of every job at once', () => {
    assert.throws(() => parse({ a: { input: { format: 'jsonl' } }, b: { input: { format: 'jsonl', files: ['nope.jsonl'] } } }), (error: unknown) => {
      assert.ok(error instanceof ConfigError);
      assert.deepEqual(error.problems.map((p) => p.split(':')[0]), ['jobs.a.input', 'jobs.b.input.files[0]']);
      return true;
    });
  });

  it('a job key given twice in the stack file', () => {
    writeFileSync(join(root, 'Pulumi.yaml'), 'name: vertex-embeddings\n');
    writeFileSync(
      join(root, 'Pulumi.twice.yaml'),
      'config:\n  gcp:project: my-embeddings-dev\n  gcp:region: us-central1\n  vertex-embeddings:environment: dev\n  vertex-embeddings:jobs:\n    tickets:\n      input: {format: jsonl, files: [data/tickets.jsonl]}\n    tickets:\n      input: {format: jsonl, files: [data/docs/a.txt]}\n',
    );
    assert.throws(() => loadStackConfig('twice', root), /Pulumi\.twice\.yaml: key "tickets" appears twice in one map at line 8 \(job keys under vertex-embeddings:jobs must be unique: each names one job\); allowed: each key once/);
  });
});

describe('jobs config: accepted', () => {
  it('hardware overrides prediction.* for one job, its candidates included; the rest inherit', () => {
    const config = parse({
      tickets: { input: jsonl },
      corpus: {
        input: { format: 'jsonl', uris: ['gs://other-bucket/corpus/*.jsonl'], location: 'us' },
        hardware: { machineType: 'n1-standard-8', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, candidates: [{ machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] },
        waitForCompletion: false,
        completionTimeoutSeconds: 7200,
      },
    });
    const [tickets, corpus] = config.jobs!;
    assert.deepEqual(tickets!.hardware, { machineType: 'n1-standard-4', startingReplicaCount: 1, maxReplicaCount: 1, batchSize: 64, gpu: false, servingImageUri: config.prediction.servingImageUri });
    assert.equal(tickets!.waitForCompletion, true);
    assert.equal(corpus!.hardware.acceleratorType, 'NVIDIA_TESLA_T4');
    assert.equal(corpus!.hardware.servingImageUri, 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest');
    assert.deepEqual(corpus!.hardware.candidates, [{ machineType: 'g2-standard-8', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }]);
    assert.deepEqual(corpus!.source, { kind: 'uris', uris: ['gs://other-bucket/corpus/*.jsonl'], location: 'US' });
    assert.equal(corpus!.waitForCompletion, false);
    assert.equal(corpus!.completionTimeoutSeconds, 7200);
  });

  it('globs expand to sorted files relative to the project root', () => {
    writeFileSync(join(root, 'data', 'docs', 'b.txt'), 'b');
    const [docs] = parse({ docs: { input: { format: 'file-list', files: ['data/docs/*.txt'] } } }).jobs!;
    assert.deepEqual(docs!.source.kind === 'files' && docs!.source.files.map((f) => f.shown), ['data/docs/a.txt', 'data/docs/b.txt']);
  });

  it('no jobs key: the notebook default', () => {
    const config = parseStackConfig({ 'gcp:project': 'my-embeddings-dev', 'gcp:region': 'us-central1', environment: 'dev' }, 'dev');
    assert.equal(config.jobs, undefined);
  });
});
