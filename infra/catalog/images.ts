// Prebuilt Vertex AI prediction containers for TensorFlow 2: a dated list, not a pattern. An image exists only for
// the TF versions Google lists, and each is patched until its end-of-patch date and can be used until its
// end-of-availability date (after that Vertex no longer runs it).
// Source: https://cloud.google.com/vertex-ai/docs/predictions/pre-built-containers ("Available TensorFlow container
// images": ML framework version, end of patch and support date, end of availability, images
// {us,europe,asia}-docker.pkg.dev/vertex-ai/prediction/tf2-{cpu,gpu}.2-N:latest), checked 2026-12-03; the support
// policy: https://cloud.google.com/vertex-ai/docs/framework-support-policy.
// The notebook takes `REGION.split("-")[0]` for the registry; that is wrong for e.g. northamerica-* and australia-*,
// whose images live in the `us` / `asia` multi-region registries, so the prefix comes from the region table instead.
import { findRegion, VERTEX_REGION_IDS } from './regions';

export const PREBUILT_IMAGES_SOURCE = 'https://cloud.google.com/vertex-ai/docs/predictions/pre-built-containers (checked 2026-12-03)';

export interface TfServingImages {
  /** TensorFlow version, "2.N". */
  tfVersion: string;
  /** CUDA of the GPU image (every listed version has a CPU and a GPU image). */
  gpuCuda: string;
  /** Last day the images get patches (ISO date). */
  endOfPatch: string;
  /** Last day Vertex AI runs them (ISO date). */
  endOfAvailability: string;
}

/** Newest first, as the page lists them. Versions whose availability has ended stay, so the refusal can say so. */
export const TF2_PREDICTION_IMAGES: readonly TfServingImages[] = [
  { tfVersion: '2.15', gpuCuda: '12.x', endOfPatch: '2026-01-14', endOfAvailability: '2027-01-14' },
  { tfVersion: '2.14', gpuCuda: '12.x', endOfPatch: '2026-01-14', endOfAvailability: '2027-01-14' },
  { tfVersion: '2.13', gpuCuda: '12.x', endOfPatch: '2024-11-28', endOfAvailability: '2025-11-28' },
  { tfVersion: '2.12', gpuCuda: '11.x', endOfPatch: '2024-06-30', endOfAvailability: '2025-06-30' },
  { tfVersion: '2.11', gpuCuda: '11.x', endOfPatch: '2023-11-15', endOfAvailability: '2024-11-15' },
];

/** Preview warns this many days before an image's end of availability. */
export const END_OF_AVAILABILITY_WARNING_DAYS = 90;
const DAY_MS = 24 * 60 * 60 * 1000;

const TF_VERSION = /^2[.-](\d{1,2})$/;

/** `2.15` or `2-15` → `2-15`; throws with the allowed form otherwise. */
export function normalizeTfVersion(tfVersion: string): string {
  const match = TF_VERSION.exec(tfVersion);
  if (!match) {
    throw new Error(`tfVersion: "${tfVersion}" is not a TensorFlow 2 version; allowed: "2.N" or "2-N", e.g. "2.15"`);
  }
  return `2-${match[1]}`;
}

function findImages(tfVersion: string): TfServingImages | undefined {
  const dashed = normalizeTfVersion(tfVersion);
  return TF2_PREDICTION_IMAGES.find((line) => line.tfVersion.replace('.', '-') === dashed);
}

const endOf = (isoDate: string) => Date.parse(`${isoDate}T23:59:59Z`);

/** TF versions whose images can still be used on `today`, newest first. */
export function availableTfVersions(today: Date): string[] {
  return TF2_PREDICTION_IMAGES.filter((line) => endOf(line.endOfAvailability) >= today.getTime()).map((line) => line.tfVersion);
}

/** The default: the newest TF version with images available on `today`. */
export function newestTfVersion(today: Date): string {
  const [newest] = availableTfVersions(today);
  if (!newest) throw new Error(`no prebuilt TF2 prediction image is available on ${today.toISOString().slice(0, 10)}; update infra/catalog/images.ts from ${PREBUILT_IMAGES_SOURCE}`);
  return newest;
}

export interface ImageCheck {
  /** Refusal: no such image, or its availability has ended. */
  problem?: string;
  /** Within END_OF_AVAILABILITY_WARNING_DAYS of the end of availability. */
  warning?: string;
}

/** Whether `tfVersion` has prebuilt images usable on `today`, as messages naming `field`. */
export function checkTfVersion(tfVersion: string, today: Date, field = 'prediction.tfVersion'): ImageCheck {
  const available = availableTfVersions(today);
  const allowed = `allowed: ${available.map((v) => `"${v}"`).join(', ')} (${PREBUILT_IMAGES_SOURCE})`;
  let images: TfServingImages | undefined;
  try {
    images = findImages(tfVersion);
  } catch (error) {
    return { problem: `${field}: ${(error as Error).message.replace(/^tfVersion: /, '')}` };
  }
  if (!images) return { problem: `${field}: "${tfVersion}" has no prebuilt Vertex AI prediction image (tf2-cpu/gpu.${normalizeTfVersion(tfVersion)} does not exist); ${allowed}` };
  const name = `tf2-cpu/gpu.${normalizeTfVersion(tfVersion)}`;
  const left = endOf(images.endOfAvailability) - today.getTime();
  if (left < 0) return { problem: `${field}: "${tfVersion}": the ${name} images reached end of availability on ${images.endOfAvailability}; Vertex AI no longer runs them; ${allowed}` };
  if (left <= END_OF_AVAILABILITY_WARNING_DAYS * DAY_MS) {
    const days = Math.floor(left / DAY_MS);
    const newer = available.filter((v) => Number(v.split('.')[1]) > Number(images!.tfVersion.split('.')[1]));
    const move = newer.length ? `move to ${newer.map((v) => `"${v}"`).join(' or ')}` : `no newer version is listed yet: check ${PREBUILT_IMAGES_SOURCE} and update infra/catalog/images.ts`;
    return {
      warning: `${field}: "${tfVersion}": the ${name} images reach end of availability on ${images.endOfAvailability} (in ${days} days; patches ended ${images.endOfPatch}); after that date this stack's preview refuses it and Vertex AI no longer runs it; ${move}`,
    };
  }
  return {};
}

/** The image URI for a listed TF version (dates are checked by checkTfVersion, at preview). */
export function servingImageUri(region: string, tfVersion: string, gpu: boolean): string {
  const found = findRegion(region);
  if (!found) {
    throw new Error(`region: "${region}" is not a Vertex AI region; allowed: ${VERTEX_REGION_IDS.join(', ')}`);
  }
  if (!findImages(tfVersion)) {
    throw new Error(`tfVersion: "${tfVersion}" has no prebuilt Vertex AI prediction image; allowed: ${TF2_PREDICTION_IMAGES.map((line) => `"${line.tfVersion}"`).join(', ')}`);
  }
  const flavour = gpu ? 'gpu' : 'cpu';
  return `${found.imageRegistryPrefix}-docker.pkg.dev/vertex-ai/prediction/tf2-${flavour}.${normalizeTfVersion(tfVersion)}:latest`;
}

/** True for a prebuilt GPU serving image (`.../tf2-gpu.2-15:latest`, `.../tf-gpu.1-15`, any `*-gpu.*` image name). */
export function isGpuServingImage(uri: string): boolean {
  const imageName = uri.split('/').pop() ?? '';
  return /^[a-z0-9]+(-[a-z0-9]+)*-gpu\./.test(imageName);
}
