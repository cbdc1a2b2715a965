import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, rm } from 'node:fs/promises';
import * as os from 'node:os';
import * as path from 'node:path';
import { createLocalEncoder, type LocalEncoder } from '../../../local/inference';
import { planBatches } from '../../../local/inference/batching';
import { openOnnxSession } from '../../../local/inference/runtime';
import { convertSavedModelSignature } from '../../../model/onnx/savedmodel';
import { exportedFixture, type ExportedFixture } from './savedmodel-fixture';

let env: ExportedFixture;
let encoder: LocalEncoder;

before(async () => {
  env = await exportedFixture();
  encoder = await createLocalEncoder({ savedModelDir: env.savedModel, cacheDir: env.cacheDir, threads: 1, batchSize: 4 });
});

after(async () => {
  await encoder.close();
  await env.cleanup();
});

const TEXTS = ['a much longer sentence with many more words in it than the others', 'hi', 'a medium sized sentence here', 'ok', 'one two three four five six', 'x'];

test('planBatches groups by length when bucketing and keeps input order otherwise', () => {
  assert.deepEqual(planBatches([5, 1, 3, 1, 4], 2, true), [[1, 3], [2, 4], [0]]);
  assert.deepEqual(planBatches([5, 1, 3, 1, 4], 2, false), [[0, 1], [2, 3], [4]]);
});

test('outputs come back in input order whatever the batching, and a row does not depend on its batch-mates', async () => {
  const together = await encoder.embed(TEXTS);
  for (const [i, text] of TEXTS.entries()) {
    const [alone] = await encoder.embed([text]);
    alone.forEach((v, k) => assert.ok(Math.abs(v - together[i][k]) < 1e-5, `row ${i} element ${k}`));
  }
  const reversed = await encoder.embed([...TEXTS].reverse());
  reversed.reverse().forEach((row, i) => row.forEach((v, k) => assert.ok(Math.abs(v - together[i][k]) < 1e-5)));
  assert.notDeepEqual(together[0], together[1]);
});

test('empty strings are zero vectors, alone, all together, or between other rows', async () => {
  const allEmpty = await encoder.embed(['', '', '']);
  assert.equal(allEmpty.length, 3);
  for (const row of allEmpty) assert.ok(row.length === 512 && row.every((v) => v === 0));
  const [a, empty, b] = await encoder.embed(['hello', '', 'world']);
  assert.ok(empty.every((v) => v === 0));
  const [a2, b2] = await encoder.embed(['hello', 'world']);
  a.forEach((v, k) => assert.ok(Math.abs(v - a2[k]) < 1e-5));
  b.forEach((v, k) => assert.ok(Math.abs(v - b2[k]) < 1e-5));
  assert.deepEqual(await encoder.embed([]), []);
});

test('conversion is cached by artifact digest; the cached model gives the same vectors', async () => {
  const again = await convertSavedModelSignature({ savedModelDir: env.savedModel, cacheDir: env.cacheDir });
  assert.equal(again.cacheHit, true);
  assert.equal(again.artifactDigest, encoder.info.artifactDigest);
  const fresh = await mkdtemp(path.join(os.tmpdir(), 'onnx-cache-'));
  try {
    const converted = await convertSavedModelSignature({ savedModelDir: env.savedModel, cacheDir: fresh });
    assert.equal(converted.cacheHit, false);
    assert.deepEqual(Buffer.from(converted.model), Buffer.from(again.model), 'conversion is deterministic');
  } finally {
    await rm(fresh, { recursive: true, force: true });
  }
});

test('bad options and a missing SavedModel fail with messages naming the problem', async () => {
  await assert.rejects(createLocalEncoder({ savedModelDir: env.savedModel, threads: 0 }), /threads must be a positive integer, got 0/);
  await assert.rejects(createLocalEncoder({ savedModelDir: env.savedModel, batchSize: 2.5 }), /batchSize must be a positive integer, got 2.5/);
  await assert.rejects(createLocalEncoder({ savedModelDir: path.join(env.savedModel, 'nope') }), /savedModelDir .*nope: cannot read saved_model\.pb/);
});

test('without the native runtime it falls back to onnxruntime-web (WASM) with a warning saying how much slower', async () => {
  const { model } = await convertSavedModelSignature({ savedModelDir: env.savedModel, cacheDir: env.cacheDir });
  const warnings: string[] = [];
  const session = await openOnnxSession({
    model,
    threads: 1,
    loadNative: () => {
      throw new Error('cannot open shared object file onnxruntime_binding.node');
    },
    warn: (m) => warnings.push(m),
  });
  try {
    assert.equal(session.backend, 'onnxruntime-web');
    assert.equal(warnings.length, 1);
    assert.match(warnings[0], /onnxruntime-node is unavailable .*cannot open shared object file.*falling back to onnxruntime-web \(WASM\).*slower/);
    const out = await session.run({
      indices: { type: 'int32', data: Int32Array.from([0, 0, 0, 1]), dims: [2, 2] },
      values: { type: 'int32', data: Int32Array.from([100, 200]), dims: [2] },
    });
    assert.deepEqual(out.outputs.dims, [1, 512]);
  } finally {
    await session.release();
  }
});

test('embed after close is an error', async () => {
  const e = await createLocalEncoder({ savedModelDir: env.savedModel, cacheDir: env.cacheDir, threads: 1 });
  assert.equal(e.info.backend, 'onnxruntime-node');
  assert.equal(e.info.threads, 1);
  await e.close();
  await assert.rejects(e.embed(['hello']), /the local encoder is closed/);
});

test('with several threads, small batches take the single-threaded session and give the same vectors', async () => {
  const wide = await createLocalEncoder({ savedModelDir: env.savedModel, cacheDir: env.cacheDir, threads: 2, batchSize: 1 });
  const forced = await createLocalEncoder({ savedModelDir: env.savedModel, cacheDir: env.cacheDir, threads: 2, batchSize: 1, singleThreadBelowTokens: 0 });
  try {
    const [a, b] = [await wide.embed(TEXTS), await forced.embed(TEXTS)];
    const single = await encoder.embed(TEXTS);
    a.forEach((row, i) => row.forEach((v, k) => {
      assert.ok(Math.abs(v - b[i][k]) < 1e-5 && Math.abs(v - single[i][k]) < 1e-5, `row ${i} element ${k}`);
    }));
    await assert.rejects(createLocalEncoder({ savedModelDir: env.savedModel, singleThreadBelowTokens: -1 }), /singleThreadBelowTokens must be an integer >= 0, got -1/);
  } finally {
    await wide.close();
    await forced.close();
  }
});
