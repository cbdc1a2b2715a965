"""TF side of the encode_ids check: the exported SavedModel in real TensorFlow vs the tfjs reference.

Asserts: the signature's dtypes/shapes (saved_model_cli-equivalent, read from the MetaGraphDef), parity on every
batch through both loaders (tf.saved_model.load and the TF1 session loader TF Serving uses; max abs diff <= 1e-5,
min cosine >= 0.99999), contract 8 (zero rows for texts with no tokens, an all-empty
batch gives no rows, empty rows never change other rows, tokens past position 128 are ignored).
"""
import base64, json, os, sys
import numpy as np
import tensorflow as tf
from tensorflow.python.tools import saved_model_utils

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serving_paths import loaders  # noqa: E402

MAX_ABS = 1e-5
MIN_COS = 0.99999
work = sys.argv[1]
sm_dir = os.path.join(work, "savedmodel")

# --- signature as declared (what saved_model_cli show --all prints) ---
meta = saved_model_utils.get_meta_graph_def(sm_dir, "serve")
sig = meta.signature_def["encode_ids"]
def spec(info):
    return (tf.dtypes.as_dtype(info.dtype).name, [d.size for d in info.tensor_shape.dim])
assert spec(sig.inputs["indices"]) == ("int32", [-1, 2]), spec(sig.inputs["indices"])
assert spec(sig.inputs["values"]) == ("int32", [-1]), spec(sig.inputs["values"])
assert spec(sig.outputs["outputs"]) == ("float32", [-1, 512]), spec(sig.outputs["outputs"])
assert sig.method_name == "tensorflow/serving/predict"
print("signature encode_ids: indices int32 [-1,2], values int32 [-1] -> outputs float32 [-1,512]")

def feed(rows):
    idx = np.array([[r, c] for r, ids in enumerate(rows) for c in range(len(ids))], dtype=np.int32).reshape(-1, 2)
    val = np.array([v for ids in rows for v in ids], dtype=np.int32)
    return {"indices": idx, "values": val}

data = json.load(open(os.path.join(work, "encode_ids_cases.json")))

def parity(sigs):
    max_abs, min_cos, compared, zero_rows = 0.0, 1.0, 0, 0
    for case in data["cases"]:
        rows = case["ids"]
        expected = np.stack([np.frombuffer(base64.b64decode(b), dtype=np.float32) for b in case["expected"]])
        got = sigs.run("encode_ids", **feed(rows))["outputs"]
        # encode_ids has no batch-size input: B = 1 + the largest row index holding a token (trailing empties absent).
        present = [r for r, ids in enumerate(rows) if ids]
        want_rows = present[-1] + 1 if present else 0
        assert got.shape == (want_rows, 512), (got.shape, want_rows)
        for r in range(want_rows):
            if not rows[r]:
                assert not np.any(got[r]), f"row {r} has no tokens but is not the zero vector"
                zero_rows += 1
                continue
            a, b = got[r], expected[r]
            max_abs = max(max_abs, float(np.max(np.abs(a - b))))
            min_cos = min(min_cos, float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))))
            compared += 1
        empty = [r for r, ids in enumerate(rows) if not ids]
        assert not np.any(expected[empty]), "the tfjs reference must give zero vectors for empty rows"
    print(f"{sigs.name} (TF {tf.__version__}): parity over {compared} rows in {len(data['cases'])} batches ({data['texts']} texts): "
          f"max abs diff {max_abs:.3g}, min cosine {min_cos:.9f}; {zero_rows} empty rows exactly zero")
    assert max_abs <= MAX_ABS, max_abs
    assert min_cos >= MIN_COS, min_cos

# --- contract 8 in TF itself ---
def contract8(sigs):
    run = lambda rows: sigs.run("encode_ids", **feed(rows))["outputs"]
    some = [c["ids"] for c in data["cases"] if len(c["ids"]) == 64][0]
    nonempty = [r for r in some if r]
    with_empties = run([[]] + nonempty[:10] + [[]] + nonempty[10:20])
    alone = run(nonempty[:20])
    assert not np.any(with_empties[0]) and not np.any(with_empties[11])
    diff = float(np.max(np.abs(np.concatenate([with_empties[1:11], with_empties[12:22]]) - alone)))
    assert diff <= 1e-6, diff
    print(f"empty rows leave other rows unchanged (max diff {diff:.3g})")
    long_row = next(r for c in data["cases"] for r in c["ids"] if len(r) > 300)
    pair = run([long_row, long_row[:128]])
    window = float(np.max(np.abs(pair[0] - pair[1])))
    assert window == 0.0, window
    print(f"a {len(long_row)}-token text embeds exactly as its first 128 tokens (diff {window})")
    assert run([]).shape == (0, 512) and run([[], []]).shape == (0, 512)
    print("all-empty batch: (0, 512), no error")

for sigs in loaders(sm_dir):
    parity(sigs)
    contract8(sigs)
