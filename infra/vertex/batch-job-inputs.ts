// The inputs of a BatchPredictionJob and `checkBatchJobInputs`, which finds every problem Vertex would reject
// (or that would waste a GPU) before any API call. Each message names the field path, the bad value and what is
// allowed, in the style of `checkHardware` (infra/catalog/machines.ts), which it reuses for machine/GPU/region.
//
// Sources for the rules: google/cloud/aiplatform/v1/batch_prediction_job.proto as shipped with
// @google-cloud/aiplatform (InputConfig, OutputConfig, InstanceConfig comments), the Vertex "Get batch predictions
// for custom models" docs (formats, same region, csv only for tabular), resource label rules
// (https://cloud.google.com/resource-manager/docs/labels-overview).
import { checkHardware, isGpuServingImage } from '../catalog/machines';
import { kmsKeyRegionProblem } from './kms-key';

export const INSTANCES_FORMATS = ['jsonl', 'csv', 'bigquery', 'tf-record', 'tf-record-gzip', 'file-list'] as const;
export const PREDICTIONS_FORMATS = ['jsonl', 'csv', 'bigquery'] as const;
export const INSTANCE_TYPES = ['object', 'array'] as const;
export type InstancesFormat = (typeof INSTANCES_FORMATS)[number];
export type PredictionsFormat = (typeof PREDICTIONS_FORMATS)[number];

/** One set of hardware the job may run on. The primary one is the job's own fields; candidates follow in order. */
export interface HardwareCandidate {
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  startingReplicaCount?: number;
}

export interface InstanceConfigInputs {
  instanceType?: 'object' | 'array';
  keyField?: string;
  includedFields?: string[];
  excludedFields?: string[];
}

/** Plain inputs as the provider receives them (Pulumi Inputs resolved). */
export interface BatchJobInputs {
  /** Version of the provider code that last wrote this state (refresh runs old code: pulumi/docs#5427). */
  providerVersion: string;
  /** Identity of the Pulumi resource (its URN); hashed into the adoption label, never sent as is. */
  resourceKey: string;
  project: string;
  region: string;
  displayName: string;
  /** `projects/P/locations/R/models/ID` (optionally `@VERSION`), e.g. a VertexModel's `name` output. */
  model: string;
  /** Container image of the model, to match CPU/GPU images with the hardware (optional). */
  servingImageUri?: string;
  instancesFormat: InstancesFormat;
  predictionsFormat: PredictionsFormat;
  gcsSourceUris?: string[];
  bigquerySourceUri?: string;
  gcsDestinationPrefix?: string;
  bigqueryDestinationPrefix?: string;
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  startingReplicaCount?: number;
  maxReplicaCount?: number;
  /** Instances per prediction request; Vertex's default 64 can run a replica out of memory (python-aiplatform#1243). */
  manualBatchSize?: number;
  serviceAccount?: string;
  labels?: Record<string, string>;
  encryptionKey?: string;
  instanceConfig?: InstanceConfigInputs;
  /** Hardware to try, in order, when the primary hardware has no capacity (issue #12). Same region only. */
  candidates?: HardwareCandidate[];
  waitForCompletion?: boolean;
  completionTimeoutSeconds?: number;
  /**
   * `projects/P/locations/R/batchPredictionJobs/ID` of a job made outside Pulumi to take over instead of submitting
   * one (./adoption.ts). Read on create only; not job-defining (no diff, not hashed into the adoption label).
   */
  adopt?: string;
}

/** Every input key, for diff and hashing (state also holds outputs and `__provider`, which must be ignored). */
export const BATCH_JOB_INPUT_KEYS = [
  'providerVersion', 'resourceKey', 'project', 'region', 'displayName', 'model', 'servingImageUri',
  'instancesFormat', 'predictionsFormat', 'gcsSourceUris', 'bigquerySourceUri', 'gcsDestinationPrefix',
  'bigqueryDestinationPrefix', 'machineType', 'acceleratorType', 'acceleratorCount', 'startingReplicaCount',
  'maxReplicaCount', 'manualBatchSize', 'serviceAccount', 'labels', 'encryptionKey', 'instanceConfig', 'candidates',
  'waitForCompletion', 'completionTimeoutSeconds',
] as const satisfies readonly (keyof BatchJobInputs)[];

export interface CheckFailure {
  property: string;
  reason: string;
}

