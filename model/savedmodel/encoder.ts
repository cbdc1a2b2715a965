/**
 * Wraps the converted USE-lite graph so it has the team's defined edge behaviour (model/SPEC.md) inside the
 * exported graph itself, and exposes the `encode_ids` signature:
 *
 *   encode_ids/indices int32 [N,2], encode_ids/values int32 [N]  →  encode_ids/outputs float32 [B,512]
 *
 * Edge behaviour, and why it needs graph surgery:
 * - The original graph cannot run on zero tokens (TF: Max over an empty tensor, then reshapes of empty
 *   tensors fail). When N = 0 one placeholder token is appended at [0,0] so the encoder always has work; its
 *   row is masked out below and sliced away, so it can never show in an output.
 * - A row with no tokens between other rows would come out as normalize(tanh(bias)); rows whose encoder
 *   length (MaskLength/Sum) is 0 are multiplied by 0, giving the 512-d zero vector. Rows are independent in
 *   the encoder (padding is masked with a -1e9 bias), so this never changes other rows.
 * - The graph's own inputs are int64 (tfjs feeds int32 and treats int64 as int32); the signature takes int32
 *   as the JS package builds it and casts, so the original nodes `indices`/`values` become those Casts.
 * - Batch size: tfjs' graph makes B = 1 + the largest row index. `encode_ids` keeps that (it cannot know about
 *   trailing empty rows); `resizeBatch` lets a caller that knows the real batch size (serving_default) pad to it.
 */
import { DT } from '../proto';
import { attr, GraphBuilder } from './graph-builder';

export const EMBEDDING_SIZE = 512;
/** Names in the tfjs topology this wrapper attaches to (checked at build time). */
export const ENCODER_NODES = {
  indices: 'indices',
  values: 'values',
  output: 'module_apply_default/Encoder_en/hidden_layers/l2_normalize',
  rowLengths: 'module_apply_default/Encoder_en/KonaTransformer/Encode/TransformerStack/MaskLength/Sum',
} as const;
/** Token id of the never-visible placeholder token fed when a batch has no tokens (0 = the unknown piece). */
export const PLACEHOLDER_TOKEN_ID = 0;

export const ENCODE_IDS = {
  signature: 'encode_ids',
  indices: 'encode_ids/indices',
  values: 'encode_ids/values',
  outputs: 'encode_ids/outputs',
} as const;

export interface EncoderHandles {
  /** Placeholder node fed by encode_ids (int32 [-1,2]); extensions may route another tensor into it. */
  indicesInput: string;
  /** Placeholder node fed by encode_ids (int32 [-1]). */
  valuesInput: string;
  /** float32 [B',512]: one row per row index up to the largest present, empty rows already zero. */
  embeddings: string;
  /** int32 scalar: 1 + the largest row index of the inputs, or 0 when there are no tokens. */
  rowsFromIndices: string;
}

const scope = 'encoder_io';

/** int32 scalar: the size of a float tensor's first dimension (Shape, then StridedSlice with shrink). */
function leadingDim(g: GraphBuilder, tensor: string, name: string): string {
  const i32 = attr.type(DT.INT32);
  const shape = g.add(`${name}/shape`, 'Shape', [tensor], { T: attr.type(DT.FLOAT), out_type: i32 });
  const [begin, end, stride] = [[0, 'begin'], [1, 'end'], [1, 'stride']].map(([v, n]) =>
    g.has(`${scope}/${n}_dim0`) ? `${scope}/${n}_dim0` : g.const(`${scope}/${n}_dim0`, DT.INT32, [1], [v as number]),
  );
  return g.add(name, 'StridedSlice', [shape, begin, end, stride], {
    T: i32,
    Index: i32,
    begin_mask: attr.int(0),
    end_mask: attr.int(0),
    ellipsis_mask: attr.int(0),
    new_axis_mask: attr.int(0),
    shrink_axis_mask: attr.int(1),
  });
}

function scalarInt(g: GraphBuilder, name: string, value: number): string {
  return g.const(`${scope}/${name}`, DT.INT32, [], [value]);
}

