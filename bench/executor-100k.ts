// npx tsx bench/executor-100k.ts [--lines N] [--predictor encoder|stub] [--rows-per-shard N] [--model SAVEDMODEL_DIR]
// Peak RSS of a batch prediction job over a 100,000-line JSONL input, run by the Vertex emulator's executor
// exactly as `npm start` runs jobs: real aiplatform client → Vertex emulator → executor → local encoder,
// reading and writing through the real storage client. The GCS emulator runs in a child process so its
// in-memory copy of the input and the ~0.5 GB of predictions is not counted against the executor.
// `--predictor stub` replaces the model by a constant 512-float vector to isolate the executor's own memory.
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Storage } from '@google-cloud/storage';
import { startGcsEmulator } from '../local/emulator/gcs/server';
import { startVertexEmulator } from '../local/emulator/vertex/server';
import { createJobExecutor, DEFAULT_ROWS_PER_SHARD, localEncoderPredictor, type PredictorFactory } from '../local/executor';
import { BUCKET, exportFixture, uploadFolder, vertexClients } from './job-harness';

const WORDS = 'the quick brown fox jumps over lazy dog search google or type an url vertex batch prediction embeds sentences into vectors'.split(' ');
const RSS_SAMPLE_MS = 50;

interface Args {
  lines: number;
  predictor: 'encoder' | 'stub';
  rowsPerShard: number;
  model?: string;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { lines: 100_000, predictor: 'encoder', rowsPerShard: DEFAULT_ROWS_PER_SHARD };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--lines') args.lines = Number(argv[++i]);
    else if (a === '--predictor') args.predictor = argv[++i] as Args['predictor'];
    else if (a === '--rows-per-shard') args.rowsPerShard = Number(argv[++i]);
    else if (a === '--model') args.model = argv[++i];
    else throw new Error(`unknown argument ${a}; allowed: --lines N, --predictor encoder|stub, --rows-per-shard N, --model DIR`);
  }
  if (!['encoder', 'stub'].includes(args.predictor)) throw new Error(`--predictor must be encoder or stub, got ${args.predictor}`);
  return args;
}

/** Deterministic sentences of 3-24 words (a small LCG: the same input every run). */
function* sentences(count: number): Generator<string> {
  let seed = 42;
  const next = () => (seed = (seed * 1_103_515_245 + 12_345) % 2 ** 31);
  for (let i = 0; i < count; i++) {
    const words = Array.from({ length: 3 + (next() % 22) }, () => WORDS[next() % WORDS.length]);
    yield `${JSON.stringify(words.join(' '))}\n`;
  }
}

/** The GCS emulator in its own process; prints its URL on the first stdout line. */
async function startGcsChild(): Promise<{ url: string; child: ChildProcess }> {
  const child = spawn(process.execPath, ['--import', 'tsx', __filename, '--gcs-child'], { stdio: ['ignore', 'pipe', 'inherit'] });
  const url = await new Promise<string>((resolve, reject) => {
    child.stdout?.once('data', (chunk: Buffer) => resolve(chunk.toString().trim()));
    child.once('exit', (code) => reject(new Error(`GCS emulator child exited with ${code}`)));
  });
  return { url, child };
}

const stubPredictor: PredictorFactory = async () => {
  const vector = Float32Array.from({ length: 512 }, (_, i) => Math.sin(i) / 10);
  return { inputName: 'inputs', predict: async (texts) => texts.map(() => vector), close: async () => {} };
};

