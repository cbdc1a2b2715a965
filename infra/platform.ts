// The Google Cloud side of the notebook, done once per stack: APIs, bucket, job identity with least-privilege IAM.
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './config';
import { JobIdentity } from './platform-identity';
import { ProjectServices } from './platform-services';
import { StackBucket } from './platform-storage';

export class Platform extends pulumi.ComponentResource {
  readonly services: ProjectServices;
  readonly storage: StackBucket;
  readonly identity: JobIdentity;
  readonly bucketName: pulumi.Output<string>;
  readonly bucketUrl: pulumi.Output<string>;
  readonly serviceAccountEmail: pulumi.Output<string>;
  readonly vertexServiceAgentEmail: pulumi.Output<string>;

  constructor(name: string, args: { config: StackConfig }, opts?: pulumi.ComponentResourceOptions) {
    super('vertex-embeddings:platform:Platform', name, {}, opts);
    const { config } = args;
    const parent = { parent: this };
    this.services = new ProjectServices(`${name}-services`, { project: config.project }, parent);
    const { storage, iam, aiplatform } = this.services.services;
    this.storage = new StackBucket(`${name}-bucket`, { config, dependsOn: [storage] }, parent);
    this.identity = new JobIdentity(
      `${name}-identity`,
      { config, bucket: this.storage.bucket, iamService: iam, aiplatformService: aiplatform },
      parent,
    );
    this.bucketName = this.storage.name;
    this.bucketUrl = this.storage.url;
    this.serviceAccountEmail = this.identity.email;
    this.vertexServiceAgentEmail = this.identity.vertexServiceAgentEmail;
    this.registerOutputs({
      bucketName: this.bucketName,
      bucketUrl: this.bucketUrl,
      serviceAccountEmail: this.serviceAccountEmail,
      vertexServiceAgentEmail: this.vertexServiceAgentEmail,
    });
  }
}
