/**
 * JS side of the tokenizer checks (issue #6): the generated corpus with the JS tokenizer's ids, tfjs reference
 * embeddings (JS tokenizer + fixture model) for a slice of it, and Vertex-style request bodies (keyed rows included).
 * Reuses $WORK/fixture and $WORK/savedmodel when prepare_encode_ids.ts made them, else makes them.
 * Output: $WORK/tokenize_cases.json, $WORK/serving_cases.json, $WORK/vertex_requests.json, $WORK/bench_sentences.json.
 */
import { existsSync, writeFileSync } from 'node:fs';
import * as path from 'node:path';
import { applyInstanceConfig } from '../../local/executor/model-input';
import { writeFixture } from '../../model/fixture/generate';
import { exportSavedModel } from '../../model/savedmodel/export';
import { loadTfjsReference } from '../../model/tfjs/reference';
import { createTokenizer, loadVocabulary } from '../../model/tokenizer';
import { generateCorpus } from '../../model/tokenizer/corpus';
import { makeSentences } from './sentences';

const b64 = (bytes: Uint8Array) => Buffer.from(bytes).toString('base64');
const f32b64 = (v: Float32Array) => Buffer.from(v.buffer, v.byteOffset, v.byteLength).toString('base64');
/** Corpus entries whose embeddings are compared (every 9th: all categories, empties and long texts included). */
const EMBEDDING_STRIDE = 9;
const SERVING_BATCH = 64;

async function main(work: string): Promise<void> {
  const fixtureDir = path.join(work, 'fixture');
  const savedModelDir = path.join(work, 'savedmodel');
  if (!existsSync(path.join(fixtureDir, 'model.json'))) await writeFixture(fixtureDir);
  if (!existsSync(path.join(savedModelDir, 'saved_model.pb'))) await exportSavedModel({ sourceDir: fixtureDir, outDir: savedModelDir });

  const vocabulary = loadVocabulary(path.join(fixtureDir, 'vocab.json'));
  const { tokenize } = createTokenizer(vocabulary);
  const corpus = generateCorpus(vocabulary);
  const tokenized = corpus.map((e) => ({ category: e.category, bytes: b64(e.bytes), ids: tokenize(e.text) }));
  writeFileSync(path.join(work, 'tokenize_cases.json'), JSON.stringify(tokenized));

  const reference = await loadTfjsReference(fixtureDir, 'wasm');
  const embed = async (ids: number[][]) => (await reference.embedIds(ids)).map(f32b64);
  const picked = corpus.filter((_, i) => i % EMBEDDING_STRIDE === 0);
  const batches = [];
  for (let i = 0; i < picked.length; i += SERVING_BATCH) {
    const batch = picked.slice(i, i + SERVING_BATCH);
    batches.push({ bytes: batch.map((e) => b64(e.bytes)), expected: await embed(batch.map((e) => tokenize(e.text))) });
  }
  batches.push({ bytes: ['', '', ''].map((s) => b64(Buffer.from(s))), expected: await embed([[], [], []]) }); // all empty
  writeFileSync(path.join(work, 'serving_cases.json'), JSON.stringify(batches));

  // Vertex batch prediction bodies: JSONL of quoted sentences → {"instances": ["…"]}; a file list → {"b64": …};
  // keyed JSONL objects with keyField + includedFields: [text] + instanceType array → one-element arrays (the
  // executor's instanceConfig code makes them, so TF proves what the executor assumes), a text field of any name.
  const sentences = makeSentences(20);
  const keyedConfig = { keyField: 'id', includedFields: ['body'], instanceType: 'array' };
  const keyedLines = makeSentences(24, 11).map((body, i) => ({ id: `t-${i + 1}`, lang: 'en', body }));
  const keyedInstances = keyedLines.map((line) => {
    const sent = applyInstanceConfig(line, keyedConfig);
    if (!('value' in sent)) throw new Error(`instanceConfig refused a keyed line: ${sent.message}`);
    return sent.value;
  });
  const files = corpus.filter((e) => e.category === 'randomBytes').slice(0, 8).map((e) => e.bytes);
  files.push(new TextEncoder().encode('the quick brown fox jumps over the lazy dog\n'));
  const decoder = new TextDecoder('utf-8', { ignoreBOM: true });
  writeFileSync(path.join(work, 'vertex_requests.json'), JSON.stringify([
    { kind: 'quoted sentences', body: JSON.stringify({ instances: sentences }), expected: await embed(sentences.map(tokenize)) },
    { kind: 'file-list b64', body: JSON.stringify({ instances: files.map((f) => ({ b64: b64(f) })) }), expected: await embed(files.map((f) => tokenize(decoder.decode(f)))) },
    { kind: 'keyed rows as one-element arrays', body: JSON.stringify({ instances: keyedInstances }), expected: await embed(keyedLines.map((l) => tokenize(l.body))) },
  ]));
  reference.dispose();
  writeFileSync(path.join(work, 'bench_sentences.json'), JSON.stringify(makeSentences(1000)));
  console.log(`tokenizer cases: ${tokenized.length} corpus strings, ${batches.length} serving batches, 3 Vertex request bodies`);
}

main(process.argv[2]).catch((err) => {
  console.error(err);
  process.exit(1);
});