/** The value Pulumi passes for inputs not known yet (preview): rules that need such a value are skipped. */
export const UNKNOWN = '04da6b54-80e4-46f7-96ec-b56ff0331ba9';
export const isUnknown = (value: unknown): boolean =>
  value === UNKNOWN || (Array.isArray(value) && value.some((v) => v === UNKNOWN));

/** Label keys the provider sets itself; users may not set them. */
export const RESERVED_LABELS = ['pulumi-resource', 'pulumi-attempt'] as const;
export const DEFAULT_COMPLETION_TIMEOUT_SECONDS = 24 * 60 * 60;
const MAX_DISPLAY_NAME = 128;
const MAX_LABELS = 64;

const GCS_URI = /^gs:\/\/([^/]+)\/(.*)$/;
const BUCKET_NAME = /^[a-z0-9][a-z0-9._-]{1,220}[a-z0-9]$/;
const BQ_TABLE = /^bq:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9]\.\w{1,1024}\.[\w$-]{1,1024}$/;
const BQ_DESTINATION = /^bq:\/\/[a-z][a-z0-9-]{4,28}[a-z0-9](\.\w{1,1024})?$/;
const PROJECT_ID = /^[a-z][a-z0-9-]{4,28}[a-z0-9]$/;
const MODEL_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/models\/([^/@]+)(@[A-Za-z0-9_-]+)?$/;
const SERVICE_ACCOUNT = /^[a-z0-9-]+@[a-z0-9.-]+\.iam\.gserviceaccount\.com$|^[0-9]+-compute@developer\.gserviceaccount\.com$/;
const KMS_KEY = /^projects\/[^/]+\/locations\/[^/]+\/keyRings\/[^/]+\/cryptoKeys\/[^/]+$/;
const LABEL_KEY = /^[a-z][a-z0-9_-]{0,62}$/;
const LABEL_VALUE = /^[a-z0-9_-]{0,63}$/;

const show = (value: unknown) => JSON.stringify(value);

/** Problems with one gs:// URI; `wildcards` says whether `*` may appear in the object path (sources only). */
export function checkGcsUri(field: string, uri: unknown, wildcards: boolean): string[] {
  if (typeof uri !== 'string') return [`${field}: ${show(uri)} is not a string; expected gs://BUCKET/PATH`];
  const match = GCS_URI.exec(uri);
  if (!match) return [`${field}: ${show(uri)} is not a Cloud Storage URI; expected gs://BUCKET/PATH`];
  const [, bucket, path] = match;
  const problems: string[] = [];
  if (!BUCKET_NAME.test(bucket) || bucket.includes('..')) {
    problems.push(`${field}: bucket ${show(bucket)} in ${show(uri)} is not a valid bucket name; allowed: 3-222 of a-z 0-9 . _ -, starting and ending with a letter or digit`);
  }
  if (wildcards && path === '') problems.push(`${field}: ${show(uri)} names a bucket, not a file; expected gs://${bucket}/PATH (wildcards * allowed)`);
  if (!wildcards && path.includes('*')) {
    problems.push(`${field}: ${show(uri)} contains a wildcard; wildcards are allowed only in gcsSourceUris, the destination is a plain prefix gs://BUCKET/PATH`);
  }
  return problems;
}

