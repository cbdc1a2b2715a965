/**
 * The Vertex emulator's JobExecutor: runs a BatchPredictionJob for real.
 *   1. check the formats (jsonl / file-list in, jsonl out to Cloud Storage)
 *   2. download the model's artifact folder and load it (a broken artifact fails the job)
 *   3. count the input rows (a streaming pass) to fix the shard count n
 *   4. stream the rows again: instance → model input → requests of `manualBatchTuningParameters.batchSize`
 *      instances, each converted as a whole as TF Serving does (model-requests.ts) → predictions, written to
 *      shard i of n; unreadable rows, and every row of a request the server would reject, are error rows
 * Memory stays bounded by one batch plus the upload buffers, whatever the input size.
 */
import { join } from 'node:path';
import { status } from '@grpc/grpc-js';
import { Storage } from '@google-cloud/storage';
import type { BatchPredictionJobMessage, JobExecutor, JobRunContext, JobRunResult } from '../emulator/vertex/server';
import { makeTempDir, removeTempDir } from '../temp-dirs';
import { JobFailure } from './errors';
import { downloadFolder } from './gcs';
import { checkInstancesFormat, countRows, readRows } from './instances';
import { echoOf, prepareInstance, type InstanceConfig } from './model-input';
import { ModelRequests } from './model-requests';
import { ShardWriter } from './output';
import { localEncoderPredictor, type Predictor, type PredictorFactory } from './predictor';

export { JobFailure } from './errors';
export { localEncoderPredictor, type Predictor, type PredictorFactory } from './predictor';
export { MAX_CALL_TEXT_CHARS } from './model-requests';

/** Vertex's default when manualBatchTuningParameters.batchSize is unset (0). */
export const DEFAULT_BATCH_SIZE = 64;
/** Rows per output shard: a 100,000-line input is written as 5 shards. */
export const DEFAULT_ROWS_PER_SHARD = 20_000;

export interface JobExecutorOptions {
  /** A Storage client; the default one follows STORAGE_EMULATOR_HOST. */
  storage?: () => Storage;
  predictor?: PredictorFactory;
  rowsPerShard?: number;
  /** How error rows name a file-list line's file (`npm run predict` maps its staged copies back to the user's paths). */
  listedFileName?: (uri: string) => string;
  /** Where a job keeps its artifact copy and the shard being written (a temporary folder per job, removed afterwards). */
  workDir?: string;
}

export function createJobExecutor(options: JobExecutorOptions = {}): JobExecutor {
  return { run: (job, ctx) => runJob(job, ctx, options) };
}

function checkOutput(job: BatchPredictionJobMessage): void {
  const format = job.outputConfig?.predictionsFormat;
  if (format !== 'jsonl' || !job.outputConfig?.gcsDestination?.outputUriPrefix) {
    throw new JobFailure(
      status.INVALID_ARGUMENT,
      `predictions_format "${format}" cannot be written by the local executor: it writes jsonl to a Cloud Storage destination (BigQuery is not available offline).`,
    );
  }
}

async function loadPredictor(storage: Storage, artifactUri: string | undefined, dir: string, factory: PredictorFactory, batchSize: number): Promise<Predictor> {
  if (!artifactUri) throw new JobFailure(status.FAILED_PRECONDITION, 'The model has no artifact_uri: there is no SavedModel to run.');
  const files = await downloadFolder(storage, artifactUri, dir);
  if (files === 0) throw new JobFailure(status.FAILED_PRECONDITION, `The model artifact folder ${artifactUri} is empty: there is no SavedModel to run.`);
  try {
    return await factory(dir, { batchSize });
  } catch (error) {
    throw new JobFailure(status.FAILED_PRECONDITION, `The model at ${artifactUri} could not be loaded: ${(error as Error).message}`);
  }
}

async function runJob(job: BatchPredictionJobMessage, ctx: JobRunContext, options: JobExecutorOptions): Promise<JobRunResult> {
  checkInstancesFormat(job.inputConfig?.instancesFormat);
  checkOutput(job);
  const storage = options.storage?.() ?? new Storage();
  const batchSize = job.manualBatchTuningParameters?.batchSize || DEFAULT_BATCH_SIZE;
  const rowsPerShard = options.rowsPerShard ?? DEFAULT_ROWS_PER_SHARD;
  const jobDir = await makeTempDir('vertex-job-', options.workDir);
  try {
    const artifactDir = join(jobDir, 'artifact');
    const predictor = await loadPredictor(storage, ctx.model.artifactUri, artifactDir, options.predictor ?? localEncoderPredictor(), batchSize);
    try {
      return await predictAll(job, ctx, storage, predictor, batchSize, rowsPerShard, jobDir, options.listedFileName);
    } finally {
      await predictor.close();
    }
  } finally {
    await removeTempDir(jobDir);
  }
}

async function predictAll(
  job: BatchPredictionJobMessage,
  ctx: JobRunContext,
  storage: Storage,
  predictor: Predictor,
  batchSize: number,
  rowsPerShard: number,
  shardDir: string,
  listedFileName?: (uri: string) => string,
): Promise<JobRunResult> {
  const format = job.inputConfig?.instancesFormat ?? '';
  const uris = job.inputConfig?.gcsSource?.uris ?? [];
  // instanceConfig applies to JSON lines only (Vertex: "does not apply to file-list").
  const config: InstanceConfig | undefined = format === 'jsonl' ? job.instanceConfig : undefined;
  const shardCount = Math.max(1, Math.ceil((await countRows(storage, uris)) / rowsPerShard));
  const writer = new ShardWriter(storage, ctx.outputDir, shardCount, shardDir);
  const requests = new ModelRequests(predictor, writer, batchSize, ctx.signal);

  try {
    let index = 0;
    let shard = -1;
    for await (const row of readRows(storage, format, uris, listedFileName)) {
      const rowShard = Math.min(shardCount - 1, Math.floor(index / rowsPerShard));
      index += 1;
      if (rowShard !== shard) {
        await requests.flush();
        await writer.startShard(rowShard);
        shard = rowShard;
      }
      const prepared = row.error ?? prepareInstance(row.instance, config);
      if ('code' in prepared) await requests.fail(echoOf(row.instance, config), prepared);
      else await requests.add(prepared);
    }
    await requests.flush();
    // Every shard of the n-of-n set exists, also when the input was empty or shrank since it was counted.
    for (let s = shard + 1; s < shardCount; s++) await writer.startShard(s);
    await writer.endShard();
  } catch (error) {
    writer.abort();
    throw error;
  }
  return { successfulCount: requests.successfulCount, failedCount: requests.failedCount, outputDir: ctx.outputDir };
}
