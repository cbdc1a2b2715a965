/**
 * ModelService: UploadModel (LRO; `parent_model` adds a version), GetModel, ListModels, ListModelVersions,
 * UpdateModel (field mask), MergeVersionAliases, DeleteModel (LRO), DeleteModelVersion (LRO).
 * A model holds versions; `name` addresses the default version, `name@id` or `name@alias` a given one.
 * Labels: the model has its own and each version has its own; every answer merges them (UpdateModelRequest in
 * model_service.proto: "Both the model labels and the version labels are merged when a model is returned"; a
 * version label wins over a model label with the same key — the proto does not say, this is our assumption).
 * A new model's upload labels are the model's; a version's upload labels (parent_model) are that version's.
 * Display name and description belong to the model.
 * Delete rules are the proto's (model_service.proto, rpc DeleteModel / DeleteModelVersion): a model or version an
 * Endpoint has a DeployedModel of cannot be deleted, nor the only version of a model.
 */
import { status } from '@grpc/grpc-js';
import { failedPrecondition, invalidArgument, notFound, requireField, RpcError } from './errors';
import { compileFilter, labelAndFieldReader } from './filter';
import { validateLabels } from './labels';
import { IdSequence, parseLocation, parseModelName } from './names';
import type { OperationMessage, OperationStore } from './operations';
import { paginate } from './paging';
import { V1_PACKAGE } from './proto';
import { toTimestamp } from './time';
import type { ModelMessage } from './types';
import { VERTEX_ERROR_TEXTS } from './vertex-texts';

/** What Vertex lists for a model served by a custom container (csv output is for tabular AutoML models only). */
const CUSTOM_MODEL_INPUT_FORMATS = ['jsonl', 'bigquery', 'csv', 'tf-record', 'tf-record-gzip', 'file-list'];
const CUSTOM_MODEL_OUTPUT_FORMATS = ['jsonl', 'bigquery'];
const MAX_DISPLAY_NAME = 128;
const MODEL_ID = /^[a-z0-9][a-z0-9_-]{0,62}$/;
const DEFAULT_ALIAS = 'default';
const VERSION_ALIAS = /^[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]$/;

/** Fields UpdateModel may change (snake_case as in update_mask), and how they map onto the message. */
const MODEL_LEVEL_FIELDS: Record<string, keyof ModelMessage> = {
  display_name: 'displayName',
  description: 'description',
  labels: 'labels',
};
const VERSION_LEVEL_FIELDS: Record<string, keyof ModelMessage> = {
  version_description: 'versionDescription',
  version_aliases: 'versionAliases',
};

interface StoredModel {
  versions: ModelMessage[];
  nextVersion: number;
  /** The model's own labels (UpdateModel on the plain name); each version keeps its own in `labels`. */
  labels: Record<string, string>;
}

export interface ModelRegistryHooks {
  /** An injected failure for the operation of this call (FaultInjector.failOperation). */
  operationFailure(method: string): RpcError | undefined;
  /** Whether the next delete answers NOT_FOUND as if deleted out of band. */
  consumeDeleteNotFound(): boolean;
  /**
   * File names directly inside a gs:// folder (e.g. read from the GCS emulator); when given, UploadModel with a
   * TensorFlow prebuilt image checks the SavedModel folder as Vertex does.
   */
  artifactFiles?: (artifactUri: string) => Promise<string[]>;
}

/** Prebuilt TF serving images (tf2-cpu.2-15, tf-gpu.1-15, …): Vertex reads a SavedModel from their artifact folder. */
const TF_SERVING_IMAGE = /\/vertex-ai\/prediction\/tf2?-(?:cpu|gpu)\.[^/]*$/;
const SAVED_MODEL_FILES = ['saved_model.pb', 'saved_model.pbtxt'];

export class ModelRegistry {
  private readonly models = new Map<string, StoredModel>();
  private readonly ids = new IdSequence(1_000_000_000_000_000_000n);

