// The model artifact as a Pulumi resource (`pulumi-nodejs:dynamic/artifact:ModelArtifact`): its `uri` feeds the
// VertexModel, so a new digest flows on to the model and the jobs, and an unchanged one changes nothing.
import * as pulumi from '@pulumi/pulumi';
import type { PreparedArtifact } from './artifact-export';
import type { ModelArtifactInputs } from './artifact-provider';
import { ARTIFACT_PREFIX, artifactUri } from './artifact-store';
import { lazyProvider, projectRelative } from './vertex/serialized-provider';

/** Bump when the provider's behaviour changes, so existing state shows the change on the next preview. */
export const ARTIFACT_PROVIDER_VERSION = '1';

const extension = __filename.slice(__filename.lastIndexOf('.'));
const artifactProvider = lazyProvider(projectRelative(__filename).replace(/artifact\.[jt]s$/, `artifact-provider${extension}`), 'createArtifactProvider');

export class ModelArtifact extends pulumi.dynamic.Resource {
  /**
   * Derived from the inputs (as the provider computes it), not read back: in preview an in-place update (keep, provider
   * version) echoes only inputs and a read-back `uri` would be unknown, turning into a phantom replace of the model
   * and its jobs (see VertexModel in ./vertex/resources.ts).
   */
  readonly uri: pulumi.Output<string>;
  declare readonly bucket: pulumi.Output<string>;
  declare readonly digest: pulumi.Output<string>;
  declare readonly history: pulumi.Output<string[]>;
  declare readonly uploadedObjects: pulumi.Output<number>;
  declare readonly prunedDigests: pulumi.Output<string[]>;

  constructor(
    name: string,
    args: { bucket: pulumi.Input<string>; artifact: PreparedArtifact; keep?: number },
    opts?: pulumi.CustomResourceOptions,
  ) {
    const inputs: { [K in keyof ModelArtifactInputs]: pulumi.Input<ModelArtifactInputs[K]> } = {
      providerVersion: ARTIFACT_PROVIDER_VERSION,
      bucket: args.bucket,
      prefix: ARTIFACT_PREFIX,
      digest: args.artifact.digest,
      localDir: args.artifact.dir,
      files: args.artifact.files.map((f) => f.path),
      ...(args.keep === undefined ? {} : { keep: args.keep }),
    };
    super(artifactProvider, name, { ...inputs, history: undefined, uploadedObjects: undefined, prunedDigests: undefined }, opts, 'artifact', 'ModelArtifact');
    // Through the resource's own `bucket`/`digest` so the uri also depends on this resource (the model waits for it).
    this.uri = pulumi.all([this.bucket, this.digest]).apply(([bucket, digest]) => artifactUri(bucket, ARTIFACT_PREFIX, digest));
  }
}
