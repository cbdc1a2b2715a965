import assert from 'node:assert/strict';
import { test } from 'node:test';
import { DataType, decodeMessage, encodeMessage, GraphDef, SavedModel, type IGraphDef, type ISavedModel } from '../../model/proto';

test('the vendored protos give TF enum numbers and field numbers', () => {
  assert.equal(DataType.DT_FLOAT, 1);
  assert.equal(DataType.DT_INT32, 3);
  assert.equal(DataType.DT_INT64, 9);
  assert.equal(DataType.DT_STRING, 7);
  // field numbers are what TF's C++ and Python read: a wrong number would make TF misparse the file
  const NodeDef = GraphDef.lookupType('tensorflow.NodeDef');
  assert.equal(NodeDef.fields.attr.id, 5);
  assert.equal(GraphDef.fields.versions.id, 4);
});

test('a GraphDef inside a SavedModel round-trips with int64 shapes, bytes and maps', () => {
  const graph: IGraphDef = {
    node: [{ name: 'c', op: 'Const', input: [], attr: { dtype: { type: 9 }, value: { tensor: { dtype: 9, tensorShape: { dim: [{ size: 2 }] }, tensorContent: new Uint8Array([1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]) } } } }],
    versions: { producer: 716 },
  };
  const bytes = encodeMessage(SavedModel, { savedModelSchemaVersion: 1, metaGraphs: [{ metaInfoDef: { tags: ['serve'] }, graphDef: graph, signatureDef: { s: { inputs: { x: { name: 'c:0', dtype: 9, tensorShape: { dim: [{ size: -1 }] } } } } } }] });
  const back = decodeMessage<ISavedModel>(SavedModel, bytes);
  const meta = back.metaGraphs![0];
  assert.deepEqual(meta.metaInfoDef!.tags, ['serve']);
  assert.equal(meta.graphDef!.versions!.producer, 716);
  const tensor = meta.graphDef!.node![0].attr!.value.tensor!;
  assert.deepEqual(Array.from(tensor.tensorContent!), [1, 0, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0, 0, 0, 0, 0]);
  assert.equal(meta.signatureDef!.s.inputs!.x.tensorShape!.dim![0].size, -1);
});

test('encodeMessage rejects a wrongly typed field with its name', () => {
  assert.throws(() => encodeMessage(GraphDef, { node: [{ name: 1 }] }), /name: string expected/);
});