  constructor(
    private readonly operations: OperationStore,
    private readonly now: () => number,
    private readonly hooks: ModelRegistryHooks,
  ) {}

  /** Test scenario: an Endpoint now serves this version (`name@id`), as Model.deployed_models shows. */
  markDeployed(versionName: string, endpoint: string): void {
    const version = this.resolve(versionName);
    version.deployedModels = [...((version.deployedModels as object[] | undefined) ?? []), { endpoint, deployedModelId: String(Date.now()) }];
  }

  /** A version as Vertex answers it: model and version labels merged. */
  private view(version: ModelMessage): ModelMessage {
    const stored = this.models.get(String(version.name));
    return structuredClone({ ...version, labels: { ...(stored?.labels ?? {}), ...(version.labels ?? {}) } });
  }

  clear(): void {
    this.models.clear();
  }

  /** The version a name addresses (default version when the name has no `@`). */
  resolve(name: string, field = 'name'): ModelMessage {
    const parsed = parseModelName(name, field);
    const stored = this.models.get(parsed.base);
    const version = stored && this.findVersion(stored, parsed.version ?? DEFAULT_ALIAS);
    if (!version) throw notFound(`Model "${name}" not found.`);
    return version;
  }

  async UploadModel(request: { parent?: string; parentModel?: string; modelId?: string; model?: ModelMessage }): Promise<OperationMessage> {
    const parent = parseLocation(requireField(request.parent, 'parent'));
    const model = requireField(request.model, 'model');
    const displayName = requireField(model.displayName, 'model.display_name');
    if (displayName.length > MAX_DISPLAY_NAME) {
      throw invalidArgument(`model.display_name is ${displayName.length} characters long; at most ${MAX_DISPLAY_NAME} are allowed`);
    }
    requireField(model.containerSpec?.imageUri, 'model.container_spec.image_uri');
    if (model.artifactUri !== undefined && !/^gs:\/\/[^/]+/.test(model.artifactUri)) {
      throw invalidArgument(`model.artifact_uri "${model.artifactUri}" must be a Cloud Storage URI (gs://bucket/path)`);
    }
    validateLabels(model.labels, 'model.labels');

    const now = this.now();
    let base: string;
    let stored: StoredModel;
    if (request.parentModel) {
      if (request.modelId) throw invalidArgument('model_id must not be set when parent_model is set');
      const parentName = parseModelName(request.parentModel, 'parent_model');
      if (parentName.location !== parent.location || parentName.project !== parent.project) {
        throw invalidArgument(`parent_model "${request.parentModel}" is not in ${request.parent}`);
      }
      const existing = this.models.get(parentName.base);
      if (!existing) throw notFound(`Parent model "${request.parentModel}" not found.`);
      base = parentName.base;
      stored = existing;
    } else {
      const modelId = request.modelId ?? this.ids.take();
      if (!MODEL_ID.test(modelId)) {
        throw invalidArgument(`model_id "${modelId}" must be 1-63 characters of [a-z0-9_-] starting with a letter or digit`);
      }
      base = `${request.parent}/models/${modelId}`;
      if (this.models.has(base)) throw new RpcError(status.ALREADY_EXISTS, `Model "${base}" already exists.`);
      // A new model's upload labels are the model's own (UpdateModel on the plain name changes them); a version
      // uploaded under parent_model keeps its upload labels as its own. (Which level the first upload's labels land
      // on is not documented; this choice makes both UpdateModel forms behave as the proto describes.)
      stored = { versions: [], nextVersion: 1, labels: structuredClone(model.labels ?? {}) };
    }
    const failed = this.hooks.operationFailure('UploadModel') ?? (await this.artifactProblem(model));
    if (failed) return this.operations.startFailed(base, 'UploadModelOperationMetadata', now, { code: failed.code, message: failed.message });

    const versionId = String(stored.nextVersion);
    const aliases = [...(model.versionAliases ?? [])];
    for (const alias of aliases) {
      if (!VERSION_ALIAS.test(alias)) throw invalidArgument(`model.version_aliases: "${alias}" must match [a-z][a-zA-Z0-9-]{0,126}[a-z0-9]`);
    }
    if (stored.versions.length === 0 && !aliases.includes(DEFAULT_ALIAS)) aliases.unshift(DEFAULT_ALIAS);
    if (aliases.includes(DEFAULT_ALIAS)) {
      for (const other of stored.versions) other.versionAliases = (other.versionAliases ?? []).filter((a) => a !== DEFAULT_ALIAS);
    }
    const created: ModelMessage = {
      ...structuredClone(model),
      name: base,
      versionId,
      versionAliases: aliases,
      supportedInputStorageFormats: CUSTOM_MODEL_INPUT_FORMATS,
      supportedOutputStorageFormats: CUSTOM_MODEL_OUTPUT_FORMATS,
      supportedDeploymentResourcesTypes: ['DEDICATED_RESOURCES'],
      createTime: toTimestamp(now),
      updateTime: toTimestamp(now),
      versionCreateTime: toTimestamp(now),
      versionUpdateTime: toTimestamp(now),
      labels: request.parentModel ? structuredClone(model.labels ?? {}) : {},
    };
    stored.versions.push(created);
    stored.nextVersion += 1;
    this.models.set(base, stored);
    return this.operations.start(base, 'UploadModelOperationMetadata', now, `${V1_PACKAGE}.UploadModelResponse`, {
      model: base,
      modelVersionId: versionId,
    });
  }

