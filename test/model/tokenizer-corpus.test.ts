// The JS tokenizer against the package's own Tokenizer (the specification) on the real vocabulary: the
// generated corpus, and properties the package's tests state.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createTokenizer, defaultVocabulary, tokenize } from '../../model/tokenizer';
import { generateCorpus } from '../../model/tokenizer/corpus';
// The package's tokenizer module, loaded directly: it needs only tfjs-core, not the model.
import { Tokenizer as PackageTokenizer } from '@tensorflow-models/universal-sentence-encoder/dist/tokenizer';

const corpus = generateCorpus();
const reference = new PackageTokenizer(defaultVocabulary() as [string, number][]);

test('corpus: at least 5,000 entries covering every category, identical on every generation', () => {
  assert.ok(corpus.length >= 5000, `corpus has ${corpus.length} entries`);
  const categories = new Set(corpus.map((e) => e.category));
  for (const c of ['english', 'punctuation', 'digits', 'scripts', 'emoji', 'fullWidth', 'compatibility', 'combining',
    'spaces', 'empty', 'long', 'randomBytes', 'randomCodePoints', 'pieces', 'mixed']) {
    assert.ok(categories.has(c), `category ${c} missing`);
  }
  assert.ok(corpus.some((e) => e.text === ''));
  assert.ok(corpus.some((e) => e.text.length >= 5000));
  assert.ok(corpus.some((e) => e.text.includes('\ufffd')));
  assert.ok(corpus.some((e) => /[\u{1F000}-\u{1FFFF}]\u200d/u.test(e.text)));
  const again = generateCorpus();
  assert.deepEqual(again.map((e) => e.text), corpus.map((e) => e.text));
});

test('corpus: token ids identical to the package tokenizer on every entry', () => {
  const differing = corpus.filter((e) => JSON.stringify(tokenize(e.text)) !== JSON.stringify(reference.encode(e.text)));
  assert.deepEqual(differing.map((e) => e.text), [], `${differing.length}/${corpus.length} entries differ`);
});

test('composed and decomposed "ça" tokenize alike', () => {
  assert.deepEqual(tokenize('\u00e7a'), tokenize('c\u0327a'));
  assert.deepEqual(tokenize('Ça va, garçon?'), tokenize('C\u0327a va, garc\u0327on?'));
});

test('emoji never throw and produce ids inside the vocabulary', () => {
  const size = defaultVocabulary().length;
  for (const text of ['😹', '👨‍👩‍👧‍👦', '🏳️‍🌈', '🇫🇷', '\ud83d', 'a\udc00b']) {
    const ids = tokenize(text);
    assert.ok(ids.length > 0 && ids.every((id) => Number.isInteger(id) && id >= 0 && id < size), text);
  }
});

test('runs of unknown characters collapse to one unknown id', () => {
  for (const e of corpus) {
    const ids = tokenize(e.text);
    assert.ok(!ids.some((id, i) => id === 0 && ids[i - 1] === 0), `consecutive unknowns for ${JSON.stringify(e.text)}`);
  }
  const ids = createTokenizer(defaultVocabulary()).tokenize('\u{10FFFD}\u{10FFFD}\u{10FFFD}');
  assert.equal(ids.filter((id) => id === 0).length, 1);
});
