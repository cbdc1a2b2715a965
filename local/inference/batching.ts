// Length-bucketed batching: inside one window of the input, rows are ordered by token count so each batch
// pads to a similar length (attention and padding work scale with the longest row of a batch); results are
// written back by row index, so callers see input order.

/** Row indices grouped into batches of at most `batchSize`, by length when `bucketing`, else in input order. */
export function planBatches(lengths: readonly number[], batchSize: number, bucketing: boolean): number[][] {
  const order = lengths.map((_, i) => i);
  if (bucketing) order.sort((a, b) => lengths[a] - lengths[b] || a - b);
  const batches: number[][] = [];
  for (let start = 0; start < order.length; start += batchSize) batches.push(order.slice(start, start + batchSize));
  return batches;
}
