// SentencePiece unigram encoding exactly as `Tokenizer.encode` of @tensorflow-models/universal-sentence-encoder
// 1.3.3 does it (itself a port of SentencePiece's `EncodeAsIds`, Viterbi over a lattice of vocabulary pieces,
// https://arxiv.org/pdf/1804.10959.pdf). Every quirk of the package is kept on purpose, because the exported
// graph and the local ONNX path must produce the ids the tfjs reference produces:
//   - input: NFKC; a non-empty result gets a leading '▁' and every U+0020 (only that character) becomes '▁';
//   - symbols are UTF-16 code units, so an astral character is two symbols;
//   - lattice: every piece that is a prefix of the rest of the text; only where none matches, one unknown
//     edge (id 0, score 0, length 1);
//   - forward pass over end positions, edges in ascending start order; an edge wins when the best so far is
//     exactly 0 (which the package uses as "unset") or when its score is >= the best: ties go to the later edge.
//     Scores are float64 (JS numbers);
//   - backtrack from the end, stepping back by the length of the chosen id's piece string;
//   - consecutive unknown ids collapse into one 0.
import { buildPieceTrie, CODE_UNIT_RADIX, type PieceTrie } from './trie';
import { defaultVocabulary, type Vocabulary } from './vocabulary';

/** U+2581 LOWER ONE EIGHTH BLOCK: SentencePiece's word-boundary marker. */
export const WORD_BOUNDARY = '\u2581';
/** Id of the unknown piece, and the id of every unknown lattice edge. */
export const UNKNOWN_ID = 0;

export interface Tokenizer {
  tokenize(text: string): number[];
}

/** The package's `processInput`: NFKC, then the word-boundary marker. */
export function prepareInput(text: string): string {
  const normalized = text.normalize('NFKC');
  return normalized.length > 0 ? WORD_BOUNDARY + normalized.replace(/ /g, WORD_BOUNDARY) : normalized;
}

export function createTokenizer(vocabulary: Vocabulary): Tokenizer {
  if (!vocabulary[UNKNOWN_ID]?.[0]) {
    // The backward pass steps back by this piece's length after an unknown edge: empty would never advance.
    throw new Error(`vocabulary[${UNKNOWN_ID}]: the unknown piece must be a non-empty string, got ${JSON.stringify(vocabulary[UNKNOWN_ID])}`);
  }
  const trie = buildPieceTrie(vocabulary);
  const pieceLength = Int32Array.from(vocabulary, ([piece]) => piece.length);
  return { tokenize: (text) => encode(prepareInput(text), trie, pieceLength) };
}

function encode(symbols: string, trie: PieceTrie, pieceLength: Int32Array): number[] {
  const n = symbols.length;
  // Lattice: edgesByEnd[end] lists [start, id, score] in ascending start (starts are visited in order).
  const edgesByEnd: number[][] = Array.from({ length: n + 1 }, () => []);
  for (let start = 0; start < n; start++) {
    let node = 0;
    let matched = false;
    for (let end = start; end < n; end++) {
      const next = trie.children.get(node * CODE_UNIT_RADIX + symbols.charCodeAt(end));
      if (next === undefined) break;
      node = next;
      if (trie.pieceId[node] >= 0) {
        edgesByEnd[end + 1].push(start, trie.pieceId[node], trie.pieceScore[node]);
        matched = true;
      }
    }
    if (!matched) edgesByEnd[start + 1].push(start, UNKNOWN_ID, 0);
  }

  // Forward pass (Viterbi).
  const best = new Float64Array(n + 1);
  const words = new Int32Array(n + 1);
  for (let end = 0; end <= n; end++) {
    const edges = edgesByEnd[end];
    for (let e = 0; e < edges.length; e += 3) {
      const score = edges[e + 2] + best[edges[e]];
      if (best[end] === 0 || score >= best[end]) {
        best[end] = score;
        words[end] = edges[e + 1];
      }
    }
  }

  // Backward pass, then merge consecutive unknowns.
  const reversed: number[] = [];
  for (let at = n; at > 0; at -= pieceLength[words[at]]) {
    const id = words[at];
    if (!(id === UNKNOWN_ID && reversed.length > 0 && reversed[reversed.length - 1] === UNKNOWN_ID)) {
      reversed.push(id);
    }
  }
  return reversed.reverse();
}

let defaultTokenizer: Tokenizer | undefined;

/** Contract 7: token ids of `text` with the USE-lite vocabulary, identical to the package's `Tokenizer.encode`. */
export function tokenize(text: string): number[] {
  defaultTokenizer ??= createTokenizer(defaultVocabulary());
  return defaultTokenizer.tokenize(text);
}
