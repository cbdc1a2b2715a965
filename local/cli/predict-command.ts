// `npm run predict`: the batch prediction executor (local/executor, the one the Vertex emulator runs) on local
// files. The executor reads and writes Cloud Storage, so the SavedModel and the input go into an in-process GCS
// emulator (loopback only, bytes kept in a temporary folder), the job runs exactly as an emulated Vertex job does,
// and its output folder, in Vertex's layout, is copied to --out. Every input line is accounted for at the end:
// input lines = prediction rows + error rows, or the command fails.
import { createReadStream } from 'node:fs';
import { access, readdir, rm, stat } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { readSavedModel } from '../../model/savedmodel/read';
import { SystemClock } from '../emulator/clock';
import { startGcsEmulator } from '../emulator/gcs/server';
import { predictionOutputDir } from '../emulator/vertex/output-layout';
import { boundedLines } from '../executor/input-lines';
import { makeTempDir, removeTempDir } from '../temp-dirs';
import { UsageError } from './args';
import { createLocalExecutor } from './executor';
import { downloadFolder, uploadFolder } from './gcs-folders';
import { noInterruption, type Interruption } from './interrupt';
import { checkOutputCounts } from './output-counts';

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
  /** Remove the prediction.* files an earlier run left in --out (otherwise such a folder is refused). */
  overwrite?: boolean;
  log: (line: string) => void;
  /** Ctrl-C / SIGTERM handling of the CLI (local/cli/interrupt.ts). */
  interruption?: Interruption;
}

export interface PredictSummary {
  successfulCount: number;
  failedCount: number;
  /** The folder holding prediction.results-* and prediction.errors_stats-* files. */
  outputDir: string;
  files: number;
  /** Non-blank input lines: always successfulCount + failedCount. */
  inputLines: number;
}

const OUTPUT_FILE = /^prediction\.(results|errors_stats)-/;

/** Every check that needs no model run, so a bad flag fails at once with the flag's name. */
export async function checkPredictOptions(options: PredictOptions): Promise<void> {
  const modelInfo = await stat(options.modelDir).catch(() => undefined);
  if (!modelInfo?.isDirectory()) throw new UsageError(`--model: ${options.modelDir} is not a folder (give a SavedModel folder holding saved_model.pb)`);
  if (!(await access(join(options.modelDir, 'saved_model.pb')).then(() => true, () => false))) {
    throw new UsageError(`--model: ${options.modelDir} has no saved_model.pb (export one with: npm run export -- --out DIR)`);
  }
  // Parsed here, so a damaged file is named as the user's, not as the executor's staged copy.
  await readSavedModel(options.modelDir).catch((error: Error) => {
    throw new UsageError(`--model: ${join(options.modelDir, 'saved_model.pb')} is not a readable SavedModel: ${error.message}`);
  });
  const inputInfo = await stat(options.input).catch(() => undefined);
  if (!inputInfo?.isFile()) throw new UsageError(`--input: ${options.input} is not a file`);
  if (inputInfo.size === 0) throw new UsageError(`--input: ${options.input} is empty: there is nothing to predict`);
  if (options.batchSize !== undefined && (!Number.isInteger(options.batchSize) || options.batchSize < 1)) {
    throw new UsageError(`--batch-size: ${options.batchSize} is not a positive integer`);
  }
  await checkOutDir(options.outDir, options.overwrite ?? false);
}

/** --out is a folder (or will be): a file there, or the shards of an earlier run that would mix in, are refused. */
async function checkOutDir(outDir: string, overwrite: boolean): Promise<void> {
  const info = await stat(outDir).catch(() => undefined);
  if (!info) return;
  if (!info.isDirectory()) throw new UsageError(`--out: ${outDir} is a file; give a folder for the prediction.results-* files`);
  const older = (await readdir(outDir)).filter((name) => OUTPUT_FILE.test(name));
  if (older.length > 0 && !overwrite) {
    throw new UsageError(
      `--out: ${outDir} already holds ${older.length} prediction file(s) of an earlier run (${older.slice(0, 2).join(', ')}${older.length > 2 ? ', …' : ''}); ` +
        'they would mix with this run\'s: give another folder, or pass --overwrite to delete them first',
    );
  }
}

/** Non-blank lines of the local input, read as the executor reads them (bounded per line). */
async function countInputLines(input: string): Promise<number> {
  let lines = 0;
  for await (const line of boundedLines(createReadStream(input), input)) if ('error' in line || line.text.trim() !== '') lines++;
  return lines;
}

