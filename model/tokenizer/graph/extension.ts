// The tokenizer's part of the export (GraphExtension, see model/savedmodel/extension.ts): the in-graph
// tokenizer feeding the encoder, and the signatures
//   serving_default: inputs string [N] or [N,1] → outputs float32 [-1, 512]   (what Vertex's TF2 containers call)
//   tokenize:        inputs string [N] or [N,1] → token_ids int32 [-1], row_splits int64 [-1]   (ragged ids)
// The input is declared with an unknown rank so both shapes are accepted (see instance-rows.ts).
// Tables are generated here, at export time: the trie from the source folder's vocab.json, NFKC from this
// Node's String.prototype.normalize (the Unicode version the JS tokenizer uses).
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { DT, type ITensorInfo } from '../../proto';
import type { GraphExtension } from '../../savedmodel/extension';
import { EMBEDDING_SIZE } from '../../savedmodel/encoder';
import { buildNfkcTables } from '../nfkc-tables';
import { buildPieceTrie } from '../trie';
import { loadVocabulary } from '../vocabulary';
import { DTYPES, graphSink, Ops, type Tensor } from './ops';
import { oneTextPerInstance } from './instance-rows';
import { tokenizeStrings, type TokenizerTables } from './tokenizer-graph';

export const TOKENIZER_NODES = {
  inputs: 'tokenizer/inputs',
  tokenIds: 'tokenize/token_ids',
  rowSplits: 'tokenize/row_splits',
  outputs: 'serving_default/outputs',
} as const;

const tensorName = (ref: string) => (ref.includes(':') ? ref : `${ref}:0`);
const info = (name: string, dtype: number, dims: number[] | 'unknown rank'): ITensorInfo => ({
  name: tensorName(name),
  dtype,
  tensorShape: dims === 'unknown rank' ? { unknownRank: true } : { dim: dims.map((size) => ({ size })) },
});

export function tokenizerTables(vocabularyPath: string): TokenizerTables {
  if (!existsSync(vocabularyPath)) {
    throw new Error(`tokenizer: ${vocabularyPath} not found; the source folder must hold the USE lite vocabulary (vocab.json) beside model.json`);
  }
  const vocabulary = loadVocabulary(vocabularyPath);
  return {
    nfkc: buildNfkcTables(),
    trie: buildPieceTrie(vocabulary),
    pieceLengths: Int32Array.from(vocabulary, ([piece]) => piece.length),
  };
}

export const tokenizerExtension: GraphExtension = {
  name: 'tokenizer',
  version: '1.1.0',
  extend(ctx) {
    const { i32, i64 } = DTYPES;
    const g = ctx.graph;
    const inputs: Tensor = {
      ref: g.add(TOKENIZER_NODES.inputs, 'Placeholder', [], { dtype: { type: DT.STRING }, shape: { shape: { unknownRank: true } } }),
      dtype: DT.STRING,
    };
    const o = new Ops(graphSink(g), 'tokenizer');
    const texts = oneTextPerInstance(o, g, inputs);
    const tokens = tokenizeStrings(o, g.functions, tokenizerTables(join(ctx.sourceDir, 'vocab.json')), texts);

    const tokenIds = g.add(TOKENIZER_NODES.tokenIds, 'Identity', [tokens.ids.ref], { T: { type: i32 } });
    const rowSplits = g.add(TOKENIZER_NODES.rowSplits, 'Cast', [tokens.splits.ref], { SrcT: { type: i32 }, DstT: { type: i64 }, Truncate: { b: false } });
    ctx.addSignature('tokenize', {
      inputs: { inputs: info(inputs.ref, DT.STRING, 'unknown rank') },
      outputs: { token_ids: info(tokenIds, DT.INT32, [-1]), row_splits: info(rowSplits, DT.INT64, [-1]) },
      methodName: 'tensorflow/serving/predict',
    });

    // The package's sparse batch: (row, position in row) per token.
    const count = o.size(tokens.ids);
    const index = o.range(o.scalar(i32, 0, 'zero'), count, o.scalar(i32, 1, 'one'));
    const position = o.sub(index, o.gather(tokens.splits, tokens.rowIds));
    ctx.routeEncoderInputs(o.pack([tokens.rowIds, position], 1).ref, tokens.ids.ref);
    const outputs = ctx.resizeBatch(ctx.encoder.embeddings, o.size(texts).ref, TOKENIZER_NODES.outputs);
    ctx.addSignature('serving_default', {
      inputs: { inputs: info(inputs.ref, DT.STRING, 'unknown rank') },
      outputs: { outputs: info(outputs, DT.FLOAT, [-1, EMBEDDING_SIZE]) },
      methodName: 'tensorflow/serving/predict',
    });
  },
};
