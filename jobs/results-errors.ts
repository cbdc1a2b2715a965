// Summary of a job's error rows: how many, and the most frequent messages (a job of a million rows can
// fail the same way a million times; the user needs the distinct reasons, not the rows).
const MESSAGES_SHOWN = 5;
const MESSAGE_CHARS = 300; // long enough for Vertex's messages, short enough for a terminal line

export interface ErrorSummary {
  total: number;
  top: { message: string; count: number }[];
}

export class ErrorTally {
  private readonly counts = new Map<string, number>();
  total = 0;

  add(line: string): void {
    this.addCount(errorMessage(line), 1);
  }

  /** `count` rows failed with `message` (an errors_stats line). */
  addCount(message: string, count: number): void {
    this.total += count;
    const shown = message.slice(0, MESSAGE_CHARS);
    this.counts.set(shown, (this.counts.get(shown) ?? 0) + count);
  }

  summary(): ErrorSummary {
    const top = [...this.counts.entries()]
      .sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))
      .slice(0, MESSAGES_SHOWN)
      .map(([message, count]) => ({ message, count }));
    return { total: this.total, top };
  }
}

export function formatErrorSummary(summary: ErrorSummary): string[] {
  if (summary.total === 0) return ['errors: none'];
  return [
    `errors: ${summary.total} row(s) failed; most frequent:`,
    ...summary.top.map(({ message, count }) => `  ${count} × ${message}`),
  ];
}

function errorMessage(line: string): string {
  try {
    const row = JSON.parse(line) as { error?: unknown };
    const error = row.error;
    if (typeof error === 'string') return error;
    if (error && typeof error === 'object') {
      // Vertex writes `status` (the code's enum name, PredictionResult.Error); older outputs here wrote `code`.
      const { code, status, message } = error as { code?: unknown; status?: unknown; message?: unknown };
      const label = status !== undefined ? `[${String(status)}]` : code !== undefined ? `[code ${String(code)}]` : '';
      return [label, typeof message === 'string' ? message : JSON.stringify(error)]
        .filter(Boolean)
        .join(' ');
    }
    return '(error row without an error field)';
  } catch {
    return '(unreadable error row)';
  }
}
