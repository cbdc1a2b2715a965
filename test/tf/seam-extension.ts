/**
 * A minimal GraphExtension exercising the seam the tokenizer builds `serving_default` on, so test:tf proves it in
 * real TF: its own int32 inputs routed into the encoder, and `resizeBatch` to an explicit batch size.
 * Signature `padded_ids`: indices int32 [-1,2], values int32 [-1], batch_size int32 [] → outputs float32 [-1,512].
 */
import { DT } from '../../model/proto';
import type { GraphExtension } from '../../model/savedmodel/extension';
import { attr } from '../../model/savedmodel/graph-builder';

export const seamExtension: GraphExtension = {
  name: 'test-seam',
  version: '1',
  extend(ctx) {
    const g = ctx.graph;
    const i32 = attr.type(DT.INT32);
    const indices = g.add('padded_ids/indices', 'Placeholder', [], { dtype: i32, shape: attr.shape([-1, 2]) });
    const values = g.add('padded_ids/values', 'Placeholder', [], { dtype: i32, shape: attr.shape([-1]) });
    const batchSize = g.add('padded_ids/batch_size', 'Placeholder', [], { dtype: i32, shape: attr.shape([]) });
    ctx.routeEncoderInputs(indices, values);
    const out = ctx.resizeBatch(ctx.encoder.embeddings, batchSize, 'padded_ids/outputs');
    const info = (name: string, dtype: number, dims: number[]) => ({ name: `${name}:0`, dtype, tensorShape: { dim: dims.map((size) => ({ size })) } });
    ctx.addSignature('padded_ids', {
      inputs: { indices: info(indices, DT.INT32, [-1, 2]), values: info(values, DT.INT32, [-1]), batch_size: info(batchSize, DT.INT32, []) },
      outputs: { outputs: info(out, DT.FLOAT, [-1, 512]) },
    });
  },
};
