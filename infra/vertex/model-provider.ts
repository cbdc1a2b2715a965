// Dynamic provider for a Vertex AI Model registration (v1 ModelService, through ./client).
//
//   check  - checkModelInputs: field-named messages, no API call.
//   diff   - displayName, description, labels → in-place update; artifact, container, parent, key, project,
//            region → replace (Vertex cannot change them on a registered model).
//   create - ListModels (ListModelVersions of parentModel for a version) by adoption label (a registration by an
//            interrupted run is adopted), else UploadModel
//            (after an ambiguous UNAVAILABLE/DEADLINE_EXCEEDED, look again before retrying), wait for the
//            long-running operation, GetModel for the stored fields. Reads (lists, GetModel, the operation's polls)
//            ride out an outage (./outage.ts); writes keep their bounded retries. Once the model exists, a failure
//            keeps its version name as id (./model-errors.ts).
//   read   - GetModel; NOT_FOUND → gone from state (deleted out of band).
//   update - UpdateModel with a field mask of exactly the changed fields. Vertex splits them: display name, a
//            model's description and labels on the model name; a version's labels and description
//            (version_description) on `name@version`; one request never mixes the two. A version's display name is
//            its model's. Vertex answers both label levels merged; a version's read leaves out the parent's.
//   delete - DeleteModel (or DeleteModelVersion for a version uploaded under parentModel) + wait (the operation is
//            re-read after a transient failure); NOT_FOUND = gone.
//            A model deployed to an endpoint (the refusal model_service.proto documents), or a version Vertex refuses
//            to delete: FAILED_PRECONDITION at once; reported with what to do, never retried.
import type * as pulumi from '@pulumi/pulumi';
import { checkGcsUri, checkLabels, type CheckFailure, isUnknown } from './batch-job-inputs';
import { createHash } from 'node:crypto';
import { ADOPTION_LABEL, canonicalJson } from './batch-job-request';
import type { VertexClients } from './client';
import { GrpcCode } from './error-catalog';
import { adviceFor, describeStatus, isNotFound, isTransientError, statusOf } from './errors';
import { trackedModelError, unconfirmedOperationError, unconfirmedUploadError } from './model-errors';
import { defaultDeps, outageOptions, type ProviderDeps, readOrGone, withClients } from './provider-deps';
import { backoffDelay, MAX_TRANSIENT_RETRIES, retryTransient } from './wait';
import { kmsKeyRegionProblem } from './kms-key';
import { bucketOf } from './missing-grant';
import { uploadModelAndWait, UploadUnconfirmedError } from './upload-model';
import { versionOwnLabels } from './version-labels';
import { awaitOperation, type OutageOptions, rideOutOutage } from './outage';
import { checkAdopt, differences, type Difference, mismatchError, readToAdopt } from './adoption';

export interface VertexModelInputs {
  providerVersion: string;
  /** Identity of the Pulumi resource (its URN); hashed into the adoption label. Without it, no adoption. */
  resourceKey?: string;
  project: string;
  region: string;
  displayName: string;
  description?: string;
  /** gs:// folder holding saved_model.pb and variables/. */
  artifactUri: string;
  /** Serving container, e.g. servingImageUri(region, '2.15', false) from infra/catalog/machines. */
  imageUri: string;
  predictRoute?: string;
  healthRoute?: string;
  env?: Record<string, string>;
  ports?: number[];
  labels?: Record<string, string>;
  /** Upload as a new version of this model (`projects/P/locations/R/models/ID`) instead of a new model. */
  parentModel?: string;
  encryptionKey?: string;
  /**
   * `projects/P/locations/R/models/ID[@VERSION]` of a model made outside Pulumi to take over instead of uploading
   * one (./adoption.ts). Read on create only; never compared by diff.
   */
  adopt?: string;
}

export interface VertexModelOutputs extends VertexModelInputs {
  /** Model resource name without version: `projects/P/locations/R/models/ID`. */
  name: string;
  modelId: string;
  versionId: string;
  /** `name@versionId`: the exact version a batch job should run. */
  versionName: string;
  createTime: string | null;
}

