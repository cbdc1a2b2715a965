// Reductions. TF reduces nothing when the axis list is empty; ONNX would reduce everything, so that case
// is an Identity.
import type { OpContext } from '../op-context';
import type { OpTable } from './table';

function reduce(onnxOp: string) {
  return (ctx: OpContext) => {
    const keep = ctx.attrBool('keep_dims');
    const axes = ctx.b.constant(ctx.input(1));
    const r = ctx.rank(ctx.input(0));
    if (axes && axes.length === 0) {
      ctx.emit1('Identity', [ctx.input(0)], {}, ctx.out());
      ctx.setRank(0, r);
      return;
    }
    // TF accepts a scalar axis; ONNX wants a 1-D axes vector.
    const axesVector = axes ? ctx.b.int64(axes) : ctx.emit1('Reshape', [ctx.int64(ctx.input(1)), ctx.b.int64([-1])]);
    ctx.emit1(onnxOp, [ctx.input(0), axesVector], { keepdims: keep ? 1 : 0, noop_with_empty_axes: 1 }, ctx.out());
    if (r !== undefined && r > 0 && axes) ctx.setRank(0, keep ? r : r - new Set(axes.map((a) => (a + r) % r)).size);
  };
}

export const reduceOps: OpTable = {
  Sum: reduce('ReduceSum'),
  Mean: reduce('ReduceMean'),
  Max: reduce('ReduceMax'),
  Min: reduce('ReduceMin'),
  Prod: reduce('ReduceProd'),
};
