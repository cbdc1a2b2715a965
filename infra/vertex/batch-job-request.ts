// Pure mapping between our inputs/outputs and Vertex's BatchPredictionJob message (as the gax client decodes it:
// camelCase fields, enum names, int64 as strings, Timestamps as {seconds, nanos}).
import { createHash } from 'node:crypto';
import { canonicalJson } from '../canonical-json';
import { BATCH_JOB_INPUT_KEYS, type BatchJobInputs, type HardwareCandidate } from './batch-job-inputs';

// Providers compare and hash inputs with it; re-exported so they have one import for the request mapping.
export { canonicalJson };

export type JobMessage = Record<string, any>;

export const TERMINAL_JOB_STATES: ReadonlySet<string> = new Set([
  'JOB_STATE_SUCCEEDED',
  'JOB_STATE_FAILED',
  'JOB_STATE_CANCELLED',
  'JOB_STATE_EXPIRED',
  'JOB_STATE_PARTIALLY_SUCCEEDED',
]);
export const FAILED_JOB_STATES: ReadonlySet<string> = new Set(['JOB_STATE_FAILED', 'JOB_STATE_CANCELLED', 'JOB_STATE_EXPIRED']);

/** Inputs that only steer the provider (how long to wait, which code); changing them never replaces a job. */
export const PROVIDER_ONLY_INPUTS = ['providerVersion', 'waitForCompletion', 'completionTimeoutSeconds'] as const;
export const ADOPTION_LABEL = 'pulumi-resource';
export const ATTEMPT_LABEL = 'pulumi-attempt';

export function stateOf(job: JobMessage): string {
  return typeof job.state === 'string' ? job.state : 'JOB_STATE_UNSPECIFIED';
}

/** The job-defining part of the inputs: what a replace is decided on and what the adoption label hashes. */
export function jobSpec(inputs: BatchJobInputs): Record<string, unknown> {
  const providerOnly: readonly string[] = PROVIDER_ONLY_INPUTS;
  return Object.fromEntries(
    BATCH_JOB_INPUT_KEYS.filter((key) => !providerOnly.includes(key) && inputs[key] !== undefined).map((key) => [key, inputs[key]]),
  );
}

/**
 * Label value identifying "this Pulumi resource with these inputs": a job found with it after an interrupted run is
 * the same job, so it is adopted instead of created again. The inputs are part of it because a replacement runs
 * the new job while the old one (same URN) still exists.
 */
export function adoptionKey(inputs: BatchJobInputs): string {
  return createHash('sha256').update(canonicalJson(jobSpec(inputs))).digest('hex').slice(0, 40);
}

/** Replicas a job starts with on this hardware. */
export function startingReplicas(inputs: BatchJobInputs, hardware: HardwareCandidate): number {
  return hardware.startingReplicaCount ?? inputs.startingReplicaCount ?? 1;
}

/** The replica ceiling sent with every job: the configured one, never below the starting count. */
export function maxReplicas(inputs: BatchJobInputs, hardware: HardwareCandidate): number {
  return Math.max(inputs.maxReplicaCount ?? 0, startingReplicas(inputs, hardware));
}

export function createJobRequest(inputs: BatchJobInputs, hardware: HardwareCandidate, attempt: number): { parent: string; batchPredictionJob: JobMessage } {
  const job: JobMessage = {
    displayName: inputs.displayName,
    model: inputs.model,
    inputConfig:
      inputs.instancesFormat === 'bigquery'
        ? { instancesFormat: 'bigquery', bigquerySource: { inputUri: inputs.bigquerySourceUri } }
        : { instancesFormat: inputs.instancesFormat, gcsSource: { uris: inputs.gcsSourceUris } },
    outputConfig:
      inputs.predictionsFormat === 'bigquery'
        ? { predictionsFormat: 'bigquery', bigqueryDestination: { outputUri: inputs.bigqueryDestinationPrefix } }
        : { predictionsFormat: inputs.predictionsFormat, gcsDestination: { outputUriPrefix: inputs.gcsDestinationPrefix } },
    dedicatedResources: {
      machineSpec: {
        machineType: hardware.machineType,
        ...(hardware.acceleratorType ? { acceleratorType: hardware.acceleratorType, acceleratorCount: hardware.acceleratorCount ?? 1 } : {}),
      },
      startingReplicaCount: startingReplicas(inputs, hardware),
      // Always explicit: Vertex may scale a batch job up to it and defaults it to 10 (BatchDedicatedResources
      // .max_replica_count, machine_resources.proto); absent = no scaling beyond the starting count.
      maxReplicaCount: maxReplicas(inputs, hardware),
    },
    labels: { ...(inputs.labels ?? {}), [ADOPTION_LABEL]: adoptionKey(inputs), [ATTEMPT_LABEL]: String(attempt) },
  };
  if (inputs.manualBatchSize !== undefined) job.manualBatchTuningParameters = { batchSize: inputs.manualBatchSize };
  if (inputs.serviceAccount) job.serviceAccount = inputs.serviceAccount;
  if (inputs.encryptionKey) job.encryptionSpec = { kmsKeyName: inputs.encryptionKey };
  if (inputs.instanceConfig) job.instanceConfig = { ...inputs.instanceConfig };
  return { parent: `projects/${inputs.project}/locations/${inputs.region}`, batchPredictionJob: job };
}

function timeOf(timestamp: { seconds?: string | number; nanos?: number } | null | undefined): string | null {
  if (!timestamp || timestamp.seconds === undefined) return null;
  return new Date(Number(timestamp.seconds) * 1000 + Math.floor((timestamp.nanos ?? 0) / 1e6)).toISOString();
}

function acceleratorOf(job: JobMessage): string | null {
  const type = job.dedicatedResources?.machineSpec?.acceleratorType;
  return type && type !== 'ACCELERATOR_TYPE_UNSPECIFIED' ? String(type) : null;
}

const count = (value: unknown): number | null => (value === undefined || value === null ? null : Number(value));

/** Output-only fields of a job, as stored in Pulumi state (null, never undefined: the host rejects undefined). */
export function jobOutputs(job: JobMessage) {
  const name = String(job.name);
  return {
    name,
    jobId: name.split('/').pop() ?? name,
    state: stateOf(job),
    outputDirectory: job.outputInfo?.gcsOutputDirectory || null,
    bigqueryOutputDataset: job.outputInfo?.bigqueryOutputDataset || null,
    bigqueryOutputTable: job.outputInfo?.bigqueryOutputTable || null,
    successfulCount: count(job.completionStats?.successfulCount),
    failedCount: count(job.completionStats?.failedCount),
    incompleteCount: count(job.completionStats?.incompleteCount),
    error: job.error && (job.error.code || job.error.message) ? { code: Number(job.error.code ?? 0), message: String(job.error.message ?? '') } : null,
    createTime: timeOf(job.createTime),
    startTime: timeOf(job.startTime),
    endTime: timeOf(job.endTime),
    replicaHours: job.resourcesConsumed?.replicaHours ?? null,
    // Not `machineType`: that is an input, and after a fallback the job ran on a candidate's machine; an output
    // under the input's name would overwrite it in state and make every later diff a replace.
    machineTypeUsed: job.dedicatedResources?.machineSpec?.machineType ?? null,
    acceleratorTypeUsed: acceleratorOf(job),
  };
}
