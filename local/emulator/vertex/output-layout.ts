/** Where Vertex writes a batch job's files, shared by the emulator (outputInfo) and the executor (the files). */
import { folderTimestamp } from './time';

/** `{prefix}/prediction-{model display name}-{create time as 2026_01_01T09_52_51_390Z}` */
export function predictionOutputDir(outputUriPrefix: string, modelDisplayName: string, createTimeMs: number): string {
  return `${outputUriPrefix.replace(/\/+$/, '')}/prediction-${modelDisplayName}-${folderTimestamp(createTimeMs)}`;
}
