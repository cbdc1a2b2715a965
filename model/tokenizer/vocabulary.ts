// The SentencePiece vocabulary of USE lite: 8,000 `[piece, score]` pairs, id = position in the array.
// Some scores are `null` upstream; the package adds them to numbers, so they count as 0 (see tokenizer.ts).
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

export type VocabularyEntry = readonly [piece: string, score: number | null];
export type Vocabulary = readonly VocabularyEntry[];

const REPO_ROOT = join(__dirname, '..', '..');

// Where the vocabulary is read from by default. The export engineer vendors the upstream file under `model/`;
// until a vendored copy exists the shared reference copy is used. This is the one place to repoint.
const VOCABULARY_CANDIDATES = [
  join(REPO_ROOT, 'model', 'upstream', 'use-lite', 'vocab.json'),
  join(REPO_ROOT, '..', 'shared', 'models', 'use-lite', 'vocab.json'),
];

export function defaultVocabularyPath(): string {
  const found = VOCABULARY_CANDIDATES.find((path) => existsSync(path));
  if (!found) {
    throw new Error(`vocabulary: vocab.json not found; looked in ${VOCABULARY_CANDIDATES.join(', ')}`);
  }
  return found;
}

/** Reads and validates a vocab.json file (the package's format). */
export function loadVocabulary(path: string = defaultVocabularyPath()): Vocabulary {
  return parseVocabulary(JSON.parse(readFileSync(path, 'utf8')), path);
}

/** Checks the shape of a parsed vocabulary; errors name the entry index and the bad value. */
export function parseVocabulary(raw: unknown, source = 'vocabulary'): Vocabulary {
  if (!Array.isArray(raw)) throw new Error(`${source}: expected an array of [piece, score] pairs, got ${typeof raw}`);
  raw.forEach((entry: unknown, id) => {
    const ok =
      Array.isArray(entry) &&
      entry.length === 2 &&
      typeof entry[0] === 'string' &&
      (entry[1] === null || (typeof entry[1] === 'number' && Number.isFinite(entry[1])));
    if (!ok) {
      throw new Error(
        `${source}[${id}]: expected [piece: string, score: finite number | null], got ${JSON.stringify(entry)}`,
      );
    }
  });
  return raw as Vocabulary;
}

let cached: Vocabulary | undefined;

/** The default vocabulary, read once per process. */
export function defaultVocabulary(): Vocabulary {
  cached ??= loadVocabulary();
  return cached;
}
