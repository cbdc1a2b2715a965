/**
 * Vertex's label rules (shared by models and jobs): at most 64 labels; keys and values up to 64 characters of
 * lowercase letters, digits, `_` and `-` (international letters allowed); keys start with a letter.
 */
import { invalidArgument } from './errors';

const MAX_LABELS = 64;
const MAX_LENGTH = 64;
const KEY = /^\p{Ll}[\p{Ll}\p{Lo}\p{N}_-]*$/u;
const VALUE = /^[\p{Ll}\p{Lo}\p{N}_-]*$/u;

export function validateLabels(labels: Record<string, string> | undefined, field: string): void {
  const entries = Object.entries(labels ?? {});
  if (entries.length > MAX_LABELS) throw invalidArgument(`${field}: at most ${MAX_LABELS} labels are allowed, got ${entries.length}`);
  for (const [key, value] of entries) {
    if ([...key].length > MAX_LENGTH || !KEY.test(key)) {
      throw invalidArgument(
        `${field}: invalid label key "${key}": keys start with a lowercase letter and hold up to ${MAX_LENGTH} lowercase letters, digits, "_" or "-"`,
      );
    }
    if ([...value].length > MAX_LENGTH || !VALUE.test(value)) {
      throw invalidArgument(
        `${field}: invalid value "${value}" for label "${key}": values hold up to ${MAX_LENGTH} lowercase letters, digits, "_" or "-"`,
      );
    }
  }
}
