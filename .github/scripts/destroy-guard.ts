// The gate in front of `pulumi destroy` in CI: the person who started the run typed the stack name again, the
// stack exists in this repo with a valid config, and that config does not protect it (environment prod: the
// bucket is `protect`ed and holds versioned prediction outputs). Runs before any cloud credentials are requested.
// CLI: tsx .github/scripts/destroy-guard.ts --stack <name> --confirm <name again>   (exit 1 with the reason on refusal)
import { readdirSync } from 'node:fs';
import type { StackConfig } from '../../infra/config';
import { stacksIn } from './affected-stacks';
import { loadStackFile, REPO_ROOT } from './stack-file';

export interface DestroyRequest {
  stack: string;
  confirm: string;
  /** Stacks that have a `Pulumi.<stack>.yaml` in the repo. */
  knownStacks: readonly string[];
  /** Loads and validates the stack's config (called only for a known, confirmed stack). */
  loadConfig: (stack: string) => Pick<StackConfig, 'environment' | 'isProd' | 'bucket'>;
}

/** Why the destroy must not run, or undefined when it may. */
export function destroyRefusal(req: DestroyRequest): string | undefined {
  if (!req.knownStacks.includes(req.stack)) {
    return `stack: "${req.stack}" has no Pulumi.${req.stack}.yaml in this repository; allowed: ${req.knownStacks.join(', ') || 'none'}`;
  }
  if (req.confirm !== req.stack) {
    return `confirm: "${req.confirm}" does not match the stack name; allowed: exactly "${req.stack}"`;
  }
  let config: ReturnType<DestroyRequest['loadConfig']>;
  try {
    config = req.loadConfig(req.stack);
  } catch (error) {
    return `stack: "${req.stack}" has an invalid config, so it cannot be shown to be unprotected: ${(error as Error).message}`;
  }
  if (config.isProd || config.bucket.protect) {
    return `stack: "${req.stack}" is a protected stack (environment: ${config.environment}, protected bucket); CI never destroys it. Unprotect its resources and destroy by hand if you really mean to`;
  }
  return undefined;
}

function argValue(args: readonly string[], name: string): string {
  const at = args.indexOf(name);
  return at >= 0 ? (args[at + 1] ?? '') : '';
}

function main(args: readonly string[]): void {
  const stack = argValue(args, '--stack');
  const refusal = destroyRefusal({
    stack,
    confirm: argValue(args, '--confirm'),
    knownStacks: stacksIn(readdirSync(REPO_ROOT)),
    loadConfig: (name) => loadStackFile(name),
  });
  if (refusal) {
    console.error(`destroy refused: ${refusal}`);
    process.exit(1);
  }
  console.log(`destroy of stack "${stack}" allowed`);
}

if (require.main === module) main(process.argv.slice(2));
