// Unicode NFKC as lookup tables, generated from this Node's own `String.prototype.normalize` so that the graph
// follows exactly the Unicode version the JS tokenizer (and the package) use. Core TensorFlow has no
// normalization op; the graph rebuilds NFKC from these tables with the standard algorithm (UAX #15):
//   1. full compatibility decomposition, one code point at a time (`decomposition`);
//   2. canonical ordering: stable sort of each run of non-starters by combining class (`combiningRank`);
//   3. canonical composition with the blocking rule (`compositions`).
// The JS API exposes neither combining classes nor composition pairs, so both are measured through
// `normalize`: only the relative order of classes matters to the algorithm, and a rank preserves it.

export interface NfkcTables {
  /** code points whose NFKD differs from themselves, ascending */
  decomposedFrom: Int32Array;
  /** start of each one's NFKD in `decomposedTo`, plus a final end offset (length = decomposedFrom.length + 1) */
  decomposedOffsets: Int32Array;
  /** concatenated NFKD code points */
  decomposedTo: Int32Array;
  /** non-starters (combining class != 0), ascending, and their combining-class rank (1 = lowest class) */
  nonStarters: Int32Array;
  combiningRank: Int32Array;
  /** primary composites: key `first * COMPOSITION_RADIX + second`, ascending, and the composite */
  compositionKeys: Float64Array;
  composites: Int32Array;
  /** code points that can be the second of a composition while being starters (e.g. Hangul V and T jamo) */
  composingStarters: Int32Array;
}

export const COMPOSITION_RADIX = 0x200000; // > U+10FFFF: keys are unique and exact in float64 and int64
export const MAX_CODE_POINT = 0x10ffff;
/** A combining-class rank above every real one: "no starter seen yet" in the composition algorithm. */
export const NO_STARTER_RANK = 256;

const isSurrogate = (cp: number) => cp >= 0xd800 && cp <= 0xdfff;
const codePoints = (s: string) => Array.from(s, (c) => c.codePointAt(0)!);

// Reference marks of known class: U+0334 has the lowest non-zero class (1), U+0301 a high one (230).
const LOW_MARK = '\u0334';
const HIGH_MARK = '\u0301';

/** ccc(x) > ccc(y) > 0 exactly when canonical ordering swaps them. */
const sortsAfter = (x: string, y: string) => ('a' + x + y).normalize('NFD') === 'a' + y + x;

function isNonStarter(c: string): boolean {
  // 0 < ccc(c) < 230 moves c before U+0301; ccc(c) > 1 moves U+0334 before c. A starter moves in neither.
  return sortsAfter(HIGH_MARK, c) || sortsAfter(c, LOW_MARK);
}

export function buildNfkcTables(): NfkcTables {
  const decomposedFrom: number[] = [];
  const decomposedOffsets: number[] = [0];
  const decomposedTo: number[] = [];
  const stable: string[] = []; // code points that are their own canonical decomposition
  for (let cp = 0; cp <= MAX_CODE_POINT; cp++) {
    if (isSurrogate(cp)) continue;
    const c = String.fromCodePoint(cp);
    const nfkd = c.normalize('NFKD');
    if (nfkd !== c) {
      decomposedFrom.push(cp);
      decomposedTo.push(...codePoints(nfkd));
      decomposedOffsets.push(decomposedTo.length);
    }
    // Own canonical decomposition (NFD(c) != c implies NFKD(c) != c); no non-starter lies below U+0300.
    if (cp >= 0x300 && (nfkd === c || c.normalize('NFD') === c)) stable.push(c);
  }

  // Combining classes, as ranks: sort the non-starters by the order canonical reordering imposes.
  const marks = stable.filter(isNonStarter);
  marks.sort((x, y) => (sortsAfter(x, y) ? 1 : sortsAfter(y, x) ? -1 : 0));
  const rankOf = new Map<number, number>();
  let rank = 0;
  marks.forEach((m, i) => {
    if (i === 0 || sortsAfter(m, marks[i - 1])) rank++;
    rankOf.set(m.codePointAt(0)!, rank);
  });
  if (rank >= NO_STARTER_RANK) throw new Error(`nfkc: ${rank} combining classes do not fit below ${NO_STARTER_RANK}`);

  // Primary composites: P that NFC keeps and that decomposes; its pair is (NFC of the rest, one removed
  // code point), checked by composing it back.
  const pairs = new Map<number, number>();
  for (const c of composites(decomposedFrom)) {
    const p = c.codePointAt(0)!;
    const d = codePoints(c.normalize('NFD'));
    for (let i = d.length - 1; i >= 1; i--) {
      const first = codePoints(String.fromCodePoint(...d.slice(0, i), ...d.slice(i + 1)).normalize('NFC'));
      if (first.length !== 1) continue;
      if (String.fromCodePoint(first[0], d[i]).normalize('NFC') === c) {
        pairs.set(first[0] * COMPOSITION_RADIX + d[i], p);
      }
    }
  }
  const keys = [...pairs.keys()].sort((a, b) => a - b);
  const composingStarters = [...new Set(keys.map((k) => k % COMPOSITION_RADIX))]
    .filter((cp) => !rankOf.has(cp))
    .sort((a, b) => a - b);
  const nonStarters = [...rankOf.keys()].sort((a, b) => a - b);
  return {
    decomposedFrom: Int32Array.from(decomposedFrom),
    decomposedOffsets: Int32Array.from(decomposedOffsets),
    decomposedTo: Int32Array.from(decomposedTo),
    nonStarters: Int32Array.from(nonStarters),
    combiningRank: Int32Array.from(nonStarters, (cp) => rankOf.get(cp)!),
    compositionKeys: Float64Array.from(keys),
    composites: Int32Array.from(keys, (k) => pairs.get(k)!),
    composingStarters: Int32Array.from(composingStarters),
  };
}

/** Code points NFC keeps that have a canonical decomposition (a subset of those NFKD changes). */
function* composites(decomposable: number[]): Generator<string> {
  for (const cp of decomposable) {
    const c = String.fromCodePoint(cp);
    if (c.normalize('NFC') === c && c.normalize('NFD') !== c) yield c;
  }
}