export async function benchExecutor(args: Args): Promise<string> {
  const work = await mkdtemp(path.join(os.tmpdir(), 'executor-bench-'));
  const savedModel = args.model ?? (await exportFixture(work));
  const gcs = await startGcsChild();
  process.env.STORAGE_EMULATOR_HOST = gcs.url;
  try {
    const storage = new Storage({ projectId: 'bench' });
    await storage.createBucket(BUCKET);
    await uploadFolder(storage, savedModel, 'models/use');
    await pipeline(Readable.from(sentences(args.lines)), storage.bucket(BUCKET).file('inputs/100k.jsonl').createWriteStream({ resumable: true }));

    const predictor = args.predictor === 'stub' ? stubPredictor : localEncoderPredictor({ cacheDir: path.join(work, 'onnx-cache') });
    const vertex = await startVertexEmulator({ executor: createJobExecutor({ predictor, rowsPerShard: args.rowsPerShard, workDir: work }), jobPhaseMs: { queued: 0, pending: 0, running: 0 } });
    const clients = vertexClients(vertex.port);
    try {
      const model = await clients.uploadModel('models/use');
      global.gc?.();
      const baselineMb = process.memoryUsage().rss / 2 ** 20;
      const samples: { at: number; mb: number; heapMb: number; externalMb: number }[] = [];
      const sampler = setInterval(() => {
        const usage = process.memoryUsage();
        samples.push({ at: performance.now(), mb: usage.rss / 2 ** 20, heapMb: usage.heapTotal / 2 ** 20, externalMb: usage.external / 2 ** 20 });
      }, RSS_SAMPLE_MS);
      const started = performance.now();
      const job = await clients
        .runJsonlJob({ displayName: 'bench-100k', model, input: 'inputs/100k.jsonl', output: 'outputs', batchSize: 64, pollMs: 500 })
        .finally(() => clearInterval(sampler));
      const seconds = (performance.now() - started) / 1000;
      // Bounded memory shows as a plateau: the peak of the last 3/4 of the job is no higher than that of the first 1/4.
      const quarter = started + (seconds * 1000) / 4;
      const peakOf = (list: typeof samples) => list.reduce((max, s) => Math.max(max, s.mb), baselineMb);
      const firstQuarterMb = peakOf(samples.filter((s) => s.at < quarter));
      const peakMb = peakOf(samples);
      // Where the peak sits: V8 heap, Buffers/ArrayBuffers (external), or native memory (onnxruntime's arena).
      const atPeak = samples.find((s) => s.mb === peakMb) ?? { heapMb: 0, externalMb: 0 };
      const dir = job.outputInfo?.gcsOutputDirectory ?? '';
      const [files] = await storage.bucket(BUCKET).getFiles({ prefix: `${dir.replace(`gs://${BUCKET}/`, '')}/` });
      const results = files.filter((f) => f.name.includes('prediction.results-'));
      const outputMb = files.reduce((sum, f) => sum + Number(f.metadata.size ?? 0), 0) / 2 ** 20;
      const maxRssMb = process.resourceUsage().maxRSS / 1024;
      return (
        `executor ${args.lines.toLocaleString('en-US')}-line JSONL job (${args.predictor} predictor, batch 64, ${args.rowsPerShard.toLocaleString('en-US')} rows/shard): ` +
        `${job.completionStats?.successfulCount} ok / ${job.completionStats?.failedCount} failed in ${seconds.toFixed(1)} s ` +
        `(${(args.lines / seconds).toFixed(0)} rows/s), ${results.length} result shards, ${outputMb.toFixed(0)} MB written; ` +
        `executor process RSS: ${baselineMb.toFixed(0)} MB before the job, peak ${firstQuarterMb.toFixed(0)} MB in the first quarter of the job, ` +
        `peak ${peakMb.toFixed(0)} MB over the whole job (+${(peakMb - baselineMb).toFixed(0)} MB; at the peak V8 heap ${atPeak.heapMb.toFixed(0)} MB, external ${atPeak.externalMb.toFixed(0)} MB, ` +
        `native/other ${(peakMb - atPeak.heapMb - atPeak.externalMb).toFixed(0)} MB), maxRSS ${maxRssMb.toFixed(0)} MB`
      );
    } finally {
      await clients.close();
      await vertex.close();
    }
  } finally {
    gcs.child.kill('SIGTERM');
    await rm(work, { recursive: true, force: true });
  }
}

async function gcsChild(): Promise<void> {
  const gcs = await startGcsEmulator();
  process.stdout.write(`${gcs.url}\n`);
  process.on('SIGTERM', () => void gcs.close().then(() => process.exit(0)));
}

if (require.main === module) {
  const argv = process.argv.slice(2);
  const run = argv[0] === '--gcs-child' ? gcsChild() : benchExecutor(parseArgs(argv)).then((line) => console.log(line));
  run.catch((error: unknown) => {
    console.error(error);
    process.exit(1);
  });
}
