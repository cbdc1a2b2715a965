// Where the stack keeps its local model files, resolved from the project root (the compiled program runs from
// bin/, the tests from the sources): exports in .cache/model-export/<key>/ ($MODEL_EXPORT_DIR overrides, e.g. the
// CI cache), the fixture in .cache/model-fixture/, real downloads in model/source's own cache.
import * as path from 'node:path';
import type { PrepareOptions } from './artifact-export';
import { projectRootOf } from './vertex/serialized-provider';

export function defaultPrepareOptions(log: (line: string) => void): PrepareOptions {
  const root = projectRootOf(__filename);
  return {
    exportsDir: process.env.MODEL_EXPORT_DIR ? path.resolve(root, process.env.MODEL_EXPORT_DIR) : path.join(root, '.cache', 'model-export'),
    fixtureDir: path.join(root, '.cache', 'model-fixture'),
    log,
  };
}