const UPDATABLE = { displayName: 'display_name', description: 'description', labels: 'labels' } as const;
type Updatable = keyof typeof UPDATABLE;
const REPLACING = ['project', 'region', 'artifactUri', 'imageUri', 'predictRoute', 'healthRoute', 'env', 'ports', 'parentModel', 'encryptionKey'] as const;
/**
 * Label value identifying "this Pulumi resource registering this artifact and container": hashes the URN and the
 * inputs that force a replacement (parentModel among them; not the updatable ones, so renaming never orphans the
 * label). Vertex keeps labels per version, so a version under `parentModel` carries its own.
 */
export function modelAdoptionKey(i: VertexModelInputs): string | undefined {
  if (!i.resourceKey) return undefined;
  const spec = Object.fromEntries(REPLACING.map((key) => [key, i[key] ?? null]));
  return createHash('sha256').update(canonicalJson({ resourceKey: i.resourceKey, spec })).digest('hex').slice(0, 40);
}

/** The labels Vertex stores: the user's plus the adoption label. */
function storedLabels(i: VertexModelInputs): Record<string, string> {
  const key = modelAdoptionKey(i);
  return { ...(i.labels ?? {}), ...(key ? { [ADOPTION_LABEL]: key } : {}) };
}

/** The user's labels from what Vertex stores (the adoption label is the provider's own). */
function userLabels(labels: Record<string, string> | undefined): Record<string, string> {
  const { [ADOPTION_LABEL]: _own, ...rest } = labels ?? {};
  return rest;
}

const MODEL_NAME = /^projects\/[^/]+\/locations\/([^/]+)\/models\/[^/@]+$/;
const ROUTE = /^\/[\w\-./:]*$/;

export function checkModelInputs(i: VertexModelInputs): CheckFailure[] {
  const failures: CheckFailure[] = [];
  const fail = (property: string, reason: string) => failures.push({ property, reason });
  const show = (v: unknown) => JSON.stringify(v);
  for (const field of ['project', 'region', 'displayName', 'artifactUri', 'imageUri'] as const) {
    if (i[field] === undefined || i[field] === '') fail(field, `${field}: missing; it is required to register a model`);
  }
  if (i.displayName && !isUnknown(i.displayName) && [...i.displayName].length > 128) fail('displayName', `displayName: ${show(i.displayName)} is longer than 128 characters`);
  if (i.artifactUri && !isUnknown(i.artifactUri)) for (const reason of checkGcsUri('artifactUri', i.artifactUri, false)) fail('artifactUri', reason);
  if (i.imageUri && !isUnknown(i.imageUri) && !/^[a-z0-9.-]+(:\d+)?\/[^\s]+$/.test(i.imageUri)) {
    fail('imageUri', `imageUri: ${show(i.imageUri)} is not a container image URI; expected e.g. us-docker.pkg.dev/vertex-ai/prediction/tf2-cpu.2-15:latest`);
  }
  for (const field of ['predictRoute', 'healthRoute'] as const) {
    const route = i[field];
    if (route !== undefined && !isUnknown(route) && !ROUTE.test(route)) fail(field, `${field}: ${show(route)} is not an HTTP path; expected it to start with "/"`);
  }
  (i.ports ?? []).forEach((port, n) => {
    if (!isUnknown(port) && (!Number.isInteger(port) || port < 1 || port > 65535)) fail(`ports[${n}]`, `ports[${n}]: ${show(port)} is not a port; allowed: 1-65535`);
  });
  for (const [name, value] of Object.entries(i.env ?? {})) {
    if (!/^[A-Za-z_][A-Za-z0-9_]*$/.test(name)) fail(`env.${name}`, `env.${name}: ${show(name)} is not an environment variable name; allowed: letters, digits, _ (not starting with a digit)`);
    if (typeof value !== 'string' && !isUnknown(value)) fail(`env.${name}`, `env.${name}: ${show(value)} is not a string`);
  }
  if (i.parentModel !== undefined && !isUnknown(i.parentModel)) {
    const match = MODEL_NAME.exec(i.parentModel);
    if (!match) fail('parentModel', `parentModel: ${show(i.parentModel)} is not a model name; expected projects/P/locations/R/models/ID (no @version)`);
    else if (!isUnknown(i.region) && match[1] !== i.region) fail('parentModel', `parentModel: ${show(i.parentModel)} is in ${match[1]}, not in ${i.region}; a new version must be uploaded in its model's region`);
  }
  const keyRegion = kmsKeyRegionProblem(i.encryptionKey, i.region);
  if (keyRegion) fail('encryptionKey', keyRegion);
  failures.push(...checkLabels(i.labels));
  failures.push(...checkAdopt('model', i.adopt, i.project, i.region));
  return failures;
}

