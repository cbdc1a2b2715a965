"""TF side of the tokenizer checks (issue #6, #16, #19): the exported SavedModel's `tokenize` and `serving_default`,
through both loaders (tf.saved_model.load and the TF1 session loader TF Serving uses).

Asserts: both signatures' dtypes/shapes (the string input is declared with an unknown rank, so [N] and [N,1] are
both accepted); `tokenize` gives exactly the JS tokenizer's ids on every corpus string (bytes fed as sent, invalid
UTF-8 included); `serving_default` on raw strings vs tfjs (JS tokenizer + fixture model): min cosine >= 0.99999,
texts without tokens give the zero vector, one row per input; the same strings fed as [N,1] give exactly the [N]
result; more than one string per instance ([N,2]) is refused with the graph's message; Vertex request bodies
(quoted sentences, file-list b64, keyed rows sent as one-element arrays) decoded as TF Serving's REST row format
decodes them give the JS path's vectors.
"""
import base64, json, os, sys
import numpy as np
import tensorflow as tf
from tensorflow.python.tools import saved_model_utils

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from serving_paths import loaders, row_format_tensor  # noqa: E402

MIN_COS = 0.99999
BATCH = 256
ONE_TEXT_MESSAGE = "one text per instance"
work = sys.argv[1]
sm_dir = os.path.join(work, "savedmodel")

meta = saved_model_utils.get_meta_graph_def(sm_dir, "serve")
def spec(info):
    shape = "unknown rank" if info.tensor_shape.unknown_rank else [d.size for d in info.tensor_shape.dim]
    return (tf.dtypes.as_dtype(info.dtype).name, shape)
serving, tokenize_sig = meta.signature_def["serving_default"], meta.signature_def["tokenize"]
assert spec(serving.inputs["inputs"]) == ("string", "unknown rank"), spec(serving.inputs["inputs"])
assert spec(serving.outputs["outputs"]) == ("float32", [-1, 512]), spec(serving.outputs["outputs"])
assert spec(tokenize_sig.inputs["inputs"]) == ("string", "unknown rank"), spec(tokenize_sig.inputs["inputs"])
assert spec(tokenize_sig.outputs["token_ids"]) == ("int32", [-1]), spec(tokenize_sig.outputs["token_ids"])
assert spec(tokenize_sig.outputs["row_splits"]) == ("int64", [-1]), spec(tokenize_sig.outputs["row_splits"])
print("signatures: serving_default inputs string (unknown rank: [N] or [N,1]) -> outputs float32 [-1,512]; "
      "tokenize inputs string (unknown rank) -> token_ids int32 [-1], row_splits int64 [-1]")

cases = json.load(open(os.path.join(work, "tokenize_cases.json")))
serving_cases = json.load(open(os.path.join(work, "serving_cases.json")))
requests = json.load(open(os.path.join(work, "vertex_requests.json")))


def cosines(got, expected):
    """(min cosine, zero rows, max abs diff) of TF's vectors vs the JS path's."""
    worst, zero = 1.0, 0
    assert got.shape == expected.shape, (got.shape, expected.shape)
    for a, b in zip(got, expected):
        if not np.any(b):
            assert not np.any(a), "a text without tokens must embed to the zero vector"
            zero += 1
            continue
        worst = min(worst, float(np.dot(a, b) / (np.linalg.norm(a) * np.linalg.norm(b))))
    return worst, zero, float(np.max(np.abs(got - expected))) if got.size else 0.0


def vectors(b64s):
    return np.stack([np.frombuffer(base64.b64decode(v), dtype=np.float32) for v in b64s])


def check_tokenize(sigs):
    # The whole corpus, in batches that mix short, long, empty and invalid-UTF-8 rows.
    order = list(range(len(cases)))
    order = order[::2] + order[1::2]
    differ = []
    for start in range(0, len(order), BATCH):
        chunk = [cases[i] for i in order[start:start + BATCH]]
        texts = [base64.b64decode(c["bytes"]) for c in chunk]
        out = sigs.run("tokenize", inputs=texts)
        ids, splits = out["token_ids"].tolist(), out["row_splits"].tolist()
        assert len(splits) == len(chunk) + 1 and splits[0] == 0
        for k, c in enumerate(chunk):
            if ids[splits[k]:splits[k + 1]] != c["ids"]:
                differ.append((c["category"], base64.b64decode(c["bytes"])[:80], c["ids"][:12], ids[splits[k]:splits[k + 1]][:12]))
        if start == 0:  # the same batch as [N,1] rows: identical ids and splits
            column = sigs.run("tokenize", inputs=np.array(texts, dtype=object).reshape(-1, 1))
            assert column["token_ids"].tolist() == ids and column["row_splits"].tolist() == splits
    print(f"  tokenize vs JS tokenizer: {len(cases) - len(differ)}/{len(cases)} corpus strings identical ([N,1] rows identical too)")
    for d in differ[:20]:
        print("    differs:", d)
    assert not differ, f"{len(differ)} corpus strings tokenize differently in the graph"


def check_serving(sigs):
    min_cos, zeros, rows, column_diff, max_abs = 1.0, 0, 0, 0.0, 0.0
    for i, batch in enumerate(serving_cases):
        texts = [base64.b64decode(b) for b in batch["bytes"]]
        got = sigs.run("serving_default", inputs=texts)["outputs"]
        if i in (0, len(serving_cases) - 1):  # the same texts as [N,1] rows: a mixed batch and the all-empty one
            column = sigs.run("serving_default", inputs=np.array(texts, dtype=object).reshape(-1, 1))["outputs"]
            column_diff = max(column_diff, float(np.max(np.abs(column - got))))
        worst, z, diff = cosines(got, vectors(batch["expected"]))
        min_cos, zeros, rows, max_abs = min(min_cos, worst), zeros + z, rows + len(texts), max(max_abs, diff)
    print(f"  serving_default vs tfjs (JS tokenizer + fixture): {rows} rows, max abs diff {max_abs:.3g}, min cosine {min_cos:.9f}, {zeros} zero rows; "
          f"[N,1] vs [N] max diff {column_diff}")
    assert min_cos >= MIN_COS, min_cos
    assert column_diff == 0.0, column_diff
    assert sigs.run("serving_default", inputs=np.array([], dtype=object))["outputs"].shape == (0, 512)
    assert sigs.run("serving_default", inputs=np.array([], dtype=object).reshape(0, 1))["outputs"].shape == (0, 512)
    try:
        sigs.run("serving_default", inputs=np.array([[b"a", b"b"], [b"c", b"d"]], dtype=object))
        raise AssertionError("two strings per instance ([N,2]) must be refused")
    except tf.errors.InvalidArgumentError as error:
        assert ONE_TEXT_MESSAGE in str(error), str(error)[:500]
    print("  [0] and [0,1] give (0, 512); [N,2] is refused: " + ONE_TEXT_MESSAGE)


def check_vertex_requests(sigs):
    for req in requests:
        instances = json.loads(req["body"])["instances"]
        tensor = row_format_tensor(instances)
        got = sigs.run("serving_default", inputs=tensor)["outputs"]
        worst, _, diff = cosines(got, vectors(req["expected"]))
        print(f"  Vertex request ({req['kind']}, {len(instances)} instances, TF Serving tensor {list(tensor.shape)}): "
              f"max abs diff {diff:.3g}, min cosine {worst:.9f} vs JS path")
        assert worst >= MIN_COS, worst


for sigs in loaders(sm_dir):
    print(f"{sigs.name} (TF {tf.__version__}):")
    check_tokenize(sigs)
    check_serving(sigs)
    check_vertex_requests(sigs)
