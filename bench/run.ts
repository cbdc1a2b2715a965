// npm run bench [-- --model SAVEDMODEL_DIR] [--full] [--rss100k] [--job100k] [--no-tf] [--no-append]
// Local inference (ONNX runtime) throughput vs Python TensorFlow on the same SavedModel and sentences, in the
// same run; export time; emulator overhead per job; with --job100k the peak RSS of the 100,000-line batch
// prediction job (bench/executor-100k.ts in a child process). Results printed and appended to BENCHMARKS.md with
// the machine, date and command.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { appendFile, mkdtemp, rm, writeFile } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLocalEncoder, type LocalEncoderOptions } from '../local/inference';
import { planBatches } from '../local/inference/batching';
import { MAX_POSITIONS } from '../local/inference/encoder';
import { writeFixture } from '../model/fixture/generate';
import { convertSavedModelSignature } from '../model/onnx/savedmodel';
import { exportSavedModel } from '../model/savedmodel/export';
import { tokenize } from '../model/tokenizer';
import { benchSentences, paddingFactor } from './corpus';
import { benchEmulatorOverhead } from './emulator-overhead';

const ROOT = path.resolve(__dirname, '..');
/** The newest-TF venv `npm run test:tf` creates (test/tf/run.sh). */
const PYTHON = path.join(ROOT, '.venv', 'tf-latest', 'bin', 'python');
const BATCHES = [1, 8, 64];

interface Args {
  model?: string;
  full: boolean;
  rss100k: boolean;
  job100k: boolean;
  tf: boolean;
  append: boolean;
}

function parseArgs(argv: string[]): Args {
  const args: Args = { full: false, rss100k: false, job100k: false, tf: true, append: true };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--model') args.model = argv[++i];
    else if (a === '--full') args.full = true;
    else if (a === '--rss100k') args.rss100k = true;
    else if (a === '--job100k') args.job100k = true;
    else if (a === '--no-tf') args.tf = false;
    else if (a === '--no-append') args.append = false;
    else throw new Error(`unknown argument ${a}; allowed: --model DIR, --full, --rss100k, --job100k, --no-tf, --no-append`);
  }
  return args;
}

type Run = { count: number; batch: number };

async function throughput(texts: string[], options: LocalEncoderOptions): Promise<number> {
  const encoder = await createLocalEncoder(options);
  try {
    await encoder.embed(texts.slice(0, 2 * (options.batchSize ?? 64))); // warm-up
    const started = performance.now();
    await encoder.embed(texts);
    return texts.length / ((performance.now() - started) / 1000);
  } finally {
    await encoder.close();
  }
}

function runTf(model: string, texts: string[], ids: number[][], runs: Run[], jobFile: string) {
  return writeFile(jobFile, JSON.stringify({ model, texts, ids, runs })).then(() => {
    const p = spawnSync(PYTHON, [path.join(__dirname, 'tf_savedmodel.py'), jobFile], { encoding: 'utf8', maxBuffer: 1 << 26 });
    if (p.status !== 0) throw new Error(`TF benchmark failed (exit ${p.status}): ${p.stderr.slice(-2000)}`);
    return JSON.parse(p.stdout.trim().split('\n').pop()!) as {
      signature: string;
      tf_version: string;
      load_seconds: number;
      results: Array<Run & { per_second: number }>;
    };
  });
}

/**
 * The 100,000-line job in a fresh child process (bench/executor-100k.ts), so its RSS is the job's own and not
 * this process's after the throughput runs; the GCS emulator holding the input and outputs is a further child.
 */
function runJob100k(model: string): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(__dirname, 'executor-100k.ts'), '--model', model], { stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.once('error', reject);
    child.once('exit', (code) => (code === 0 ? resolve(out.trim().split('\n').pop()!) : reject(new Error(`bench/executor-100k.ts exited with ${code}`))));
  });
}

const fmt = (n: number) => (n >= 100 ? n.toFixed(0) : n.toFixed(1));
const opt = (n: number | undefined) => (n === undefined ? '-' : fmt(n));

