// The stack's bucket: model artifacts, batch inputs and prediction outputs.
// Uniform bucket-level access + public access prevention "enforced": IAM on the bucket is the only way in, and no
// binding can ever make it public. Prod keeps object versions and is protected from deletion by Pulumi.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './config';

export function bucketArgs(config: StackConfig): gcp.storage.BucketArgs {
  const b = config.bucket;
  return {
    name: b.name,
    project: config.project,
    location: b.location,
    storageClass: b.storageClass,
    uniformBucketLevelAccess: true,
    publicAccessPrevention: 'enforced',
    versioning: { enabled: b.versioning },
    forceDestroy: b.forceDestroy,
    labels: { ...config.labels },
    lifecycleRules:
      b.predictionOutputRetentionDays === undefined
        ? []
        : [{ action: { type: 'Delete' }, condition: { age: b.predictionOutputRetentionDays, matchesPrefixes: [b.predictionOutputPrefix] } }],
  };
}

export class StackBucket extends pulumi.ComponentResource {
  readonly bucket: gcp.storage.Bucket;
  readonly name: pulumi.Output<string>;
  readonly url: pulumi.Output<string>;

  constructor(name: string, args: { config: StackConfig; dependsOn: pulumi.Resource[] }, opts?: pulumi.ComponentResourceOptions) {
    super('vertex-embeddings:platform:StackBucket', name, {}, opts);
    this.bucket = new gcp.storage.Bucket(name, bucketArgs(args.config), {
      parent: this,
      dependsOn: args.dependsOn,
      protect: args.config.bucket.protect,
    });
    this.name = this.bucket.name;
    this.url = pulumi.interpolate`gs://${this.bucket.name}`;
    this.registerOutputs({ name: this.name, url: this.url });
  }
}
