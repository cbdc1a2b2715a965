// The benchmark's input: deterministic English-like sentences of mixed length (mostly short, every 25th a
// paragraph past the 128-token window, every 97th empty), in an order with no length sorting.
import { longText, makeSentences } from '../test/tf/sentences';

export function benchSentences(count: number): string[] {
  return makeSentences(count, 2026).map((s, i) => {
    if (i % 97 === 96) return '';
    if (i % 25 === 24) return longText(40 + (i % 7) * 40, i);
    return s;
  });
}

/** Token slots a batch plan pays for (rows × longest row, window-clipped) relative to real tokens. */
export function paddingFactor(lengths: number[], batches: number[][]): number {
  let padded = 0;
  let real = 0;
  for (const b of batches) {
    const longest = Math.max(...b.map((i) => lengths[i]));
    padded += longest * b.length;
    real += b.reduce((s, i) => s + lengths[i], 0);
  }
  return padded / real;
}
