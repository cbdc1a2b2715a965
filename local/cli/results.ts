// `npm run results -- --job NAME_OR_ID [--stack STACK] [--out FILE] [--format jsonl|csv] [--join INPUT [--ordered]]`
// Reads a batch prediction job's outputs from GCS (application-default credentials), or from the local
// emulators when STORAGE_EMULATOR_HOST / VERTEX_EMULATOR_HOST are set.
import { Storage } from '@google-cloud/storage';
import { createVertexClients } from '../../infra/vertex/client';
import { regionOfJobName, resolveJob, type JobOutputs } from '../../jobs/results-job';
import { OUTPUT_FORMATS } from '../../jobs/results-output';
import { oneOf, parseFlags, UsageError } from './args';
import { jobReference } from './notebook';
import { runResults } from './results-command';
import { loadStackConfig } from './stack-file';

const USAGE = `usage: npm run results -- --job NAME_OR_ID [--stack STACK | --project P --region R] [--out FILE] [--format jsonl|csv]
                          [--join INPUT_FILE [--ordered] [--key-field FIELD]] [--skip-unreadable]
       npm run results -- --output-dir gs://BUCKET/PATH|LOCAL_DIR ...   (a job's output folder, without asking Vertex)
  NAME_OR_ID: projects/P/locations/R/batchPredictionJobs/ID, or a job id / display name / the stack's job key with --stack
  --format defaults to csv when --out ends in .csv, else jsonl; without --out, rows go to stdout
  --join: pair each row with its line in the job's input file (local or gs://); --ordered: in input order
  --skip-unreadable: write the readable rows although some output lines are truncated or not JSON (default: refuse)
  Exit code 1 when the counts do not add up (unreadable lines, input lines without a row, the job's own counts).`;

const FLAGS = {
  job: { type: 'string' },
  'output-dir': { type: 'string' },
  stack: { type: 'string' },
  project: { type: 'string' },
  region: { type: 'string' },
  out: { type: 'string' },
  format: { type: 'string' },
  join: { type: 'string' },
  ordered: { type: 'boolean', default: false },
  'key-field': { type: 'string' },
  'skip-unreadable': { type: 'boolean', default: false },
  help: { type: 'boolean', default: false },
} as const;

export async function main(argv: string[], log: (line: string) => void = (line) => console.error(line)): Promise<void> {
  const flags = parseFlags(argv, FLAGS, USAGE);
  if (flags.help) return void log(USAGE);
  if (!flags.job === !flags['output-dir']) throw new UsageError(`give exactly one of --job or --output-dir\n${USAGE}`);
  if (flags.ordered && !flags.join) throw new UsageError('--ordered needs --join INPUT_FILE (the input order to follow)');
  const format = oneOf('--format', flags.format ?? (flags.out?.toLowerCase().endsWith('.csv') ? 'csv' : 'jsonl'), OUTPUT_FORMATS);
  const stack = flags.stack ? loadStackConfig(flags.stack) : undefined;
  const project = flags.project ?? stack?.project;
  const region = flags.region ?? stack?.region;

  let job: JobOutputs | undefined;
  if (flags.job) {
    const clientRegion = regionOfJobName(flags.job) ?? region;
    if (!clientRegion) throw new UsageError(`--job "${flags.job}" is not a full resource name: pass --stack STACK or --region R\n${USAGE}`);
    const clients = createVertexClients(clientRegion);
    try {
      job = await resolveJob(clients.jobs, stack ? jobReference(stack, flags.job) : flags.job, { project, region });
    } finally {
      await clients.close();
    }
    if (!job.outputDir) {
      throw new Error(`job ${job.name} (${job.state}) has no GCS output directory yet (BigQuery output, or it has not started writing)`);
    }
  }
  const storage = new Storage(project ? { projectId: project } : {});
  await runResults(
    storage,
    { outputDir: job?.outputDir ?? flags['output-dir']!, job, out: flags.out, format, join: flags.join, ordered: flags.ordered, keyField: flags['key-field'], skipUnreadable: flags['skip-unreadable'] },
    log,
  );
  log(`peak RSS ${Math.round(process.resourceUsage().maxRSS / 1024)} MB`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error instanceof UsageError ? error.message : `results: ${error.message}`);
    process.exitCode = error instanceof UsageError ? 2 : 1;
  });
}
