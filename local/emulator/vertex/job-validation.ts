/**
 * CreateBatchPredictionJob checks Vertex makes before accepting a job: required fields, name formats, the
 * model existing in the same location, formats known and supported by the model, sources and destinations
 * that fit the formats, machine resources present, labels valid. Each message names the field.
 */
import { invalidArgument, requireField } from './errors';
import { validateLabels } from './labels';
import { parseLocation, parseModelName, type LocationName } from './names';
import type { BatchPredictionJobMessage, ModelMessage } from './types';

export const INSTANCES_FORMATS = ['jsonl', 'csv', 'tf-record', 'tf-record-gzip', 'bigquery', 'file-list'];
export const PREDICTIONS_FORMATS = ['jsonl', 'csv', 'bigquery'];
const INSTANCE_TYPES = ['object', 'array'];
const GCS_URI = /^gs:\/\/[a-z0-9][a-z0-9._-]{1,221}[a-z0-9](\/.*)?$/;
const BQ_TABLE = /^bq:\/\/[\w.:-]+\.\w+\.[\w$-]+$/;
const BQ_PROJECT_OR_DATASET = /^bq:\/\/[\w.:-]+(\.\w+)?$/;
const MAX_DISPLAY_NAME = 128;

export interface ValidatedJob {
  parent: LocationName;
  model: ModelMessage;
}

const JOB = 'batch_prediction_job';

export function validateCreateJob(
  request: { parent?: string; batchPredictionJob?: BatchPredictionJobMessage },
  resolveModel: (name: string, field: string) => ModelMessage,
): ValidatedJob {
  const parent = parseLocation(requireField(request.parent, 'parent'));
  const job = requireField(request.batchPredictionJob, JOB);
  const displayName = requireField(job.displayName, `${JOB}.display_name`);
  if (displayName.length > MAX_DISPLAY_NAME) {
    throw invalidArgument(`${JOB}.display_name is ${displayName.length} characters long; at most ${MAX_DISPLAY_NAME} are allowed`);
  }
  if (job.unmanagedContainerModel) throw invalidArgument(`${JOB}.unmanaged_container_model is not supported by the emulator; set ${JOB}.model`);
  const modelName = requireField(job.model, `${JOB}.model`);
  const modelLocation = parseModelName(modelName, `${JOB}.model`);
  if (modelLocation.location !== parent.location) {
    throw invalidArgument(
      `${JOB}.model "${modelName}" is in location ${modelLocation.location}, but the job is created in ${parent.location}: the model and the job must be in the same location`,
    );
  }
  const model = resolveModel(modelName, `${JOB}.model`);

  checkInput(job, model);
  checkOutput(job, model);
  checkInstanceConfig(job);
  checkResources(job);
  validateLabels(job.labels, `${JOB}.labels`);
  return { parent, model };
}

function checkFormat(value: string | undefined, field: string, known: string[], supported: string[]): string {
  const format = requireField(value, field);
  if (!known.includes(format)) throw invalidArgument(`${field} "${format}" is not a known format; allowed: ${known.join(', ')}`);
  if (!supported.includes(format)) {
    throw invalidArgument(`${field} "${format}" is not supported by this Model; the Model supports: ${supported.join(', ')}`);
  }
  return format;
}

function checkInput(job: BatchPredictionJobMessage, model: ModelMessage): void {
  const input = requireField(job.inputConfig, `${JOB}.input_config`);
  const field = `${JOB}.input_config`;
  const format = checkFormat(input.instancesFormat, `${field}.instances_format`, INSTANCES_FORMATS, model.supportedInputStorageFormats ?? []);
  if (format === 'bigquery') {
    if (input.gcsSource) throw invalidArgument(`${field}: instances_format "bigquery" reads a BigQuery table: set bigquery_source, not gcs_source`);
    const uri = requireField(input.bigquerySource?.inputUri, `${field}.bigquery_source.input_uri`);
    if (!BQ_TABLE.test(uri)) throw invalidArgument(`${field}.bigquery_source.input_uri "${uri}" must look like bq://project.dataset.table`);
    return;
  }
  if (input.bigquerySource) {
    throw invalidArgument(`${field}: bigquery_source needs instances_format "bigquery"; "${format}" reads files: set gcs_source`);
  }
  const uris = input.gcsSource?.uris ?? [];
  if (uris.length === 0) throw invalidArgument(`Required field is not set: ${field}.gcs_source.uris`);
  for (const uri of uris) {
    if (!GCS_URI.test(uri)) throw invalidArgument(`${field}.gcs_source.uris: "${uri}" is not a Cloud Storage URI (gs://bucket/object)`);
  }
}

