// Prebuilt Vertex AI prediction containers for TensorFlow 2, chosen exactly as the reference notebook does:
//   {region prefix}-docker.pkg.dev/vertex-ai/prediction/tf2-{cpu|gpu}.{major-minor}:latest
// Source: https://cloud.google.com/vertex-ai/docs/predictions/pre-built-containers (checked 2026-11-25).
// The notebook takes `REGION.split("-")[0]`; that is wrong for e.g. northamerica-* and australia-*, whose images
// live in the `us` / `asia` multi-region registries, so the prefix comes from the region table instead.
import { findRegion, VERTEX_REGION_IDS } from './regions';

const TF_VERSION = /^2[.-](\d{1,2})$/;

/** `2.15` or `2-15` → `2-15`; throws with the allowed form otherwise. */
export function normalizeTfVersion(tfVersion: string): string {
  const match = TF_VERSION.exec(tfVersion);
  if (!match) {
    throw new Error(`tfVersion: "${tfVersion}" is not a TensorFlow 2 version; allowed: "2.N" or "2-N", e.g. "2.15"`);
  }
  return `2-${match[1]}`;
}

export function servingImageUri(region: string, tfVersion: string, gpu: boolean): string {
  const found = findRegion(region);
  if (!found) {
    throw new Error(`region: "${region}" is not a Vertex AI region; allowed: ${VERTEX_REGION_IDS.join(', ')}`);
  }
  const flavour = gpu ? 'gpu' : 'cpu';
  return `${found.imageRegistryPrefix}-docker.pkg.dev/vertex-ai/prediction/tf2-${flavour}.${normalizeTfVersion(tfVersion)}:latest`;
}

/** True for a prebuilt GPU serving image (`.../tf2-gpu.2-15:latest`, `.../tf-gpu.1-15`, any `*-gpu.*` image name). */
export function isGpuServingImage(uri: string): boolean {
  const imageName = uri.split('/').pop() ?? '';
  return /^[a-z0-9]+(-[a-z0-9]+)*-gpu\./.test(imageName);
}
