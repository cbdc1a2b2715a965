// `npm run predict`: the batch prediction executor (local/executor, the one the Vertex emulator runs) on local
// files. The executor reads and writes Cloud Storage, so the SavedModel and the input go into an in-process GCS
// emulator (loopback only, bytes kept in a temporary folder), the job runs exactly as an emulated Vertex job does, and its output folder, in
// Vertex's layout, is copied to --out.
import { createReadStream } from 'node:fs';
import { access, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, dirname, join, resolve } from 'node:path';
import { createInterface } from 'node:readline';
import { Storage } from '@google-cloud/storage';
import { SystemClock } from '../emulator/clock';
import { startGcsEmulator } from '../emulator/gcs/server';
import { predictionOutputDir } from '../emulator/vertex/output-layout';
import { UsageError } from './args';
import { createLocalExecutor } from './executor';
import { downloadFolder, uploadFolder } from './gcs-folders';

export const PREDICT_FORMATS = ['jsonl', 'file-list'] as const;
export type PredictFormat = (typeof PREDICT_FORMATS)[number];

const BUCKET = 'local-predict';
const MODEL_DISPLAY_NAME = 'local-model';

export interface PredictOptions {
  modelDir: string;
  input: string;
  format: PredictFormat;
  outDir: string;
  batchSize?: number;
  log: (line: string) => void;
}

export interface PredictSummary {
  successfulCount: number;
  failedCount: number;
  /** The folder holding prediction.results-* and prediction.errors_stats-* files. */
  outputDir: string;
  files: number;
}

/** Every check that needs no model run, so a bad flag fails at once with the flag's name. */
export async function checkPredictOptions(options: PredictOptions): Promise<void> {
  const modelInfo = await stat(options.modelDir).catch(() => undefined);
  if (!modelInfo?.isDirectory()) throw new UsageError(`--model: ${options.modelDir} is not a folder (give a SavedModel folder holding saved_model.pb)`);
  if (!(await access(join(options.modelDir, 'saved_model.pb')).then(() => true, () => false))) {
    throw new UsageError(`--model: ${options.modelDir} has no saved_model.pb (export one with: npm run export -- --out DIR)`);
  }
  const inputInfo = await stat(options.input).catch(() => undefined);
  if (!inputInfo?.isFile()) throw new UsageError(`--input: ${options.input} is not a file`);
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new UsageError(`--batch-size: ${options.batchSize} is not a positive integer`);
  }
}

export async function runPredict(options: PredictOptions): Promise<PredictSummary> {
  await checkPredictOptions(options);
  const { log } = options;
  // Object bytes on disk: a big input and its outputs never sit in this process's memory.
  const blobDir = await mkdtemp(join(tmpdir(), 'predict-gcs-'));
  const gcs = await startGcsEmulator({ dir: blobDir });
  try {
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'local' });
    await storage.createBucket(BUCKET);
    const artifactUri = `gs://${BUCKET}/model`;
    await uploadFolder(storage, options.modelDir, artifactUri);
    const sourceUri = options.format === 'jsonl' ? await stageJsonl(storage, options.input) : await stageFileList(storage, options.input, log);

    const outputDir = predictionOutputDir(`gs://${BUCKET}/predictions`, MODEL_DISPLAY_NAME, Date.now());
    log(`running the batch prediction executor on ${options.input} (${options.format}) with ${options.modelDir}`);
    const executor = createLocalExecutor({ storage: () => storage });
    const result = await executor.run(
      {
        displayName: 'local-predict',
        inputConfig: { instancesFormat: options.format, gcsSource: { uris: [sourceUri] } },
        outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: `gs://${BUCKET}/predictions` } },
        ...(options.batchSize ? { manualBatchTuningParameters: { batchSize: options.batchSize } } : {}),
      },
      { model: { displayName: MODEL_DISPLAY_NAME, artifactUri }, outputDir, signal: new AbortController().signal, clock: new SystemClock() },
    );
    const files = await downloadFolder(storage, outputDir, options.outDir);
    log(`${result.successfulCount} prediction(s), ${result.failedCount} error row(s); ${files} file(s) in ${options.outDir} (Vertex's layout)`);
    if (result.failedCount > 0) log(`  see the errors: npm run results -- --output-dir ${options.outDir}`);
    return { successfulCount: result.successfulCount, failedCount: result.failedCount, outputDir: options.outDir, files };
  } finally {
    await gcs.close();
    await rm(blobDir, { recursive: true, force: true });
  }
}

async function stageJsonl(storage: Storage, input: string): Promise<string> {
  const name = `input/${basename(input)}`;
  await storage.bucket(BUCKET).upload(input, { destination: name });
  return `gs://${BUCKET}/${name}`;
}

/**
 * A local file list names local files (absolute, or relative to the list's folder), one per line. Each is
 * uploaded and the list rewritten to their gs:// names, which is what the executor (and Vertex) reads.
 * A missing file is named in a warning and left as a gs:// URI that does not exist: it becomes an error row.
 */
async function stageFileList(storage: Storage, input: string, log: (line: string) => void): Promise<string> {
  const listed: string[] = [];
  let index = 0;
  for await (const line of createInterface({ input: createReadStream(input), crlfDelay: Infinity })) {
    const path = line.trim();
    if (path === '') continue;
    const name = `files/${index++}/${basename(path)}`;
    const local = resolve(dirname(input), path);
    if (await access(local).then(() => true, () => false)) await storage.bucket(BUCKET).upload(local, { destination: name });
    else log(`warning: ${path} (line ${index} of ${input}) does not exist; it will be an error row`);
    listed.push(`gs://${BUCKET}/${name}`);
  }
  const listName = `input/${basename(input)}`;
  await storage.bucket(BUCKET).file(listName).save(listed.join('\n') + '\n', { resumable: false });
  return `gs://${BUCKET}/${listName}`;
}
