"""TF side of the tokenizer checks (issue #6): the exported SavedModel's `tokenize` and `serving_default`.

Asserts: both signatures' dtypes/shapes; `tokenize` gives exactly the JS tokenizer's ids on every corpus string
(bytes fed as sent, invalid UTF-8 included); `serving_default` on raw strings vs tfjs (JS tokenizer + fixture
model): min cosine >= 0.99999, texts without tokens give the zero vector, one row per input; Vertex request
bodies decoded as TF Serving's REST API decodes them give the same vectors; TF1 session loading (TF Serving's
path, init op included) agrees.
"""
import base64, json, os, sys
import numpy as np
import tensorflow as tf
from tensorflow.python.tools import saved_model_utils

MIN_COS = 0.99999
BATCH = 256
work = sys.argv[1]
sm_dir = os.path.join(work, "savedmodel")

meta = saved_model_utils.get_meta_graph_def(sm_dir, "serve")
def spec(info):
    return (tf.dtypes.as_dtype(info.dtype).name, [d.size for d in info.tensor_shape.dim])
serving, tokenize_sig = meta.signature_def["serving_default"], meta.signature_def["tokenize"]
assert spec(serving.inputs["inputs"]) == ("string", [-1]), spec(serving.inputs["inputs"])
assert spec(serving.outputs["outputs"]) == ("float32", [-1, 512]), spec(serving.outputs["outputs"])
assert spec(tokenize_sig.inputs["inputs"]) == ("string", [-1])
assert spec(tokenize_sig.outputs["token_ids"]) == ("int32", [-1]), spec(tokenize_sig.outputs["token_ids"])
assert spec(tokenize_sig.outputs["row_splits"]) == ("int64", [-1]), spec(tokenize_sig.outputs["row_splits"])
print("signatures: serving_default inputs string [-1] -> outputs float32 [-1,512]; "
      "tokenize inputs string [-1] -> token_ids int32 [-1], row_splits int64 [-1]")

model = tf.saved_model.load(sm_dir)
tokenize = model.signatures["tokenize"]
embed = model.signatures["serving_default"]

# --- token ids: the whole corpus, in batches that mix categories and lengths ---
cases = json.load(open(os.path.join(work, "tokenize_cases.json")))
order = list(range(len(cases)))
order = order[::2] + order[1::2]  # interleave so batches mix short, long, empty and invalid-UTF-8 rows
differ = []
for start in range(0, len(order), BATCH):
    chunk = [cases[i] for i in order[start:start + BATCH]]
    out = tokenize(inputs=tf.constant([base64.b64decode(c["bytes"]) for c in chunk], dtype=tf.string))
    ids, splits = out["token_ids"].numpy().tolist(), out["row_splits"].numpy().tolist()
    assert len(splits) == len(chunk) + 1 and splits[0] == 0
    for k, c in enumerate(chunk):
        if ids[splits[k]:splits[k + 1]] != c["ids"]:
            differ.append((c["category"], base64.b64decode(c["bytes"])[:80], c["ids"][:12], ids[splits[k]:splits[k + 1]][:12]))
same = len(cases) - len(differ)
print(f"tokenize vs JS tokenizer: {same}/{len(cases)} corpus strings identical")
for d in differ[:20]:
    print("  differs:", d)
assert not differ, f"{len(differ)} corpus strings tokenize differently in the graph"

# --- embeddings from raw strings vs tfjs ---
def cosines(got, expected):
    worst, zero = 1.0, 0
    assert got.shape == expected.shape, (got.shape, expected.shape)
    for a, b in zip(got, expected):
        if not np.any(b):
            assert not np.any(a), "a text without tokens must embed to the zero vector"
            zero += 1
            continue
        worst = min(worst, float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))))
    return worst, zero

def vectors(b64s):
    return np.stack([np.frombuffer(base64.b64decode(v), dtype=np.float32) for v in b64s])

min_cos, zeros, rows = 1.0, 0, 0
for batch in json.load(open(os.path.join(work, "serving_cases.json"))):
    texts = [base64.b64decode(b) for b in batch["bytes"]]
    got = embed(inputs=tf.constant(texts, dtype=tf.string))["outputs"].numpy()
    worst, z = cosines(got, vectors(batch["expected"]))
    min_cos, zeros, rows = min(min_cos, worst), zeros + z, rows + len(texts)
print(f"serving_default vs tfjs (JS tokenizer + fixture): {rows} rows, min cosine {min_cos:.9f}, {zeros} zero rows")
assert min_cos >= MIN_COS, min_cos
assert embed(inputs=tf.constant([], dtype=tf.string))["outputs"].shape == (0, 512)

# --- Vertex request bodies, decoded as TF Serving's REST API does ---
def decode_instance(instance):
    # TF Serving REST: a JSON string is the UTF-8 bytes of the string; {"b64": "..."} is base64-decoded bytes.
    if isinstance(instance, dict):
        assert list(instance) == ["b64"], instance
        return base64.b64decode(instance["b64"])
    assert isinstance(instance, str), instance
    return instance.encode("utf-8")

for req in json.load(open(os.path.join(work, "vertex_requests.json"))):
    instances = json.loads(req["body"])["instances"]
    got = embed(inputs=tf.constant([decode_instance(i) for i in instances], dtype=tf.string))["outputs"].numpy()
    worst, _ = cosines(got, vectors(req["expected"]))
    kind = "b64" if isinstance(instances[0], dict) else "string"
    print(f"Vertex request with {len(instances)} {kind} instances: min cosine vs JS path {worst:.9f}")
    assert worst >= MIN_COS, worst

# --- TF Serving's path: TF1 session loader, signature tensors by name ---
texts = [base64.b64decode(b) for b in json.load(open(os.path.join(work, "serving_cases.json")))[0]["bytes"]]
eager = embed(inputs=tf.constant(texts, dtype=tf.string))["outputs"].numpy()
with tf.Graph().as_default(), tf.compat.v1.Session() as sess:
    meta1 = tf.compat.v1.saved_model.loader.load(sess, ["serve"], sm_dir)
    s = meta1.signature_def["serving_default"]
    out = sess.run(s.outputs["outputs"].name, {s.inputs["inputs"].name: np.array(texts, dtype=object)})
    diff = float(np.max(np.abs(out - eager)))
    assert diff <= 1e-6, diff
print(f"TF1 session loader agrees with tf.saved_model.load on serving_default (max diff {diff:.3g})")
