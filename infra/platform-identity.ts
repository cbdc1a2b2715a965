// Who may touch what. The notebook grants project-wide roles/aiplatform.admin and roles/storage.objectAdmin; here
// every grant is on the stack's bucket and nothing is granted at project level:
//
//   identity                         scope        role                          why
//   job service account (ours)       the bucket   storage.objectViewer          the serving container reads inputs and the model
//                                    the bucket   storage.objectCreator         the job writes prediction outputs
//                                    the bucket   storage.legacyBucketReader    storage.buckets.get, which Vertex checks on
//                                                                               the input bucket before it starts (see below)
//   Vertex AI service agent          the bucket   the same three                UploadModel copies the artifact; batch
//   (service-N@gcp-sa-aiplatform)                                               prediction reads inputs / file lists, writes outputs
//
// No roles/aiplatform.user (or any project role) for the job account: batch prediction does not need it — the
// job's `service_account` is only what the serving container runs as (BatchPredictionJob.service_account in
// google/cloud/aiplatform/v1/batch_prediction_job.proto) — and with it, code in the container could create custom
// jobs that run as the Custom Code Service Agent, whose project-wide storage rights reach every bucket of the
// project (the Pulumi state bucket included).
// storage.buckets.get: Vertex refuses a job whose identity lacks it, before the job starts: "9 FAILED_PRECONDITION:
// Service account … does not have [storage.buckets.get] IAM permission to the input bucket"
// (https://github.com/googleapis/nodejs-automl/issues/254), and checks the job's own service account the same way
// ("Service account …-compute@developer… does not have [storage.objects.get, storage.objects.create] IAM
// permission(s) to the bucket", https://github.com/statmike/vertex-ai-mlops/issues/60).
// roles/storage.legacyBucketReader = storage.buckets.get + storage.objects.list
// (https://cloud.google.com/storage/docs/access-control/iam-roles); objects.list is in objectViewer already, so
// it adds exactly storage.buckets.get.
// Nothing else: no object delete (never delete data unless asked; old model artifacts are removed by the stack's
// own identity, i.e. the deployer), no service account keys.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './config';

export const BUCKET_ROLES = ['roles/storage.objectViewer', 'roles/storage.objectCreator', 'roles/storage.legacyBucketReader'] as const;

const roleSlug = (role: string) => role.replace(/^roles\//, '').replace(/\./g, '-');

export class JobIdentity extends pulumi.ComponentResource {
  /** The account the stack created; undefined when config jobServiceAccount names an existing one. */
  readonly serviceAccount?: gcp.serviceaccount.Account;
  readonly email: pulumi.Output<string>;
  /** Email of the Vertex AI service agent of the project (created if the project has none yet). */
  readonly vertexServiceAgentEmail: pulumi.Output<string>;

  constructor(
    name: string,
    args: {
      config: StackConfig;
      bucket: gcp.storage.Bucket;
      iamService: pulumi.Resource;
      aiplatformService: pulumi.Resource;
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('vertex-embeddings:platform:JobIdentity', name, {}, opts);
    const { config, bucket } = args;
    const parent = { parent: this };

    // An existing account (the bootstrap's, in CI) is used as is: the deployer may act as it but not create or
    // administer service accounts.
    if (config.jobServiceAccount === undefined) {
      this.serviceAccount = new gcp.serviceaccount.Account(
        `${name}-sa`,
        {
          project: config.project,
          accountId: config.names.serviceAccountId,
          displayName: `Vertex batch prediction jobs (${config.stack})`,
          description: `Runs the ${config.stack} stack's batch prediction jobs; bucket-scoped object access only.`,
        },
        { ...parent, dependsOn: [args.iamService] },
      );
      this.email = this.serviceAccount.email;
    } else {
      this.email = pulumi.output(config.jobServiceAccount);
    }
    const jobMember = pulumi.interpolate`serviceAccount:${this.email}`;

    // Ensures the agent exists right after the API is enabled (the "service agents are being provisioned" window).
    const agent = new gcp.projects.ServiceIdentity(
      `${name}-vertex-agent`,
      { project: config.project, service: 'aiplatform.googleapis.com' },
      { ...parent, dependsOn: [args.aiplatformService] },
    );
    this.vertexServiceAgentEmail = agent.email;
    const agentMember = pulumi.interpolate`serviceAccount:${agent.email}`;

    for (const [who, member] of [['job', jobMember], ['vertex-agent', agentMember]] as const) {
      for (const role of BUCKET_ROLES) {
        new gcp.storage.BucketIAMMember(`${name}-${who}-${roleSlug(role)}`, { bucket: bucket.name, role, member }, parent);
      }
    }
    this.registerOutputs({ email: this.email, vertexServiceAgentEmail: this.vertexServiceAgentEmail });
  }
}
