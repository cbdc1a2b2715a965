// Finding and streaming a batch prediction job's output files in GCS. Vertex names them
// `prediction.results-0000X-of-0000Y` / `prediction.errors_stats-0000X-of-0000Y` for custom models, while the
// API docs also mention `predictions_0001.<ext>` / `errors_0001.<ext>`: both spellings are matched.
import { createReadStream } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import type { Readable } from 'node:stream';
import type { File, Storage } from '@google-cloud/storage';

const RESULTS_FILE = /^(prediction\.results-|predictions_)/;
const ERRORS_FILE = /^(prediction\.errors_stats-|errors_)/;

export interface GcsLocation {
  bucket: string;
  prefix: string; // without a trailing slash; '' for the bucket root
}

/** One output shard, in GCS or (for outputs `npm start` kept) on local disk. */
export interface Shard {
  uri: string;
  open(): Readable;
}

export interface PredictionFiles {
  results: Shard[];
  errors: Shard[];
}

export function parseGcsUri(uri: string, field = 'outputDir'): GcsLocation {
  const match = /^gs:\/\/([a-z0-9][a-z0-9._-]{1,221}[a-z0-9])(?:\/(.*))?$/.exec(uri.trim());
  if (!match) throw new Error(`${field}: "${uri}" is not a gs:// URI (expected gs://BUCKET/PATH)`);
  return { bucket: match[1], prefix: (match[2] ?? '').replace(/\/+$/, '') };
}

/** Result and error shards directly inside the output directory (gs:// or a local folder), in shard-name order. */
export async function listPredictionFiles(storage: Storage, outputDir: string): Promise<PredictionFiles> {
  if (!outputDir.startsWith('gs://')) return listLocalPredictionFiles(outputDir);
  const { bucket, prefix } = parseGcsUri(outputDir);
  const [files] = await storage.bucket(bucket).getFiles({ prefix: prefix ? `${prefix}/` : '', delimiter: '/' });
  const shards = files.map((file: File): Shard => ({ uri: `gs://${file.bucket.name}/${file.name}`, open: () => file.createReadStream() }));
  return classify(shards);
}

async function listLocalPredictionFiles(dir: string): Promise<PredictionFiles> {
  const entries = await readdir(dir, { withFileTypes: true });
  return classify(entries.filter((e) => e.isFile()).map((e): Shard => ({ uri: join(dir, e.name), open: () => createReadStream(join(dir, e.name)) })));
}

function classify(shards: Shard[]): PredictionFiles {
  const baseName = (shard: Shard) => shard.uri.slice(shard.uri.lastIndexOf('/') + 1);
  const byName = (a: Shard, b: Shard) => (a.uri < b.uri ? -1 : a.uri > b.uri ? 1 : 0);
  return {
    results: shards.filter((f) => RESULTS_FILE.test(baseName(f))).sort(byName),
    errors: shards.filter((f) => ERRORS_FILE.test(baseName(f))).sort(byName),
  };
}

/** The non-blank lines of one shard, streamed (never the whole object in memory). */
export async function* readLines(shard: Shard): AsyncGenerator<string> {
  const lines = createInterface({ input: shard.open(), crlfDelay: Infinity });
  for await (const line of lines) {
    if (line.trim() !== '') yield line;
  }
}
