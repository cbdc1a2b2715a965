// The `npm start` flow: the reference notebook (or the stack's own `jobs`), offline. Both emulators run in this process and the product's
// own code talks to them through configuration only (STORAGE_EMULATOR_HOST, VERTEX_EMULATOR_HOST):
//   1. start the GCS and Vertex emulators          5. register the model  (ModelProvider.check/create)
//   2. read the dev stack's config                 6. upload the inputs, run the two jobs (BatchJobProvider)
//   3. export the SavedModel                       7. print each job's first prediction (the notebook's iter_outputs)
//   4. create the bucket, upload the model         8. delete jobs and model; keep the outputs on disk
// Whatever was created is deleted on the way out, also after a failure.
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { Storage } from '@google-cloud/storage';
import { BatchJobProvider, type BatchJobOutputs } from '../../infra/vertex/batch-job-provider';
import { ModelProvider, type VertexModelOutputs } from '../../infra/vertex/model-provider';
import type { CheckFailure } from '../../infra/vertex/batch-job-inputs';
import { createVertexClients } from '../../infra/vertex/client';
import { defaultDeps } from '../../infra/vertex/provider-deps';
import { PROVIDER_VERSION } from '../../infra/vertex/version';
import type { Backoff } from '../../infra/vertex/wait';
import { prepareModelArtifact } from '../../infra/artifact-export';
import { ARTIFACT_PREFIX, artifactUri, uploadArtifact } from '../../infra/artifact-store';
import { vertexNamePrefix } from '../../infra/artifact-registration';
import { MODEL_DESCRIPTION, modelDisplayName } from '../../jobs/job-layout';
import { listPredictionFiles, readLines } from '../../jobs/results';
import { startGcsEmulator, type GcsEmulator } from '../emulator/gcs/server';
import { gcsArtifactFiles } from '../emulator/vertex/gcs-artifacts';
import { startVertexEmulator, type JobExecutor, type JobPhaseMs, type VertexEmulator } from '../emulator/vertex/server';
import { downloadFolder } from './gcs-folders';
import { noInterruption, type Interruption } from './interrupt';
import { checkOutputCounts } from './output-counts';
import { deleteEverythingInProject } from './start-cleanup';
import { chooseModelSource } from './model-source';
import { notebookJobs, stackDefinitions, type NotebookJob } from './notebook';
import { mappedObjects, offlineRefusals, type FolderMap } from './offline-jobs';
import { loadStackConfig } from './stack-file';

/** Local jobs finish in about a second: poll often instead of Vertex's 5 s first interval. */
export const LOCAL_POLL_BACKOFF: Backoff = { initialMs: 200, maxMs: 2_000, multiplier: 1.5, jitter: 0.2 };
const PREDICTION_VALUES_SHOWN = 4;
/** A stack's own jobs print this many predictions each (the notebook's print one per results file). */
const CONFIG_JOB_LINES_SHOWN = 20;
/** The notebook's jobs take seconds here; a job still running after this is stuck: fail (and clean up) instead of hanging. */
export const LOCAL_JOB_TIMEOUT_SECONDS = 10 * 60;
const PROJECT_NAME = 'vertex-embeddings';

export interface LocalRunOptions {
  stack: string;
  source?: string;
  /** Where job outputs are kept after the run. */
  keepDir: string;
  /** Export cache and fixture folder (the stack's defaults: <project>/.cache/model-export, model-fixture). */
  exportsDir: string;
  fixtureDir: string;
  executor?: JobExecutor;
  jobPhaseMs?: JobPhaseMs;
  pollBackoff?: Backoff;
  log: (line: string) => void;
  /** `--map gs://BUCKET/PREFIX=DIR`: local folders standing in for the foreign objects `uris` jobs read. */
  maps?: FolderMap[];
  /** Folder holding Pulumi.yaml and the stack file (job input files are relative to it); default: this project. */
  root?: string;
  /** `--skip KEY`: jobs deliberately left out of this run (named in the log). */
  skip?: string[];
  /** Ctrl-C / SIGTERM handling of the CLI (local/cli/interrupt.ts): an interrupted run deletes what it made. */
  interruption?: Interruption;
  /** Called once both emulators run (tests inject faults through it). */
  onEmulators?: (emulators: { gcs: GcsEmulator; vertex: VertexEmulator }) => void;
}

export interface LocalJobResult {
  /** The job's key (jobs/notebook-jobs.ts, or the stack's `jobs`). */
  key: string;
  displayName: string;
  name: string;
  state: string;
  successfulCount: number | null;
  failedCount: number | null;
  outputDirectory: string | null;
  keptIn: string | null;
  firstPredictions: string[];
}

