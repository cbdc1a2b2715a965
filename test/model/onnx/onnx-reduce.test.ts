import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assertClose, bool, constant, f32, graph, node, placeholder, runConverted, type } from './graph-helpers';

test('Sum/Mean/Max/Prod with keep_dims, a scalar axis, a vector axis and an empty axis list', async () => {
  const X = [1, 2, 3, 4, 5, 6]; // 2×3
  const g = graph(placeholder('x', 'float', [2, 3]),
    constant('last', 'int32', [], [-1]), constant('both', 'int32', [2], [0, 1]), constant('none', 'int32', [0], []),
    node('mean', 'Mean', ['x', 'last'], { keep_dims: bool(true), T: type('float') }),
    node('sum', 'Sum', ['x', 'last'], { keep_dims: bool(false) }),
    node('max', 'Max', ['x', 'both'], { keep_dims: bool(false) }),
    node('prod', 'Prod', ['x', 'both'], { keep_dims: bool(true) }),
    node('same', 'Sum', ['x', 'none'], { keep_dims: bool(false) }));
  const r = await runConverted(g, { x: f32([2, 3], X) }, ['mean', 'sum', 'max', 'prod', 'same']);
  assert.deepEqual(r.mean.dims, [2, 1]);
  assertClose(r.mean.values, [2, 5]);
  assert.deepEqual(r.sum, { dims: [2], values: [6, 15] });
  assert.deepEqual(r.max, { dims: [], values: [6] });
  assert.deepEqual(r.prod, { dims: [1, 1], values: [720] });
  assert.deepEqual(r.same, { dims: [2, 3], values: X });
});
