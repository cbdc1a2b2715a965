// Viterbi search over the lattice, backtracking and unknown merging in graph ops — the package's
// Tokenizer.encode rules exactly (see ../tokenizer.ts): float64 scores; per end position the edges in
// ascending start order; an edge wins when the best so far is exactly 0 or its score is >= the best.
//
// Linear cost: a While loop steps the end offset t = 1, 2, … and processes, at step t, only the rows at least
// t symbols long. Each row does one step per symbol; the number of
// iterations is the longest row. Scores live in one flat array over all rows' lattice positions (a row of n
// symbols has positions 0..n; position 0 is the start, score 0).
import type { IFunctionDef } from '../../proto';
import { DTYPES, type Ops, type Tensor, whileLoop } from './ops';
import type { Lattice } from './lattice';
import { type Ragged, rowIdsFromSplits, splitsFromRowIds } from './ragged';

const { i32, f64, bool } = DTYPES;

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
  const lengths = o.sub(o.slice(symbols.splits, one, rest), o.slice(symbols.splits, zero, rows));
  const rowIndex = o.range(zero, rows, one);
  const latticeSplits = o.add(symbols.splits, o.concat([rowIndex, o.reshape(rows, [1])]));
  const rowBase = o.slice(latticeSplits, zero, rows);
  const positions = o.add(o.size(symbols.values), rows);
  const positionRow = rowIdsFromSplits(o, latticeSplits, positions);

  // Edges by end position: [P, M], column L-1 = the edge of length L ending here (-1 = none).
  const lengthsRow = o.vector(i32, Array.from({ length: maxPieceLength }, (_, i) => i + 1), 'piece_lengths_1_to_m');
  const position = o.range(zero, positions, one);
  const offset = o.sub(position, o.gather(latticeSplits, positionRow));
  const startOffset = o.sub(o.expandDims(offset, 1), lengthsRow); // [P, M]
  const valid = o.greaterEqual(startOffset, zero);
  const startSymbol = o.max(o.add(startOffset, o.expandDims(o.gather(symbols.splits, positionRow), 1)), zero);
  const m = o.scalar(i32, maxPieceLength, 'max_piece_length');
  const flatIndex = o.add(o.mul(startSymbol, m), o.sub(lengthsRow, one));
  // One padding entry (id -1, score 0) at the end of the flat tables is where invalid slots point.
  const flatIds = o.concat([o.reshape(lattice.ids, [-1]), o.vector(i32, [-1], 'no_edge')]);
  const flatScores = o.concat([o.reshape(lattice.scores, [-1]), o.vector(f64, [0], 'no_score')]);
  const index = o.select(valid, flatIndex, o.sub(o.size(flatIds), one));
  const endIds = o.gather(flatIds, index);
  const endScores = o.gather(flatScores, index);

  const maxLength = o.reduceMax(o.concat([lengths, o.vector(i32, [0], 'zero')]));
  const [, best, words] = whileLoop(o, functions, {
    name: 'viterbi_forward',
    vars: [one, o.fill(o.reshape(positions, [1]), o.scalar(f64, 0, 'zero')), o.fill(o.reshape(positions, [1]), zero), lengths, rowBase, endIds, endScores, maxLength],
    cond: (f, [t, , , , , , , maxLen]) => f.lessEqual(t, maxLen),
    body: (f, [t, bestV, wordsV, lens, base, eIdsAll, eScoresAll, maxLen]) => {
      const fz = f.scalar(i32, 0, 'zero');
      // Rows still running: one Where over the batch, then work only on those rows.
      const active = f.cast(f.reshape(f.where(f.greaterEqual(lens, t)), [-1]), i32);
      const ends = f.add(f.gather(base, active), t);
      const eIds = f.unpack(f.gather(eIdsAll, ends), maxPieceLength, 1);
      const starts = f.max(f.sub(f.expandDims(ends, 1), f.vector(i32, Array.from({ length: maxPieceLength }, (_, i) => i + 1), 'lengths')), fz);
      const candidates = f.unpack(f.add(f.gather(eScoresAll, ends), f.gather(bestV, starts)), maxPieceLength, 1);
      const zeroScore = f.scalar(f64, 0, 'zero_score');
      let b = f.fill(f.shape(ends), zeroScore);
      let w = f.fill(f.shape(ends), fz);
      for (let col = maxPieceLength - 1; col >= 0; col--) {
        const c = candidates[col];
        const take = f.and(f.greaterEqual(eIds[col], fz), f.or(f.equal(b, zeroScore), f.greaterEqual(c, b)));
        b = f.select(take, c, b);
        w = f.select(take, eIds[col], w);
      }
      const at = f.expandDims(ends, 1);
      return [f.add(t, f.scalar(i32, 1, 'one')), f.scatterUpdate(bestV, at, b), f.scatterUpdate(wordsV, at, w), lens, base, eIdsAll, eScoresAll, maxLen];
    },
  });
  void best;

  // Backtrack every row from its end, marking the end positions of its tokens.
  const [, onPath] = whileLoop(o, functions, {
    name: 'viterbi_backtrack',
    vars: [lengths, o.fill(o.reshape(positions, [1]), o.scalar(bool, 0, 'false')), rowBase, words, o.vector(i32, pieceLengths, 'vocabulary_piece_lengths')],
    cond: (f, [at]) => f.any(f.greater(at, f.scalar(i32, 0, 'zero'))),
    body: (f, [at, marks, base, wordsV, pieceLen]) => {
      const fz = f.scalar(i32, 0, 'zero');
      const active = f.greater(at, fz);
      const p = f.add(base, at);
      const step = f.gather(pieceLen, f.gather(wordsV, p));
      return [f.sub(at, f.select(active, step, f.zerosLike(step))), f.scatterUpdate(marks, f.expandDims(p, 1), active), base, wordsV, pieceLen];
    },
  });
  const tokenEnds = o.cast(o.reshape(o.where(onPath), [-1]), i32);
  const ids = o.gather(words, tokenEnds);
  const rowIds = o.gather(positionRow, tokenEnds);

  // Merge consecutive unknowns within a row.
  const minusOne = o.vector(i32, [-1], 'minus_one');
  const count = o.size(ids);
  const previous = (x: Tensor) => o.slice(o.concat([minusOne, x]), zero, count);
  const unknown = o.equal(ids, zero);
  const repeat = o.and(o.and(unknown, o.equal(previous(ids), zero)), o.equal(previous(rowIds), rowIds));
  const kept = o.cast(o.reshape(o.where(o.not(repeat)), [-1]), i32);
  const keptRows = o.gather(rowIds, kept);
  return { ids: o.gather(ids, kept), rowIds: keptRows, splits: splitsFromRowIds(o, keptRows, rows) };
}
