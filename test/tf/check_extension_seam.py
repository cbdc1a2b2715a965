"""The extension seam in real TF (what serving_default is built on): a signature whose inputs are routed into the
encoder and whose output is resized to an explicit batch size, next to encode_ids in the same graph.
Also: the SavedModel loads without its (empty) variables/ folder, as after a copy to GCS that drops empty folders.
"""
import os, shutil, sys
import numpy as np
import tensorflow as tf

work = sys.argv[1]
sm_dir = os.path.join(work, "savedmodel-seam")
model = tf.saved_model.load(sm_dir)
padded, encode = model.signatures["padded_ids"], model.signatures["encode_ids"]

def feed(rows):
    idx = np.array([[r, c] for r, ids in enumerate(rows) for c in range(len(ids))], dtype=np.int32).reshape(-1, 2)
    val = np.array([v for ids in rows for v in ids], dtype=np.int32)
    return tf.constant(idx), tf.constant(val)

rows = [[], [11, 12, 13], [], [14, 15], [], []]
idx, val = feed(rows)
out = padded(indices=idx, values=val, batch_size=tf.constant(len(rows)))["outputs"].numpy()
assert out.shape == (6, 512), out.shape
for r, ids in enumerate(rows):
    norm = float(np.linalg.norm(out[r]))
    assert (abs(norm - 1) < 1e-5) if ids else norm == 0.0, (r, norm)
ids_out = encode(indices=idx, values=val)["outputs"].numpy()
assert ids_out.shape == (4, 512)
assert float(np.max(np.abs(ids_out - out[:4]))) == 0.0
for n in (1, 3):
    empty = padded(indices=tf.zeros([0, 2], tf.int32), values=tf.zeros([0], tf.int32), batch_size=tf.constant(n))["outputs"].numpy()
    assert empty.shape == (n, 512) and not np.any(empty), empty.shape
print("seam: routed inputs + resizeBatch give one row per input (trailing/all-empty rows zero); encode_ids unchanged beside it")

bare = os.path.join(work, "savedmodel-no-variables")
shutil.rmtree(bare, ignore_errors=True)  # test:tf runs the checks once per TF version on the same $WORK
shutil.copytree(os.path.join(work, "savedmodel"), bare)
shutil.rmtree(os.path.join(bare, "variables"))
with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
    meta = tf.compat.v1.saved_model.loader.load(sess, ["serve"], bare)
    s = meta.signature_def["encode_ids"]
    got = sess.run(s.outputs["outputs"].name, {s.inputs["indices"].name: idx.numpy(), s.inputs["values"].name: val.numpy()})
assert float(np.max(np.abs(got - ids_out))) <= 1e-6
print("loads and runs without the empty variables/ folder")
