// NFKC computed from the exported tables by the very algorithm the graph runs (decompose, reorder, compose),
// in plain JS. Tests hold it equal to `String.prototype.normalize('NFKC')`, which checks the tables; the graph
// is then checked against the JS tokenizer.
import { COMPOSITION_RADIX, NO_STARTER_RANK, type NfkcTables } from './nfkc-tables';

export function nfkcFromTables(t: NfkcTables): (text: string) => string {
  const decomposition = new Map<number, number[]>();
  t.decomposedFrom.forEach((cp, i) => decomposition.set(cp, [...t.decomposedTo.subarray(t.decomposedOffsets[i], t.decomposedOffsets[i + 1])]));
  const rank = new Map<number, number>();
  t.nonStarters.forEach((cp, i) => rank.set(cp, t.combiningRank[i]));
  const composite = new Map<number, number>();
  t.compositionKeys.forEach((k, i) => composite.set(k, t.composites[i]));
  const rankOf = (cp: number) => rank.get(cp) ?? 0;
  return (text) => compose(decomposeAndReorder(text, decomposition, rankOf), composite, rankOf);
}

function decomposeAndReorder(text: string, decomposition: Map<number, number[]>, rankOf: (cp: number) => number): number[] {

  // 1. decompose
  const cps = Array.from(text, (c) => c.codePointAt(0)!).flatMap((cp) => decomposition.get(cp) ?? [cp]);
  // 2. stable sort of each run of non-starters by rank
  for (let i = 0; i < cps.length; ) {
    if (rankOf(cps[i]) === 0) { i++; continue; }
    let j = i;
    while (j < cps.length && rankOf(cps[j]) !== 0) j++;
    const run = cps.slice(i, j).map((cp, k) => [rankOf(cp), k, cp]).sort((a, b) => a[0] - b[0] || a[1] - b[1]);
    run.forEach(([, , cp], k) => (cps[i + k] = cp));
    i = j;
  }
  return cps;
}

function compose(cps: number[], composite: Map<number, number>, rankOf: (cp: number) => number): string {
  // 3. compose (UAX #15 reference algorithm)
  const out: number[] = [];
  let starterAt = -1;
  let lastRank = NO_STARTER_RANK;
  for (const cp of cps) {
    const r = rankOf(cp);
    const c = starterAt >= 0 ? composite.get(out[starterAt] * COMPOSITION_RADIX + cp) : undefined;
    if (c !== undefined && (lastRank < r || lastRank === 0)) {
      out[starterAt] = c;
      continue;
    }
    if (r === 0) starterAt = out.length;
    lastRank = r;
    out.push(cp);
  }
  return String.fromCodePoint(...out);
}
