/** Test helper: the fixture tfjs model and its SavedModel export in a temp dir, plus an ONNX cache dir. */
import * as path from 'node:path';
import { exportSavedModel } from '../../../model/savedmodel/export';
import { fixtureFolder } from '../../model/fixture-dir';

export interface ExportedFixture {
  fixture: string;
  savedModel: string;
  cacheDir: string;
  cleanup: () => Promise<void>;
}

export async function exportedFixture(): Promise<ExportedFixture> {
  const { root, fixture, cleanup } = await fixtureFolder();
  const savedModel = path.join(root, 'savedmodel');
  await exportSavedModel({ sourceDir: fixture, outDir: savedModel });
  return { fixture, savedModel, cacheDir: path.join(root, 'onnx-cache'), cleanup };
}
