import { test } from 'node:test';
import assert from 'node:assert/strict';
import { convertGraphDefToOnnx } from '../../../model/onnx/convert';
import { decodeModel } from '../../../model/onnx/onnx-schema';
import { assertClose, bool, constant, f32, graph, int, ints, node, placeholder, runConverted, str, type } from './graph-helpers';

// Reference product written out longhand: (m×k)·(k×n).
function matmul(a: number[], b: number[], m: number, k: number, n: number): number[] {
  return Array.from({ length: m * n }, (_, idx) => {
    const [i, j] = [Math.floor(idx / n), idx % n];
    let s = 0;
    for (let t = 0; t < k; t++) s += a[i * k + t] * b[t * n + j];
    return s;
  });
}
const transpose = (a: number[], r: number, c: number) => Array.from({ length: r * c }, (_, idx) => a[(idx % r) * c + Math.floor(idx / r)]);

const A = [1, 2, 3, 4, 5, 6]; // 2×3
const B = [1, 0, -1, 2, 0.5, 3]; // 3×2

test('MatMul honours transpose_a / transpose_b', async () => {
  const g = graph(placeholder('a', 'float', [2, 3]), placeholder('bt', 'float', [2, 3]), placeholder('at', 'float', [3, 2]),
    node('ab', 'MatMul', ['a', 'bt'], { transpose_b: bool(true) }),
    node('atb', 'MatMul', ['at', 'bt'], { transpose_a: bool(true), transpose_b: bool(true) }));
  const bt = transpose(B, 3, 2);
  const r = await runConverted(g, { a: f32([2, 3], A), bt: f32([2, 3], bt), at: f32([3, 2], transpose(A, 2, 3)) }, ['ab', 'atb']);
  assertClose(r.ab.values, matmul(A, B, 2, 3, 2));
  assertClose(r.atb.values, matmul(A, B, 2, 3, 2));
});

test('BatchMatMul with adj_y (attention logits) and adj_x over a batch of 2', async () => {
  const q = [...A, ...A.map((v) => -v)];
  const g = graph(placeholder('q', 'float', [2, 2, 3]), placeholder('k', 'float', [2, 2, 3]),
    placeholder('at', 'float', [2, 3, 2]), placeholder('b', 'float', [2, 3, 2]),
    node('logits', 'BatchMatMul', ['q', 'k'], { adj_x: bool(false), adj_y: bool(true) }),
    node('adjx', 'BatchMatMulV2', ['at', 'b'], { adj_x: bool(true), adj_y: bool(false) }));
  const at = [...transpose(A, 2, 3), ...transpose(A, 2, 3)];
  const r = await runConverted(g, { q: f32([2, 2, 3], q), k: f32([2, 2, 3], [...A, ...A]), at: f32([2, 3, 2], at), b: f32([2, 3, 2], [...B, ...B]) }, ['logits', 'adjx']);
  const aat = matmul(A, transpose(A, 2, 3), 2, 3, 2);
  const ab = matmul(A, B, 2, 3, 2);
  assert.deepEqual(r.logits.dims, [2, 2, 2]);
  assertClose(r.logits.values, [...aat, ...aat.map((v) => -v)]);
  assert.deepEqual(r.adjx.dims, [2, 2, 2]);
  assertClose(r.adjx.values, [...ab, ...ab]);
});

test('a 1x1 NHWC Conv2D becomes a MatMul over channels (no Conv node) with the same values', async () => {
  const kernel = constant('w', 'float', [1, 1, 3, 2], B);
  const conv = node('conv', 'Conv2D', ['x', 'w'], {
    T: type('float'), data_format: str('NHWC'), padding: str('VALID'), strides: ints([1, 1, 1, 1]), dilations: ints([1, 1, 1, 1]),
  });
  const g = graph(placeholder('x', 'float', [1, 2, 1, 3]), kernel, conv);
  const r = await runConverted(g, { x: f32([1, 2, 1, 3], A) }, ['conv']);
  assert.deepEqual(r.conv.dims, [1, 2, 1, 2]);
  assertClose(r.conv.values, matmul(A, B, 2, 3, 2));
  const model = decodeModel(convertGraphDefToOnnx(g, { inputs: { x: 'x' }, outputs: { y: 'conv' } }));
  const ops = model.graph.node.map((n: { opType: string }) => n.opType);
  assert.ok(ops.includes('MatMul') && !ops.includes('Conv'), `ops: ${ops}`);
  assert.equal(model.graph.initializer.length, 1, 'the 4-D kernel is not kept beside its 2-D copy');
});

test('SplitV splits by sizes, including one -1 size, into numbered outputs', async () => {
  const g = graph(placeholder('x', 'float', [2, 6]),
    constant('sizes', 'int32', [3], [1, 2, 3]), constant('rest', 'int32', [2], [2, -1]), constant('axis', 'int32', [], [-1]),
    node('split', 'SplitV', ['x', 'sizes', 'axis'], { num_split: int(3), T: type('float'), Tlen: type('int32') }),
    node('split2', 'SplitV', ['x', 'rest', 'axis'], { num_split: int(2) }));
  const X = Array.from({ length: 12 }, (_, i) => i);
  const r = await runConverted(g, { x: f32([2, 6], X) }, ['split', 'split:1', 'split:2', 'split2:1']);
  assert.deepEqual(r.split.values, [0, 6]);
  assert.deepEqual(r['split:1'].values, [1, 2, 7, 8]);
  assert.deepEqual(r['split:2'], { dims: [2, 3], values: [3, 4, 5, 9, 10, 11] });
  assert.deepEqual(r['split2:1'].dims, [2, 4]);
});

test('BatchMatMul adjoints on inputs of unknown rank still transpose the last two axes', async () => {
  const unknownRank = (name: string) => node(name, 'Placeholder', [], { dtype: type('float'), shape: { shape: { unknownRank: true } } });
  const g = graph(unknownRank('q'), unknownRank('k'), node('logits', 'BatchMatMulV2', ['q', 'k'], { adj_x: bool(false), adj_y: bool(true) }));
  const r = await runConverted(g, { q: f32([1, 2, 3], A), k: f32([1, 2, 3], A) }, ['logits']);
  assert.deepEqual(r.logits.dims, [1, 2, 2]);
  assertClose(r.logits.values, matmul(A, transpose(A, 2, 3), 2, 3, 2));
});
