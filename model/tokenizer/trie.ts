// The piece trie of the package's tokenizer (`tokenizer/trie.ts` of tfjs-models), as flat tables so the JS
// tokenizer and the in-graph tokenizer read the very same structure.
//
// Symbols are UTF-16 code units (the package iterates strings by index). Only ids >= RESERVED_SYMBOLS_COUNT
// are inserted; when a piece occurs twice, the later id overwrites the earlier one (insertion order = id order).
import type { Vocabulary } from './vocabulary';

/** The first ids are reserved for unk, control symbols and user-defined symbols; they never match text. */
export const RESERVED_SYMBOLS_COUNT = 6;
/** Trie edges are keyed `parent * CODE_UNIT_RADIX + codeUnit`: unique, and exact in float64 and int64. */
export const CODE_UNIT_RADIX = 65536;

export interface PieceTrie {
  /** child node of `parent` on code unit `u`, keyed `parent * CODE_UNIT_RADIX + u`; the root is node 0 */
  readonly children: ReadonlyMap<number, number>;
  /** per node: vocabulary id of the piece ending there, or -1 */
  readonly pieceId: Int32Array;
  /** per node: that piece's score (`null` scores stored as 0, which is how the package's `+` treats them) */
  readonly pieceScore: Float64Array;
  /** the longest piece, in code units: no lattice edge is longer */
  readonly maxPieceLength: number;
}

export function buildPieceTrie(vocabulary: Vocabulary): PieceTrie {
  const children = new Map<number, number>();
  const pieceId: number[] = [-1];
  const pieceScore: number[] = [0];
  let maxPieceLength = 0;
  for (let id = RESERVED_SYMBOLS_COUNT; id < vocabulary.length; id++) {
    const [piece, score] = vocabulary[id];
    if (piece.length === 0) continue; // the package's insert loop never runs for an empty piece
    let node = 0;
    for (let i = 0; i < piece.length; i++) {
      const key = node * CODE_UNIT_RADIX + piece.charCodeAt(i);
      let next = children.get(key);
      if (next === undefined) {
        next = pieceId.length;
        children.set(key, next);
        pieceId.push(-1);
        pieceScore.push(0);
      }
      node = next;
    }
    pieceId[node] = id;
    pieceScore[node] = score ?? 0;
    maxPieceLength = Math.max(maxPieceLength, piece.length);
  }
  return {
    children,
    pieceId: Int32Array.from(pieceId),
    pieceScore: Float64Array.from(pieceScore),
    maxPieceLength,
  };
}