export interface LocalRunResult {
  synthetic: boolean;
  model: string;
  jobs: LocalJobResult[];
  /** Every Vertex RPC the run made, in order (what a user would see in the audit log). */
  vertexCalls: string[];
}

export async function runLocalFlow(options: LocalRunOptions): Promise<LocalRunResult> {
  const { log } = options;
  const started = Date.now();
  const step = (n: number, text: string) => log(`[${n}/8 ${((Date.now() - started) / 1000).toFixed(1)}s] ${text}`);

  step(1, 'starting the local GCS and Vertex AI emulators');
  const gcs = await startGcsEmulator();
  const vertex = await startVertexEmulator({ executor: options.executor, jobPhaseMs: options.jobPhaseMs, artifactFiles: gcsArtifactFiles(gcs.url) });
  const savedEnv = { storage: process.env.STORAGE_EMULATOR_HOST, vertex: process.env.VERTEX_EMULATOR_HOST };
  process.env.STORAGE_EMULATOR_HOST = gcs.url;
  process.env.VERTEX_EMULATOR_HOST = vertex.host;
  log(`  GCS ${gcs.url}, Vertex AI ${vertex.host}${options.executor ? '' : ' (no job executor: jobs only change state)'}`);

  const deps = defaultDeps({ log: (line) => log(`  ${line}`), pollBackoff: options.pollBackoff ?? LOCAL_POLL_BACKOFF });
  const models = new ModelProvider(deps);
  const jobsProvider = new BatchJobProvider(deps);
  const interruption = options.interruption ?? noInterruption();
  const emulators = interruption.onCleanup('the local GCS and Vertex AI emulators', async () => {
    await vertex.close();
    await gcs.close();
  });
  const createdJobs: { id: string; outs: BatchJobOutputs }[] = [];
  const createdModels: { id: string; outs: VertexModelOutputs }[] = [];
  try {
    options.onEmulators?.({ gcs, vertex });
    step(2, `reading stack "${options.stack}"`);
    const config = loadStackConfig(options.stack, options.root, { warn: (message) => log(`  warning: ${message}`) });
    const hardware = config.prediction.acceleratorType
      ? `${config.prediction.machineType} + ${config.prediction.acceleratorCount ?? 1} × ${config.prediction.acceleratorType} (recorded, run on CPU here)`
      : config.prediction.machineType;
    log(`  project ${config.project}, region ${config.region}, bucket ${config.bucket.name}, ${hardware}`);
    const skipped = new Set(options.skip ?? []);
    const unknownSkips = [...skipped].filter((key) => !stackDefinitions(config).some((d) => d.key === key));
    if (unknownSkips.length) throw new Error(`--skip: no job ${unknownSkips.join(', ')} in stack "${options.stack}"; jobs: ${stackDefinitions(config).map((d) => d.key).join(', ')}`);
    const definitions = stackDefinitions(config).filter((d) => !skipped.has(d.key));
    for (const key of skipped) log(`  job ${key}: left out of this run (--skip)`);
    const refusals = offlineRefusals(definitions, options.maps ?? []);
    if (refusals.length) throw new Error(`cannot run ${refusals.length === 1 ? 'this job' : 'these jobs'} offline:\n  ${refusals.join('\n  ')}`);
    const created = interruption.onCleanup('the jobs and the model this run created', () =>
      deleteEverythingInProject(config, { jobs: jobsProvider, models }, log),
    );

    step(3, 'exporting the SavedModel (the stack\'s export code and cache)');
    const source = await chooseModelSource(config.model, options.source, log);
    const artifact = await prepareModelArtifact(source.model, {
      exportsDir: options.exportsDir,
      fixtureDir: options.fixtureDir,
      log: (line) => log(`  ${line}`),
    });
    log(`  from ${source.description}`);

    step(4, `creating gs://${config.bucket.name} and uploading the model`);
    const storage = new Storage({ projectId: config.project });
    await storage.createBucket(config.bucket.name, { location: config.region });
    const modelUri = artifactUri(config.bucket.name, ARTIFACT_PREFIX, artifact.digest);
    const uploaded = await uploadArtifact(storage, {
      bucket: config.bucket.name,
      prefix: ARTIFACT_PREFIX,
      digest: artifact.digest,
      localDir: artifact.dir,
      files: artifact.files.map((file) => file.path),
    });
    log(`  ${uploaded.length} model files → ${modelUri}`);

    step(5, 'registering the model (VertexModel provider)');
    // One registration per serving image, as the stack declares them (a GPU job in a CPU stack gets the GPU image).
    const images = [...new Set([config.prediction.servingImageUri, ...definitions.map((d) => d.hardware?.servingImageUri ?? config.prediction.servingImageUri)])];
    const versions = new Map<string, string>();
    for (const [n, image] of images.entries()) {
      const modelInputs = {
        providerVersion: PROVIDER_VERSION,
        project: config.project,
        region: config.region,
        displayName: `${modelDisplayName(vertexNamePrefix(config))}${n === 0 ? '' : image.includes('-gpu.') ? '-gpu' : '-cpu'}`,
        description: MODEL_DESCRIPTION,
        artifactUri: modelUri,
        imageUri: image,
        labels: { ...config.labels },
      };
      assertChecked('VertexModel', (await models.check(modelInputs, modelInputs)).failures);
      const created = await models.create(modelInputs);
      createdModels.push({ id: created.id, outs: created.outs! });
      versions.set(image, created.outs!.versionName);
    }
    const model = createdModels[0]!;

    step(6, `running ${config.jobs ? 'the stack\'s' : 'the notebook\'s two'} batch prediction jobs (BatchPredictionJob provider)`);
    const jobs = notebookJobs(config, (image) => versions.get(image)!, PROJECT_NAME)
      .filter((job) => !skipped.has(job.key))
      .map((job) => ({ ...job, inputs: { ...job.inputs, completionTimeoutSeconds: LOCAL_JOB_TIMEOUT_SECONDS } }));
    for (const job of jobs) assertChecked(`job-${job.key}`, (await jobsProvider.check(job.inputs, job.inputs)).failures);
    for (const file of jobs.flatMap((job) => job.files)) {
      await storage.bucket(config.bucket.name).file(file.name).save(file.contents, { resumable: false, contentType: 'text/plain; charset=utf-8' });
    }
    for (const object of mappedObjects(definitions, options.maps ?? [])) {
      const bucket = storage.bucket(object.bucket);
      if (!(await bucket.exists())[0]) await storage.createBucket(object.bucket, { location: config.region });
      await bucket.upload(object.file, { destination: object.name, resumable: false });
      log(`  --map: ${object.file} → gs://${object.bucket}/${object.name}`);
    }
    log(`  inputs: ${jobs.flatMap((job) => job.inputs.gcsSourceUris ?? []).join(', ')}`);
    if (interruption.signal.aborted) throw interruption.signal.reason; // no new job once Ctrl-C has been pressed
    const settled = await Promise.allSettled(
      jobs.map(async (job) => {
        const created = await jobsProvider.create(job.inputs);
        createdJobs.push({ id: created.id, outs: created.outs! });
        return created.outs!;
      }),
    );
    const failed = settled.flatMap((s) => (s.status === 'rejected' ? [s.reason as Error] : []));
    if (failed.length) {
      // A job that ended FAILED is not returned by create (Pulumi keeps no state for it; Vertex keeps the job as
      // its record), but this run made it: find it by display name so the cleanup below deletes it too.
      await adoptFailedJobs(config.project, config.region, jobs, createdJobs);
      throw new Error(failed.map((e) => e.message).join('\n'));
    }
    const outputs = settled.map((s) => (s as PromiseFulfilledResult<BatchJobOutputs>).value);

    const perFile = config.jobs === undefined;
    step(7, perFile ? 'first prediction of each job (as the notebook\'s iter_outputs cell prints them)' : `predictions of each job (up to ${CONFIG_JOB_LINES_SHOWN} per job)`);
    const results: LocalJobResult[] = [];
    for (const [index, outs] of outputs.entries()) {
      const firstPredictions = outs.outputDirectory ? await firstLines(storage, outs.outputDirectory, perFile ? 1 : CONFIG_JOB_LINES_SHOWN, perFile) : [];
      log(`  ${outs.displayName}: ${outs.state}, ${outs.successfulCount ?? 0} succeeded, ${outs.failedCount ?? 0} failed; ${outs.outputDirectory ?? 'no output directory'}`);
      for (const line of firstPredictions) log(`    ${abbreviate(line)}`);
      results.push({
        key: jobs[index].key,
        displayName: outs.displayName,
        name: outs.name,
        state: outs.state,
        successfulCount: outs.successfulCount,
        failedCount: outs.failedCount,
        outputDirectory: outs.outputDirectory,
        keptIn: null,
        firstPredictions,
      });
    }

    step(8, 'deleting the jobs and the model; keeping the outputs');
    await cleanUp(jobsProvider, models, createdJobs, createdModels, log);
    createdJobs.length = 0;
    createdModels.length = 0;
    created.drop();
    await mkdir(options.keepDir, { recursive: true });
    for (const result of results) {
      if (!result.outputDirectory) continue;
      const folder = result.outputDirectory.slice(result.outputDirectory.lastIndexOf('/') + 1);
      result.keptIn = join(options.keepDir, result.key, folder);
      const count = await downloadFolder(storage, result.outputDirectory, result.keptIn);
      log(`  ${result.displayName}: ${count} file(s) kept in ${result.keptIn}`);
      const rows = await checkOutputCounts(result.keptIn, { successful: result.successfulCount ?? 0, failed: result.failedCount ?? 0 });
      log(`    rows: ${rows}, as the job reported`);
      log(`    read them: npm run results -- --output-dir ${result.keptIn} --out ${join(options.keepDir, `${result.key}.jsonl`)}`);
    }
    if (source.synthetic) log('reminder: these embeddings come from the fixture\'s synthetic weights (see the warning above)');
    return { synthetic: source.synthetic, model: model.id, jobs: results, vertexCalls: vertex.calls.map((call) => call.method) };
  } finally {
    await cleanUp(jobsProvider, models, createdJobs, createdModels, log).catch((error: Error) => log(`cleanup failed: ${error.message}`));
    restoreEnv('STORAGE_EMULATOR_HOST', savedEnv.storage);
    restoreEnv('VERTEX_EMULATOR_HOST', savedEnv.vertex);
    // Interrupted: the interrupt handler still needs the emulators to delete the jobs and model; it closes them.
    if (!interruption.signal.aborted) await emulators.run();
  }
}

