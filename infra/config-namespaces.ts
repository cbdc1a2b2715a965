// Config keys are `<namespace>:<name>`; Pulumi hands a program every key of the stack file, and one whose
// namespace is misspelt (`vertex-embedings:prediction`) would otherwise just be ignored, deploying the defaults
// instead of what the user wrote. Only this project's namespace and those of the providers the stack uses
// are accepted; any other key is named, with the key it was probably meant to be.

/** Namespaces besides the project's that a stack file may use: the gcp provider's, Pulumi's own. */
export const PROVIDER_NAMESPACES = ['gcp', 'pulumi'] as const;

export function namespaceProblems(keys: Iterable<string>, project: string): string[] {
  const allowed = [project, ...PROVIDER_NAMESPACES];
  const problems: string[] = [];
  for (const key of keys) {
    const colon = key.indexOf(':');
    if (colon < 0) continue;
    const namespace = key.slice(0, colon);
    if (allowed.includes(namespace)) continue;
    const guess = editDistance(namespace, project) <= 3 ? ` (did you mean ${project}:${key.slice(colon + 1)}?)` : '';
    problems.push(`${key}: the namespace "${namespace}" is not this project's${guess}; allowed namespaces: ${allowed.join(', ')}`);
  }
  return problems;
}

/** Levenshtein distance, for the "did you mean" above (keys are short). */
function editDistance(a: string, b: string): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (a[i - 1] === b[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[b.length];
}
