// The CLI's own summary of an operation: the lines under "Resources:" (e.g. "+ 23 to create", "~ 2 updated",
// "25 unchanged"). `pulumi up --yes` prints the plan's summary first and the update's last: the last one counts.
const BLOCK = /^Resources:\n((?: {4}.+\n?)+)/gm;

/** The summary lines as the CLI printed them, for logs and failure messages. */
export function summaryLines(output: string): string[] {
  const blocks = [...output.matchAll(BLOCK)];
  const last = blocks[blocks.length - 1];
  return last ? last[1].split('\n').map((l) => l.trim()).filter(Boolean) : [];
}

/** The last summary as a map from the operation words to the count, e.g. { created: 24 }. */
export function resourceSummary(output: string): Record<string, number> {
  const lines = summaryLines(output);
  if (lines.length === 0) throw new Error(`no "Resources:" summary in the CLI output:\n${output}`);
  const counts: Record<string, number> = {};
  for (const line of lines) {
    const match = /^(?:[-+~]+\s*)?(\d+) (.+)$/.exec(line);
    if (match) counts[match[2]] = Number(match[1]);
  }
  return counts;
}
