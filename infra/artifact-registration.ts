// How a changed artifact reaches Vertex (config model.registration):
//   replace  the pipeline's VertexModel is replaced: a new Model is registered, its jobs replaced, the old Model
//            deleted after them.
//   version  a parent Model is registered once (with the first artifact, never updated afterwards: ignoreChanges)
//            and the pipeline's VertexModel uploads each artifact as a new version under it; a changed artifact
//            replaces that version (new version first, jobs replaced, old version deleted).
// adopt.model (a Model made outside Pulumi) is taken over by the pipeline's VertexModel with `replace`, by the parent
// with `version`: the existing Model then receives the stack's artifact as a new version, as a new parent would.
import type * as pulumi from '@pulumi/pulumi';
import type { StackConfig } from './config';
import { VertexModel } from './vertex/resources';
import { modelDisplayName } from '../jobs/job-layout';

/** Display-name stem of the stack's Vertex resources: the notebook's "use_" + UUID, made stable per stack. */
export function vertexNamePrefix(config: StackConfig): string {
  return `${config.names.prefix}-${config.names.suffix}`;
}

export function parentModelFor(
  config: StackConfig,
  artifactUri: pulumi.Input<string>,
  opts: pulumi.CustomResourceOptions,
): VertexModel | undefined {
  if (config.model.registration !== 'version') return undefined;
  return new VertexModel(
    'model-parent',
    {
      project: config.project,
      region: config.region,
      displayName: modelDisplayName(vertexNamePrefix(config)),
      description: 'Universal Sentence Encoder lite: parent model; each exported artifact is a version under it',
      artifactUri,
      imageUri: config.prediction.servingImageUri,
      labels: { ...config.labels },
      ...(config.adopt.model ? { adopt: config.adopt.model } : {}),
    },
    { ...opts, ignoreChanges: ['artifactUri', 'imageUri'] },
  );
}
