// ONNX-runtime embeddings of the exported SavedModel vs the original tfjs graph on the fixture model, through
// each path's own tokenizer (package Tokenizer for tfjs, model/tokenizer for ONNX), including long and empty texts.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { createLocalEncoder } from '../../../local/inference';
import { loadTfjsReference } from '../../../model/tfjs/reference';
import { longText, makeSentences } from '../../tf/sentences';
import { exportedFixture, type ExportedFixture } from './savedmodel-fixture';

let env: ExportedFixture;
let texts: string[];
let expected: Float32Array[];

before(async () => {
  env = await exportedFixture();
  texts = makeSentences(130, 11);
  for (const at of [0, 5, 64, 100]) texts.splice(at, 0, '');
  texts.splice(30, 0, longText(260, 3));
  texts.splice(90, 0, longText(200, 4));
  texts.push(''); // a trailing empty row: encode_ids cannot even represent it, the encoder must still return it
  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(env.fixture, 'vocab.json'), 'utf8')));
  const ids = texts.map((t) => tokenizer.encode(t));
  assert.ok(ids.some((r) => r.length > 200), 'a text longer than the 128-token window is included');
  const reference = await loadTfjsReference(env.fixture, 'wasm');
  expected = await reference.embedIds(ids);
  reference.dispose();
});

after(() => env.cleanup());

function compare(actual: Float32Array[], want: Float32Array[]) {
  let maxAbs = 0;
  let minCos = 1;
  want.forEach((w, i) => {
    let dot = 0;
    let nw = 0;
    let na = 0;
    w.forEach((x, k) => {
      maxAbs = Math.max(maxAbs, Math.abs(x - actual[i][k]));
      dot += x * actual[i][k];
      nw += x * x;
      na += actual[i][k] ** 2;
    });
    if (nw > 0) minCos = Math.min(minCos, dot / Math.sqrt(nw * na));
  });
  return { maxAbs, minCos };
}

for (const config of [
  { batchSize: 1, bucketing: false },
  { batchSize: 7, bucketing: false },
  { batchSize: 64, bucketing: true },
]) {
  test(`ONNX vs tfjs, batch ${config.batchSize}${config.bucketing ? ' bucketed' : ''}: max abs <= 1e-5, min cosine >= 0.99999, empty rows zero`, async () => {
    const encoder = await createLocalEncoder({ savedModelDir: env.savedModel, cacheDir: env.cacheDir, threads: 1, ...config });
    try {
      const actual = await encoder.embed(texts);
      assert.equal(actual.length, texts.length);
      const { maxAbs, minCos } = compare(actual, expected);
      assert.ok(maxAbs <= 1e-5, `max abs diff ${maxAbs}`);
      assert.ok(minCos >= 0.99999, `min cosine ${minCos}`);
      texts.forEach((t, i) => {
        if (t === '') assert.ok(actual[i].every((v) => v === 0) && actual[i].length === 512, `row ${i} (empty) is the zero vector`);
        else assert.ok(Math.abs(Math.hypot(...actual[i]) - 1) < 1e-4, `row ${i} is unit length`);
      });
    } finally {
      await encoder.close();
    }
  });
}
