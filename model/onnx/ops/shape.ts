// Shape arithmetic and data movement: Shape, Reshape, (Expand|Squeeze)Dims, Pack, Concat, Transpose,
// Slice, StridedSlice, Range, Fill, Tile. TF computes shapes in int32; ONNX takes int64 where it consumes
// them, so values keep their TF dtype and are cast only at those points.
import { OnnxDType } from '../onnx-schema';
import type { OpContext } from '../op-context';
import type { OpTable } from './table';

/** Length of a 1-D value when known at conversion time (constant, or built by Pack). */
function staticLength(ctx: OpContext, value: string): number | undefined {
  return ctx.b.info.get(value)?.length1d;
}

function concat(ctx: OpContext, inputs: string[], axis: number) {
  if (inputs.length === 1) ctx.emit1('Identity', inputs, {}, ctx.out());
  else ctx.emit1('Concat', inputs, { axis }, ctx.out());
  ctx.setRank(0, ctx.rank(inputs[0]));
  const lengths = inputs.map((v) => staticLength(ctx, v));
  if (lengths.every((l) => l !== undefined)) ctx.b.setInfo(ctx.out(), { length1d: lengths.reduce<number>((a, b) => a + b!, 0) });
}

const INF = Infinity;

export const shapeOps: OpTable = {
  Shape(ctx) {
    const outType = ctx.node.attr?.out_type === undefined ? OnnxDType.INT32 : ctx.attrOnnxType('out_type');
    const rank = ctx.rank(ctx.input(0));
    if (outType === OnnxDType.INT64) {
      ctx.emit1('Shape', [ctx.input(0)], {}, ctx.out());
    } else {
      const shape = ctx.emit1('Shape', [ctx.input(0)]);
      ctx.emit1('Cast', [shape], { to: outType }, ctx.out());
    }
    ctx.b.setInfo(ctx.out(), { rank: 1, dtype: outType, length1d: rank });
  },

  Reshape(ctx) {
    const constShape = ctx.b.constant(ctx.input(1));
    // TF's 0 is a real zero-sized dimension; ONNX means "copy" unless allowzero is set.
    const attrs: Record<string, number> = constShape && !constShape.includes(0) ? {} : { allowzero: 1 };
    ctx.emit1('Reshape', [ctx.input(0), ctx.int64(ctx.input(1))], attrs, ctx.out());
    ctx.setRank(0, constShape?.length ?? staticLength(ctx, ctx.input(1)));
  },

  ExpandDims(ctx) {
    const [dim] = ctx.constInput(1, 'dim');
    ctx.emit1('Unsqueeze', [ctx.input(0), ctx.b.int64([dim])], {}, ctx.out());
    const r = ctx.rank(ctx.input(0));
    ctx.setRank(0, r === undefined ? undefined : r + 1);
  },

  Squeeze(ctx) {
    const dims = ctx.node.attr?.squeeze_dims ? ctx.attrInts('squeeze_dims') : ctx.attrInts('axis');
    const r = ctx.rank(ctx.input(0));
    if (dims.length === 0) {
      ctx.emit1('Squeeze', [ctx.input(0)], {}, ctx.out());
      return;
    }
    ctx.emit1('Squeeze', [ctx.input(0), ctx.b.int64(dims)], {}, ctx.out());
    ctx.setRank(0, r === undefined ? undefined : r - dims.length);
  },

  Pack(ctx) {
    const axis = ctx.attrInt('axis', 0);
    const n = ctx.inputCount;
    const axes = ctx.b.int64([axis]);
    const parts = Array.from({ length: n }, (_, i) => ctx.emit1('Unsqueeze', [ctx.input(i), axes]));
    parts.forEach((p, i) => {
      const r = ctx.rank(ctx.input(i));
      if (r !== undefined) ctx.b.setInfo(p, { rank: r + 1 });
    });
    concat(ctx, parts, axis);
    if (ctx.rank(ctx.input(0)) === 0) ctx.b.setInfo(ctx.out(), { length1d: n });
  },

  ConcatV2(ctx) {
    const n = ctx.inputCount - 1;
    const [axis] = ctx.constInput(n, 'axis');
    concat(ctx, Array.from({ length: n }, (_, i) => ctx.input(i)), axis);
  },

  Concat(ctx) {
    const [axis] = ctx.constInput(0, 'concat_dim');
    concat(ctx, Array.from({ length: ctx.inputCount - 1 }, (_, i) => ctx.input(i + 1)), axis);
  },

  Transpose(ctx) {
    const perm = ctx.constInput(1, 'perm');
    ctx.emit1('Transpose', [ctx.input(0)], { perm }, ctx.out());
    ctx.setRank(0, perm.length);
  },

  Slice(ctx) {
    const begin = ctx.b.constant(ctx.input(1));
    const size = ctx.b.constant(ctx.input(2));
    let starts: string;
    let ends: string;
    let n: number | undefined;
    if (begin && size) {
      starts = ctx.b.int64(begin);
      ends = ctx.b.int64(size.map((s, i) => (s === -1 ? INF : begin[i] + s)));
      n = begin.length;
    } else {
      // size -1 means "to the end of the dimension".
      starts = ctx.int64(ctx.input(1));
      const size64 = ctx.int64(ctx.input(2));
      const toEnd = ctx.emit1('Equal', [size64, ctx.b.int64([-1], true)]);
      const stop = ctx.emit1('Add', [starts, size64]);
      ends = ctx.emit1('Where', [toEnd, ctx.b.int64([INF], true), stop]);
      n = staticLength(ctx, ctx.input(1)) ?? ctx.rank(ctx.input(0));
    }
    if (n === undefined) return ctx.fail('cannot tell how many dimensions the begin/size vectors cover');
    const axes = ctx.b.int64(Array.from({ length: n }, (_, i) => i));
    ctx.emit1('Slice', [ctx.input(0), starts, ends, axes], {}, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  StridedSlice(ctx) {
    stridedSlice(ctx);
  },

  Size(ctx) {
    const outType = ctx.node.attr?.out_type === undefined ? OnnxDType.INT32 : ctx.attrOnnxType('out_type');
    const size = ctx.emit1('Size', [ctx.input(0)], {}, outType === OnnxDType.INT64 ? ctx.out() : undefined);
    if (outType !== OnnxDType.INT64) ctx.emit1('Cast', [size], { to: outType }, ctx.out());
    ctx.b.setInfo(ctx.out(), { rank: 0, dtype: outType });
  },

  /** TF paddings [R, 2] (before, after per axis) → ONNX pads [2R] (all befores, then all afters). */
  Pad(ctx) {
    const pairs = ctx.emit1('Transpose', [ctx.int64(ctx.input(1))], { perm: [1, 0] });
    const pads = ctx.emit1('Reshape', [pairs, ctx.b.int64([-1])]);
    const extra = ctx.node.op === 'PadV2' ? [ctx.input(2)] : [];
    ctx.emit1('Pad', [ctx.input(0), pads, ...extra], { mode: 'constant' }, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  PadV2(ctx) {
    shapeOps.Pad(ctx);
  },

  Range(ctx) {
    ctx.emit1('Range', [ctx.input(0), ctx.input(1), ctx.input(2)], {}, ctx.out());
    ctx.setRank(0, 1);
  },

  Fill(ctx) {
    ctx.emit1('Expand', [ctx.input(1), ctx.int64(ctx.input(0))], {}, ctx.out());
    ctx.setRank(0, ctx.b.constant(ctx.input(0))?.length ?? staticLength(ctx, ctx.input(0)));
  },

  Tile(ctx) {
    ctx.emit1('Tile', [ctx.input(0), ctx.int64(ctx.input(1))], {}, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },
};

function bit(mask: number, i: number): boolean {
  return ((mask >> i) & 1) === 1;
}

/**
 * TF StridedSlice = ONNX Slice over the sliced axes, then Squeeze of the shrunk axes, then Unsqueeze of the
 * new axes at their output positions. Begin/end/strides must be constants (they are in encoder graphs).
 */
function stridedSlice(ctx: OpContext) {
  const begin = ctx.constInput(1, 'begin');
  const end = ctx.constInput(2, 'end');
  const strides = ctx.constInput(3, 'strides');
  const beginMask = ctx.attrInt('begin_mask', 0);
  const endMask = ctx.attrInt('end_mask', 0);
  const newAxisMask = ctx.attrInt('new_axis_mask', 0);
  const shrinkMask = ctx.attrInt('shrink_axis_mask', 0);
  const ellipsisMask = ctx.attrInt('ellipsis_mask', 0);
  const inputRank = ctx.rank(ctx.input(0));

  type Spec = { kind: 'range' | 'shrink' | 'new'; b: number; e: number; s: number; bm: boolean; em: boolean };
  const specs: Spec[] = [];
  for (let i = 0; i < begin.length; i++) {
    if (bit(ellipsisMask, i)) {
      if (inputRank === undefined) ctx.fail('ellipsis_mask needs the input rank, which is not known here');
      const consumed = begin.filter((_, j) => j !== i && !bit(newAxisMask, j)).length;
      for (let k = 0; k < inputRank - consumed; k++) specs.push({ kind: 'range', b: 0, e: 0, s: 1, bm: true, em: true });
      continue;
    }
    const kind = bit(newAxisMask, i) ? 'new' : bit(shrinkMask, i) ? 'shrink' : 'range';
    specs.push({ kind, b: begin[i], e: end[i], s: strides[i], bm: bit(beginMask, i), em: bit(endMask, i) });
  }

  const starts: number[] = [];
  const ends: number[] = [];
  const axes: number[] = [];
  const steps: number[] = [];
  const squeeze: number[] = [];
  const unsqueeze: number[] = [];
  let inDim = 0;
  let outDim = 0;
  for (const s of specs) {
    if (s.kind === 'new') {
      unsqueeze.push(outDim++);
      continue;
    }
    if (s.s === 0) ctx.fail('stride 0 is invalid');
    if (s.kind === 'shrink') {
      starts.push(s.b);
      ends.push(s.b === -1 ? INF : s.b + 1);
      axes.push(inDim);
      steps.push(1);
      squeeze.push(inDim++);
      continue;
    }
    const start = s.bm ? (s.s > 0 ? 0 : INF) : s.b;
    const stop = s.em ? (s.s > 0 ? INF : -INF) : s.e;
    if (!(s.bm && s.em && s.s === 1)) {
      starts.push(start);
      ends.push(stop);
      axes.push(inDim);
      steps.push(s.s);
    }
    inDim++;
    outDim++;
  }

  let value = ctx.input(0);
  const stages: Array<[string, string[]]> = [];
  if (axes.length > 0) {
    stages.push(['Slice', [ctx.b.int64(starts), ctx.b.int64(ends), ctx.b.int64(axes), ctx.b.int64(steps)]]);
  }
  if (squeeze.length > 0) stages.push(['Squeeze', [ctx.b.int64(squeeze)]]);
  if (unsqueeze.length > 0) stages.push(['Unsqueeze', [ctx.b.int64(unsqueeze)]]);
  if (stages.length === 0) stages.push(['Identity', []]);
  stages.forEach(([op, extra], i) => {
    value = ctx.emit1(op, [value, ...extra], {}, i === stages.length - 1 ? ctx.out() : undefined);
  });
  if (inputRank !== undefined) ctx.setRank(0, inputRank - squeeze.length + unsqueeze.length);
}
