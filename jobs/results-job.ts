// Resolving `--job NAME_OR_ID` to a batch prediction job and the facts the results reader needs: a full
// resource name (projects/P/locations/R/batchPredictionJobs/ID) is used as is; a numeric id or a display name
// needs the project and region (from the stack config). Display names are not unique: the newest job wins,
// and the caller is told.
import type { protos } from '@google-cloud/aiplatform';

type BatchPredictionJob = protos.google.cloud.aiplatform.v1.IBatchPredictionJob;

/** The part of the JobServiceClient used here (the real client satisfies it; see infra/vertex/client.ts). */
export interface JobLookupClient {
  getBatchPredictionJob(request: { name: string }): Promise<[BatchPredictionJob, ...unknown[]]>;
  listBatchPredictionJobs(request: { parent: string; filter: string }): Promise<[BatchPredictionJob[], ...unknown[]]>;
  batchPredictionJobPath(project: string, location: string, batchPredictionJob: string): string;
  locationPath(project: string, location: string): string;
}

export interface JobOutputs {
  name: string;
  displayName: string;
  state: string;
  outputDir?: string; // outputInfo.gcsOutputDirectory; absent before the job writes (or for BigQuery output)
  keyField?: string;
  /** completionStats, when the job reports them: what the output files must add up to. */
  successfulCount?: number;
  failedCount?: number;
  instancesFormat?: string;
  notes: string[]; // things the user should know about how the job was picked
}

const RESOURCE_NAME = /^projects\/([^/]+)\/locations\/([^/]+)\/batchPredictionJobs\/([^/]+)$/;

/** Region of a full job resource name (the client must be built for it), or undefined for an id/display name. */
export function regionOfJobName(nameOrId: string): string | undefined {
  return RESOURCE_NAME.exec(nameOrId)?.[2];
}

export async function resolveJob(
  client: JobLookupClient,
  nameOrId: string,
  location: { project?: string; region?: string },
): Promise<JobOutputs> {
  if (RESOURCE_NAME.test(nameOrId)) return describe((await client.getBatchPredictionJob({ name: nameOrId }))[0], []);
  const { project, region } = location;
  if (!project || !region) {
    throw new Error(
      `--job: "${nameOrId}" is not a full resource name (projects/P/locations/R/batchPredictionJobs/ID); ` +
        'pass --stack STACK (or --project and --region) to look it up by id or display name',
    );
  }
  if (/^\d+$/.test(nameOrId)) {
    return describe((await client.getBatchPredictionJob({ name: client.batchPredictionJobPath(project, region, nameOrId) }))[0], []);
  }
  const filter = `display_name=${JSON.stringify(nameOrId)}`;
  const [jobs] = await client.listBatchPredictionJobs({ parent: client.locationPath(project, region), filter });
  if (jobs.length === 0) {
    throw new Error(`--job: no batch prediction job with id or display name "${nameOrId}" in projects/${project}/locations/${region}`);
  }
  const newest = [...jobs].sort((a, b) => seconds(b.createTime) - seconds(a.createTime))[0];
  const notes = jobs.length > 1 ? [`${jobs.length} jobs are named "${nameOrId}"; using the newest, ${newest.name}`] : [];
  return describe(newest, notes);
}

function describe(job: BatchPredictionJob, notes: string[]): JobOutputs {
  return {
    name: job.name ?? '',
    displayName: job.displayName ?? '',
    state: String(job.state ?? 'JOB_STATE_UNSPECIFIED'),
    outputDir: job.outputInfo?.gcsOutputDirectory || undefined,
    keyField: job.instanceConfig?.keyField || undefined,
    successfulCount: count(job.completionStats?.successfulCount),
    failedCount: count(job.completionStats?.failedCount),
    instancesFormat: job.inputConfig?.instancesFormat || undefined,
    notes,
  };
}

/** An int64 count as the client gives it (string, number or Long), or undefined when absent. */
function count(value: unknown): number | undefined {
  return value === undefined || value === null ? undefined : Number(String(value));
}

function seconds(time: BatchPredictionJob['createTime']): number {
  return Number(time?.seconds ?? 0) + Number(time?.nanos ?? 0) / 1e9;
}
