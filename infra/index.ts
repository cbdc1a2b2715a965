// The Pulumi program: read the stack config once, compose the parts, export what later steps need.
// Data flows one way: config → platform (APIs, bucket, identity) → model artifact → Vertex model → batch jobs.
// Pulumi runs the compiled copy (bin/infra/index.js, see Pulumi.yaml): `npm run build` before preview/up.
import { readStackConfig } from './config';
import { Platform } from './platform';

const config = readStackConfig();
const platform = new Platform('platform', { config });

// ── Model artifact, Vertex model and batch jobs ──────────────────────────────────────────────────────────────────
// Wired here by issue #9 (artifact upload) and the providers' function from infra/vertex/ or jobs/ (issue #4/#12).
// They receive `config` (prediction defaults, names, labels, region/project) and the platform outputs below.

export const project = config.project;
export const region = config.region;
export const environment = config.environment;
export const nameSuffix = config.names.suffix;
export const labels = config.labels;
export const bucketName = platform.bucketName;
export const bucketUrl = platform.bucketUrl;
export const predictionOutputPrefix = config.bucket.predictionOutputPrefix;
export const serviceAccountEmail = platform.serviceAccountEmail;
export const vertexServiceAgentEmail = platform.vertexServiceAgentEmail;
export const predictionDefaults = config.prediction;
