// Finding and streaming a batch prediction job's output files in GCS. Vertex names them
// `prediction.results-0000X-of-0000Y` / `prediction.errors_stats-0000X-of-0000Y` for custom models, while the
// API docs also mention `predictions_0001.<ext>` / `errors_0001.<ext>`: both spellings are matched.
import { createInterface } from 'node:readline';
import type { File, Storage } from '@google-cloud/storage';
import type { ResultRow } from './results-join';

const RESULTS_FILE = /^(prediction\.results-|predictions_)/;
const ERRORS_FILE = /^(prediction\.errors_stats-|errors_)/;

export interface GcsLocation {
  bucket: string;
  prefix: string; // without a trailing slash; '' for the bucket root
}

export interface PredictionFiles {
  results: File[];
  errors: File[];
}

export function parseGcsUri(uri: string, field = 'outputDir'): GcsLocation {
  const match = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (!match) throw new Error(`${field}: "${uri}" is not a gs:// URI (expected gs://BUCKET/PATH)`);
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/\/+$/, '') };
}

/** Result and error shards directly inside the output directory, each list in shard-name order. */
export async function listPredictionFiles(storage: Storage, outputDir: string): Promise<PredictionFiles> {
  const { bucket, prefix } = parseGcsUri(outputDir);
  const [files] = await storage.bucket(bucket).getFiles({ prefix: prefix ? `${prefix}/` : '', delimiter: '/' });
  const baseName = (file: File) => file.name.slice(file.name.lastIndexOf('/') + 1);
  const byName = (a: File, b: File) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
  return {
    results: files.filter((f) => RESULTS_FILE.test(baseName(f))).sort(byName),
    errors: files.filter((f) => ERRORS_FILE.test(baseName(f))).sort(byName),
  };
}

/** The non-blank lines of one object, streamed (never the whole object in memory). */
export async function* readLines(file: File): AsyncGenerator<string> {
  const lines = createInterface({ input: file.createReadStream(), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') yield line;
  }
}

/** Every prediction row, then every error row, across all shards. */
export async function* resultRows(files: PredictionFiles): AsyncGenerator<ResultRow> {
  for (const file of files.results) {
    for await (const line of readLines(file)) yield { kind: 'prediction', line };
  }
  for (const file of files.errors) {
    for await (const line of readLines(file)) yield { kind: 'error', line };
  }
}

export function gcsUri(file: File): string {
  return `gs://${file.bucket.name}/${file.name}`;
}
