// The SentencePiece lattice in graph ops (same rules as ../tokenizer.ts): from every symbol, walk the piece trie
// (sorted int64 keys `parent * 65536 + unit`, one LowerBound per step) for up to the longest piece's length,
// all start positions at once. An edge exists for each piece found; where none is, one unknown edge of length 1.
import { CODE_UNIT_RADIX, type PieceTrie } from '../trie';
import { UNKNOWN_ID } from '../tokenizer';
import { DTYPES, type Ops, type Tensor } from './ops';
import { lookup, type Ragged } from './ragged';

const { i32, i64, f64 } = DTYPES;

export interface Lattice {
  /** [n, maxPieceLength] piece id of the edge from symbol i with length L+1, or -1 */
  ids: Tensor;
  /** [n, maxPieceLength] its score (float64, as JS numbers) */
  scores: Tensor;
}

export function buildLattice(o: Ops, trie: PieceTrie, symbols: Ragged): Lattice {
  const keys: number[] = [];
  const children: number[] = [];
  [...trie.children.entries()].sort((a, b) => a[0] - b[0]).forEach(([key, child]) => {
    keys.push(key);
    children.push(child);
  });
  const trieKeys = o.vector(i64, keys, 'trie_keys');
  const trieChildren = o.vector(i32, children, 'trie_children');
  const pieceIds = o.vector(i32, trie.pieceId, 'piece_ids');
  const pieceScores = o.vector(f64, trie.pieceScore, 'piece_scores');

  const zero = o.scalar(i32, 0, 'zero');
  const one = o.scalar(i32, 1, 'one');
  const count = o.size(symbols.values);
  const start = o.range(zero, count, one);
  const rowEnd = o.gather(o.slice(symbols.splits, one, o.scalar(i32, -1, 'rest')), symbols.rowIds);
  const lastSymbol = o.max(o.sub(count, one), zero);
  const units = o.cast(symbols.values, i64);

  let node = o.fill(o.shape(start), zero);
  let alive = o.less(start, rowEnd); // every start is inside its row
  const ids: Tensor[] = [];
  const scores: Tensor[] = [];
  for (let length = 1; length <= trie.maxPieceLength; length++) {
    const at = o.add(start, o.scalar(i32, length - 1, 'step'));
    const unit = o.gather(units, o.min(at, lastSymbol));
    const key = o.add(o.mul(o.cast(node, i64), o.scalar(i64, CODE_UNIT_RADIX, 'radix')), unit);
    const hit = lookup(o, trieKeys, key);
    alive = o.and(alive, o.and(o.less(at, rowEnd), hit.found));
    node = o.select(alive, o.gather(trieChildren, hit.index), zero);
    // node 0 (the root) has no piece: its id is -1 and its score 0
    ids.push(o.gather(pieceIds, node));
    scores.push(o.gather(pieceScores, node));
  }
  // Unknown edge: only where no piece starts.
  const anyPiece = o.any(o.greaterEqual(o.pack(ids, 1), o.scalar(i32, 0, 'zero')), 1);
  ids[0] = o.select(anyPiece, ids[0], o.fill(o.shape(start), o.scalar(i32, UNKNOWN_ID, 'unknown')));
  return { ids: o.pack(ids, 1), scores: o.pack(scores, 1) };
}