  GetModel(request: { name?: string }): ModelMessage {
    return this.view(this.resolve(requireField(request.name, 'name')));
  }

  /** Vertex reads a TF SavedModel folder at upload: exactly one of saved_model.pb / saved_model.pbtxt at its top. */
  private async artifactProblem(model: ModelMessage): Promise<RpcError | undefined> {
    const uri = model.artifactUri;
    if (!this.hooks.artifactFiles || !uri || !TF_SERVING_IMAGE.test(model.containerSpec?.imageUri ?? '')) return undefined;
    const files = await this.hooks.artifactFiles(uri);
    if (files.filter((file) => SAVED_MODEL_FILES.includes(file)).length === 1) return undefined;
    const text = VERTEX_ERROR_TEXTS.modelDirectory(uri);
    return new RpcError(text.code, text.message);
  }

  ListModels(request: { parent?: string; filter?: string; pageSize?: number; pageToken?: string }): {
    models: ModelMessage[];
    nextPageToken: string;
  } {
    const parent = requireField(request.parent, 'parent');
    parseLocation(parent);
    const matches = compileFilter(
      request.filter,
      labelAndFieldReader<ModelMessage>({ display_name: (m) => m.displayName, model: (m) => m.name }),
    );
    const defaults = [...this.models.entries()]
      .filter(([base]) => base.startsWith(`${parent}/models/`))
      .map(([, stored]) => this.findVersion(stored, DEFAULT_ALIAS))
      .filter((m): m is ModelMessage => m !== undefined)
      .map((m) => this.view(m))
      .filter(matches);
    const { page, nextPageToken } = paginate(defaults, request.pageSize, request.pageToken);
    return { models: page, nextPageToken };
  }

  ListModelVersions(request: { name?: string; filter?: string; pageSize?: number; pageToken?: string }): {
    models: ModelMessage[];
    nextPageToken: string;
  } {
    const name = requireField(request.name, 'name');
    const parsed = parseModelName(name);
    if (parsed.version) throw invalidArgument(`ListModelVersions takes a model name without a version, got "${name}"`);
    const stored = this.models.get(parsed.base);
    if (!stored) throw notFound(`Model "${name}" not found.`);
    const matches = compileFilter(request.filter, labelAndFieldReader<ModelMessage>({ display_name: (m) => m.displayName }));
    const { page, nextPageToken } = paginate(stored.versions.map((v) => this.view(v)).filter(matches), request.pageSize, request.pageToken);
    return { models: page, nextPageToken };
  }

