// Exact token ids on tiny hand-built vocabularies: each case isolates one rule of the package's
// Tokenizer.encode, with the expected ids worked out by hand from that rule.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenizer, parseVocabulary, toSparseBatch, type Vocabulary } from '../../model/tokenizer';
import { tokenizerTables } from '../../model/tokenizer/graph/extension';

const RESERVED: Vocabulary = [['\ufffd', 0], ['<s>', 0], ['</s>', 0], ['extra_token_id_1', 0], ['extra_token_id_2', 0], ['extra_token_id_3', 0]];
const withPieces = (...pieces: [string, number | null][]): Vocabulary => [...RESERVED, ...pieces];

// The stub vocabulary of the package's own tokenizer tests (tfjs-models `test_util.ts`), ids 6..22.
const STUB = withPieces(['▁', -2], ['▁a', -1], ['▁ç', -2], ['a', -3], ['.', -1], ['▁I', -1], ['▁like', -1], ['▁it', -1],
  ['I', -2], ['like', -2], ['it', -2], ['l', -3], ['i', -3], ['k', -3], ['e', -3], ['i', -3], ['t', -3]);

test('package stub vocabulary: the package tests\' expected ids', () => {
  const { tokenize } = createTokenizer(STUB);
  assert.deepEqual(tokenize('Ilikeit.'), [11, 15, 16, 10]);
  assert.deepEqual(tokenize('I like it.'), [11, 12, 13, 10]);
  assert.deepEqual(tokenize('a😹😹'), [7, 0]);
});

test('empty text has no tokens; a lone space is two word boundaries', () => {
  const { tokenize } = createTokenizer(withPieces(['▁', -1], ['▁▁', -3]));
  assert.deepEqual(tokenize(''), []);
  // '▁▁': one piece (-3) loses to two single pieces (-2).
  assert.deepEqual(tokenize(' '), [6, 6]);
});

test('equal scores: the edge with the later start wins', () => {
  // "a" → "▁a": '▁a' from 0 scores -2; '▁'+'a' also scores -2 and is visited later.
  assert.deepEqual(createTokenizer(withPieces(['▁', -1], ['a', -1], ['▁a', -2])).tokenize('a'), [6, 7]);
  assert.deepEqual(createTokenizer(withPieces(['▁', -1], ['a', -1], ['▁a', -1.9])).tokenize('a'), [8]);
});

test('scores add in float64: -0.1 + -0.2 is below -0.3, so the single piece wins', () => {
  assert.deepEqual(createTokenizer(withPieces(['▁', -0.1], ['x', -0.2], ['▁x', -0.3])).tokenize('x'), [8]);
});

test('a best score of exactly 0 counts as unset: the next edge replaces it even when worse', () => {
  // null scores count as 0. "c" → "▁c": '▁c' from 0 gives exactly 0, then '▁'(0) + 'c'(-1) = -1 replaces it.
  assert.deepEqual(createTokenizer(withPieces(['▁', null], ['c', -1], ['▁c', null])).tokenize('c'), [6, 7]);
});

test('a piece listed twice takes its later id', () => {
  assert.deepEqual(createTokenizer(withPieces(['▁', -1], ['d', -1], ['x', -1], ['d', -1])).tokenize('d'), [6, 9]);
});

test('unknown edges only where no piece starts; unreachable positions score 0', () => {
  // "ab" → "▁ab": at 1 only 'ab' matches (no 'a'), at 2 nothing does (unknown). End 3: 'ab' gives -1 + -1 = -2,
  // then the unknown from unreachable position 2 gives 0 + 0 = 0 >= -2 and wins. Backtrack: 0 at 3, 0 at 2
  // (never set), merged, then '▁' at 1.
  assert.deepEqual(createTokenizer(withPieces(['▁', -1], ['ab', -1])).tokenize('ab'), [6, 0]);
});

test('reserved ids never match text; unknown runs become one 0', () => {
  const { tokenize } = createTokenizer(withPieces(['▁', -1], ['s', -1]));
  assert.deepEqual(tokenize('<s>'), [6, 0, 7, 0]);
  assert.deepEqual(tokenize('<<<>>>'), [6, 0]);
});

test('symbols are UTF-16 code units: a piece can match half of an astral character', () => {
  assert.deepEqual(createTokenizer(withPieces(['▁', -1], ['\ud83d', -1])).tokenize('😹'), [6, 7, 0]);
});

test('NFKC first, then only U+0020 becomes the word boundary', () => {
  const { tokenize } = createTokenizer(withPieces(['▁', -1], ['a', -1], ['b', -1], ['\t', -1], ['fi', -1], ['f', -5], ['i', -5]));
  assert.deepEqual(tokenize('a b'), [6, 7, 6, 8]);
  assert.deepEqual(tokenize('a\u00a0b'), [6, 7, 6, 8]); // NBSP is U+0020 after NFKC
  assert.deepEqual(tokenize('a\u3000b'), [6, 7, 6, 8]); // so is the ideographic space
  assert.deepEqual(tokenize('a\tb'), [6, 7, 9, 8]); // a tab stays a tab
  // The ligature is "fi" after NFKC: 'fi' (-1 - 1 = -2) beats 'f' + 'i' (-1 - 5 - 5 = -11).
  assert.deepEqual(tokenize('ﬁ'), [6, 10]);
});

test('toSparseBatch: one (row, position) pair per token, rows without tokens add nothing', () => {
  const batch = toSparseBatch([[5, 6], [], [7]]);
  assert.deepEqual([...batch.indices], [0, 0, 0, 1, 2, 0]);
  assert.deepEqual([...batch.values], [5, 6, 7]);
  assert.equal(batch.batchSize, 3);
  const none = toSparseBatch([[], []]);
  assert.deepEqual([none.indices.length, none.values.length, none.batchSize], [0, 0, 2]);
});

test('vocabulary validation names the entry and the bad value', () => {
  assert.throws(() => parseVocabulary([['a', 1], ['b', 'x']], 'vocab.json'), /vocab\.json\[1\].*\["b","x"\]/);
  assert.throws(() => parseVocabulary({}, 'vocab.json'), /vocab\.json: expected an array/);
  assert.throws(() => createTokenizer([['', 0]]), /vocabulary\[0\]: the unknown piece must be a non-empty string/);
});

test('the export extension names a missing vocab.json', () => {
  assert.throws(() => tokenizerTables('/nonexistent/source/vocab.json'), /tokenizer: \/nonexistent\/source\/vocab\.json not found/);
});
