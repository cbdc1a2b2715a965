/**
 * Lines of an input file, split from the raw bytes with a bound on each line, so that no line can take the
 * process's memory: a line longer than the bound is skipped over (its bytes are counted, not kept) and becomes
 * an error row naming the limit; a line that is not valid UTF-8 becomes an error row instead of text with
 * U+FFFD in it (a JSONL file is UTF-8 text, RFC 8259 §8.1: a replaced byte would embed a text the user never
 * wrote). Memory per file: one line of at most `maxBytes`, plus the stream's chunk.
 */
import type { Readable } from 'node:stream';
import { rowError, type RowError } from './errors';

/**
 * The largest instance (one JSONL line, or one listed file) the local executor takes. Vertex takes at most 1.5 MB
 * per online request to a custom model ("Request size limit", https://cloud.google.com/vertex-ai/docs/quotas), but
 * the local encoder's memory grows with the tokens of a text and is not given back between calls (measured with
 * `npm run predict`: peak RSS 470 MB for one 100 KB text, 820 MB for one 1.5 MB text, 1.4 GB for ten 1.5 MB
 * texts one by one), so the bound here is lower: 256 KiB, some 40,000 words, far beyond what a sentence encoder
 * gives a meaningful embedding for.
 */
export const MAX_INSTANCE_BYTES = 256 * 1024;
/** How much of a rejected line the error row quotes as its instance. */
const PREVIEW_BYTES = 200;

export type InputLine = { line: number; text: string } | { line: number; error: RowError; preview: string };

const strictUtf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: false });
const lossyUtf8 = new TextDecoder('utf-8', { fatal: false });

export function oversizeError(what: string, bytes: number, maxBytes: number): RowError {
  return rowError(`${what} is ${bytes} bytes, over the executor's limit of ${maxBytes} bytes per instance (MAX_INSTANCE_BYTES).`);
}

function preview(bytes: Buffer): string {
  const head = lossyUtf8.decode(bytes.subarray(0, PREVIEW_BYTES));
  return bytes.length > PREVIEW_BYTES ? `${head}…` : head;
}

/** Offset of the first byte that is not part of a well-formed UTF-8 sequence (only called on invalid input). */
function firstInvalidByte(bytes: Buffer): number {
  for (let at = 0; at < bytes.length; ) {
    const lead = bytes[at];
    const length = lead < 0x80 ? 1 : lead >= 0xc2 && lead <= 0xdf ? 2 : lead >= 0xe0 && lead <= 0xef ? 3 : lead >= 0xf0 && lead <= 0xf4 ? 4 : 0;
    if (length === 0 || !strictlyDecodes(bytes.subarray(at, at + length))) return at;
    at += length;
  }
  return bytes.length;
}

function strictlyDecodes(bytes: Buffer): boolean {
  try {
    strictUtf8.decode(bytes);
    return true;
  } catch {
    return false;
  }
}

/** Non-empty lines of `input` (a trailing CR is dropped), each as text or as the row error it becomes. */
export async function* boundedLines(input: Readable, source: string, maxBytes = MAX_INSTANCE_BYTES): AsyncGenerator<InputLine> {
  let parts: Buffer[] = [];
  let kept = 0; // bytes in parts
  let length = 0; // bytes of the current line, also those not kept
  let line = 0;

  function* finish(): Generator<InputLine> {
    line += 1;
    let bytes = Buffer.concat(parts, kept);
    const total = length;
    parts = [];
    kept = length = 0;
    if (total <= maxBytes && bytes[bytes.length - 1] === 0x0d) bytes = bytes.subarray(0, -1);
    if (total === 0 || (total <= maxBytes && bytes.length === 0)) return;
    if (total > maxBytes) {
      yield { line, error: oversizeError(`Line ${line} of ${source}`, total, maxBytes), preview: preview(bytes) };
      return;
    }
    try {
      yield { line, text: strictUtf8.decode(bytes) };
    } catch {
      const at = firstInvalidByte(bytes);
      yield { line, error: rowError(`Line ${line} of ${source} is not UTF-8 text (invalid byte 0x${bytes[at].toString(16).padStart(2, '0')} at byte ${at} of the line).`), preview: preview(bytes) };
    }
  }

  const append = (chunk: Buffer) => {
    length += chunk.length;
    // Past the limit only the head is kept, for the error row's preview.
    const room = length > maxBytes ? Math.max(0, PREVIEW_BYTES - kept) : chunk.length;
    if (room > 0) {
      const piece = chunk.subarray(0, room);
      parts.push(piece);
      kept += piece.length;
    }
    if (length > maxBytes && kept > PREVIEW_BYTES) {
      const head = Buffer.concat(parts, kept).subarray(0, PREVIEW_BYTES);
      parts = [head];
      kept = head.length;
    }
  };

  for await (const chunk of input as AsyncIterable<Buffer | string>) {
    const buffer = typeof chunk === 'string' ? Buffer.from(chunk) : chunk;
    let start = 0;
    for (let newline = buffer.indexOf(0x0a, start); newline >= 0; newline = buffer.indexOf(0x0a, start)) {
      append(buffer.subarray(start, newline));
      yield* finish();
      start = newline + 1;
    }
    if (start < buffer.length) append(buffer.subarray(start));
  }
  yield* finish();
}
