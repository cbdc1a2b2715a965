// Viterbi search over the lattice, backtracking and unknown merging in graph ops — the package's
// Tokenizer.encode rules exactly (see ../tokenizer.ts): float64 scores; per end position the edges in
// ascending start order; an edge wins when the best so far is exactly 0 or its score is >= the best.
//
// Cost: a While loop steps the end offset t = 1, 2, … over all rows at once. Each step touches a fixed-size
// slice per row — the edges ending at t (one row of the end-indexed tables) and a rolling window of the
// last `maxPieceLength` best scores — and appends the chosen ids to a TensorList, so a step costs the same
// however long the texts are: total cost = longest row × batch × window, linear in text length.
//
// The package's sequential rule, for the candidates c_1..c_m of one end position in ascending start order
// (b = 0; for each: if b == 0 or c >= b then b = c), picks in closed form:
//   - if max c != 0: the last candidate equal to the max (b only becomes 0 again by taking a 0);
//   - if max c == 0: let z be the last candidate equal to 0 (it is taken, and makes b "unset" again); the
//     winner is the last maximum among the candidates after z, or z itself when there are none.
// Both cases are "the last maximum of the candidates after z" with z = -1 when max c > 0 or nothing is 0.
import type { IFunctionDef } from '../../proto';
import { DTYPES, type Ops, type Tensor, whileLoop } from './ops';
import type { Lattice } from './lattice';
import { type Ragged, rowIdsFromSplits, splitsFromRowIds } from './ragged';

const { i32, f64 } = DTYPES;
const NO_TOKEN = -1;

export interface TokenIds {
  /** [T] int32 token ids of all rows */
  ids: Tensor;
  /** [T] int32 row of each token */
  rowIds: Tensor;
  /** [B+1] int32 */
  splits: Tensor;
}