function checkSourceAndDestination(i: BatchJobInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const formatKnown = (INSTANCES_FORMATS as readonly string[]).includes(i.instancesFormat);
  if (!formatKnown) {
    if (!isUnknown(i.instancesFormat)) fail('instancesFormat', `instancesFormat: ${show(i.instancesFormat)} is not an instances format; allowed: ${INSTANCES_FORMATS.join(', ')}`);
  } else if (i.instancesFormat === 'bigquery') {
    if (i.gcsSourceUris?.length) fail('gcsSourceUris', `gcsSourceUris: must be empty when instancesFormat is "bigquery" (got ${show(i.gcsSourceUris)}); the source is bigquerySourceUri bq://PROJECT.DATASET.TABLE`);
    if (i.bigquerySourceUri === undefined) fail('bigquerySourceUri', 'bigquerySourceUri: missing; instancesFormat "bigquery" reads from bq://PROJECT.DATASET.TABLE');
  } else {
    if (i.bigquerySourceUri !== undefined) fail('bigquerySourceUri', `bigquerySourceUri: ${show(i.bigquerySourceUri)} is only read when instancesFormat is "bigquery" (got ${show(i.instancesFormat)}); use gcsSourceUris gs://BUCKET/PATH`);
    if (!i.gcsSourceUris?.length) fail('gcsSourceUris', `gcsSourceUris: missing; instancesFormat ${show(i.instancesFormat)} reads from one or more gs://BUCKET/PATH URIs`);
  }
  if (i.gcsSourceUris !== undefined && !Array.isArray(i.gcsSourceUris)) {
    // The whole list unknown at preview is fine; anything else that is not a list is not.
    if (!isUnknown(i.gcsSourceUris)) fail('gcsSourceUris', `gcsSourceUris: ${show(i.gcsSourceUris)} is not a list; expected ["gs://BUCKET/PATH", ...]`);
  } else {
    (i.gcsSourceUris ?? []).forEach((uri, n) => {
      if (!isUnknown(uri)) for (const reason of checkGcsUri(`gcsSourceUris[${n}]`, uri, true)) fail(`gcsSourceUris[${n}]`, reason);
    });
  }
  if (i.bigquerySourceUri !== undefined && !isUnknown(i.bigquerySourceUri) && !BQ_TABLE.test(String(i.bigquerySourceUri))) {
    fail('bigquerySourceUri', `bigquerySourceUri: ${show(i.bigquerySourceUri)} is not a BigQuery table URI; expected bq://PROJECT.DATASET.TABLE`);
  }

  const outputKnown = (PREDICTIONS_FORMATS as readonly string[]).includes(i.predictionsFormat);
  if (!outputKnown) {
    if (!isUnknown(i.predictionsFormat)) fail('predictionsFormat', `predictionsFormat: ${show(i.predictionsFormat)} is not a predictions format; allowed: ${PREDICTIONS_FORMATS.join(', ')}`);
  } else if (i.predictionsFormat === 'bigquery') {
    if (i.gcsDestinationPrefix !== undefined) fail('gcsDestinationPrefix', `gcsDestinationPrefix: must be unset when predictionsFormat is "bigquery" (got ${show(i.gcsDestinationPrefix)}); the destination is bigqueryDestinationPrefix bq://PROJECT or bq://PROJECT.DATASET`);
    if (i.bigqueryDestinationPrefix === undefined) fail('bigqueryDestinationPrefix', 'bigqueryDestinationPrefix: missing; predictionsFormat "bigquery" writes to bq://PROJECT or bq://PROJECT.DATASET');
  } else {
    if (i.predictionsFormat === 'csv') {
      fail('predictionsFormat', 'predictionsFormat: "csv" is produced only for tabular (AutoML tables) models; custom models such as this TensorFlow SavedModel write jsonl; allowed here: jsonl, bigquery');
    }
    if (i.bigqueryDestinationPrefix !== undefined) fail('bigqueryDestinationPrefix', `bigqueryDestinationPrefix: ${show(i.bigqueryDestinationPrefix)} is only used when predictionsFormat is "bigquery" (got ${show(i.predictionsFormat)}); use gcsDestinationPrefix gs://BUCKET/PATH`);
    if (i.gcsDestinationPrefix === undefined) fail('gcsDestinationPrefix', `gcsDestinationPrefix: missing; predictionsFormat ${show(i.predictionsFormat)} writes under gs://BUCKET/PATH`);
  }
  if (i.gcsDestinationPrefix !== undefined && !isUnknown(i.gcsDestinationPrefix)) {
    for (const reason of checkGcsUri('gcsDestinationPrefix', i.gcsDestinationPrefix, false)) fail('gcsDestinationPrefix', reason);
  }
  if (i.bigqueryDestinationPrefix !== undefined && !isUnknown(i.bigqueryDestinationPrefix) && !BQ_DESTINATION.test(String(i.bigqueryDestinationPrefix))) {
    fail('bigqueryDestinationPrefix', `bigqueryDestinationPrefix: ${show(i.bigqueryDestinationPrefix)} is not a BigQuery project or dataset URI; expected bq://PROJECT or bq://PROJECT.DATASET`);
  }
  return failures;
}

