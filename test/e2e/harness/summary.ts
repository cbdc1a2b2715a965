// The CLI's own summary of an operation: the lines under "Resources:" (e.g. "+ 23 to create", "~ 2 updated",
// "25 unchanged"), as a map from the operation words to the count.
export function resourceSummary(output: string): Record<string, number> {
  const block = /^Resources:\n((?: {4}.+\n?)+)/m.exec(output);
  if (!block) throw new Error(`no "Resources:" summary in the CLI output:\n${output}`);
  const counts: Record<string, number> = {};
  for (const line of block[1].split('\n').map((l) => l.trim()).filter(Boolean)) {
    const match = /^(?:[-+~]+\s*)?(\d+) (.+)$/.exec(line);
    if (match) counts[match[2]] = Number(match[1]);
  }
  return counts;
}

/** The summary lines as the CLI printed them, for reports and failure messages. */
export function summaryLines(output: string): string[] {
  const block = /^Resources:\n((?: {4}.+\n?)+)/m.exec(output);
  return block ? block[1].split('\n').map((l) => l.trim()).filter(Boolean) : [];
}
