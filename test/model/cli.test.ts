import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { readFile, writeFile, cp } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { tempDir } from './fixture-dir';

const ROOT = path.join(__dirname, '..', '..');
let dir: string;
let cleanup: () => Promise<void>;
before(async () => ({ dir, cleanup } = await tempDir('model-cli')));
after(() => cleanup());

function run(script: 'fixture' | 'export', args: string[]): Promise<{ code: number; out: string; err: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', path.join(ROOT, 'model', 'cli', `${script}.ts`), ...args], { cwd: ROOT });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => (out += d));
    child.stderr.on('data', (d) => (err += d));
    child.on('close', (code) => resolve({ code: code ?? 1, out, err }));
  });
}
const sha = async (f: string) => createHash('sha256').update(await readFile(f)).digest('hex');

test('fixture then export twice: prints what it did, identical SHA-256s', async () => {
  const fixture = path.join(dir, 'f');
  const made = await run('fixture', ['--out', fixture]);
  assert.equal(made.code, 0, made.err);
  assert.match(made.out, /wrote fixture tfjs model to .*group1-shard1of7/);
  const a = await run('export', ['--source', fixture, '--out', path.join(dir, 'a')]);
  const b = await run('export', ['--source', fixture, '--out', path.join(dir, 'b')]);
  assert.equal(a.code, 0, a.err);
  assert.match(a.out, /exported .* in [\d.]+s\n\s+saved_model\.pb [\d.]+ MB, signatures: encode_ids, serving_default, tokenize\n\s+artifact digest [0-9a-f]{64}/);
  assert.equal(await sha(path.join(dir, 'a', 'saved_model.pb')), await sha(path.join(dir, 'b', 'saved_model.pb')));
});

test('bad input exits non-zero with a clear message', async () => {
  const noOut = await run('export', ['--source', path.join(dir, 'f')]);
  assert.equal(noOut.code, 1);
  assert.match(noOut.err, /error: --out is required\nusage: npm run export/);
  const unknownFlag = await run('fixture', ['--outt', 'x']);
  assert.equal(unknownFlag.code, 1);
  assert.match(unknownFlag.err, /error: Unknown option '--outt'/);
  const missing = await run('export', ['--source', path.join(dir, 'nowhere'), '--out', path.join(dir, 'x')]);
  assert.equal(missing.code, 1);
  assert.match(missing.err, /error: --source .*nowhere: not a folder/);
});

test('a topology with an op the converter does not know names the op and node', async () => {
  const broken = path.join(dir, 'broken');
  await cp(path.join(dir, 'f'), broken, { recursive: true });
  const modelJson = JSON.parse(await readFile(path.join(broken, 'model.json'), 'utf8'));
  const node = modelJson.modelTopology.node.find((n: { op: string }) => n.op === 'Softmax');
  node.op = 'FancySoftmax';
  await writeFile(path.join(broken, 'model.json'), JSON.stringify(modelJson));
  const result = await run('export', ['--source', broken, '--out', path.join(dir, 'never')]);
  assert.equal(result.code, 1);
  assert.ok(result.err.includes(`error: unsupported op 'FancySoftmax' at node '${node.name}'`), result.err);
});
