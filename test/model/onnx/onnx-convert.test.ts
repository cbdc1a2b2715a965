import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { ConversionError, convertGraphDefToOnnx } from '../../../model/onnx/convert';
import { decodeModel } from '../../../model/onnx/onnx-schema';
import { bool, constant, f32, graph, ints, node, placeholder, runConverted, str, type } from './graph-helpers';

const io = { inputs: { x: 'x' }, outputs: { y: 'y' } };

test('an unsupported op fails conversion naming the op and its node', () => {
  const g = graph(placeholder('x', 'float', [2]), node('mystery', 'Erfinv', ['x']), node('y', 'Relu', ['mystery']));
  assert.throws(() => convertGraphDefToOnnx(g, io), (e: Error) => {
    assert.ok(e instanceof ConversionError);
    assert.match(e.message, /unsupported TF op: Erfinv \(node "mystery"\)/);
    return true;
  });
});

test('only what the outputs depend on is converted: unrelated unsupported nodes are ignored', async () => {
  const g = graph(placeholder('x', 'float', [2]), placeholder('s', 'int32', [1]), node('tok', 'StringSplit', ['s']), node('y', 'Relu', ['x']));
  const r = await runConverted(g, { x: f32([2], [-1, 2]) }, ['y']);
  assert.deepEqual(r.y.values, [0, 2]);
});

test('conversion is deterministic: same graph, same bytes', () => {
  const g = graph(placeholder('x', 'float', [-1, 3]), constant('w', 'float', [3, 2], [1, 2, 3, 4, 5, 6]),
    node('mm', 'MatMul', ['x', 'w'], { transpose_a: bool(false) }), node('y', 'Tanh', ['mm']));
  const digest = () => createHash('sha256').update(convertGraphDefToOnnx(g, io)).digest('hex');
  assert.equal(digest(), digest());
});

test('the model declares opset >= 17 and typed inputs/outputs with dynamic dims', () => {
  const g = graph(placeholder('x', 'float', [-1, 3]), node('y', 'Relu', ['x']));
  const model = decodeModel(convertGraphDefToOnnx(g, io));
  assert.ok(model.opsetImport[0].version >= 17);
  const input = model.graph.input[0];
  assert.equal(input.name, 'x');
  assert.equal(input.type.tensorType.elemType, 1);
  assert.ok(input.type.tensorType.shape.dim[0].dimParam);
  assert.equal(input.type.tensorType.shape.dim[1].dimValue, 3);
  assert.equal(model.graph.output[0].name, 'y');
});

test('clear errors: an unfed placeholder, a feed that is not a placeholder, a non-1x1 Conv2D', () => {
  const unfed = graph(placeholder('x', 'float', [2]), placeholder('z', 'float', [2]), node('y', 'Add', ['x', 'z']));
  assert.throws(() => convertGraphDefToOnnx(unfed, io), /placeholder "z" is needed by the outputs but not fed/);
  const notPlaceholder = graph(constant('x', 'float', [1], [1]), node('y', 'Relu', ['x']));
  assert.throws(() => convertGraphDefToOnnx(notPlaceholder, io), /input "x" must feed a Placeholder; "x" is a Const/);
  const conv = graph(placeholder('x', 'float', [1, 4, 4, 1]), constant('w', 'float', [3, 3, 1, 1], Array(9).fill(1)),
    node('y', 'Conv2D', ['x', 'w'], { T: type('float'), data_format: str('NHWC'), strides: ints([1, 1, 1, 1]), padding: str('VALID') }));
  assert.throws(() => convertGraphDefToOnnx(conv, io), /TF node "y" \(op Conv2D\): the filter must be a constant of shape \[1, 1, in, out\]; got \[3,3,1,1\]/);
});
