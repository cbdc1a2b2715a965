// A committed stack file (Pulumi.<stack>.yaml) read the way Pulumi hands it to the program, and validated by the
// program's own schema (infra/config.ts): for CI steps that must agree with the program before `pulumi` runs.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { parseStackConfig, type StackConfig } from '../../infra/config';

export const REPO_ROOT = join(__dirname, '..', '..');

/** The Pulumi project name (namespace of the product's config keys). */
export function projectName(root = REPO_ROOT): string {
  return (parse(readFileSync(join(root, 'Pulumi.yaml'), 'utf8')) as { name: string }).name;
}

/** The stack file's `config:` map with the project namespace removed (`gcp:` keys keep theirs). */
export function stackFileValues(stack: string, root = REPO_ROOT): Record<string, unknown> {
  const namespace = `${projectName(root)}:`;
  const config = (parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), 'utf8')) as { config?: Record<string, unknown> }).config ?? {};
  return Object.fromEntries(Object.entries(config).map(([key, value]) => [key.startsWith(namespace) ? key.slice(namespace.length) : key, value]));
}

/** Validated config of a committed stack; throws infra/config's ConfigError naming every bad key. */
export function loadStackFile(stack: string, root = REPO_ROOT): StackConfig {
  return parseStackConfig(stackFileValues(stack, root), stack);
}
