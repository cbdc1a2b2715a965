"""Benchmark (not an assertion, not run by test:tf): serving_default on raw strings vs encode_ids on
pre-tokenized ids in TensorFlow, 1,000 sentences, batch 64, on the exported fixture SavedModel.

    npx tsx test/tf/prepare_tokenize.ts /tmp/tok-bench && .venv/bin/python test/tf/bench_serving.py /tmp/tok-bench

Ratio = throughput(serving_default) / throughput(encode_ids); goal >= 0.5 (tokenizing costs at most as much
as encoding).
"""
import json, os, sys, time
import numpy as np
import tensorflow as tf

BATCH, REPEATS = 64, 5
work = sys.argv[1]
model = tf.saved_model.load(os.path.join(work, "savedmodel"))
serving, encode, tokenize = (model.signatures[k] for k in ("serving_default", "encode_ids", "tokenize"))
sentences = json.load(open(os.path.join(work, "bench_sentences.json")))[:1000]
string_batches = [tf.constant([s.encode("utf-8") for s in sentences[i:i + BATCH]]) for i in range(0, len(sentences), BATCH)]

id_batches = []
for batch in string_batches:
    out = tokenize(inputs=batch)
    ids, splits = out["token_ids"].numpy(), out["row_splits"].numpy()
    idx = np.array([[r, c] for r in range(len(splits) - 1) for c in range(splits[r + 1] - splits[r])], dtype=np.int32)
    id_batches.append((tf.constant(idx.reshape(-1, 2)), tf.constant(ids)))

def interleaved(*runs):
    """Best time of each run over REPEATS rounds, the runs alternating so machine load hits them alike."""
    for run in runs:
        run()  # warm-up (graph build, first allocation)
    best = [float("inf")] * len(runs)
    for _ in range(REPEATS):
        for k, run in enumerate(runs):
            start = time.perf_counter()
            run()
            best[k] = min(best[k], time.perf_counter() - start)
    return best

t_serving, t_encode, t_tokenize = interleaved(
    lambda: [serving(inputs=b)["outputs"].numpy() for b in string_batches],
    lambda: [encode(indices=i, values=v)["outputs"].numpy() for i, v in id_batches],
    lambda: [tokenize(inputs=b)["token_ids"].numpy() for b in string_batches],
)
n = len(sentences)
print(f"{n} sentences, batch {BATCH}, best of {REPEATS} interleaved rounds, {os.cpu_count()} CPUs, TF {tf.__version__}")
print(f"  serving_default (raw strings): {t_serving:.3f} s  ({n / t_serving:.0f} sentences/s)")
print(f"  encode_ids (pre-tokenized ids): {t_encode:.3f} s  ({n / t_encode:.0f} sentences/s)")
print(f"  tokenize alone:                 {t_tokenize:.3f} s  ({n / t_tokenize:.0f} sentences/s)")
print(f"  throughput ratio serving_default / encode_ids = {t_encode / t_serving:.2f} (goal >= 0.5)")