/** Rules of BatchPredictionJob.InstanceConfig, as its proto comments state them. */
export function checkInstanceConfig(config: InstanceConfigInputs | undefined, instancesFormat: string): CheckFailure[] {
  if (config === undefined) return [];
  const failures: CheckFailure[] = [];
  const fail = (field: string, reason: string) => failures.push({ property: `instanceConfig.${field}`, reason: `instanceConfig.${field}: ${reason}` });
  const format = isUnknown(instancesFormat) ? undefined : instancesFormat;
  if (config.instanceType !== undefined && !isUnknown(config.instanceType)) {
    if (!(INSTANCE_TYPES as readonly string[]).includes(config.instanceType)) {
      fail('instanceType', `${show(config.instanceType)} is not an instance type; allowed: ${INSTANCE_TYPES.join(', ')}`);
    } else if (format && format !== 'jsonl' && format !== 'bigquery') {
      fail('instanceType', `applies only to instancesFormat jsonl or bigquery, not ${show(format)}; remove it (${format} instances are converted by Vertex itself)`);
    }
  }
  const keyField = isUnknown(config.keyField) ? undefined : config.keyField;
  if (keyField !== undefined) {
    if (typeof keyField !== 'string' || keyField === '') {
      fail('keyField', `${show(keyField)} is not a field name; expected a non-empty string`);
    } else if (format && !['jsonl', 'csv', 'bigquery', 'tf-record', 'tf-record-gzip'].includes(format)) {
      fail('keyField', `needs instances with named fields (instancesFormat jsonl objects, csv, bigquery or tf-record), not ${show(format)}`);
    }
  }
  // A list not known yet (preview) is judged at the next check, when it is.
  const included = (config.includedFields as unknown) === UNKNOWN ? [] : (config.includedFields ?? []);
  const excluded = (config.excludedFields as unknown) === UNKNOWN ? [] : (config.excludedFields ?? []);
  for (const [field, list] of [['includedFields', included], ['excludedFields', excluded]] as const) {
    if (!Array.isArray(list)) {
      fail(field, `${show(list)} is not a list of field names`);
      continue;
    }
    if (list.length && format && !['jsonl', 'bigquery', 'tf-record', 'tf-record-gzip'].includes(format)) {
      fail(field, `needs instances with named fields (instancesFormat jsonl objects, bigquery or tf-record), not ${show(format)}`);
    }
    list.forEach((name, n) => {
      if (isUnknown(name)) return;
      if (typeof name !== 'string' || name === '') fail(`${field}[${n}]`, `${show(name)} is not a field name; expected a non-empty string`);
      else if (list.indexOf(name) !== n) fail(`${field}[${n}]`, `${show(name)} is listed twice`);
    });
  }
  if (included.length && excluded.length) {
    fail('excludedFields', 'must be empty when includedFields is set (Vertex accepts one or the other); keep only the list you need');
  }
  if (keyField && included.includes(keyField)) {
    fail('keyField', `${show(keyField)} is also in includedFields; the key is never sent to the model, so remove it from includedFields`);
  }
  return failures;
}

function checkPositiveInteger(field: string, value: unknown, min = 1): string[] {
  if (value === undefined || isUnknown(value)) return [];
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min) {
    return [`${field}: ${show(value)} is not allowed; expected a whole number ≥ ${min}`];
  }
  return [];
}

/** Hardware rules for one candidate (or the primary, with an empty prefix). */
export function checkCandidate(c: HardwareCandidate, region: string, servingImageUri: string | undefined, prefix: string): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (field: string, reason: string) => failures.push({ property: `${prefix}${field}`, reason });
  // The hardware rules pair machine, GPU and count: with any of them unknown (preview) none can be judged.
  if (isUnknown(c.machineType) || isUnknown(region) || isUnknown(c.acceleratorType) || isUnknown(c.acceleratorCount)) return failures;
  if (typeof c.machineType !== 'string' || c.machineType === '') {
    fail('machineType', `${prefix}machineType: missing; expected a machine type such as n1-standard-4`);
    return failures;
  }
  for (const message of checkHardware(
    { machineType: c.machineType, acceleratorType: c.acceleratorType, acceleratorCount: c.acceleratorCount, region },
    prefix,
  )) {
    const field = /^\S*?(machineType|acceleratorType|acceleratorCount|region):/.exec(message)?.[1] ?? 'machineType';
    fail(field, message);
  }
  for (const reason of checkPositiveInteger(`${prefix}startingReplicaCount`, c.startingReplicaCount)) fail('startingReplicaCount', reason);
  if (servingImageUri && !isUnknown(servingImageUri) && c.acceleratorType) {
    if (!isGpuServingImage(servingImageUri)) {
      fail(
        'acceleratorType',
        `${prefix}acceleratorType: ${show(c.acceleratorType)} is attached, but the model's serving image ${show(servingImageUri)} is a CPU image that never uses the GPU (you would pay for an idle accelerator); rejected: use a tf2-gpu image (servingImageUri(region, tf, true)) or omit the accelerator`,
      );
    }
  } else if (servingImageUri && !isUnknown(servingImageUri) && !c.acceleratorType && isGpuServingImage(servingImageUri)) {
    fail(
      'acceleratorType',
      `${prefix}acceleratorType: missing, but the model's serving image ${show(servingImageUri)} is a GPU image; rejected: give a GPU (e.g. NVIDIA_TESLA_T4 on n1-standard-4) or register the model with a tf2-cpu image`,
    );
  }
  return failures;
}

