// Issue #12 inputs: hardware candidates and instanceConfig, each rule with its message; and the error table that
// decides what is capacity (move to the next candidate), transient (retry in place) or neither.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import { type BatchJobInputs, checkBatchJobInputs } from '../../../infra/vertex/batch-job-inputs';
import { isCapacityError, isTransientError } from '../../../infra/vertex/errors';
import { jobInputs } from './fixture';

const MODEL = 'projects/test-project/locations/us-central1/models/123@1';
const GPU_IMAGE = 'us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest';
const gpuJob = (overrides: Record<string, unknown>) =>
  jobInputs(MODEL, { servingImageUri: GPU_IMAGE, machineType: 'g2-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1, ...overrides } as Partial<BatchJobInputs>);
const cpuJob = (overrides: Record<string, unknown>) => jobInputs(MODEL, overrides as Partial<BatchJobInputs>);

const cases: { name: string; inputs: BatchJobInputs; property: string; reason: string | RegExp }[] = [
  { name: 'candidate with an unknown machine type', inputs: gpuJob({ candidates: [{ machineType: 'n1-standard-5', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 }] }), property: 'candidates[0].machineType', reason: /^candidates\[0\]\.machineType: "n1-standard-5" is not a machine type Vertex AI offers for prediction; allowed: / },
  { name: 'candidate GPU that does not fit its machine', inputs: gpuJob({ candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] }), property: 'candidates[0].acceleratorType', reason: /^candidates\[0\]\.acceleratorType: "NVIDIA_L4" does not fit n1-standard-4; allowed: NVIDIA_TESLA_T4, / },
  { name: 'candidate GPU count not allowed', inputs: gpuJob({ candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 3 }] }), property: 'candidates[0].acceleratorCount', reason: 'candidates[0].acceleratorCount: 3 is not allowed for NVIDIA_TESLA_T4 on n1-standard-4; allowed: 1, 2, 4' },
  { name: 'second candidate without a GPU for a GPU image', inputs: gpuJob({ candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 }, { machineType: 'n1-standard-8' }] }), property: 'candidates[1].acceleratorType', reason: 'candidates[1].acceleratorType: missing, but the model\'s serving image "us-docker.pkg.dev/vertex-ai/prediction/tf2-gpu.2-15:latest" is a GPU image; rejected: give a GPU (e.g. NVIDIA_TESLA_T4 on n1-standard-4) or register the model with a tf2-cpu image' },
  { name: 'candidate GPU with a CPU image', inputs: cpuJob({ candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 }] }), property: 'candidates[0].acceleratorType', reason: /^candidates\[0\]\.acceleratorType: "NVIDIA_TESLA_T4" is attached, but the model's serving image .* is a CPU image that never uses the GPU/ },
  { name: 'candidate GPU not offered in the job region', inputs: gpuJob({ region: 'us-west2', model: 'projects/test-project/locations/us-west2/models/1', machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', candidates: [{ machineType: 'g2-standard-4', acceleratorType: 'NVIDIA_L4', acceleratorCount: 1 }] }), property: 'candidates[0].acceleratorType', reason: /^candidates\[0\]\.acceleratorType: "NVIDIA_L4" is not offered for prediction in us-west2; allowed there: NVIDIA_TESLA_T4, NVIDIA_TESLA_P4; regions offering NVIDIA_L4: / },
  { name: 'candidate asking for another region', inputs: gpuJob({ candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, region: 'europe-west4' }] }), property: 'candidates[0].region', reason: 'candidates[0].region: not a candidate field (the model is regional: every candidate runs in the job\'s region; declare another job with a model registered in that region instead); allowed: machineType, acceleratorType, acceleratorCount, startingReplicaCount' },
  { name: 'candidate with zero replicas', inputs: gpuJob({ candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, startingReplicaCount: 0 }] }), property: 'candidates[0].startingReplicaCount', reason: 'candidates[0].startingReplicaCount: 0 is not allowed; expected a whole number ≥ 1' },
  { name: 'candidate starting more replicas than maxReplicaCount (Vertex rejects the create, after the primary failed)', inputs: gpuJob({ maxReplicaCount: 1, candidates: [{ machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1, startingReplicaCount: 2 }] }), property: 'candidates[0].startingReplicaCount', reason: 'candidates[0].startingReplicaCount: 2 is above maxReplicaCount 1; allowed: 1 ≤ startingReplicaCount ≤ maxReplicaCount (maxReplicaCount is shared by every candidate)' },
  { name: 'candidate without a machine type', inputs: gpuJob({ candidates: [{ acceleratorType: 'NVIDIA_TESLA_T4' }] }), property: 'candidates[0].machineType', reason: 'candidates[0].machineType: missing; expected a machine type such as n1-standard-4' },
  { name: 'instance type not object/array', inputs: cpuJob({ instanceConfig: { instanceType: 'row' } }), property: 'instanceConfig.instanceType', reason: 'instanceConfig.instanceType: "row" is not an instance type; allowed: object, array' },
  { name: 'instance type for file-list input', inputs: cpuJob({ instancesFormat: 'file-list', instanceConfig: { instanceType: 'object' } }), property: 'instanceConfig.instanceType', reason: 'instanceConfig.instanceType: applies only to instancesFormat jsonl or bigquery, not "file-list"; remove it (file-list instances are converted by Vertex itself)' },
  { name: 'included and excluded fields together', inputs: cpuJob({ instanceConfig: { includedFields: ['text'], excludedFields: ['id'] } }), property: 'instanceConfig.excludedFields', reason: 'instanceConfig.excludedFields: must be empty when includedFields is set (Vertex accepts one or the other); keep only the list you need' },
  { name: 'key field with file-list input', inputs: cpuJob({ instancesFormat: 'file-list', instanceConfig: { keyField: 'id' } }), property: 'instanceConfig.keyField', reason: 'instanceConfig.keyField: needs instances with named fields (instancesFormat jsonl objects, csv, bigquery or tf-record), not "file-list"' },
  { name: 'included fields with csv input', inputs: cpuJob({ instancesFormat: 'csv', instanceConfig: { includedFields: ['text'] } }), property: 'instanceConfig.includedFields', reason: 'instanceConfig.includedFields: needs instances with named fields (instancesFormat jsonl objects, bigquery or tf-record), not "csv"' },
  { name: 'empty key field', inputs: cpuJob({ instanceConfig: { keyField: '' } }), property: 'instanceConfig.keyField', reason: 'instanceConfig.keyField: "" is not a field name; expected a non-empty string' },
  { name: 'key field also included', inputs: cpuJob({ instanceConfig: { keyField: 'id', includedFields: ['id', 'text'] } }), property: 'instanceConfig.keyField', reason: 'instanceConfig.keyField: "id" is also in includedFields; the key is never sent to the model, so remove it from includedFields' },
  { name: 'duplicate excluded field', inputs: cpuJob({ instanceConfig: { excludedFields: ['id', 'id'] } }), property: 'instanceConfig.excludedFields[1]', reason: 'instanceConfig.excludedFields[1]: "id" is listed twice' },
];

