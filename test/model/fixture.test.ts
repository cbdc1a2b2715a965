import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { SHARD_BYTES, synthesizeLeadingBytes, UPSTREAM_DIR, writeFixture } from '../../model/fixture/generate';
import { deriveStructuralValues } from '../../model/fixture/structural';
import { readTfjsModelFolder, type TfjsModel } from '../../model/tfjs/model-folder';
import { parseSha256Sums } from '../../model/source/official';
import { fixtureFolder, tempDir } from './fixture-dir';

const L0 = 'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_0/TransformerLayer/';
const L1 = 'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/Layer_1/TransformerLayer/';
let fixture: string;
let model: TfjsModel;
let cleanup: () => Promise<void>;

before(async () => {
  const f = await fixtureFolder();
  cleanup = f.cleanup;
  fixture = f.fixture;
  model = await readTfjsModelFolder(fixture);
});
after(() => cleanup());

const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');
const ints = (name: string) => Array.from(new Int32Array(Uint8Array.from(model.weights.get(name)!.bytes).buffer));
const float = (name: string) => new Float32Array(Uint8Array.from(model.weights.get(name)!.bytes).buffer)[0];

test('the real files are byte-identical to the official ones (pinned digests)', async () => {
  const sums = parseSha256Sums(await readFile(path.join(UPSTREAM_DIR, 'SHA256SUMS'), 'utf8'));
  for (const file of ['model.json', 'vocab.json', 'group1-shard7of7']) {
    assert.equal(sha(await readFile(path.join(fixture, file))), sums.get(file), file);
  }
  for (let i = 1; i <= 6; i++) {
    const shard = await readFile(path.join(fixture, `group1-shard${i}of7`));
    assert.equal(shard.length, SHARD_BYTES);
    assert.notEqual(sha(shard), sums.get(`group1-shard${i}of7`), 'synthetic, so never the official digest');
  }
});

test('two fixtures are byte-identical; another seed gives other bytes', async () => {
  const t = await tempDir('fixture-again');
  try {
    await writeFixture(t.dir);
    for (let i = 1; i <= 7; i++) {
      const name = `group1-shard${i}of7`;
      assert.equal(sha(await readFile(path.join(t.dir, name))), sha(await readFile(path.join(fixture, name))), name);
    }
  } finally {
    await t.cleanup();
  }
  const text = await readFile(path.join(UPSTREAM_DIR, 'model.json'), 'utf8');
  assert.notEqual(sha(synthesizeLeadingBytes(text, 1)), sha(await readFile(path.join(fixture, 'group1-shard1of7'))));
});

test('structural constants follow the architecture read from the consuming nodes', () => {
  assert.deepEqual(ints(`${L0}MultiheadAttention/Const`), [256, 256, 256], 'SplitV: thirds of the 768-wide qkv');
  assert.deepEqual(ints(`${L1}MultiheadAttention/Const`), [512, 512, 512]);
  assert.deepEqual(ints(`${L1}MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/2`), [8], 'heads');
  assert.deepEqual(ints(`${L0}MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3`), [32], 'head size');
  assert.deepEqual(ints(`${L1}MultiheadAttention/split_heads/split_last_dimension/Reshape/shape/3`), [64]);
  assert.deepEqual(ints(`${L0}MultiheadAttention/combine_heads/combine_last_two_dimensions/Reshape/shape/2`), [256]);
  assert.deepEqual(ints(`${L1}MultiheadAttention/split_heads/transpose/perm`), [0, 2, 1, 3]);
  assert.deepEqual(ints(`${L1}FFN/conv1/Tensordot/Const_2`), [1536]);
  assert.deepEqual(ints(`${L1}FFN/conv2/Tensordot/Const_2`), [512]);
  assert.deepEqual(ints(`${L1}MultiheadAttention/DotProductAttention/BaseDotProductAttention/Slice/begin`), [3]);
  assert.equal(float(`${L0}MultiheadAttention/mul/y`), Math.fround(32 ** -0.5));
  assert.equal(float(`${L1}MultiheadAttention/mul/y`), Math.fround(64 ** -0.5));
  assert.equal(float(`${L1}MultiheadAttention/DotProductAttention/attention_bias_ignore_padding/mul/y`), -1e9);
  assert.equal(float(`${L1}FFN/layer_prepostprocess/layer_norm/Cast/x`), Math.fround(1e-6));
});

test('a constant no rule explains is an error, not a guess', () => {
  const nodes = [
    { name: 'k', op: 'Const' },
    { name: 'odd', op: 'Tile', input: ['x', 'k'] },
  ];
  const entry = { name: 'k', shape: [2], dtype: 'int32' as const };
  assert.throws(() => deriveStructuralValues(nodes, [entry], [entry]), /no rule for constant k consumed by Tile odd/);
});
