// What an existing batch job (named by the `adopt` input, see ./adoption.ts) must match to be adopted: everything
// that decides what the job computes and where it writes (model, input, output, hardware, batch size, identity, key).
// A job's display name and labels cannot be changed once it exists and do not affect its results: they are reported,
// not refused (a notebook-made job has none of the stack's labels).
import { type BatchJobInputs, type HardwareCandidate, hardwareAttempts } from './batch-job-inputs';
import { ADOPTION_LABEL, ATTEMPT_LABEL, type JobMessage } from './batch-job-request';
import { type Difference, differences } from './adoption';

const orUndefined = (value: unknown) => (value === '' || value === null ? undefined : value);

function hardwareOf(job: JobMessage): HardwareCandidate {
  const spec = job.dedicatedResources?.machineSpec ?? {};
  const accelerator = spec.acceleratorType && spec.acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' ? String(spec.acceleratorType) : undefined;
  return {
    machineType: String(spec.machineType ?? ''),
    acceleratorType: accelerator,
    acceleratorCount: accelerator ? Number(spec.acceleratorCount ?? 1) : undefined,
    startingReplicaCount: Number(job.dedicatedResources?.startingReplicaCount ?? 1),
  };
}

function hardwareDifferences(job: JobMessage, hw: HardwareCandidate, inputs: BatchJobInputs): Difference[] {
  const actual = hardwareOf(job);
  return differences({
    machineType: [actual.machineType, hw.machineType],
    acceleratorType: [actual.acceleratorType, hw.acceleratorType],
    acceleratorCount: [actual.acceleratorCount, hw.acceleratorType ? (hw.acceleratorCount ?? 1) : undefined],
    startingReplicaCount: [actual.startingReplicaCount, hw.startingReplicaCount ?? inputs.startingReplicaCount ?? 1],
  });
}

/** The declared model against the job's: the same model, and the same version when both name one. */
function modelPair(job: JobMessage, declared: string): [unknown, unknown] {
  const [declaredBase, declaredVersion] = declared.split('@');
  const [jobBase, jobVersionInName] = String(job.model ?? '').split('@');
  const jobVersion = orUndefined(job.modelVersionId) ?? jobVersionInName;
  if (declaredVersion === undefined || jobVersion === undefined) return [jobBase, declaredBase];
  return [`${jobBase}@${jobVersion}`, `${declaredBase}@${declaredVersion}`];
}

export interface AdoptionCheck {
  /** Differences that refuse the adoption. */
  refused: Difference[];
  /** Index into [primary, ...candidates] of the hardware the job runs on (when it matches one). */
  attempt: number;
  /** Metadata that differs but cannot be changed on a job: reported only. */
  notes: Difference[];
}

export function checkJobToAdopt(job: JobMessage, i: BatchJobInputs): AdoptionCheck {
  const input = job.inputConfig ?? {};
  const output = job.outputConfig ?? {};
  const declaredIf = <T>(declared: T | undefined, actual: unknown): [unknown, unknown] => (declared === undefined ? [undefined, undefined] : [actual, declared]);
  const instanceConfig = i.instanceConfig
    ? Object.fromEntries(Object.keys(i.instanceConfig).map((key) => [key, orUndefined((job.instanceConfig ?? {})[key])]))
    : undefined;
  const refused = differences({
    model: modelPair(job, i.model),
    instancesFormat: [input.instancesFormat, i.instancesFormat],
    gcsSourceUris: [input.gcsSource?.uris?.length ? input.gcsSource.uris : undefined, i.gcsSourceUris],
    bigquerySourceUri: [orUndefined(input.bigquerySource?.inputUri), i.bigquerySourceUri],
    predictionsFormat: [output.predictionsFormat, i.predictionsFormat],
    gcsDestinationPrefix: [orUndefined(output.gcsDestination?.outputUriPrefix), i.gcsDestinationPrefix],
    bigqueryDestinationPrefix: [orUndefined(output.bigqueryDestination?.outputUri), i.bigqueryDestinationPrefix],
    maxReplicaCount: declaredIf(i.maxReplicaCount, Number(job.dedicatedResources?.maxReplicaCount ?? 0) || undefined),
    manualBatchSize: declaredIf(i.manualBatchSize, Number(job.manualBatchTuningParameters?.batchSize ?? 0) || undefined),
    serviceAccount: [orUndefined(job.serviceAccount), i.serviceAccount],
    encryptionKey: [orUndefined(job.encryptionSpec?.kmsKeyName), i.encryptionKey],
    instanceConfig: [instanceConfig, i.instanceConfig],
  });
  // The job may run on the primary hardware or on any candidate.
  const attempts = hardwareAttempts(i);
  const attempt = attempts.findIndex((hw) => hardwareDifferences(job, hw, i).length === 0);
  if (attempt < 0) refused.push(...hardwareDifferences(job, attempts[0], i));
  const { [ADOPTION_LABEL]: _key, [ATTEMPT_LABEL]: _attempt, ...labels } = (job.labels ?? {}) as Record<string, string>;
  const notes = differences({ displayName: [job.displayName, i.displayName], labels: [labels, i.labels ?? {}] });
  return { refused, attempt: Math.max(attempt, 0), notes };
}
