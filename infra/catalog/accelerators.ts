// GPU types Vertex AI prediction accepts (`MachineSpec.acceleratorType`, aiplatform v1 `AcceleratorType` enum).
//
// Sources (checked 2026-11-25):
//   https://cloud.google.com/vertex-ai/docs/reference/rest/v1/MachineSpec  (enum; K80 marked "Deprecated: reached end of support")
//   https://cloud.google.com/compute/docs/eol/k80-eol                       (K80 end of life)
//   https://cloud.google.com/compute/docs/gpus                              (which machine series carries which GPU,
//                                                                             N1 vCPU limits per GPU count)
// TPUs are left out on purpose: the prebuilt TF serving containers this stack uses do not run on them.

export const ACCELERATOR_TYPES = [
  'NVIDIA_TESLA_T4',
  'NVIDIA_TESLA_P4',
  'NVIDIA_TESLA_V100',
  'NVIDIA_TESLA_P100',
  'NVIDIA_TESLA_A100',
  'NVIDIA_A100_80GB',
  'NVIDIA_L4',
  'NVIDIA_H100_80GB',
] as const;

export type AcceleratorType = (typeof ACCELERATOR_TYPES)[number];

/** Enum values Vertex still knows but rejects for new prediction jobs, with the reason shown to the user. */
export const RETIRED_ACCELERATORS: Readonly<Record<string, string>> = {
  NVIDIA_TESLA_K80: 'NVIDIA_TESLA_K80 has reached end of support (https://cloud.google.com/compute/docs/eol/k80-eol)',
};

export function isAcceleratorType(value: string): value is AcceleratorType {
  return (ACCELERATOR_TYPES as readonly string[]).includes(value);
}

/**
 * GPUs attachable to N1 machines: for each allowed count, the largest N1 vCPU count that count supports
 * (Compute Engine "GPU machine types", N1 section). A machine with more vCPUs needs more GPUs.
 */
export const N1_GPU_VCPU_LIMITS: Readonly<Partial<Record<AcceleratorType, Readonly<Record<number, number>>>>> = {
  NVIDIA_TESLA_T4: { 1: 48, 2: 48, 4: 96 },
  NVIDIA_TESLA_P4: { 1: 24, 2: 48, 4: 96 },
  NVIDIA_TESLA_V100: { 1: 12, 2: 24, 4: 48, 8: 96 },
  NVIDIA_TESLA_P100: { 1: 16, 2: 32, 4: 96 },
};
