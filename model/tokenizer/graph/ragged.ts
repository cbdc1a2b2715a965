// Flat ("ragged") text batches in graph ops: the values of all rows back to back, with the row of each value
// and the row boundaries. Every stage of the tokenizer maps one such batch to the next in time linear in its size.
import { DTYPES, type Ops, type Tensor } from './ops';

const { i32 } = DTYPES;

export interface Ragged {
  /** [n] values of all rows, concatenated */
  values: Tensor;
  /** [n] int32 row of each value */
  rowIds: Tensor;
  /** [B+1] int32 row boundaries */
  splits: Tensor;
}

/** int32 row boundaries from row ids (rows may be empty). */
export function splitsFromRowIds(o: Ops, rowIds: Tensor, rows: Tensor): Tensor {
  const counts = o.segmentSum(o.fill(o.reshape(o.size(rowIds), [1]), o.scalar(i32, 1, 'one')), rowIds, rows);
  return o.concat([o.vector(i32, [0], 'zero'), o.cumsum(counts)]);
}

/** Row ids from int32 row boundaries. */
export function rowIdsFromSplits(o: Ops, splits: Tensor, count: Tensor): Tensor {
  const ends = o.slice(splits, o.scalar(i32, 1, 'one'), o.scalar(i32, -1, 'rest'));
  return o.upperBound(ends, o.range(o.scalar(i32, 0, 'zero'), count, o.scalar(i32, 1, 'one')));
}

/**
 * Expansion: value i becomes `lengths[i]` outputs (0 allowed). Returns, for each output, the index of the value
 * it comes from and its offset within that value's outputs.
 */
export function expand(o: Ops, lengths: Tensor): { source: Tensor; offset: Tensor; ends: Tensor } {
  const ends = o.cumsum(lengths);
  const total = o.sum(lengths);
  const positions = o.range(o.scalar(i32, 0, 'zero'), total, o.scalar(i32, 1, 'one'));
  const source = o.upperBound(ends, positions);
  const starts = o.sub(ends, lengths);
  return { source, offset: o.sub(positions, o.gather(starts, source)), ends };
}

/** Row boundaries after an expansion: the old boundaries mapped through the running total of lengths. */
export function expandedSplits(o: Ops, splits: Tensor, ends: Tensor): Tensor {
  return o.gather(o.concat([o.vector(i32, [0], 'zero'), ends]), splits);
}

/** Whether each value is the first of its row. */
export function isRowFirst(o: Ops, r: Ragged): Tensor {
  const positions = o.range(o.scalar(i32, 0, 'zero'), o.size(r.values), o.scalar(i32, 1, 'one'));
  return o.equal(positions, o.gather(r.splits, r.rowIds));
}

/** Sorted-table lookup: for each key, whether it is in `sortedKeys` and its index (clamped to the table). */
export function lookup(o: Ops, sortedKeys: Tensor, keys: Tensor): { found: Tensor; index: Tensor } {
  const size = o.size(sortedKeys);
  const index = o.min(o.lowerBound(sortedKeys, keys), o.sub(size, o.scalar(i32, 1, 'one')));
  return { found: o.equal(o.gather(sortedKeys, index), keys), index };
}