async function adoptFailedJobs(
  project: string,
  region: string,
  jobs: NotebookJob[],
  createdJobs: { id: string; outs: BatchJobOutputs }[],
): Promise<void> {
  const clients = createVertexClients(region);
  try {
    for (const job of jobs) {
      const filter = `display_name=${JSON.stringify(job.inputs.displayName)}`;
      const [found] = await clients.jobs.listBatchPredictionJobs({ parent: clients.jobs.locationPath(project, region), filter });
      for (const existing of found) {
        const name = String(existing.name);
        if (!createdJobs.some((c) => c.id === name)) createdJobs.push({ id: name, outs: { ...job.inputs } as BatchJobOutputs });
      }
    }
  } finally {
    await clients.close();
  }
}

async function cleanUp(
  jobs: BatchJobProvider,
  models: ModelProvider,
  createdJobs: { id: string; outs: BatchJobOutputs }[],
  createdModels: { id: string; outs: VertexModelOutputs }[],
  log: (line: string) => void,
): Promise<void> {
  // Jobs first: Vertex refuses to delete a model that a job still uses.
  for (const job of createdJobs) {
    await jobs.delete(job.id, job.outs);
    log(`  deleted job ${job.id}`);
  }
  for (const model of createdModels) {
    await models.delete(model.id, model.outs);
    log(`  deleted model ${model.id}`);
  }
}

