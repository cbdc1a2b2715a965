/**
 * The Vertex AI v1 wire schema, loaded from the protos that ship with @google-cloud/aiplatform (plus
 * google-gax's google/api, google/longrunning, google/rpc), so the emulator speaks exactly what the real
 * client sends. Loaded once per process: parsing the aiplatform tree takes a noticeable fraction of a second.
 */
import { dirname, join } from 'node:path';
import * as grpc from '@grpc/grpc-js';
import * as protoLoader from '@grpc/proto-loader';

const AIPLATFORM_V1 = 'google/cloud/aiplatform/v1';
export const TYPE_URL_PREFIX = 'type.googleapis.com/';
export const V1_PACKAGE = 'google.cloud.aiplatform.v1';

/** How request messages appear to handlers: camelCase fields, enums as names, int64 as strings. */
const LOADER_OPTIONS: protoLoader.Options = {
  keepCase: false,
  longs: String,
  enums: String,
  defaults: false,
  oneofs: true,
  json: true,
};

function protoRoots(): string[] {
  const aiplatformDir = dirname(require.resolve('@google-cloud/aiplatform/package.json'));
  // google-gax exports no package.json; its main is build/src/index.js, beside build/protos. Resolved from
  // aiplatform's folder so it is the copy that client itself uses.
  const gaxMain = require.resolve('google-gax', { paths: [aiplatformDir] });
  return [join(aiplatformDir, 'build', 'protos'), join(dirname(gaxMain), '..', 'protos')];
}

export interface VertexServices {
  modelService: grpc.ServiceDefinition;
  jobService: grpc.ServiceDefinition;
  operations: grpc.ServiceDefinition;
}

let loaded: VertexServices | undefined;

export function vertexServices(): VertexServices {
  if (loaded) return loaded;
  const definition = protoLoader.loadSync(
    [`${AIPLATFORM_V1}/model_service.proto`, `${AIPLATFORM_V1}/job_service.proto`, 'google/longrunning/operations.proto'],
    { ...LOADER_OPTIONS, includeDirs: protoRoots() },
  );
  const service = (fullName: string): grpc.ServiceDefinition => {
    const found = definition[fullName];
    if (!found || typeof found !== 'object' || 'format' in found) {
      throw new Error(`service ${fullName} not found in the aiplatform protos`);
    }
    return found as grpc.ServiceDefinition;
  };
  loaded = {
    modelService: service(`${V1_PACKAGE}.ModelService`),
    jobService: service(`${V1_PACKAGE}.JobService`),
    operations: service('google.longrunning.Operations'),
  };
  return loaded;
}

/** An Any value in the form the loader's protobufjs wrapper encodes: `@type` plus the message's own fields. */
export function packAny(typeName: string, fields: Record<string, unknown>): Record<string, unknown> {
  return { '@type': `${TYPE_URL_PREFIX}${typeName}`, ...fields };
}
