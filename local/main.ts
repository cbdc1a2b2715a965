// `npm start [-- --stack dev] [--source real|DIR] [--keep DIR]`: the reference notebook end to end on this
// machine (export → upload → model registration → two batch prediction jobs → outputs → cleanup) against the
// in-process GCS and Vertex AI emulators, through the same provider code `pulumi up` runs. Exit code 1 on failure.
import { join } from 'node:path';
import { parseFlags, UsageError } from './cli/args';
import { createLocalExecutor } from './cli/executor';
import { parseMaps } from './cli/offline-jobs';
import { handleInterrupts, type Interruption } from './cli/interrupt';
import { runLocalFlow } from './cli/start-flow';

const PROJECT_ROOT = join(__dirname, '..');
const USAGE = `usage: npm start [-- --stack STACK] [--source real|DIR] [--keep DIR] [--map gs://BUCKET/PREFIX=DIR ...] [--skip KEY ...]
  --stack   stack config to use (default dev: Pulumi.dev.yaml); its \`jobs\` run, else the notebook's two
  --map     a local folder holding the objects under gs://BUCKET/PREFIX, for jobs whose input.uris read them
  --skip    leave this job out of the run (jobs that cannot run offline are refused unless skipped)
  --source  USE lite files: real (download once, verified), fixture, or a folder; default: the stack's model.source,
            where real means the cache if present, else the offline fixture (synthetic weights)
  --keep    where the job outputs are kept (default outputs/npm-start-<UTC time>)
Ctrl-C (or SIGTERM) deletes the jobs and the model, removes temporary folders and exits 130; a second Ctrl-C exits at once.`;

async function main(argv: string[], interruption: Interruption): Promise<void> {
  const flags = parseFlags(
    argv,
    {
      stack: { type: 'string', default: 'dev' },
      source: { type: 'string' },
      keep: { type: 'string' },
      map: { type: 'string', multiple: true },
      skip: { type: 'string', multiple: true },
      help: { type: 'boolean', default: false },
    },
    USAGE,
  );
  if (flags.help) return void console.log(USAGE);
  const stamp = new Date().toISOString().replace(/[:.]/g, '-');
  const keepDir = flags.keep ?? join(process.cwd(), 'outputs', `npm-start-${stamp}`);
  const result = await runLocalFlow({
    stack: flags.stack!,
    source: flags.source,
    keepDir,
    exportsDir: process.env.MODEL_EXPORT_DIR ?? join(PROJECT_ROOT, '.cache', 'model-export'),
    fixtureDir: join(PROJECT_ROOT, '.cache', 'model-fixture'),
    executor: createLocalExecutor(),
    maps: parseMaps(flags.map ?? []),
    skip: flags.skip ?? [],
    interruption,
    log: (line) => console.log(line),
  });
  const withoutOutputs = result.jobs.filter((job) => job.firstPredictions.length === 0);
  if (withoutOutputs.length) throw new Error(`no predictions from ${withoutOutputs.map((job) => job.displayName).join(', ')}`);
  console.log(`done: outputs kept in ${keepDir}`);
}

const interruption = handleInterrupts({ log: (line) => console.log(line) });
main(process.argv.slice(2), interruption)
  .catch((error: Error) => {
    if (interruption.signal.aborted) return; // the interrupt handler reports and exits
    console.error(error instanceof UsageError ? error.message : `npm start failed: ${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  })
  .finally(() => {
    if (!interruption.signal.aborted) interruption.dispose();
  });
