import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as ort from 'onnxruntime-node';
import { convertGraphDefToOnnx } from '../../../model/onnx/convert';
import { constant, f32, graph, int, ints, node, placeholder, runConverted, type } from './graph-helpers';

const x = placeholder('x', 'float', [-1, 4]);
const X = Array.from({ length: 12 }, (_, i) => i); // 3×4, x[r][c] = 4r + c
const feed = { x: f32([3, 4], X) };
const i32c = (name: string, values: number[], dims = [values.length]) => constant(name, 'int32', dims, values);

function stridedSlice(name: string, input: string, begin: number[], end: number[], strides: number[], masks: Record<string, number>) {
  return [
    i32c(`${name}/b`, begin), i32c(`${name}/e`, end), i32c(`${name}/s`, strides),
    node(name, 'StridedSlice', [input, `${name}/b`, `${name}/e`, `${name}/s`], {
      T: type('float'), Index: type('int32'),
      ...Object.fromEntries(['begin_mask', 'end_mask', 'ellipsis_mask', 'new_axis_mask', 'shrink_axis_mask'].map((m) => [m, int(masks[m] ?? 0)])),
    }),
  ];
}

test('Shape yields int32 or int64 as out_type says, with the runtime batch size', async () => {
  const g = graph(x, node('s32', 'Shape', ['x'], { out_type: type('int32') }), node('s64', 'Shape', ['x'], { out_type: type('int64') }));
  const r = await runConverted(g, feed, ['s32', 's64']);
  assert.deepEqual(r.s32.values, [3, 4]);
  assert.deepEqual(r.s64.values, [3, 4]);
});

test('StridedSlice: shrink, begin/end masks, negative and >1 strides, new axis, ellipsis', async () => {
  const v = placeholder('v', 'float', [5]);
  const g = graph(x, v,
    ...stridedSlice('col1', 'x', [0, 1], [0, 2], [1, 1], { begin_mask: 1, end_mask: 1, shrink_axis_mask: 2 }),
    ...stridedSlice('rev', 'v', [0], [0], [-1], { begin_mask: 1, end_mask: 1 }),
    ...stridedSlice('step', 'x', [1, 0], [0, 0], [1, 2], { begin_mask: 2, end_mask: 3 }),
    ...stridedSlice('newaxis', 'x', [0, 0, -1], [0, 0, 0], [1, 1, 1], { begin_mask: 1, end_mask: 1, new_axis_mask: 2, shrink_axis_mask: 4 }),
    ...stridedSlice('ellipsis', 'x', [0, 0], [0, 1], [1, 1], { ellipsis_mask: 1, shrink_axis_mask: 2 }),
    ...stridedSlice('lastrow', 'x', [-1], [0], [1], { shrink_axis_mask: 1 }));
  const r = await runConverted(g, { ...feed, v: f32([5], [0, 1, 2, 3, 4]) }, ['col1', 'rev', 'step', 'newaxis', 'ellipsis', 'lastrow']);
  assert.deepEqual(r.col1, { dims: [3], values: [1, 5, 9] });
  assert.deepEqual(r.rev.values, [4, 3, 2, 1, 0]);
  assert.deepEqual(r.step, { dims: [2, 2], values: [4, 6, 8, 10] });
  assert.deepEqual(r.newaxis, { dims: [3, 1], values: [3, 7, 11] });
  assert.deepEqual(r.ellipsis, { dims: [3], values: [0, 4, 8] });
  assert.deepEqual(r.lastrow, { dims: [4], values: [8, 9, 10, 11] });
});

test('int32 shape arithmetic (Shape, StridedSlice, Prod, Pack) drives Reshape', async () => {
  const sliceShape = (name: string, begin: number, masks: Record<string, number>) => [
    i32c(`${name}/b`, [begin]), i32c(`${name}/e`, [begin + 1]), i32c(`${name}/s`, [1]),
    node(name, 'StridedSlice', ['shape', `${name}/b`, `${name}/e`, `${name}/s`], { T: type('int32'), Index: type('int32'), ...Object.fromEntries(Object.entries(masks).map(([k, m]) => [k, int(m)])) }),
  ];
  const g = graph(x,
    node('shape', 'Shape', ['x'], { out_type: type('int32') }),
    ...sliceShape('rows', 0, { shrink_axis_mask: 1 }),
    i32c('two', [2], []), i32c('minus1', [-1], []), i32c('axis0', [0], []),
    node('newShape', 'Pack', ['rows', 'two', 'minus1'], { N: int(3), axis: int(0), T: type('int32') }),
    node('reshaped', 'Reshape', ['x', 'newShape'], { T: type('float'), Tshape: type('int32') }),
    node('count', 'Prod', ['shape', 'axis0'], { keep_dims: { b: false }, T: type('int32') }),
    i32c('flatShape', [-1], [1]),
    node('flat', 'Reshape', ['x', 'flatShape']));
  const r = await runConverted(g, feed, ['newShape', 'reshaped', 'count', 'flat']);
  assert.deepEqual(r.newShape.values, [3, 2, -1]);
  assert.deepEqual(r.reshaped, { dims: [3, 2, 2], values: X });
  assert.deepEqual(r.count, { dims: [], values: [12] });
  assert.deepEqual(r.flat.dims, [12]);
});

