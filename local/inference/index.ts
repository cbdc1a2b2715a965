export { createLocalEncoder, EMBEDDING_SIZE, DEFAULT_BATCH_SIZE, type LocalEncoder, type LocalEncoderOptions, type LocalEncoderInfo } from './encoder';
export { WASM_SLOWDOWN, type RuntimeBackend } from './runtime';