  UpdateModel(request: { model?: ModelMessage; updateMask?: { paths?: string[] } }): ModelMessage {
    const patch = requireField(request.model, 'model');
    const paths = request.updateMask?.paths ?? [];
    if (paths.length === 0) throw invalidArgument('Required field is not set: update_mask');
    const requested = parseModelName(requireField(patch.name, 'model.name'), 'model.name');
    // `name@-` addresses the model, like a name without `@`.
    const versioned = requested.version !== undefined && requested.version !== '-';
    const target = this.resolve(versioned ? (patch.name as string) : requested.base, 'model.name');
    const stored = this.models.get(requested.base);
    const allowed = [...Object.keys(MODEL_LEVEL_FIELDS), ...Object.keys(VERSION_LEVEL_FIELDS)];
    const snakePaths = paths.map((path) => path.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`));
    for (const path of snakePaths) {
      if (!allowed.includes(path)) {
        throw invalidArgument(`update_mask path "${path}" cannot be updated; updatable fields are ${allowed.join(', ')}`);
      }
    }
    // Vertex: a versioned name updates the version (labels, version fields), a plain name the model (labels, model
    // fields); a field of the other kind is a precondition error, so one request never updates both.
    for (const path of snakePaths) {
      if (versioned && path in MODEL_LEVEL_FIELDS && path !== 'labels') {
        throw failedPrecondition(`update_mask path "${path}" is a model field but model.name "${patch.name}" names a version; update it with the model name without "@${requested.version}"`);
      }
      if (!versioned && path in VERSION_LEVEL_FIELDS) {
        throw failedPrecondition(`update_mask path "${path}" is a version field but model.name "${patch.name}" names the model; update it with "${requested.base}@{version}"`);
      }
    }
    if (snakePaths.includes('display_name')) requireField(patch.displayName, 'model.display_name');
    if (snakePaths.includes('labels')) validateLabels(patch.labels, 'model.labels');
    const now = toTimestamp(this.now());
    for (const path of snakePaths) {
      const modelField = MODEL_LEVEL_FIELDS[path];
      // Labels on a versioned name are that version's, on the plain name the model's; other model-level fields
      // apply to every version.
      if (modelField === 'labels' && versioned) target.labels = structuredClone(patch.labels);
      else if (modelField === 'labels' && stored) stored.labels = structuredClone(patch.labels ?? {});
      else if (modelField) for (const version of stored?.versions ?? []) version[modelField] = structuredClone(patch[modelField]);
      const versionField = VERSION_LEVEL_FIELDS[path];
      if (versionField) target[versionField] = structuredClone(patch[versionField]);
    }
    for (const version of stored?.versions ?? []) version.updateTime = now;
    return this.view(target);
  }

  DeleteModel(request: { name?: string }): OperationMessage {
    const name = requireField(request.name, 'name');
    const parsed = parseModelName(name);
    if (parsed.version) throw invalidArgument(`DeleteModel takes a model name without a version; use DeleteModelVersion for "${name}"`);
    if (!this.models.has(parsed.base)) throw notFound(`Model "${name}" not found.`);
    if (this.hooks.consumeDeleteNotFound()) {
      this.models.delete(parsed.base);
      throw notFound(`Model "${name}" not found.`);
    }
    // model_service.proto, rpc DeleteModel: refused while an Endpoint has a DeployedModel based on the model. (Running
    // batch jobs are not documented as blocking it, so they do not here; the wording of the refusal is ours.)
    const endpoints = this.models.get(parsed.base)!.versions.flatMap((v) => ((v.deployedModels as { endpoint: string }[] | undefined) ?? []).map((d) => d.endpoint));
    if (endpoints.length > 0) {
      throw failedPrecondition(`Model "${name}" is deployed to ${endpoints.length} endpoint(s) (${endpoints.join(', ')}); undeploy it before deleting the model.`);
    }
    this.models.delete(parsed.base);
    return this.operations.start(parsed.base, 'DeleteOperationMetadata', this.now(), 'google.protobuf.Empty', {});
  }

  /** `alias` adds, `-alias` removes; `default` moves to this version and can only be moved, never removed. */
  MergeVersionAliases(request: { name?: string; versionAliases?: string[] }): ModelMessage {
    const name = requireField(request.name, 'name');
    if (!parseModelName(name).version) throw invalidArgument(`MergeVersionAliases needs a version in the name (e.g. "${name}@2")`);
    const changes = request.versionAliases ?? [];
    if (changes.length === 0) throw invalidArgument('Required field is not set: version_aliases');
    const target = this.resolve(name);
    const stored = this.models.get(parseModelName(name).base)!;
    for (const change of changes) {
      const alias = change.replace(/^-/, '');
      if (!VERSION_ALIAS.test(alias)) throw invalidArgument(`version_aliases: "${change}" must match -?[a-z][a-zA-Z0-9-]{0,126}[a-z0-9]`);
      if (change === `-${DEFAULT_ALIAS}`) throw invalidArgument(`version_aliases: the "${DEFAULT_ALIAS}" alias cannot be removed, only moved to another version`);
    }
    for (const change of changes) {
      if (change.startsWith('-')) {
        target.versionAliases = (target.versionAliases ?? []).filter((a) => a !== change.slice(1));
        continue;
      }
      for (const other of stored.versions) other.versionAliases = (other.versionAliases ?? []).filter((a) => a !== change);
      target.versionAliases = [...(target.versionAliases ?? []), change];
    }
    target.versionUpdateTime = toTimestamp(this.now());
    return this.view(target);
  }

  DeleteModelVersion(request: { name?: string }): OperationMessage {
    const name = requireField(request.name, 'name');
    const parsed = parseModelName(name);
    if (!parsed.version) throw invalidArgument(`DeleteModelVersion needs a version in the name (e.g. "${name}@2"); use DeleteModel to delete "${name}"`);
    const stored = this.models.get(parsed.base);
    const version = stored && this.findVersion(stored, parsed.version);
    if (!stored || !version) throw notFound(`Model version "${name}" not found.`);
    if (this.hooks.consumeDeleteNotFound()) {
      stored.versions = stored.versions.filter((v) => v !== version);
      throw notFound(`Model version "${name}" not found.`);
    }
    // model_service.proto, rpc DeleteModelVersion: "Deleting the only version in the Model is not allowed. Use
    // DeleteModel for deleting the Model instead", and no DeployedModels may be created from it.
    if (stored.versions.length === 1) {
      throw failedPrecondition(`Model version "${name}" is the only version of model "${parsed.base}"; deleting the only version is not allowed, use DeleteModel for the model.`);
    }
    const endpoints = ((version.deployedModels as { endpoint: string }[] | undefined) ?? []).map((d) => d.endpoint);
    if (endpoints.length > 0) {
      throw failedPrecondition(`Model version "${name}" is deployed to ${endpoints.length} endpoint(s) (${endpoints.join(', ')}); undeploy it before deleting the version.`);
    }
    stored.versions = stored.versions.filter((v) => v !== version);
    // A model has exactly one default version; when it is deleted the alias moves to the newest remaining version
    // (which one Vertex picks is not documented: our assumption).
    if ((version.versionAliases ?? []).includes(DEFAULT_ALIAS)) {
      const newest = stored.versions[stored.versions.length - 1]!;
      newest.versionAliases = [DEFAULT_ALIAS, ...(newest.versionAliases ?? [])];
    }
    return this.operations.start(parsed.base, 'DeleteOperationMetadata', this.now(), 'google.protobuf.Empty', {});
  }

  private findVersion(stored: StoredModel, idOrAlias: string): ModelMessage | undefined {
    return stored.versions.find((v) => v.versionId === idOrAlias || (v.versionAliases ?? []).includes(idOrAlias));
  }
}