function assertValid(inputs: VertexModelInputs): void {
  const failures = checkModelInputs(inputs);
  if (failures.length) throw new Error(`Invalid VertexModel inputs:\n${failures.map((f) => `  ${f.reason}`).join('\n')}`);
}

type ModelMessage = Record<string, any>;

function uploadRequest(i: VertexModelInputs) {
  const model: ModelMessage = {
    displayName: i.displayName,
    // A version's description is its own (version_description); the model's description belongs to the parent.
    ...(i.parentModel ? { versionDescription: i.description ?? '' } : { description: i.description ?? '' }),
    artifactUri: i.artifactUri,
    containerSpec: {
      imageUri: i.imageUri,
      ...(i.predictRoute ? { predictRoute: i.predictRoute } : {}),
      ...(i.healthRoute ? { healthRoute: i.healthRoute } : {}),
      ...(i.env ? { env: Object.entries(i.env).map(([name, value]) => ({ name, value })) } : {}),
      ...(i.ports ? { ports: i.ports.map((containerPort) => ({ containerPort })) } : {}),
    },
    labels: storedLabels(i),
  };
  if (i.encryptionKey) model.encryptionSpec = { kmsKeyName: i.encryptionKey };
  return { parent: `projects/${i.project}/locations/${i.region}`, model, ...(i.parentModel ? { parentModel: i.parentModel } : {}) };
}

function timeOf(t: { seconds?: string | number } | null | undefined): string | null {
  return t?.seconds === undefined ? null : new Date(Number(t.seconds) * 1000).toISOString();
}

function outputsOf(inputs: VertexModelInputs, model: ModelMessage): VertexModelOutputs {
  const name = String(model.name).replace(/@.*$/, '');
  const versionId = String(model.versionId ?? '1');
  // Unset optional inputs are left out: the provider host rejects `undefined` in outputs ("Unexpected struct type").
  const stored = Object.fromEntries(Object.entries(inputs).filter(([, value]) => value !== undefined)) as VertexModelInputs;
  return { ...stored, name, modelId: name.split('/').pop() ?? name, versionId, versionName: `${name}@${versionId}`, createTime: timeOf(model.createTime) };
}

/** What cannot change on a registered model, Vertex's value against the declared one (adoption, see ./adoption.ts). */
function modelToAdoptDifferences(model: ModelMessage, i: VertexModelInputs): Difference[] {
  const spec = model.containerSpec ?? {};
  const folder = (uri: unknown) => (typeof uri === 'string' ? uri.replace(/\/+$/, '') : uri);
  const env = (spec.env as { name: string; value: string }[] | undefined)?.length ? Object.fromEntries(spec.env.map((e: { name: string; value: string }) => [e.name, e.value])) : undefined;
  const ports = (spec.ports as { containerPort: number }[] | undefined)?.length ? spec.ports.map((p: { containerPort: number }) => Number(p.containerPort)) : undefined;
  return differences({
    artifactUri: [folder(model.artifactUri), folder(i.artifactUri)],
    imageUri: [spec.imageUri, i.imageUri],
    predictRoute: [spec.predictRoute || undefined, i.predictRoute],
    healthRoute: [spec.healthRoute || undefined, i.healthRoute],
    env: [env, i.env],
    ports: [ports, i.ports],
    encryptionKey: [model.encryptionSpec?.kmsKeyName || undefined, i.encryptionKey],
    ...(i.parentModel ? { parentModel: [String(model.name).replace(/@.*$/, ''), i.parentModel] } : {}),
  });
}

export class ModelProvider implements pulumi.dynamic.ResourceProvider<VertexModelInputs, VertexModelOutputs> {
  constructor(private readonly deps: ProviderDeps = defaultDeps()) {}

  async check(_olds: VertexModelInputs, news: VertexModelInputs): Promise<pulumi.dynamic.CheckResult<VertexModelInputs>> {
    return { inputs: news, failures: checkModelInputs(news) };
  }