function checkOutput(job: BatchPredictionJobMessage, model: ModelMessage): void {
  const output = requireField(job.outputConfig, `${JOB}.output_config`);
  const field = `${JOB}.output_config`;
  const format = checkFormat(output.predictionsFormat, `${field}.predictions_format`, PREDICTIONS_FORMATS, model.supportedOutputStorageFormats ?? []);
  if (format === 'bigquery') {
    if (output.gcsDestination) throw invalidArgument(`${field}: predictions_format "bigquery" writes to BigQuery: set bigquery_destination, not gcs_destination`);
    const uri = requireField(output.bigqueryDestination?.outputUri, `${field}.bigquery_destination.output_uri`);
    if (!BQ_PROJECT_OR_DATASET.test(uri)) {
      throw invalidArgument(`${field}.bigquery_destination.output_uri "${uri}" must look like bq://project or bq://project.dataset`);
    }
    return;
  }
  if (output.bigqueryDestination) {
    throw invalidArgument(`${field}: bigquery_destination needs predictions_format "bigquery"; "${format}" writes files: set gcs_destination`);
  }
  const prefix = requireField(output.gcsDestination?.outputUriPrefix, `${field}.gcs_destination.output_uri_prefix`);
  if (!GCS_URI.test(prefix) || prefix.includes('*')) {
    throw invalidArgument(`${field}.gcs_destination.output_uri_prefix "${prefix}" is not a Cloud Storage prefix (gs://bucket/path, no wildcards)`);
  }
}

function checkInstanceConfig(job: BatchPredictionJobMessage): void {
  const config = job.instanceConfig;
  if (!config) return;
  const field = `${JOB}.instance_config`;
  if (config.instanceType && !INSTANCE_TYPES.includes(config.instanceType)) {
    throw invalidArgument(`${field}.instance_type "${config.instanceType}" is not allowed; allowed: ${INSTANCE_TYPES.join(', ')}`);
  }
  if ((config.includedFields?.length ?? 0) > 0 && (config.excludedFields?.length ?? 0) > 0) {
    throw invalidArgument(`${field}: included_fields and excluded_fields cannot both be set`);
  }
  if (config.instanceType === 'array' && (config.excludedFields?.length ?? 0) > 0) {
    throw invalidArgument(`${field}: excluded_fields cannot be used with instance_type "array"; list the fields in included_fields to fix their order`);
  }
}

function checkResources(job: BatchPredictionJobMessage): void {
  const field = `${JOB}.dedicated_resources`;
  const resources = job.dedicatedResources;
  if (!resources) {
    throw invalidArgument(`Required field is not set: ${field}: this Model does not support automatic resources, so the job must set dedicated_resources.machine_spec`);
  }
  requireField(resources.machineSpec?.machineType, `${field}.machine_spec.machine_type`);
  const spec = resources.machineSpec ?? {};
  if (spec.acceleratorType && spec.acceleratorType !== 'ACCELERATOR_TYPE_UNSPECIFIED' && !(spec.acceleratorCount && spec.acceleratorCount > 0)) {
    throw invalidArgument(`${field}.machine_spec.accelerator_count must be > 0 when accelerator_type is ${spec.acceleratorType}`);
  }
  const starting = resources.startingReplicaCount ?? 0;
  const max = resources.maxReplicaCount ?? 0;
  if (starting < 0) throw invalidArgument(`${field}.starting_replica_count must be >= 0, got ${starting}`);
  if (max !== 0 && max < starting) {
    throw invalidArgument(`${field}.max_replica_count (${max}) must be >= starting_replica_count (${starting})`);
  }
  const batchSize = job.manualBatchTuningParameters?.batchSize ?? 0;
  if (batchSize < 0) throw invalidArgument(`${JOB}.manual_batch_tuning_parameters.batch_size must be >= 0, got ${batchSize}`);
}
