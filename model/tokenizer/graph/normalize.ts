// NFKC in core TF ops, from the tables of ../nfkc-tables.ts (generated from Node's own normalize at export time).
// The UAX #15 algorithm, batch-parallel:
//   1. decompose: each code point → its full compatibility decomposition (table lookup + expansion);
//   2. reorder: stable sort of each run of non-starters by combining class (one TopK over composite keys);
//   3. compose: the reference composition loop, run in parallel over "segments" — a segment starts at a row
//      start or at a starter that never composes with what precedes it, so segments are independent. A While
//      loop walks offset k = 1, 2, … inside all segments longer than k at once: total work is linear in the
//      text, iterations = the longest segment (a letter and its marks: usually 1-3).
// nfkc-reference.ts is the same algorithm in JS and is tested against String.prototype.normalize.
import type { IFunctionDef } from '../../proto';
import { COMPOSITION_RADIX, type NfkcTables } from '../nfkc-tables';
import { DTYPES, type Ops, type Tensor, whileLoop } from './ops';
import { expand, expandedSplits, isRowFirst, lookup, type Ragged, splitsFromRowIds } from './ragged';

const { i32, i64, bool } = DTYPES;

export function nfkc(o: Ops, functions: IFunctionDef[], tables: NfkcTables, text: Ragged, rows: Tensor): Ragged {
  const decomposed = decompose(o, tables, text);
  const reordered = reorder(o, tables, decomposed);
  return compose(o, functions, tables, reordered, rows);
}

function decompose(o: Ops, tables: NfkcTables, text: Ragged): Ragged {
  const from = o.vector(i32, tables.decomposedFrom, 'nfkd_from');
  const offsets = o.vector(i32, tables.decomposedOffsets, 'nfkd_offsets');
  const to = o.vector(i32, tables.decomposedTo, 'nfkd_to');
  const { found, index } = lookup(o, from, text.values);
  const start = o.gather(offsets, index);
  const one = o.scalar(i32, 1, 'one');
  const end = o.gather(offsets, o.add(index, one));
  const lengths = o.select(found, o.sub(end, start), o.fill(o.shape(text.values), one));
  const { source, offset, ends } = expand(o, lengths);
  const mapped = o.gather(to, o.add(o.gather(start, source), offset));
  return {
    values: o.select(o.gather(found, source), mapped, o.gather(text.values, source)),
    rowIds: o.gather(text.rowIds, source),
    splits: expandedSplits(o, text.splits, ends),
  };
}

function combiningRank(o: Ops, tables: NfkcTables, cps: Tensor): Tensor {
  const { found, index } = lookup(o, o.vector(i32, tables.nonStarters, 'non_starters'), cps);
  return o.select(found, o.gather(o.vector(i32, tables.combiningRank, 'combining_rank'), index), o.zerosLike(cps));
}

function reorder(o: Ops, tables: NfkcTables, text: Ragged): Ragged & { rank: Tensor } {
  const rank = combiningRank(o, tables, text.values);
  const zero = o.scalar(i32, 0, 'zero');
  // key = (group, rank, position): a group is a starter (or row start) with the non-starters after it.
  const groupStart = o.or(o.equal(rank, zero), isRowFirst(o, text));
  const group = o.cumsum(o.cast(groupStart, i64));
  const position = o.cast(o.range(zero, o.size(rank), o.scalar(i32, 1, 'one')), i64);
  const key = o.add(o.add(o.mul(group, o.scalar(i64, 2 ** 40, 'group_radix')), o.mul(o.cast(rank, i64), o.scalar(i64, 2 ** 32, 'rank_radix'))), position);
  const [, order] = o.topK(o.sub(o.scalar(i64, 0, 'zero'), key), o.size(key));
  return { values: o.gather(text.values, order), rowIds: text.rowIds, splits: text.splits, rank: o.gather(rank, order) };
}