  async diff(_id: string, olds: VertexModelOutputs, news: VertexModelInputs): Promise<pulumi.dynamic.DiffResult> {
    const differs = (key: keyof VertexModelInputs) => canonicalJson(olds[key] ?? null) !== canonicalJson(news[key] ?? null);
    const replaces = REPLACING.filter(differs);
    const updates = [...(Object.keys(UPDATABLE) as (keyof typeof UPDATABLE)[]), 'providerVersion' as const].filter(differs);
    // A new registration must exist before batch jobs are re-pointed at it: create first, then delete the old one.
    return { changes: replaces.length + updates.length > 0, replaces: [...replaces], deleteBeforeReplace: false };
  }

  async create(inputs: VertexModelInputs): Promise<pulumi.dynamic.CreateResult<VertexModelOutputs>> {
    assertValid(inputs);
    return withClients(this.deps, inputs.region, async (clients) => {
      if (inputs.adopt) return this.adopt(clients, inputs, inputs.adopt);
      const versionName = (await this.findRegistered(clients, inputs)) ?? (await this.upload(clients, inputs));
      const outs = await this.readRegistered(clients, inputs, versionName);
      return { id: outs.versionName, outs };
    });
  }

  /** GetModel of the version just registered or found; it exists, so a failure keeps it in the stack. */
  private async readRegistered(clients: VertexClients, inputs: VertexModelInputs, versionName: string): Promise<VertexModelOutputs> {
    try {
      return outputsOf(inputs, await this.getModel(clients, versionName));
    } catch (error) {
      if (isNotFound(error)) {
        throw new Error(`Model "${inputs.displayName}" (${versionName}) was deleted right after it was registered; the next \`pulumi up\` registers it again.`);
      }
      // What is known without the read; the update of the next `pulumi up` reads the rest (createTime).
      const known = outputsOf(inputs, { name: versionName.replace(/@.*$/, ''), versionId: versionName.replace(/^[^@]*@?/, '') || '1' });
      throw trackedModelError(inputs, versionName, 'reading it back (GetModel)', error, known);
    }
  }

  /**
   * Takes over a model made outside Pulumi: refused (nothing changed) when what cannot change on a registered model
   * differs; display name, description and labels are then set to the declared values by a normal update.
   */
  private async adopt(clients: VertexClients, inputs: VertexModelInputs, name: string): Promise<pulumi.dynamic.CreateResult<VertexModelOutputs>> {
    const model = await readToAdopt('model', name, () => this.getModel(clients, name));
    const diffs = modelToAdoptDifferences(model, inputs);
    if (diffs.length) throw mismatchError('model', name, diffs);
    const description = inputs.parentModel ? model.versionDescription : model.description;
    const current = outputsOf({ ...inputs, displayName: model.displayName, description: description || undefined, labels: userLabels(model.labels) }, model);
    this.deps.log(`${inputs.displayName}: adopting ${current.versionName}, made outside Pulumi; from now on the stack manages it (destroy deletes it)`);
    const { outs } = await this.update(current.versionName, current, inputs);
    return { id: current.versionName, outs: outs as VertexModelOutputs };
  }

  /** UploadModel + its operation. Not idempotent: after an ambiguous failure, look for the model before retrying. */
  private async upload(clients: VertexClients, inputs: VertexModelInputs): Promise<string> {
    for (let retry = 0; ; retry++) {
      try {
        const uploaded = await uploadModelAndWait(clients, uploadRequest(inputs), {
          clock: this.deps.clock,
          log: this.deps.log,
          what: `UploadModel ${inputs.displayName}`,
          policy: this.deps.iamPropagation,
          bucket: bucketOf(inputs.artifactUri),
          outage: this.outage(`UploadModel ${inputs.displayName}`),
        });
        const versionName = uploaded.modelVersionId ? `${uploaded.model}@${uploaded.modelVersionId}` : String(uploaded.model);
        this.deps.log(`${inputs.displayName}: registered ${versionName}`);
        return versionName;
      } catch (error) {
        if (error instanceof UploadUnconfirmedError) throw unconfirmedOperationError(inputs, modelAdoptionKey(inputs), error.operation, error.failure);
        const code = statusOf(error).code;
        if (code === GrpcCode.UNAVAILABLE || code === GrpcCode.DEADLINE_EXCEEDED) {
          // The model may have been registered although the answer was lost: adopt it rather than register a twin.
          const registered = await this.findRegistered(clients, inputs).catch((listError: unknown) => {
            throw unconfirmedUploadError(inputs, modelAdoptionKey(inputs), error, listError);
          });
          if (registered) return registered;
          // Without an adoption label (no resourceKey) a lost answer cannot be told apart: do not risk a twin.
          if (!modelAdoptionKey(inputs)) throw error;
        }
        if (retry >= MAX_TRANSIENT_RETRIES || !isTransientError(error)) throw error;
        await this.deps.clock.sleep(backoffDelay(this.deps.retryBackoff, retry));
      }
    }
  }

