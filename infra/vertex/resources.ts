// The Vertex resources as Pulumi sees them: `pulumi-nodejs:dynamic/vertex:Model` and
// `pulumi-nodejs:dynamic/vertex:BatchPredictionJob` (dynamic resources always live in the `pulumi-nodejs`
// package; module + type give them a real name instead of the generic `dynamic:Resource`).
//
// Output fields are `declare`d: with target ES2022 a `field!:` declaration would be emitted as a class field and
// reset to undefined after super() has set it.
import * as pulumi from '@pulumi/pulumi';
import type { BatchJobInputs, HardwareCandidate, InstanceConfigInputs } from './batch-job-inputs';
import type { AttemptRecord } from './batch-job-provider';
import type { VertexModelInputs } from './model-provider';
import { lazyProvider, projectRelative } from './serialized-provider';
import { PROVIDER_VERSION } from './version';

type Args<T> = { [K in keyof T]: pulumi.Input<T[K]> };

// Resolved next to this file: batch-job-provider.js under bin/ for `pulumi up`, .ts under tsx in tests.
const extension = __filename.slice(__filename.lastIndexOf('.'));
/** The serialized form of these two objects is what state stores as `__provider` (see ./serialized-provider.ts). */
export const modelProvider = lazyProvider(projectRelative(__filename).replace(/resources\.[jt]s$/, `model-provider${extension}`), 'createModelProvider');
export const batchJobProvider = lazyProvider(projectRelative(__filename).replace(/resources\.[jt]s$/, `batch-job-provider${extension}`), 'createBatchJobProvider');

/** The model's identifiers from its id `projects/P/locations/R/models/ID@VERSION`. */
export function modelIdentifiers(id: pulumi.Output<string>) {
  const name = id.apply((versionName) => versionName.replace(/@.*$/, ''));
  return {
    versionName: id,
    name,
    modelId: name.apply((model) => model.split('/').pop() ?? model),
    versionId: id.apply((versionName) => versionName.split('@')[1] ?? '1'),
  };
}

export type VertexModelArgs = Args<Omit<VertexModelInputs, 'providerVersion' | 'resourceKey'>>;

const MODEL_TYPE = 'pulumi-nodejs:dynamic/vertex:Model';

export class VertexModel extends pulumi.dynamic.Resource {
  // The identifiers are derived from the resource id (the provider's id is `name@versionId`), not read from the
  // provider's outputs. In preview the engine answers an in-place Update of a dynamic resource with the new inputs
  // only, and the SDK marks every output it did not get as unknown (pulumi/pulumi provider_plugin.go Update,
  // sdk/nodejs runtime/rpc.ts resolveProperties); the id, though, is kept for updates (UpdateStep.Apply: "Always
  // propagate the ID, even in previews"). So a label/description/provider-version change keeps `versionName` known
  // and the jobs that run it show no phantom replace, while a replaced model (new id, unknown in preview) does
  // replace them.
  readonly name: pulumi.Output<string>;
  readonly modelId: pulumi.Output<string>;
  readonly versionId: pulumi.Output<string>;
  /** `name@versionId`: what a batch job should run, so it keeps running the version it was declared with. */
  readonly versionName: pulumi.Output<string>;
  declare readonly createTime: pulumi.Output<string | null>;
  declare readonly imageUri: pulumi.Output<string>;
  declare readonly region: pulumi.Output<string>;

  constructor(name: string, args: VertexModelArgs, opts?: pulumi.CustomResourceOptions) {
    // As for jobs: the URN, hashed into a label, lets a run interrupted after UploadModel adopt its model.
    const resourceKey = pulumi.createUrn(name, MODEL_TYPE, opts?.parent);
    super(
      modelProvider,
      name,
      { ...args, providerVersion: PROVIDER_VERSION, resourceKey, createTime: undefined },
      opts,
      'vertex',
      'Model',
    );
    const ids = modelIdentifiers(this.id);
    this.versionName = ids.versionName;
    this.name = ids.name;
    this.modelId = ids.modelId;
    this.versionId = ids.versionId;
  }
}

export type BatchPredictionJobArgs = Args<Omit<BatchJobInputs, 'providerVersion' | 'resourceKey' | 'candidates' | 'instanceConfig'>> & {
  candidates?: pulumi.Input<pulumi.Input<HardwareCandidate>[]>;
  instanceConfig?: pulumi.Input<InstanceConfigInputs>;
};

const BATCH_JOB_TYPE = 'pulumi-nodejs:dynamic/vertex:BatchPredictionJob';

export class BatchPredictionJob extends pulumi.dynamic.Resource {
  declare readonly name: pulumi.Output<string>;
  declare readonly jobId: pulumi.Output<string>;
  declare readonly state: pulumi.Output<string>;
  /** `outputInfo.gcsOutputDirectory` as Vertex reports it (`prediction-<model>-<time>`), never rebuilt here. */
  declare readonly outputDirectory: pulumi.Output<string | null>;
  declare readonly bigqueryOutputDataset: pulumi.Output<string | null>;
  declare readonly bigqueryOutputTable: pulumi.Output<string | null>;
  declare readonly successfulCount: pulumi.Output<number | null>;
  declare readonly failedCount: pulumi.Output<number | null>;
  declare readonly incompleteCount: pulumi.Output<number | null>;
  declare readonly error: pulumi.Output<{ code: number; message: string } | null>;
  declare readonly createTime: pulumi.Output<string | null>;
  declare readonly startTime: pulumi.Output<string | null>;
  declare readonly endTime: pulumi.Output<string | null>;
  declare readonly replicaHours: pulumi.Output<number | null>;
  declare readonly ranAttempt: pulumi.Output<number>;
  declare readonly estimatedHourlyUsd: pulumi.Output<number | null>;
  declare readonly skippedAttempts: pulumi.Output<AttemptRecord[]>;
  /** The hardware the job really ran on: the primary, or the candidate the capacity fallback moved to. */
  declare readonly machineTypeUsed: pulumi.Output<string | null>;
  declare readonly acceleratorTypeUsed: pulumi.Output<string | null>;

  constructor(name: string, args: BatchPredictionJobArgs, opts?: pulumi.CustomResourceOptions) {
    // The URN identifies the resource across runs; the provider hashes it (with the inputs) into the job label that
    // lets an interrupted `pulumi up` find and adopt its job instead of starting a second one.
    const resourceKey = pulumi.createUrn(name, BATCH_JOB_TYPE, opts?.parent);
    const outputs = Object.fromEntries(
      ['name', 'jobId', 'state', 'outputDirectory', 'bigqueryOutputDataset', 'bigqueryOutputTable', 'successfulCount', 'failedCount',
        'incompleteCount', 'error', 'createTime', 'startTime', 'endTime', 'replicaHours', 'ranAttempt', 'estimatedHourlyUsd', 'skippedAttempts',
        'machineTypeUsed', 'acceleratorTypeUsed',
      ].map((key) => [key, undefined]),
    );
    // deleteBeforeReplace as a resource option too: `pulumi up --replace URN` never asks the provider's Diff (pulumi
    // pkg/resource/deploy/step_generator.go, targeted replace), so without it the new Create ran first, adopted the old
    // job by its label, and the engine then deleted that job: no live job left (test/e2e lifecycle, scenario 6).
    super(batchJobProvider, name, { ...args, providerVersion: PROVIDER_VERSION, resourceKey, ...outputs }, { deleteBeforeReplace: true, ...opts }, 'vertex', 'BatchPredictionJob');
  }
}