describe('#12 check: candidates and instanceConfig bad-input table', () => {
  it('accepts a GPU job with ordered candidates and a keyed JSONL instanceConfig', () => {
    const ok = gpuJob({
      candidates: [
        { machineType: 'n1-standard-4', acceleratorType: 'NVIDIA_TESLA_T4', acceleratorCount: 1 },
        { machineType: 'a2-highgpu-1g', acceleratorType: 'NVIDIA_TESLA_A100', acceleratorCount: 1, startingReplicaCount: 2 },
      ],
      maxReplicaCount: 2,
      instanceConfig: { instanceType: 'object', keyField: 'id', excludedFields: ['source'] },
    });
    assert.deepEqual(checkBatchJobInputs(ok), []);
  });

  it('accepts keyField with BigQuery output (the v1 proto documents a `key` column for csv/bigquery output)', () => {
    const bq = cpuJob({ predictionsFormat: 'bigquery', gcsDestinationPrefix: undefined, bigqueryDestinationPrefix: 'bq://test-project.results', instanceConfig: { keyField: 'id' } });
    assert.deepEqual(checkBatchJobInputs(bq), []);
  });

  for (const c of cases) {
    it(`rejects ${c.name}`, () => {
      const failures = checkBatchJobInputs(c.inputs);
      const match = failures.find((f) => f.property === c.property);
      assert.ok(match, `expected a failure on ${c.property}, got ${JSON.stringify(failures)}`);
      if (typeof c.reason === 'string') assert.equal(match.reason, c.reason);
      else assert.match(match.reason, c.reason);
    });
  }
});

describe('error classification (infra/vertex/error-catalog.ts)', () => {
  const table: { status: { code?: number; message: string }; capacity: boolean; transient: boolean }[] = [
    { status: { code: 8, message: 'Quota exceeded for aiplatform.googleapis.com/custom_model_serving_nvidia_l4_gpus with base model: us-central1' }, capacity: true, transient: false },
    { status: { code: 8, message: 'The following quota metrics exceed quota limits: aiplatform.googleapis.com/custom_model_serving_nvidia_t4_gpus' }, capacity: true, transient: false },
    { status: { code: 8, message: 'Resources are insufficient in region: europe-west4.' }, capacity: true, transient: false },
    { status: { code: 13, message: 'ZONE_RESOURCE_POOL_EXHAUSTED: The zone does not have enough resources available' }, capacity: true, transient: false },
    { status: { code: 8, message: 'Too many requests' }, capacity: false, transient: true },
    { status: { code: 8, message: "Quota exceeded for quota metric 'Resource management (CRUD) requests' and limit 'Resource management (CRUD) requests per minute per region' of service 'aiplatform.googleapis.com' for consumer 'project_number:123'." }, capacity: false, transient: true },
    { status: { code: 14, message: 'Connection reset' }, capacity: false, transient: true },
    { status: { code: 4, message: 'Deadline exceeded' }, capacity: false, transient: true },
    // Waited out by the create calls within the IAM propagation window (iam-propagation.ts), not retried in place.
    { status: { code: 9, message: 'Service agents are being provisioned' }, capacity: false, transient: false },
    { status: { code: 8, message: 'Quota exhausted. Please reach out to ai-platform-unified-feedback@google.com for batch prediction quota increase.' }, capacity: false, transient: false },
    { status: { code: 9, message: 'Model is in use' }, capacity: false, transient: false },
    { status: { code: 3, message: 'Accelerator "NVIDIA_L4" is not supported for machine type "n1-standard-4"; quota exceeded wording must not matter' }, capacity: false, transient: false },
    { status: { code: 3, message: 'Failed to parse instance' }, capacity: false, transient: false },
  ];
  for (const row of table) {
    it(`${row.status.code} "${row.status.message.slice(0, 60)}" → ${row.capacity ? 'capacity' : row.transient ? 'transient' : 'user/system error'}`, () => {
      assert.equal(isCapacityError(row.status), row.capacity);
      assert.equal(isTransientError(Object.assign(new Error(row.status.message), { code: row.status.code, details: row.status.message })), row.transient);
    });
  }
});
