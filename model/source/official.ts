/**
 * The nine official files of USE lite (the ones @tensorflow-models/universal-sentence-encoder 1.3.3 loads),
 * where they are published, and their pinned SHA-256 digests (vendored in model/upstream/use-lite/SHA256SUMS).
 */
import { readFileSync } from 'node:fs';
import * as path from 'node:path';

export const UPSTREAM_DIR = path.join(__dirname, '..', 'upstream', 'use-lite');
export const OFFICIAL_FILES = [
  'model.json',
  'vocab.json',
  ...Array.from({ length: 7 }, (_, i) => `group1-shard${i + 1}of7`),
] as const;

/** Tried in order; both serve the same bytes under the same file names. */
export const DEFAULT_BASE_URLS = [
  'https://storage.googleapis.com/tfjs-models/savedmodel/universal_sentence_encoder/',
  'https://tfhub.dev/tensorflow/tfjs-model/universal-sentence-encoder-lite/1/default/1/',
];

/** URL of one file under a base (tfhub serves raw files only with `?tfjs-format=file`). */
export function fileUrl(base: string, file: string): string {
  const url = new URL(file, base);
  if (url.hostname === 'tfhub.dev') url.searchParams.set('tfjs-format', 'file');
  return url.toString();
}

/** `sha256sum` format: "<64 hex>  <name>" per line. */
export function parseSha256Sums(text: string): Map<string, string> {
  const sums = new Map<string, string>();
  for (const [n, line] of text.split('\n').entries()) {
    if (!line.trim()) continue;
    const m = /^([0-9a-f]{64}) [ *](.+)$/.exec(line.trim());
    if (!m) throw new Error(`SHA256SUMS line ${n + 1}: expected "<sha256>  <file>", got ${JSON.stringify(line)}`);
    sums.set(m[2], m[1]);
  }
  return sums;
}

export function officialDigests(): Map<string, string> {
  const sums = parseSha256Sums(readFileSync(path.join(UPSTREAM_DIR, 'SHA256SUMS'), 'utf8'));
  for (const f of OFFICIAL_FILES) if (!sums.has(f)) throw new Error(`SHA256SUMS lacks ${f}`);
  return sums;
}
