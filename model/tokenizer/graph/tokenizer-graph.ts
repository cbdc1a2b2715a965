// The whole in-graph tokenizer: UTF-8 strings → token ids, exactly as ../tokenizer.ts (the package's
// Tokenizer.encode), with core TF ops only:
//   decode (UnicodeDecode, U+FFFD replacement) → NFKC (normalize.ts) → U+0020 → '▁' and a leading '▁' per
//   non-empty row → UTF-16 code units (the package's symbols) → lattice (lattice.ts) → Viterbi (viterbi.ts).
import type { IFunctionDef } from '../../proto';
import type { NfkcTables } from '../nfkc-tables';
import type { PieceTrie } from '../trie';
import { buildLattice } from './lattice';
import { nfkc } from './normalize';
import { DTYPES, type Ops, type Tensor } from './ops';
import { expand, expandedSplits, isRowFirst, type Ragged, rowIdsFromSplits } from './ragged';
import { type TokenIds, viterbi } from './viterbi';

const { i32, i64 } = DTYPES;

const SPACE = 0x20;
const WORD_BOUNDARY = 0x2581;
const REPLACEMENT_CHARACTER = 0xfffd;
const FIRST_ASTRAL = 0x10000;

export interface TokenizerTables {
  nfkc: NfkcTables;
  trie: PieceTrie;
  /** per vocabulary id: its piece's length in UTF-16 units (the backtracking step) */
  pieceLengths: Int32Array;
}

export function tokenizeStrings(o: Ops, functions: IFunctionDef[], tables: TokenizerTables, inputs: Tensor): TokenIds {
  const rows = o.size(inputs);
  const [splits64, codePoints] = o.node('UnicodeDecode', [inputs], {
    input_encoding: { s: new TextEncoder().encode('UTF-8') },
    errors: { s: new TextEncoder().encode('replace') },
    replacement_char: { i: REPLACEMENT_CHARACTER },
    replace_control_characters: { b: false },
    Tsplits: { type: i64 },
  }, [i64, i32], 'decode_utf8');
  const splits = o.cast(splits64, i32);
  const decoded: Ragged = { values: codePoints, splits, rowIds: rowIdsFromSplits(o, splits, o.size(codePoints)) };
  const normalized = nfkc(o, functions, tables.nfkc, decoded, rows);
  const symbols = toSymbols(o, normalized);
  const lattice = buildLattice(o, tables.trie, symbols);
  return viterbi(o, functions, lattice, symbols, rows, tables.trie.maxPieceLength, tables.pieceLengths);
}

/** U+0020 → '▁', a '▁' before each non-empty row, and astral code points as surrogate pairs. */
function toSymbols(o: Ops, text: Ragged): Ragged {
  const one = o.scalar(i32, 1, 'one');
  const zero = o.scalar(i32, 0, 'zero');
  const boundary = o.scalar(i32, WORD_BOUNDARY, 'word_boundary');
  const cps = o.select(o.equal(text.values, o.scalar(i32, SPACE, 'space')), o.fill(o.shape(text.values), boundary), text.values);
  const first = o.cast(isRowFirst(o, text), i32);
  const astral = o.greaterEqual(cps, o.scalar(i32, FIRST_ASTRAL, 'first_astral'));
  const units = o.add(one, o.cast(astral, i32));
  const { source, offset, ends } = expand(o, o.add(first, units));
  const cp = o.gather(cps, source);
  const unit = o.sub(offset, o.gather(first, source)); // -1 = the inserted '▁'
  const bmp = o.sub(cp, o.scalar(i32, FIRST_ASTRAL, 'first_astral'));
  const high = o.add(o.scalar(i32, 0xd800, 'high_surrogate'), o.floorDiv(bmp, o.scalar(i32, 0x400, 'ten_bits')));
  const low = o.add(o.scalar(i32, 0xdc00, 'low_surrogate'), o.sub(bmp, o.mul(o.floorDiv(bmp, o.scalar(i32, 0x400, 'ten_bits')), o.scalar(i32, 0x400, 'ten_bits'))));
  const isAstral = o.gather(astral, source);
  const value = o.select(o.less(unit, zero), o.fill(o.shape(unit), boundary),
    o.select(isAstral, o.select(o.equal(unit, zero), high, low), cp));
  return { values: value, rowIds: o.gather(text.rowIds, source), splits: expandedSplits(o, text.splits, ends) };
}
