/**
 * JS side of the encode_ids check: writes the fixture, exports it, tokenizes ≥ 500 texts with the USE package's
 * own Tokenizer, and records tfjs reference embeddings (WASM backend, contract-8 edge rules) per batch.
 * Output: $WORK/fixture, $WORK/savedmodel, $WORK/savedmodel-seam (with test/tf/seam-extension.ts), $WORK/encode_ids_cases.json.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { writeFixture } from '../../model/fixture/generate';
import { exportSavedModel } from '../../model/savedmodel/export';
import { loadTfjsReference } from '../../model/tfjs/reference';
import { seamExtension } from './seam-extension';
import { longText, makeSentences } from './sentences';

const BATCH_SIZES = [1, 7, 64];

async function main(work: string): Promise<void> {
  const fixtureDir = path.join(work, 'fixture');
  const savedModelDir = path.join(work, 'savedmodel');
  await writeFixture(fixtureDir);
  const started = Date.now();
  const exported = await exportSavedModel({ sourceDir: fixtureDir, outDir: savedModelDir });
  console.log(`export: ${Date.now() - started} ms, saved_model.pb ${exported.savedModelBytes} bytes`);
  await exportSavedModel({ sourceDir: fixtureDir, outDir: path.join(work, 'savedmodel-seam'), extensions: [seamExtension] });

  const tokenizer = new Tokenizer(JSON.parse(readFileSync(path.join(fixtureDir, 'vocab.json'), 'utf8')));
  const texts = makeSentences(560);
  // Edge rows at the start, middle and end of batches, and long texts (300+ tokens).
  for (const at of [0, 3, 6, 20, 51, 60, 127, 200, 255, 300, 401, 470]) texts.splice(at, 0, '');
  for (const [k, at] of [30, 90, 150, 330, 480].entries()) texts.splice(at, 0, longText(220 + 40 * k, 100 + k));
  const ids = texts.map((t) => tokenizer.encode(t));

  const batches: number[][][] = [];
  let i = 0;
  for (const size of BATCH_SIZES) {
    const until = size === 64 ? ids.length : i + (size === 1 ? 40 : 140);
    for (; i < until; i += size) batches.push(ids.slice(i, Math.min(i + size, until)));
    i = Math.min(i, until);
  }
  batches.push([[], [], []]); // a batch with no tokens at all
  batches.push([ids.find((r) => r.length > 300)!, ids.find((r) => r.length > 300)!.slice(0, 128)]); // window rule

  const reference = await loadTfjsReference(fixtureDir, 'wasm');
  const cases = [];
  for (const batch of batches) {
    const vectors = await reference.embedIds(batch);
    cases.push({ ids: batch, expected: vectors.map((v) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64')) });
  }
  reference.dispose();
  const longest = Math.max(...ids.map((r) => r.length));
  console.log(`texts: ${texts.length} (${ids.filter((r) => r.length === 0).length} empty, longest ${longest} tokens), batches: ${cases.length}`);
  writeFileSync(path.join(work, 'encode_ids_cases.json'), JSON.stringify({ texts: texts.length, cases }));
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
