import assert from 'node:assert/strict';
import { createHash } from 'node:crypto';
import { mkdir, readdir, readFile, writeFile } from 'node:fs/promises';
import * as path from 'node:path';
import { after, before, test } from 'node:test';
import { DT } from '../../model/proto';
import { CONVERTER_VERSION, exportSavedModel, MANIFEST_FILE, type ExportResult } from '../../model/savedmodel/export';
import type { GraphExtension } from '../../model/savedmodel/extension';
import { readSavedModel, signatureSubgraph, type LoadedSavedModel } from '../../model/savedmodel/read';
import { TF25_OPS } from '../../model/savedmodel/write';
import { fixtureFolder } from './fixture-dir';

let root: string;
let fixture: string;
let first: ExportResult;
let loaded: LoadedSavedModel;
let cleanup: () => Promise<void>;
const sha = (b: Uint8Array) => createHash('sha256').update(b).digest('hex');

before(async () => {
  const f = await fixtureFolder();
  ({ root, fixture, cleanup } = f);
  first = await exportSavedModel({ sourceDir: fixture, outDir: path.join(root, 'sm1') });
  loaded = await readSavedModel(path.join(root, 'sm1'));
});
after(() => cleanup());

test('the folder is a SavedModel: saved_model.pb, variables/, and the manifest', async () => {
  assert.deepEqual((await readdir(path.join(root, 'sm1'))).sort(), [MANIFEST_FILE, 'saved_model.pb', 'variables']);
  assert.deepEqual(await readdir(path.join(root, 'sm1', 'variables')), []);
  assert.deepEqual(loaded.metaGraph.metaInfoDef!.tags, ['serve']);
  assert.equal(loaded.graph.versions!.producer, 716, 'TF 2.5 GraphDef version');
  assert.equal(loaded.graph.versions!.minConsumer ?? 0, 0);
});

test('encode_ids: indices int32 [-1,2], values int32 [-1] → outputs float32 [-1,512]', () => {
  const sig = loaded.signatures.encode_ids;
  const spec = (t: { dtype?: number; tensorShape?: { dim?: { size?: unknown }[] } }) => [t.dtype, (t.tensorShape!.dim ?? []).map((d) => Number(d.size))];
  assert.deepEqual(Object.keys(sig.inputs!).sort(), ['indices', 'values']);
  assert.deepEqual(spec(sig.inputs!.indices), [DT.INT32, [-1, 2]]);
  assert.deepEqual(spec(sig.inputs!.values), [DT.INT32, [-1]]);
  assert.deepEqual(spec(sig.outputs!.outputs), [DT.FLOAT, [-1, 512]]);
  assert.equal(sig.methodName, 'tensorflow/serving/predict');
});

test('only TF 2.5 ops; the tfjs int64 placeholders are fed through int32 → int64 casts', () => {
  for (const node of loaded.graph.node!) assert.ok(TF25_OPS.has(node.op), `${node.name}: ${node.op}`);
  const indices = loaded.graph.node!.find((n) => n.name === 'indices')!;
  assert.equal(indices.op, 'Cast');
  assert.equal(indices.attr!.DstT.type, DT.INT64);
});

test('size stays within 1.05× of the raw weights', async () => {
  const weights = (await Promise.all((await readdir(fixture)).filter((f) => f.startsWith('group1-')).map((f) => readFile(path.join(fixture, f))))).reduce((n, b) => n + b.length, 0);
  assert.equal(weights, 27_903_656);
  assert.ok(first.savedModelBytes <= 1.05 * weights, `${first.savedModelBytes} bytes`);
});

test('exporting again gives byte-identical files and the same manifest', async () => {
  const second = await exportSavedModel({ sourceDir: fixture, outDir: path.join(root, 'sm2') });
  for (const f of ['saved_model.pb', MANIFEST_FILE]) {
    assert.equal(sha(await readFile(path.join(root, 'sm2', f))), sha(await readFile(path.join(root, 'sm1', f))), f);
  }
  assert.equal(second.artifactDigest, first.artifactDigest);
});

test('the manifest names source digests, output digests, converter version and the artifact digest', async () => {
  const manifest = JSON.parse(await readFile(path.join(root, 'sm1', MANIFEST_FILE), 'utf8'));
  assert.equal(manifest.converterVersion, CONVERTER_VERSION);
  for (const file of await readdir(fixture)) assert.equal(manifest.source[file], sha(await readFile(path.join(fixture, file))), file);
  const pb = await readFile(path.join(root, 'sm1', 'saved_model.pb'));
  assert.deepEqual(manifest.outputs['saved_model.pb'], { sha256: sha(pb), bytes: pb.length });
  assert.match(manifest.artifactDigest, /^[0-9a-f]{64}$/);
  assert.deepEqual(manifest.signatures, ['encode_ids', 'serving_default', 'tokenize']); // tokenizer extension (issue #6)
});