test('ConcatV2, Slice (size -1), ExpandDims, Squeeze, Transpose, Range, Fill', async () => {
  const g = graph(x,
    constant('ones', 'float', [3, 1], [1, 1, 1]), i32c('lastAxis', [-1], []),
    node('cat', 'ConcatV2', ['x', 'ones', 'lastAxis'], { N: int(2) }),
    i32c('sb', [1, 0]), i32c('ss', [-1, 2]), node('sl', 'Slice', ['x', 'sb', 'ss']),
    node('ex', 'ExpandDims', ['x', 'lastAxis']), node('sq', 'Squeeze', ['ex'], { squeeze_dims: ints([2]) }),
    i32c('perm', [1, 0]), node('tr', 'Transpose', ['x', 'perm']),
    i32c('start', [1], []), i32c('delta', [2], []),
    node('shape', 'Shape', ['x'], { out_type: type('int32') }),
    i32c('b0', [1]), i32c('e0', [2]), i32c('s0', [1]),
    node('cols', 'StridedSlice', ['shape', 'b0', 'e0', 's0'], { shrink_axis_mask: int(1) }),
    node('range', 'Range', ['start', 'cols', 'delta'], { Tidx: type('int32') }),
    constant('seven', 'float', [], [7]), node('fill', 'Fill', ['shape', 'seven'], { T: type('float') }));
  const r = await runConverted(g, feed, ['cat', 'sl', 'ex', 'sq', 'tr', 'range', 'fill']);
  assert.deepEqual(r.cat, { dims: [3, 5], values: [0, 1, 2, 3, 1, 4, 5, 6, 7, 1, 8, 9, 10, 11, 1] });
  assert.deepEqual(r.sl, { dims: [2, 2], values: [4, 5, 8, 9] });
  assert.deepEqual(r.ex.dims, [3, 4, 1]);
  assert.deepEqual(r.sq, { dims: [3, 4], values: X });
  assert.deepEqual(r.tr, { dims: [4, 3], values: [0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11] });
  assert.deepEqual(r.range.values, [1, 3]);
  assert.deepEqual(r.fill, { dims: [3, 4], values: Array(12).fill(7) });
});

test('Size counts elements; Pad pads per-axis (before, after) pairs with zeros', async () => {
  const g = graph(x,
    node('size', 'Size', ['x'], { T: type('float'), out_type: type('int32') }),
    i32c('paddings', [1, 0, 0, 2], [2, 2]), node('padded', 'Pad', ['x', 'paddings'], { T: type('float'), Tpaddings: type('int32') }));
  const r = await runConverted(g, { x: f32([1, 4], [5, 6, 7, 8]) }, ['size', 'padded']);
  assert.deepEqual(r.size, { dims: [], values: [4] });
  assert.deepEqual(r.padded, { dims: [2, 6], values: [0, 0, 0, 0, 0, 0, 5, 6, 7, 8, 0, 0] });
});

test('a TF node named like a graph input or output does not clash with it', async () => {
  const g = graph(placeholder('raw', 'int32', [-1]), node('x', 'Cast', ['raw'], { SrcT: type('int32'), DstT: type('float') }), node('y', 'Neg', ['x']));
  const bytes = convertGraphDefToOnnx(g, { inputs: { raw: 'raw' }, outputs: { x: 'y' } });
  const session = await ort.InferenceSession.create(bytes);
  const out = await session.run({ raw: new ort.Tensor('int32', Int32Array.from([1, 2]), [2]) });
  assert.deepEqual(Array.from(out.x.data as Float32Array), [-1, -2]);
});
