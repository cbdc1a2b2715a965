// Scale check for `npm run results -- --join --ordered` (issue #12): writes an N-line JSONL input and its
// outputs in Vertex's layout, shuffled across 4 shards with error rows and missing rows, then runs the real
// command in a child process and prints its summary, including its peak RSS. Nothing is held in memory here:
// the shuffle is an affine permutation of line numbers.
//   npx tsx local/cli/join-scale.ts [--lines 1000000] [--floats 16]
import { spawnSync } from 'node:child_process';
import { createWriteStream } from 'node:fs';
import { mkdtemp, rm } from 'node:fs/promises';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseFlags } from './args';

const SHARDS = 4;
const PERMUTATION_MULTIPLIER = 1_000_003; // prime, so i → (a·i + c) mod n is a permutation whenever n is not a multiple of it
const ERROR_EVERY = 97;
const MISSING_EVERY = 1009;

async function writeLines(path: string, lines: Iterable<string>): Promise<void> {
  const out = createWriteStream(path);
  for (const line of lines) if (!out.write(line + '\n')) await once(out, 'drain');
  out.end();
  await once(out, 'finish');
}

function* range(n: number): Generator<number> {
  for (let i = 0; i < n; i++) yield i;
}

async function main(): Promise<void> {
  const flags = parseFlags(process.argv.slice(2), { lines: { type: 'string', default: '1000000' }, floats: { type: 'string', default: '16' } }, 'usage: join-scale.ts [--lines N] [--floats K]');
  const n = Number(flags.lines);
  const floats = Number(flags.floats);
  const dir = await mkdtemp(join(tmpdir(), 'join-scale-'));
  try {
    const sentence = (line: number) => `sentence number ${line} of the scale check`;
    await writeLines(join(dir, 'input.jsonl'), (function* () {
      for (const i of range(n)) yield JSON.stringify(sentence(i + 1));
    })());
    const outputs = join(dir, 'outputs');
    await import('node:fs/promises').then((fs) => fs.mkdir(outputs));
    const permuted = (shard: number) =>
      (function* () {
        for (const k of range(n)) {
          const line = ((PERMUTATION_MULTIPLIER * k + 17) % n) + 1;
          if (line % SHARDS !== shard || line % MISSING_EVERY === 0 || line % ERROR_EVERY === 0) continue;
          yield JSON.stringify({ instance: sentence(line), prediction: Array.from({ length: floats }, (_, f) => (line % 1000) / 1000 + f) });
        }
      })();
    for (let shard = 0; shard < SHARDS; shard++) {
      await writeLines(join(outputs, `prediction.results-0000${shard}-of-0000${SHARDS}`), permuted(shard));
    }
    await writeLines(join(outputs, 'prediction.errors_stats-00000-of-00001'), (function* () {
      for (const i of range(n)) {
        const line = i + 1;
        if (line % ERROR_EVERY === 0 && line % MISSING_EVERY !== 0) yield JSON.stringify({ instance: sentence(line), error: { code: 3, message: 'synthetic error row' } });
      }
    })());
    const args = ['--import', 'tsx', join(__dirname, 'results.ts'), '--output-dir', outputs, '--join', join(dir, 'input.jsonl'), '--ordered', '--out', join(dir, 'joined.jsonl')];
    console.log(`input: ${n} lines; outputs: ${SHARDS} shuffled shards with ${floats}-float predictions, errors every ${ERROR_EVERY}th line, every ${MISSING_EVERY}th missing`);
    const started = Date.now();
    const child = spawnSync(process.execPath, args, { stdio: ['ignore', 'inherit', 'inherit'] });
    console.log(`wall time ${((Date.now() - started) / 1000).toFixed(1)} s`);
    process.exitCode = child.status ?? 1;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

main().catch((error: Error) => {
  console.error(error);
  process.exitCode = 1;
});
