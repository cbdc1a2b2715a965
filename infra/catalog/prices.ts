// Hourly list prices of Vertex AI prediction nodes (custom-trained models, batch and online prediction alike),
// used only to show an estimated cost per hour next to each batch job at preview time.
//
// Source: https://cloud.google.com/vertex-ai/pricing — "Custom-trained models" → "Prediction and explanation",
// region us-central1 (Iowa), on-demand, USD per node hour; accelerators priced per GPU hour on top of the machine.
// Transcribed 2026-11-25. The numbers are approximate and change over time: they are an order-of-magnitude
// guide for a pull-request reviewer, not a bill. Update this table in place; nothing else holds prices.
//
// Within a machine series Vertex's price grows linearly with the vCPU count (n1-standard-4 costs twice
// n1-standard-2), so one price per vCPU and series covers every size the catalog lists. Accelerator-optimized
// machines (a2, g2, a3) are priced as their vCPU share plus their built-in GPUs.
import { MACHINE_TYPES, describeMachineTypes } from './machines';
import { ACCELERATOR_TYPES, isAcceleratorType, type AcceleratorType } from './accelerators';
import { findRegion, VERTEX_REGION_IDS } from './regions';

export const PRICES_CHECKED_ON = '2026-11-25';
export const PRICES_SOURCE_URL = 'https://cloud.google.com/vertex-ai/pricing';
/** Region whose list prices the table holds; other regions are estimated with the same numbers. */
export const PRICES_REGION = 'us-central1';

/** USD per vCPU-hour for each machine series prefix (machine name without the size). */
export const VCPU_HOUR_USD: Readonly<Record<string, number>> = {
  'e2-standard': 0.0385,
  'e2-highmem': 0.052,
  'e2-highcpu': 0.0285,
  'n1-standard': 0.0547,
  'n1-highmem': 0.0681,
  'n1-highcpu': 0.0408,
  'n2-standard': 0.0561,
  'n2-highmem': 0.0757,
  'n2-highcpu': 0.0414,
  'n2d-standard': 0.0488,
  'n2d-highmem': 0.0659,
  'n2d-highcpu': 0.0361,
  'c2-standard': 0.06,
  'a2-highgpu': 0.0392,
  'a2-megagpu': 0.0392,
  'a2-ultragpu': 0.0392,
  'g2-standard': 0.0337,
  'a3-highgpu': 0.0392,
};

/** USD per GPU-hour, attached (N1) or built into the machine (A2, G2, A3). */
export const GPU_HOUR_USD: Readonly<Record<AcceleratorType, number>> = {
  NVIDIA_TESLA_T4: 0.4025,
  NVIDIA_TESLA_P4: 0.69,
  NVIDIA_TESLA_V100: 2.852,
  NVIDIA_TESLA_P100: 1.679,
  NVIDIA_TESLA_A100: 3.3741,
  NVIDIA_A100_80GB: 4.5147,
  NVIDIA_L4: 0.6720,
  NVIDIA_H100_80GB: 9.7966,
};

export interface CostInput {
  machineType: string;
  acceleratorType?: string;
  acceleratorCount?: number;
  /** Replicas priced (a batch job starts `startingReplicaCount` and may scale up to `maxReplicaCount`: see describeHourlyCostRange). */
  replicas: number;
  region: string;
}

function seriesOf(machineType: string): string {
  return machineType.replace(/-\d+g?$/, '');
}

/**
 * Estimated USD per hour of a prediction job: (machine + accelerators) × replicas, rounded to cents.
 * Throws, naming the field, for a machine type, GPU, count, replica count or region the price table cannot price.
 * Hardware compatibility is `checkHardware`'s job (infra/catalog/machines.ts); this only prices.
 */
export function estimateHourlyCostUsd(input: CostInput): number {
  const { machineType, acceleratorType, replicas, region } = input;
  if (!findRegion(region)) {
    throw new Error(`region: "${region}" is not a Vertex AI region; allowed: ${VERTEX_REGION_IDS.join(', ')}`);
  }
  if (!Number.isInteger(replicas) || replicas < 1) {
    throw new Error(`replicas: ${replicas} is not a replica count; allowed: an integer ≥ 1`);
  }
  const machine = MACHINE_TYPES.get(machineType);
  const vcpuPrice = VCPU_HOUR_USD[seriesOf(machineType)];
  if (!machine || vcpuPrice === undefined) {
    throw new Error(`machineType: "${machineType}" has no price; allowed: ${describeMachineTypes()}`);
  }

  let gpuType: string | undefined = acceleratorType || undefined;
  let gpuCount = input.acceleratorCount ?? 0;
  if (machine.fixedGpu) {
    // The GPUs of a2/g2/a3 machines come with the machine whatever the job spec repeats.
    gpuType = machine.fixedGpu.type;
    gpuCount = machine.fixedGpu.count;
  }
  let gpuPrice = 0;
  if (gpuType !== undefined) {
    if (!isAcceleratorType(gpuType)) {
      throw new Error(`acceleratorType: "${gpuType}" has no price; allowed: ${ACCELERATOR_TYPES.join(', ')}`);
    }
    if (!Number.isInteger(gpuCount) || gpuCount < 1) {
      throw new Error(`acceleratorCount: ${gpuCount} is not a GPU count for ${gpuType}; allowed: an integer ≥ 1`);
    }
    gpuPrice = GPU_HOUR_USD[gpuType] * gpuCount;
  }
  const perNode = machine.vcpus * vcpuPrice + gpuPrice;
  return Math.round(perNode * replicas * 100) / 100;
}

/**
 * A batch job's hourly cost as a range: Vertex starts `startingReplicas` and may scale up to `maxReplicas`
 * (BatchDedicatedResources in machine_resources.proto), so the estimate is from the one to the other; text for
 * progress lines, "no price data" when the table cannot price the hardware.
 */
export function describeHourlyCostRange(input: Omit<CostInput, 'replicas'> & { startingReplicas: number; maxReplicas: number }): string {
  const { startingReplicas, maxReplicas, ...hardware } = input;
  try {
    const from = estimateHourlyCostUsd({ ...hardware, replicas: startingReplicas });
    if (maxReplicas <= startingReplicas) return `≈ $${from.toFixed(2)}/h`;
    const to = estimateHourlyCostUsd({ ...hardware, replicas: maxReplicas });
    return `≈ $${from.toFixed(2)}–$${to.toFixed(2)}/h for ${startingReplicas}–${maxReplicas} replicas`;
  } catch {
    return 'no price data';
  }
}
