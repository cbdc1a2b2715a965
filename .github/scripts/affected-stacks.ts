// Which Pulumi stacks a set of changed files can affect, so a pull request previews only those.
//
// A change to `Pulumi.<stack>.yaml` affects that stack; a change to anything the program is built from (the
// program, the model export, the policy pack, dependencies, the shared workflow) affects every stack; docs,
// tests and the local emulators affect none.
// CLI (used by .github/workflows/preview.yml):
//   tsx .github/scripts/affected-stacks.ts --base <git rev> [--head <git rev>]   →   prints `stacks=["dev","prod"]`
import { execFileSync } from 'node:child_process';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';

/** Paths (prefix match for folders) that every stack's `pulumi up` is built from. */
export const SHARED_INPUTS: readonly string[] = [
  'infra/',
  'jobs/',
  'model/',
  'policy/',
  'Pulumi.yaml',
  'package.json',
  'package-lock.json',
  'tsconfig.json',
  '.github/workflows/pulumi-stack.yml',
];

const STACK_FILE = /^Pulumi\.([A-Za-z0-9_.-]+)\.yaml$/;

/** Stack names from the `Pulumi.<stack>.yaml` files in a directory listing. */
export function stacksIn(fileNames: readonly string[]): string[] {
  return fileNames.flatMap((name) => STACK_FILE.exec(name)?.[1] ?? []).sort();
}

export function affectedStacks(changedFiles: readonly string[], stacks: readonly string[]): string[] {
  const touchesShared = changedFiles.some((file) =>
    SHARED_INPUTS.some((shared) => (shared.endsWith('/') ? file.startsWith(shared) : file === shared)),
  );
  if (touchesShared) return [...stacks].sort();
  const named = changedFiles.flatMap((file) => STACK_FILE.exec(file)?.[1] ?? []);
  return stacks.filter((stack) => named.includes(stack)).sort();
}

function argValue(args: readonly string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

function main(args: readonly string[]): void {
  const base = argValue(args, '--base');
  const head = argValue(args, '--head') ?? 'HEAD';
  if (!base) throw new Error('--base: missing; allowed: a git revision, e.g. the pull request base SHA');
  const root = join(__dirname, '..', '..');
  const diff = execFileSync('git', ['diff', '--name-only', `${base}...${head}`], { cwd: root, encoding: 'utf8' });
  const changed = diff.split('\n').filter(Boolean);
  const stacks = affectedStacks(changed, stacksIn(readdirSync(root)));
  process.stdout.write(`stacks=${JSON.stringify(stacks)}\n`);
}

if (require.main === module) main(process.argv.slice(2));
