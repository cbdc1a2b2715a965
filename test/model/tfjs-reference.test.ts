import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { Tokenizer } from '@tensorflow-models/universal-sentence-encoder';
import { loadTfjsReference, type TfjsReference } from '../../model/tfjs/reference';
import { fixtureFolder } from './fixture-dir';

let reference: TfjsReference;
let tokenizer: Tokenizer;
let cleanup: () => Promise<void>;

before(async () => {
  const f = await fixtureFolder();
  cleanup = f.cleanup;
  reference = await loadTfjsReference(f.fixture, 'wasm');
  tokenizer = new Tokenizer(JSON.parse(await readFile(path.join(f.fixture, 'vocab.json'), 'utf8')));
});
after(async () => {
  reference.dispose();
  await cleanup();
});

const maxDiff = (a: Float32Array, b: Float32Array) => a.reduce((m, v, i) => Math.max(m, Math.abs(v - b[i])), 0);
const norm = (a: Float32Array) => Math.hypot(...a);

test('texts embed to unit 512-d vectors; the empty string is the zero vector and changes no other row', async () => {
  const texts = ['the quick brown fox', 'hello world', 'an embedding'];
  const alone = await reference.embedIds(texts.map((t) => tokenizer.encode(t)));
  const mixed = await reference.embedIds(['', texts[0], '', texts[1], texts[2], ''].map((t) => tokenizer.encode(t)));
  assert.equal(mixed.length, 6);
  for (const row of [0, 2, 5]) assert.ok(mixed[row].every((v) => v === 0) && mixed[row].length === 512);
  for (const [k, row] of [1, 3, 4].entries()) {
    assert.ok(Math.abs(norm(mixed[row]) - 1) < 1e-5);
    assert.ok(maxDiff(mixed[row], alone[k]) < 1e-6, `row ${row}`);
  }
  const allEmpty = await reference.embedIds([[], []]);
  assert.ok(allEmpty.length === 2 && allEmpty.every((v) => v.every((x) => x === 0)));
});

test('only the first 128 tokens of a long text count (model/SPEC.md)', async () => {
  const ids = tokenizer.encode('words upon words, '.repeat(60));
  assert.ok(ids.length > 200, `${ids.length} tokens`);
  const [full, first128, first127] = await reference.embedIds([ids, ids.slice(0, 128), ids.slice(0, 127)]);
  assert.equal(maxDiff(full, first128), 0);
  assert.ok(maxDiff(full, first127) > 1e-4, 'the 128th token does matter');
});
