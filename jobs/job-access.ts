// What a job may read and write beyond the stack bucket, granted on those resources only (never the project):
//
//   a job reads/writes                          grant                                   on
//   gs:// objects in a bucket not the stack's   roles/storage.objectViewer              that bucket
//   a BigQuery table (input.table)              roles/bigquery.dataViewer               that table
//   a BigQuery dataset (output.bigquery)        roles/bigquery.dataEditor               that dataset
//
// Both identities get them, as on the stack bucket (infra/platform-identity.ts): the job's service account (the
// serving container runs as it: batch_prediction_job.proto, `service_account`) and the Vertex AI service agent,
// which reads a job's inputs and writes its outputs (a missing grant is reported as "Service account
// service-N@gcp-sa-aiplatform... does not have [storage.objects.get] IAM permission", nodejs-automl#254).
// Sources: https://cloud.google.com/vertex-ai/docs/predictions/get-batch-predictions (inputs and outputs in
// Cloud Storage or BigQuery, same region as the model), https://cloud.google.com/vertex-ai/docs/general/custom-service-account
// (grant the service account access to each resource it must read), https://cloud.google.com/bigquery/docs/access-control
// (dataViewer: read table data and metadata; dataEditor: create tables and write data in a dataset).
// Not granted: roles/bigquery.jobUser on the project (a project-level role, which the deployer is not allowed to
// grant; see README, BigQuery) and storage.buckets.get on foreign buckets (objectViewer lists and reads objects).
//
// An output dataset in the stack's own project is declared here (labels, location = the region, contents kept on
// destroy), with the BigQuery API it needs; a dataset in another project must exist already.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { JobDefinition } from './notebook-jobs';

export const FOREIGN_BUCKET_ROLE = 'roles/storage.objectViewer';
export const BIGQUERY_INPUT_ROLE = 'roles/bigquery.dataViewer';
export const BIGQUERY_OUTPUT_ROLE = 'roles/bigquery.dataEditor';

export interface JobAccessArgs {
  project: string;
  region: string;
  labels: Readonly<Record<string, string>>;
  /** The stack bucket (already granted by the platform); undefined = every bucket in `uris` counts as foreign. */
  ownBucketName?: string;
  definitions: readonly JobDefinition[];
  /** Emails of the identities granted (the job service account, the Vertex AI service agent). */
  members: pulumi.Input<string>[];
}

export interface JobAccess {
  /** The grants (and dataset) each job needs, by job key: the job depends on them. */
  byJob: Record<string, pulumi.Resource[]>;
  datasets: gcp.bigquery.Dataset[];
}

const slug = (text: string) => text.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '');
const who = (n: number) => (n === 0 ? 'job' : 'vertex-agent');

export function declareJobAccess(args: JobAccessArgs, opts: pulumi.CustomResourceOptions): JobAccess {
  const byJob: Record<string, pulumi.Resource[]> = {};
  const granted = new Map<string, pulumi.Resource[]>();
  const datasets: gcp.bigquery.Dataset[] = [];
  // One set of grants per resource, however many jobs use it.
  const once = (key: string, declare: () => pulumi.Resource[]) => {
    if (!granted.has(key)) granted.set(key, declare());
    return granted.get(key)!;
  };
  let bigqueryApi: gcp.projects.Service | undefined;
  const bigqueryService = () =>
    (bigqueryApi ??= new gcp.projects.Service(
      'jobs-bigquery-api',
      { project: args.project, service: 'bigquery.googleapis.com', disableOnDestroy: false, disableDependentServices: false },
      opts,
    ));

  for (const definition of args.definitions) {
    const needs: pulumi.Resource[] = [];
    for (const bucket of foreignBuckets(definition, args.ownBucketName)) {
      needs.push(...once(`bucket/${bucket}`, () => args.members.map((member, n) =>
        new gcp.storage.BucketIAMMember(`job-access-${slug(bucket)}-${who(n)}-objectviewer`, { bucket, role: FOREIGN_BUCKET_ROLE, member: pulumi.interpolate`serviceAccount:${member}` }, opts),
      )));
    }
    const table = parseTable(definition.bigquerySource);
    if (table) {
      needs.push(...once(`table/${table.project}.${table.dataset}.${table.table}`, () => args.members.map((member, n) =>
        new gcp.bigquery.IamMember(
          `job-access-${slug(`${table.project}-${table.dataset}-${table.table}`)}-${who(n)}-dataviewer`,
          { project: table.project, datasetId: table.dataset, tableId: table.table, role: BIGQUERY_INPUT_ROLE, member: pulumi.interpolate`serviceAccount:${member}` },
          opts,
        ),
      )));
    }
    const output = parseDataset(definition.bigqueryDestination);
    if (output) {
      needs.push(...once(`dataset/${output.project}.${output.dataset}`, () => {
        const name = slug(`${output.project}-${output.dataset}`);
        const own = output.project === args.project;
        const dataset = own
          ? new gcp.bigquery.Dataset(
              `jobs-dataset-${name}`,
              {
                project: args.project,
                datasetId: output.dataset,
                // Vertex writes where the model runs: a dataset in the job's region.
                location: args.region,
                labels: { ...args.labels },
                description: 'Batch prediction outputs of the vertex-embeddings stack (Vertex creates one table per job run)',
                // Never delete prediction tables with the stack unless asked.
                deleteContentsOnDestroy: false,
              },
              { ...opts, dependsOn: [bigqueryService()] },
            )
          : undefined;
        if (dataset) datasets.push(dataset);
        const grants = args.members.map((member, n) =>
          new gcp.bigquery.DatasetIamMember(
            `job-access-${name}-${who(n)}-dataeditor`,
            { project: output.project, datasetId: dataset ? dataset.datasetId : output.dataset, role: BIGQUERY_OUTPUT_ROLE, member: pulumi.interpolate`serviceAccount:${member}` },
            opts,
          ),
        );
        return [...(dataset ? [dataset] : []), ...grants];
      }));
    }
    if (needs.length) byJob[definition.key] = needs;
  }
  return { byJob, datasets };
}

/** Buckets a job reads in place that are not the stack's own, sorted (deterministic resource order). */
export function foreignBuckets(definition: JobDefinition, ownBucket: string | undefined): string[] {
  const buckets = (definition.foreignSources ?? []).map((uri) => /^gs:\/\/([^/]+)\//.exec(uri)?.[1]).filter((b): b is string => b !== undefined && b !== ownBucket);
  return [...new Set(buckets)].sort();
}

function parseTable(uri: string | undefined) {
  const match = uri === undefined ? null : /^bq:\/\/([^.]+)\.([^.]+)\.(.+)$/.exec(uri);
  return match ? { project: match[1]!, dataset: match[2]!, table: match[3]! } : undefined;
}

function parseDataset(uri: string | undefined) {
  const match = uri === undefined ? null : /^bq:\/\/([^.]+)\.([^.]+)$/.exec(uri);
  return match ? { project: match[1]!, dataset: match[2]! } : undefined;
}