  /** The version an earlier (interrupted) run registered for this resource, found by its adoption label. */
  private async findRegistered(clients: VertexClients, inputs: VertexModelInputs): Promise<string | undefined> {
    const key = modelAdoptionKey(inputs);
    if (!key) return undefined;
    const filter = `labels.${ADOPTION_LABEL}="${key}"`;
    // ListModels shows only default versions; a version under parentModel is found among its model's versions.
    const [models] = inputs.parentModel
      ? await this.listVersions(clients, inputs.parentModel, filter)
      : await rideOutOutage(
          () => clients.models.listModels({ parent: `projects/${inputs.project}/locations/${inputs.region}`, filter }),
          this.outage(`ListModels ${inputs.displayName}`),
        );
    const found = (models as ModelMessage[]).find((m) => m.labels?.[ADOPTION_LABEL] === key);
    if (!found) return undefined;
    const versionName = `${String(found.name).replace(/@.*$/, '')}@${found.versionId ?? '1'}`;
    this.deps.log(`${inputs.displayName}: adopting ${versionName}, registered by an earlier run`);
    return versionName;
  }

  /** The parent model's versions matching `filter`; none when the parent is gone (the upload then says so). */
  private async listVersions(clients: VertexClients, parentModel: string, filter: string): Promise<[ModelMessage[]]> {
    try {
      const [versions] = await rideOutOutage(() => clients.models.listModelVersions({ name: parentModel, filter }), this.outage(`ListModelVersions ${parentModel}`));
      return [versions as ModelMessage[]];
    } catch (error) {
      if (isNotFound(error)) return [[]];
      throw error;
    }
  }

  async read(id: string, props?: VertexModelOutputs): Promise<pulumi.dynamic.ReadResult<VertexModelOutputs>> {
    return readOrGone(this.deps, id, props, async (clients) => {
      const model = await this.getModel(clients, id);
      // Fields that can drift (edited in the console) are read back so the next diff shows them.
      const description = props?.parentModel ? model.versionDescription : model.description;
      const labels = props?.parentModel ? await this.ownVersionLabels(clients, props, model) : model.labels;
      const drift = { displayName: model.displayName, description: description || undefined, labels: userLabels(labels) };
      return outputsOf({ ...props!, ...drift }, model);
    });
  }

  async update(id: string, olds: VertexModelOutputs, news: VertexModelInputs): Promise<pulumi.dynamic.UpdateResult<VertexModelOutputs>> {
    assertValid(news);
    const changed = (Object.keys(UPDATABLE) as Updatable[]).filter((key) => canonicalJson(olds[key] ?? null) !== canonicalJson(news[key] ?? null));
    const isVersion = Boolean(olds.parentModel);
    // A version's labels are its own (name@id); a model's are the model's (plain name): Vertex merges both levels
    // in every answer, so labels set on a model's version would survive their removal from the model.
    const onVersion = (key: Updatable) => isVersion && (key === 'labels' || key === 'description');
    const modelPaths = changed.filter((key) => !onVersion(key)).map((key) => UPDATABLE[key]);
    const versionPaths = changed.filter(onVersion).map((key) => (key === 'description' ? 'version_description' : UPDATABLE[key]));
    return withClients(this.deps, news.region, async (clients) => {
      // Nothing to change (a provider upgrade, or the up after a create that failed once the model existed, which
      // the engine sends here): GetModel below still confirms the model and fills what that create could not read.
      const description = news.description ?? '';
      if (modelPaths.length > 0) {
        const model = { name: olds.name ?? id.replace(/@.*$/, ''), displayName: news.displayName, description, labels: storedLabels({ ...olds, ...news }) };
        await this.retry(() => clients.models.updateModel({ model, updateMask: { paths: modelPaths } }));
      }
      if (versionPaths.length > 0) {
        const model = { name: id, labels: storedLabels({ ...olds, ...news }), versionDescription: description };
        await this.retry(() => clients.models.updateModel({ model, updateMask: { paths: versionPaths } }));
      }
      const model = await this.getModel(clients, id);
      if (changed.length === 0) return { outs: outputsOf({ ...olds, ...news }, model) };
      return { outs: outputsOf({ ...news, resourceKey: olds.resourceKey ?? news.resourceKey }, model) };
    });
  }

