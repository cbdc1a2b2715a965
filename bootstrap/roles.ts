// What each CI identity may do, and the source that says the grant is needed and no broader. Role contents:
// https://cloud.google.com/iam/docs/understanding-roles (the predefined roles reference) unless noted.
//
// Per stack S (deployed into project P_S), the bootstrap creates, in the CI project:
//   gh-deploy-S   runs `pulumi up` / `destroy` of S; impersonable only by a job in GitHub environment S on
//                 refs/heads/main (./federation.ts)
//   gh-preview-S  runs `pulumi preview` of S; impersonable only by a job in GitHub environment preview-S
// and, in P_S, vertex-jobs-S: the account S's batch jobs run as (the stack's config jobServiceAccount).
//
// gh-deploy-S holds, in P_S only:
//   custom role vertexEmbeddingsDeployer (DEPLOYER_PERMISSIONS below)
//   roles/storage.admin with an IAM condition that excludes the state bucket (STATE_BUCKET_EXCLUDED)
//   roles/iam.serviceAccountUser on vertex-jobs-S only (not the project)
// and on the state bucket / keys: its own stack's state objects and its own stack's key.
// Only when the bootstrap config asks for it for that stack (DATA_ACCESS_ROLES below, ./data-access.ts):
//   `bigquery: true`      custom role vertexEmbeddingsBigQueryDeployer in P_S (+ bigquery.googleapis.com enabled in P_S)
//   `foreignBuckets: […]` custom role vertexEmbeddingsBucketGrants on each listed bucket only
//   `foreignTables: […]`  custom role vertexEmbeddingsTableGrants on each listed table only
// Never roles/bigquery.jobUser (or any BigQuery role) for anyone at project level: Vertex reads an input table and
// writes the predictions table as the Vertex AI service agent (jobs/job-access.ts grants it and the job account
// read on the table, write on the dataset); whether it also needs bigquery.jobs.create in P_S beyond its
// Google-managed agent role is not documented for custom-model batch prediction (the Gemini batch page,
// https://cloud.google.com/vertex-ai/generative-ai/docs/multimodal/batch-prediction-from-bigquery, asks for
// roles/bigquery.user on the project for "your service account"), so the README says how to grant it by hand if a
// job reports it denied.
// Nothing else: no serviceAccountAdmin (it creates no account: the job account comes from here), no
// projectIamAdmin (the stack grants nothing at project level), no serviceUsageAdmin (the APIs are enabled here
// once, BOOTSTRAP_STACK_SERVICES), no aiplatform.user (it includes aiplatform.customJobs.create: a custom job runs
// as the Custom Code Service Agent, whose storage rights reach the state bucket when it shares the project).

/** The Pulumi project name of the product (Pulumi.yaml `name`): state objects live under it. */
export const PRODUCT_PROJECT = 'vertex-embeddings';

/**
 * Permissions of the deployer's custom role in each stack project, each for what the stack does:
 * - aiplatform.models.*: ModelService.UploadModel / GetModel / ListModels / UpdateModel / DeleteModel, the LROs
 *   included (an LRO is read with the resource's get permission), infra/vertex/model-provider.ts;
 * - aiplatform.batchPredictionJobs.*: Create / Get / List (adopting a job by its label after an interrupted
 *   `up`) / Cancel / Delete, infra/vertex/batch-job-provider.ts.
 *   Source: https://cloud.google.com/vertex-ai/docs/general/iam-permissions (operation → permission table).
 * - resourcemanager.projects.get: the gcp provider reads the project before reading a projects.Service
 *   (resourceGoogleProjectServiceRead in hashicorp/terraform-provider-google,
 *   google/services/resourcemanager/resource_google_project_service.go).
 */
export const DEPLOYER_PERMISSIONS = [
  'aiplatform.models.upload',
  'aiplatform.models.get',
  'aiplatform.models.list',
  'aiplatform.models.update',
  'aiplatform.models.delete',
  'aiplatform.batchPredictionJobs.create',
  'aiplatform.batchPredictionJobs.get',
  'aiplatform.batchPredictionJobs.list',
  'aiplatform.batchPredictionJobs.cancel',
  'aiplatform.batchPredictionJobs.delete',
  'resourcemanager.projects.get',
] as const;

export const DEPLOYER_ROLE_ID = 'vertexEmbeddingsDeployer';

