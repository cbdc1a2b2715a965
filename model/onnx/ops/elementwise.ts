// Element-wise math, comparisons, logic, casts and the activation-like ops.
import type { OpContext } from '../op-context';
import type { OpTable } from './table';

const BINARY: Record<string, string> = {
  Add: 'Add',
  AddV2: 'Add',
  Sub: 'Sub',
  Mul: 'Mul',
  RealDiv: 'Div',
  Maximum: 'Max',
  Minimum: 'Min',
  Less: 'Less',
  LessEqual: 'LessOrEqual',
  Greater: 'Greater',
  GreaterEqual: 'GreaterOrEqual',
  Equal: 'Equal',
  LogicalAnd: 'And',
  LogicalOr: 'Or',
  Pow: 'Pow',
};

const UNARY: Record<string, string> = {
  Identity: 'Identity',
  StopGradient: 'Identity',
  Sin: 'Sin',
  Cos: 'Cos',
  Tanh: 'Tanh',
  Relu: 'Relu',
  Sigmoid: 'Sigmoid',
  Exp: 'Exp',
  Log: 'Log',
  Neg: 'Neg',
  Abs: 'Abs',
  Sqrt: 'Sqrt',
  Floor: 'Floor',
  Ceil: 'Ceil',
  Reciprocal: 'Reciprocal',
  Inv: 'Reciprocal',
  LogicalNot: 'Not',
};

function broadcastRank(ctx: OpContext, a: string, b: string): number | undefined {
  const ra = ctx.rank(a);
  const rb = ctx.rank(b);
  return ra === undefined || rb === undefined ? undefined : Math.max(ra, rb);
}

function binary(onnxOp: string) {
  return (ctx: OpContext) => {
    ctx.emit1(onnxOp, [ctx.input(0), ctx.input(1)], {}, ctx.out());
    ctx.setRank(0, broadcastRank(ctx, ctx.input(0), ctx.input(1)));
  };
}

function unary(onnxOp: string) {
  return (ctx: OpContext) => {
    ctx.emit1(onnxOp, [ctx.input(0)], {}, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  };
}

export const elementwiseOps: OpTable = {
  ...Object.fromEntries(Object.entries(BINARY).map(([tf, onnx]) => [tf, binary(onnx)])),
  ...Object.fromEntries(Object.entries(UNARY).map(([tf, onnx]) => [tf, unary(onnx)])),

  NotEqual(ctx) {
    const eq = ctx.emit1('Equal', [ctx.input(0), ctx.input(1)]);
    ctx.emit1('Not', [eq], {}, ctx.out());
    ctx.setRank(0, broadcastRank(ctx, ctx.input(0), ctx.input(1)));
  },

  Square(ctx) {
    ctx.emit1('Mul', [ctx.input(0), ctx.input(0)], {}, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  Rsqrt(ctx) {
    const root = ctx.emit1('Sqrt', [ctx.input(0)]);
    ctx.emit1('Reciprocal', [root], {}, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  Cast(ctx) {
    const to = ctx.attrOnnxType('DstT');
    ctx.emit1('Cast', [ctx.input(0)], { to }, ctx.out());
    ctx.b.setInfo(ctx.out(), { dtype: to, rank: ctx.rank(ctx.input(0)) });
  },

  BiasAdd(ctx) {
    const format = ctx.attrString('data_format', 'NHWC');
    if (format !== 'NHWC') ctx.fail(`data_format "${format}" is not supported (supported: NHWC)`);
    binary('Add')(ctx);
  },

  Softmax(ctx) {
    ctx.emit1('Softmax', [ctx.input(0)], { axis: -1 }, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  LogSoftmax(ctx) {
    ctx.emit1('LogSoftmax', [ctx.input(0)], { axis: -1 }, ctx.out());
    ctx.setRank(0, ctx.rank(ctx.input(0)));
  },

  SelectV2(ctx) {
    ctx.emit1('Where', [ctx.input(0), ctx.input(1), ctx.input(2)], {}, ctx.out());
    ctx.setRank(0, broadcastRank(ctx, ctx.input(1), ctx.input(2)));
  },

  Select(ctx) {
    // TF1 Select with a vector condition picks whole rows; broadcasting only matches it when ranks agree.
    const rc = ctx.rank(ctx.input(0));
    const rx = ctx.rank(ctx.input(1));
    if (rc === undefined || rx === undefined || (rc !== rx && rc !== 0)) {
      ctx.fail(`condition rank ${rc ?? '?'} vs value rank ${rx ?? '?'}: only equal ranks or a scalar condition are supported`);
    }
    elementwiseOps.SelectV2(ctx);
  },
};
