/**
 * The seam for adding graph parts and signatures to the exported SavedModel (used by the in-graph tokenizer
 * for `serving_default` and `tokenize`). An extension receives the graph after the encoder is wrapped and
 * `encode_ids` is defined, and may add nodes, functions, signatures and an init op.
 *
 * How to add one (see also model/savedmodel/README.md):
 *   1. implement `GraphExtension` (e.g. in model/tokenizer/graph/extension.ts);
 *   2. append it to `DEFAULT_EXTENSIONS` in model/savedmodel/extensions.ts;
 *   3. in `extend(ctx)`: build your nodes with `ctx.graph` (GraphBuilder: add/const/replace, `functions` for the
 *      library), call `ctx.routeEncoderInputs(indicesTensor, valuesTensor)` to feed the encoder from your int32
 *      [N,2] / [N] tensors (encode_ids keeps working: its inputs become PlaceholderWithDefault), take
 *      `ctx.resizeBatch(ctx.encoder.embeddings, batchSizeTensor, 'serving_default/outputs')` to get exactly one
 *      row per input string (trailing empty strings included), then `ctx.addSignature('serving_default', {...})`.
 *   Use only ops in TF25_OPS (write.ts); the export fails on any other op.
 */
import type { ISignatureDef } from '../proto';
import type { EncoderHandles } from './encoder';
import type { GraphBuilder } from './graph-builder';

export interface ExportContext {
  /** The tfjs source folder (model.json, shards, vocab.json). */
  sourceDir: string;
  graph: GraphBuilder;
  encoder: EncoderHandles;
  /** Make the encoder read these int32 tensors unless encode_ids feeds its placeholders. */
  routeEncoderInputs(indices: string, values: string): void;
  /** [B',512] embeddings → [batchSize,512] (zero rows appended / extra rows dropped); returns the output tensor. */
  resizeBatch(embeddings: string, batchSize: string, name: string): string;
  addSignature(key: string, signature: ISignatureDef): void;
  /** A node to run once at load time (e.g. table initialisation); several are grouped into one NoOp. */
  addInitOp(node: string): void;
}

export interface GraphExtension {
  /** Recorded in the export manifest; bump `version` whenever the extension's graph output changes. */
  name: string;
  version: string;
  extend(ctx: ExportContext): void | Promise<void>;
}