/**
 * Predefined project roles of the deployer in its stack project.
 * - serviceusage.serviceUsageConsumer (serviceusage.services.get / list / use): the stack's projects.Service
 *   resources only check that the API is enabled — the provider's create lists enabled services and returns
 *   without enabling when it finds it (resourceGoogleProjectServiceCreate, same file as above). The stack's
 *   projects.ServiceIdentity calls services.generateServiceIdentity, which returns the Vertex service agent the
 *   bootstrap already created; its permission is not documented on the method's page
 *   (https://cloud.google.com/service-usage/docs/reference/rest/v1beta1/services/generateServiceIdentity), so
 *   serviceusage.services.use is an assumption here, not a verified fact.
 * - storage.admin under STATE_BUCKET_EXCLUDED: creating the stack bucket, setting its IAM bindings, uploading and
 *   pruning model artifacts and job inputs. No narrower predefined role creates buckets and sets their IAM.
 */
export const DEPLOYER_PROJECT_ROLES = ['roles/serviceusage.serviceUsageConsumer'] as const;
export const DEPLOYER_STORAGE_ROLE = 'roles/storage.admin';

/** actAs on the job account only: submitting a batch job that runs as it (BatchPredictionJob.service_account: "Users deploying the Model must have the iam.serviceAccounts.actAs permission on this service account"). */
export const JOB_ACCOUNT_USER_ROLE = 'roles/iam.serviceAccountUser';

/** IAM condition on a project-level storage grant: every bucket but the state bucket (Cloud Storage resource names: https://cloud.google.com/iam/docs/conditions-resource-attributes). */
export function stateBucketExcluded(stateBucket: string): { title: string; description: string; expression: string } {
  const bucket = `projects/_/buckets/${stateBucket}`;
  return {
    title: 'not-the-state-bucket',
    description: `Every bucket of the project except the Pulumi state bucket ${stateBucket}`,
    expression: `resource.name != '${bucket}' && !resource.name.startsWith('${bucket}/')`,
  };
}

/**
 * The state objects of one stack in the self-managed backend's layout (`.pulumi/stacks/<project>/<stack>.json`, its
 * history, backups and locks), plus the bucket itself (listing) and `.pulumi/meta.yaml` (the layout version, read
 * at login). `write`: the deployer may write those objects; the previewer only reads them.
 */
export function stackStateCondition(stateBucket: string, stack: string, who: 'deployer' | 'previewer'): { title: string; description: string; expression: string } {
  const bucket = `projects/_/buckets/${stateBucket}`;
  const prefixes = ['stacks', 'history', 'backups', 'locks'].map((dir) => `${bucket}/objects/.pulumi/${dir}/${PRODUCT_PROJECT}/${stack}`);
  const clauses = [`resource.name == '${bucket}'`, `resource.name == '${bucket}/objects/.pulumi/meta.yaml'`, ...prefixes.map((p) => `resource.name.startsWith('${p}')`)];
  return {
    title: `state-of-${stack}`,
    description: `The ${who} of stack ${stack}: that stack's state objects only`,
    expression: clauses.join(' || '),
  };
}

/** On the state bucket (under stackStateCondition): deployer reads and writes its stack's state; previewer only reads it. */
export const STATE_BUCKET_ROLES = { deployer: 'roles/storage.objectAdmin', previewer: 'roles/storage.objectViewer' } as const;
/** On the stack's own secrets key: deployer encrypts and decrypts; previewer only decrypts (a preview reads secret config and the dynamic providers' `__provider`, stored as a secret). */
export const SECRETS_KEY_ROLES = {
  deployer: 'roles/cloudkms.cryptoKeyEncrypterDecrypter',
  previewer: 'roles/cloudkms.cryptoKeyDecrypter',
} as const;

/** The API a stack with `stacks.<S>.bigquery: true` uses (jobs/job-access.ts declares it for an output dataset in the stack's project); enabled here, in that stack's project only. */
export const BIGQUERY_SERVICE = 'bigquery.googleapis.com';

