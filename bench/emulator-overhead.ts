// npx tsx bench/emulator-overhead.ts [--jobs N] [--lines N] [--model SAVEDMODEL_DIR]
// Emulator overhead per job: small JSONL jobs run through the real JobServiceClient against the Vertex emulator
// (system clock, zero-length phases) with the real executor and the in-process GCS emulator, as `npm start` runs
// them. Each job's wall time (create → client sees SUCCEEDED) minus the time inside the model's predict calls is
// what the emulator, the executor and the GCS I/O cost around the model, including the per-job model load.
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Storage } from '@google-cloud/storage';
import { startGcsEmulator } from '../local/emulator/gcs/server';
import { startVertexEmulator } from '../local/emulator/vertex/server';
import { createJobExecutor, localEncoderPredictor, type PredictorFactory } from '../local/executor';
import { benchSentences } from './corpus';
import { BUCKET, exportFixture, uploadFolder, vertexClients } from './job-harness';

export interface OverheadArgs {
  savedModelDir: string;
  jobs: number;
  lines: number;
  /** ONNX conversion cache shared by all jobs (a warm-up job fills it, as a second `npm start` would find it). */
  cacheDir: string;
}

/** Client poll interval: the wall time of a job is known to within this much. */
const POLL_MS = 20;

/** Times every predict call and every model load of the wrapped factory. */
function timedPredictor(inner: PredictorFactory, spent: { predictMs: number; loadMs: number }): PredictorFactory {
  return async (dir, options) => {
    const t = performance.now();
    const predictor = await inner(dir, options);
    spent.loadMs += performance.now() - t;
    return {
      ...predictor,
      predict: async (texts) => {
        const started = performance.now();
        try {
          return await predictor.predict(texts);
        } finally {
          spent.predictMs += performance.now() - started;
        }
      },
    };
  };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mean = (xs: number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

export async function benchEmulatorOverhead(args: OverheadArgs): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'overhead-bench-'));
  const gcs = await startGcsEmulator();
  const previousHost = process.env.STORAGE_EMULATOR_HOST;
  process.env.STORAGE_EMULATOR_HOST = gcs.url;
  const spent = { predictMs: 0, loadMs: 0 };
  const predictor = timedPredictor(localEncoderPredictor({ cacheDir: args.cacheDir }), spent);
  const vertex = await startVertexEmulator({ executor: createJobExecutor({ predictor, workDir: work }), jobPhaseMs: { queued: 0, pending: 0, running: 0 } });
  const clients = vertexClients(vertex.port);
  try {
    const storage = new Storage({ projectId: 'bench' });
    await storage.createBucket(BUCKET);
    await uploadFolder(storage, args.savedModelDir, 'models/use');
    const input = benchSentences(args.lines).map((s) => `${JSON.stringify(s)}\n`).join('');
    await storage.bucket(BUCKET).file('inputs/small.jsonl').save(input, { resumable: false });
    const model = await clients.uploadModel('models/use');

    const runOne = (name: string) => clients.runJsonlJob({ displayName: `overhead-${name}`, model, input: 'inputs/small.jsonl', output: `outputs/${name}`, batchSize: 64, pollMs: POLL_MS });
    await runOne('warm-up'); // warm-up: fills the ONNX conversion cache and JIT-compiles the path; not counted
    const per: { wallMs: number; predictMs: number; loadMs: number }[] = [];
    for (let i = 0; i < args.jobs; i++) {
      spent.predictMs = 0;
      spent.loadMs = 0;
      const started = performance.now();
      const job = await runOne(String(i));
      const wallMs = performance.now() - started;
      if (Number(job.completionStats?.successfulCount) !== args.lines) throw new Error(`job ${i}: ${job.completionStats?.successfulCount} of ${args.lines} rows succeeded`);
      per.push({ wallMs, predictMs: spent.predictMs, loadMs: spent.loadMs });
    }
    const overhead = per.map((p) => p.wallMs - p.predictMs);
    return (
      `Emulator overhead per job (${args.jobs} JSONL jobs × ${args.lines} lines, batch 64, after 1 warm-up job; real JobServiceClient → Vertex emulator on the system clock ` +
      `with zero-length phases, polled every ${POLL_MS} ms → executor → local encoder; GCS emulator in-process): ` +
      `wall ${median(per.map((p) => p.wallMs)).toFixed(0)} ms median (${mean(per.map((p) => p.wallMs)).toFixed(0)} mean) per job, ` +
      `of which predict ${median(per.map((p) => p.predictMs)).toFixed(0)} ms; ` +
      `overhead (wall − predict) ${median(overhead).toFixed(0)} ms median (${mean(overhead).toFixed(0)} mean, min ${Math.min(...overhead).toFixed(0)}, max ${Math.max(...overhead).toFixed(0)}), ` +
      `including ${median(per.map((p) => p.loadMs)).toFixed(0)} ms median loading the model per job (SavedModel read, cached ONNX, session start; artifact download not included in that part)`
    );
  } finally {
    await clients.close();
    await vertex.close();
    await gcs.close();
    if (previousHost === undefined) delete process.env.STORAGE_EMULATOR_HOST;
    else process.env.STORAGE_EMULATOR_HOST = previousHost;
    await rm(work, { recursive: true, force: true });
  }
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const get = (flag: string) => {
    const i = argv.indexOf(flag);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const savedModelDir = get('--model');
  (async () => {
    const work = await mkdtemp(path.join(os.tmpdir(), 'overhead-main-'));
    try {
      const dir = savedModelDir ?? (await exportFixture(work));
      console.log(await benchEmulatorOverhead({ savedModelDir: dir, jobs: Number(get('--jobs') ?? 10), lines: Number(get('--lines') ?? 20), cacheDir: path.join(work, 'onnx-cache') }));
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  })().catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
