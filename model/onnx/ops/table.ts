import type { OpContext } from '../op-context';

/** TF op name → converter that emits the ONNX nodes computing the same outputs. */
export type OpTable = Record<string, (ctx: OpContext) => void>;
