// What a BatchPredictionJob failure tells the user, and what it tells Pulumi.
//
// Once a job exists it runs (and bills) whatever the client sees, so every failure after that point is an
// ErrorResourceInitFailed carrying the job's name as id (`trackedJobError`): Pulumi keeps the job in state, and the
// message names the job and says what the next `pulumi up` / `pulumi destroy` will do. Only a job that has *ended*
// unsuccessfully is reported without an id (`jobFailedError`): it no longer runs, stays listed in Vertex as the
// record, and the next `pulumi up` submits a new one.
import type { BatchJobInputs, HardwareCandidate } from './batch-job-inputs';
import { ADOPTION_LABEL, type JobMessage, stateOf } from './batch-job-request';
import { adviceFor, describeStatus, isCapacityError, type RpcStatus, statusOf } from './errors';
import { initFailedError, type TrackedError } from './init-failed';

export interface AttemptRecord {
  attempt: number;
  machineType: string;
  acceleratorType: string | null;
  acceleratorCount: number | null;
  /** The job that ran this attempt; null when Vertex rejected the create itself. */
  job: string | null;
  code: number | null;
  message: string;
  estimatedHourlyUsd: number | null;
}

export function estimateCost(hw: HardwareCandidate, region: string): number | null {
  // Prices are an optional data module (issue #8); without it or for unpriced hardware, no estimate.
  try {
    const { estimateHourlyCostUsd } = require('../catalog/prices') as typeof import('../catalog/prices');
    return estimateHourlyCostUsd({ ...hw, replicas: hw.startingReplicaCount ?? 1, region });
  } catch {
    return null;
  }
}

export function describeHardware(hw: HardwareCandidate): string {
  const gpu = hw.acceleratorType ? ` + ${hw.acceleratorCount ?? 1} × ${hw.acceleratorType}` : '';
  return `${hw.machineType}${gpu}`;
}

export function attemptRecord(attempt: number, hw: HardwareCandidate, region: string, job: string | null, status: RpcStatus): AttemptRecord {
  return {
    attempt,
    machineType: hw.machineType,
    acceleratorType: hw.acceleratorType ?? null,
    acceleratorCount: hw.acceleratorType ? (hw.acceleratorCount ?? 1) : null,
    job,
    code: status.code ?? null,
    message: status.message ?? '',
    estimatedHourlyUsd: estimateCost(hw, region),
  };
}

export function listAttempts(records: AttemptRecord[]): string {
  return records
    .map((r) => `  attempt ${r.attempt} (${describeHardware({ machineType: r.machineType, acceleratorType: r.acceleratorType ?? undefined, acceleratorCount: r.acceleratorCount ?? undefined })}): ${r.job ?? 'create rejected'}: ${describeStatus({ code: r.code ?? undefined, message: r.message })}`)
    .join('\n');
}

/** What follows a failure: earlier skipped attempts, and for a capacity error without candidates, the way out. */
function failureContext(status: RpcStatus, skipped: AttemptRecord[]): string {
  const earlier = skipped.length ? `\nEarlier attempts skipped for capacity:\n${listAttempts(skipped)}` : '';
  const hint = isCapacityError(status) && skipped.length === 0
    ? '\nNo capacity for this hardware in the region: add `candidates` (other machine/GPU pairs in the same region) to fall back automatically, or request quota.'
    : '';
  const advice = isCapacityError(status) ? undefined : adviceFor(status);
  return earlier + hint + (advice ? `\n${advice}` : '');
}

const NEXT_STEPS =
  'The job stays in the stack: the next `pulumi up` resumes waiting on it (and submits a new job if it has ended ' +
  'unsuccessfully meanwhile), `pulumi destroy` cancels and deletes it.';

/**
 * A failure while the job exists and may still be running: an ErrorResourceInitFailed with the job's name as id and
 * the state so far (which must carry `__provider` and the job's name), so Pulumi keeps tracking the job.
 */
export function trackedJobError(inputs: BatchJobInputs, job: JobMessage, what: string, properties: object): TrackedError {
  const name = String(job.name);
  const message = `Batch prediction job "${inputs.displayName}" (${name}) ${what}. It keeps running in Vertex AI (last seen ${stateOf(job)}). ${NEXT_STEPS}`;
  return initFailedError(name, message, properties);
}

/** `trackedJobError` for an error thrown by a call (the gRPC status is quoted). */
export function trackedCallError(inputs: BatchJobInputs, job: JobMessage, call: string, error: unknown, properties: object): TrackedError {
  return trackedJobError(inputs, job, `could not be followed: ${call} failed with ${describeStatus(statusOf(error))}`, properties);
}

export function jobFailedError(inputs: BatchJobInputs, job: JobMessage, skipped: AttemptRecord[]): Error {
  const status: RpcStatus = { code: job.error?.code, message: job.error?.message };
  return new Error(
    `Batch prediction job "${inputs.displayName}" (${job.name}) ended ${stateOf(job)}: ${describeStatus(status)}. ` +
      'The job stays listed in Vertex AI; outputs already written stay in the bucket; the next `pulumi up` submits a new job.' +
      failureContext(status, skipped),
  );
}

export function createRejectedError(inputs: BatchJobInputs, hw: HardwareCandidate, status: RpcStatus, skipped: AttemptRecord[]): Error {
  return new Error(`Batch prediction job "${inputs.displayName}": Vertex rejected the job on ${describeHardware(hw)}: ${describeStatus(status)}${failureContext(status, skipped)}`);
}

/** CreateBatchPredictionJob went unanswered and the look for the job it may have made failed too: no name to keep. */
export function unconfirmedCreateError(inputs: BatchJobInputs, key: string, createError: unknown, listError: unknown): Error {
  return new Error(
    `Batch prediction job "${inputs.displayName}": CreateBatchPredictionJob answered ${describeStatus(statusOf(createError))}, and listing ` +
      `jobs to see whether it was created failed too (${describeStatus(statusOf(listError))}). The job may exist and run: the next ` +
      `\`pulumi up\` finds it by its label ${ADOPTION_LABEL}=${key} and adopts it instead of submitting a second one ` +
      `(to look now: \`gcloud ai batch-prediction-jobs list --region=${inputs.region} --filter=labels.${ADOPTION_LABEL}=${key}\`).`,
  );
}

export function noCapacityError(inputs: BatchJobInputs, attempts: number, skipped: AttemptRecord[]): Error {
  return new Error(
    `Batch prediction job "${inputs.displayName}": no capacity on any of the ${attempts} hardware candidates in ${inputs.region} ` +
      `(candidates share the model's region). Attempts:\n${listAttempts(skipped)}\n` +
      'Add candidates, request quota, or run `pulumi up` again later.',
  );
}
