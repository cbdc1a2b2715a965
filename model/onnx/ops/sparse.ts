// Gather/scatter and the sparse-to-dense family, the ops that move the encoder between its packed
// [tokens, width] form and the padded [batch, length, width] form.
import { OnnxDType } from '../onnx-schema';
import type { OpContext } from '../op-context';
import type { OpTable } from './table';

function zeroTensor(dataType: number) {
  const bytes: Record<number, number> = {
    [OnnxDType.FLOAT]: 4, [OnnxDType.DOUBLE]: 8, [OnnxDType.INT32]: 4, [OnnxDType.INT64]: 8,
    [OnnxDType.BOOL]: 1, [OnnxDType.UINT8]: 1, [OnnxDType.INT8]: 1, [OnnxDType.INT16]: 2, [OnnxDType.FLOAT16]: 2,
  };
  return { tensor: { name: 'zero', dataType, dims: [1], rawData: new Uint8Array(bytes[dataType] ?? 4) } };
}

export const sparseOps: OpTable = {
  GatherV2(ctx) {
    const [axis] = ctx.constInput(2, 'axis');
    const batchDims = ctx.attrInt('batch_dims', 0);
    if (batchDims !== 0) ctx.fail(`batch_dims=${batchDims} is not supported (supported: 0)`);
    ctx.emit1('Gather', [ctx.input(0), ctx.input(1)], { axis }, ctx.out());
    const rp = ctx.rank(ctx.input(0));
    const ri = ctx.rank(ctx.input(1));
    if (rp !== undefined && ri !== undefined) ctx.setRank(0, rp + ri - 1);
  },

  Gather(ctx) {
    ctx.emit1('Gather', [ctx.input(0), ctx.input(1)], { axis: 0 }, ctx.out());
    const rp = ctx.rank(ctx.input(0));
    const ri = ctx.rank(ctx.input(1));
    if (rp !== undefined && ri !== undefined) ctx.setRank(0, rp + ri - 1);
  },

  GatherNd(ctx) {
    ctx.emit1('GatherND', [ctx.input(0), ctx.int64(ctx.input(1))], {}, ctx.out());
  },

  /** TF ScatterNd sums duplicate indices into zeros: ScatterND with reduction "add" over a zero tensor. */
  ScatterNd(ctx) {
    const dtype = ctx.attrOnnxType('T');
    const zeros = ctx.emit1('ConstantOfShape', [ctx.int64(ctx.input(2))], { value: zeroTensor(dtype) });
    ctx.emit1('ScatterND', [zeros, ctx.int64(ctx.input(0)), ctx.input(1)], { reduction: 'add' }, ctx.out());
    ctx.setRank(0, ctx.b.info.get(ctx.input(2))?.length1d);
  },

  /**
   * SparseToDense(indices, output_shape, values, default): indices may be scalar, [N] or [N, R]; values
   * scalar or [N]. Both are brought to [N, R] / [N] and scattered into a tensor filled with the default.
   */
  SparseToDense(ctx) {
    const shape64 = ctx.int64(ctx.input(1));
    const dense = ctx.emit1('Expand', [ctx.input(3), shape64]);
    const rankOfOutput = ctx.emit1('Shape', [shape64]);
    const indexShape = ctx.emit1('Concat', [ctx.b.int64([-1]), rankOfOutput], { axis: 0 });
    const indices = ctx.emit1('Reshape', [ctx.int64(ctx.input(0)), indexShape]);
    const count = ctx.emit1('Slice', [ctx.emit1('Shape', [indices]), ctx.b.int64([0]), ctx.b.int64([1])]);
    const values = ctx.emit1('Expand', [ctx.input(2), count]);
    ctx.emit1('ScatterND', [dense, indices, values], {}, ctx.out());
    ctx.setRank(0, ctx.b.info.get(ctx.input(1))?.length1d);
  },

  /** One-input Where = coordinates of true elements, row-major, as int64 [N, rank]. */
  Where(ctx) {
    if (ctx.inputCount !== 1) {
      ctx.emit1('Where', [ctx.input(0), ctx.input(1), ctx.input(2)], {}, ctx.out());
      return;
    }
    const nonzero = ctx.emit1('NonZero', [ctx.input(0)]);
    ctx.emit1('Transpose', [nonzero], { perm: [1, 0] }, ctx.out());
    ctx.b.setInfo(ctx.out(), { rank: 2, dtype: OnnxDType.INT64 });
  },
};
