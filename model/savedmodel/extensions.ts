/**
 * Graph extensions applied by every export, in order (see extension.ts for the seam).
 * The tokenizer's `serving_default` / `tokenize` extension is registered here (added by the tokenizer engineer,
 * issue #6: model/tokenizer/graph/extension.ts).
 */
import { tokenizerExtension } from '../tokenizer/graph/extension';
import type { GraphExtension } from './extension';

export const DEFAULT_EXTENSIONS: readonly GraphExtension[] = [tokenizerExtension];