test('serving_default and tokenize declare their string input with an unknown rank: TF Serving\'s [N,1] rows (one-element array instances) are accepted as well as [N]', () => {
  for (const key of ['serving_default', 'tokenize']) {
    const input = loaded.signatures[key].inputs!.inputs;
    assert.equal(input.dtype, DT.STRING, key);
    assert.deepEqual({ unknownRank: input.tensorShape?.unknownRank, dims: input.tensorShape?.dim ?? [] }, { unknownRank: true, dims: [] }, key);
  }
});

test('signatureSubgraph cuts out the encoder behind encode_ids, from its inputs to its output', () => {
  const { graph } = signatureSubgraph(loaded, 'encode_ids');
  const names = new Set(graph.node!.map((n) => n.name));
  assert.ok(names.has('encode_ids/indices') && names.has('encode_ids/outputs') && names.has('module/Embeddings_en'));
  for (const n of graph.node!) for (const input of n.input ?? []) assert.ok(names.has(input.replace(/^\^/, '').replace(/:\d+$/, '')), `${n.name} ← ${input}`);
  assert.throws(() => signatureSubgraph(loaded, 'nope'), /signature 'nope' not found; the SavedModel has: encode_ids/);
});

test('an extension can route the encoder inputs, resize the batch and add a signature', async () => {
  const extension: GraphExtension = {
    name: 'test-extension',
    version: '0',
    extend(ctx) {
      const g = ctx.graph;
      const i32 = { type: DT.INT32 };
      const idx = g.const('ext/indices', DT.INT32, [1, 2], [0, 0]);
      const val = g.const('ext/values', DT.INT32, [1], [42]);
      ctx.routeEncoderInputs(idx, val);
      const batch = g.add('ext/batch', 'Placeholder', [], { dtype: i32, shape: { shape: {} } });
      const out = ctx.resizeBatch(ctx.encoder.embeddings, batch, 'ext/outputs');
      ctx.addSignature('ext', { inputs: { batch: { name: `${batch}:0`, dtype: DT.INT32 } }, outputs: { outputs: { name: `${out}:0`, dtype: DT.FLOAT } } });
    },
  };
  await exportSavedModel({ sourceDir: fixture, outDir: path.join(root, 'sm-ext'), extensions: [extension] });
  const withExt = await readSavedModel(path.join(root, 'sm-ext'));
  assert.deepEqual(Object.keys(withExt.signatures).sort(), ['encode_ids', 'ext']);
  const fed = withExt.graph.node!.find((n) => n.name === 'encode_ids/indices')!;
  assert.equal(fed.op, 'PlaceholderWithDefault');
  assert.deepEqual(fed.input, ['ext/indices']);
  // encode_ids still feeds its inputs directly: its sub-graph does not reach the extension's constants.
  const sub = signatureSubgraph(withExt, 'encode_ids').graph.node!;
  assert.ok(!sub.some((n) => n.name.startsWith('ext/')));
  assert.equal(sub.find((n) => n.name === 'encode_ids/indices')!.op, 'Placeholder');
  const manifest = JSON.parse(await readFile(path.join(root, 'sm-ext', MANIFEST_FILE), 'utf8'));
  assert.deepEqual(manifest.extensions, [{ name: 'test-extension', version: '0' }]);
});

test('an op outside the TF 2.5 list fails the export and leaves nothing behind', async () => {
  const bad: GraphExtension = { name: 'bad', version: '0', extend: (ctx) => void ctx.graph.add('x', 'TPUReplicate', []) };
  const out = path.join(root, 'sm-bad');
  await assert.rejects(exportSavedModel({ sourceDir: fixture, outDir: out, extensions: [bad] }), /node 'x' uses op 'TPUReplicate'/);
  assert.ok(!(await readdir(root)).some((f) => f.startsWith('sm-bad')));
});

test('a non-empty folder that is not a previous export is never replaced', async () => {
  const out = path.join(root, 'precious');
  await mkdir(out);
  await writeFile(path.join(out, 'notes.txt'), 'keep me');
  await assert.rejects(exportSavedModel({ sourceDir: fixture, outDir: out }), /is not empty and holds no export-manifest\.json/);
  assert.equal(await readFile(path.join(out, 'notes.txt'), 'utf8'), 'keep me');
});
