/** `npm run fixture -- --out DIR`: write the deterministic offline USE-lite fixture (a tfjs model folder). */
import { writeFixture } from '../fixture/generate';
import { fail, parseFlags, runCli } from './args';

const USAGE = 'npm run fixture -- --out DIR';

void runCli(async () => {
  const flags = parseFlags({ out: { type: 'string' } }, USAGE);
  if (!flags.out) fail(`--out is required\nusage: ${USAGE}`);
  const result = await writeFixture(flags.out);
  console.log(`wrote fixture tfjs model to ${result.outDir}: ${result.files.join(', ')}`);
  console.log('real model.json, vocab.json and group1-shard7of7; seeded synthetic shards 1-6 (not the real weights)');
});
