// The stack's config for the local commands: Pulumi.<stack>.yaml read from disk (there is no Pulumi engine
// here) and validated by the same parseStackConfig that `pulumi up` uses, so `npm start` and the CLIs see
// exactly the values the stack would deploy with.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { ConfigError, parseStackConfig, type StackConfig } from '../../infra/config';
import { namespaceProblems } from '../../infra/config-namespaces';

const PROJECT_ROOT = join(__dirname, '..', '..');

export interface LoadOptions {
  /** Where config warnings go (a serving image near its end of availability); `pulumi up` shows them as warnings. */
  warn?: (message: string) => void;
  /** The date images are checked against (injected by tests). */
  today?: Date;
}

export function loadStackConfig(stack: string, root = PROJECT_ROOT, options: LoadOptions = {}): StackConfig {
  if (!/^[A-Za-z0-9_.-]+$/.test(stack)) throw new Error(`--stack: "${stack}" is not a stack name (letters, digits, _ . -)`);
  const projectName = (parse(readFileSync(join(root, 'Pulumi.yaml'), 'utf8')) as { name: string }).name;
  const path = join(root, `Pulumi.${stack}.yaml`);
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    throw new Error(`--stack: no stack file ${path} (stacks here: dev, prod)`);
  }
  const config = ((parseStackText(text, path) as { config?: Record<string, unknown> } | null)?.config ?? {}) as Record<string, unknown>;
  const misspelt = namespaceProblems(Object.keys(config), projectName);
  if (misspelt.length > 0) throw new ConfigError(misspelt, stack);
  // Project keys lose their namespace; provider keys (gcp:project, gcp:region) keep theirs, as parseStackConfig expects.
  const raw = Object.fromEntries(
    Object.entries(config).map(([key, value]) => [key.startsWith(`${projectName}:`) ? key.slice(projectName.length + 1) : key, value]),
  );
  // Job input files are relative to the project root: the folder holding Pulumi.yaml.
  const warn = options.warn ?? ((message: string) => console.warn(`warning: ${message}`));
  return parseStackConfig(raw, stack, { projectRoot: root, warn, ...(options.today ? { today: options.today } : {}) });
}

/** YAML keeps the last of two equal keys; Pulumi refuses the file. Say which key, and that job keys must be unique. */
function parseStackText(text: string, path: string): unknown {
  try {
    return parse(text);
  } catch (error) {
    if (!(error instanceof YAMLParseError) || error.code !== 'DUPLICATE_KEY') throw error;
    const line = error.linePos?.[0]?.line ?? 0;
    const key = (text.split('\n')[line - 1] ?? '').trim().replace(/:.*$/, '');
    const jobs = /^\s*[\w-]+:jobs:/m.test(text) ? ' (job keys under vertex-embeddings:jobs must be unique: each names one job)' : '';
    throw new Error(`${path}: key ${JSON.stringify(key)} appears twice in one map at line ${line}${jobs}; allowed: each key once`);
  }
}
