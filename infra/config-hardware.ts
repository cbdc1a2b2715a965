// Hardware rules shared by the stack's defaults (`prediction.*`) and a job's own `jobs.<key>.hardware`: how a value
// is shown in a message, and the fallback candidates checked like the primary. Each message starts with the full
// config path (`prediction.candidates[1].machineType`, `jobs.corpus.hardware.candidates[0].acceleratorType`).
import { checkHardware } from './catalog/machines';

/** One fallback hardware set; the job's own region and serving image apply. */
export interface PredictionCandidate {
  readonly machineType: string;
  readonly acceleratorType?: string;
  readonly acceleratorCount?: number;
  readonly startingReplicaCount?: number;
}

/** A config value as a message quotes it (long values cut). */
export function show(value: unknown): string {
  if (value === undefined) return 'missing,';
  const text = JSON.stringify(value);
  return text.length > 80 ? `${text.slice(0, 77)}...` : text;
}

/** Without undefined keys: candidates become provider inputs and stack outputs, which must carry no empty keys. */
export function candidateOf(c: PredictionCandidate): PredictionCandidate {
  return Object.fromEntries(Object.entries(c).filter(([, value]) => value !== undefined && value !== '')) as unknown as PredictionCandidate;
}

/**
 * Each candidate like the primary (machine ↔ GPU ↔ count ↔ region), plus what the provider would refuse later: the
 * model has one serving image, GPU iff the primary has a GPU, so every candidate must agree with the primary on
 * having one; and a candidate cannot start more replicas than the job's maxReplicaCount.
 * `prefix` is the config path of the hardware set: `prediction.` or `jobs.<key>.hardware.`.
 */
export function checkCandidates(
  candidates: readonly PredictionCandidate[],
  job: { region: string; gpu: boolean; maxReplicaCount: number; prefix: string },
): string[] {
  const primaryGpu = `${job.prefix}acceleratorType`;
  const maxReplicas = `${job.prefix}maxReplicaCount`;
  return candidates.flatMap((c, n) => {
    const field = `${job.prefix}candidates[${n}].`;
    // The region is the stack's and reported once, as gcp:region.
    const problems = checkHardware({ ...c, region: job.region }, field).filter((m) => !m.startsWith(`${field}region:`));
    const candidateGpu = c.acceleratorType !== undefined && c.acceleratorType !== '';
    if (job.gpu && !candidateGpu && !problems.some((m) => m.startsWith(`${field}acceleratorType:`) || m.startsWith(`${field}machineType:`))) {
      problems.push(
        `${field}acceleratorType: missing, but ${primaryGpu} selects the GPU serving image (tf2-gpu) the model is registered with; a CPU-only candidate is refused by the provider; allowed: a GPU on every candidate (e.g. NVIDIA_L4 on g2-standard-8), or no GPU on the primary and the candidates`,
      );
    }
    if (!job.gpu && candidateGpu) {
      problems.push(
        `${field}acceleratorType: ${show(c.acceleratorType)} is set, but ${primaryGpu} is not: the model is registered with the CPU serving image (tf2-cpu), which never uses a GPU; allowed: omit it, or give the primary a GPU too`,
      );
    }
    if (c.startingReplicaCount !== undefined && c.startingReplicaCount > job.maxReplicaCount) {
      problems.push(
        `${field}startingReplicaCount: ${c.startingReplicaCount} is above ${maxReplicas} (${job.maxReplicaCount}); allowed: 1..${job.maxReplicaCount}`,
      );
    }
    return problems;
  });
}
