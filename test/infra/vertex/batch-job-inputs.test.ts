// Bad-input table for BatchPredictionJob inputs: each case asserts the field and the exact message a user sees
// at preview (check), before any API call.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type BatchJobInputs, checkBatchJobInputs, UNKNOWN } from '../../../infra/vertex/batch-job-inputs';
import { jobInputs } from './fixture';

const MODEL = 'projects/test-project/locations/us-central1/models/123@1';
const base = (overrides: Record<string, unknown>) => jobInputs(MODEL, overrides as Partial<BatchJobInputs>);

const cases: { name: string; overrides: Record<string, unknown>; property: string; reason: string | RegExp }[] = [
  { name: 'unknown instances format', overrides: { instancesFormat: 'parquet' }, property: 'instancesFormat', reason: 'instancesFormat: "parquet" is not an instances format; allowed: jsonl, csv, bigquery, tf-record, tf-record-gzip, file-list' },
  { name: 'unknown predictions format', overrides: { predictionsFormat: 'tf-record' }, property: 'predictionsFormat', reason: 'predictionsFormat: "tf-record" is not a predictions format; allowed: jsonl, csv, bigquery' },
  { name: 'bigquery source given gs:// URIs', overrides: { instancesFormat: 'bigquery' }, property: 'gcsSourceUris', reason: 'gcsSourceUris: must be empty when instancesFormat is "bigquery" (got ["gs://test-bucket/batch/test.jsonl"]); the source is bigquerySourceUri bq://PROJECT.DATASET.TABLE' },
  { name: 'bigquery source without a table', overrides: { instancesFormat: 'bigquery', gcsSourceUris: undefined }, property: 'bigquerySourceUri', reason: 'bigquerySourceUri: missing; instancesFormat "bigquery" reads from bq://PROJECT.DATASET.TABLE' },
  { name: 'bq table URI with jsonl format', overrides: { bigquerySourceUri: 'bq://test-project.ds.t' }, property: 'bigquerySourceUri', reason: 'bigquerySourceUri: "bq://test-project.ds.t" is only read when instancesFormat is "bigquery" (got "jsonl"); use gcsSourceUris gs://BUCKET/PATH' },
  { name: 'no gcs source', overrides: { gcsSourceUris: [] }, property: 'gcsSourceUris', reason: 'gcsSourceUris: missing; instancesFormat "jsonl" reads from one or more gs://BUCKET/PATH URIs' },
  { name: 'malformed bq table', overrides: { instancesFormat: 'bigquery', gcsSourceUris: undefined, bigquerySourceUri: 'bq://test-project.only_dataset' }, property: 'bigquerySourceUri', reason: 'bigquerySourceUri: "bq://test-project.only_dataset" is not a BigQuery table URI; expected bq://PROJECT.DATASET.TABLE' },
  { name: 'sources given as one string', overrides: { gcsSourceUris: 'gs://test-bucket/batch/test.jsonl' }, property: 'gcsSourceUris', reason: 'gcsSourceUris: "gs://test-bucket/batch/test.jsonl" is not a list; expected ["gs://BUCKET/PATH", ...]' },
  { name: 'source not a gs:// URI', overrides: { gcsSourceUris: ['https://storage.googleapis.com/b/x.jsonl'] }, property: 'gcsSourceUris[0]', reason: 'gcsSourceUris[0]: "https://storage.googleapis.com/b/x.jsonl" is not a Cloud Storage URI; expected gs://BUCKET/PATH' },
  { name: 'source names only a bucket', overrides: { gcsSourceUris: ['gs://test-bucket/'] }, property: 'gcsSourceUris[0]', reason: 'gcsSourceUris[0]: "gs://test-bucket/" names a bucket, not a file; expected gs://test-bucket/PATH (wildcards * allowed)' },
  { name: 'bad bucket name', overrides: { gcsSourceUris: ['gs://Test_Bucket/x.jsonl'] }, property: 'gcsSourceUris[0]', reason: 'gcsSourceUris[0]: bucket "Test_Bucket" in "gs://Test_Bucket/x.jsonl" is not a valid bucket name; allowed: 3-222 of a-z 0-9 . _ -, starting and ending with a letter or digit' },
  { name: 'wildcard in destination', overrides: { gcsDestinationPrefix: 'gs://test-bucket/out/*' }, property: 'gcsDestinationPrefix', reason: 'gcsDestinationPrefix: "gs://test-bucket/out/*" contains a wildcard; wildcards are allowed only in gcsSourceUris, the destination is a plain prefix gs://BUCKET/PATH' },
  { name: 'csv predictions from a custom model', overrides: { predictionsFormat: 'csv' }, property: 'predictionsFormat', reason: 'predictionsFormat: "csv" is produced only for tabular (AutoML tables) models; custom models such as this TensorFlow SavedModel write jsonl; allowed here: jsonl, bigquery' },
  { name: 'bigquery output with a gs:// destination', overrides: { predictionsFormat: 'bigquery' }, property: 'gcsDestinationPrefix', reason: 'gcsDestinationPrefix: must be unset when predictionsFormat is "bigquery" (got "gs://test-bucket/predictions"); the destination is bigqueryDestinationPrefix bq://PROJECT or bq://PROJECT.DATASET' },
  { name: 'jsonl output with a bq destination', overrides: { bigqueryDestinationPrefix: 'bq://test-project' }, property: 'bigqueryDestinationPrefix', reason: 'bigqueryDestinationPrefix: "bq://test-project" is only used when predictionsFormat is "bigquery" (got "jsonl"); use gcsDestinationPrefix gs://BUCKET/PATH' },
  { name: 'missing destination', overrides: { gcsDestinationPrefix: undefined }, property: 'gcsDestinationPrefix', reason: 'gcsDestinationPrefix: missing; predictionsFormat "jsonl" writes under gs://BUCKET/PATH' },
  { name: 'model in another region', overrides: { model: 'projects/test-project/locations/europe-west4/models/123' }, property: 'model', reason: 'model: "projects/test-project/locations/europe-west4/models/123" is in europe-west4, but the job runs in us-central1; the model, input and output must be in the same region' },
  { name: 'model not a resource name', overrides: { model: 'use-lite' }, property: 'model', reason: 'model: "use-lite" is not a model resource name; expected projects/PROJECT/locations/REGION/models/ID[@VERSION]' },
  { name: 'unknown machine type', overrides: { machineType: 'n1-standard-3' }, property: 'machineType', reason: /^machineType: "n1-standard-3" is not a machine type Vertex AI offers for prediction; allowed: e2-standard-\{2,4,8,16,32\}, .*n1-standard-\{2,4,8,16,32,64,96\}/ },
  { name: 'GPU on an e2 machine', overrides: { machineType: 'e2-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, servingImageUri: undefined }, property: 'acceleratorType', reason: /^acceleratorType: "NVIDIA_TESLA_T4" cannot be attached to e2-standard-4 \(e2 machines take no accelerator\); allowed: none/ },
  { name: 'K80 (end of life)', overrides: { acceleratorType: 'NVIDIA_TESLA_K80', acceleratorCount: 1, servingImageUri: undefined }, property: 'acceleratorType', reason: /^acceleratorType: .*K80.*allowed on n1-standard-4: NVIDIA_TESLA_T4/ },
  { name: 'GPU count not allowed', overrides: { acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 3, servingImageUri: undefined }, property: 'acceleratorCount', reason: 'acceleratorCount: 3 is not allowed for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4' },
  { name: 'GPU not offered in the region', overrides: { region: 'europe-west2', model: 'projects/test-project/locations/europe-west2/models/1', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, machineType: 'g2-standard-4', servingImageUri: undefined }, property: 'acceleratorType', reason: /^acceleratorType: "NVIDIA_L4" is not offered for prediction in europe-west2; allowed there: NVIDIA_TESLA_T4; regions offering NVIDIA_L4: us-central1/ },
  { name: 'unknown region', overrides: { region: 'us-central9' }, property: 'region', reason: /^region: "us-central9" is not a Vertex AI region; allowed: us-central1, / },
  { name: 'GPU with a CPU serving image', overrides: { acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 }, property: 'acceleratorType', reason: 'acceleratorType: "NVIDIA_TESLA_T4" is attached, but the model\'s serving image "us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest" is a CPU image that never uses the GPU (you would pay for an idle accelerator); rejected: use a tf2-gpu image (servingImageUri(region, tf, true)) or omit the accelerator' },
  { name: 'GPU image without a GPU', overrides: { servingImageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest' }, property: 'acceleratorType', reason: 'acceleratorType: missing, but the model\'s serving image "us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest" is a GPU image; rejected: give a GPU (e.g. NVIDIA_TESLA_T4 on n1-standard-4) or register the model with a tf2-cpu image' },
  { name: 'starting replicas 0', overrides: { startingReplicaCount: 0 }, property: 'startingReplicaCount', reason: 'startingReplicaCount: 0 is not allowed; expected a whole number ≥ 1' },
  { name: 'max below starting replicas', overrides: { startingReplicaCount: 4, maxReplicaCount: 2 }, property: 'maxReplicaCount', reason: 'maxReplicaCount: 2 is below startingReplicaCount 4; allowed: 1 ≤ startingReplicaCount ≤ maxReplicaCount (Vertex starts startingReplicaCount replicas and may scale up to maxReplicaCount)' },
  { name: 'fractional batch size', overrides: { manualBatchSize: 2.5 }, property: 'manualBatchSize', reason: 'manualBatchSize: 2.5 is not allowed; expected a whole number ≥ 1' },
  { name: 'service account not an email', overrides: { serviceAccount: 'batch-runner' }, property: 'serviceAccount', reason: 'serviceAccount: "batch-runner" is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com' },
  { name: 'label key with capitals', overrides: { labels: { Team: 'search' } }, property: 'labels.Team', reason: 'labels.Team: key "Team" is not a label key; allowed: lowercase letter first, then up to 62 of a-z 0-9 _ -' },
  { name: 'label value with a space', overrides: { labels: { team: 'web search' } }, property: 'labels.team', reason: 'labels.team: value "web search" is not a label value; allowed: up to 63 of a-z 0-9 _ -' },
  { name: 'reserved label', overrides: { labels: { 'pulumi-resource': 'x' } }, property: 'labels.pulumi-resource', reason: 'labels.pulumi-resource: the key "pulumi-resource" is reserved for the provider\'s crash-safety label; reserved: pulumi-resource, pulumi-attempt' },
  { name: 'bad KMS key', overrides: { encryptionKey: 'my-key' }, property: 'encryptionKey', reason: 'encryptionKey: "my-key" is not a Cloud KMS key name; expected projects/P/locations/L/keyRings/R/cryptoKeys/K' },
  { name: 'bad project id', overrides: { project: 'My Project' }, property: 'project', reason: 'project: "My Project" is not a Google Cloud project id; allowed: 6-30 of a-z 0-9 -, starting with a letter' },
  { name: 'display name too long', overrides: { displayName: 'x'.repeat(129) }, property: 'displayName', reason: `displayName: "${'x'.repeat(129)}" is not allowed; expected 1-128 characters` },
  { name: 'timeout of zero', overrides: { completionTimeoutSeconds: 0 }, property: 'completionTimeoutSeconds', reason: 'completionTimeoutSeconds: 0 is not allowed; expected a number of seconds > 0 (default 86400)' },
  { name: 'waitForCompletion as a string', overrides: { waitForCompletion: 'yes' }, property: 'waitForCompletion', reason: 'waitForCompletion: "yes" is not allowed; expected true or false' },
];

describe('BatchPredictionJob check: bad-input table', () => {
  it('accepts the notebook job as given', () => {
    assert.deepEqual(checkBatchJobInputs(base({})), []);
  });

  it('accepts the file-list job, wildcards in sources, a GPU with a GPU image, and BigQuery in/out', () => {
    assert.deepEqual(checkBatchJobInputs(base({ instancesFormat: 'file-list', gcsSourceUris: ['gs://test-bucket/batch/test.txt'] })), []);
    assert.deepEqual(checkBatchJobInputs(base({ gcsSourceUris: ['gs://test-bucket/batch/part-*.jsonl'] })), []);
    assert.deepEqual(
      checkBatchJobInputs(base({ acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, servingImageUri: 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest' })),
      [],
    );
    assert.deepEqual(
      checkBatchJobInputs(base({ instancesFormat: 'bigquery', gcsSourceUris: undefined, bigquerySourceUri: 'bq://test-project.ds.sentences', predictionsFormat: 'bigquery', gcsDestinationPrefix: undefined, bigqueryDestinationPrefix: 'bq://test-project.results' })),
      [],
    );
  });

  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const failures = checkBatchJobInputs(base(c.overrides));
      const match = failures.find((f) => f.property === c.property);
      assert.ok(match, `expected a failure on ${c.property}, got ${JSON.stringify(failures)}`);
      if (typeof c.reason === 'string') assert.equal(match.reason, c.reason);
      else assert.match(match.reason, c.reason);
    });
  }

  it('skips rules whose values are not known yet at preview (unknown outputs of other resources)', () => {
    assert.deepEqual(checkBatchJobInputs(base({ model: UNKNOWN, serviceAccount: UNKNOWN, gcsSourceUris: [UNKNOWN], gcsDestinationPrefix: UNKNOWN })), []);
    assert.deepEqual(checkBatchJobInputs(base({ gcsSourceUris: UNKNOWN, labels: UNKNOWN, candidates: UNKNOWN, machineType: UNKNOWN })), []);
  });

  it('skips GPU and instanceConfig rules whose values are not known yet at preview (no false failures)', () => {
    const gpuImage = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest';
    assert.deepEqual(checkBatchJobInputs(base({ servingImageUri: gpuImage, acceleratorType: UNKNOWN, acceleratorCount: UNKNOWN })), []);
    assert.deepEqual(checkBatchJobInputs(base({ servingImageUri: gpuImage, acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: UNKNOWN })), []);
    assert.deepEqual(checkBatchJobInputs(base({ instanceConfig: { keyField: UNKNOWN, includedFields: UNKNOWN } })), []);
    assert.deepEqual(checkBatchJobInputs(base({ instanceConfig: { keyField: UNKNOWN, includedFields: [UNKNOWN] } })), []);
    assert.deepEqual(checkBatchJobInputs(base({ instanceConfig: { instanceType: UNKNOWN, excludedFields: UNKNOWN } })), []);
  });

  it('reports every problem at once', () => {
    const failures = checkBatchJobInputs(base({ instancesFormat: 'parquet', startingReplicaCount: 0, serviceAccount: 'x' }));
    assert.deepEqual(failures.map((f) => f.property).sort(), ['instancesFormat', 'serviceAccount', 'startingReplicaCount']);
  });
});
