// The serving input as one text per instance, whatever rank the caller batched it at.
//
// TF Serving's REST row format (`{"instances": [...]}`) gives the single input a tensor of shape
// [N] + the shape of one instance (tensorflow/serving tensorflow_serving/util/json_tensor.cc,
// FillTensorMapFromInstancesList / AddInstanceItem: the TensorInfo's dtype is used, its shape is not). A bare
// string instance is [N]; a one-element array — what Vertex sends for a JSONL object with `keyField` +
// `includedFields: [text]` + `instanceType: array` — is [N,1]. So the signature declares its input with an
// unknown rank (the TF1 session and tf.saved_model.load both check a fed shape against the declared one) and
// this part reshapes it to [N]. An input with more than one string per instance ([N,2], e.g. two included
// fields) fails with a message instead of silently giving more embeddings than instances.
import { DT } from '../../proto';
import type { GraphBuilder } from '../../savedmodel/graph-builder';
import { DTYPES, type Ops, type Tensor } from './ops';

export const ONE_TEXT_PER_INSTANCE_MESSAGE =
  'one text per instance: the input must be a string tensor of shape [N] (instances are strings) or [N,1] ' +
  '(instances are one-element arrays); got a tensor of shape';

export function oneTextPerInstance(o: Ops, g: GraphBuilder, inputs: Tensor): Tensor {
  const { i32 } = DTYPES;
  const shape = o.shape(inputs);
  const count = o.size(inputs);
  // Instances = the first dimension (1 for a scalar, whose shape is empty: hence the appended count).
  const instances = o.slice(o.concat([shape, o.reshape(count, [1])]), o.vector(i32, [0], 'begin'), o.vector(i32, [1], 'size'));
  const fits = o.equal(o.reshape(instances, []), count);
  const message = g.add(`${o.scope}/one_text_per_instance/message`, 'Const', [], {
    dtype: { type: DT.STRING },
    value: { tensor: { dtype: DT.STRING, tensorShape: {}, stringVal: [new TextEncoder().encode(ONE_TEXT_PER_INSTANCE_MESSAGE)] } },
  });
  const check = g.add(`${o.scope}/one_text_per_instance/Assert`, 'Assert', [fits.ref, message, shape.ref], {
    T: { list: { type: [DT.STRING, DT.INT32] } },
    summarize: { i: 8 },
  });
  return o.node('Reshape', [inputs, instances, `^${check}`], { T: { type: DT.STRING }, Tshape: { type: i32 } }, [DT.STRING], 'one_text_per_instance')[0];
}