async function main(): Promise<void> {
  const args = parseArgs(process.argv.slice(2));
  const cores = os.availableParallelism();
  const loadAtStart = os.loadavg()[0];
  const work = await mkdtemp(path.join(os.tmpdir(), 'bench-'));
  const lines: string[] = [];
  const log = (s = '') => {
    console.log(s);
    lines.push(s);
  };
  try {
    let model = args.model;
    let exportMs: number | undefined;
    if (!model) {
      const fixture = path.join(work, 'fixture');
      await writeFixture(fixture);
      model = path.join(work, 'savedmodel');
      const t = performance.now();
      await exportSavedModel({ sourceDir: fixture, outDir: model });
      exportMs = performance.now() - t;
    }
    const cacheDir = path.join(work, 'onnx-cache');
    const converted = await convertSavedModelSignature({ savedModelDir: model, cacheDir });
    const t = performance.now();
    await convertSavedModelSignature({ savedModelDir: model, cacheDir });
    const cachedMs = performance.now() - t;

    const texts = benchSentences(10_000);
    const tokStart = performance.now();
    const ids = texts.map((s) => tokenize(s));
    const tokenizerRate = texts.length / ((performance.now() - tokStart) / 1000);
    const lengths = ids.map((r) => Math.min(r.length, MAX_POSITIONS));

    const sizes = [1_000, 10_000];
    const runs: Run[] = sizes.flatMap((count) => BATCHES.filter((batch) => args.full || count === 1_000 || batch === 64).map((batch) => ({ count, batch })));

    const base = { savedModelDir: model, cacheDir, threads: cores };
    const onnx = new Map<string, { unsorted?: number; bucketed?: number; padU: number; padB: number }>();
    let sessionStartMs = 0;
    for (const { count, batch } of runs) {
      const slice = texts.slice(0, count);
      // Without bucketing on 10,000 sentences only with --full: at batch 64 it is the slowest run by far.
      const skipUnsorted = count > 1_000 && batch > 1 && !args.full;
      const unsorted = skipUnsorted ? undefined : await throughput(slice, { ...base, batchSize: batch, bucketing: false });
      // At batch 1 there is nothing to bucket: the bucketed figure is the unsorted one.
      const bucketed = batch === 1 ? unsorted : await throughput(slice, { ...base, batchSize: batch, bucketing: true });
      const present = slice.map((_, i) => i).filter((i) => lengths[i] > 0);
      const lens = present.map((i) => lengths[i]);
      const windowed = (bucket: boolean) =>
        Array.from({ length: Math.ceil(lens.length / (16 * batch)) }, (_, w) => {
          const part = lens.slice(w * 16 * batch, (w + 1) * 16 * batch);
          return planBatches(part, batch, bucket).map((b) => b.map((i) => i + w * 16 * batch));
        }).flat();
      onnx.set(`${count}/${batch}`, { unsorted, bucketed, padU: paddingFactor(lens, windowed(false)), padB: paddingFactor(lens, windowed(true)) });
      console.error(`onnx ${count} x batch ${batch}: ${opt(unsorted)} unsorted, ${opt(bucketed)} bucketed sentences/s`);
    }
    {
      const e = await createLocalEncoder({ ...base });
      sessionStartMs = e.info.sessionStartMs;
      await e.close();
    }

    const first = texts.slice(0, 1_000);
    const scaling = [];
    for (const batch of [1, 64]) {
      const one = await throughput(first, { ...base, threads: 1, batchSize: batch, bucketing: batch > 1 });
      const all = await throughput(first, { ...base, singleThreadBelowTokens: 0, batchSize: batch, bucketing: batch > 1 });
      scaling.push({ batch, one, all });
    }
    const wasmTexts = texts.slice(0, 320);
    const wasm = await throughput(wasmTexts, { ...base, batchSize: 64, bucketing: true, backend: 'onnxruntime-web' });
    const nativeSame = await throughput(wasmTexts, { ...base, batchSize: 64, bucketing: true });

    let tf: Awaited<ReturnType<typeof runTf>> | undefined;
    let tfNote = '';
    if (!args.tf) tfNote = 'skipped (--no-tf)';
    else if (!existsSync(PYTHON)) tfNote = 'skipped: no .venv/tf-latest (npm run test:tf creates it)';
    else tf = await runTf(model, texts, ids, runs, path.join(work, 'tf-job.json'));

    const overhead = await benchEmulatorOverhead({ savedModelDir: model, jobs: 10, lines: 20, cacheDir });
    console.error(overhead);
    const job100k = args.job100k ? await runJob100k(model) : undefined;
    if (job100k) console.error(job100k);

    let rss100k = '';
    if (args.rss100k) {
      const e = await createLocalEncoder({ ...base, batchSize: 64 });
      const t0 = performance.now();
      const chunk = 1_000;
      for (let i = 0; i < 100_000; i += chunk) await e.embed(benchSentences(chunk).map((s, k) => (k % 2 ? s : `${s} ${i}`)));
      rss100k = `100,000 sentences streamed in chunks of 1,000 at batch 64: ${fmt(100_000 / ((performance.now() - t0) / 1000))} sentences/s, peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`;
      await e.close();
    }

    const date = new Date().toISOString().replace(/\.\d+Z$/, 'Z');
    const cpu = os.cpus()[0]?.model ?? 'unknown CPU';
    log(`## Local inference: ONNX runtime vs Python TensorFlow (${date})`);
    log();
    log(`- Machine: ${cpu}, ${cores} cores, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB RAM, 1-min load average ${loadAtStart.toFixed(1)} at the start and ${os.loadavg()[0].toFixed(1)} at the end (other work on the machine); Node ${process.version}, onnxruntime-node ${require('onnxruntime-node/package.json').version}${tf ? `, TensorFlow ${tf.tf_version}` : ''}`);
    log(`- Command: \`npm run bench${process.argv.length > 2 ? ` -- ${process.argv.slice(2).join(' ')}` : ''}\``);
    log(`- Model: ${args.model ? args.model : 'fixture (real topology, synthetic weights) exported to a SavedModel'}; ONNX from its \`encode_ids\` graph. Sentences: mixed length (1-60 tokens, every 25th past the 128-token window, every 97th empty), unsorted input.`);
    log(`- TF side: ${tf ? `\`${tf.signature}\`${tf.signature === 'encode_ids' ? ' with JS-tokenized ids (tokenization not timed on the TF side; it is on the ONNX side)' : ' on raw strings (in-graph tokenizer)'}, all cores` : tfNote}. ONNX side: raw strings in (JS tokenizer included), ${cores} cores (see below).`);
    log();
    log('| sentences | batch | ONNX unsorted (s/s) | ONNX bucketed (s/s) | TF (s/s) | unsorted / TF | bucketed / TF | padding unsorted | padding bucketed |');
    log('|---:|---:|---:|---:|---:|---:|---:|---:|---:|');
    for (const { count, batch } of runs) {
      const o = onnx.get(`${count}/${batch}`)!;
      const tfRate = tf?.results.find((r) => r.count === count && r.batch === batch)?.per_second;
      const ratio = (x: number | undefined) => (x === undefined ? '-' : tfRate ? `${(x / tfRate).toFixed(2)}×` : 'n/a');
      log(`| ${count.toLocaleString('en')} | ${batch} | ${opt(o.unsorted)} | ${batch === 1 ? '(same)' : opt(o.bucketed)} | ${tfRate ? fmt(tfRate) : 'n/a'} | ${ratio(o.unsorted)} | ${ratio(o.bucketed)} | ${o.padU.toFixed(2)}× | ${o.padB.toFixed(2)}× |`);
    }
    log();
    log('`-` = not run (10,000 without bucketing needs `--full`). Padding = token slots computed (rows × longest row per batch, 128-clipped) / real tokens, for the attention part of each layer.');
    log(`ONNX default: batches run ${cores} at a time on single-threaded sessions in ${cores} worker threads (\`singleThreadBelowTokens\`); the thread-scaling line compares 1 vs ${cores} intra-op threads in one session.`);
    log();
    log(`Thread scaling (1,000 sentences, bucketed, one session, intra-op threads): ${scaling.map((s) => `batch ${s.batch}: 1 thread ${fmt(s.one)} s/s, ${cores} threads ${fmt(s.all)} s/s (${(s.all / s.one).toFixed(2)}×)`).join('; ')}.`);
    log(`onnxruntime-web (WASM) fallback, ${wasmTexts.length} sentences, batch 64 bucketed: ${fmt(wasm)} s/s vs native ${fmt(nativeSame)} s/s = ${(nativeSame / wasm).toFixed(1)}× slower.`);
    log(`Conversion (GraphDef → ONNX): ${converted.conversionMs.toFixed(0)} ms, cached load ${cachedMs.toFixed(0)} ms; session start ${sessionStartMs.toFixed(0)} ms${exportMs ? `; fixture export ${exportMs.toFixed(0)} ms` : ''}${tf ? `; TF SavedModel load ${(tf.load_seconds * 1000).toFixed(0)} ms` : ''}.`);
    log(`JS tokenizer alone: ${fmt(tokenizerRate)} sentences/s. Peak RSS of the bench process: ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB.${rss100k ? ` ${rss100k}.` : ''}`);
    log(`${overhead}.`);
    log(
      job100k
        ? `Peak RSS on the 100k-line job (bench/executor-100k.ts in a child process: real aiplatform client → Vertex emulator → executor → local encoder in that process, sampled every 50 ms, GCS emulator in its own grandchild and not counted): ${job100k}.`
        : 'Peak RSS on the 100k-line job: not run (add `--job100k`, about 4-5 minutes more).',
    );
    log();
    if (args.append) await appendFile(path.join(ROOT, 'BENCHMARKS.md'), `${existsSync(path.join(ROOT, 'BENCHMARKS.md')) ? '\n' : '# Benchmarks\n\n'}${lines.join('\n')}\n`);
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

main().catch((err) => {
  console.error(err instanceof Error ? err.message : err);
  process.exit(1);
});
