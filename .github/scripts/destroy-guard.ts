// The gate in front of `pulumi destroy` in CI: the person who started the run typed the stack name again, the
// stack exists in this repo, and its config does not mark it as protected (environment: prod, whose bucket is
// `protect`ed and holds versioned prediction outputs). Runs before any cloud credentials are requested.
// CLI: tsx .github/scripts/destroy-guard.ts --stack <name> --confirm <name again>   (exit 1 with the reason on refusal)
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { stacksIn } from './affected-stacks';

/** Environment kinds `pulumi destroy` is never run on from CI; tear those down by hand, deliberately. */
export const PROTECTED_ENVIRONMENTS: readonly string[] = ['prod'];

export interface DestroyRequest {
  stack: string;
  confirm: string;
  /** Stacks that have a `Pulumi.<stack>.yaml` in the repo. */
  knownStacks: readonly string[];
  /** The stack file's `config:` map (keys namespaced, e.g. `vertex-embeddings:environment`). */
  stackConfig: Readonly<Record<string, unknown>>;
}

/** Why the destroy must not run, or undefined when it may. */
export function destroyRefusal(req: DestroyRequest): string | undefined {
  if (!req.knownStacks.includes(req.stack)) {
    return `stack: "${req.stack}" has no Pulumi.${req.stack}.yaml in this repository; allowed: ${req.knownStacks.join(', ') || 'none'}`;
  }
  if (req.confirm !== req.stack) {
    return `confirm: "${req.confirm}" does not match the stack name; allowed: exactly "${req.stack}"`;
  }
  const environmentKey = Object.keys(req.stackConfig).find((key) => key.endsWith(':environment'));
  const environment = environmentKey === undefined ? undefined : req.stackConfig[environmentKey];
  if (typeof environment !== 'string') {
    return `stack: "${req.stack}" has no environment in Pulumi.${req.stack}.yaml, so it cannot be shown to be unprotected; allowed: stacks with environment set to a kind other than ${PROTECTED_ENVIRONMENTS.join(', ')}`;
  }
  if (PROTECTED_ENVIRONMENTS.includes(environment)) {
    return `stack: "${req.stack}" is a protected stack (environment: ${environment}); CI never destroys it. Unprotect its resources and destroy by hand if you really mean to`;
  }
  return undefined;
}

function argValue(args: readonly string[], name: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? '') : '';
}

function main(args: readonly string[]): void {
  const root = join(__dirname, '..', '..');
  const stack = argValue(args, '--stack');
  const knownStacks = stacksIn(readdirSync(root));
  const stackConfig = knownStacks.includes(stack)
    ? ((parse(readFileSync(join(root, `Pulumi.${stack}.yaml`), 'utf8'))?.config ?? {}) as Record<string, unknown>)
    : {};
  const refusal = destroyRefusal({ stack, confirm: argValue(args, '--confirm'), knownStacks, stackConfig });
  if (refusal) {
    console.error(`destroy refused: ${refusal}`);
    process.exit(1);
  }
  console.log(`destroy of stack "${stack}" allowed`);
}

if (require.main === module) main(process.argv.slice(2));
