// Batch prediction jobs: hardware within the limits of their environment (from the stack name, ../environment.ts;
// never from a label), fallback candidates included, and a bounded completion timeout: how long `pulumi up` waits
// for the job before failing the update with the job left running (see the provider).
// Replicas are checked at maxReplicaCount, not only the starting count: a job may be scaled up to it
// (BatchDedicatedResources.max_replica_count: "The maximum number of machine replicas the batch operation may be
// scaled to. The default value is 10.", google/cloud/aiplatform/v1/machine_resources.proto).
import type { ResourceValidationPolicy } from '@pulumi/policy';
import { MACHINE_TYPES } from '../../infra/catalog/machines';
import { DEFAULT_COMPLETION_TIMEOUT_SECONDS } from '../../infra/vertex/batch-job-inputs';
import { stackEnvironment } from '../environment';
import { isBatchPredictionJob } from '../types';

export interface HardwareLimits {
  /** Largest machine, in vCPUs. */
  maxVcpus: number;
  /** GPUs per replica. */
  maxAcceleratorsPerReplica: number;
  /** GPUs per replica × the most replicas the job may scale to. */
  maxAcceleratorsTotal: number;
  /** Replicas the job may scale to (maxReplicaCount, or startingReplicaCount when larger). */
  maxReplicas: number;
}

// dev is for trying things: small machines, at most one GPU. prod runs the real batches.
export const HARDWARE_LIMITS: Readonly<Record<'dev' | 'prod', HardwareLimits>> = {
  dev: { maxVcpus: 8, maxAcceleratorsPerReplica: 1, maxAcceleratorsTotal: 1, maxReplicas: 2 },
  prod: { maxVcpus: 32, maxAcceleratorsPerReplica: 4, maxAcceleratorsTotal: 16, maxReplicas: 10 },
};

/** A job may not be allowed to run longer than this (Vertex itself has no limit). */
export const MAX_COMPLETION_TIMEOUT_SECONDS = 3 * 24 * 60 * 60;

/** Vertex's default for an unset BatchDedicatedResources.max_replica_count (machine_resources.proto). */
export const VERTEX_DEFAULT_MAX_REPLICAS = 10;

interface Hardware {
  machineType?: unknown;
  acceleratorCount?: unknown;
  startingReplicaCount?: unknown;
  maxReplicaCount?: unknown;
}

const count = (value: unknown): number | undefined => (typeof value === 'number' ? value : undefined);

function hardwareProblems(h: Hardware, limits: HardwareLimits, env: string, field: string): string[] {
  const problems: string[] = [];
  const machine = typeof h.machineType === 'string' ? MACHINE_TYPES.get(h.machineType) : undefined;
  const gpus = machine?.fixedGpu?.count ?? count(h.acceleratorCount) ?? 0;
  const starting = count(h.startingReplicaCount) ?? 1;
  // The ceiling the job can reach: an unset maxReplicaCount is Vertex's default, 10.
  const ceiling = Math.max(starting, count(h.maxReplicaCount) ?? VERTEX_DEFAULT_MAX_REPLICAS);
  const replicaField = ceiling > starting ? 'maxReplicaCount' : 'startingReplicaCount';
  if (machine && machine.vcpus > limits.maxVcpus) {
    problems.push(`${field}machineType: "${machine.name}" has ${machine.vcpus} vCPUs; allowed in ${env}: at most ${limits.maxVcpus}`);
  }
  if (gpus > limits.maxAcceleratorsPerReplica) {
    problems.push(`${field}acceleratorCount: ${gpus} GPUs per replica; allowed in ${env}: at most ${limits.maxAcceleratorsPerReplica}`);
  }
  if (ceiling > limits.maxReplicas) {
    const shown = count(h.maxReplicaCount) === undefined && replicaField === 'maxReplicaCount' ? `unset (Vertex default ${ceiling})` : String(ceiling);
    problems.push(`${field}${replicaField}: ${shown}; allowed in ${env}: at most ${limits.maxReplicas} replicas`);
  }
  if (gpus * ceiling > limits.maxAcceleratorsTotal) {
    problems.push(`${field}acceleratorCount × ${replicaField}: ${gpus} × ${ceiling} = ${gpus * ceiling} GPUs; allowed in ${env}: at most ${limits.maxAcceleratorsTotal}`);
  }
  return problems;
}

export const batchJobHardwareLimits: ResourceValidationPolicy = {
  name: 'batch-job-hardware-limits',
  description: 'Batch prediction jobs stay within the GPU count and machine size limits of their environment.',
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (!isBatchPredictionJob(args.type)) return;
    const env = stackEnvironment(args.urn);
    const limits = HARDWARE_LIMITS[env];
    const candidates: Hardware[] = Array.isArray(args.props.candidates) ? args.props.candidates : [];
    const { startingReplicaCount, maxReplicaCount } = args.props;
    const problems = [
      ...hardwareProblems(args.props, limits, env, ''),
      ...candidates.flatMap((c, n) => hardwareProblems({ startingReplicaCount, maxReplicaCount, ...c }, limits, env, `candidates[${n}].`)),
    ];
    for (const problem of problems) reportViolation(problem);
  },
};

// An absent value means the provider's default (infra/vertex/batch-job-inputs.ts), itself within the bound.
export const batchJobCompletionTimeout: ResourceValidationPolicy = {
  name: 'batch-job-completion-timeout',
  description: `Batch prediction jobs have a completion timeout of at most ${MAX_COMPLETION_TIMEOUT_SECONDS} s (default ${DEFAULT_COMPLETION_TIMEOUT_SECONDS} s).`,
  enforcementLevel: 'mandatory',
  validateResource: (args, reportViolation) => {
    if (!isBatchPredictionJob(args.type)) return;
    const t = 'completionTimeoutSeconds' in args.props ? args.props.completionTimeoutSeconds : DEFAULT_COMPLETION_TIMEOUT_SECONDS;
    if (typeof t !== 'number' || !(t > 0) || t > MAX_COMPLETION_TIMEOUT_SECONDS) {
      reportViolation(`completionTimeoutSeconds: ${JSON.stringify(t) ?? 'undefined'}; allowed: 1..${MAX_COMPLETION_TIMEOUT_SECONDS} seconds, or omitted for the default ${DEFAULT_COMPLETION_TIMEOUT_SECONDS}`);
    }
  },
};