/** Wrap the converted graph (mutates `g`): guarded int32 inputs in, masked embeddings out. */
export function wrapEncoder(g: GraphBuilder): EncoderHandles {
  for (const name of Object.values(ENCODER_NODES)) g.get(name);
  for (const name of [ENCODER_NODES.indices, ENCODER_NODES.values]) {
    const node = g.get(name);
    if (node.op !== 'Placeholder') throw new Error(`expected '${name}' to be the graph's Placeholder, found ${node.op}`);
  }
  const i32 = attr.type(DT.INT32);
  const indicesInput = g.add(ENCODE_IDS.indices, 'Placeholder', [], { dtype: i32, shape: attr.shape([-1, 2]) });
  const valuesInput = g.add(ENCODE_IDS.values, 'Placeholder', [], { dtype: i32, shape: attr.shape([-1]) });

  // missing = 1 when there are no tokens, else 0; it sizes the placeholder-token slices below.
  const tokenCount = g.add(`${scope}/token_count`, 'Size', [valuesInput], { T: i32, out_type: i32 });
  const one = scalarInt(g, 'one', 1);
  const zero = scalarInt(g, 'zero', 0);
  const two = scalarInt(g, 'two', 2);
  const atMostOne = g.add(`${scope}/token_count_at_most_one`, 'Minimum', [tokenCount, one], { T: i32 });
  const missing = g.add(`${scope}/missing`, 'Sub', [one, atMostOne], { T: i32 });
  const fillerIndices = g.const(`${scope}/placeholder_token_index`, DT.INT32, [1, 2], [0, 0]);
  const fillerValues = g.const(`${scope}/placeholder_token_id`, DT.INT32, [1], [PLACEHOLDER_TOKEN_ID]);
  const begin2 = g.const(`${scope}/begin_00`, DT.INT32, [2], [0, 0]);
  const begin1 = g.const(`${scope}/begin_0`, DT.INT32, [1], [0]);
  const size2 = g.add(`${scope}/filler_index_size`, 'Pack', [missing, two], { N: attr.int(2), T: i32, axis: attr.int(0) });
  const size1 = g.add(`${scope}/filler_value_size`, 'Pack', [missing], { N: attr.int(1), T: i32, axis: attr.int(0) });
  const filler2 = g.add(`${scope}/filler_indices`, 'Slice', [fillerIndices, begin2, size2], { T: i32, Index: i32 });
  const filler1 = g.add(`${scope}/filler_values`, 'Slice', [fillerValues, begin1, size1], { T: i32, Index: i32 });
  const guardedIndices = g.add(`${scope}/indices`, 'ConcatV2', [indicesInput, filler2, zero], { N: attr.int(2), T: i32, Tidx: i32 });
  const guardedValues = g.add(`${scope}/values`, 'ConcatV2', [valuesInput, filler1, zero], { N: attr.int(2), T: i32, Tidx: i32 });
  const toInt64 = { SrcT: i32, DstT: attr.type(DT.INT64), Truncate: attr.bool(false) };
  g.replace(ENCODER_NODES.indices, 'Cast', [guardedIndices], toInt64);
  g.replace(ENCODER_NODES.values, 'Cast', [guardedValues], toInt64);

  // Zero every row the encoder saw no token for, and everything when the batch had no tokens at all.
  const f32 = attr.type(DT.FLOAT);
  const toFloat = (src: number) => ({ SrcT: attr.type(src), DstT: f32, Truncate: attr.bool(false) });
  const rowHas = g.add(`${scope}/row_has_tokens`, 'Greater', [ENCODER_NODES.rowLengths, zero], { T: i32 });
  const rowHasF = g.add(`${scope}/row_has_tokens_f`, 'Cast', [rowHas], toFloat(DT.BOOL));
  const anyTokens = g.add(`${scope}/any_tokens`, 'Greater', [tokenCount, zero], { T: i32 });
  const anyTokensF = g.add(`${scope}/any_tokens_f`, 'Cast', [anyTokens], toFloat(DT.BOOL));
  const rowMask = g.add(`${scope}/row_mask`, 'Mul', [rowHasF, anyTokensF], { T: f32 });
  const minusOne = scalarInt(g, 'minus_one', -1);
  const rowMask2 = g.add(`${scope}/row_mask_column`, 'ExpandDims', [rowMask, minusOne], { T: f32, Tdim: i32 });
  const embeddings = g.add(`${scope}/embeddings`, 'Mul', [ENCODER_NODES.output, rowMask2], { T: f32 });

  // Rows the inputs describe: B' of the encoder, or 0 when the only row was the placeholder token's.
  const rows = leadingDim(g, embeddings, `${scope}/encoder_rows`);
  const anyTokensI = g.add(`${scope}/any_tokens_i`, 'Cast', [anyTokens], { SrcT: attr.type(DT.BOOL), DstT: i32, Truncate: attr.bool(false) });
  const rowsFromIndices = g.add(`${scope}/rows_from_indices`, 'Mul', [rows, anyTokensI], { T: i32 });
  return { indicesInput, valuesInput, embeddings, rowsFromIndices };
}

/**
 * float32 [B',512] → [batchSize,512]: zero rows appended (rows past the largest row index had no tokens) or
 * rows dropped (the placeholder token's row). `batchSize` is an int32 scalar tensor. Returns the output tensor.
 */
export function resizeBatch(g: GraphBuilder, embeddings: string, batchSize: string, name: string): string {
  const i32 = attr.type(DT.INT32);
  const f32 = attr.type(DT.FLOAT);
  const zero = `${scope}/zero`;
  const have = leadingDim(g, embeddings, `${name}/have_rows`);
  const short = g.add(`${name}/missing_rows`, 'Sub', [batchSize, have], { T: i32 });
  const padRows = g.add(`${name}/pad_rows`, 'Maximum', [short, zero], { T: i32 });
  const flat = g.add(`${name}/paddings_flat`, 'Pack', [zero, padRows, zero, zero], { N: attr.int(4), T: i32, axis: attr.int(0) });
  const paddings = g.add(`${name}/paddings`, 'Reshape', [flat, g.const(`${name}/paddings_shape`, DT.INT32, [2], [2, 2])], { T: i32, Tshape: i32 });
  const padded = g.add(`${name}/padded`, 'Pad', [embeddings, paddings], { T: f32, Tpaddings: i32 });
  const size = g.add(`${name}/size`, 'Pack', [batchSize, `${scope}/minus_one`], { N: attr.int(2), T: i32, axis: attr.int(0) });
  const sliced = g.add(`${name}/rows`, 'Slice', [padded, `${scope}/begin_00`, size], { T: f32, Index: i32 });
  return g.add(name, 'Identity', [sliced], { T: f32 });
}
