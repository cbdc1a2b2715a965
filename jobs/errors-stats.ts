// The text of Vertex's `prediction.errors_stats-*` files: one line per distinct error with how many rows failed
// with it, written as a Python tuple, e.g.
//   ('Post request fails. Cannot get predictions. Error: Exceeded retries: …', 16)
// Sources: the Vertex AI batch prediction troubleshooting page and python-aiplatform#2666 (a user's file), see
// /work/shared/reference/field-notes.md. The per-row error lines themselves are in the results files
// (PredictionResult: "Represents a line of JSONL in the batch prediction output file", with `error` set instead
// of `prediction`: https://cloud.google.com/vertex-ai/docs/reference/rest/v1beta1/PredictionResult).
// The executor writes these lines and `npm run results` reads them back, so both sides use this one module.

export interface ErrorStat {
  message: string;
  count: number;
}

/** Python's repr() of a str: single quotes unless the text holds ' and no ", backslash escapes for the rest. */
export function pythonStringRepr(text: string): string {
  const quote = text.includes("'") && !text.includes('"') ? '"' : "'";
  let out = quote;
  for (const char of text) {
    const code = char.codePointAt(0)!;
    if (char === '\\') out += '\\\\';
    else if (char === quote) out += `\\${quote}`;
    else if (char === '\n') out += '\\n';
    else if (char === '\r') out += '\\r';
    else if (char === '\t') out += '\\t';
    else if (code < 0x20 || (code >= 0x7f && code < 0xa0)) out += `\\x${code.toString(16).padStart(2, '0')}`;
    else if (code === 0x2028 || code === 0x2029) out += `\\u${code.toString(16)}`;
    else out += char;
  }
  return out + quote;
}

export function errorStatLine(stat: ErrorStat): string {
  return `(${pythonStringRepr(stat.message)}, ${stat.count})`;
}

const STAT_LINE = /^\(\s*(['"])((?:\\.|(?!\1)[^\\])*)\1\s*,\s*(\d+)\s*\)$/s;
const ESCAPES: Record<string, string> = { n: '\n', r: '\r', t: '\t', '\\': '\\', "'": "'", '"': '"', '0': '\0', a: '\x07', b: '\b', f: '\f', v: '\v' };

/** An errors_stats line back to its message and count; undefined when the line is not such a tuple. */
export function parseErrorStatLine(line: string): ErrorStat | undefined {
  const match = STAT_LINE.exec(line.trim());
  if (!match) return undefined;
  const message = match[2].replace(/\\(x[0-9a-fA-F]{2}|u[0-9a-fA-F]{4}|U[0-9a-fA-F]{8}|.)/g, (_, escape: string) => {
    if (escape.length > 1) return String.fromCodePoint(parseInt(escape.slice(1), 16));
    return ESCAPES[escape] ?? `\\${escape}`;
  });
  return { message, count: Number(match[3]) };
}

/**
 * Counts of a shard's distinct error messages. The distinct messages kept are bounded (a message may quote the
 * instance, so a million failed rows could mean a million messages); the rest are counted on one line that
 * says so, so the counts still add up to the failed rows.
 */
export class ErrorStatsCounter {
  private readonly counts = new Map<string, number>();
  private overflow = 0;

  constructor(private readonly maxDistinct = 1000) {}

  add(message: string): void {
    const seen = this.counts.get(message);
    if (seen !== undefined) this.counts.set(message, seen + 1);
    else if (this.counts.size < this.maxDistinct) this.counts.set(message, 1);
    else this.overflow += 1;
  }

  /** The lines of the errors_stats file, most frequent first. */
  lines(): string[] {
    const stats = [...this.counts.entries()].map(([message, count]) => ({ message, count })).sort((a, b) => b.count - a.count);
    if (this.overflow > 0) stats.push({ message: `(errors with other messages, beyond the first ${this.maxDistinct} distinct ones; see the error rows in prediction.results-*)`, count: this.overflow });
    return stats.map(errorStatLine);
  }
}
