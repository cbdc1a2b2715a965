// The model export step CI runs before `pulumi up`: exactly what the program does first (infra/index.ts →
// prepareModelArtifact), for one committed stack, into the same caches (the exporter's source download cache and
// .cache/model-export/<key>/). With those restored by actions/cache the export is a cache hit, the artifact
// digest is unchanged, and `up` uploads nothing; a failed export fails the job before credentials are requested.
// CLI: tsx .github/scripts/prepare-model.ts --stack <name>   (prints the exporter's progress and the digest)
import { type PrepareOptions, type PreparedArtifact, prepareModelArtifact } from '../../infra/artifact-export';
import { defaultPrepareOptions } from '../../infra/artifact-options';
import { loadStackFile, REPO_ROOT } from './stack-file';

export async function prepareStackModel(stack: string, options: PrepareOptions, root = REPO_ROOT): Promise<PreparedArtifact> {
  const config = loadStackFile(stack, root);
  return prepareModelArtifact(config.model, options);
}

async function main(args: readonly string[]): Promise<void> {
  const at = args.indexOf('--stack');
  const stack = at >= 0 ? args[at + 1] : undefined;
  if (!stack) throw new Error('--stack: missing; allowed: a stack with a Pulumi.<stack>.yaml, e.g. dev');
  const options = defaultPrepareOptions((line) => console.log(line));
  // The folder the workflow's cache step must save (and the program under `pulumi up` reads): shown in the CI log.
  console.log(`model export cache: ${options.exportsDir}`);
  const artifact = await prepareStackModel(stack, options);
  console.log(`model artifact for stack "${stack}": digest ${artifact.digest} (${artifact.fromCache ? 'from cache' : 'exported'}, source ${artifact.sourceKind}) in ${artifact.dir}`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(`model export failed: ${error.message}`);
    process.exit(1);
  });
}
