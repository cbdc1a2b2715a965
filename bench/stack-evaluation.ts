// How long the stack program takes to evaluate under Pulumi mocks, next to a bare program that only declares one
// bucket, measured side by side in one process (alternating, after a warm-up that loads the modules).
// Run: npx tsx bench/stack-evaluation.ts [iterations=20]
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { readStackConfig } from '../infra/config';
import { Platform } from '../infra/platform';
import { installMocks, stackFileConfig } from '../test/infra/helpers/mock-stack';

const ROOT = join(__dirname, '..');
const PROGRAM = require.resolve('../infra/index');
const config = stackFileConfig(join(ROOT, 'Pulumi.dev.yaml'));

async function evaluate(program: () => unknown): Promise<{ ms: number; resources: number }> {
  const registrations = await installMocks({ stack: 'dev', config });
  const start = performance.now();
  await program();
  await pulumi.runtime.disconnect();
  return { ms: performance.now() - start, resources: registrations.length };
}

// The program is `export = async () => outputs`; with a warm export cache its model step only hashes files.
const fullProgram = async () => {
  delete require.cache[PROGRAM];
  const outputs = (await (require(PROGRAM) as () => Promise<Record<string, unknown>>)()) as Record<string, unknown>;
  await new Promise((resolve) => pulumi.all(Object.values(outputs) as pulumi.Input<unknown>[]).apply(resolve));
};
// The #3 part alone: config validation + APIs, bucket, identity and IAM (no model export, artifact or jobs).
const platformProgram = () => {
  new Platform('platform', { config: readStackConfig() });
};
const bareProgram = () => {
  new gcp.storage.Bucket('bare', { name: 'bare-bucket', location: 'US-CENTRAL1', project: 'my-embeddings-dev' });
};

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;

async function main() {
  const iterations = Number(process.argv[2] ?? 20);
  await evaluate(fullProgram);
  await evaluate(platformProgram);
  await evaluate(bareProgram);
  const full: number[] = [];
  const platform: number[] = [];
  const bare: number[] = [];
  let counts = { full: 0, platform: 0, bare: 0 };
  for (let i = 0; i < iterations; i++) {
    const f = await evaluate(fullProgram);
    const p = await evaluate(platformProgram);
    const b = await evaluate(bareProgram);
    full.push(f.ms);
    platform.push(p.ms);
    bare.push(b.ms);
    counts = { full: f.resources, platform: p.resources, bare: b.resources };
  }
  const row = (name: string, xs: number[], n: number) =>
    `${name.padEnd(22)} ${String(n).padStart(9)} ${median(xs).toFixed(2).padStart(10)} ${Math.min(...xs).toFixed(2).padStart(8)} ${Math.max(...xs).toFixed(2).padStart(8)}`;
  console.log(`stack program evaluation under mocks, ${iterations} alternating runs each (ms)`);
  console.log(`${'program'.padEnd(22)} ${'resources'.padStart(9)} ${'median'.padStart(10)} ${'min'.padStart(8)} ${'max'.padStart(8)}`);
  console.log(row('infra/index (dev)', full, counts.full));
  console.log(row('platform only (#3)', platform, counts.platform));
  console.log(row('bare one-bucket', bare, counts.bare));
  console.log(`ratio full / bare: ${(median(full) / median(bare)).toFixed(2)} (warm export cache: hashing the model files dominates)`);
  console.log(`ratio platform / bare: ${(median(platform) / median(bare)).toFixed(2)}`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