export async function runPredict(options: PredictOptions): Promise<PredictSummary> {
  await checkPredictOptions(options);
  const { log } = options;
  const interruption = options.interruption ?? noInterruption();
  const inputLines = await countInputLines(options.input);
  if (inputLines === 0) throw new UsageError(`--input: ${options.input} has only blank lines: there is nothing to predict`);
  // Object bytes on disk: a big input and its outputs never sit in this process's memory.
  const blobDir = await makeTempDir('predict-gcs-');
  const gcs = await startGcsEmulator({ dir: blobDir });
  const emulator = interruption.onCleanup(`the local GCS emulator and its bytes (${blobDir})`, async () => {
    await gcs.close();
    await removeTempDir(blobDir);
  });
  try {
    const storage = new Storage({ apiEndpoint: gcs.url, projectId: 'local' });
    await storage.createBucket(BUCKET);
    const artifactUri = `gs://${BUCKET}/model`;
    await uploadFolder(storage, options.modelDir, artifactUri);
    const sourceUri = options.format === 'jsonl' ? await stageJsonl(storage, options.input) : await stageFileList(storage, options.input, log);

    const outputDir = predictionOutputDir(`gs://${BUCKET}/predictions`, MODEL_DISPLAY_NAME, Date.now());
    log(`running the batch prediction executor on ${options.input} (${options.format}, ${inputLines} line(s)) with ${options.modelDir}`);
    const executor = createLocalExecutor({ storage: () => storage, listedFileName: userPathOf });
    const result = await executor
      .run(
        {
          displayName: 'local-predict',
          inputConfig: { instancesFormat: options.format, gcsSource: { uris: [sourceUri] } },
          outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: `gs://${BUCKET}/predictions` } },
          ...(options.batchSize ? { manualBatchTuningParameters: { batchSize: options.batchSize } } : {}),
        },
        { model: { displayName: MODEL_DISPLAY_NAME, artifactUri }, outputDir, signal: interruption.signal, clock: new SystemClock() },
      )
      .catch((error: Error) => {
        // The executor names the staged copy; the user knows the model by its folder.
        error.message = error.message.split(artifactUri).join(options.modelDir);
        throw error;
      });
    const files = await keepOutputs(storage, outputDir, options, interruption);
    log(`${result.successfulCount} prediction(s), ${result.failedCount} error row(s); ${files} file(s) in ${options.outDir} (Vertex's layout)`);
    const counted = await checkOutputCounts(options.outDir, { successful: result.successfulCount, failed: result.failedCount, inputLines });
    log(`input: ${inputLines} line(s) = ${counted.replace(/ = \d+$/, '')}`);
    if (result.failedCount > 0) log(`  see the errors: npm run results -- --output-dir ${options.outDir}`);
    return { successfulCount: result.successfulCount, failedCount: result.failedCount, outputDir: options.outDir, files, inputLines };
  } finally {
    await emulator.run();
  }
}

/** Copies the job's output folder into --out; an interrupted copy takes its partial files with it. */
async function keepOutputs(storage: Storage, outputDir: string, options: PredictOptions, interruption: Interruption): Promise<number> {
  const removeOwn = async () => {
    const names = await readdir(options.outDir).catch(() => [] as string[]);
    for (const name of names.filter((n) => OUTPUT_FILE.test(n))) await rm(join(options.outDir, name), { force: true });
  };
  if (options.overwrite) await removeOwn();
  const partial = interruption.onCleanup(`the partial output in ${options.outDir}`, removeOwn);
  const files = await downloadFolder(storage, outputDir, options.outDir);
  partial.drop();
  return files;
}

async function stageJsonl(storage: Storage, input: string): Promise<string> {
  const name = `input/${basename(input)}`;
  await storage.bucket(BUCKET).upload(input, { destination: name });
  return `gs://${BUCKET}/${name}`;
}

/**
 * A local file list names local files (absolute, or relative to the list's folder), one per line. Each is
 * uploaded and the list rewritten to their gs:// names, which is what the executor (and Vertex) reads. The
 * object name carries the user's line (userPathOf gives it back), so error rows name the user's path and
 * `npm run results -- --join LIST` matches them. A missing file or a folder is named in a warning and left as
 * a name without an object: it becomes an error row.
 */
async function stageFileList(storage: Storage, input: string, log: (line: string) => void): Promise<string> {
  const listed: string[] = [];
  let index = 0;
  let lineNumber = 0;
  for await (const line of boundedLines(createReadStream(input), input)) {
    lineNumber = line.line;
    if ('error' in line) throw new UsageError(`--input: ${line.error.message}`);
    const path = line.text.trim();
    if (path === '') continue;
    const name = stagedName(index++, path);
    const local = resolve(dirname(input), path);
    const info = await stat(local).catch(() => undefined);
    if (info?.isFile()) await storage.bucket(BUCKET).upload(local, { destination: name });
    else log(`warning: ${path} (line ${lineNumber} of ${input}) ${info ? 'is a folder, not a file' : 'does not exist'}; it will be an error row`);
    listed.push(`gs://${BUCKET}/${name}${info?.isDirectory() ? '/' : ''}`);
  }
  const listName = `input/${basename(input)}`;
  await storage.bucket(BUCKET).file(listName).save(listed.join('\n') + '\n', { resumable: false });
  return `gs://${BUCKET}/${listName}`;
}

const STAGED_FILES = 'files';
const stagedName = (index: number, path: string) => `${STAGED_FILES}/${index}/${encodeURIComponent(path)}`;

/** The user's line for a staged file's URI (any other URI unchanged). */
function userPathOf(uri: string): string {
  const match = new RegExp(`^gs://${BUCKET}/${STAGED_FILES}/\\d+/([^/]*)/?$`).exec(uri);
  return match ? decodeURIComponent(match[1]) : uri;
}