function compose(o: Ops, functions: IFunctionDef[], tables: NfkcTables, text: Ragged & { rank: Tensor }, rows: Tensor): Ragged {
  const zero = o.scalar(i32, 0, 'zero');
  const one = o.scalar(i32, 1, 'one');
  const composing = lookup(o, o.vector(i32, tables.composingStarters, 'composing_starters'), text.values).found;
  const boundary = o.or(isRowFirst(o, text), o.and(o.equal(text.rank, zero), o.not(composing)));
  const segStart = o.cast(o.reshape(o.where(boundary), [-1]), i32);
  const segEnd = o.slice(o.concat([segStart, o.reshape(o.size(text.values), [1])]), one, o.scalar(i32, -1, 'rest'));
  const segLen = o.sub(segEnd, segStart);
  const first = o.gather(text.values, segStart);
  const firstRank = o.gather(text.rank, segStart);
  const firstIsStarter = o.equal(firstRank, zero);
  const noStarter = o.fill(o.shape(segStart), o.scalar(i32, -1, 'none'));
  const init = [
    one, // k
    o.select(firstIsStarter, segStart, noStarter), // starter position
    o.select(firstIsStarter, first, noStarter), // starter code point (as composed so far)
    firstRank, // class rank of the last character kept after the starter (0 = the starter itself)
    text.values, // code points, starters updated in place
    o.fill(o.shape(text.values), o.scalar(bool, 0, 'false')), // removed (composed into a starter)
    segStart, segLen, text.rank, o.reduceMax(o.concat([segLen, o.vector(i32, [0], 'zero')])),
  ];
  const [, , , , values, removed] = whileLoop(o, functions, {
    name: 'nfkc_compose',
    vars: init,
    cond: (f, [k, , , , , , , , , maxLen]) => f.less(k, maxLen),
    body: (f, [k, starterAt, starter, lastRank, cps, gone, segStartV, segLenV, rankV, maxLen]) => {
      const active = f.cast(f.reshape(f.where(f.greater(segLenV, k)), [-1]), i32);
      const at = f.add(f.gather(segStartV, active), k);
      const ch = f.gather(cps, at);
      const r = f.gather(rankV, at);
      const sAt = f.gather(starterAt, active);
      const s = f.gather(starter, active);
      const lr = f.gather(lastRank, active);
      const pair = f.add(f.mul(f.cast(s, i64), f.scalar(i64, COMPOSITION_RADIX, 'radix')), f.cast(ch, i64));
      const hit = lookup(f, f.vector(i64, tables.compositionKeys, 'composition_keys'), pair);
      const composite = f.gather(f.vector(i32, tables.composites, 'composites'), hit.index);
      const fz = f.scalar(i32, 0, 'zero');
      const can = f.and(hit.found, f.or(f.less(lr, r), f.equal(lr, fz)));
      const isStarter = f.equal(r, fz);
      const nextStarter = f.select(can, composite, f.select(isStarter, ch, s));
      const nextAt = f.select(can, sAt, f.select(isStarter, at, sAt));
      const nextRank = f.select(can, lr, r);
      const col = (x: Tensor) => f.expandDims(x, 1);
      const written = f.scatterUpdate(cps, col(f.select(can, sAt, at)), f.select(can, composite, ch));
      return [
        f.add(k, f.scalar(i32, 1, 'one')),
        f.scatterUpdate(starterAt, col(active), nextAt),
        f.scatterUpdate(starter, col(active), nextStarter),
        f.scatterUpdate(lastRank, col(active), nextRank),
        written,
        f.scatterUpdate(gone, col(at), can),
        segStartV, segLenV, rankV, maxLen,
      ];
    },
  });
  const kept = o.cast(o.reshape(o.where(o.not(removed)), [-1]), i32);
  const rowIds = o.gather(text.rowIds, kept);
  return { values: o.gather(values, kept), rowIds, splits: splitsFromRowIds(o, rowIds, rows) };
}

