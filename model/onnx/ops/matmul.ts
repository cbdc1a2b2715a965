// Matrix products and the ops that feed them: MatMul, BatchMatMul (adjoint flags), 1×1 Conv2D as MatMul,
// SplitV/Split.
import type { OpContext } from '../op-context';
import type { OpTable } from './table';

function swapLastTwo(rank: number): number[] {
  const perm = Array.from({ length: rank }, (_, i) => i);
  [perm[rank - 2], perm[rank - 1]] = [perm[rank - 1], perm[rank - 2]];
  return perm;
}

function matmul(ctx: OpContext, adjA: boolean, adjB: boolean) {
  const [a, b] = [ctx.input(0), ctx.input(1)];
  const [ra, rb] = [ctx.rank(a), ctx.rank(b)];
  if ((adjA && ra === undefined) || (adjB && rb === undefined)) {
    // Rank unknown: Einsum's ellipsis transposes the last two axes whatever the batch rank is.
    const eq = `...${adjA ? 'ji' : 'ij'},...${adjB ? 'kj' : 'jk'}->...ik`;
    ctx.emit1('Einsum', [a, b], { equation: eq }, ctx.out());
    return;
  }
  const left = adjA ? ctx.emit1('Transpose', [a], { perm: swapLastTwo(ra!) }) : a;
  const right = adjB ? ctx.emit1('Transpose', [b], { perm: swapLastTwo(rb!) }) : b;
  ctx.emit1('MatMul', [left, right], {}, ctx.out());
  if (ra !== undefined && rb !== undefined) ctx.setRank(0, Math.max(ra, rb));
}

export const matmulOps: OpTable = {
  MatMul(ctx) {
    matmul(ctx, ctx.attrBool('transpose_a'), ctx.attrBool('transpose_b'));
  },
  BatchMatMul(ctx) {
    matmul(ctx, ctx.attrBool('adj_x'), ctx.attrBool('adj_y'));
  },
  BatchMatMulV2(ctx) {
    matmulOps.BatchMatMul(ctx);
  },
  BatchMatMulV3(ctx) {
    matmulOps.BatchMatMul(ctx);
  },

  /**
   * A 1×1, stride-1, undilated NHWC convolution is a product over the channel axis: x[..., Cin] · W[Cin, Cout].
   * Emitted as MatMul (faster than Conv in onnxruntime for this shape); other convolutions are refused.
   */
  Conv2D(ctx) {
    const format = ctx.attrString('data_format', 'NHWC');
    const strides = ctx.attrInts('strides');
    const dilations = ctx.attrInts('dilations');
    const kernel = ctx.b.initializer(ctx.input(1));
    const ones = (v: number[]) => v.every((x) => x === 1);
    if (format !== 'NHWC' || !ones(strides) || (dilations.length > 0 && !ones(dilations)) || ctx.attrString('padding') === 'EXPLICIT') {
      ctx.fail(`only 1x1 NHWC convolutions with stride 1 and dilation 1 are supported (data_format ${format}, strides [${strides}], dilations [${dilations}])`);
    }
    if (!kernel || kernel.dims.length !== 4 || kernel.dims[0] !== 1 || kernel.dims[1] !== 1) {
      return ctx.fail(`the filter must be a constant of shape [1, 1, in, out]; got ${kernel ? `[${kernel.dims}]` : 'a computed value'}`);
    }
    const weights = ctx.b.addInitializer(`${ctx.node.name}/matmul_weights`, kernel.dataType, kernel.dims.slice(2), kernel.rawData);
    ctx.emit1('MatMul', [ctx.input(0), weights], {}, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  SplitV(ctx) {
    const sizes = ctx.constInput(1, 'size_splits');
    const [axis] = ctx.constInput(2, 'axis');
    const n = ctx.attrInt('num_split', sizes.length);
    const outputs = Array.from({ length: n }, (_, k) => ctx.out(k));
    const unknown = sizes.indexOf(-1);
    let split: string;
    if (unknown < 0) {
      split = ctx.b.int64(sizes);
    } else {
      // One size may be -1: whatever remains of the dimension.
      const known = sizes.reduce((acc, s) => (s === -1 ? acc : acc + s), 0);
      const dims = ctx.emit1('Shape', [ctx.input(0)]);
      const dim = ctx.emit1('Gather', [dims, ctx.b.int64([axis])], { axis: 0 });
      const rest = ctx.emit1('Sub', [dim, ctx.b.int64([known])]);
      const parts = [];
      if (unknown > 0) parts.push(ctx.b.int64(sizes.slice(0, unknown)));
      parts.push(rest);
      if (unknown < sizes.length - 1) parts.push(ctx.b.int64(sizes.slice(unknown + 1)));
      split = parts.length === 1 ? parts[0] : ctx.emit1('Concat', parts, { axis: 0 });
    }
    ctx.emit('Split', [ctx.input(0), split], { axis }, outputs);
    outputs.forEach((_, k) => ctx.setRank(k, ctx.rank(ctx.input(0))));
  },

  Split(ctx) {
    const [axis] = ctx.constInput(0, 'split_dim');
    const n = ctx.attrInt('num_split');
    const outputs = Array.from({ length: n }, (_, k) => ctx.out(k));
    ctx.emit('Split', [ctx.input(1)], { axis, num_outputs: n }, outputs);
    outputs.forEach((_, k) => ctx.setRank(k, ctx.rank(ctx.input(1))));
  },
};