  async delete(id: string, props: VertexModelOutputs): Promise<void> {
    await withClients(this.deps, props.region, async (clients) => {
      try {
        // A version uploaded under someone's parent model: remove only that version.
        const name = props.parentModel ? id : (props.name ?? id.replace(/@.*$/, ''));
        const [operation] = props.parentModel
          ? await this.retry(() => clients.models.deleteModelVersion({ name }))
          : await this.retry(() => clients.models.deleteModel({ name }));
        // A transient failure while polling the operation is not a failed delete: re-read the operation by name.
        const recheck = (op: string) => (props.parentModel ? clients.models.checkDeleteModelVersionProgress(op) : clients.models.checkDeleteModelProgress(op));
        const what = `${props.parentModel ? 'DeleteModelVersion' : 'DeleteModel'} ${name}`;
        await awaitOperation(operation, recheck, this.outage(what));
      } catch (error) {
        if (isNotFound(error)) return;
        const status = statusOf(error);
        if (status.code === GrpcCode.FAILED_PRECONDITION && props.parentModel && (await this.isDefaultVersion(clients, id))) {
          throw new Error(
            `Model version ${id} cannot be deleted: it is now the default version of ${props.parentModel} ` +
              '(Vertex never deletes a model\'s default version). Make another version the default ' +
              '(MergeVersionAliases with alias "default", or "Set as default" in the Model Registry), or delete the parent model, ' +
              `then run the deletion again. Vertex said: ${describeStatus(status)}`,
          );
        }
        if (status.code === GrpcCode.FAILED_PRECONDITION) {
          // The refusal the proto documents is a model deployed to an endpoint; say only what Vertex's text supports.
          const advice = adviceFor(status);
          throw new Error(`Model ${id} cannot be deleted: ${describeStatus(status)}.${advice ? ` ${advice}` : ''}`);
        }
        throw error;
      }
    });
  }

  /** A version's labels without those it only inherits from its parent model (Vertex answers them merged). */
  private async ownVersionLabels(clients: VertexClients, props: VertexModelOutputs, model: ModelMessage): Promise<Record<string, string>> {
    let parentLabels: Record<string, string> = {};
    try {
      parentLabels = (await this.getModel(clients, props.parentModel!)).labels ?? {};
    } catch (error) {
      if (!isNotFound(error)) throw error; // the parent is gone: every label is the version's own
    }
    return versionOwnLabels(model.labels ?? {}, parentLabels, Object.keys(storedLabels(props)));
  }

  private async isDefaultVersion(clients: VertexClients, versionName: string): Promise<boolean> {
    try {
      const model = await this.getModel(clients, versionName);
      return ((model.versionAliases as string[] | undefined) ?? []).includes('default');
    } catch {
      return false;
    }
  }

  /** GetModel, riding out an outage (a read: calling it again is always safe). */
  private async getModel(clients: VertexClients, name: string): Promise<ModelMessage> {
    const [model] = await rideOutOutage(() => clients.models.getModel({ name }), this.outage(`GetModel ${name}`));
    return model as ModelMessage;
  }

  private outage(what: string): OutageOptions {
    return outageOptions(this.deps, what);
  }

  private retry<T>(call: () => Promise<T>): Promise<T> {
    return retryTransient(call, { clock: this.deps.clock, backoff: this.deps.retryBackoff });
  }
}

/** Entry point for the serialized provider (see ./serialized-provider.ts): built inside the provider process. */
export function createModelProvider(): ModelProvider {
  return new ModelProvider();
}
