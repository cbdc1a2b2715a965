// What an op converter sees while translating one TF node: its inputs as ONNX values, typed attribute
// readers, and a way to emit ONNX nodes whose names derive from the TF node (stable across runs).
import { OnnxGraphBuilder, type AttrInput } from './builder';
import { OnnxDType } from './onnx-schema';
import { dtypeNumber, int64ToNumber, stringOf, TfDType, type TfAttrValue, type TfNode } from './tf-graph';

export class ConversionError extends Error {}

const ONNX_BY_TF: Record<number, number> = {
  [TfDType.FLOAT]: OnnxDType.FLOAT,
  [TfDType.DOUBLE]: OnnxDType.DOUBLE,
  [TfDType.INT32]: OnnxDType.INT32,
  [TfDType.UINT8]: OnnxDType.UINT8,
  [TfDType.INT16]: OnnxDType.INT16,
  [TfDType.INT8]: OnnxDType.INT8,
  [TfDType.INT64]: OnnxDType.INT64,
  [TfDType.BOOL]: OnnxDType.BOOL,
  [TfDType.HALF]: OnnxDType.FLOAT16,
};

export function onnxDTypeOf(tfDType: number, where: string): number {
  const t = ONNX_BY_TF[tfDType];
  if (t === undefined) {
    throw new ConversionError(`${where}: TF dtype ${tfDType} has no ONNX equivalent here (supported: float, double, int8/16/32/64, uint8, bool, half)`);
  }
  return t;
}

export class OpContext {
  private tempCount = 0;
  private mainNameUsed = false;

  constructor(
    readonly node: TfNode,
    readonly b: OnnxGraphBuilder,
    private readonly inputs: string[],
    private readonly outputNames: string[],
  ) {}

  get inputCount(): number {
    return this.inputs.length;
  }

  input(i: number): string {
    if (i >= this.inputs.length) this.fail(`expects at least ${i + 1} inputs, has ${this.inputs.length}`);
    return this.inputs[i];
  }

  out(k = 0): string {
    return this.outputNames[k];
  }

  fail(message: string): never {
    throw new ConversionError(`TF node "${this.node.name}" (op ${this.node.op}): ${message}`);
  }

  private attr(name: string): TfAttrValue | undefined {
    return this.node.attr?.[name];
  }

  attrInt(name: string, fallback?: number): number {
    const a = this.attr(name);
    if (a?.i !== undefined) return int64ToNumber(a.i);
    if (fallback === undefined) this.fail(`missing int attribute "${name}"`);
    return fallback;
  }

  attrBool(name: string, fallback = false): boolean {
    return this.attr(name)?.b ?? fallback;
  }

  attrString(name: string, fallback = ''): string {
    const a = this.attr(name);
    return a?.s === undefined ? fallback : stringOf(a.s);
  }

  attrInts(name: string): number[] {
    return (this.attr(name)?.list?.i ?? []).map(int64ToNumber);
  }

  /** TF dtype attribute translated to the ONNX element type. */
  attrOnnxType(name: string): number {
    const a = this.attr(name);
    if (a?.type === undefined) this.fail(`missing type attribute "${name}"`);
    return onnxDTypeOf(dtypeNumber(a.type), `TF node "${this.node.name}" attribute ${name}`);
  }

  /** Values of input i, which must be a constant known at conversion time (axes, permutations, masks...). */
  constInput(i: number, what: string): number[] {
    const v = this.b.constant(this.input(i));
    if (v === undefined) this.fail(`input ${i} (${what}) must be a constant, got the computed value "${this.input(i)}"`);
    return v;
  }

  rank(value: string): number | undefined {
    return this.b.rank(value);
  }

  setRank(k: number, rank: number | undefined): void {
    if (rank !== undefined) this.b.setInfo(this.out(k), { rank });
  }

  /** Emits one ONNX node. `outputs` are explicit names or a count of fresh temporaries. */
  emit(opType: string, inputs: string[], attrs: Record<string, AttrInput> = {}, outputs: string[] | number = 1): string[] {
    const names = typeof outputs === 'number' ? Array.from({ length: outputs }, () => this.temp()) : outputs;
    const producesOutput = names.some((n) => this.outputNames.includes(n));
    const nodeName = producesOutput && !this.mainNameUsed ? this.node.name : `${this.node.name}/onnx/${this.tempCount++}`;
    if (producesOutput) this.mainNameUsed = true;
    this.b.addNode(nodeName, opType, inputs, names, attrs);
    return names;
  }

  /** Same as emit with a single output. */
  emit1(opType: string, inputs: string[], attrs: Record<string, AttrInput> = {}, output?: string): string {
    return this.emit(opType, inputs, attrs, output === undefined ? 1 : [output])[0];
  }

  /** ONNX wants int64 for shapes, axes and indices where TF graphs compute them in int32. */
  int64(value: string): string {
    if (this.b.info.get(value)?.dtype === OnnxDType.INT64) return value;
    const out = this.emit1('Cast', [value], { to: OnnxDType.INT64 });
    this.b.setInfo(out, { dtype: OnnxDType.INT64, rank: this.rank(value) });
    return out;
  }

  private temp(): string {
    return `${this.node.name}/onnx_tmp/${this.tempCount++}`;
  }
}