/**
 * Opt-in rights for the data a stack's jobs read and write (bootstrap config `stacks.<S>.bigquery`,
 * `foreignBuckets`, `foreignTables`; the stack side is jobs/job-access.ts). Without those keys none of these roles
 * exists and no deployer holds them. Each is a custom role because no predefined role is this narrow:
 * roles/bigquery.dataOwner and roles/storage.legacyBucketOwner also delete data.
 *
 * bigquery (in the stack project, granted to that stack's deployer at project level: the dataset is the stack's
 * own, the input table may be any of the project's):
 * - bigquery.datasets.create / get / update / delete: the stack's output dataset (gcp.bigquery.Dataset:
 *   resourceBigQueryDataset{Create,Read,Update,Delete} → datasets.insert / get / patch / delete,
 *   google/services/bigquery/resource_bigquery_dataset.go in hashicorp/terraform-provider-google).
 * - bigquery.datasets.getIamPolicy / setIamPolicy: gcp.bigquery.DatasetIamMember reads the dataset's `access`
 *   list with datasets.get and writes it back with datasets.patch (BigqueryDatasetIamUpdater, same repository,
 *   google/services/bigquery/iam_bigquery_dataset.go); under fine-grained dataset ACLs reading `access` needs
 *   getIamPolicy and writing it setIamPolicy besides get / update
 *   (https://cloud.google.com/bigquery/docs/dataset-access-control, "Changes to API methods"), and a custom role
 *   that holds only get / update loses that ("Changes to custom roles").
 * - bigquery.tables.getIamPolicy / setIamPolicy: gcp.bigquery.IamMember on an input table calls
 *   tables.getIamPolicy / tables.setIamPolicy (BigQueryTableIamUpdater, iam_bigquery_table.go).
 * bucketGrants (in a foreign bucket's project, granted on that bucket only): gcp.storage.BucketIAMMember reads and
 *   writes the bucket's policy with GET / PUT b/<bucket>/iam (StorageBucketIamUpdater,
 *   google/services/storage/iam_storage_bucket.go) = storage.buckets.getIamPolicy / setIamPolicy
 *   (https://cloud.google.com/storage/docs/access-control/iam-json).
 * tableGrants (in a foreign table's project, granted on that table only): tables.getIamPolicy / setIamPolicy, as above.
 * A custom role defined in a project can be granted only there (https://cloud.google.com/iam/docs/roles-overview#custom),
 * hence one per foreign project. Note that setIamPolicy on a resource lets the holder grant itself any role on
 * that resource: list only buckets and tables the stack's jobs really read.
 */
export const DATA_ACCESS_ROLES = {
  bigquery: {
    roleId: 'vertexEmbeddingsBigQueryDeployer',
    title: 'vertex-embeddings BigQuery deployer',
    description: "The stack's output dataset and the read grants on its input tables; no table data, no query jobs",
    permissions: [
      'bigquery.datasets.create',
      'bigquery.datasets.get',
      'bigquery.datasets.update',
      'bigquery.datasets.delete',
      'bigquery.datasets.getIamPolicy',
      'bigquery.datasets.setIamPolicy',
      'bigquery.tables.getIamPolicy',
      'bigquery.tables.setIamPolicy',
    ],
  },
  bucketGrants: {
    roleId: 'vertexEmbeddingsBucketGrants',
    title: 'vertex-embeddings bucket grants',
    description: 'Read and set the IAM policy of the buckets a vertex-embeddings stack reads in place; no objects',
    permissions: ['storage.buckets.getIamPolicy', 'storage.buckets.setIamPolicy'],
  },
  tableGrants: {
    roleId: 'vertexEmbeddingsTableGrants',
    title: 'vertex-embeddings table grants',
    description: 'Read and set the IAM policy of the BigQuery tables a vertex-embeddings stack reads; no table data',
    permissions: ['bigquery.tables.getIamPolicy', 'bigquery.tables.setIamPolicy'],
  },
} as const;
export type DataAccessRole = keyof typeof DATA_ACCESS_ROLES;

/** APIs of the CI project: token exchange (sts, iamcredentials), keys, state. */
export const BOOTSTRAP_SERVICES = [
  'iam.googleapis.com',
  'iamcredentials.googleapis.com',
  'sts.googleapis.com',
  'cloudkms.googleapis.com',
  'cloudresourcemanager.googleapis.com',
  'serviceusage.googleapis.com',
  'storage.googleapis.com',
] as const;

/** APIs of each stack project, enabled here once so the deployer needs no serviceUsageAdmin (infra/platform-services.ts lists the same). */
export const BOOTSTRAP_STACK_SERVICES = ['aiplatform.googleapis.com', 'storage.googleapis.com', 'iam.googleapis.com', 'cloudresourcemanager.googleapis.com', 'serviceusage.googleapis.com'] as const;
