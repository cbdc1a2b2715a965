// Who may touch what. The notebook grants project-wide roles/aiplatform.admin and roles/storage.objectAdmin; here:
//
//   identity                         scope          roles                                   why
//   job service account (ours)       the bucket     storage.objectViewer                    job workers read inputs and the model
//                                    the bucket     storage.objectCreator                   job workers write prediction outputs
//                                    the project    aiplatform.user                         read/submit Vertex models and jobs, no admin
//   Vertex AI service agent          the bucket     storage.objectViewer                    UploadModel copies the artifact; batch
//   (service-N@gcp-sa-aiplatform)                                                           prediction reads inputs / file lists
//                                    the bucket     storage.objectCreator                   batch prediction writes outputs
//
// Nothing else: no project-level storage role, no admin role, no delete on objects (never delete data unless asked;
// old model artifacts are removed by the stack's own identity, i.e. the deployer), no service account keys.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './config';

export const BUCKET_OBJECT_ROLES = ['roles/storage.objectViewer', 'roles/storage.objectCreator'] as const;
export const JOB_PROJECT_ROLES = ['roles/aiplatform.user'] as const;

const roleSlug = (role: string) => role.replace(/^roles\//, '').replace(/\./g, '-');

export class JobIdentity extends pulumi.ComponentResource {
  readonly serviceAccount: gcp.serviceaccount.Account;
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
    const jobMember = pulumi.interpolate`serviceAccount:${this.serviceAccount.email}`;

    // Ensures the agent exists right after the API is enabled (the "service agents are being provisioned" window).
    const agent = new gcp.projects.ServiceIdentity(
      `${name}-vertex-agent`,
      { project: config.project, service: 'aiplatform.googleapis.com' },
      { ...parent, dependsOn: [args.aiplatformService] },
    );
    this.vertexServiceAgentEmail = agent.email;
    const agentMember = pulumi.interpolate`serviceAccount:${agent.email}`;

    for (const [who, member] of [['job', jobMember], ['vertex-agent', agentMember]] as const) {
      for (const role of BUCKET_OBJECT_ROLES) {
        new gcp.storage.BucketIAMMember(`${name}-${who}-${roleSlug(role)}`, { bucket: bucket.name, role, member }, parent);
      }
    }
    for (const role of JOB_PROJECT_ROLES) {
      new gcp.projects.IAMMember(
        `${name}-job-${roleSlug(role)}`,
        { project: config.project, role, member: jobMember },
        { ...parent, dependsOn: [args.aiplatformService] },
      );
    }
    this.registerOutputs({ email: this.email, vertexServiceAgentEmail: this.vertexServiceAgentEmail });
  }
}
