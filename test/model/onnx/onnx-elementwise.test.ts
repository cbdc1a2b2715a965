import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, b8, constant, f32, graph, node, placeholder, runConverted, str, type } from './graph-helpers';

const x = placeholder('x', 'float', [2, 3]);
const X = [1, -2, 4, 0.5, 9, -0.25];

test('binary arithmetic broadcasts a row vector like TF', async () => {
  const row = constant('row', 'float', [3], [10, 20, 30]);
  const g = graph(x, row,
    node('add', 'AddV2', ['x', 'row']), node('sub', 'Sub', ['x', 'row']), node('mul', 'Mul', ['x', 'row']),
    node('div', 'RealDiv', ['x', 'row']), node('max', 'Maximum', ['x', 'row']), node('min', 'Minimum', ['x', 'row']),
    node('bias', 'BiasAdd', ['x', 'row'], { data_format: str('NHWC') }));
  const r = await runConverted(g, { x: f32([2, 3], X) }, ['add', 'sub', 'mul', 'div', 'max', 'min', 'bias']);
  assertClose(r.add.values, [11, 18, 34, 10.5, 29, 29.75]);
  assertClose(r.sub.values, [-9, -22, -26, -9.5, -11, -30.25]);
  assertClose(r.mul.values, [10, -40, 120, 5, 180, -7.5]);
  assertClose(r.div.values, [0.1, -0.1, 4 / 30, 0.05, 0.45, -0.25 / 30]);
  assertClose(r.max.values, [10, 20, 30, 10, 20, 30]);
  assertClose(r.min.values, X);
  assertClose(r.bias.values, r.add.values);
  assert.deepEqual(r.add.dims, [2, 3]);
});

test('unary math: Square, Rsqrt, Sin, Cos, Tanh, Relu', async () => {
  const p = placeholder('p', 'float', [4]);
  const g = graph(p, ...['Square', 'Rsqrt', 'Sin', 'Cos', 'Tanh', 'Relu', 'Neg', 'Exp'].map((op) => node(op, op, ['p'])));
  const v = [0.25, 1, 4, 16];
  const r = await runConverted(g, { p: f32([4], v) }, ['Square', 'Rsqrt', 'Sin', 'Cos', 'Tanh', 'Relu', 'Neg', 'Exp']);
  assertClose(r.Square.values, [0.0625, 1, 16, 256]);
  assertClose(r.Rsqrt.values, [2, 1, 0.5, 0.25]);
  assertClose(r.Sin.values, v.map(Math.sin), 1e-6);
  assertClose(r.Cos.values, v.map(Math.cos), 1e-6);
  assertClose(r.Tanh.values, v.map(Math.tanh), 1e-6);
  assertClose(r.Relu.values, v);
  assertClose(r.Neg.values, [-0.25, -1, -4, -16]);
  assertClose(r.Exp.values, v.map(Math.exp), 1e-6);
  const neg = await runConverted(graph(p, node('relu', 'Relu', ['p'])), { p: f32([4], [-1, 0, 2, -3]) }, ['relu']);
  assertClose(neg.relu.values, [0, 0, 2, 0]);
});

test('comparisons, LogicalNot and Cast between bool, int and float', async () => {
  const g = graph(x, constant('t', 'float', [], [1]),
    node('less', 'Less', ['x', 't']), node('greater', 'Greater', ['x', 't']),
    node('not', 'LogicalNot', ['less']),
    node('asInt', 'Cast', ['greater'], { SrcT: type('bool'), DstT: type('int32') }),
    node('asFloat', 'Cast', ['not'], { SrcT: type('bool'), DstT: type('float') }),
    node('trunc', 'Cast', ['x'], { SrcT: type('float'), DstT: type('int32') }));
  const r = await runConverted(g, { x: f32([2, 3], X) }, ['less', 'greater', 'not', 'asInt', 'asFloat', 'trunc']);
  assert.deepEqual(r.less.values, [0, 1, 0, 1, 0, 1]);
  assert.deepEqual(r.greater.values, [0, 0, 1, 0, 1, 0]);
  assert.deepEqual(r.not.values, [1, 0, 1, 0, 1, 0]);
  assert.deepEqual(r.asInt.values, [0, 0, 1, 0, 1, 0]);
  assert.deepEqual(r.asFloat.values, [1, 0, 1, 0, 1, 0]);
  assert.deepEqual(r.trunc.values, [1, -2, 4, 0, 9, 0]);
});

test('Softmax normalises over the last axis', async () => {
  const g = graph(x, node('sm', 'Softmax', ['x']));
  const r = await runConverted(g, { x: f32([2, 3], X) }, ['sm']);
  const expected = [X.slice(0, 3), X.slice(3)].flatMap((row) => {
    const e = row.map((v) => Math.exp(v - Math.max(...row)));
    const s = e.reduce((a, b) => a + b, 0);
    return e.map((v) => v / s);
  });
  assertClose(r.sm.values, expected, 1e-6);
});

test('SelectV2 picks from two tensors by a boolean mask', async () => {
  const c = placeholder('c', 'bool', [2, 3]);
  const g = graph(x, c, constant('zero', 'float', [], [0]), node('sel', 'SelectV2', ['c', 'x', 'zero']));
  const r = await runConverted(g, { x: f32([2, 3], X), c: b8([2, 3], [true, false, true, false, true, false]) }, ['sel']);
  assertClose(r.sel.values, [1, 0, 4, 0, 9, 0]);
});
