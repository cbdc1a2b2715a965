// `npm run test:e2e`: the end-to-end suite (test/e2e/*.e2e.ts) through node's test runner with tsx, one file at a
// time (each drives the real Pulumi CLI and emulators; the machine has few cores). Not part of `npm test`, whose
// runner collects *.test.ts only. Needs the CLI from `npm run pulumi:install` and the compiled program (`npm run
// build`); `npm run test:e2e` does both first. Usage: node test/e2e/run.mjs [substring-filter ...]
import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { spawnSync } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const here = fileURLToPath(new URL('.', import.meta.url));
const root = join(here, '..', '..');
const filters = process.argv.slice(2);
const files = readdirSync(here)
  .filter((name) => name.endsWith('.e2e.ts'))
  .map((name) => relative(root, join(here, name)))
  .filter((file) => filters.length === 0 || filters.some((f) => file.includes(f)))
  .sort();
if (files.length === 0) {
  console.error(`no e2e files matched ${filters.join(', ') || 'test/e2e/*.e2e.ts'}`);
  process.exit(1);
}
const started = Date.now();
const result = spawnSync(process.execPath, ['--import', 'tsx', '--test', '--test-concurrency=1', '--test-reporter=spec', ...files], {
  cwd: root,
  stdio: 'inherit',
  env: { ...process.env, METADATA_SERVER_DETECTION: 'none' },
});
console.log(`e2e: ${files.length} file(s) in ${((Date.now() - started) / 1000).toFixed(0)} s`);
process.exit(result.status ?? 1);
