/**
 * Graph extensions applied by every export, in order (see extension.ts for the seam).
 * The tokenizer's `serving_default` / `tokenize` extension is registered here.
 */
import type { GraphExtension } from './extension';

export const DEFAULT_EXTENSIONS: readonly GraphExtension[] = [];
