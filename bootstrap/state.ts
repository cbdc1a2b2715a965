// Where the product's stacks keep their state and how their secrets are encrypted: a private, versioned GCS
// bucket (the Pulumi self-managed backend, no Pulumi service account needed) and one Cloud KMS key per stack
// (`--secrets-provider gcpkms://…/cryptoKeys/pulumi-<stack>`), so a stack's deployer and previewer decrypt that
// stack's secrets and no other's. Bucket, key ring and keys are protected: losing them loses state or secrets.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { SECRETS_KEY_ROLES, STATE_BUCKET_ROLES, stackStateCondition } from './roles';

// 90 days, the rotation period Google recommends for symmetric keys; old versions still decrypt.
const KEY_ROTATION = `${90 * 24 * 60 * 60}s`;

export const stateBucketName = (project: string): string => `${project}-pulumi-state`;

type Accounts = Record<'deployer' | 'previewer', gcp.serviceaccount.Account>;

export class StateStore extends pulumi.ComponentResource {
  readonly backendUrl: pulumi.Output<string>;
  /** Per stack: the `--secrets-provider` value of `pulumi stack init`. */
  readonly secretsProviders: Record<string, pulumi.Output<string>>;

  constructor(
    name: string,
    args: { project: string; region: string; labels: Record<string, string>; stacks: Readonly<Record<string, Accounts>>; dependsOn: pulumi.Resource[] },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('vertex-embeddings-bootstrap:StateStore', name, {}, opts);
    const parent = { parent: this };
    const bucketName = stateBucketName(args.project);
    const bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        name: bucketName,
        project: args.project,
        location: args.region.toUpperCase(),
        uniformBucketLevelAccess: true,
        publicAccessPrevention: 'enforced',
        versioning: { enabled: true },
        forceDestroy: false,
        labels: args.labels,
      },
      { ...parent, protect: true, dependsOn: args.dependsOn },
    );
    const keyRing = new gcp.kms.KeyRing(`${name}-keyring`, { project: args.project, name: 'pulumi', location: args.region }, { ...parent, protect: true, dependsOn: args.dependsOn });

    this.secretsProviders = {};
    for (const [stack, accounts] of Object.entries(args.stacks)) {
      const key = new gcp.kms.CryptoKey(
        `${name}-key-${stack}`,
        { name: `pulumi-${stack}`, keyRing: keyRing.id, rotationPeriod: KEY_ROTATION, labels: { ...args.labels, stack } },
        { ...parent, protect: true },
      );
      for (const who of ['deployer', 'previewer'] as const) {
        const member = pulumi.interpolate`serviceAccount:${accounts[who].email}`;
        new gcp.storage.BucketIAMMember(
          `${name}-${stack}-${who}-state`,
          { bucket: bucket.name, role: STATE_BUCKET_ROLES[who], member, condition: stackStateCondition(bucketName, stack, who) },
          parent,
        );
        new gcp.kms.CryptoKeyIAMMember(`${name}-${stack}-${who}-key`, { cryptoKeyId: key.id, role: SECRETS_KEY_ROLES[who], member }, parent);
      }
      this.secretsProviders[stack] = pulumi.interpolate`gcpkms://${key.id}`;
    }
    this.backendUrl = pulumi.interpolate`gs://${bucket.name}`;
    this.registerOutputs({ backendUrl: this.backendUrl, secretsProviders: this.secretsProviders });
  }
}