export function checkLabels(labels: unknown): CheckFailure[] {
  if (labels === undefined || isUnknown(labels)) return [];
  if (typeof labels !== 'object' || labels === null || Array.isArray(labels)) {
    return [{ property: 'labels', reason: `labels: ${show(labels)} is not a map of label keys to values` }];
  }
  const failures: CheckFailure[] = [];
  const entries = Object.entries(labels as Record<string, unknown>);
  if (entries.length > MAX_LABELS - RESERVED_LABELS.length) {
    failures.push({ property: 'labels', reason: `labels: ${entries.length} labels; at most ${MAX_LABELS - RESERVED_LABELS.length} allowed (Vertex allows ${MAX_LABELS}, the provider sets ${RESERVED_LABELS.length})` });
  }
  for (const [key, value] of entries) {
    const property = `labels.${key}`;
    if ((RESERVED_LABELS as readonly string[]).includes(key)) {
      failures.push({ property, reason: `${property}: the key ${show(key)} is reserved for the provider's crash-safety label; reserved: ${RESERVED_LABELS.join(', ')}` });
    } else if (!LABEL_KEY.test(key)) {
      failures.push({ property, reason: `${property}: key ${show(key)} is not a label key; allowed: lowercase letter first, then up to 62 of a-z 0-9 _ -` });
    }
    if (!isUnknown(value) && (typeof value !== 'string' || !LABEL_VALUE.test(value))) {
      failures.push({ property, reason: `${property}: value ${show(value)} is not a label value; allowed: up to 63 of a-z 0-9 _ -` });
    }
  }
  return failures;
}