function assertChecked(what: string, failures: CheckFailure[] | undefined): void {
  if (failures?.length) throw new Error(`${what}: ${failures.map((f) => f.reason).join('; ')}`);
}

/**
 * The first `limit` lines of each prediction results file (`perFile`, like the notebook's loop: `print(line);
 * break`), or of the whole output.
 */
async function firstLines(storage: Storage, outputDirectory: string, limit: number, perFile: boolean): Promise<string[]> {
  const files = await listPredictionFiles(storage, outputDirectory);
  const lines: string[] = [];
  for (const file of files.results) {
    let taken = 0;
    for await (const line of readLines(file)) {
      if ((perFile ? taken : lines.length) >= limit) break;
      lines.push(line);
      taken++;
    }
  }
  return lines;
}

/** A prediction line with its 512 floats cut to the first few, so it fits a terminal. */
export function abbreviate(line: string): string {
  try {
    const row = JSON.parse(line) as { instance?: unknown; key?: unknown; prediction?: unknown };
    if (!Array.isArray(row.prediction)) return line;
    const shown = row.prediction.slice(0, PREDICTION_VALUES_SHOWN).map((v) => (typeof v === 'number' ? v.toPrecision(6) : JSON.stringify(v)));
    const subject = row.key !== undefined ? `"key": ${JSON.stringify(row.key)}` : `"instance": ${JSON.stringify(row.instance)}`;
    return `{${subject}, "prediction": [${shown.join(', ')}, … (${row.prediction.length} values)]}`;
  } catch {
    return line;
  }
}

function restoreEnv(name: string, value: string | undefined): void {
  if (value === undefined) delete process.env[name];
  else process.env[name] = value;
}
