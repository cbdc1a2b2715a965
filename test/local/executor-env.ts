/**
 * Test helper for the executor: the GCS emulator (reached through STORAGE_EMULATOR_HOST, as the product
 * does) and the Vertex emulator running jobs with `createJobExecutor`, driven by the real clients.
 * `recordingPredictor` stands in for the model where a test is about formats, layout and batching.
 */
import { after, before, beforeEach } from 'node:test';
import { readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import { Storage } from '@google-cloud/storage';
import type { protos } from '@google-cloud/aiplatform';
import { ManualClock } from '../../local/emulator/clock';
import { startGcsEmulator, type GcsEmulator } from '../../local/emulator/gcs/server';
import { createJobExecutor, type JobExecutorOptions, type Predictor, type PredictorFactory } from '../../local/executor';
import { PARENT, jobSpec, startWithClients, uploadModel, type EmulatorWithClients } from './vertex-clients';

export const BUCKET = 'exec-bucket';
export const ARTIFACT_URI = `gs://${BUCKET}/models/use-lite`;
export const OUTPUT_PREFIX = `gs://${BUCKET}/outputs`;

type IBatchPredictionJob = protos.google.cloud.aiplatform.v1.IBatchPredictionJob;

/** A stand-in model: prediction = [length in UTF-16 units, first code point or -1]; it records each batch. */
export function recordingPredictor(batches: string[][]): PredictorFactory {
  return async (dir) => {
    const files = await readdir(dir);
    if (!files.includes('saved_model.pb')) throw new Error(`no saved_model.pb in the artifact (found: ${files.join(', ')})`);
    const predictor: Predictor = {
      inputName: 'inputs',
      predict: async (texts) => {
        batches.push(texts);
        return texts.map((t) => [t.length, t.length > 0 ? (t.codePointAt(0) ?? -1) : -1]);
      },
      close: async () => {},
    };
    return predictor;
  };
}

export interface ExecutorEnv {
  gcs: GcsEmulator;
  storage: Storage;
  vertex: EmulatorWithClients;
  model: string;
  close(): Promise<void>;
  /** Creates a job and waits (real time, bounded) for it to end; returns the final job. */
  runJob(overrides: IBatchPredictionJob): Promise<protos.google.cloud.aiplatform.v1.IBatchPredictionJob>;
  createJob(overrides: IBatchPredictionJob): Promise<string>;
  waitForJob(name: string): Promise<protos.google.cloud.aiplatform.v1.IBatchPredictionJob>;
  /** Object names and contents under a gs:// folder. */
  readFolder(uri: string): Promise<Map<string, string>>;
  put(object: string, contents: string | Buffer): Promise<void>;
}

const JOB_WAIT_MS = 60_000;

export async function startExecutorEnv(options: JobExecutorOptions & { artifact?: Record<string, Buffer | string> }): Promise<ExecutorEnv> {
  const gcs = await startGcsEmulator();
  const previousHost = process.env.STORAGE_EMULATOR_HOST;
  process.env.STORAGE_EMULATOR_HOST = gcs.url;
  const storage = new Storage({ projectId: 'test-project' });
  await storage.createBucket(BUCKET);
  const put = async (object: string, contents: string | Buffer) => {
    await storage.bucket(BUCKET).file(object).save(contents, { resumable: false });
  };
  for (const [name, bytes] of Object.entries(options.artifact ?? { 'saved_model.pb': 'not parsed by the recording predictor' })) {
    await put(`models/use-lite/${name}`, bytes);
  }
  const vertex = await startWithClients({
    clock: new ManualClock(Date.UTC(2026, 0, 1)),
    executor: createJobExecutor(options),
    jobPhaseMs: { queued: 0, pending: 0, running: 0 },
  });
  const model = await uploadModel(vertex, { artifactUri: ARTIFACT_URI });
  const createJob = async (overrides: IBatchPredictionJob) => {
    const [created] = await vertex.jobs.createBatchPredictionJob({ parent: PARENT, batchPredictionJob: jobSpec(model, overrides) });
    return created.name ?? '';
  };
  const waitForJob = async (name: string) => {
    const deadline = Date.now() + JOB_WAIT_MS;
    for (;;) {
      const [job] = await vertex.jobs.getBatchPredictionJob({ name });
      if (['JOB_STATE_SUCCEEDED', 'JOB_STATE_FAILED', 'JOB_STATE_CANCELLED'].includes(String(job.state))) return job;
      if (Date.now() > deadline) throw new Error(`job ${name} still ${job.state} after ${JOB_WAIT_MS} ms`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  };

  return {
    gcs,
    storage,
    vertex,
    model,
    put,
    async close() {
      await vertex.close();
      await gcs.close();
      if (previousHost === undefined) delete process.env.STORAGE_EMULATOR_HOST;
      else process.env.STORAGE_EMULATOR_HOST = previousHost;
    },
    createJob,
    waitForJob,
    async runJob(overrides) {
      return waitForJob(await createJob(overrides));
    },
    async readFolder(uri) {
      const prefix = uri.replace(`gs://${BUCKET}/`, '').replace(/\/?$/, '/');
      const [files] = await storage.bucket(BUCKET).getFiles({ prefix });
      const contents = new Map<string, string>();
      for (const file of files) contents.set(file.name.slice(prefix.length), (await file.download())[0].toString('utf8'));
      return contents;
    },
  };
}

export function jsonlInput(object: string, overrides: IBatchPredictionJob = {}): IBatchPredictionJob {
  return {
    inputConfig: { instancesFormat: 'jsonl', gcsSource: { uris: [`gs://${BUCKET}/${object}`] } },
    outputConfig: { predictionsFormat: 'jsonl', gcsDestination: { outputUriPrefix: OUTPUT_PREFIX } },
    ...overrides,
  };
}

export function lines(text: string | undefined): unknown[] {
  return (text ?? '').split('\n').filter((l) => l !== '').map((l) => JSON.parse(l) as unknown);
}

/** Registers, in the calling describe(), one executor env with a recording predictor whose batches reset per test. */
export function recordingExecutorSuite(): { env: () => ExecutorEnv; batches: string[][] } {
  let env: ExecutorEnv | undefined;
  const batches: string[][] = [];
  before(async () => {
    env = await startExecutorEnv({ predictor: recordingPredictor(batches) });
  });
  after(() => env?.close());
  beforeEach(() => {
    batches.length = 0;
  });
  return { env: () => env!, batches };
}

export type ErrorRow = { instance?: unknown; key?: unknown; error: { status: string; message: string } };

/** A results file's rows split as Vertex mixes them: predictions, and failed rows (with `error`). */
export function resultsRows(text: string | undefined): { predictions: Record<string, unknown>[]; errors: ErrorRow[] } {
  const rows = lines(text) as Record<string, unknown>[];
  return { predictions: rows.filter((r) => !('error' in r)), errors: rows.filter((r) => 'error' in r) as ErrorRow[] };
}

/** Every file under `dir`, keyed by its path relative to `dir` (e.g. an artifact to seed the bucket with). */
export async function readLocalFolder(dir: string): Promise<Record<string, Buffer>> {
  const out: Record<string, Buffer> = {};
  for (const entry of await readdir(dir, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const full = join(entry.parentPath, entry.name);
    out[relative(dir, full)] = await readFile(full);
  }
  return out;
}