/** Every problem with the inputs; empty = the job can be submitted. Never calls Vertex. */
export function checkBatchJobInputs(i: BatchJobInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const known = (value: unknown) => value !== undefined && !isUnknown(value);

  if (known(i.project) && !PROJECT_ID.test(String(i.project))) fail('project', `project: ${show(i.project)} is not a Google Cloud project id; allowed: 6-30 of a-z 0-9 -, starting with a letter`);
  if (i.project === undefined) fail('project', 'project: missing; expected the Google Cloud project id');
  if (i.region === undefined) fail('region', 'region: missing; expected a Vertex AI region such as us-central1');
  if (!known(i.displayName) && !isUnknown(i.displayName)) fail('displayName', 'displayName: missing; expected a name of 1-128 characters');
  else if (known(i.displayName) && (typeof i.displayName !== 'string' || i.displayName.length === 0 || [...i.displayName].length > MAX_DISPLAY_NAME)) {
    fail('displayName', `displayName: ${show(i.displayName)} is not allowed; expected 1-${MAX_DISPLAY_NAME} characters`);
  }
  if (i.model === undefined) fail('model', 'model: missing; expected projects/PROJECT/locations/REGION/models/ID (a VertexModel name output)');
  else if (known(i.model)) {
    const match = MODEL_NAME.exec(String(i.model));
    if (!match) fail('model', `model: ${show(i.model)} is not a model resource name; expected projects/PROJECT/locations/REGION/models/ID[@VERSION]`);
    else if (known(i.region) && match[2] !== i.region) {
      fail('model', `model: ${show(i.model)} is in ${match[2]}, but the job runs in ${i.region}; the model, input and output must be in the same region`);
    }
  }

  failures.push(...checkSourceAndDestination(i));

  const primary: HardwareCandidate = {
    machineType: i.machineType,
    acceleratorType: i.acceleratorType,
    acceleratorCount: i.acceleratorCount,
    startingReplicaCount: i.startingReplicaCount,
  };
  failures.push(...checkCandidate(primary, i.region, i.servingImageUri, ''));
  if (i.candidates !== undefined && !isUnknown(i.candidates)) {
    if (!Array.isArray(i.candidates)) fail('candidates', `candidates: ${show(i.candidates)} is not a list of {machineType, acceleratorType?, acceleratorCount?, startingReplicaCount?}`);
    else {
      i.candidates.forEach((candidate, n) => {
        const prefix = `candidates[${n}].`;
        if (candidate === null || typeof candidate !== 'object') {
          fail(`candidates[${n}]`, `candidates[${n}]: ${show(candidate)} is not a {machineType, acceleratorType?, acceleratorCount?, startingReplicaCount?}`);
          return;
        }
        const extra = Object.keys(candidate).filter((key) => !['machineType', 'acceleratorType', 'acceleratorCount', 'startingReplicaCount'].includes(key));
        for (const key of extra) {
          const hint = key === 'region' || key === 'location'
            ? ' (the model is regional: every candidate runs in the job\'s region; declare another job with a model registered in that region instead)'
            : '';
          fail(`${prefix}${key}`, `${prefix}${key}: not a candidate field${hint}; allowed: machineType, acceleratorType, acceleratorCount, startingReplicaCount`);
        }
        failures.push(...checkCandidate(candidate, i.region, i.servingImageUri, prefix));
        // The request pairs each candidate's starting count with the job's one maxReplicaCount.
        if (typeof candidate.startingReplicaCount === 'number' && typeof i.maxReplicaCount === 'number' && candidate.startingReplicaCount > i.maxReplicaCount) {
          fail(
            `${prefix}startingReplicaCount`,
            `${prefix}startingReplicaCount: ${candidate.startingReplicaCount} is above maxReplicaCount ${i.maxReplicaCount}; allowed: 1 ≤ startingReplicaCount ≤ maxReplicaCount (maxReplicaCount is shared by every candidate)`,
          );
        }
      });
    }
  }
  // startingReplicaCount is checked with the primary hardware (checkCandidate).
  for (const reason of checkPositiveInteger('maxReplicaCount', i.maxReplicaCount)) fail('maxReplicaCount', reason);
  if (typeof i.startingReplicaCount === 'number' && typeof i.maxReplicaCount === 'number' && i.maxReplicaCount < i.startingReplicaCount) {
    fail('maxReplicaCount', `maxReplicaCount: ${i.maxReplicaCount} is below startingReplicaCount ${i.startingReplicaCount}; allowed: 1 ≤ startingReplicaCount ≤ maxReplicaCount (Vertex starts startingReplicaCount replicas and may scale up to maxReplicaCount)`);
  }
  for (const reason of checkPositiveInteger('manualBatchSize', i.manualBatchSize)) fail('manualBatchSize', reason);
  if (known(i.serviceAccount) && !SERVICE_ACCOUNT.test(String(i.serviceAccount))) {
    fail('serviceAccount', `serviceAccount: ${show(i.serviceAccount)} is not a service account email; expected NAME@PROJECT.iam.gserviceaccount.com`);
  }
  if (known(i.encryptionKey) && !KMS_KEY.test(String(i.encryptionKey))) {
    fail('encryptionKey', `encryptionKey: ${show(i.encryptionKey)} is not a Cloud KMS key name; expected projects/P/locations/L/keyRings/R/cryptoKeys/K`);
  }
  const keyRegion = kmsKeyRegionProblem(i.encryptionKey, i.region);
  if (keyRegion) fail('encryptionKey', keyRegion);
  failures.push(...checkLabels(i.labels));
  failures.push(...checkInstanceConfig(i.instanceConfig, i.instancesFormat));
  if (i.waitForCompletion !== undefined && !isUnknown(i.waitForCompletion) && typeof i.waitForCompletion !== 'boolean') {
    fail('waitForCompletion', `waitForCompletion: ${show(i.waitForCompletion)} is not allowed; expected true or false`);
  }
  if (i.completionTimeoutSeconds !== undefined && !isUnknown(i.completionTimeoutSeconds)) {
    const t = i.completionTimeoutSeconds;
    if (typeof t !== 'number' || !Number.isFinite(t) || t <= 0) {
      fail('completionTimeoutSeconds', `completionTimeoutSeconds: ${show(t)} is not allowed; expected a number of seconds > 0 (default ${DEFAULT_COMPLETION_TIMEOUT_SECONDS})`);
    }
  }
  return failures;
}

/** Hardware attempts in order: the primary, then the candidates. */
export function hardwareAttempts(i: BatchJobInputs): HardwareCandidate[] {
  return [
    { machineType: i.machineType, acceleratorType: i.acceleratorType, acceleratorCount: i.acceleratorCount, startingReplicaCount: i.startingReplicaCount },
    ...(i.candidates ?? []),
  ];
}
