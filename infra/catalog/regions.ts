// Vertex AI regions usable for custom-model batch prediction, and the GPUs each one offers for prediction.
//
// Source: Vertex AI "Locations" page, section "Accelerators available by region" for prediction
//   https://cloud.google.com/vertex-ai/docs/general/locations#accelerators
// and Compute Engine "GPU regions and zones", cross-checked 2026-11-25. Availability changes over time and
// quota/stockouts are a separate matter (a region can list a GPU and still answer RESOURCE_EXHAUSTED):
// update this table in place when Google's page changes; nothing else in the repo hard-codes regions.
import type { AcceleratorType } from './accelerators';

export interface VertexRegion {
  /** Region id as used in `projects/P/locations/{id}` and `{id}-aiplatform.googleapis.com`. */
  readonly id: string;
  /** Multi-region Artifact Registry host of the prebuilt prediction images (`{prefix}-docker.pkg.dev`). */
  readonly imageRegistryPrefix: 'us' | 'europe' | 'asia';
  /** GPUs Vertex offers for prediction in this region. */
  readonly accelerators: readonly AcceleratorType[];
}

const T4 = 'NVIDIA_TESLA_T4';
const P4 = 'NVIDIA_TESLA_P4';
const V100 = 'NVIDIA_TESLA_V100';
const P100 = 'NVIDIA_TESLA_P100';
const A100 = 'NVIDIA_TESLA_A100';
const A100_80 = 'NVIDIA_A100_80GB';
const L4 = 'NVIDIA_L4';
const H100 = 'NVIDIA_H100_80GB';

export const VERTEX_REGIONS: readonly VertexRegion[] = [
  { id: 'us-central1', imageRegistryPrefix: 'us', accelerators: [T4, P4, V100, P100, A100, A100_80, L4, H100] },
  { id: 'us-east1', imageRegistryPrefix: 'us', accelerators: [T4, V100, P100, L4] },
  { id: 'us-east4', imageRegistryPrefix: 'us', accelerators: [T4, P4, A100_80, L4, H100] },
  { id: 'us-west1', imageRegistryPrefix: 'us', accelerators: [T4, V100, P100, L4, H100] },
  { id: 'us-west2', imageRegistryPrefix: 'us', accelerators: [T4, P4] },
  { id: 'us-west4', imageRegistryPrefix: 'us', accelerators: [T4, A100_80, L4, H100] },
  { id: 'northamerica-northeast1', imageRegistryPrefix: 'us', accelerators: [T4, P4] },
  { id: 'southamerica-east1', imageRegistryPrefix: 'us', accelerators: [T4] },
  { id: 'europe-west1', imageRegistryPrefix: 'europe', accelerators: [T4, P100, L4] },
  { id: 'europe-west2', imageRegistryPrefix: 'europe', accelerators: [T4] },
  { id: 'europe-west3', imageRegistryPrefix: 'europe', accelerators: [T4, L4] },
  { id: 'europe-west4', imageRegistryPrefix: 'europe', accelerators: [T4, P4, V100, P100, A100, A100_80, L4, H100] },
  { id: 'europe-west6', imageRegistryPrefix: 'europe', accelerators: [] },
  { id: 'asia-east1', imageRegistryPrefix: 'asia', accelerators: [T4, P100, L4] },
  { id: 'asia-northeast1', imageRegistryPrefix: 'asia', accelerators: [T4, A100, L4] },
  { id: 'asia-northeast3', imageRegistryPrefix: 'asia', accelerators: [T4, A100] },
  { id: 'asia-south1', imageRegistryPrefix: 'asia', accelerators: [T4] },
  { id: 'asia-southeast1', imageRegistryPrefix: 'asia', accelerators: [T4, P4, A100, L4, H100] },
  { id: 'australia-southeast1', imageRegistryPrefix: 'asia', accelerators: [T4, P4] },
];

export const VERTEX_REGION_IDS: readonly string[] = VERTEX_REGIONS.map((r) => r.id);

export function findRegion(id: string): VertexRegion | undefined {
  return VERTEX_REGIONS.find((r) => r.id === id);
}