export function viterbi(o: Ops, functions: IFunctionDef[], lattice: Lattice, symbols: Ragged, rows: Tensor, maxPieceLength: number, pieceLengths: Int32Array): TokenIds {
  const zero = o.scalar(i32, 0, 'zero');
  const one = o.scalar(i32, 1, 'one');
  const rest = o.scalar(i32, -1, 'rest');
  const m = maxPieceLength;
  const lengths = o.sub(o.slice(symbols.splits, one, rest), o.slice(symbols.splits, zero, rows));
  const rowIndex = o.range(zero, rows, one);
  // Lattice positions: a row of n symbols has positions 0..n (0 = start); flat over all rows.
  const latticeSplits = o.add(symbols.splits, o.concat([rowIndex, o.reshape(rows, [1])]));
  const positions = o.add(o.size(symbols.values), rows);
  const positionRow = rowIdsFromSplits(o, latticeSplits, positions);

  // Edges by end position: [P, m]; column k = the edge starting m-k positions earlier (ascending start).
  const edgeLength = o.vector(i32, Array.from({ length: m }, (_, k) => m - k), 'edge_lengths_descending');
  const offset = o.sub(o.range(zero, positions, one), o.gather(latticeSplits, positionRow));
  const startOffset = o.sub(o.expandDims(offset, 1), edgeLength);
  const valid = o.greaterEqual(startOffset, zero);
  const startSymbol = o.add(startOffset, o.expandDims(o.gather(symbols.splits, positionRow), 1));
  const flatIndex = o.add(o.mul(startSymbol, o.scalar(i32, m, 'max_piece_length')), o.sub(edgeLength, one));
  // One padding entry (no edge, score 0) at the end of the flat tables is where invalid slots point.
  const flatIds = o.concat([o.reshape(lattice.ids, [-1]), o.vector(i32, [NO_TOKEN], 'no_edge')]);
  const flatScores = o.concat([o.reshape(lattice.scores, [-1]), o.vector(f64, [0], 'no_score')]);
  const index = o.select(valid, flatIndex, o.sub(o.size(flatIds), one));
  const endIds = o.gather(flatIds, index);
  const endScores = o.gather(flatScores, index);

  const rowShape = o.reshape(rows, [1]);
  const steps = o.max(o.reduceMax(o.concat([lengths, o.vector(i32, [0], 'zero')])), one); // >= 1: never an empty list
  const forward = whileLoop(o, functions, {
    name: 'viterbi_forward',
    vars: [
      one, // t
      o.fill(o.pack([rows, o.scalar(i32, m, 'window')]), o.scalar(f64, 0, 'zero_score')), // best of t-m .. t-1
      o.emptyList(rowShape, i32), // chosen id per row, one element per t
      lengths, latticeSplits, endIds, endScores, steps, o.sub(positions, one),
    ],
    cond: (f, [t, , , , , , , last]) => f.lessEqual(t, last),
    body: (f, [t, window, words, lens, base, eIds, eScores, last, lastPosition]) => {
      const fz = f.scalar(i32, 0, 'zero');
      const rowsNow = f.size(lens);
      const at = f.min(f.add(f.slice(base, fz, rowsNow), t), lastPosition);
      const ids = f.gather(eIds, at);
      const cand = f.add(f.gather(eScores, at), window);
      const ok = f.and(f.greaterEqual(ids, fz), f.expandDims(f.lessEqual(t, lens), 1));
      const column = f.vector(i32, Array.from({ length: m }, (_, k) => k), 'columns');
      const none = f.scalar(i32, -1, 'none');
      const lastWhere = (mask: Tensor) => f.reduceMax(f.select(mask, f.expandDims(column, 0), f.expandDims(none, 0)), 1);
      const zeroScore = f.scalar(f64, 0, 'zero_score');
      const minusInf = f.scalar(f64, -Infinity, 'minus_inf');
      const top = f.reduceMax(f.select(ok, cand, minusInf), 1);
      const z = lastWhere(f.and(ok, f.equal(cand, zeroScore)));
      const region = f.and(ok, f.or(f.expandDims(f.greater(top, zeroScore), 1), f.greater(f.expandDims(column, 0), f.expandDims(z, 1))));
      const regionTop = f.reduceMax(f.select(region, cand, minusInf), 1);
      const lastTop = lastWhere(f.and(region, f.equal(cand, f.expandDims(regionTop, 1))));
      const winner = f.select(f.greaterEqual(lastTop, fz), lastTop, z);
      const has = f.greaterEqual(winner, fz);
      const pick = f.add(f.mul(f.range(fz, rowsNow, f.scalar(i32, 1, 'one')), f.scalar(i32, m, 'window')), f.max(winner, fz));
      const best = f.select(has, f.gather(f.reshape(cand, [-1]), pick), f.fill(f.shape(winner), zeroScore));
      const word = f.select(has, f.gather(f.reshape(ids, [-1]), pick), f.fill(f.shape(winner), fz));
      const shifted = f.concat([f.node('Slice', [window, f.vector(i32, [0, 1], 'begin'), f.vector(i32, [-1, -1], 'size')], { T: { type: f64 }, Index: { type: i32 } }, [f64])[0], f.expandDims(best, 1)], 1);
      return [f.add(t, f.scalar(i32, 1, 'one')), shifted, f.pushBack(words, word), lens, base, eIds, eScores, last, lastPosition];
    },
  });
  const words = o.reshape(o.stack(forward[2], rowShape, i32), [-1]); // [(t-1) * B + row]

  // Backtrack every row from its end; each step appends one id per row (NO_TOKEN once the row is done).
  const backward = whileLoop(o, functions, {
    name: 'viterbi_backtrack',
    vars: [lengths, o.emptyList(rowShape, i32), words, o.vector(i32, pieceLengths, 'vocabulary_piece_lengths')],
    cond: (f, [at]) => f.any(f.greater(at, f.scalar(i32, 0, 'zero'))),
    body: (f, [at, out, wordsV, pieceLen]) => {
      const fz = f.scalar(i32, 0, 'zero');
      const fo = f.scalar(i32, 1, 'one');
      const rowsNow = f.size(at);
      const active = f.greater(at, fz);
      const where = f.max(f.add(f.mul(f.sub(at, fo), rowsNow), f.range(fz, rowsNow, fo)), fz);
      const id = f.select(active, f.gather(wordsV, where), f.fill(f.shape(at), f.scalar(i32, NO_TOKEN, 'no_token')));
      const step = f.select(active, f.gather(pieceLen, f.max(id, fz)), f.zerosLike(at));
      return [f.sub(at, step), f.pushBack(out, id), wordsV, pieceLen];
    },
  });
  // [steps, B] newest-first → [B, steps] in text order, tokens right-aligned per row.
  const path = o.reverse(o.transpose(o.stack(backward[1], rowShape, i32), [1, 0]), 1);
  const coords = o.where(o.greaterEqual(path, zero)); // row-major: rows in order, tokens in text order
  const flatPath = o.reshape(path, [-1]);
  const pathWidth = o.gather(o.shape(path), one);
  const coordRows = o.cast(o.gather(o.transpose(coords, [1, 0]), zero), i32);
  const coordCols = o.cast(o.gather(o.transpose(coords, [1, 0]), one), i32);
  const ids = o.gather(flatPath, o.add(o.mul(coordRows, pathWidth), coordCols));
  const rowIds = coordRows;

  // Merge consecutive unknowns within a row.
  const count = o.size(ids);
  const previous = (x: Tensor) => o.slice(o.concat([o.vector(i32, [-1], 'minus_one'), x]), zero, count);
  const repeat = o.and(o.and(o.equal(ids, zero), o.equal(previous(ids), zero)), o.equal(previous(rowIds), rowIds));
  const kept = o.cast(o.reshape(o.where(o.not(repeat)), [-1]), i32);
  const keptRows = o.gather(rowIds, kept);
  return { ids: o.gather(ids, kept), rowIds: keptRows, splits: splitsFromRowIds(o, keptRows, rows) };
}
