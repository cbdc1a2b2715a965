// Where the product's stacks keep their state and how their secrets are encrypted: a private, versioned GCS
// bucket (the Pulumi self-managed backend, no Pulumi service account needed) and a Cloud KMS key
// (`--secrets-provider gcpkms://...`). Both protected: losing either loses every stack's state or secrets.
import * as gcp from '@pulumi/gcp';
import * as pulumi from '@pulumi/pulumi';
import { SECRETS_KEY_ROLES, STATE_BUCKET_ROLES } from './roles';

// 90 days, the rotation period Google recommends for symmetric keys; old versions still decrypt.
const KEY_ROTATION = `${90 * 24 * 60 * 60}s`;

export class StateStore extends pulumi.ComponentResource {
  readonly backendUrl: pulumi.Output<string>;
  readonly secretsProvider: pulumi.Output<string>;

  constructor(
    name: string,
    args: {
      project: string;
      region: string;
      labels: Record<string, string>;
      identities: Record<'deployer' | 'previewer', gcp.serviceaccount.Account>;
      dependsOn: pulumi.Resource[];
    },
    opts?: pulumi.ComponentResourceOptions,
  ) {
    super('vertex-embeddings-bootstrap:StateStore', name, {}, opts);
    const parent = { parent: this };
    const bucket = new gcp.storage.Bucket(
      `${name}-bucket`,
      {
        name: `${args.project}-pulumi-state`,
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
    const key = new gcp.kms.CryptoKey(`${name}-key`, { name: 'pulumi-secrets', keyRing: keyRing.id, rotationPeriod: KEY_ROTATION, labels: args.labels }, { ...parent, protect: true });

    for (const who of ['deployer', 'previewer'] as const) {
      const member = pulumi.interpolate`serviceAccount:${args.identities[who].email}`;
      new gcp.storage.BucketIAMMember(`${name}-${who}-state`, { bucket: bucket.name, role: STATE_BUCKET_ROLES[who], member }, parent);
      new gcp.kms.CryptoKeyIAMMember(`${name}-${who}-key`, { cryptoKeyId: key.id, role: SECRETS_KEY_ROLES[who], member }, parent);
    }
    this.backendUrl = pulumi.interpolate`gs://${bucket.name}`;
    this.secretsProvider = pulumi.interpolate`gcpkms://${key.id}`;
    this.registerOutputs({ backendUrl: this.backendUrl, secretsProvider: this.secretsProvider });
  }
}
