// How long the program takes to evaluate in preview (dryRun) with a cold vs a warm model-export cache.
// Cold = empty export cache (the source folder is already on disk: for `real` that means downloaded once); warm =
// every later preview. Runs the real program under mocks with the offline fixture (same size as the real weights).
// Run: npx tsx bench/preview-time.ts [warm runs=5]
import * as pulumi from '@pulumi/pulumi';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { defaultPrepareOptions } from '../infra/artifact-options';
import { prepareModelArtifact } from '../infra/artifact-export';
import { installMocks, stackFileConfig } from '../test/infra/helpers/mock-stack';

const PROGRAM = require.resolve('../infra/index');
const config = stackFileConfig(join(__dirname, '..', 'Pulumi.dev.yaml'));

async function preview(): Promise<number> {
  await installMocks({ stack: 'dev', config, preview: true });
  const start = performance.now();
  delete require.cache[PROGRAM];
  await (require(PROGRAM) as () => Promise<unknown>)();
  await pulumi.runtime.disconnect();
  return performance.now() - start;
}

async function main() {
  const warmRuns = Number(process.argv[2] ?? 5);
  const cache = await mkdtemp(join(tmpdir(), 'preview-time-'));
  // The fixture source is written once beforehand, so "cold" measures the export, not the fixture generator.
  await prepareModelArtifact({ source: 'fixture', registration: 'replace' }, defaultPrepareOptions(() => {}));
  process.env.MODEL_EXPORT_DIR = cache;
  await preview(); // loads modules, so the cold run below measures the export, not require()
  await rm(cache, { recursive: true, force: true });
  const cold = await preview();
  const warm: number[] = [];
  for (let i = 0; i < warmRuns; i++) warm.push(await preview());
  const median = [...warm].sort((x, y) => x - y)[Math.floor(warm.length / 2)]!;
  console.log(`program evaluation in preview (dryRun) under mocks, dev stack, fixture model source`);
  console.log(`cold export cache: ${cold.toFixed(0)} ms`);
  console.log(`warm export cache: median ${median.toFixed(0)} ms of ${warmRuns} (min ${Math.min(...warm).toFixed(0)}, max ${Math.max(...warm).toFixed(0)})`);
  console.log(`ratio cold / warm: ${(cold / median).toFixed(1)}`);
  await rm(cache, { recursive: true, force: true });
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
