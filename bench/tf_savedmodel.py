"""Benchmark side of `npm run bench`: Python TensorFlow running the exported SavedModel on the same texts.

Reads a JSON job {model, texts, ids, runs: [{count, batch}]} from argv[1] and prints one JSON line of results.
Uses `serving_default` (raw strings in) when the SavedModel has it, else `encode_ids` with the JS-tokenized ids.
Python is only used by benchmarks and tests, never by the product.
"""
import json
import os
import sys
import time

os.environ.setdefault("TF_CPP_MIN_LOG_LEVEL", "2")
import numpy as np  # noqa: E402
import tensorflow as tf  # noqa: E402


def sparse(rows):
    indices = [(r, p) for r, ids in enumerate(rows) for p in range(len(ids))]
    values = [v for ids in rows for v in ids]
    return (np.array(indices, dtype=np.int32).reshape(-1, 2), np.array(values, dtype=np.int32))


def main(job_path):
    job = json.load(open(job_path))
    started = time.perf_counter()
    model = tf.saved_model.load(job["model"])
    load_s = time.perf_counter() - started
    raw = "serving_default" in model.signatures
    fn = model.signatures["serving_default" if raw else "encode_ids"]
    texts, ids = job["texts"], job["ids"]

    def run_batch(lo, hi):
        if raw:
            return fn(tf.constant(texts[lo:hi]))
        # Rows without tokens are zero vectors by definition; like the JS side, they never reach the model.
        rows = [r for r in ids[lo:hi] if r]
        if not rows:
            return None
        indices, values = sparse(rows)
        return fn(indices=tf.constant(indices), values=tf.constant(values))

    results = []
    for spec in job["runs"]:
        count, batch = spec["count"], spec["batch"]
        run_batch(0, min(count, 2 * batch))  # warm-up: traces/allocations outside the timing
        t0 = time.perf_counter()
        for lo in range(0, count, batch):
            run_batch(lo, min(lo + batch, count))
        seconds = time.perf_counter() - t0
        results.append({"count": count, "batch": batch, "seconds": seconds, "per_second": count / seconds})
    print(json.dumps({"signature": "serving_default" if raw else "encode_ids", "tf_version": tf.__version__,
                      "load_seconds": load_s, "results": results}))


if __name__ == "__main__":
    main(sys.argv[1])
