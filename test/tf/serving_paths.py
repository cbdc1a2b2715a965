"""Shared by the test:tf checks (not a check itself): the two ways TensorFlow loads the SavedModel, and TF Serving's
REST row format for a signature with one input.

- `loaders(sm_dir)`: `tf.saved_model.load` (TF2) and the TF1 session loader (`tf.compat.v1.saved_model.loader.load`
  with the `serve` tag, then tensors fed/fetched by the signature's names), which is how TF Serving's server loads
  and runs a SavedModel. Python's `Session.run` also checks a fed shape against the placeholder's declared shape,
  which TF Serving's C++ session does not: passing here is the stricter test.
- `row_format_tensor(instances)`: `{"instances": [...]}` → the input tensor, as tensorflow/serving
  tensorflow_serving/util/json_tensor.cc (FillTensorMapFromInstancesList, AddInstanceItem, FillTensorProto) builds
  it for a single-input signature: shape [N] + the first instance's nested-list shape, every instance of that
  shape, a JSON string is its UTF-8 bytes, {"b64": ...} is decoded; an object naming no input is an error.
"""
import base64
import numpy as np
import tensorflow as tf


class EagerSignatures:
    name = "tf.saved_model.load"

    def __init__(self, sm_dir):
        self.model = tf.saved_model.load(sm_dir)

    def run(self, signature, **inputs):
        out = self.model.signatures[signature](**{k: tf.constant(v, dtype=tf.string) if _is_text(v) else tf.constant(v) for k, v in inputs.items()})
        return {k: v.numpy() for k, v in out.items()}

    def close(self):
        pass


class SessionSignatures:
    name = "TF1 session loader"

    def __init__(self, sm_dir):
        self.graph = tf.Graph()
        self.sess = tf.compat.v1.Session(graph=self.graph)
        with self.graph.as_default():
            self.meta = tf.compat.v1.saved_model.loader.load(self.sess, ["serve"], sm_dir)

    def run(self, signature, **inputs):
        sig = self.meta.signature_def[signature]
        names = sorted(sig.outputs)
        feed = {sig.inputs[k].name: (np.array(v, dtype=object) if _is_text(v) else v) for k, v in inputs.items()}
        values = self.sess.run([sig.outputs[k].name for k in names], feed)
        return dict(zip(names, values))

    def close(self):
        self.sess.close()


def _is_text(value):
    """Strings are passed as lists or object arrays of bytes; numbers as typed numpy arrays."""
    return isinstance(value, list) or (isinstance(value, np.ndarray) and value.dtype == object)


def loaders(sm_dir):
    """Both loaders, each used then closed by the caller's loop: `for sigs in loaders(d): ...`."""
    for cls in (EagerSignatures, SessionSignatures):
        sigs = cls(sm_dir)
        try:
            yield sigs
        finally:
            sigs.close()


def _dense_shape(value):
    shape = []
    while isinstance(value, list):
        shape.append(len(value))
        if not value:
            break
        value = value[0]
    return shape


def _leaves(value, level, rank, out):
    if not isinstance(value, list):
        if level != rank:
            raise ValueError(f"JSON Value: {value!r} found at incorrect level: {level + 1} in the JSON DOM. Expected at level: {rank}")
        if isinstance(value, dict):
            if list(value) != ["b64"] or not isinstance(value["b64"], str):
                raise ValueError(f"JSON Value: {value!r} not formatted correctly for base64 data")
            out.append(base64.b64decode(value["b64"]))
        elif isinstance(value, str):
            out.append(value.encode("utf-8"))
        else:
            raise ValueError(f"JSON Value: {value!r} is not of expected type: string")
        return
    for v in value:
        _leaves(v, level + 1, rank, out)


def row_format_tensor(instances, input_name="inputs"):
    """The input tensor TF Serving feeds for `{"instances": instances}` to a signature whose one input is a string."""
    tensors = []
    for i, instance in enumerate(instances):
        if isinstance(instance, dict) and list(instance) != ["b64"]:
            if list(instance) != [input_name]:
                raise ValueError(f"Failed to process element: {i} key: {next(iter(instance), '')} of 'instances' list. "
                                 f"Error: JSON object: does not have named input")
            instance = instance[input_name]
        shape = _dense_shape(instance)
        leaves = []
        _leaves(instance, 0, len(shape), leaves)
        tensors.append((shape, leaves))
    shape = tensors[0][0]
    for i, (other, _) in enumerate(tensors):
        if other != shape:
            raise ValueError(f"Failed to process element: {i} of 'instances' list. Error: Expecting shape {shape} but got: {other}")
    flat = [leaf for _, leaves in tensors for leaf in leaves]
    return np.array(flat, dtype=object).reshape([len(instances)] + shape)
