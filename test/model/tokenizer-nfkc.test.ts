// The NFKC tables the graph is built from (generated from Node's normalize) and the algorithm the graph runs
// (decompose, reorder by combining class, compose), in JS: equal to String.prototype.normalize('NFKC').
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { buildNfkcTables, MAX_CODE_POINT } from '../../model/tokenizer/nfkc-tables';
import { nfkcFromTables } from '../../model/tokenizer/nfkc-reference';
import { generateCorpus } from '../../model/tokenizer/corpus';

const tables = buildNfkcTables();
const nfkc = nfkcFromTables(tables);

function differences(texts: Iterable<string>): string[] {
  const bad: string[] = [];
  for (const text of texts) if (nfkc(text) !== text.normalize('NFKC')) bad.push(text);
  return bad;
}

test('every single code point normalizes as String.prototype.normalize does', () => {
  function* all() {
    for (let cp = 0; cp <= MAX_CODE_POINT; cp++) if (cp < 0xd800 || cp > 0xdfff) yield String.fromCodePoint(cp);
  }
  const bad = differences(all());
  assert.deepEqual(bad.slice(0, 10).map((s) => s.codePointAt(0)!.toString(16)), [], `${bad.length} code points differ`);
});

test('every corpus string normalizes as String.prototype.normalize does', () => {
  assert.deepEqual(differences(generateCorpus().map((e) => e.text)), []);
});

test('sequences of marks, jamo and composing starters (reordering, blocking, chained composition)', () => {
  const pool = [...tables.nonStarters, ...tables.composingStarters, 0x41, 0x61, 0x75, 0x1100, 0x1161, 0x11a8, 0xac00,
    0x3b1, 0x3c9, 0x1f00, 0xc5, 0xe9, 0x915, 0x928, 0xb47, 0xdd9, 0x1025, 0x11131, 0x1b05, 0x20, 0xfb01, 0x2460];
  let seed = 7;
  const next = () => (seed = (Math.imul(seed, 1103515245) + 12345) >>> 0) / 2 ** 32;
  const texts = Array.from({ length: 30000 }, () =>
    String.fromCodePoint(...Array.from({ length: 1 + Math.floor(next() * 6) }, () => pool[Math.floor(next() * pool.length)])));
  assert.deepEqual(differences(texts), []);
  // Hand-checked cases: decomposed "ça", a + ̂ + ́ (chained), ǖ from u + ̈ + ̄, Hangul L V T, blocked mark.
  assert.equal(nfkc('c\u0327a'), '\u00e7a');
  assert.equal(nfkc('a\u0302\u0301'), '\u1ea5');
  assert.equal(nfkc('u\u0308\u0304'), '\u01d6');
  assert.equal(nfkc('\u1100\u1161\u11a8'), '\uac01');
  assert.equal(nfkc('a\u0301\u0301'), '\u00e1\u0301');
  assert.equal(nfkc('\ufb01'), 'fi');
});

test('tables have the expected shape: ranks below 256, sorted keys', () => {
  assert.ok(Math.max(...tables.combiningRank) < 256);
  assert.ok(tables.compositionKeys.every((k, i) => i === 0 || tables.compositionKeys[i - 1] < k));
  assert.ok(tables.decomposedFrom.every((k, i) => i === 0 || tables.decomposedFrom[i - 1] < k));
  assert.equal(tables.decomposedOffsets.length, tables.decomposedFrom.length + 1);
});
