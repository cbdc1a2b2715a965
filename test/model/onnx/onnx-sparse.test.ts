import { test } from 'node:test';
import assert from 'node:assert/strict';
import { b8, bool, constant, f32, graph, i32, i64, int, node, placeholder, runConverted, type } from './graph-helpers';

test('SparseToDense scatters [N,2] int64 indices over a default-filled dense tensor', async () => {
  const g = graph(placeholder('idx', 'int64', [-1, 2]), placeholder('vals', 'int64', [-1]),
    constant('shape', 'int64', [2], [2, 3]), constant('dflt', 'int64', [], [-1]),
    node('dense', 'SparseToDense', ['idx', 'shape', 'vals', 'dflt'], { T: type('int64'), Tindices: type('int64'), validate_indices: bool(true) }));
  const r = await runConverted(g, { idx: i64([3, 2], [0, 0, 0, 1, 1, 2]), vals: i64([3], [7, 8, 9]) }, ['dense']);
  assert.deepEqual(r.dense, { dims: [2, 3], values: [7, 8, -1, -1, -1, 9] });
});

test('SparseToDense accepts 1-D indices and a scalar value', async () => {
  const g = graph(placeholder('idx', 'int32', [-1]), constant('shape', 'int32', [1], [5]),
    constant('one', 'float', [], [1]), constant('zero', 'float', [], [0]),
    node('dense', 'SparseToDense', ['idx', 'shape', 'one', 'zero'], { T: type('float'), Tindices: type('int32') }));
  const r = await runConverted(g, { idx: i32([2], [1, 3]) }, ['dense']);
  assert.deepEqual(r.dense.values, [0, 1, 0, 1, 0]);
});

test('ScatterNd sums duplicate indices into zeros, with an int32 shape', async () => {
  const g = graph(placeholder('idx', 'int32', [-1, 1]), placeholder('upd', 'float', [-1, 2]), constant('shape', 'int32', [2], [3, 2]),
    node('out', 'ScatterNd', ['idx', 'upd', 'shape'], { T: type('float'), Tindices: type('int32') }));
  const r = await runConverted(g, { idx: i32([3, 1], [2, 0, 2]), upd: f32([3, 2], [1, 2, 3, 4, 5, 6]) }, ['out']);
  assert.deepEqual(r.out, { dims: [3, 2], values: [3, 4, 0, 0, 6, 8] });
});

test('GatherNd picks rows by coordinates; GatherV2 gathers along an axis', async () => {
  const g = graph(placeholder('p', 'float', [2, 2, 2]), placeholder('c', 'int32', [-1, 2]),
    node('nd', 'GatherNd', ['p', 'c'], { Tparams: type('float'), Tindices: type('int32') }),
    constant('which', 'int32', [2], [1, 1]), constant('axis', 'int32', [], [2]),
    node('g', 'GatherV2', ['p', 'which', 'axis'], { Tparams: type('float'), Tindices: type('int32'), Taxis: type('int32'), batch_dims: int(0) }));
  const P = [0, 1, 2, 3, 4, 5, 6, 7]; // p[i][j][k] = 4i + 2j + k
  const r = await runConverted(g, { p: f32([2, 2, 2], P), c: i32([2, 2], [1, 0, 0, 1]) }, ['nd', 'g']);
  assert.deepEqual(r.nd, { dims: [2, 2], values: [4, 5, 2, 3] });
  assert.deepEqual(r.g, { dims: [2, 2, 2], values: [1, 1, 3, 3, 5, 5, 7, 7] });
});

test('one-input Where returns int64 [N, rank] coordinates in row-major order', async () => {
  const g = graph(placeholder('m', 'bool', [2, 3]), node('w', 'Where', ['m'], { T: type('bool') }),
    node('none', 'Where', ['m2']), placeholder('m2', 'bool', [2]));
  const r = await runConverted(g, { m: b8([2, 3], [false, true, false, true, false, true]), m2: b8([2], [false, false]) }, ['w', 'none']);
  assert.deepEqual(r.w, { dims: [3, 2], values: [0, 1, 1, 0, 1, 2] });
  assert.deepEqual(r.none.dims, [0, 1]);
});
