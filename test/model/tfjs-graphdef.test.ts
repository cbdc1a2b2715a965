import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { readTfjsModelFolder, splitWeights, type TfjsModel } from '../../model/tfjs/model-folder';
import { convertNode, tfjsToGraphDef, UnsupportedOpError } from '../../model/tfjs/to-graphdef';
import type { IGraphDef, INodeDef } from '../../model/proto';
import { fixtureFolder } from './fixture-dir';

let model: TfjsModel;
let graph: IGraphDef;
let topology: { name: string; op: string; input?: string[]; attr?: Record<string, unknown> }[];
let cleanup: () => Promise<void>;
const byName = (name: string): INodeDef => graph.node!.find((n) => n.name === name)!;

before(async () => {
  const f = await fixtureFolder();
  cleanup = f.cleanup;
  model = await readTfjsModelFolder(f.fixture);
  graph = tfjsToGraphDef(model);
  topology = JSON.parse(await readFile(path.join(f.fixture, 'model.json'), 'utf8')).modelTopology.node;
});
after(() => cleanup());

test('every topology node is kept, with its name, inputs and attr keys', () => {
  assert.equal(graph.node!.length, 317);
  for (const original of topology) {
    const node = byName(original.name);
    assert.ok(node, original.name);
    assert.deepEqual(node.input, original.input ?? []);
    assert.deepEqual(Object.keys(node.attr!).sort(), Object.keys(original.attr ?? {}).sort(), original.name);
  }
});

test('weights become Const tensor_content; int64 constants are restored from their int32 bytes', () => {
  const kernel = byName('module/Embeddings_en');
  const content = kernel.attr!.value.tensor!.tensorContent!;
  assert.equal(content.length, 8002 * 256 * 4);
  assert.deepEqual(Buffer.from(content), Buffer.from(model.weights.get('module/Embeddings_en')!.bytes));

  const window = byName('module_apply_default/Encoder_en/KonaTransformer/ClipToMaxLength/Less/y');
  const tensor = window.attr!.value.tensor!;
  assert.equal(tensor.dtype, 9);
  assert.equal(Buffer.from(tensor.tensorContent!).readBigInt64LE(0), 128n);
  const ones = byName('module_apply_default/Encoder_en/KonaTransformer/ClipToMaxLength/ones_like').attr!.value.tensor!;
  assert.deepEqual([0, 8].map((o) => Buffer.from(ones.tensorContent!).readBigInt64LE(o)), [1n, 1n]);
  const minusOne = byName('module_apply_default/Encoder_en/KonaTransformer/Encode/SparseToDense/default_value').attr!.value.tensor!;
  assert.equal(Buffer.from(minusOne.tensorContent!).readBigInt64LE(0), -1n, 'sign-extended');
});

test('attrs keep their TF encodings: strings as bytes, int lists, types; BatchMatMul becomes BatchMatMulV2', () => {
  const conv = graph.node!.find((n) => n.op === 'Conv2D')!;
  assert.equal(new TextDecoder().decode(conv.attr!.padding.s), 'VALID');
  assert.equal(new TextDecoder().decode(conv.attr!.data_format.s), 'NHWC');
  assert.deepEqual(conv.attr!.strides.list!.i, [1, 1, 1, 1]);
  const bmm = graph.node!.filter((n) => n.name.endsWith('BaseDotProductAttention/MatMul'));
  assert.equal(bmm.length, 2);
  for (const n of bmm) {
    assert.equal(n.op, 'BatchMatMulV2');
    assert.equal(n.attr!.adj_y.b, true);
  }
  const placeholder = byName('indices');
  assert.equal(placeholder.attr!.dtype.type, 9);
  assert.deepEqual(placeholder.attr!.shape.shape!.dim!.map((d) => d.size), [-1, 2]);
});

test('an op the converter does not know is an error naming the op and the node', () => {
  assert.throws(
    () => convertNode({ name: 'foo/bar', op: 'FancyNewOp', input: [] }, new Map()),
    (err: Error) => err instanceof UnsupportedOpError && /'FancyNewOp'/.test(err.message) && /'foo\/bar'/.test(err.message),
  );
});

test('a manifest that does not match the shard bytes is rejected', () => {
  const entries = [{ name: 'w', shape: [4], dtype: 'float32' as const }];
  assert.throws(() => splitWeights(entries, new Uint8Array(12), 'm.json'), /weight w needs bytes 0\.\.16 but the shards hold 12/);
  assert.throws(() => splitWeights(entries, new Uint8Array(20), 'm.json'), /describes 16 weight bytes but the shards hold 20/);
});
