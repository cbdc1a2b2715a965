// Machine types Vertex AI offers for custom-model prediction, the GPUs each one takes, and `checkHardware`,
// which turns the most common Vertex batch-prediction failure (a machine/GPU/region mismatch that Vertex only
// reports after the job is submitted) into a message at preview time.
//
// Sources (checked 2026-11-25):
//   https://cloud.google.com/vertex-ai/docs/predictions/configure-compute   (machine types for prediction; "n2 and e2
//                                                                           machine types ... do not support GPUs")
//   https://cloud.google.com/compute/docs/gpus                               (N1 ↔ T4/P4/V100/P100 with 1/2/4(/8) GPUs and
//                                                                           vCPU limits; A2 ↔ A100 40GB, A2 ultra ↔ A100 80GB,
//                                                                           G2 ↔ L4, A3 ↔ H100 80GB, GPUs fixed per machine type)
//   https://cloud.google.com/compute/docs/eol/k80-eol                        (K80 end of life)
// Region availability lives in ./regions.ts; accelerator names and N1 limits in ./accelerators.ts.
import {
  ACCELERATOR_TYPES,
  type AcceleratorType,
  isAcceleratorType,
  N1_GPU_VCPU_LIMITS,
  RETIRED_ACCELERATORS,
} from './accelerators';
import { findRegion, VERTEX_REGIONS, VERTEX_REGION_IDS } from './regions';

export { servingImageUri, isGpuServingImage, normalizeTfVersion } from './images';
export { ACCELERATOR_TYPES, type AcceleratorType } from './accelerators';
export { VERTEX_REGION_IDS } from './regions';

export interface MachineType {
  readonly name: string;
  readonly family: string;
  readonly vcpus: number;
  /** Accelerator-optimized machines come with a fixed GPU model and count. */
  readonly fixedGpu?: { readonly type: AcceleratorType; readonly count: number };
}

interface Series {
  readonly prefix: string;
  readonly family: string;
  readonly sizes: readonly number[];
  /** For accelerator-optimized series: size → GPU count (size is the vCPU count for g2, the GPU count for a2/a3). */
  readonly gpu?: { readonly type: AcceleratorType; readonly countOf: (size: number) => number; readonly vcpusOf: (size: number) => number };
}

const perGpuSuffix = (vcpusPerGpu: number) => ({ countOf: (n: number) => n, vcpusOf: (n: number) => n * vcpusPerGpu });
// g2 sizes are vCPU counts; Compute Engine attaches 1 L4 up to g2-standard-32, then 2/4/8.
const G2_GPUS: Readonly<Record<number, number>> = { 4: 1, 8: 1, 12: 1, 16: 1, 24: 2, 32: 1, 48: 4, 96: 8 };

const SERIES: readonly Series[] = [
  { prefix: 'e2-standard', family: 'e2', sizes: [2, 4, 8, 16, 32] },
  { prefix: 'e2-highmem', family: 'e2', sizes: [2, 4, 8, 16] },
  { prefix: 'e2-highcpu', family: 'e2', sizes: [2, 4, 8, 16, 32] },
  { prefix: 'n1-standard', family: 'n1', sizes: [2, 4, 8, 16, 32, 64, 96] },
  { prefix: 'n1-highmem', family: 'n1', sizes: [2, 4, 8, 16, 32, 64, 96] },
  { prefix: 'n1-highcpu', family: 'n1', sizes: [4, 8, 16, 32, 64, 96] },
  { prefix: 'n2-standard', family: 'n2', sizes: [2, 4, 8, 16, 32, 48, 64, 80] },
  { prefix: 'n2-highmem', family: 'n2', sizes: [2, 4, 8, 16, 32, 48, 64, 80] },
  { prefix: 'n2-highcpu', family: 'n2', sizes: [2, 4, 8, 16, 32, 48, 64, 80] },
  { prefix: 'n2d-standard', family: 'n2d', sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224] },
  { prefix: 'n2d-highmem', family: 'n2d', sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96] },
  { prefix: 'n2d-highcpu', family: 'n2d', sizes: [2, 4, 8, 16, 32, 48, 64, 80, 96, 128, 224] },
  { prefix: 'c2-standard', family: 'c2', sizes: [4, 8, 16, 30, 60] },
  { prefix: 'a2-highgpu', family: 'a2-highgpu', sizes: [1, 2, 4, 8], gpu: { type: 'NVIDIA_TESLA_A100', ...perGpuSuffix(12) } },
  { prefix: 'a2-megagpu', family: 'a2-highgpu', sizes: [16], gpu: { type: 'NVIDIA_TESLA_A100', countOf: (n) => n, vcpusOf: () => 96 } },
  { prefix: 'a2-ultragpu', family: 'a2-ultragpu', sizes: [1, 2, 4, 8], gpu: { type: 'NVIDIA_A100_80GB', ...perGpuSuffix(12) } },
  { prefix: 'g2-standard', family: 'g2', sizes: [4, 8, 12, 16, 24, 32, 48, 96], gpu: { type: 'NVIDIA_L4', countOf: (n) => G2_GPUS[n]!, vcpusOf: (n) => n } },
  { prefix: 'a3-highgpu', family: 'a3', sizes: [1, 2, 4, 8], gpu: { type: 'NVIDIA_H100_80GB', ...perGpuSuffix(26) } },
];

function nameOf(series: Series, size: number): string {
  return series.gpu && series.family !== 'g2' ? `${series.prefix}-${size}g` : `${series.prefix}-${size}`;
}

