/** Time conversions between the emulator clock (epoch ms) and what Vertex shows. */
import type { Timestamp } from './types';

export function toTimestamp(ms: number): Timestamp {
  const seconds = Math.floor(ms / 1000);
  return { seconds: String(seconds), nanos: Math.round((ms - seconds * 1000) * 1e6) };
}

/** Vertex's timestamp in output folder names: `2026_01_01T09_52_51_390Z` (ISO 8601 with `_` for `-`, `:`, `.`). */
export function folderTimestamp(ms: number): string {
  return new Date(ms).toISOString().replace(/[-:.]/g, '_');
}