export const MACHINE_TYPES: ReadonlyMap<string, MachineType> = new Map(
  SERIES.flatMap((series) =>
    series.sizes.map((size): [string, MachineType] => {
      const name = nameOf(series, size);
      const gpu = series.gpu;
      return [
        name,
        gpu
          ? { name, family: series.family, vcpus: gpu.vcpusOf(size), fixedGpu: { type: gpu.type, count: gpu.countOf(size) } }
          : { name, family: series.family, vcpus: size },
      ];
    }),
  ),
);

/** Families whose machines take attachable GPUs (chosen per job) rather than a fixed built-in set. */
const ATTACHABLE_GPUS: Readonly<Record<string, readonly AcceleratorType[]>> = {
  n1: Object.keys(N1_GPU_VCPU_LIMITS) as AcceleratorType[],
};

/** Compact list for messages: `n1-standard-{2,4,8}, a2-highgpu-{1,2,4,8}g, ...`. */
export function describeMachineTypes(): string {
  return SERIES.map((s) => (s.gpu && s.family !== 'g2' ? `${s.prefix}-{${s.sizes.join(',')}}g` : `${s.prefix}-{${s.sizes.join(',')}}`)).join(', ');
}

/** GPU types the machine can run with (empty for CPU-only families). */
export function acceleratorsFor(machine: MachineType): readonly AcceleratorType[] {
  return machine.fixedGpu ? [machine.fixedGpu.type] : (ATTACHABLE_GPUS[machine.family] ?? []);
}

/** Allowed GPU counts for that machine and GPU type (N1: counts whose vCPU limit covers the machine). */
export function acceleratorCountsFor(machine: MachineType, type: AcceleratorType): readonly number[] {
  if (machine.fixedGpu) return machine.fixedGpu.type === type ? [machine.fixedGpu.count] : [];
  const limits = ATTACHABLE_GPUS[machine.family]?.includes(type) ? N1_GPU_VCPU_LIMITS[type] : undefined;
  if (!limits) return [];
  return Object.entries(limits)
    .filter(([, maxVcpus]) => machine.vcpus <= maxVcpus)
    .map(([count]) => Number(count));
}

const GPU_FAMILIES = [...new Set(SERIES.filter((s) => s.gpu || ATTACHABLE_GPUS[s.family]).map((s) => s.family))];

export interface HardwareSpec {
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  region: string;
}

/**
 * Every problem with a machine/GPU/region combination, as messages that name the field (with `fieldPrefix`),
 * the bad value and what is allowed. Empty array = Vertex should accept the combination.
 */
export function checkHardware(h: HardwareSpec, fieldPrefix = ''): string[] {
  const field = (name: string) => `${fieldPrefix}${name}`;
  const problems: string[] = [];
  const region = findRegion(h.region);
  if (!region) problems.push(`${field('region')}: "${h.region}" is not a Vertex AI region; allowed: ${VERTEX_REGION_IDS.join(', ')}`);

  const machine = MACHINE_TYPES.get(h.machineType);
  if (!machine) {
    problems.push(`${field('machineType')}: "${h.machineType}" is not a machine type Vertex AI offers for prediction; allowed: ${describeMachineTypes()}`);
    return problems;
  }
  const allowedTypes = acceleratorsFor(machine);
  const type = h.acceleratorType === undefined || h.acceleratorType === '' ? undefined : h.acceleratorType;
  const count = h.acceleratorCount;

  if (type === undefined) {
    if (machine.fixedGpu) {
      problems.push(
        `${field('acceleratorType')}: missing, but ${machine.name} comes with ${machine.fixedGpu.count} × ${machine.fixedGpu.type}; allowed: ${machine.fixedGpu.type}`,
      );
    } else if (count !== undefined && count !== 0) {
      problems.push(
        `${field('acceleratorCount')}: ${count} is set without ${field('acceleratorType')}; allowed: omit ${field('acceleratorCount')} (CPU only), or also set ${field('acceleratorType')}` +
          (allowedTypes.length ? ` (${allowedTypes.join(', ')})` : ''),
      );
    }
    return problems;
  }

  if (allowedTypes.length === 0) {
    problems.push(
      `${field('acceleratorType')}: "${type}" cannot be attached to ${machine.name} (${machine.family} machines take no accelerator); allowed: none (omit ${field('acceleratorType')}), or a machine type of ${GPU_FAMILIES.join(', ')}`,
    );
    return problems;
  }
  if (!isAcceleratorType(type)) {
    const why = RETIRED_ACCELERATORS[type] ?? `"${type}" is not a Vertex AI GPU type (known: ${ACCELERATOR_TYPES.join(', ')})`;
    problems.push(`${field('acceleratorType')}: ${why}; allowed on ${machine.name}: ${allowedTypes.join(', ')}`);
    return problems;
  }
  if (!allowedTypes.includes(type)) {
    problems.push(`${field('acceleratorType')}: "${type}" does not fit ${machine.name}; allowed: ${allowedTypes.join(', ')}`);
    return problems;
  }
  const counts = acceleratorCountsFor(machine, type);
  if (count === undefined) {
    problems.push(`${field('acceleratorCount')}: missing for ${type} on ${machine.name}; allowed: ${counts.join(', ')}`);
  } else if (!counts.includes(count)) {
    problems.push(`${field('acceleratorCount')}: ${count} is not allowed for ${type} on ${machine.name}; allowed: ${counts.join(', ')}`);
  }
  if (region && !region.accelerators.includes(type)) {
    const offering = VERTEX_REGIONS.filter((r) => r.accelerators.includes(type)).map((r) => r.id);
    problems.push(
      `${field('acceleratorType')}: "${type}" is not offered for prediction in ${region.id}; allowed there: ${region.accelerators.join(', ') || 'none (CPU only)'}; regions offering ${type}: ${offering.join(', ')}`,
    );
  }
  return problems;
}
